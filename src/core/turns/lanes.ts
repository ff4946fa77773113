/**
 * Lanes of one connection: `stream_id` multiplexing (protocol.md §3.3). Each lane is first-in
 * first-out, so the server event of a lane belongs to the oldest turn still open on it. Events of
 * the default lane carry no `stream_id`; events of a named lane echo it.
 */

import type { Turn } from '../model.ts';
import type { OpenTurn } from './turnEvents.ts';

export interface Lane {
  id: string | null;
  /** Open turns in send order; `head` skips the ones already ended (amortized O(1) shift). */
  queue: OpenTurn[];
  head: number;
  /** Time of the last terminal event on this lane: the start of the agent's time. */
  lastEndT?: number;
}

export class ConnLanes {
  private readonly byId = new Map<string | null, Lane>();
  /** Lanes in order of first use, default lane included (`null`). */
  readonly order: Array<string | null> = [];
  /** Turn of each frame, by seq: an array because seq counts from 1 without gaps. */
  readonly frameTurn: Array<Turn | undefined> = [];
  /** Turns started on this connection, for `${conn}#n` ids. */
  turnCount = 0;

  lane(id: string | null): Lane {
    let lane = this.byId.get(id);
    if (!lane) {
      lane = { id, queue: [], head: 0 };
      this.byId.set(id, lane);
      this.order.push(id);
    }
    return lane;
  }

  peek(id: string | null): OpenTurn | undefined {
    const lane = this.byId.get(id);
    return lane && lane.head < lane.queue.length ? lane.queue[lane.head] : undefined;
  }

  /** Removes the head turn of a lane after its terminal event. */
  shift(id: string | null, endT: number): void {
    const lane = this.byId.get(id);
    if (!lane || lane.head >= lane.queue.length) return;
    lane.queue[lane.head] = undefined as unknown as OpenTurn;
    lane.head++;
    lane.lastEndT = endT;
    if (lane.head === lane.queue.length) {
      lane.queue.length = 0;
      lane.head = 0;
    } else if (lane.head > 64 && lane.head * 2 > lane.queue.length) {
      lane.queue.splice(0, lane.head);
      lane.head = 0;
    }
  }

  /** Every open turn on every lane, oldest first per lane (for a cut). */
  drainAll(): OpenTurn[] {
    const out: OpenTurn[] = [];
    for (const id of this.order) {
      const lane = this.byId.get(id)!;
      for (let i = lane.head; i < lane.queue.length; i++) out.push(lane.queue[i]);
      lane.queue.length = 0;
      lane.head = 0;
    }
    return out;
  }

  /** The open turn whose `stream_id` matches a predicate (used for invalid_stream_id errors). */
  findOpen(pred: (lane: string | null) => boolean): OpenTurn | undefined {
    for (const id of this.order) {
      if (!pred(id)) continue;
      const open = this.peek(id);
      if (open) return open;
    }
    return undefined;
  }
}

/**
 * What the dashboard shows comes from one Source at a time: the relay's feed (live), a capture file,
 * or a replay of what was on screen. Each source writes through its SourceFeed into the one ingest
 * queue and the one store; the switch (sourceSwitch.ts) makes a source current and stops the one
 * before it.
 */

import type { CaptureRecord } from '../core/capture.ts';
import type { DashboardStore } from '../store/types.ts';

export interface Source {
  /**
   * Another source was opened: release the socket, the read or the timers. Called once; what the
   * source still pushes afterwards is dropped by its feed.
   */
  stop(): void;
  /** After each render of what the queue read (loading progress): characters of lines read, items pending. */
  published?(chars: number, pending: number): void;
  /** After each slice of the queue's work: characters of lines read (flow control upstream). */
  consumed?(chars: number): void;
}

/** A source's way into the queue and the store. Once the source is stopped, writes go nowhere. */
export interface SourceFeed {
  readonly store: DashboardStore;
  /**
   * Makes this source the one shown: the previous one is stopped and what it left in the queue is
   * dropped. False when this source was itself replaced before it could take over.
   */
  takeOver(): boolean;
  /** Aborted when this source is stopped, or replaced before it took over. */
  readonly signal: AbortSignal;
  /** True while this source is the one shown. */
  readonly current: boolean;
  /** `lastCut`: the last line had no newline (the input ended in the middle of it). */
  push(lines: string[], lastCut?: boolean): void;
  pushRecords(records: readonly CaptureRecord[]): void;
  /** While on, what is pushed is a backlog: read in bulk, shown a few times a second. */
  setBacklog(on: boolean): void;
  /** Drops what is pending: the input starts again from its first line. */
  restart(): void;
  /** Items pushed and not read yet. */
  readonly pending: number;
}

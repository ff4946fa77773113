/**
 * The turn model of an indexed capture: the CLI computed it over the whole capture and sent its
 * outputs (ModelSnapshot, src/core/indexWire.ts). Everything reads it as it reads the page's own
 * model (CaptureModel); a frame's turn comes from the row holding the frame. Turns arrive with their
 * output text cut to a preview; `wholeTurn` answers a turn whole once fetched (`wantTurn` asks for it).
 */

import type { ModelSnapshot } from './indexWire.ts';
import type { ConnectionInfo, Turn } from './model.ts';
import type { Timeline } from './timeline.ts';
import type { CaptureModel } from './turns.ts';

export interface RemoteModel extends CaptureModel {
  /** The model as the CLI computed it (it arrives once the index is done, or early from an index already built). */
  setSnapshot(snapshot: ModelSnapshot): void;
  /** Whether the model has arrived: it does not change after that. */
  readonly ready: boolean;
  /** Characters of a turn's output text in the capture, when the wire cut `outputText`. */
  outputChars(turn: Turn): number | undefined;
  /**
   * The turn with its whole output text: itself when the wire did not cut it, else the turn as
   * fetched, or undefined (and `wantTurn` is asked) until it arrives.
   */
  wholeTurn(turn: Turn): Turn | undefined;
  /** A turn as fetched whole from the CLI. */
  putTurn(turn: Turn): void;
  /**
   * Turns that ended while the index grows, in order, before the model arrives: `turns()` lists them
   * meanwhile (a turn that ended never changes), and the model replaces them.
   */
  addTurns(turns: readonly Turn[]): void;
}

export interface RemoteModelOptions {
  /** Turn `index` (1-based) is wanted whole and not held. */
  wantTurn?(index: number): void;
}

/** Whether a model is an indexed capture's (its turns may need fetching whole). */
export function isRemoteModel(model: CaptureModel): model is RemoteModel {
  return 'wholeTurn' in model;
}

/** Characters of a turn's output text in the capture, when the index's wire cut `outputText` (OUTPUT_TEXT_PREVIEW). */
export function cutOutputChars(turn: Turn): number | undefined {
  const n = (turn as Turn & { outputChars?: number }).outputChars;
  return n !== undefined && n > turn.outputText.length ? n : undefined;
}

const EMPTY: ModelSnapshot = { info: { ended: false, dropped: 0 }, connections: [], turns: [], lanes: {} };

export function createRemoteModel(timeline: Timeline, opts: RemoteModelOptions = {}): RemoteModel {
  let snap = EMPTY;
  // Whole turns fetched, by index: a user reads a few, so they are all kept.
  const whole = new Map<number, Turn>();
  let turnsById = new Map<string, Turn>();
  let connsById = new Map<string, ConnectionInfo>();
  let version = 0;
  let ready = false;
  // Turns shown before the model arrives (addTurns).
  const early: Turn[] = [];

  return {
    get ready() {
      return ready;
    },
    add() {
      // The CLI computed the model over the whole capture; there are no records to add here.
    },
    get version() {
      return version;
    },
    info: () => snap.info,
    connections: () => snap.connections,
    connection: (conn) => connsById.get(conn),
    turns: () => (ready ? snap.turns : early),
    turn: (id) => turnsById.get(id),
    turnOfFrame(conn, seq) {
      const row = timeline.rowOfFrame(conn, seq);
      const index = row === undefined ? null : timeline.rows[row].turn;
      if (index === null) return undefined;
      const turn = snap.turns[index - 1];
      return turn?.conn === conn ? turn : undefined;
    },
    lanesOf: (conn) => snap.lanes[conn] ?? [],
    setSnapshot(s) {
      snap = s;
      ready = true;
      early.length = 0;
      turnsById = new Map(s.turns.map((t) => [t.id, t]));
      connsById = new Map(s.connections.map((c) => [c.conn, c]));
      whole.clear();
      version++;
    },
    outputChars: cutOutputChars,
    wholeTurn(turn) {
      if (cutOutputChars(turn) === undefined) return turn;
      const held = whole.get(turn.index);
      if (held === undefined) opts.wantTurn?.(turn.index);
      return held;
    },
    putTurn(turn) {
      whole.set(turn.index, turn);
    },
    addTurns(turns) {
      if (ready || turns.length === 0) return;
      for (const t of turns) {
        early.push(t);
        turnsById.set(t.id, t);
      }
      version++;
    },
  };
}

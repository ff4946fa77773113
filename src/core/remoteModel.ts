/**
 * The turn model of an indexed capture: the CLI computed it over the whole capture and sent its
 * outputs (ModelSnapshot, src/core/indexWire.ts). Everything reads it as it reads the page's own
 * model (CaptureModel); a frame's turn comes from the row holding the frame.
 */

import type { ModelSnapshot } from './indexWire.ts';
import type { ConnectionInfo, Turn } from './model.ts';
import type { Timeline } from './timeline.ts';
import type { CaptureModel } from './turns.ts';

export interface RemoteModel extends CaptureModel {
  /** The model as the CLI computed it (it arrives once the index is done). */
  setSnapshot(snapshot: ModelSnapshot): void;
  /** Characters of a turn's output text in the capture, when the wire cut `outputText`. */
  outputChars(turn: Turn): number | undefined;
}

/** Characters of a turn's output text in the capture, when the index's wire cut `outputText` (OUTPUT_TEXT_WIRE_MAX). */
export function cutOutputChars(turn: Turn): number | undefined {
  const n = (turn as Turn & { outputChars?: number }).outputChars;
  return n !== undefined && n > turn.outputText.length ? n : undefined;
}

const EMPTY: ModelSnapshot = { info: { ended: false, dropped: 0 }, connections: [], turns: [], lanes: {} };

export function createRemoteModel(timeline: Timeline): RemoteModel {
  let snap = EMPTY;
  let turnsById = new Map<string, Turn>();
  let connsById = new Map<string, ConnectionInfo>();
  let version = 0;

  return {
    add() {
      // The CLI computed the model over the whole capture; there are no records to add here.
    },
    get version() {
      return version;
    },
    info: () => snap.info,
    connections: () => snap.connections,
    connection: (conn) => connsById.get(conn),
    turns: () => snap.turns,
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
      turnsById = new Map(s.turns.map((t) => [t.id, t]));
      connsById = new Map(s.connections.map((c) => [c.conn, c]));
      version++;
    },
    outputChars: cutOutputChars,
  };
}

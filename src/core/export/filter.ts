/**
 * Which part of a capture an export covers: everything, or the filtered view the user sees in the
 * dashboard. Empty or absent fields mean "all". Shared by the JSON and HAR builders.
 */

import type { CaptureRecord, Direction } from '../capture.ts';
import type { Turn } from '../model.ts';

export interface ExportFilter {
  /** Connection ids to keep. */
  conns?: readonly string[];
  /** Turns to keep, by their 1-based capture-wide index: an inclusive range or a list. */
  turns?: { from?: number; to?: number } | readonly number[];
  /** Event types to keep: a frame's payload `type` (e.g. `response.output_text.delta`) or a record kind (`conn.close`). */
  types?: readonly string[];
  /** Frame directions to keep; lifecycle records are kept whatever this says. */
  dirs?: readonly Direction[];
  /**
   * Any further test the caller wants (e.g. the dashboard's compiled text search). The export's turn
   * list then holds only the turns with a kept frame: a search that finds 31 events of a million
   * exports those turns, not the 41,666 of the capture.
   */
  keep?(rec: CaptureRecord): boolean;
  /** The text search `keep` applies, for the document's `filter` field (`search`, `regex`). */
  search?: { q: string; regex: boolean };
}

export interface CompiledExportFilter {
  /** True when nothing is filtered out. */
  readonly all: boolean;
  conn(conn: string): boolean;
  turn(index: number): boolean;
  /**
   * One record. `type` is a frame's payload type (undefined for binary or non-JSON payloads);
   * `turn` the turn the frame belongs to. With a turn filter, frames outside every turn are dropped
   * and lifecycle records of the kept connections stay, so the timings still read right.
   */
  record(rec: CaptureRecord, type: string | undefined, turn: Turn | undefined): boolean;
}

export function compileExportFilter(f: ExportFilter = {}): CompiledExportFilter {
  const conns = f.conns?.length ? new Set(f.conns) : null;
  const types = f.types?.length ? new Set(f.types) : null;
  const dirs = f.dirs?.length ? new Set(f.dirs) : null;
  let turn: (index: number) => boolean = () => true;
  const turnFiltered = f.turns !== undefined && (Array.isArray(f.turns) ? f.turns.length > 0 : true);
  if (turnFiltered) {
    if (Array.isArray(f.turns)) {
      const set = new Set(f.turns as readonly number[]);
      turn = (i) => set.has(i);
    } else {
      const { from = 1, to = Infinity } = f.turns as { from?: number; to?: number };
      turn = (i) => i >= from && i <= to;
    }
  }
  const keep = f.keep;
  return {
    all: !conns && !types && !dirs && !turnFiltered && !keep,
    conn: (c) => !conns || conns.has(c),
    turn,
    record(rec, type, t) {
      if (keep && !keep(rec)) return false;
      if (rec.kind === 'frame') {
        if (conns && !conns.has(rec.conn)) return false;
        if (dirs && !dirs.has(rec.dir)) return false;
        if (types && (type === undefined || !types.has(type))) return false;
        if (turnFiltered && (t === undefined || !turn(t.index))) return false;
        return true;
      }
      if ('conn' in rec && conns && !conns.has(rec.conn)) return false;
      if (types && !types.has(rec.kind)) return false;
      return true;
    },
  };
}

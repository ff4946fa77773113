/**
 * Timeline filters: multi-select on direction, connection, lane, turn and event type,
 * plus a text or regex search over payloads. An empty selection means "all". Search runs over
 * the raw payload text of frames (what was on the wire) and over the JSON of other records.
 */

import type { CaptureRecord } from './capture.ts';
import type { TimelineRow } from './timeline.ts';

/** `meta` stands for rows that are not frames (connection lifecycle, capture records). */
export type DirFilter = 'send' | 'receive' | 'meta';
/** The default lane has no stream_id; it is filtered as this value. */
export const DEFAULT_LANE = '(default)';

export interface TimelineFilter {
  dirs: DirFilter[];
  conns: string[];
  lanes: string[];
  turns: number[];
  types: string[];
  search: string;
  regex: boolean;
}

export const EMPTY_FILTER: TimelineFilter = { dirs: [], conns: [], lanes: [], turns: [], types: [], search: '', regex: false };

export type RecordMatcher = (rec: CaptureRecord) => boolean;

export interface CompiledFilter {
  row(row: TimelineRow): boolean;
  /** null when there is no search; otherwise tests one record's payload. */
  search: RecordMatcher | null;
  /**
   * Set with `search` when the matches are known by record index (an indexed capture: the CLI
   * searched records the page does not hold); the view then tests indices instead of records.
   */
  searchAt?: (recordIndex: number) => boolean;
  /** Set when the regex does not compile; the search then matches nothing. */
  error?: string;
}

export function isFilterActive(f: TimelineFilter): boolean {
  return f.dirs.length + f.conns.length + f.lanes.length + f.turns.length + f.types.length > 0 || f.search !== '';
}

/** Compiles a search: plain text is case-insensitive substring; regex is case-insensitive unless it has upper case. */
export function compileSearch(search: string, regex: boolean): { test: RecordMatcher | null; error?: string } {
  if (search === '') return { test: null };
  let textTest: (s: string) => boolean;
  if (regex) {
    let re: RegExp;
    try {
      re = new RegExp(search, /[A-Z]/.test(search) ? '' : 'i');
    } catch (err) {
      return { test: () => false, error: (err as Error).message };
    }
    textTest = (s) => re.test(s);
  } else {
    const needle = search.toLowerCase();
    // Payloads are mostly ASCII JSON: try the exact case first, then fold, to keep the scan cheap.
    textTest = (s) => s.includes(search) || s.toLowerCase().includes(needle);
  }
  return { test: (rec) => textTest(rec.kind === 'frame' ? rec.data : JSON.stringify(rec)) };
}

export function compileFilter(f: TimelineFilter): CompiledFilter {
  const dirs = f.dirs.length ? new Set(f.dirs) : null;
  const conns = f.conns.length ? new Set(f.conns) : null;
  const lanes = f.lanes.length ? new Set(f.lanes) : null;
  const turns = f.turns.length ? new Set(f.turns) : null;
  const types = f.types.length ? new Set(f.types) : null;
  const { test, error } = compileSearch(f.search, f.regex);
  return {
    search: test,
    error,
    row(r) {
      if (dirs && !dirs.has(r.dir ?? 'meta')) return false;
      if (conns && (r.conn === null || !conns.has(r.conn))) return false;
      if (lanes && !lanes.has(r.lane ?? DEFAULT_LANE)) return false;
      if (turns && (r.turn === null || !turns.has(r.turn))) return false;
      if (types && !types.has(r.type)) return false;
      return true;
    },
  };
}

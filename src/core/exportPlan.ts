/**
 * How the dashboard exports: the timeline filters mapped to the export filter, and whether
 * the server can stream the export (`GET /api/export`) or the browser must build it from the
 * records it holds. The server knows connections, turns, event types and frame directions; a text
 * search, a lane filter or the "meta" direction (lifecycle rows only) exist only in the browser, and
 * so does a capture that was dropped on the page or is being replayed. Pure.
 */

import { fileName } from './fileName.ts';
import type { CaptureRecord } from './capture.ts';
import type { ExportFilter } from './export/filter.ts';
import type { Timeline } from './timeline.ts';
import type { TimelineView } from './timelineView.ts';
import { isFilterActive, type TimelineFilter } from './filters.ts';

export type ExportFormat = 'json' | 'har';
export type ExportScope = 'filtered' | 'all';

/** The parts of the view's filter that the export builders understand. */
export function exportFilterOf(f: TimelineFilter): ExportFilter {
  const out: ExportFilter = {};
  if (f.conns.length) out.conns = f.conns;
  if (f.turns.length) out.turns = f.turns;
  if (f.types.length) out.types = f.types;
  const frameDirs = f.dirs.filter((d): d is 'send' | 'receive' => d !== 'meta');
  // Only when the filter names frame directions alone; with 'meta' the browser decides row by row.
  if (frameDirs.length && frameDirs.length === f.dirs.length) out.dirs = frameDirs;
  return out;
}

/** The filter needs the browser: it filters on something only the dashboard knows. */
export function needsBrowserFilter(f: TimelineFilter): boolean {
  return f.search !== '' || f.lanes.length > 0 || f.dirs.includes('meta') || !turnsContiguous(f.turns);
}

export interface ExportPlanInput {
  scope: ExportScope;
  filter: TimelineFilter;
  /** The dashboard shows the relay's own capture (live or `open FILE`), not a dropped file or a replay. */
  serverSource: boolean;
}

/** 'server' when /api/export can produce exactly what the user asked for. */
export function exportWhere(input: ExportPlanInput): 'server' | 'browser' {
  if (!input.serverSource) return 'browser';
  if (input.scope === 'filtered' && isFilterActive(input.filter) && needsBrowserFilter(input.filter)) return 'browser';
  return 'server';
}

/**
 * What of the filter a CLI export of an indexed capture leaves out, in words for the user (none:
 * the download holds what the view shows). The CLI applies connections, a span of turns, event
 * types, frame directions and the text search; lanes, the "meta" direction and a list of turns
 * with gaps exist only in the browser.
 */
export function indexExportMisses(f: TimelineFilter): string[] {
  const misses: string[] = [];
  if (f.lanes.length > 0) misses.push('the lane filter');
  if (f.dirs.includes('meta')) misses.push('the "meta" direction');
  if (!turnsContiguous(f.turns)) misses.push('the gaps in the turn list (its whole span is exported)');
  return misses;
}

/**
 * The /api/export query for a scope (a turn list is sent as its span: call it for contiguous lists
 * only). The search goes too (`q`, `regex=1`): the CLI applies it to an indexed capture, whose records
 * the page does not hold.
 */
export function apiExportUrl(format: ExportFormat, scope: ExportScope, f: TimelineFilter, file?: string): string {
  // Built by hand: src/core has no DOM (URLSearchParams).
  const q: [string, string][] = [['format', format]];
  if (file) q.push(['file', file]);
  if (scope === 'filtered') {
    const ef = exportFilterOf(f);
    if (ef.conns) q.push(['conns', ef.conns.join(',')]);
    if (ef.types) q.push(['types', ef.types.join(',')]);
    if (ef.dirs) q.push(['dirs', ef.dirs.join(',')]);
    if (Array.isArray(ef.turns)) {
      const turns = [...(ef.turns as number[])].sort((a, b) => a - b);
      if (turns.length) q.push(['turns', `${turns[0]}-${turns[turns.length - 1]}`]);
    }
    if (f.search !== '') {
      q.push(['q', f.search]);
      if (f.regex) q.push(['regex', '1']);
    }
  }
  return `/api/export?${q.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

/** The API takes a range of turns; a list with holes must be filtered in the browser. */
export function turnsContiguous(turns: readonly number[]): boolean {
  const s = [...new Set(turns)].sort((a, b) => a - b);
  return s.every((n, i) => i === 0 || n === s[i - 1] + 1);
}

/** `name.ndjson` → `name.timeline.json` / `name.har`; the view's part gets `.filtered`. */
export function exportFileName(source: string, format: ExportFormat, scope: ExportScope): string {
  const base = (fileName(source).replace(/\.(ndjson|har|jsonl?)$/i, '') || 'capture').replace(/[^A-Za-z0-9._-]/g, '_');
  const part = scope === 'filtered' ? '.filtered' : '';
  return format === 'json' ? `${base}${part}.timeline.json` : `${base}${part}.har`;
}

/**
 * The records behind the rows the view shows (every folded delta of a shown row, or only those
 * matching the search), for a filtered export built in the browser: the export then holds exactly
 * what the user sees, lanes and search included.
 */
export function visibleRecords(tl: Timeline, view: Pick<TimelineView, 'rows' | 'members'>, search: ((rec: CaptureRecord) => boolean) | null): Set<CaptureRecord> {
  const out = new Set<CaptureRecord>();
  for (let i = 0; i < view.rows.length; i++) {
    if (view.members[i] !== -1) continue;
    for (const ri of tl.rows[view.rows[i]].members) {
      const rec = tl.record(ri);
      if (!rec) continue;
      if (!search || search(rec)) out.add(rec);
    }
  }
  return out;
}

import { describe, expect, it } from 'vitest';
import { EMPTY_FILTER, type TimelineFilter } from './filters.ts';
import { apiExportUrl, exportFileName, exportFilterOf, exportWhere, indexExportMisses, needsBrowserFilter, visibleRecords } from './exportPlan.ts';

const f = (patch: Partial<TimelineFilter>): TimelineFilter => ({ ...EMPTY_FILTER, ...patch });

describe('export plan', () => {
  it('maps the view filter to the export filter', () => {
    expect(exportFilterOf(f({ conns: ['c1'], turns: [2, 3], types: ['error'], dirs: ['send'] }))).toEqual({ conns: ['c1'], turns: [2, 3], types: ['error'], dirs: ['send'] });
    expect(exportFilterOf(EMPTY_FILTER)).toEqual({});
    // With 'meta' the directions are left to the browser's row test.
    expect(exportFilterOf(f({ dirs: ['send', 'meta'] })).dirs).toBeUndefined();
  });

  it('sends a search, a lane, lifecycle-only rows or turns with holes to the browser', () => {
    expect(needsBrowserFilter(f({ search: 'weather' }))).toBe(true);
    expect(needsBrowserFilter(f({ lanes: ['a'] }))).toBe(true);
    expect(needsBrowserFilter(f({ dirs: ['meta'] }))).toBe(true);
    expect(needsBrowserFilter(f({ turns: [1, 3] }))).toBe(true);
    expect(needsBrowserFilter(f({ turns: [3, 2], conns: ['c1'], dirs: ['receive'] }))).toBe(false);
  });

  it('uses the server for the relay capture unless the filter needs the browser', () => {
    const search = f({ search: 'x' });
    expect(exportWhere({ scope: 'all', filter: search, serverSource: true })).toBe('server');
    expect(exportWhere({ scope: 'filtered', filter: search, serverSource: true })).toBe('browser');
    expect(exportWhere({ scope: 'filtered', filter: f({ conns: ['c1'] }), serverSource: true })).toBe('server');
    expect(exportWhere({ scope: 'all', filter: EMPTY_FILTER, serverSource: false })).toBe('browser');
  });

  it('builds the /api/export query the server parses', () => {
    const url = apiExportUrl('har', 'filtered', f({ conns: ['c1', 'c2'], turns: [4, 3, 5], types: ['error'], dirs: ['receive'] }));
    const q = new URL(url, 'http://127.0.0.1').searchParams;
    expect(q.get('format')).toBe('har');
    expect(q.get('conns')).toBe('c1,c2');
    expect(q.get('turns')).toBe('3-5');
    expect(q.get('types')).toBe('error');
    expect(q.get('dirs')).toBe('receive');
    expect(q.has('secrets')).toBe(false);
    expect(apiExportUrl('json', 'all', f({ conns: ['c1'] }))).toBe('/api/export?format=json');
    expect(q.has('q')).toBe(false);
  });

  it('sends the search for the CLI to apply to an indexed capture, and names what it cannot apply', () => {
    const q = new URL(apiExportUrl('json', 'filtered', f({ search: 'a&b=c', regex: true })), 'http://127.0.0.1').searchParams;
    expect(q.get('q')).toBe('a&b=c');
    expect(q.get('regex')).toBe('1');
    expect(new URL(apiExportUrl('json', 'filtered', f({ search: 'x' })), 'http://127.0.0.1').searchParams.has('regex')).toBe(false);
    expect(apiExportUrl('json', 'all', f({ search: 'x' }))).toBe('/api/export?format=json');
    expect(indexExportMisses(f({ search: 'x', conns: ['c1'], turns: [2, 3], types: ['error'], dirs: ['send'] }))).toEqual([]);
    expect(indexExportMisses(f({ lanes: ['review'], dirs: ['meta'], turns: [1, 3] }))).toEqual([
      'the lane filter',
      'the "meta" direction',
      'the gaps in the turn list (its whole span is exported)',
    ]);
  });

  it('names the download after the source', () => {
    expect(exportFileName('/tmp/run-1.ndjson', 'json', 'all')).toBe('run-1.timeline.json');
    expect(exportFileName('a b.har', 'har', 'filtered')).toBe('a_b.filtered.har');
    expect(exportFileName('', 'json', 'all')).toBe('capture.timeline.json');
  });
});

describe('visible records', () => {
  it('holds the records of the shown rows, narrowed by the search', async () => {
    const { createTimeline } = await import('./timeline.ts');
    const { createTimelineView } = await import('./timelineView.ts');
    const { compileFilter } = await import('./filters.ts');
    const tl = createTimeline();
    const frame = (seq: number, dir: 'send' | 'receive', data: string) => ({ kind: 'frame' as const, t: seq, conn: 'c1', seq, dir, binary: false, size: data.length, data });
    const recs = [
      { kind: 'conn.open' as const, t: 0, conn: 'c1', path: '/v1/responses', headers: {} },
      frame(1, 'send', '{"type":"response.create","input":"weather in Paris"}'),
      frame(2, 'receive', '{"type":"response.created"}'),
    ];
    for (const r of recs) tl.add(r);
    const filter = f({ dirs: ['send'] });
    const view = createTimelineView(tl, compileFilter(filter), new Set());
    expect([...visibleRecords(tl, view, null)]).toEqual([recs[1]]);
    const all = createTimelineView(tl, compileFilter(EMPTY_FILTER), new Set());
    const search = compileFilter(f({ search: 'created' })).search;
    expect([...visibleRecords(tl, all, search)]).toEqual([recs[2]]);
  });
});

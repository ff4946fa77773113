import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from './capture.ts';
import { EMPTY_FILTER, compileFilter } from './filters.ts';
import { rangeMatcher } from './indexSearch.ts';
import { OUTPUT_TEXT_PREVIEW } from './indexWire.ts';
import { createRemoteModel } from './remoteModel.ts';
import { createRemoteTimeline, SUMMARY_BLOCK } from './remoteTimeline.ts';
import { localIndex, searchRecords, snapshotOf, wireRowsOf } from './testing/indexWire.ts';
import { CaptureBuilder } from './testing/records.ts';
import { createTimelineView } from './timelineView.ts';
import { memberAt, memberCount } from './timeline.ts';

/** Two connections, two lanes, folded deltas, an error: what a capture's timeline has to show. */
function capture(): CaptureRecord[] {
  const c = new CaptureBuilder();
  c.open('c1').upstreamOpen('c1');
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: 'weather in Paris' });
  c.receive('c1', { type: 'response.created', response: { id: 'resp_1' } });
  for (const d of ['Sun', 'ny in ', 'Paris']) c.receive('c1', { type: 'response.output_text.delta', item_id: 'm1', delta: d });
  c.receive('c1', { type: 'response.completed', response: { id: 'resp_1', usage: { input_tokens: 5, output_tokens: 3 } } });
  c.open('c2').upstreamOpen('c2');
  c.send('c2', { type: 'response.create', stream_id: 'b', input: 'London' });
  c.receive('c2', { type: 'response.created', stream_id: 'b', response: { id: 'resp_2' } });
  for (const d of ['Rain', 'y']) c.receive('c2', { type: 'response.output_text.delta', stream_id: 'b', item_id: 'm2', delta: d });
  c.send('c1', { type: 'response.create', previous_response_id: 'resp_1', input: 'and tomorrow?' });
  c.receive('c1', { type: 'error', error: { code: 'previous_response_not_found', message: 'gone' } });
  c.close('c1', { code: 1011, reason: 'boom' });
  // A frame a fault made: the row says so.
  const injected = [...c.records].reverse().find((r) => r.kind === 'frame' && r.dir === 'receive');
  if (injected?.kind === 'frame') injected.injected = true;
  return c.records;
}

/**
 * The remote timeline fed the way the CLI sends it: batches whose last row comes again with the
 * next; then, unless `summaries` is false, every row's summary as the page fetches them.
 */
function remoteOf(records: CaptureRecord[], batch: number, summaries = true) {
  const local = localIndex(records);
  const rows = local.timeline.rows;
  const wanted: number[] = [];
  const wantedTurns: number[] = [];
  const wantedSummaries: number[] = [];
  const tl = createRemoteTimeline({ want: (i) => wanted.push(i), wantSummaries: (b) => wantedSummaries.push(b), cacheMax: 4 });
  const model = createRemoteModel(tl, { wantTurn: (n) => wantedTurns.push(n) });
  for (let from = 0; from < rows.length; from += batch) {
    const start = Math.max(0, from - 1); // the last row of the previous batch, resent (it may have folded more)
    const end = Math.min(rows.length, from + batch);
    tl.addRows(start, wireRowsOf(local.timeline, start, end), Math.min(records.length, rows[end - 1].members[0] + 1));
  }
  tl.addRows(rows.length - 1, wireRowsOf(local.timeline, rows.length - 1), records.length);
  model.setSnapshot(snapshotOf(local.model));
  if (summaries)
    tl.putSummaries(
      0,
      rows.map((r) => r.summary),
    );
  return { local, tl, model, wanted, wantedTurns, wantedSummaries };
}

// A row's fields as plain data: an index row's members are read through a getter, not copied by a spread.
const strip = (r: { foldKey?: unknown; deltaText?: unknown; members: number[] }) => {
  const { foldKey: _f, deltaText: _d, firstMember: _m, memberCount: _c, ...rest } = r as unknown as Record<string, unknown>;
  return { ...rest, members: r.members };
};

describe('createRemoteTimeline', () => {
  it('holds the same rows, filter lists and frame rows as the page-built timeline of the records', () => {
    const records = capture();
    for (const batch of [1, 3, 100]) {
      const { local, tl } = remoteOf(records, batch);
      expect(tl.records).toBeNull();
      expect(tl.recordCount).toBe(records.length);
      expect(tl.rows.map(strip)).toEqual(local.timeline.rows.map(strip));
      expect([tl.conns, tl.lanes, tl.types, tl.maxTurn, tl.startT]).toEqual([
        local.timeline.conns,
        local.timeline.lanes,
        local.timeline.types,
        local.timeline.maxTurn,
        local.timeline.startT,
      ]);
      for (const rec of records) if (rec.kind === 'frame') expect(tl.rowOfFrame(rec.conn, rec.seq)).toBe(local.timeline.rowOfFrame(rec.conn, rec.seq));
    }
  });

  it("counts and finds each row's members as the page-built rows list them, one array per row read", () => {
    const records = capture();
    const { local, tl } = remoteOf(records, 3);
    expect(tl.rows.some((r) => memberCount(r) > 1)).toBe(true);
    for (const row of tl.rows) {
      const mine = local.timeline.rows[row.index];
      expect(memberCount(row)).toBe(mine.members.length);
      expect(Array.from({ length: memberCount(row) }, (_, k) => memberAt(row, k))).toEqual(mine.members);
      // Read twice, the same array: a line drawn again is given equal props.
      expect(row.members).toBe(row.members);
    }
  });

  it('receives each row time exact, as differences and when a difference would not add back exactly', () => {
    for (const at of [(i: number) => 1_795_586_400_250.451 + i * 0.731, (i: number) => (i % 2 ? 1_795_586_400_250.451 + i : 0.1 + i / 1000)]) {
      const records = capture().map((r, i) => ({ ...r, t: at(i) }));
      const { local, tl } = remoteOf(records, 3);
      expect(tl.rows.map((r) => r.t)).toEqual(local.timeline.rows.map((r) => r.t));
    }
    const local = localIndex(capture().map((r, i) => ({ ...r, t: i % 2 ? 1_795_586_400_250.451 : 0.1 })));
    expect(wireRowsOf(local.timeline).tDelta).toBe(false);
    expect(wireRowsOf(localIndex(capture()).timeline).tDelta).toBe(true);
  });

  it('asks for a record it does not hold, answers it once fetched, and forgets the oldest past its cap', () => {
    const records = capture();
    const { tl, wanted } = remoteOf(records, 5);
    expect(tl.record(3)).toBeUndefined();
    expect(wanted).toEqual([3]);
    tl.putRecords(2, records.slice(2, 6));
    expect(tl.record(3)).toBe(records[3]);
    tl.putRecords(10, records.slice(10, 11)); // a fifth record: the cap is 4
    expect(tl.record(2)).toBeUndefined();
    expect(tl.record(10)).toBe(records[10]);
    expect(tl.record(records.length)).toBeUndefined();
    expect(wanted).toEqual([3, 2]); // past the end is not asked for
  });

  it('asks for the block of summaries of a row it draws, and answers them once they arrive', () => {
    // More than two blocks of rows: a send, a reply and a close per connection.
    const c = new CaptureBuilder();
    for (let i = 0; i < 300; i++) {
      c.open(`c${i}`).upstreamOpen(`c${i}`);
      c.send(`c${i}`, { type: 'response.create', model: 'gpt-5.5', input: `question ${i}` });
    }
    const records = c.records;
    const { local, tl, wantedSummaries } = remoteOf(records, 100, false);
    const summaries = local.timeline.rows.map((r) => r.summary);
    expect(tl.rows.length).toBeGreaterThan(2 * SUMMARY_BLOCK);
    expect(new Set(summaries).size).toBeGreaterThan(300);
    // Nothing is asked for until a row is drawn; a row waiting for its summary shows none.
    expect(wantedSummaries).toEqual([]);
    expect(tl.summaryOf(SUMMARY_BLOCK + 5)).toBe('');
    expect(tl.summaryOf(3)).toBe('');
    expect(wantedSummaries).toEqual([1, 0]);
    tl.putSummaries(SUMMARY_BLOCK, summaries.slice(SUMMARY_BLOCK, 2 * SUMMARY_BLOCK));
    expect(tl.summaryOf(SUMMARY_BLOCK + 5)).toBe(summaries[SUMMARY_BLOCK + 5]);
    expect(tl.rows[SUMMARY_BLOCK + 5].summary).toBe(summaries[SUMMARY_BLOCK + 5]);
    expect(wantedSummaries).toEqual([1, 0]);
    // An empty summary that arrived is known: not asked for again.
    tl.putSummaries(0, ['', ...summaries.slice(1, SUMMARY_BLOCK)]);
    expect(tl.summaryOf(0)).toBe('');
    expect(tl.summaryOf(2 * SUMMARY_BLOCK)).toBe('');
    expect(wantedSummaries).toEqual([1, 0, 2]);
    // A row sent again (the last one may fold more deltas) is asked for again.
    const last = local.timeline.rows.length - 1;
    tl.putSummaries(last, [summaries[last]]);
    tl.addRows(last, wireRowsOf(local.timeline, last), records.length);
    expect(tl.summaryOf(last)).toBe('');
    expect(wantedSummaries.at(-1)).toBe(Math.floor(last / SUMMARY_BLOCK));
    // Summaries past the rows held are dropped.
    tl.putSummaries(last, ['x', 'past the end']);
    expect(tl.rows.length).toBe(last + 1);
    expect(tl.summaryOf(last)).toBe('x');
  });

  it('filters and searches like the page-built view when the matches come by record index', () => {
    const records = capture();
    const { local, tl } = remoteOf(records, 2);
    for (const [search, regex] of [
      ['paris', false],
      ['Rain|tomorrow', true],
      ['nothing like this', false],
    ] as const) {
      const mine = createTimelineView(local.timeline, compileFilter({ ...EMPTY_FILTER, search, regex }), new Set([3]));
      const found = searchRecords(records, search, regex);
      const filter = { ...compileFilter({ ...EMPTY_FILTER, search, regex }), searchAt: rangeMatcher(found.ranges) };
      const theirs = createTimelineView(tl, filter, new Set([3]));
      expect([theirs.rows, theirs.members, theirs.matches]).toEqual([mine.rows, mine.members, mine.matches]);
      expect(theirs.matches).toBe(found.matches);
    }
    const byConn = compileFilter({ ...EMPTY_FILTER, conns: ['c2'] });
    expect(createTimelineView(tl, byConn, new Set()).rows).toEqual(createTimelineView(local.timeline, byConn, new Set()).rows);
  });
});

describe('createRemoteModel', () => {
  it('answers turns, connections, lanes and the turn of each frame as the page-built model does', () => {
    const records = capture();
    const { local, model } = remoteOf(records, 4);
    expect(model.turns()).toEqual(JSON.parse(JSON.stringify(local.model.turns())));
    expect(model.turns().length).toBe(3);
    expect(model.connections().map((c) => c.conn)).toEqual(['c1', 'c2']);
    expect(model.connection('c2')?.conn).toBe('c2');
    expect(model.lanesOf('c2')).toEqual(local.model.lanesOf('c2'));
    expect(model.info()).toEqual(JSON.parse(JSON.stringify(local.model.info())));
    for (const t of local.model.turns()) expect(model.turn(t.id)?.index).toBe(t.index);
    for (const rec of records) {
      if (rec.kind === 'frame') expect(model.turnOfFrame(rec.conn, rec.seq)?.id).toBe(local.model.turnOfFrame(rec.conn, rec.seq)?.id);
    }
  });

  it('says when the wire cut a turn output text, and answers the turn whole once fetched', () => {
    const { model, wantedTurns } = remoteOf(capture(), 100);
    const [first] = model.turns();
    expect(model.outputChars(first)).toBeUndefined();
    // Not cut: the turn is whole as it came, nothing is fetched.
    expect(model.wholeTurn(first)).toBe(first);
    const long = 'Sunny '.repeat(1500);
    model.setSnapshot({ ...snapshotOf(localIndex(capture()).model), turns: [{ ...first, outputText: long.slice(0, OUTPUT_TEXT_PREVIEW), outputChars: long.length }] });
    const cut = model.turns()[0];
    expect(model.outputChars(cut)).toBe(long.length);
    expect(model.wholeTurn(cut)).toBeUndefined();
    expect(wantedTurns).toEqual([1]);
    model.putTurn({ ...first, outputText: long });
    expect(model.wholeTurn(cut)?.outputText).toBe(long);
    expect(wantedTurns).toEqual([1]);
  });
});

describe('rangeMatcher', () => {
  it('tests an index against sorted [start, end) ranges', () => {
    const m = rangeMatcher([2, 4, 7, 8]);
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].filter(m)).toEqual([2, 3, 7]);
    expect(rangeMatcher([])(0)).toBe(false);
  });
});

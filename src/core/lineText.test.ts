import { describe, expect, it } from 'vitest';
import { deltaText, foldedText, lineSummary, SUMMARY_CHARS } from './lineText.ts';
import { createRemoteTimeline } from './remoteTimeline.ts';
import { localIndex, wireRowsOf } from './testing/indexWire.ts';
import { CaptureBuilder } from './testing/records.ts';

describe('lineSummary', () => {
  it('clips to one line, makes bidi controls visible and titles a long summary', () => {
    const long = `\u202Eevil ${'x'.repeat(3000)}`;
    const s = lineSummary({}, long);
    expect(s.shown.startsWith('\\u202E')).toBe(true);
    expect(s.shown.length).toBeLessThanOrEqual(SUMMARY_CHARS + 5);
    expect(s.title?.length).toBeLessThanOrEqual(2005);
    expect(lineSummary({}, 'short').title).toBe('short');
    expect(lineSummary({}, '').title).toBeUndefined();
  });

  it('is built once per row, and again when a live row gets a new summary', () => {
    const row = {};
    const first = lineSummary(row, 'hello');
    expect(lineSummary(row, 'hello')).toBe(first);
    const grown = lineSummary(row, 'hello world');
    expect(grown.shown).toBe('hello world');
    expect(lineSummary(row, 'hello world')).toBe(grown);
  });
});

describe('deltaText', () => {
  it("shows a member's delta, or its payload when it has none or is not JSON", () => {
    expect(deltaText({ data: '{"type":"response.output_text.delta","delta":"Hi"}' })).toBe('Hi');
    expect(deltaText({ data: '{"type":"x"}' })).toBe('{"type":"x"}');
    expect(deltaText({ data: 'not json' })).toBe('not json');
  });

  it('parses each record once', () => {
    const rec = { data: '{"delta":"a"}' };
    expect(deltaText(rec)).toBe('a');
    // A record is immutable once captured; the cached text stands for it.
    (rec as { data: string }).data = '{"delta":"b"}';
    expect(deltaText(rec)).toBe('a');
  });
});

describe('foldedText', () => {
  it("assembles a folded row's deltas from its records when the row came without its text", () => {
    const c = new CaptureBuilder();
    c.open('c1');
    for (const d of ['Sun', 'ny ', 'Paris']) c.receive('c1', { type: 'response.output_text.delta', item_id: 'm1', delta: d });
    const local = localIndex(c.records);
    const wanted: number[] = [];
    const remote = createRemoteTimeline({ want: (i) => wanted.push(i) });
    remote.addRows(0, wireRowsOf(local.timeline), c.records.length);
    const folded = remote.rows[2];
    expect(foldedText(local.timeline, local.timeline.rows[2])).toBe('Sunny Paris');
    expect(foldedText(remote, folded)).toBeUndefined();
    expect(wanted).toEqual([2, 3, 4]);
    remote.putRecords(2, c.records.slice(2));
    expect(foldedText(remote, folded)).toBe('Sunny Paris');
  });
});

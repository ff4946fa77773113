import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../core/capture.ts';
import { truncatedLastLine } from '../core/captureReader.ts';
import { createIngestQueue, type IngestProblem, type IngestSink } from './ingestQueue.ts';
import { installPageClock } from './testing/pageClock.ts';

installPageClock();

const START = JSON.stringify({ kind: 'capture.start', t: 1, format: 'responses-inspector.capture', version: 1, upstream: 'wss://x', tool: { name: 't', version: '1' } });
const frame = (i: number) => JSON.stringify({ kind: 'frame', t: 1 + i, conn: 'c1', seq: i, dir: 'receive', binary: false, size: 2, data: `{"i":${i}}` });

function sink() {
  const added: CaptureRecord[] = [];
  let shown = 0;
  const s = {
    added,
    publishes: 0,
    chars: 0,
    get shown() {
      return shown;
    },
    add: (records: CaptureRecord[]) => void added.push(...records),
    publish: () => {
      s.publishes++;
      shown = added.length;
    },
    progress: (chars: number) => void (s.chars = chars),
  } satisfies IngestSink & Record<string, unknown>;
  return s;
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

describe('ingest queue', () => {
  it('shows live lines in order and reports a bad line without losing the others', async () => {
    const out = sink();
    const problems: IngestProblem[] = [];
    const q = createIngestQueue(out, (p) => problems.push(p));
    q.push([START, frame(1), 'not json', frame(2)]);
    await until(() => out.shown === 3);
    expect(out.added.map((r) => r.kind === 'frame' && r.seq)).toEqual([false, 1, 2]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'skipped', message: expect.stringMatching(/^line 3: .*line skipped/) });
  });

  it('words a cut last line (the input ended without its newline) as the file and index readers do', async () => {
    const out = sink();
    const problems: IngestProblem[] = [];
    const q = createIngestQueue(out, (p) => problems.push(p));
    const cut = frame(3).slice(0, 30);
    q.push([START, frame(1), frame(2), cut], true);
    await until(() => out.shown === 3 && problems.length === 1);
    expect(problems).toEqual([{ kind: 'skipped', line: 4, message: truncatedLastLine(4) }]);
    // The same line with its newline is a corrupt line, not a cut one.
    const problems2: IngestProblem[] = [];
    const q2 = createIngestQueue(sink(), (p) => problems2.push(p));
    q2.push([START, cut]);
    await until(() => problems2.length === 1);
    expect(problems2[0].message).toMatch(/^line 2: not valid JSON/);
  });

  it('checks lines as a file is checked: a frame without its fields is skipped, not shown', async () => {
    const out = sink();
    const problems: IngestProblem[] = [];
    const q = createIngestQueue(out, (p) => problems.push(p));
    const noConn = JSON.stringify({ kind: 'frame', t: 5, seq: 1, dir: 'send', binary: false, size: 2, data: '{}' });
    q.push([START, noConn, frame(2)]);
    await until(() => out.shown === 2);
    expect(out.added.map((r) => r.kind)).toEqual(['capture.start', 'frame']);
    expect(problems.map((p) => p.kind)).toEqual(['skipped']);
    expect(problems[0].message).toMatch(/line 2: a frame needs a string "conn"/);
  });

  it('refuses a feed whose first line is not a capture header, once, until cleared', async () => {
    const out = sink();
    const problems: IngestProblem[] = [];
    const q = createIngestQueue(out, (p) => problems.push(p));
    const future = JSON.stringify({ kind: 'capture.start', t: 1, format: 'responses-inspector.capture', version: 99, upstream: 'wss://x', tool: { name: 't', version: '1' } });
    q.push([future, frame(1), frame(2)]);
    await until(() => q.pending === 0);
    expect(out.added).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'refused', message: expect.stringMatching(/version/) });
    q.clear();
    q.push([START, frame(3)]);
    await until(() => out.shown === 2);
    expect(problems).toHaveLength(1);
  });

  it('takes records from a source that reads its own input, in order with lines', async () => {
    const out = sink();
    const q = createIngestQueue(out, () => undefined);
    q.push([START]);
    q.pushRecords([JSON.parse(frame(4))]);
    q.push([frame(5)]);
    await until(() => out.shown === 3);
    expect(out.added.map((r) => r.kind === 'frame' && r.seq)).toEqual([false, 4, 5]);
  });

  it('reads a backlog in bulk with few renders, shows all of it once the feed is synced, and counts its bytes', async () => {
    const out = sink();
    const q = createIngestQueue(out, () => undefined);
    q.setBacklog(true);
    const lines = [START, ...Array.from({ length: 60_000 }, (_, i) => frame(i + 1))];
    const started = performance.now();
    // The backlog arrives in chunks, like the feed's 1 MiB messages.
    for (let i = 0; i < lines.length; i += 3000) q.push(lines.slice(i, i + 3000));
    await until(() => q.pending === 0 && out.added.length === lines.length);
    const elapsed = performance.now() - started;
    q.setBacklog(false);
    await until(() => out.shown === lines.length);
    expect(out.chars).toBe(lines.reduce((n, l) => n + l.length + 1, 0));
    // At most one render per 200 ms while loading (per animation frame would be one per 16 ms).
    expect(out.publishes).toBeLessThanOrEqual(Math.ceil(elapsed / 200) + 2);
  });

  it('forgets pending lines on clear (the feed reconnected and resends from the start)', async () => {
    const out = sink();
    const q = createIngestQueue(out, () => undefined);
    q.push([START, frame(1)]);
    q.clear();
    expect(q.pending).toBe(0);
    q.push([START, frame(7)]);
    await until(() => out.shown === 2);
    expect(out.added.map((r) => r.kind === 'frame' && r.seq)).toEqual([false, 7]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../core/capture.ts';
import { createIngestQueue, type IngestSink } from './ingestQueue.ts';

// The queue runs in the page; here the page's clock hooks are given by Node's timers.
const g = globalThis as unknown as Record<string, unknown>;
const saved = { document: g.document, requestAnimationFrame: g.requestAnimationFrame };
beforeAll(() => {
  g.document = { hidden: false };
  g.requestAnimationFrame = (cb: (t: number) => void) => setTimeout(() => cb(performance.now()), 16);
});
afterAll(() => {
  g.document = saved.document;
  g.requestAnimationFrame = saved.requestAnimationFrame;
});

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
    const errors: string[] = [];
    const q = createIngestQueue(out, (m) => errors.push(m));
    q.push([START, frame(1), 'not json', frame(2)]);
    await until(() => out.shown === 3);
    expect(out.added.map((r) => r.kind === 'frame' && r.seq)).toEqual([false, 1, 2]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/line 3/);
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
    q.push([frame(7)]);
    await until(() => out.shown === 1);
    expect(out.added.map((r) => r.kind === 'frame' && r.seq)).toEqual([7]);
  });
});

import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/core/capture.ts';
import { buildHar, type HarOptions } from '../../src/core/export/har.ts';
import { CaptureBuilder, textTurnEvents } from '../../src/core/testing/records.ts';
import { writeHarStream } from './harWriter.ts';
import { TextSink } from './textSink.ts';

/** Interleaved connections, a sequential reconnect, one never used, one refused. */
function capture(): CaptureRecord[] {
  const c = new CaptureBuilder();
  c.open('idle');
  c.open('c1').upstreamOpen('c1');
  c.open('c2').upstreamOpen('c2');
  for (let i = 0; i < 30; i++) {
    c.send('c1', { type: 'response.create', model: 'm', input: [] });
    c.send('c2', { type: 'response.create', model: 'm', stream_id: 'x', input: [] });
    for (const ev of textTurnEvents(`r1_${i}`, `one ${i} ✓`)) c.receive('c1', ev);
    for (const ev of textTurnEvents(`r2_${i}`, `two ${i}`, { stream_id: 'x' })) c.receive('c2', ev);
  }
  c.close('c1', { side: 'upstream', code: 1000 });
  c.open('c3').upstreamOpen('c3');
  c.send('c3', { type: 'response.create', model: 'm', input: [] });
  c.close('c2', { side: 'client', code: 1001, reason: 'bye' });
  c.open('refused').error('refused', { status: 401, message: 'no key' });
  c.send('c3', { type: 'response.create', model: 'm', input: [] });
  c.close('c3');
  return c.records;
}

async function streamed(records: CaptureRecord[], opts: HarOptions, spoolAt: number): Promise<string> {
  const chunks: Buffer[] = [];
  const out = new Writable({ write: (chunk: Buffer, _e, done) => (chunks.push(chunk), done()) });
  const sink = new TextSink(out, 256);
  await writeHarStream(async (each) => records.forEach((r) => each(r)), sink, opts, spoolAt);
  await sink.close();
  return Buffer.concat(chunks).toString('utf8');
}

describe('writeHarStream', () => {
  for (const spoolAt of [1, 500, 1 << 30]) {
    it(`writes exactly what the in-memory builder writes (spool threshold ${spoolAt} B)`, async () => {
      const records = capture();
      for (const opts of [{}, { filter: { conns: ['c2', 'c3'] } }, { filter: { turns: { from: 5, to: 40 } } }]) {
        const text = await streamed(records, opts, spoolAt);
        expect(text).toBe(buildHar(records, opts));
        JSON.parse(text);
      }
    });
  }

  it('writes many short overlapping connections, as they open, exactly as the in-memory builder does', async () => {
    // 600 connections, 6 open at a time, each with a turn: the shape of an agent's parallel calls.
    const c = new CaptureBuilder();
    const open: string[] = [];
    for (let i = 1; i <= 600 || open.length; i++) {
      if (i <= 600) {
        const id = `c${i}`;
        c.open(id).upstreamOpen(id);
        c.send(id, { type: 'response.create', model: 'm', input: [] });
        open.push(id);
      }
      if (open.length >= 6 || i > 600) {
        const id = open.shift()!;
        for (const ev of textTurnEvents(`r_${id}`, `answer ${id}`)) c.receive(id, ev);
        c.close(id, { side: 'client', code: 1000 });
      }
    }
    for (const opts of [{}, { filter: { turns: { from: 100, to: 300 } } }]) {
      const text = await streamed(c.records, opts, 4096);
      expect(text).toBe(buildHar(c.records, opts));
    }
    const har = JSON.parse(await streamed(c.records, {}, 1 << 30)) as { log: { entries: { _responsesInspector: { conn: string } }[] } };
    expect(har.log.entries.map((e) => e._responsesInspector.conn)).toEqual(Array.from({ length: 600 }, (_, i) => `c${i + 1}`));
  });
});

describe('writeHarStream with a TMPDIR it cannot write to', () => {
  /** Runs `fn` with os.tmpdir() pointing where nothing can be created, even as root (ENOTDIR). */
  async function withUnwritableTmp<T>(fn: () => Promise<T>): Promise<T> {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = '/dev/null/tmp';
    try {
      return await fn();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }

  it('exports a capture whose connections never overlap without a temporary file', async () => {
    const c = new CaptureBuilder();
    for (const conn of ['c1', 'c2']) {
      c.open(conn).upstreamOpen(conn);
      c.send(conn, { type: 'response.create', model: 'm', input: [] });
      for (const ev of textTurnEvents(`r_${conn}`, 'hi')) c.receive(conn, ev);
      c.close(conn);
    }
    const text = await withUnwritableTmp(() => streamed(c.records, {}, 8 << 20));
    expect(text).toBe(buildHar(c.records, {}));
  });

  it('says in one message what it needs when overlapping connections must be spooled', async () => {
    await expect(withUnwritableTmp(() => streamed(capture(), {}, 1))).rejects.toThrow(/needs a temporary file .*set TMPDIR to a writable folder/);
  });
});

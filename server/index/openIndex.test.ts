import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/core/capture.ts';
import type { IndexMessage } from '../../src/core/indexWire.ts';
import { decodeRows, streamModel } from '../../src/core/testing/indexWire.ts';
import { CaptureBuilder, textTurnEvents } from '../../src/core/testing/records.ts';
import { ROOT } from '../paths.ts';
import { DEFAULT_INDEX_MIN_BYTES } from '../relayDefaults.ts';
import { BIN, runCli } from '../testing/runCli.ts';
import { until } from '../testing/until.ts';

/** `open FILE` through the real CLI: the hello tells the page when to use the index, and a capture is indexed at launch. */

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

interface Opened {
  get(route: string): Promise<Response>;
  stdout(): string;
  stderr(): string;
}

async function open(file: string, env: Record<string, string>): Promise<Opened> {
  const child = spawn(process.execPath, [BIN, 'open', file, '--port', '0', '--no-open'], { cwd: ROOT, env: { ...process.env, CI: '1', ...env } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c));
  child.stderr!.on('data', (c: Buffer) => (err += c));
  await until(() => /^dashboard: \S+$/m.test(out));
  const url = new URL(/^dashboard: (\S+)$/m.exec(out)![1]);
  const token = /token=([0-9a-f]+)/.exec(url.hash)![1];
  return { get: (p) => fetch(url.origin + p, { headers: { 'x-inspector-token': token } }), stdout: () => out, stderr: () => err };
}

function capture(): CaptureRecord[] {
  const b = new CaptureBuilder();
  b.open('c1').upstreamOpen('c1');
  for (let i = 0; i < 3; i++) {
    b.send('c1', { type: 'response.create', model: 'gpt-5.5', input: [] });
    for (const ev of textTurnEvents(`resp_${i}`, `answer ${i}`)) b.receive('c1', ev);
  }
  return b.records;
}

/** The capture as its file holds it. */
function captureText(): string {
  return capture()
    .map((r) => `${JSON.stringify(r)}\n`)
    .join('');
}

/** The capture in a folder of its own, with a cut record as its line 5. */
function badCaptureFile(): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-open-index-'));
  const file = path.join(dir, 'bad.ndjson');
  const lines = capture().map((r) => JSON.stringify(r));
  lines.splice(4, 0, '{"kind":"frame","t":');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { dir, file };
}

async function indexOf(o: Opened, query = ''): Promise<IndexMessage[]> {
  const res = await o.get(`/api/index${query}`);
  expect(res.status).toBe(200);
  return (await res.text())
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as IndexMessage);
}

/** What an index stream says, whatever messages its rows came in: the rows, and the rest of `done`. */
function said(messages: IndexMessage[]) {
  const rows = messages.flatMap((m) => (m.type === 'rows' || m.type === 'done' ? decodeRows(m.rows) : []));
  const done = messages.at(-1);
  if (done?.type !== 'done') throw new Error(`the stream ended with ${JSON.stringify(done)}`);
  const { rows: _rows, from: _from, ...rest } = done;
  return { rows, rest: { ...rest, model: streamModel(messages) } };
}

describe('open FILE and the index', () => {
  it('says from which size the page should use the index: 16 MiB by default, the env override otherwise', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-open-index-'));
    const file = path.join(dir, 'small.ndjson');
    writeFileSync(file, captureText());
    const plain = await open(file, {});
    expect(((await (await plain.get('/api/info')).json()) as { indexMinBytes: number }).indexMinBytes).toBe(DEFAULT_INDEX_MIN_BYTES);
    expect(DEFAULT_INDEX_MIN_BYTES).toBe(16 * 1024 * 1024);
    const zero = await open(file, { RESPONSES_INSPECTOR_INDEX_MIN_BYTES: '0' });
    expect(((await (await zero.get('/api/info')).json()) as { indexMinBytes: number }).indexMinBytes).toBe(0);
    const messages = await indexOf(zero);
    expect(messages.at(-1)).toMatchObject({ type: 'done', records: capture().length });
  });

  it('indexes the capture at launch, before any browser asks, and reports its skipped lines', async () => {
    const { file } = badCaptureFile();
    const o = await open(file, { RESPONSES_INSPECTOR_INDEX_MIN_BYTES: '0' });
    // Only the launch's index reads line 5: nothing has asked for anything yet.
    await until(() => /line 5: not valid JSON/.test(o.stderr()));
    const messages = await indexOf(o);
    expect(messages.at(-1)).toMatchObject({ type: 'done', warnings: ['line 5: not valid JSON (Unexpected end of JSON input); line skipped'] });
  });

  it('keeps the index for the next open of the same capture, in RESPONSES_INSPECTOR_CACHE, and reports the same skipped lines from it', async () => {
    const { dir, file } = badCaptureFile();
    const store = path.join(dir, 'indexes');
    const env = { RESPONSES_INSPECTOR_INDEX_MIN_BYTES: '0', RESPONSES_INSPECTOR_CACHE: store };
    const first = await open(file, env);
    const built = await indexOf(first);
    await until(() => /^index: /m.test(first.stdout()));
    expect(first.stdout()).toMatch(new RegExp(`^index: ${capture().length} records indexed in \\d+\\.\\d s$`, 'm'));
    // Saved once no page has read it for a few seconds.
    await until(() => existsSync(store) && readdirSync(store).some((f) => f.endsWith('.index')), 15_000);
    const [saved] = readdirSync(store);
    expect(statSync(path.join(store, saved)).mode & 0o777).toBe(0o600);
    const second = await open(file, env);
    await until(() => /line 5: not valid JSON/.test(second.stderr()));
    // It says where the index came from.
    expect(second.stdout()).toMatch(new RegExp(`^index: ${capture().length} records read back from the saved index in \\d+\\.\\d s$`, 'm'));
    // The same rows and model (how the rows are cut into messages depends on when they were asked).
    expect(said(await indexOf(second))).toEqual(said(built));
    expect(readdirSync(store)).toEqual([saved]);
    // Off: nothing is kept.
    const offDir = path.join(dir, 'off');
    await indexOf(await open(file, { RESPONSES_INSPECTOR_INDEX_MIN_BYTES: '0', RESPONSES_INSPECTOR_CACHE: 'off', XDG_CACHE_HOME: offDir }));
    expect(existsSync(offDir)).toBe(false);
  });

  it('index FILE saves the index ahead of the dashboard, once; refuses what is not a capture', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-index-cmd-'));
    const file = path.join(dir, 'capture.ndjson');
    writeFileSync(file, captureText());
    const store = path.join(dir, 'indexes');
    const env = { RESPONSES_INSPECTOR_CACHE: store, RESPONSES_INSPECTOR_INDEX_MIN_BYTES: '0' };
    const n = capture().length;
    const first = await runCli(['index', file], { env });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^index: ${n} records indexed in \\d+\\.\\d s, saved in ${store}\n$`));
    const again = await runCli(['index', file], { env });
    expect(again.stdout).toBe(`index: ${n} records, already saved in ${store}\n`);
    const o = await open(file, env);
    await until(() => /^index: /m.test(o.stdout()));
    expect(o.stdout()).toMatch(/read back from the saved index/);

    const har = await runCli(['export', file, '--format', 'har', '-o', path.join(dir, 'c.har')]);
    expect(har.status).toBe(0);
    for (const [args, message] of [
      [['index', path.join(dir, 'c.har')], /is not a capture \(\.ndjson\)/],
      [['index', path.join(dir, 'missing.ndjson')], /cannot read/],
      [['index'], /index takes one capture file/],
    ] as const) {
      const r = await runCli([...args], { env });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const off = await runCli(['index', file], { env: { RESPONSES_INSPECTOR_CACHE: 'off' } });
    expect(off.status).toBe(2);
    expect(off.stderr).toMatch(/RESPONSES_INSPECTOR_CACHE is off/);
  });

  it('the relay, stopped with a capture the dashboard would index, indexes it in the background for the next open', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-index-later-'));
    const store = path.join(dir, 'indexes');
    const env = { RESPONSES_INSPECTOR_CACHE: store, RESPONSES_INSPECTOR_INDEX_MIN_BYTES: '0' };
    const relay = spawn(process.execPath, [BIN, 'start', '--port', '0', '--no-open', '--captures', path.join(dir, 'captures')], {
      cwd: dir,
      env: { ...process.env, CI: '1', ...env },
    });
    children.push(relay);
    let out = '';
    relay.stdout!.on('data', (c: Buffer) => (out += c));
    await until(() => /^capture: \S+$/m.test(out));
    const file = /^capture: (\S+)$/m.exec(out)![1];
    const exited = new Promise((resolve) => relay.once('exit', resolve));
    relay.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(out).toMatch(new RegExp(`^index: the capture is being indexed in the background for the next open \\(${store}\\)$`, 'm'));
    await until(() => existsSync(store) && readdirSync(store).some((f) => f.endsWith('.index')), 15_000);
    const o = await open(file, env);
    await until(() => /^index: /m.test(o.stdout()));
    expect(o.stdout()).toMatch(/^index: \d+ records read back from the saved index in/m);
  });

  it('indexes a HAR as the capture lines it was converted to, and refuses to index a HAR by name', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-open-index-har-'));
    const src = path.join(dir, 'src.ndjson');
    writeFileSync(src, captureText());
    const har = await runCli(['export', src, '--format', 'har', '-o', path.join(dir, 'conv.har')]);
    expect(har.status, har.stderr).toBe(0);
    const o = await open(path.join(dir, 'conv.har'), { RESPONSES_INSPECTOR_INDEX_MIN_BYTES: '0' });
    const messages = await indexOf(o);
    const done = messages.at(-1)!;
    expect(done.type).toBe('done');
    if (done.type !== 'done') return;
    expect(streamModel(messages).turns.map((t) => t.status)).toEqual(['completed', 'completed', 'completed']);
    const byName = await o.get('/api/index?file=conv.har');
    expect(byName.status).toBe(400);
    expect(await byName.json()).toMatchObject({ code: 'NOT_INDEXABLE' });
  });
});

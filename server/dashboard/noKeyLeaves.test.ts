import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../../src/core/capture.ts';
import { KEY_SHAPES } from '../../src/core/testing/keyShapes.ts';
import { BIN, runCli } from '../testing/runCli.ts';
import { ROOT } from '../paths.ts';
import { startRelay } from '../relay.ts';
import { startScriptedUpstream } from '../testing/scriptedUpstream.ts';
import { until } from '../testing/until.ts';

/**
 * The masking contract end to end: a capture carrying every key shape in every place a key can sit
 * (frame payloads both ways, headers, the upgrade query, upstream URLs, close reasons, error
 * messages) goes through every dashboard route, the feed and every export; none may give a key back.
 */

const SECRETS = KEY_SHAPES.flatMap((s) => s.secrets.flatMap((x) => x.split('\n')));
const KEY = KEY_SHAPES.find((s) => s.name === 'OpenAI project key, _ and - in the body')!.text;

function leaks(where: string, text: string): string[] {
  return SECRETS.filter((s) => text.includes(s)).map((s) => `${where}: ${s.slice(0, 24)}…`);
}

function keyCapture(): CaptureRecord[] {
  const t = 1_795_588_127_000;
  const recs: CaptureRecord[] = [
    {
      kind: 'capture.start',
      t,
      format: 'responses-inspector.capture',
      version: 1,
      upstream: 'wss://alice:hunter2pass@gw.example/v1/responses?api-key=azure0123secret456',
      tool: { name: 'responses-inspector', version: '0' },
    },
    {
      kind: 'conn.open',
      t: t + 1,
      conn: 'c1',
      path: `/v1/responses?api-key=${KEY}`,
      headers: { 'x-openai-key': KEY, 'helicone-auth': `Bearer ${KEY}`, 'x-note': KEY_SHAPES[0].text },
      transport: 'ws',
    },
    { kind: 'conn.upstream_open', t: t + 2, conn: 'c1', upstream: 'wss://alice:hunter2pass@gw.example/v1/responses', status: 101, handshakeMs: 1 },
  ];
  let seq = 0;
  KEY_SHAPES.forEach((shape, i) => {
    const send = JSON.stringify({ type: 'response.create', model: 'gpt-5.5', input: `please use ${shape.text} for this` });
    recs.push({ kind: 'frame', t: t + 10 + i * 10, conn: 'c1', seq: ++seq, dir: 'send', binary: false, size: Buffer.byteLength(send), data: send });
    const events = [
      { type: 'response.created', response: { id: `resp_${i}`, status: 'in_progress' } },
      { type: 'response.output_text.delta', item_id: `msg_${i}`, delta: `echo ${shape.text}` },
      {
        type: 'response.completed',
        response: {
          id: `resp_${i}`,
          status: 'completed',
          output: [{ type: 'message', content: [{ type: 'output_text', text: `echo ${shape.text}` }] }],
          usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 },
        },
      },
    ];
    for (const e of events) {
      const data = JSON.stringify(e);
      recs.push({ kind: 'frame', t: t + 11 + i * 10, conn: 'c1', seq: ++seq, dir: 'receive', binary: false, size: Buffer.byteLength(data), data });
    }
  });
  recs.push(
    { kind: 'conn.close', t: t + 900, conn: 'c1', side: 'upstream', code: 1008, reason: `invalid key ${KEY.slice(0, 90)}` },
    { kind: 'conn.open', t: t + 901, conn: 'c2', path: '/v1/responses', headers: {}, transport: 'ws' },
    {
      kind: 'conn.error',
      t: t + 902,
      conn: 'c2',
      side: 'upstream',
      status: 401,
      message: `upstream refused the upgrade: 401 {"error":{"message":"Incorrect API key provided: ${KEY}"}}`,
    },
    { kind: 'capture.end', t: t + 903, counts: { connections: 2, frames: seq, bytes: 0, dropped: 0 } },
  );
  return recs;
}

const children: ChildProcess[] = [];
const servers: http.Server[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of servers) s.close();
});

/** The real CLI, running until killed; resolves its printed `name: value` lines once a dashboard (or compare) URL is among them. */
function longRunning(args: string[]): Promise<Record<string, string>> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, CI: '1' } });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const found = Object.fromEntries([...out.matchAll(/^(\w+): (\S+)$/gm)].map((m) => [m[1], m[2]]));
      if (found.dashboard || found.compare) resolve(found);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
}

interface Dashboard {
  origin: string;
  token: string;
}

async function get(d: Dashboard, route: string): Promise<string> {
  const res = await fetch(d.origin + route, { headers: { 'x-inspector-token': d.token } });
  expect(res.status, route).toBe(200);
  return res.text();
}

/** Everything the feed socket sends until it is synced (both ways of attaching). */
async function feed(d: Dashboard, query: string): Promise<string> {
  const ws = new WebSocket(`${d.origin.replace('http', 'ws')}/feed${query}`, { headers: { 'x-inspector-token': d.token, origin: d.origin } });
  let all = '';
  await new Promise<void>((resolve, reject) => {
    ws.on('message', (data: Buffer) => {
      all += data.toString('utf8');
      if (/"type":"synced"/.test(data.toString('utf8'))) resolve();
    });
    ws.on('error', reject);
  });
  ws.close();
  return all;
}

/** Every route of the dashboard server, as the dashboard and a script can ask them. */
async function walkRoutes(d: Dashboard, captureName: string, harName?: string): Promise<string[]> {
  const info = JSON.parse(await get(d, '/api/info')) as { backlogBytes: number };
  const found: [string, string][] = [
    ['/api/info', JSON.stringify(info)],
    ['/api/captures', await get(d, '/api/captures')],
    ['/api/capture', await get(d, `/api/capture?file=${encodeURIComponent(captureName)}`)],
    ['/api/export json', await get(d, '/api/export?format=json')],
    ['/api/export har', await get(d, '/api/export?format=har')],
    ['/api/export json, secrets asked for', await get(d, `/api/export?format=json&file=${encodeURIComponent(captureName)}&secrets=include`)],
    ['/api/feed-backlog', await get(d, `/api/feed-backlog?to=${info.backlogBytes}`)],
    ['/feed', await feed(d, '')],
    ['/feed?backlog=http', await feed(d, '?backlog=http')],
    ...(await walkIndex(d, captureName)),
  ];
  if (harName) found.push(['/api/capture (HAR)', await get(d, `/api/capture?file=${encodeURIComponent(harName)}`)]);
  // The walk really carried the capture: the payloads arrived, masked (the info, the list and the
  // tail-only feed socket carry none; a turn carries one only when its output echoes one).
  for (const [route, text] of found)
    if (!['/api/info', '/api/captures', '/feed?backlog=http', '/api/index/search', '/api/index/turn'].includes(route)) expect(text, route).toContain('[redacted]');
  return found.flatMap(([route, text]) => leaks(route, text));
}

/** The capture's index (the current one and by name), its records, its rows' summaries, its turns whole, and a search that matches only in masked text. */
async function walkIndex(d: Dashboard, captureName: string): Promise<[string, string][]> {
  const found: [string, string][] = [];
  for (const query of ['', `?file=${encodeURIComponent(captureName)}`]) {
    const stream = await get(d, `/api/index${query}`);
    found.push([`/api/index${query}`, stream]);
    const start = JSON.parse(stream.split('\n')[0]) as { id: string };
    const done = JSON.parse(stream.trimEnd().split('\n').at(-1)!) as { type: string; records: number; model: { turns: unknown[] } };
    expect(done.type).toBe('done');
    found.push(['/api/index/records', await get(d, `/api/index/records?id=${start.id}&from=0&count=${done.records}`)]);
    // The rows go without their summaries: the page asks for them.
    const rows = stream
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { rows?: { t: unknown[] } })
      .reduce((n, m) => n + (m.rows?.t.length ?? 0), 0);
    expect(rows).toBeGreaterThan(0);
    found.push(['/api/index/summaries', await get(d, `/api/index/summaries?id=${start.id}&from=0&count=${rows}`)]);
    const turns: string[] = [];
    // The model's turns: those sent ahead of `done` (`turns` messages) and its own.
    const turnCount = stream
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; turns?: unknown[]; model?: { turns: unknown[] } })
      .reduce((n, m) => n + (m.turns?.length ?? m.model?.turns.length ?? 0), 0);
    for (let n = 1; n <= turnCount; n++) turns.push(await get(d, `/api/index/turn?id=${start.id}&turn=${n}`));
    expect(turns.length).toBeGreaterThan(0);
    found.push(['/api/index/turn', turns.join('\n')]);
    const search = await get(d, `/api/index/search?id=${start.id}&q=redacted`);
    expect((JSON.parse(search) as { matches: number }).matches).toBeGreaterThan(0);
    found.push(['/api/index/search', search]);
  }
  return found;
}

/** Routes the walks below ask, and those that carry no capture content (with why). */
const WALKED = new Set(['/api/info', '/api/captures', '/api/capture', '/api/export', '/api/feed-backlog', '/feed', '/api/stats', '/api/compare', '/api/index']);
const NO_CAPTURE_CONTENT: Record<string, string> = {
  '/api/fault': 'takes a fault to inject and answers with the fault plan, never with capture bytes',
};

/** Every dashboard path (`/api/...`, `/feed`) that the server's own sources name. */
function declaredRoutes(): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) && !full.includes(`${path.sep}bench${path.sep}`)) {
        for (const m of readFileSync(full, 'utf8').matchAll(/['"`](\/(?:api\/[a-z][a-z-]*|feed))\b/g)) found.add(m[1]);
      }
    }
  };
  walk(path.join(ROOT, 'server'));
  walk(path.join(ROOT, 'src', 'core'));
  return [...found].sort();
}

describe('no key leaves the relay: every route and every export', () => {
  it('walks every route the server declares (a new route fails here until a walk covers it)', () => {
    const missing = declaredRoutes().filter((r) => !WALKED.has(r) && !(r in NO_CAPTURE_CONTENT));
    expect(missing).toEqual([]);
    // The inventory really reads the sources.
    expect(declaredRoutes()).toEqual(expect.arrayContaining([...WALKED]));
  });

  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-keys-'));
  const file = path.join(dir, 'keys.ndjson');
  writeFileSync(
    file,
    keyCapture()
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n',
  );

  it('the CLI exports (json, har, otlp --include-content)', async () => {
    const found: string[] = [];
    for (const format of ['json', 'har']) {
      const r = await runCli(['export', file, '--format', format]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('[redacted]');
      found.push(...leaks(`export ${format}`, r.stdout + r.stderr));
    }
    // Credentials outside payloads stay masked even when payload secrets are asked for.
    const withSecrets = await runCli(['export', file, '--format', 'json', '--include-secrets']);
    found.push(...leaks('export --include-secrets (outside payloads)', withSecrets.stdout.replace(/"data":"(?:[^"\\]|\\.)*"|"(?:outputText|arguments)":"(?:[^"\\]|\\.)*"/g, '')));

    let otlp = '';
    const collector = http.createServer((req, res) => {
      req.on('data', (c: Buffer) => (otlp += c));
      req.on('end', () => res.end('{}'));
    });
    servers.push(collector);
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const r = await runCli(['export', file, '--format', 'otlp', '--endpoint', endpoint, '--include-content']);
    expect(r.status, r.stderr).toBe(0);
    expect(otlp).toContain('[redacted]');
    found.push(...leaks('export otlp --include-content', otlp + r.stdout + r.stderr));
    expect(found).toEqual([]);
  });

  it('every route of `open` (a capture and a HAR carrying keys in the captures folder)', async () => {
    // A HAR that holds keys (another tool's, or ours with --include-secrets) sits in the folder too.
    const har = await runCli(['export', file, '--format', 'har', '--include-secrets']);
    expect(har.stdout).toContain(KEY);
    writeFileSync(path.join(dir, 'keys.har'), har.stdout);
    const lines = await longRunning(['open', file, '--port', '0', '--no-open', '--captures', dir]);
    const url = new URL(lines.dashboard);
    const d = { origin: url.origin, token: /token=([0-9a-f]+)/.exec(url.hash)![1] };
    expect(await walkRoutes(d, 'keys.ndjson', 'keys.har')).toEqual([]);
  });

  it('every route of `compare --ui` (the comparison and the captures API beside it)', async () => {
    const lines = await longRunning(['compare', file, file, '--ui', '--port', '0', '--no-open']);
    const url = new URL(lines.compare ?? lines.dashboard);
    const d = { origin: url.origin, token: /token=([0-9a-f]+)/.exec(url.hash)![1] };
    const found = [...leaks('/api/compare', await get(d, '/api/compare')), ...(await walkRoutes(d, 'keys.ndjson'))];
    expect(found).toEqual([]);
  });

  it('every route of a live relay, whose capture keeps frames byte-exact and masks the rest', async () => {
    const upstream = await startScriptedUpstream({
      onMessage(ws, data) {
        if (!data.toString().includes('close me')) return false;
        ws.close(1008, `invalid key ${KEY.slice(0, 90)}`);
        return true;
      },
    });
    const capturesDir = mkdtempSync(path.join(os.tmpdir(), 'ri-keys-live-'));
    const upstreamUrl = upstream.url.replace('ws://', 'ws://alice:hunter2pass@');
    const relay = await startRelay({ port: 0, upstream: upstreamUrl, capturesDir, maxAgeMs: 90_000, quiet: true });
    try {
      const ws = new WebSocket(`${relay.relayUrl}?api-key=${KEY}`, { headers: { authorization: `Bearer ${KEY}`, 'x-openai-key': KEY, 'helicone-auth': `Bearer ${KEY}` } });
      await new Promise((r) => ws.once('open', r));
      const sent = JSON.stringify({ type: 'response.create', model: 'gpt-5.5', input: `use ${KEY_SHAPES.map((s) => s.text).join(' and ')}` });
      ws.send(sent);
      ws.send('close me');
      await new Promise((r) => ws.once('close', r));
      await until(() => relay.log.counts.frames >= 2);
      await relay.log.settle();

      const d = { origin: `http://127.0.0.1:${relay.port}`, token: relay.token };
      const found = await walkRoutes(d, path.basename(relay.captureFile!));
      found.push(...leaks('/api/stats', await get(d, '/api/stats')));
      expect(found).toEqual([]);

      // On disk: the payload is evidence, byte-exact; nothing else carries the key.
      const records = readFileSync(relay.captureFile!, 'utf8')
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as CaptureRecord);
      expect(records.some((r) => r.kind === 'frame' && r.data === sent)).toBe(true);
      const outsideFrames = records
        .filter((r) => r.kind !== 'frame')
        .map((r) => JSON.stringify(r))
        .join('\n');
      expect(outsideFrames).toContain('invalid key [redacted]');
      expect(outsideFrames).not.toContain('hunter2pass');
      expect(leaks('capture outside frames', outsideFrames)).toEqual([]);
    } finally {
      await relay.close();
      await upstream.close();
    }
  });

  it('the console and the capture of `start` when the upstream URL has user:pass@ and its 401 echoes the key', async () => {
    const upstream = await startScriptedUpstream({ refuse: { status: 401, body: JSON.stringify({ error: { message: `Incorrect API key provided: ${KEY}` } }) } });
    const capturesDir = mkdtempSync(path.join(os.tmpdir(), 'ri-keys-cli-'));
    const child = spawn(
      process.execPath,
      [BIN, 'start', '--port', '0', '--no-open', '--captures', capturesDir, '--upstream', upstream.url.replace('ws://', 'ws://alice:hunter2pass@')],
      { cwd: ROOT, env: { ...process.env, CI: '1' } },
    );
    children.push(child);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c));
    child.stderr!.on('data', (c: Buffer) => (out += c));
    await until(() => /^relay: (\S+)$/m.test(out) && /^capture: /m.test(out));
    const relayUrl = /^relay: (\S+)$/m.exec(out)![1];
    const ws = new WebSocket(`${relayUrl}?api-key=${KEY}`, { headers: { authorization: `Bearer ${KEY}` } });
    // The agent gets the upstream's refusal as it is: the relay is invisible.
    const refusal = await new Promise<string>((resolve) =>
      ws.on('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c));
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
      }),
    );
    expect(refusal).toContain(`401 {"error":{"message":"Incorrect API key provided: ${KEY}`);
    await until(() => /refused the upgrade/.test(out));
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await upstream.close();
    const capture = readFileSync(/^capture: (\S+)$/m.exec(out)![1], 'utf8');
    expect(out).toContain('[redacted]');
    expect(capture).toContain('Incorrect API key provided: [redacted]');
    expect([...leaks('console', out), ...leaks('capture', capture)]).toEqual([]);
  });
});

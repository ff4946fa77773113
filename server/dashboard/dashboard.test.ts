import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedControl } from '../../src/core/feed.ts';
import { MAX_MESSAGE_BYTES } from '../broadcast/dashboardFeed.ts';
import { startRelay, type RunningRelay } from '../relay.ts';
import { startScriptedUpstream } from '../testing/scriptedUpstream.ts';
import { until } from '../testing/until.ts';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function setup(): Promise<RunningRelay> {
  const upstream = await startScriptedUpstream();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-dash-'));
  const relay = await startRelay({ port: 0, upstream: upstream.url, capturesDir: dir, maxAgeMs: 90_000, quiet: true });
  cleanup.push(
    () => upstream.close(),
    () => relay.close(),
  );
  return relay;
}

const origin = (relay: RunningRelay) => `http://127.0.0.1:${relay.port}`;

async function login(relay: RunningRelay): Promise<string> {
  const res = await fetch(`${origin(relay)}/_auth`, { method: 'POST', headers: { 'x-inspector-token': relay.token, origin: origin(relay) } });
  expect(res.status).toBe(204);
  const cookie = res.headers.get('set-cookie')!;
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return cookie.split(';')[0];
}

interface FeedClient {
  control: FeedControl[];
  lines: string[];
  closed: Promise<number>;
  ws: WebSocket;
}

function openFeed(relay: RunningRelay, headers: Record<string, string>, query = ''): Promise<FeedClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${relay.port}/feed${query}`, { headers });
    const client: FeedClient = { control: [], lines: [], ws, closed: new Promise((r) => ws.on('close', (code) => r(code))) };
    let partial = '';
    ws.on('message', (data: Buffer, binary) => {
      if (!binary) return void client.control.push(JSON.parse(data.toString()));
      const text = partial + data.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop()!;
      client.lines.push(...parts);
    });
    ws.on('open', () => resolve(client));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.on('error', () => undefined);
  });
}

async function agentTraffic(relay: RunningRelay, frames: number, text = 'frame'): Promise<void> {
  const ws = new WebSocket(relay.relayUrl);
  await new Promise((r) => ws.once('open', r));
  let got = 0;
  const all = new Promise<void>((resolve) => ws.on('message', () => ++got === frames && resolve()));
  for (let i = 0; i < frames; i++) ws.send(`${text} ${i}`);
  await all;
  ws.close();
}

describe('dashboard server', () => {
  it('serves only the bootstrap page without the token, with a strict CSP', async () => {
    const relay = await setup();
    const page = await fetch(`${origin(relay)}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/_bootstrap.js');
    expect(html).not.toContain(relay.token);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect((await fetch(`${origin(relay)}/api/info`)).status).toBe(401);
    expect((await fetch(`${origin(relay)}/assets/index.js`)).status).toBe(401);
  });

  it('exchanges the token for a cookie only from the dashboard origin', async () => {
    const relay = await setup();
    const foreign = await fetch(`${origin(relay)}/_auth`, { method: 'POST', headers: { 'x-inspector-token': relay.token, origin: 'http://evil.example' } });
    expect(foreign.status).toBe(403);
    const wrong = await fetch(`${origin(relay)}/_auth`, { method: 'POST', headers: { 'x-inspector-token': 'f'.repeat(64), origin: origin(relay) } });
    expect(wrong.status).toBe(403);
    const cookie = await login(relay);
    const info = await fetch(`${origin(relay)}/api/info`, { headers: { cookie } });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ type: 'hello', mode: 'live', maxAgeMs: 90_000, relayUrl: relay.relayUrl, baseUrl: relay.baseUrl });
  });

  it('refuses the feed without the cookie or from another origin', async () => {
    const relay = await setup();
    await expect(openFeed(relay, { origin: origin(relay) })).rejects.toThrow('status 401');
    const cookie = await login(relay);
    await expect(openFeed(relay, { cookie, origin: 'http://evil.example' })).rejects.toThrow('status 403');
    await expect(openFeed(relay, { cookie })).rejects.toThrow('status 403');
  });

  it('sends a late browser everything so far, then the live records, with nothing lost or repeated', async () => {
    const relay = await setup();
    const cookie = await login(relay);
    const early = await openFeed(relay, { cookie, origin: origin(relay) });
    await agentTraffic(relay, 50);
    await until(() => early.lines.filter((l) => l.includes('"kind":"frame"')).length === 100);
    const late = await openFeed(relay, { cookie, origin: origin(relay) });
    await until(() => late.control.some((c) => c.type === 'synced'));
    expect(late.control[0]).toMatchObject({ type: 'hello', protocol: 1 });
    await agentTraffic(relay, 30);
    await until(() => late.lines.filter((l) => l.includes('"kind":"frame"')).length === 160);
    await until(() => early.lines.filter((l) => l.includes('"kind":"frame"')).length === 160);
    expect(late.lines).toEqual(early.lines);
    expect(new Set(late.lines).size).toBe(late.lines.length);
    expect(JSON.parse(late.lines[0])).toMatchObject({ kind: 'capture.start' });
  });

  it('serves the backlog over HTTP, masked, and the socket from its end on (?backlog=http)', async () => {
    const relay = await setup();
    const cookie = await login(relay);
    const early = await openFeed(relay, { cookie, origin: origin(relay) });
    const key = 'sk-proj-' + 'A1b2C3d4E5f6G7h8J9k0'.repeat(2);
    await agentTraffic(relay, 20, `my key is ${key}`);
    await until(() => early.lines.filter((l) => l.includes('"kind":"frame"')).length === 40);
    const late = await openFeed(relay, { cookie, origin: origin(relay) }, '?backlog=http');
    await until(() => late.control.length > 0);
    const hello = late.control[0] as Extract<FeedControl, { type: 'hello' }>;
    expect(hello.type).toBe('hello');
    const url = `${origin(relay)}/api/feed-backlog?to=${hello.backlogBytes}`;
    expect((await fetch(url)).status).toBe(401);
    const res = await fetch(url, { headers: { cookie } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toContain(key);
    expect(body).toContain('[redacted]');
    const backlog = body.split('\n').filter((l) => l.length > 0);
    await agentTraffic(relay, 10);
    await until(() => early.lines.filter((l) => l.includes('"kind":"frame"')).length === 60);
    await until(() => late.lines.filter((l) => l.includes('"kind":"frame"')).length === 20);
    // Backlog then socket: the early browser's lines exactly, none lost, none twice.
    expect([...backlog, ...late.lines]).toEqual(early.lines);
    expect((await fetch(`${origin(relay)}/api/feed-backlog?to=${hello.backlogBytes * 10}`, { headers: { cookie } })).status).toBe(400);
  });

  it('sends capture lines in whole-line messages of at most 256 KiB, live and catching up', async () => {
    const relay = await setup();
    const cookie = await login(relay);
    const sizes = (client: FeedClient) => {
      const messages: Buffer[] = [];
      client.ws.on('message', (data: Buffer, binary) => binary && messages.push(data));
      return messages;
    };
    const live = await openFeed(relay, { cookie, origin: origin(relay) });
    const liveMessages = sizes(live);
    // A burst: megabytes of frames in a few event-loop turns, so one flush of the capture is large.
    await agentTraffic(relay, 3000, 'x'.repeat(1000));
    await until(() => live.lines.filter((l) => l.includes('"kind":"frame"')).length === 6000);
    const late = await openFeed(relay, { cookie, origin: origin(relay) });
    const lateMessages = sizes(late);
    await until(() => late.control.some((c) => c.type === 'synced'));
    expect(late.lines).toEqual(live.lines);
    for (const messages of [liveMessages, lateMessages]) {
      expect(Buffer.concat(messages).length).toBeGreaterThan(4 * MAX_MESSAGE_BYTES);
      for (const m of messages) {
        expect(m[m.length - 1]).toBe(0x0a);
        expect(m.length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      }
    }
  });
});

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../relay.ts';
import { cookieName } from './security.ts';

let relay: RunningRelay | undefined;
afterAll(async () => relay?.close());

describe('a same-name cookie from another localhost port', () => {
  it('does not lock the dashboard out of /api and /feed', async () => {
    relay = await startRelay({ port: 0, upstream: 'ws://127.0.0.1:9/v1/responses', capturesDir: mkdtempSync(path.join(os.tmpdir(), 'ri-cookie-')), maxAgeMs: 60_000, quiet: true });
    const origin = `http://127.0.0.1:${relay.port}`;
    const auth = await fetch(`${origin}/_auth`, { method: 'POST', headers: { 'x-inspector-token': relay.token, origin } });
    expect(auth.status).toBe(204);
    const ours = auth.headers.get('set-cookie')!.split(';')[0];
    // Cookies ignore ports: a page on a sibling port sets ri_token_PORT on Path=/api and /feed, and the
    // browser sends that narrower-path cookie before ours on every request there.
    const cookie = `${cookieName(relay.port)}=0000; ${ours}`;
    expect((await fetch(`${origin}/api/info`, { headers: { cookie } })).status).toBe(200);
    const feed = new WebSocket(`ws://127.0.0.1:${relay.port}/feed`, { headers: { cookie, origin } });
    const opened = await new Promise<boolean>((resolve) => {
      feed.once('open', () => resolve(true));
      feed.once('unexpected-response', () => resolve(false));
      feed.once('error', () => resolve(false));
    });
    feed.close();
    expect(opened).toBe(true);
    // The forged cookie alone still gets nothing.
    expect((await fetch(`${origin}/api/info`, { headers: { cookie: `${cookieName(relay.port)}=0000` } })).status).toBe(401);
  });
});

import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockHttpServer } from './httpServer.ts';
import { startMockServer } from './mockServer.ts';

const TIMING = { ttftMs: 5, deltaGapMs: 0, jitterMs: 0 };
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

const post = (url: string, body: unknown, key = 'sk-test') =>
  fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** `event: X\ndata: Y\n\n` blocks → [event, parsed data]. */
function sseEvents(text: string): [string, { type: string; sequence_number: number }][] {
  return text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => {
      const [ev, data] = block.split('\n');
      return [ev.replace('event: ', ''), JSON.parse(data.replace('data: ', ''))];
    });
}

describe('mock HTTP side', () => {
  it('answers stream: true with the WebSocket event sequence as SSE, on the WebSocket mock port too', async () => {
    const mock = await startMockServer({ timing: TIMING });
    cleanup.push(() => mock.close());
    const res = await post(mock.url.replace('ws:', 'http:'), { model: 'gpt-5.5', input: 'hi', stream: true });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = sseEvents(await res.text());
    expect(events.map(([name]) => name)).toEqual(events.map(([, data]) => data.type));
    expect(events[0][0]).toBe('response.created');
    expect(events.at(-1)?.[0]).toBe('response.completed');
    expect(events.map(([, d]) => d.sequence_number)).toEqual(events.map((_, i) => i));
  });

  it('answers without stream with the completed response object, and chains stored responses', async () => {
    const mock = await startMockHttpServer({ timing: TIMING });
    cleanup.push(() => mock.close());
    const first = (await (await post(mock.url, { model: 'gpt-5.5', input: 'hi' })).json()) as { id: string; object: string; status: string };
    expect(first).toMatchObject({ object: 'response', status: 'completed' });
    const chained = await post(mock.url, { model: 'gpt-5.5', input: 'more', previous_response_id: first.id });
    expect(chained.status).toBe(200);
    const missing = await post(mock.url, { model: 'gpt-5.5', input: 'x', previous_response_id: 'resp_nope' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('previous_response_not_found');
  });

  it('refuses a request without a bearer key with 401, as the API does', async () => {
    const mock = await startMockHttpServer({ timing: TIMING });
    cleanup.push(() => mock.close());
    const res = await fetch(mock.url, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });

  it('charges the setup cost once per connection, and on every request with keep-alive off', async () => {
    for (const keepAlive of [true, false]) {
      const mock = await startMockHttpServer({ timing: TIMING, setupMs: 50, keepAlive });
      cleanup.push(() => mock.close());
      // One kept-alive client connection at a time, so reuse is up to the server alone.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        await new Promise<void>((resolve, reject) => {
          const req = http.request(mock.url, { method: 'POST', agent, headers: { authorization: 'Bearer sk-test' } }, (res) => res.resume().on('end', resolve));
          req.on('error', reject);
          req.end(JSON.stringify({ model: 'gpt-5.5', input: 'hi' }));
        });
        times.push(performance.now() - t);
      }
      agent.destroy();
      expect(times[0]).toBeGreaterThanOrEqual(50);
      expect(mock.connections).toBe(keepAlive ? 1 : 3);
      if (!keepAlive) for (const t of times) expect(t).toBeGreaterThanOrEqual(50);
    }
  });
});

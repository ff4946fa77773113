/**
 * A scripted upstream and agent for e2e tests that need exact control (a reconnect at a chosen
 * moment). Loopback only. An agent with REFUSED_KEY is refused (401). The upstream answers each response.create like the real API: created,
 * in_progress, text deltas, completed; `dropAll(code)` closes every agent-facing socket.
 */

import { WebSocket, WebSocketServer } from 'ws';
import { test as base } from './fixtures.ts';

export interface ScriptedUpstream {
  url: string;
  dropAll(code: number, reason?: string): void;
  close(): Promise<void>;
}

/** An API key the scripted upstream refuses with 401 on the upgrade, as the API does a bad key. */
export const REFUSED_KEY = 'sk-e2e-refused';

export async function startScriptedUpstream(): Promise<ScriptedUpstream> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    verifyClient: (info, done) => (info.req.headers.authorization === `Bearer ${REFUSED_KEY}` ? done(false, 401, 'Unauthorized') : done(true)),
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  let n = 0;
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      const ev = JSON.parse(String(data)) as { type: string; metadata?: { stream?: number; rate?: number } };
      if (ev.type !== 'response.create') return;
      const id = `resp_${++n}`;
      if (ev.metadata?.stream) return streamDeltas(ws, id, ev.metadata.stream, ev.metadata.rate ?? 5000);
      const words = ['The ', 'weather ', 'in ', 'Paris ', 'is ', 'mild.'];
      let seq = 0;
      const send = (o: object) => ws.send(JSON.stringify({ ...o, sequence_number: seq++ }));
      const response = (status: string, usage: object | null) => ({ id, object: 'response', status, output: [], usage });
      send({ type: 'response.created', response: response('in_progress', null) });
      send({ type: 'response.in_progress', response: response('in_progress', null) });
      send({ type: 'response.output_item.added', output_index: 0, item: { id: `msg_${n}`, type: 'message', role: 'assistant', content: [] } });
      for (const w of words) send({ type: 'response.output_text.delta', item_id: `msg_${n}`, output_index: 0, content_index: 0, delta: w });
      send({ type: 'response.output_text.done', item_id: `msg_${n}`, output_index: 0, content_index: 0, text: words.join('') });
      send({ type: 'response.completed', response: response('completed', { input_tokens: 12, output_tokens: 6, total_tokens: 18 }) });
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as { port: number }).port}/v1/responses`,
    dropAll(code, reason = '') {
      for (const ws of wss.clients) ws.close(code, reason);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

/** `count` text deltas at `rate` per second (in 10 ms batches), then response.completed: the bench's load. */
function streamDeltas(ws: WebSocket, id: string, count: number, rate: number) {
  let seq = 0;
  const send = (o: object) => ws.send(JSON.stringify({ ...o, sequence_number: seq++ }));
  send({ type: 'response.created', response: { id, status: 'in_progress', output: [], usage: null } });
  const start = Date.now();
  let sent = 0;
  const tick = () => {
    const due = Math.min(count, Math.floor(((Date.now() - start) / 1000) * rate));
    // A distinct item per delta so nothing folds: each frame is its own timeline row (the worst case).
    for (; sent < due; sent++) send({ type: 'response.output_text.delta', item_id: `msg_${sent}`, output_index: 0, content_index: 0, delta: `token ${sent} ` });
    if (sent < count) setTimeout(tick, 10);
    else send({ type: 'response.completed', response: { id, status: 'completed', output: [], usage: { input_tokens: 1, output_tokens: count, total_tokens: count + 1 } } });
  };
  tick();
}

export interface ScriptedAgent {
  /** Sends one response.create and waits for its response.completed. */
  turn(text: string, metadata?: { stream: number; rate: number }): Promise<void>;
  close(): void;
  readonly closed: Promise<number>;
}

export async function connectAgent(relayUrl: string): Promise<ScriptedAgent> {
  const ws = new WebSocket(relayUrl, { headers: { 'user-agent': 'e2e-agent/1.0', authorization: 'Bearer sk-test-not-a-key' } });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  return {
    closed,
    turn(text, metadata) {
      return new Promise<void>((resolve) => {
        const onMessage = (data: unknown) => {
          if ((JSON.parse(String(data)) as { type: string }).type === 'response.completed') {
            ws.off('message', onMessage);
            resolve();
          }
        };
        ws.on('message', onMessage);
        ws.send(
          JSON.stringify({
            type: 'response.create',
            model: 'gpt-5.5',
            store: false,
            input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }],
            metadata,
          }),
        );
      });
    },
    close: () => ws.close(1000),
  };
}

/** The e2e `test`, with the real CLI relaying (`start --upstream`) to a scripted upstream of its own. */
export const scriptedTest = base.extend<{ upstream: ScriptedUpstream }>({
  upstream: async ({}, use) => {
    const upstream = await startScriptedUpstream();
    await use(upstream);
    await upstream.close();
  },
  cli: async ({ upstream }, use) => use(['start', '--upstream', upstream.url]),
});

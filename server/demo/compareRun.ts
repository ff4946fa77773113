import net, { type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { ResponsesWS } from 'openai/resources/responses/ws';
import type { Response, ResponseInput } from 'openai/resources/responses/responses';
import { compareTimings, type Comparison, type TurnTiming } from '../../src/core/compare.ts';
import { startMockHttpServer } from '../mock/httpServer.ts';
import { startMockServer } from '../mock/mockServer.ts';
import type { MockTiming } from '../mock/options.ts';
import { startRelay } from '../relay.ts';
import { timingsOf } from '../commands/compare.ts';

/** What one round trip and TLS handshake to a distant API cost, roughly: the mock's default setup cost. */
export const DEFAULT_SETUP_MS = 100;

export interface CompareRunOptions {
  capturesDir: string;
  /** Connection setup cost the mock charges each new connection, both transports (ms). */
  setupMs?: number;
  /** Tool calls in the task (each one a turn, plus the final answer). */
  toolCalls?: number;
  /** false (default): the mock's HTTP side closes each connection, so every request pays the setup. */
  keepAlive?: boolean;
  /** The agent's own time per tool call (ms). */
  toolMs?: number;
  timing?: Partial<MockTiming>;
  log?: (line: string) => void;
}

export interface CompareRunResult {
  httpCapture: string;
  wsCapture: string;
  http: TurnTiming[];
  ws: TurnTiming[];
  comparison: Comparison;
}

const TOOLS = [
  {
    type: 'function' as const,
    name: 'read_file',
    description: 'Read a file',
    strict: true,
    parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'], additionalProperties: false },
  },
  {
    type: 'function' as const,
    name: 'run_tests',
    description: 'Run the tests',
    strict: true,
    parameters: { type: 'object', properties: { filter: { type: 'string' } }, required: ['filter'], additionalProperties: false },
  },
];

/**
 * `demo --compare`: the same tool-calling agent on the real openai SDK, once over HTTP
 * (SSE, through the relay's passthrough) and once over WebSocket (ResponsesWS, through the relay),
 * against the mock with the same connection setup cost on both transports, each run into its own
 * capture; then the two captures compared. The runs are sequential so they do not share the CPU.
 */
export async function runComparison(opts: CompareRunOptions): Promise<CompareRunResult> {
  const log = opts.log ?? (() => undefined);
  const setupMs = opts.setupMs ?? DEFAULT_SETUP_MS;
  const toolCalls = opts.toolCalls ?? 10;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const httpCapture = path.resolve(opts.capturesDir, `${stamp}-compare-http.ndjson`);
  const wsCapture = path.resolve(opts.capturesDir, `${stamp}-compare-ws.ndjson`);
  const common = { timing: opts.timing, toolCalls, seed: 8 };

  log(`compare: HTTP run: ${toolCalls} tool calls over SSE, ${setupMs} ms setup per new connection, keep-alive ${opts.keepAlive ? 'on' : 'off'}`);
  const mockHttp = await startMockHttpServer({ ...common, tls: true, setupMs, keepAlive: opts.keepAlive ?? false });
  try {
    const relay = await startRelay({
      port: 0,
      upstream: 'ws://127.0.0.1:9/v1/responses',
      httpUpstream: mockHttp.url,
      httpUpstreamCa: mockHttp.ca,
      capturesDir: opts.capturesDir,
      captureFile: httpCapture,
      maxAgeMs: 3_600_000,
      quiet: true,
    });
    try {
      await httpAgent(relay.baseUrl, opts.toolMs ?? 30);
    } finally {
      await relay.close();
    }
  } finally {
    await mockHttp.close();
  }

  log(`compare: WebSocket run: the same task over one connection, ${setupMs} ms setup when it opens`);
  const mockWs = await startMockServer(common);
  const front = await delayFront(mockWs.port, setupMs);
  try {
    const relay = await startRelay({
      port: 0,
      upstream: `ws://127.0.0.1:${front.port}/v1/responses`,
      capturesDir: opts.capturesDir,
      captureFile: wsCapture,
      maxAgeMs: 3_600_000,
      quiet: true,
    });
    try {
      await wsAgent(relay.baseUrl, opts.toolMs ?? 30);
    } finally {
      await relay.close();
    }
  } finally {
    await front.close();
    await mockWs.close();
  }

  const [http, ws] = await Promise.all([timingsOf(httpCapture), timingsOf(wsCapture)]);
  return { httpCapture, wsCapture, http, ws, comparison: compareTimings(http, ws) };
}

type Create = OpenAI.Responses.ResponseCreateParamsNonStreaming;

/** One task: tool calls chained with previous_response_id until the model answers in text. */
async function task(next: (body: Create) => Promise<Response>, toolMs: number): Promise<void> {
  let previous: string | undefined;
  let input: ResponseInput = [{ role: 'user', content: 'The tokenizer tests fail since the refactor. Find the cause and fix it.' }];
  for (let turn = 0; turn < 100; turn++) {
    const response = await next({ model: 'gpt-5.5', input, tools: TOOLS, store: true, ...(previous ? { previous_response_id: previous } : {}) });
    previous = response.id;
    const calls = response.output.filter((o) => o.type === 'function_call');
    if (calls.length === 0) return;
    await sleep(toolMs); // the agent runs the tool
    input = calls.map((c) => ({ type: 'function_call_output' as const, call_id: c.call_id, output: `ok: ${c.name}` }));
  }
}

async function httpAgent(baseURL: string, toolMs: number): Promise<void> {
  const client = new OpenAI({ apiKey: 'sk-demo-not-a-real-key', baseURL, maxRetries: 0 });
  await task(async (body) => {
    const stream = await client.responses.create({ ...body, stream: true });
    let done: Response | undefined;
    for await (const event of stream) if (event.type === 'response.completed') done = event.response;
    if (!done) throw new Error('the HTTP stream ended without response.completed');
    return done;
  }, toolMs);
}

async function wsAgent(baseURL: string, toolMs: number): Promise<void> {
  const client = new OpenAI({ apiKey: 'sk-demo-not-a-real-key', baseURL, maxRetries: 0 });
  const rws = new ResponsesWS(client);
  const closed = new Promise<void>((resolve) => rws.on('close', () => resolve()));
  try {
    await task(
      (body) =>
        new Promise<Response>((resolve, reject) => {
          const onDone = (event: { response: Response }) => {
            rws.off('response.completed', onDone);
            rws.off('error', reject);
            resolve(event.response);
          };
          rws.on('response.completed', onDone);
          rws.once('error', reject);
          rws.send({ type: 'response.create', ...body });
        }),
      toolMs,
    );
  } finally {
    // Closed by the agent (1000) and waited for, before the relay stops: otherwise the relay's
    // shutdown (1001) ends the connection and the demo's own capture shows an abnormal close.
    rws.close();
    await Promise.race([closed, sleep(1000)]);
  }
}

/**
 * A TCP front that holds each new connection for `setupMs` before connecting it through, so the
 * WebSocket run pays the same emulated handshake cost as the HTTP run (where the TLS mock holds it).
 */
async function delayFront(targetPort: number, setupMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = net.createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    setTimeout(() => {
      if (client.destroyed) return;
      const upstream = net.connect(targetPort, '127.0.0.1');
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.setNoDelay(true);
      client.setNoDelay(true);
      upstream.on('error', () => client.destroy());
      client.pipe(upstream).pipe(client);
      client.resume();
      upstream.on('close', () => client.destroy());
      client.on('close', () => upstream.destroy());
    }, setupMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

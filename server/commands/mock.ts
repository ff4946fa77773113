import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDuration } from '../../src/core/duration.ts';
import { parsePort, UsageError, warn } from '../cliFlags.ts';
import type { CommandSpec, OptionSpecs, ParsedArgs } from '../cliOptions.ts';
import { FAULT_SYNTAX, parseFault } from '../mock/faults.ts';
import { startMockHttpServer } from '../mock/httpServer.ts';
import { startMockServer } from '../mock/mockServer.ts';
import { DEFAULT_MAX_AGE_MS, DEFAULT_TIMING, DEFAULT_TOOL_CALLS } from '../mock/options.ts';
import { untilSignal } from '../signals.ts';
import { listenError } from './start.ts';

const OPTIONS = {
  port: { type: 'string', value: 'N', default: '8788', help: 'port on 127.0.0.1; 0 = any free port' },
  'max-age': {
    type: 'string',
    value: 'DURATION',
    default: `${DEFAULT_MAX_AGE_MS / 60_000}m`,
    help: 'connection age after which the next response.create gets websocket_connection_limit_reached and the socket closes',
  },
  ttft: { type: 'string', value: 'MS', default: String(DEFAULT_TIMING.ttftMs), help: 'time to first token' },
  'delta-gap': { type: 'string', value: 'MS', default: String(DEFAULT_TIMING.deltaGapMs), help: 'gap between deltas' },
  jitter: { type: 'string', value: 'MS', default: String(DEFAULT_TIMING.jitterMs), help: 'random +/- noise on every delay' },
  'tool-calls': { type: 'string', value: 'N', default: String(DEFAULT_TOOL_CALLS), help: 'tool calls per conversation before a text answer' },
  fault: { type: 'string', value: 'SPEC', help: FAULT_SYNTAX },
  'fault-every': { type: 'string', value: 'N', default: '1', help: 'apply --fault to every Nth response of a connection' },
  'api-key': { type: 'string', value: 'KEY', help: 'accept only this bearer token' },
  seed: { type: 'string', value: 'N', help: 'repeatable content and jitter' },
  'http-setup-ms': {
    type: 'string',
    value: 'N',
    help: 'also serve the HTTP side on a port of its own, where each new connection waits N ms first (an emulated TCP+TLS handshake); prints "mock-http: URL"',
  },
  https: {
    type: 'boolean',
    help: 'serve that port over TLS, with a certificate made at start for this run; prints "mock-http-ca: FILE": a relay trusts the mock when started with NODE_EXTRA_CA_CERTS=FILE',
  },
  'http-no-keep-alive': { type: 'boolean', help: 'close each HTTP connection after its response (every request pays the setup)' },
} as const satisfies OptionSpecs;

export const spec: CommandSpec<typeof OPTIONS> = {
  usage: 'mock [flags]',
  about:
    'The mock Responses WebSocket endpoint alone (no API key, no network): any bearer token is accepted. POST /v1/responses on the same port answers with the same events as SSE or JSON.',
  options: OPTIONS,
  notes: 'Per request: metadata.mock_fault (same SPEC) and metadata.mock_tool_calls (N) in response.create.',
};

function count(flag: string, text: string | undefined, min = 0): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < min) throw new UsageError(`--${flag} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, not ${JSON.stringify(text)}`);
  return Number(text);
}

/** Runs a parser on a flag's value; its error becomes one usage line naming the flag. */
function checked<T>(flag: string, text: string | undefined, parse: (text: string) => T): T | undefined {
  if (text === undefined) return undefined;
  try {
    return parse(text);
  } catch (err) {
    throw new UsageError(`--${flag}: ${(err as Error).message}`);
  }
}

/** `responses-inspector mock`: prints `mock: ws://127.0.0.1:PORT/v1/responses` and serves until SIGINT/SIGTERM. */
export async function run({ values: v }: ParsedArgs<typeof OPTIONS>): Promise<number> {
  const maxAgeMs = checked('max-age', v['max-age'], parseDuration);
  checked('fault', v.fault, parseFault);
  const port = parsePort(v.port, 8788);
  const setupMs = count('http-setup-ms', v['http-setup-ms']);
  // What the WebSocket and the HTTP mock share.
  const common = {
    timing: { ttftMs: count('ttft', v.ttft), deltaGapMs: count('delta-gap', v['delta-gap']), jitterMs: count('jitter', v.jitter) },
    toolCalls: count('tool-calls', v['tool-calls']),
    apiKey: v['api-key'],
    seed: count('seed', v.seed),
  };
  const mock = await startMockServer({ ...common, port, maxAgeMs, fault: v.fault, faultEvery: count('fault-every', v['fault-every'], 1) }).catch(listenError(port));
  process.stdout.write(`mock: ${mock.url}\n`);
  const httpMock = setupMs === undefined && !v.https ? null : await startMockHttpServer({ ...common, setupMs, tls: v.https, keepAlive: !v['http-no-keep-alive'] });
  if (httpMock) process.stdout.write(`mock-http: ${httpMock.url}\n`);
  const caFile = httpMock?.ca === undefined ? undefined : writeCa(httpMock.ca);
  if (caFile) process.stdout.write(`mock-http-ca: ${caFile}\n`);
  await untilSignal();
  if (caFile) fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
  await httpMock?.close();
  await mock.close();
  return 0;
}

/** The mock's certificate (public; its key stays in memory) in a temporary folder, for NODE_EXTRA_CA_CERTS. */
function writeCa(pem: string): string | undefined {
  try {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'responses-inspector-mock-'));
    fs.writeFileSync(path.join(dir, 'cert.pem'), pem);
    return path.join(dir, 'cert.pem');
  } catch (err) {
    warn(
      `cannot write the mock's certificate to ${os.tmpdir()} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); set TMPDIR to a writable folder for a relay to trust it`,
    );
    return undefined;
  }
}

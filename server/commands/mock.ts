import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDuration } from '../../src/core/duration.ts';
import { parseFlags, parsePort, UsageError, warn } from '../cliFlags.ts';
import { FAULT_SYNTAX, parseFault } from '../mock/faults.ts';
import { startMockHttpServer } from '../mock/httpServer.ts';
import { startMockServer } from '../mock/mockServer.ts';
import { DEFAULT_TIMING, DEFAULT_TOOL_CALLS } from '../mock/options.ts';
import { untilSignal } from '../signals.ts';
import { listenError } from './start.ts';

export const MOCK_USAGE = `usage: responses-inspector mock [flags]

The mock Responses WebSocket endpoint alone (no API key, no network): any bearer token is accepted.

flags:
  --port N             port on 127.0.0.1 (default 8788; 0 = any free port)
  --max-age DURATION   connection age after which the next response.create gets
                       websocket_connection_limit_reached and the socket closes (default 60m)
  --ttft MS            time to first token (default ${DEFAULT_TIMING.ttftMs})
  --delta-gap MS       gap between deltas (default ${DEFAULT_TIMING.deltaGapMs})
  --jitter MS          random +/- noise on every delay (default ${DEFAULT_TIMING.jitterMs})
  --tool-calls N       tool calls per conversation before a text answer (default ${DEFAULT_TOOL_CALLS})
  --fault SPEC         ${FAULT_SYNTAX}
  --fault-every N      apply --fault to every Nth response of a connection (default 1)
  --api-key KEY        accept only this bearer token
  --seed N             repeatable content and jitter

HTTP: POST /v1/responses on the same port answers with the same events as SSE or JSON.
  --http-setup-ms N    also serve the HTTP side on a port of its own, where each new connection
                       waits N ms first (an emulated TCP+TLS handshake); prints "mock-http: URL"
  --https              serve that port over TLS, with a certificate made at start for this run;
                       prints "mock-http-ca: FILE": a relay trusts the mock when started with
                       NODE_EXTRA_CA_CERTS=FILE
  --http-no-keep-alive close each HTTP connection after its response (every request pays the setup)

Per request: metadata.mock_fault (same SPEC) and metadata.mock_tool_calls (N) in response.create.`;

const OPTIONS = {
  port: { type: 'string' },
  'max-age': { type: 'string' },
  ttft: { type: 'string' },
  'delta-gap': { type: 'string' },
  jitter: { type: 'string' },
  'tool-calls': { type: 'string' },
  fault: { type: 'string' },
  'fault-every': { type: 'string' },
  'api-key': { type: 'string' },
  seed: { type: 'string' },
  'http-setup-ms': { type: 'string' },
  'http-no-keep-alive': { type: 'boolean' },
  https: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

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
export async function run(argv: string[]): Promise<number> {
  const { values: v } = parseFlags(argv, OPTIONS);
  if (v.help) {
    process.stdout.write(`${MOCK_USAGE}\n`);
    return 0;
  }
  const maxAgeMs = checked('max-age', v['max-age'] as string | undefined, parseDuration);
  checked('fault', v.fault as string | undefined, parseFault);
  const port = parsePort(v.port as string | undefined, 8788);
  const mock = await startMockServer({
    port,
    maxAgeMs,
    timing: {
      ttftMs: count('ttft', v.ttft as string | undefined),
      deltaGapMs: count('delta-gap', v['delta-gap'] as string | undefined),
      jitterMs: count('jitter', v.jitter as string | undefined),
    },
    toolCalls: count('tool-calls', v['tool-calls'] as string | undefined),
    fault: v.fault as string | undefined,
    faultEvery: count('fault-every', v['fault-every'] as string | undefined, 1),
    apiKey: v['api-key'] as string | undefined,
    seed: count('seed', v.seed as string | undefined),
  }).catch(listenError(port));
  process.stdout.write(`mock: ${mock.url}\n`);
  const setupMs = count('http-setup-ms', v['http-setup-ms'] as string | undefined);
  const httpMock =
    setupMs === undefined && !v.https
      ? null
      : await startMockHttpServer({
          setupMs,
          tls: v.https === true,
          keepAlive: !v['http-no-keep-alive'],
          timing: { ttftMs: count('ttft', v.ttft as string | undefined), deltaGapMs: count('delta-gap', v['delta-gap'] as string | undefined), jitterMs: count('jitter', v.jitter as string | undefined) },
          toolCalls: count('tool-calls', v['tool-calls'] as string | undefined),
          apiKey: v['api-key'] as string | undefined,
          seed: count('seed', v.seed as string | undefined),
        });
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
    warn(`cannot write the mock's certificate to ${os.tmpdir()} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); set TMPDIR to a writable folder for a relay to trust it`);
    return undefined;
  }
}

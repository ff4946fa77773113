import { setTimeout as sleep } from 'node:timers/promises';
import { parseDuration } from '../../src/core/duration.ts';
import { prepareCapturesDir } from '../captures/capturesDir.ts';
import { readRelayFlags, relayOptions, UsageError } from '../cliFlags.ts';
import type { CommandSpec, OptionSpecs, ParsedArgs } from '../cliOptions.ts';
import { FAULT_OPTIONS, readFaultFlags } from '../faults/flags.ts';
import { openBrowser } from '../openBrowser.ts';
import { untilSignal } from '../signals.ts';
import { listenError } from './start.ts';

const RELAY = relayOptions();

const OPTIONS = {
  ...RELAY,
  // Accepted only to be refused with a pointer to `start` (and the HTTP one as before, unused): the
  // demo has its own mock upstream.
  upstream: { ...RELAY.upstream, hidden: true },
  'http-upstream': { ...RELAY['http-upstream'], hidden: true },
  // The 60-minute default of `start` would hide the limit; the demo's default (demo/demo.ts) is short.
  'max-age': { type: 'string', value: 'DURATION', help: "the mock's connection limit and the countdown's (default 20s, so it is reached)" },
  duration: { type: 'string', value: 'DURATION', help: 'stop by itself after this long (default: run until Ctrl-C)' },
  compare: { type: 'boolean', help: "run the agent's task over HTTP and over WebSocket and open the comparison" },
  'setup-ms': { type: 'string', value: 'N', help: '(with --compare) connection setup cost in ms (default 100)' },
  'keep-alive': { type: 'boolean', help: '(with --compare) let HTTP reuse connections' },
  'tool-calls': { type: 'string', value: 'N', help: '(with --compare) tool calls of the task (default 10)' },
  ...FAULT_OPTIONS,
} as const satisfies OptionSpecs;

export const spec: CommandSpec<typeof OPTIONS> = {
  usage: 'demo [flags]',
  about:
    'The relay and dashboard with a built-in mock upstream and a demo agent (openai SDK, no API key): 25 chained tool calls, 3 concurrent lanes, a connection reaching its age limit and reconnecting, then a slower pace until Ctrl-C.',
  options: OPTIONS,
};

/** `responses-inspector demo`: runs until SIGINT/SIGTERM or --duration, then stops cleanly (exit 0). */
export async function run({ values, given }: ParsedArgs<typeof OPTIONS>): Promise<number> {
  if (given.has('upstream')) throw new UsageError('demo uses its own mock upstream; use "start --upstream URL" for another one');
  const flags = readRelayFlags(values);
  let durationMs: number | undefined;
  try {
    durationMs = flags.extra.duration === undefined ? undefined : parseDuration(String(flags.extra.duration));
  } catch (err) {
    throw new UsageError(`--duration: ${(err as Error).message}`);
  }
  const faultFlags = readFaultFlags(flags.extra);
  prepareCapturesDir(flags.capturesDir);
  if (flags.extra.compare) return (await import('../demo/compareCommand.ts')).runDemoCompare(flags, durationMs);
  // Loaded after the flags are checked: the openai SDK takes a moment to load.
  const { DEMO_MAX_AGE_MS, startDemo } = await import('../demo/demo.ts');
  const maxAgeMs = given.has('max-age') ? flags.maxAgeMs : DEMO_MAX_AGE_MS;
  const demo = await startDemo({
    port: flags.port,
    host: flags.host,
    capturesDir: flags.capturesDir,
    maxAgeMs,
    log: (line) => process.stdout.write(`${line}\n`),
    ...faultFlags,
  }).catch(listenError(flags.port));
  if (flags.open) openBrowser(demo.relay.browserUrl());
  let failure: Error | undefined;
  const stops: Promise<unknown>[] = [untilSignal(), demo.agent.catch((err: Error) => (failure = err))];
  if (durationMs !== undefined) stops.push(sleep(durationMs));
  await Promise.race(stops);
  const summary = await demo.stop();
  if (failure) {
    process.stderr.write(`responses-inspector: the demo agent failed: ${failure.message}\n`);
    return 1;
  }
  process.stdout.write(`demo: stopped after ${summary.turns} turns, ${summary.toolCalls} tool calls, ${summary.connections} connection${summary.connections === 1 ? '' : 's'}\n`);
  return 0;
}

import { setTimeout as sleep } from 'node:timers/promises';
import { parseDuration } from '../../src/core/duration.ts';
import { prepareCapturesDir } from '../captures/capturesDir.ts';
import { parseRelayFlags, UsageError } from '../cliFlags.ts';
import { openBrowser } from '../openBrowser.ts';
import { untilSignal } from '../signals.ts';
import { listenError } from './start.ts';
import { FAULT_FLAGS_HELP, FAULT_OPTIONS, readFaultFlags } from '../faults/flags.ts';

export const DEMO_USAGE = `usage: responses-inspector demo [flags]

The relay and dashboard with a built-in mock upstream and a demo agent (openai SDK, no API key):
25 chained tool calls, 3 concurrent lanes, a connection reaching its age limit and reconnecting,
then a slower pace until Ctrl-C.

flags:
  --port N             port for the relay and the dashboard (default 8787; 0 = any free port)
  --captures DIR       folder for the capture file (default ./captures)
  --max-age DURATION   the mock's connection limit and the countdown's
                       (default 20s, so it is reached)
  --duration DURATION  stop by itself after this long (default: run until Ctrl-C)
  --no-open            do not open a browser (implied when CI is set)
  --compare            run the agent's task over HTTP and over WebSocket and open the comparison
                       (--setup-ms N: connection setup cost, default 100; --keep-alive: let HTTP
                       reuse connections; --tool-calls N: default 10)
${FAULT_FLAGS_HELP}`;

const EXTRA = {
  duration: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  compare: { type: 'boolean' },
  'setup-ms': { type: 'string' },
  'tool-calls': { type: 'string' },
  'keep-alive': { type: 'boolean' },
  ...FAULT_OPTIONS,
} as const;

/** `responses-inspector demo`: runs until SIGINT/SIGTERM or --duration, then stops cleanly (exit 0). */
export async function run(argv: string[]): Promise<number> {
  const flags = parseRelayFlags(argv, EXTRA);
  if (flags.extra.help) {
    process.stdout.write(`${DEMO_USAGE}\n`);
    return 0;
  }
  if (argv.some((a) => /^--upstream(=|$)/.test(a))) throw new UsageError('demo uses its own mock upstream; use "start --upstream URL" for another one');
  let durationMs: number | undefined;
  try {
    durationMs = flags.extra.duration === undefined ? undefined : parseDuration(String(flags.extra.duration));
  } catch (err) {
    throw new UsageError(`--duration: ${(err as Error).message}`);
  }
  const faultFlags = readFaultFlags(flags.extra);
  prepareCapturesDir(flags.capturesDir);
  if (flags.extra.compare) return (await import('../demo/compareCommand.ts')).runDemoCompare(flags, durationMs);
  // The 60-minute default of `start` would hide the limit; the demo's default is short.
  // Loaded after the flags are checked: the openai SDK takes a moment to load.
  const { DEMO_MAX_AGE_MS, startDemo } = await import('../demo/demo.ts');
  const maxAgeMs = argv.some((a) => /^--max-age(=|$)/.test(a)) ? flags.maxAgeMs : DEMO_MAX_AGE_MS;
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

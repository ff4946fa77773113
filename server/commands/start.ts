import { prepareCapturesDir } from '../captures/capturesDir.ts';
import { readRelayFlags, relayOptions, relayStartOptions, UsageError, warn } from '../cliFlags.ts';
import type { CommandSpec, OptionSpecs, ParsedArgs } from '../cliOptions.ts';
import { FAULT_OPTIONS, readFaultFlags } from '../faults/flags.ts';
import { openBrowser } from '../openBrowser.ts';
import { startLiveOtlp } from '../otlp/liveExport.ts';
import { indexLater } from '../index/indexLater.ts';
import { IndexStore } from '../index/indexStore.ts';
import { startRelay } from '../relay.ts';
import { untilSignal } from '../signals.ts';

const OPTIONS = {
  ...relayOptions(),
  ...FAULT_OPTIONS,
  otlp: { type: 'string', value: 'URL', help: 'send turns live as OpenTelemetry GenAI spans to an OTLP/HTTP collector' },
  'include-content': { type: 'boolean', help: '(with --otlp) add prompts and outputs to the spans (off by default)' },
} as const satisfies OptionSpecs;

export const spec: CommandSpec<typeof OPTIONS> = {
  usage: '[start] [flags]',
  about:
    "The relay and the dashboard on one port: point your agent's SDK at the printed base URL; every frame is forwarded unchanged, recorded into a capture file and shown live in the dashboard.",
  options: OPTIONS,
};

/** `responses-inspector [start]`: relay + dashboard until SIGINT/SIGTERM. */
export async function run({ values }: ParsedArgs<typeof OPTIONS>): Promise<number> {
  const flags = readRelayFlags(values);
  const faultFlags = readFaultFlags(flags.extra);
  const otlpUrl = flags.extra.otlp as string | undefined;
  if (otlpUrl !== undefined && !/^https?:\/\/[^/]/.test(otlpUrl)) throw new UsageError(`--otlp must be an http:// or https:// OTLP/HTTP endpoint, not ${JSON.stringify(otlpUrl)}`);
  prepareCapturesDir(flags.capturesDir);
  if (otlpUrl === undefined && flags.extra['include-content']) warn('--include-content only applies with --otlp URL (it adds prompts and outputs to the spans): ignored');
  const relay = await startRelay({ ...relayStartOptions(flags), ...faultFlags }).catch(listenError(flags.port));
  // --otlp URL: turns as GenAI spans to an OTLP/HTTP collector, live.
  const otlp =
    otlpUrl === undefined
      ? null
      : startLiveOtlp(relay.log, { endpoint: otlpUrl, includeContent: flags.extra['include-content'] === true, warn: (m) => process.stderr.write(`responses-inspector: ${m}\n`) });
  if (otlp) process.stdout.write(`otlp: ${otlpUrl}\n`);
  if (flags.open) openBrowser(relay.browserUrl());
  await untilSignal();
  await relay.close();
  await otlp?.close();
  const indexing = indexLater(relay.captureFile, IndexStore.fromEnv(warn));
  if (indexing) process.stdout.write(`${indexing}\n`);
  return 0;
}

/** EADDRINUSE and friends become one clear line and exit code 2. */
export function listenError(port: number) {
  return (err: NodeJS.ErrnoException): never => {
    if (err.code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use; pass --port N for another, or --port 0 for any free port`);
    if (err.code === 'EACCES') throw new UsageError(`port ${port} needs privileges this user does not have; pass --port N above 1023`);
    throw err;
  };
}

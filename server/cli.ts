import { InspectorError } from '../src/core/errors.ts';
import { RELAY_FLAGS_HELP, UsageError } from './cliFlags.ts';
import { TOOL } from './paths.ts';
import { catchSignals } from './signals.ts';

export const USAGE = `responses-inspector ${TOOL.version}: see and record your agent's OpenAI Responses API WebSocket traffic

usage: responses-inspector [command] [flags]

commands:
  start                  relay + dashboard on one port (the default command)
  demo                   the same, plus a built-in mock endpoint and a demo agent (no API key)
  mock                   the mock Responses endpoint alone
  open FILE              the dashboard on a saved capture (.ndjson) or HAR file
  export FILE --format json|har|otlp [-o OUT]
                         the timeline export, without a browser
  replay FILE            serve a capture as a Responses endpoint
  compare A B            two captures side by side: TTFT, server time, setup, agent time per turn
  run [flags] -- CMD …   the relay around CMD, whose environment points the SDKs at it; a summary
                         at exit, --fail-on RULES for CI
  check FILE --fail-on RULES
                         the same rules on a saved capture or HAR; exit 3 when one fires

flags for start and demo:
${RELAY_FLAGS_HELP}
  --otlp URL             (start) send turns live as OpenTelemetry GenAI spans to an OTLP/HTTP
                         collector
  --include-content      (start --otlp) add prompts and outputs to the spans (off by default)

Run "responses-inspector COMMAND --help" for a command's own flags.`;

interface CommandModule {
  run(argv: string[]): Promise<number>;
  /** Printed for COMMAND --help when the command does not handle --help itself. */
  HELP?: string;
}

/**
 * Each command is a module of its own, imported only when it runs: the compiled CLI keeps one chunk
 * per command, so `--help` and a short command load nothing they do not use. A new command is one
 * line here.
 */
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  start: () => import('./commands/start.ts'),
  demo: () => import('./commands/demo.ts'),
  mock: () => import('./commands/mock.ts'),
  open: () => import('./commands/open.ts'),
  export: () => import('./commands/export.ts'),
  replay: () => import('./commands/replay.ts'),
  compare: () => import('./commands/compare.ts'),
  run: () => import('./commands/run.ts'),
  check: () => import('./commands/check.ts'),
};

/** Commands that run until stopped: they listen for SIGINT/SIGTERM from the start (server/signals.ts). */
const LONG_RUNNING = new Set(['start', 'demo', 'mock', 'open', 'replay']);

/** Runs one command and returns its exit code; the only place that turns errors into exit codes. */
export async function main(argv: string[]): Promise<number> {
  let [command, ...rest] = argv;
  if (command === undefined || (command.startsWith('-') && command !== '--help' && command !== '-h' && command !== '--version')) {
    rest = argv;
    command = 'start';
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === '--version') {
    process.stdout.write(`${TOOL.version}\n`);
    return 0;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (load === undefined) {
    process.stderr.write(`responses-inspector: unknown command ${JSON.stringify(command)}; run responses-inspector --help\n`);
    return 2;
  }
  try {
    const mod = await load();
    // Arguments after "--" belong to another program (`run -- CMD --help`).
    const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (mod.HELP !== undefined && (own.includes('--help') || own.includes('-h'))) {
      process.stdout.write(`${mod.HELP}\n`);
      return 0;
    }
    if (LONG_RUNNING.has(command)) catchSignals();
    return await mod.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      const hint = err.helpHint ? `; run "responses-inspector ${command} --help" for its flags` : '';
      process.stderr.write(`responses-inspector: ${err.message}${hint}\n`);
      return 2;
    }
    // A domain error is about what the user gave (a file, a plan, a rule): they can fix it, so it
    // exits 2 like a usage mistake; anything else is ours and exits 1.
    if (err instanceof InspectorError) {
      process.stderr.write(`responses-inspector: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`responses-inspector: ${(err as Error).message}\n`);
    return 1;
  }
}

import { InspectorError } from '../src/core/errors.ts';
import { UsageError } from './cliErrors.ts';
import { relayOptions } from './cliFlags.ts';
import { type CommandModule, commandHelp, HELP_WIDTH, optionsHelp, parseCommandArgs, wantsHelp, wrap } from './cliOptions.ts';
import { TOOL } from './paths.ts';
import { catchSignals } from './signals.ts';

interface CommandEntry {
  /** How the top-level help names it: `open FILE`. */
  synopsis: string;
  summary: string;
  /** Runs until stopped: it listens for SIGINT/SIGTERM from the start (server/signals.ts). */
  longRunning?: boolean;
  load: () => Promise<CommandModule>;
}

/**
 * The commands. Each is a module of its own that declares its flags (`spec`, cliOptions.ts) and is imported
 * only when it runs or shows its help: the compiled CLI keeps one chunk per command, so `--help` and
 * a short command load nothing they do not use. A new command is one entry here.
 */
const COMMANDS: Record<string, CommandEntry> = {
  start: { synopsis: 'start', summary: 'relay + dashboard on one port (the default command)', longRunning: true, load: () => import('./commands/start.ts') },
  demo: { synopsis: 'demo', summary: 'the same, plus a built-in mock endpoint and a demo agent (no API key)', longRunning: true, load: () => import('./commands/demo.ts') },
  mock: { synopsis: 'mock', summary: 'the mock Responses endpoint alone', longRunning: true, load: () => import('./commands/mock.ts') },
  open: { synopsis: 'open FILE', summary: 'the dashboard on a saved capture (.ndjson), HAR file or JSON export', longRunning: true, load: () => import('./commands/open.ts') },
  export: { synopsis: 'export FILE --format json|har|otlp [-o OUT]', summary: 'the timeline export, without a browser', load: () => import('./commands/export.ts') },
  replay: { synopsis: 'replay FILE', summary: 'serve a capture as a Responses endpoint', longRunning: true, load: () => import('./commands/replay.ts') },
  compare: { synopsis: 'compare A B', summary: 'two captures side by side: TTFT, server time, setup, agent time per turn', load: () => import('./commands/compare.ts') },
  run: {
    synopsis: 'run [flags] -- CMD …',
    summary: 'the relay around CMD, whose environment points the SDKs at it; a summary at exit, --fail-on RULES for CI',
    load: () => import('./commands/run.ts'),
  },
  check: { synopsis: 'check FILE --fail-on RULES', summary: 'the same rules on a saved capture or HAR; exit 3 when one fires', load: () => import('./commands/check.ts') },
  index: { synopsis: 'index FILE', summary: 'index a large capture now, so the dashboard opens it without reading it again', load: () => import('./commands/index.ts') },
};

/** Where a command's summary starts in the top-level help. */
const SUMMARY_COLUMN = 25;

/** The top-level help, from the registry and the relay flags' declaration. */
export function usage(): string {
  const commands = Object.values(COMMANDS).flatMap(({ synopsis, summary }) => {
    const text = wrap(summary, HELP_WIDTH - SUMMARY_COLUMN).map((l) => ' '.repeat(SUMMARY_COLUMN) + l);
    const label = `  ${synopsis}`;
    if (label.length < SUMMARY_COLUMN - 1) text[0] = label.padEnd(SUMMARY_COLUMN) + text[0].trimStart();
    else text.unshift(label);
    return text;
  });
  return [
    `responses-inspector ${TOOL.version}: see and record your agent's OpenAI Responses API WebSocket traffic`,
    'usage: responses-inspector [command] [flags]',
    `commands:\n${commands.join('\n')}`,
    `flags for start and demo:\n${optionsHelp(relayOptions())}`,
    'Run "responses-inspector COMMAND --help" for a command\'s own flags.',
  ].join('\n\n');
}

/** Runs one command and returns its exit code; the only place that turns errors into exit codes. */
export async function main(argv: string[]): Promise<number> {
  let [name, ...rest] = argv;
  if (name === undefined || (name.startsWith('-') && name !== '--help' && name !== '-h' && name !== '--version')) {
    rest = argv;
    name = 'start';
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  if (name === '--version') {
    process.stdout.write(`${TOOL.version}\n`);
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    process.stderr.write(`responses-inspector: unknown command ${JSON.stringify(name)}; run responses-inspector --help\n`);
    return 2;
  }
  try {
    const mod = await entry.load();
    if (wantsHelp(mod.spec, rest)) {
      process.stdout.write(`${commandHelp(mod.spec)}\n`);
      return 0;
    }
    const args = parseCommandArgs(mod.spec, rest);
    if (entry.longRunning) catchSignals();
    return await mod.run(args);
  } catch (err) {
    if (err instanceof UsageError) {
      const hint = err.helpHint ? `; run "responses-inspector ${name} --help" for its flags` : '';
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

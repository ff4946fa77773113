import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import { isatty } from 'node:tty';
import { parseRules } from '../../src/core/gate.ts';
import { formatRunSummary, nothingSeenLine, type RunSummary } from '../../src/core/runSummary.ts';
import { prepareCapturesDir } from '../captures/capturesDir.ts';
import { readRelayFlags, relayOptions, relayStartOptions, warn } from '../cliFlags.ts';
import type { CommandSpec, OptionSpecs, ParsedArgs } from '../cliOptions.ts';
import { openBrowser } from '../openBrowser.ts';
import { startRelay } from '../relay.ts';
import { childEnv } from '../run/childEnv.ts';
import { reportGate, summarizeFile } from '../run/gateReport.ts';
import { catchSignals, untilSignal } from '../signals.ts';
import { listenError } from './start.ts';
import { FAULT_OPTIONS, readFaultFlags } from '../faults/flags.ts';

const OPTIONS = {
  // `run` defaults to any free port: the child learns the URL from its environment.
  ...relayOptions({ port: '0' }),
  ...FAULT_OPTIONS,
  'fail-on': {
    type: 'string',
    value: 'RULES',
    help: 'exit non-zero when a rule fires, naming it: comma-separated, e.g. error,cut,limit-unrecovered,cache-miss,fault-unrecovered,ttft-p95>800ms (status 3 when CMD itself exited 0; see "check --help" for the rules)',
  },
  json: { type: 'boolean', help: "also print the summary as one line of JSON on stdout, after CMD's output" },
  'json-out': { type: 'string', value: 'FILE', help: 'write the summary as JSON to FILE' },
  'keep-open': { type: 'boolean', help: 'keep the relay and the dashboard up after CMD exits, until Ctrl-C' },
} as const satisfies OptionSpecs;

export const spec: CommandSpec<typeof OPTIONS> = {
  usage: 'run [flags] -- CMD [ARGS…]',
  about: `Starts the relay and the dashboard, then runs CMD with an environment that points the OpenAI SDKs at the relay (OPENAI_BASE_URL, OPENAI_WEBSOCKET_BASE_URL, OPENAI_API_BASE; loopback added to NO_PROXY). Its stdin, stdout and stderr are CMD's; SIGINT, SIGTERM and SIGHUP are passed to it.

When CMD exits, a summary goes to stderr (turns, errors, cut turns, reconnects, limit hits, cache misses, TTFT p50/p95, tokens, the capture's path) and run exits with CMD's status (128+N when a signal N killed it).`,
  options: OPTIONS,
  passThrough: 'run needs the command after "--": responses-inspector run [flags] -- CMD [ARGS…]',
};

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** 128 + the signal's number, as shells report a process a signal killed. */
export function signalStatus(signal: NodeJS.Signals): number {
  return 128 + (os.constants.signals[signal] ?? 0);
}

/** How CMD ended: its status or signal, or the error that kept it from starting. */
interface Ended {
  status: number | null;
  signal: NodeJS.Signals | null;
  error?: NodeJS.ErrnoException;
}

/** `responses-inspector run [flags] -- CMD …`: the relay around one run of CMD. */
export async function run({ values, passThrough: command }: ParsedArgs<typeof OPTIONS>): Promise<number> {
  const flags = readRelayFlags(values);
  const faultFlags = readFaultFlags(flags.extra);
  // A bad rule is a RuleError: a domain error, which the CLI reports as a usage mistake.
  const rules = values['fail-on'] === undefined ? [] : parseRules(values['fail-on']);
  prepareCapturesDir(flags.capturesDir);

  const signals = forwardSignals();
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const relay = await startRelay({ ...relayStartOptions(flags), announce: say, ...faultFlags }).catch((err: NodeJS.ErrnoException) => {
    signals.stop();
    return listenError(flags.port)(err);
  });
  const early = signals.early();
  if (early) {
    signals.stop();
    await relay.close();
    return signalStatus(early);
  }
  if (flags.open) openBrowser(relay.browserUrl());

  const { env, overridden } = childEnv(process.env, relay.baseUrl);
  for (const o of overridden) warn(`${o.name} was ${JSON.stringify(o.was)}; CMD gets the relay's instead (pass --upstream to forward to another endpoint)`);
  const ended = await runChild(command, env, signals.forwardTo);
  signals.stop();
  // From here a first signal is kept (for --keep-open, or ignored while the summary is written), a
  // second one exits at once.
  catchSignals();
  const status = exitStatus(ended, command[0]);

  if (!values['keep-open']) await relay.close();
  else await relay.log.settle();
  if (relay.log.error) warn(`the capture is incomplete (${relay.log.error}): the summary covers what was written`);
  let summary: RunSummary;
  try {
    summary = await summarizeFile(relay.captureFile!);
  } catch (err) {
    // No summary is no reason to hide how CMD ended.
    warn(`no summary: ${(err as Error).message}`);
    if (values['keep-open']) await relay.close();
    return status;
  }
  const how = ended.signal ? `was killed by ${ended.signal}` : ended.error ? 'did not start' : `exited with status ${status}`;
  const exitCode = reportGate({
    summary,
    rules,
    capture: relay.captureFile,
    out: { text: process.stderr, json: values.json, jsonOut: values['json-out'] },
    baseStatus: status,
    textLines: [`run: ${command.join(' ')} ${how}`, ...formatRunSummary(summary, relay.captureFile).map((l) => `  ${l}`)],
    command: { argv: command, status: ended.status, signal: ended.signal },
  });
  if (summary.connections === 0 && !ended.error) process.stderr.write(`responses-inspector: ${nothingSeenLine(status)}\n`);

  if (values['keep-open']) {
    say(`run: the dashboard stays up until Ctrl-C: ${relay.dashboardUrl}`);
    await untilSignal();
    await relay.close();
  }
  return exitCode;
}

/**
 * Catches SIGINT, SIGTERM and SIGHUP from now on: one that arrives before CMD starts is kept
 * (`early`) and stops run cleanly; once `forwardTo` names CMD, they go to it, and its exit ends run.
 */
function forwardSignals() {
  let child: ChildProcess | null = null;
  let early: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (!child) early ??= signal;
    // A terminal's Ctrl-C already reached CMD: it is in the same foreground process group. (isatty,
    // not process.stdin: creating that stream would touch the descriptor CMD reads from.)
    else if (!(signal === 'SIGINT' && isatty(0))) child.kill(signal);
  };
  for (const s of FORWARDED) process.on(s, onSignal);
  return {
    early: () => early,
    forwardTo: (c: ChildProcess) => {
      child = c;
    },
    stop: () => {
      for (const s of FORWARDED) process.off(s, onSignal);
    },
  };
}

/** Runs CMD with stdio inherited and resolves when it exits or cannot start. */
function runChild(command: string[], env: NodeJS.ProcessEnv, started: (child: ChildProcess) => void): Promise<Ended> {
  return new Promise<Ended>((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env });
    started(child);
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ status: null, signal: null, error }));
    child.on('exit', (status, signal) => resolve({ status, signal }));
  });
}

/** CMD's status as a shell reports it: 128+N for signal N; 127 for a command that does not exist, 126 for one that cannot run. */
function exitStatus(ended: Ended, program: string): number {
  if (!ended.error) return ended.status ?? signalStatus(ended.signal!);
  const missing = ended.error.code === 'ENOENT';
  process.stderr.write(`responses-inspector: cannot run ${JSON.stringify(program)}: ${missing ? 'command not found' : ended.error.message}\n`);
  return missing ? 127 : 126;
}

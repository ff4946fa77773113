import path from 'node:path';
import { parseRules } from '../../src/core/gate.ts';
import { formatRunSummary } from '../../src/core/runSummary.ts';
import { inputKind } from '../captures/readInput.ts';
import { UsageError } from '../cliFlags.ts';
import type { CommandSpec, OptionSpecs, ParsedArgs } from '../cliOptions.ts';
import { reportGate, summarizeFile } from '../run/gateReport.ts';

const OPTIONS = {
  'fail-on': { type: 'string', value: 'RULES', help: 'the rules (required)' },
  json: { type: 'boolean', help: 'the summary as one line of JSON on stdout instead of the text' },
  'json-out': { type: 'string', value: 'FILE', help: 'also write the summary as JSON to FILE' },
} as const satisfies OptionSpecs;

export const spec: CommandSpec<typeof OPTIONS> = {
  usage: 'check FILE --fail-on RULES [--json] [--json-out FILE]',
  about:
    'Applies the rules of "run --fail-on" to a saved capture (.ndjson) or HAR file: prints its summary (turns, errors, cut turns, reconnects, limit hits, cache misses, TTFT p50/p95, tokens) and exits 3 when a rule fires, naming it (0 when none does, 2 for a bad rule or an unreadable file).',
  options: OPTIONS,
  positionals: true,
  notes: `RULES, comma-separated (quote them: > and < are shell redirections):
  error               a turn ended in an error (failed, incomplete, error frame), or an upgrade
                      was refused
  cut                 a turn was cut by its connection's end
  in-flight           a turn never got its terminal event
  reconnect           the agent reconnected
  limit               a connection hit the connection-age limit
  limit-unrecovered   … and no turn completed after it on a replacement connection
  cache-miss          previous_response_not_found (the connection-local cache was lost)
  faults              the relay injected a fault (run --faults, the dashboard)
  fault-unrecovered   … and the agent did not recover from it (its recovery verdict)
  NAME>N, NAME>=N, NAME<N, NAME<=N
                      any of the above, or turns, connections, tokens, input-tokens, output-tokens,
                      compared with a whole number (turns>200, turns<1)
  ttft-p50, ttft-p95, total-p50, total-p95 with a duration
                      time to first token / send to terminal event, percentiles over the turns
                      (ttft-p95>800ms, total-p50>=2s; a bare number is milliseconds)`,
};

/** `responses-inspector check FILE --fail-on RULES`: CI gates on a saved capture. */
export async function run({ values, positionals }: ParsedArgs<typeof OPTIONS>): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('check takes one file: responses-inspector check FILE --fail-on RULES');
  if (values['fail-on'] === undefined) throw new UsageError(`check needs --fail-on RULES (e.g. --fail-on 'error,cut,ttft-p95>800ms')`, true);
  // A bad rule is a RuleError: a domain error, which the CLI reports as a usage mistake.
  const rules = parseRules(values['fail-on']);
  const file = path.resolve(positionals[0]);
  // A HAR keeps the frames a fault injected, not the fault records the verdicts come from: a fault
  // rule on it would always pass, and a CI gate that cannot fail is worse than none.
  const faultRule = rules.find((r) => r.metric === 'faults' || r.metric === 'fault-unrecovered');
  if (faultRule && inputKind(file) === 'har') {
    throw new UsageError(`--fail-on ${faultRule.text} needs the capture (.ndjson) the relay wrote: a HAR file holds no fault records`);
  }
  const summary = await summarizeFile(file);
  return reportGate({
    summary,
    rules,
    capture: file,
    out: { text: values.json ? null : process.stdout, json: values.json === true, jsonOut: values['json-out'] as string | undefined },
    baseStatus: 0,
    textLines: formatRunSummary(summary, file),
  });
}

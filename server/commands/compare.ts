import path from 'node:path';
import { createTimingCollector, compareTimings, type TurnTiming } from '../../src/core/compare.ts';
import { formatComparisonTable } from '../../src/core/compareTable.ts';
import { readInput } from '../captures/readInput.ts';
import { parsePort, UsageError, warn } from '../cliFlags.ts';
import type { CommandSpec, OptionSpecs, ParsedArgs } from '../cliOptions.ts';
import { serveComparison } from '../compare/serveComparison.ts';
import { openBrowser } from '../openBrowser.ts';
import { catchSignals, untilSignal } from '../signals.ts';
import { listenError } from './start.ts';

const OPTIONS = {
  json: { type: 'boolean', help: 'the comparison as JSON instead of the table' },
  threshold: { type: 'string', value: 'PCT', default: '10', help: 'flag a turn of B as slower when it is over PCT percent (and 5 ms) slower' },
  ui: { type: 'boolean', help: 'also serve the comparison view in the dashboard (until Ctrl-C)' },
  port: { type: 'string', value: 'N', default: '8787', help: '(with --ui) 0 = any free port' },
  'no-open': { type: 'boolean', help: '(with --ui) do not open a browser (implied when CI is set)' },
} as const satisfies OptionSpecs;

export const spec: CommandSpec<typeof OPTIONS> = {
  usage: 'compare A B [--json] [--threshold PCT] [--ui [--port N] [--no-open]]',
  about:
    'A and B are captures (.ndjson) or HAR files, e.g. the same agent over HTTP and over WebSocket, or two runs over the same transport. Turns are aligned by lane and order; per turn and in total it prints time to first token, server time, connection setup paid and agent time as A → B, difference and ratio, and flags the turns of B that got slower.',
  options: OPTIONS,
  positionals: true,
};

/** `responses-inspector compare A B`: two captures side by side. */
export async function run({ values, positionals, given }: ParsedArgs<typeof OPTIONS>): Promise<number> {
  if (positionals.length !== 2) throw new UsageError('compare takes two files: responses-inspector compare A B');
  const pct = Number(values.threshold);
  if (!Number.isFinite(pct) || pct < 0) throw new UsageError(`--threshold must be a percentage of 0 or more, not ${JSON.stringify(values.threshold)}`);
  // Flags of the served view, given without it: said, not silently dropped.
  const viewFlags = [...(given.has('port') ? ['--port'] : []), ...(values['no-open'] ? ['--no-open'] : [])];
  if (!values.ui && viewFlags.length) warn(`${viewFlags.join(' and ')} only ${viewFlags.length === 1 ? 'applies' : 'apply'} with --ui: ignored`);
  const [a, b] = await Promise.all(positionals.map((f) => timingsOf(path.resolve(f))));
  const cmp = compareTimings(a, b, { threshold: pct / 100 });
  if (values.json) process.stdout.write(`${JSON.stringify(cmp, null, 2)}\n`);
  else process.stdout.write(`${formatComparisonTable(cmp, { a: positionals[0], b: positionals[1] }).join('\n')}\n`);
  if (!values.ui) return 0;
  // From here it runs until stopped: a signal while the view starts is kept (server/signals.ts).
  catchSignals();
  const port = parsePort(values.port as string | undefined, 8787);
  const files = { a: path.resolve(positionals[0]), b: path.resolve(positionals[1]) };
  const served = await serveComparison({ labels: { a: path.basename(files.a), b: path.basename(files.b) }, files, comparison: cmp }, { port }).catch(listenError(port));
  process.stdout.write(`compare: ${served.url}\n`);
  if (!values['no-open'] && !process.env.CI) openBrowser(served.browserUrl());
  await untilSignal();
  served.close();
  return 0;
}

/** A capture's turn timings, read as a stream. */
export async function timingsOf(file: string): Promise<TurnTiming[]> {
  const collector = createTimingCollector();
  await readInput(
    file,
    (rec) => collector.add(rec),
    (m) => warn(`${path.basename(file)}: ${m}`),
  );
  return collector.timings();
}

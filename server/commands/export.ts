import path from 'node:path';
import { parseExportFilter } from '../../src/core/export/filterParams.ts';
import { exportFile, type ExportFormat } from '../captures/exportFile.ts';
import { checkInputFile } from '../captures/readInput.ts';
import { createOutputFile } from '../captures/outputFile.ts';
import { TextSink } from '../captures/textSink.ts';
import { UsageError, warn } from '../cliFlags.ts';
import type { CommandSpec, OptionSpecs, ParsedArgs } from '../cliOptions.ts';

const OPTIONS = {
  format: { type: 'string', value: 'json|har|otlp', help: 'the timeline as JSON, HAR 1.2 (with the WebSocket messages), or OpenTelemetry spans sent to --endpoint' },
  output: { type: 'string', short: 'o', value: 'OUT', help: 'the file to write (default: stdout)' },
  'include-secrets': { type: 'boolean', help: 'keep key-shaped strings in payloads (replaced by "[redacted]" by default); credential headers are never exported' },
  conns: { type: 'string', value: 'c1,c2', help: 'only these connections' },
  turns: { type: 'string', value: 'N|N-M', help: 'only these turns (from 1; N-, -M too)' },
  types: { type: 'string', value: 'type,type', help: 'only events of these types' },
  endpoint: { type: 'string', value: 'URL', help: '(--format otlp) the OTLP/HTTP collector, e.g. http://127.0.0.1:4318' },
  'include-content': { type: 'boolean', help: '(--format otlp) add prompts and outputs to the spans' },
} as const satisfies OptionSpecs;

export const spec: CommandSpec<typeof OPTIONS> = {
  usage: 'export FILE --format json|har|otlp [-o OUT] [flags]',
  about: "FILE is a capture (.ndjson) or a HAR file (this tool's, Chrome DevTools, HTTP Toolkit, mitmproxy, Playwright).",
  options: OPTIONS,
  positionals: true,
};

/** `responses-inspector export FILE --format json|har|otlp [-o OUT]`: the timeline export, without a browser. */
export async function run({ values, positionals, given: givenFlags }: ParsedArgs<typeof OPTIONS>): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('export takes one FILE: responses-inspector export FILE --format json|har|otlp [-o OUT]');
  const format = values.format as string | undefined;
  // A flag the chosen format does not use is said, not silently dropped.
  const given = (k: keyof typeof OPTIONS, flag = `--${k}`) => (givenFlags.has(k) ? [flag] : []);
  if (format === 'otlp') {
    if (values.output !== undefined)
      throw new UsageError('-o does not apply to --format otlp: the spans are sent to --endpoint, not written to a file (use --format json for a file)');
    const unused = [...given('conns'), ...given('turns'), ...given('types'), ...given('include-secrets')];
    if (unused.length) warn(`${unused.join(' and ')} ${unused.length === 1 ? 'does' : 'do'} not apply to --format otlp: ignored`);
  } else {
    const unused = [...given('endpoint'), ...given('include-content')];
    if (unused.length) warn(`${unused.join(' and ')} only ${unused.length === 1 ? 'applies' : 'apply'} to --format otlp: ignored`);
  }
  // OpenTelemetry GenAI spans to an OTLP/HTTP collector (server/otlp/).
  if (format === 'otlp') return exportOtlp(positionals[0], values.endpoint as string | undefined, values['include-content'] === true);
  if (format !== 'json' && format !== 'har') throw new UsageError(`--format must be json, har or otlp${format === undefined ? '' : `, not ${JSON.stringify(format)}`}`);
  const file = path.resolve(positionals[0]);
  const out = values.output === undefined ? null : path.resolve(values.output as string);
  if (out === file) throw new UsageError('-o must not be the input file');
  const filterFlags = { conns: values.conns, turns: values.turns, types: values.types };
  const filter = parseExportFilter(filterFlags, (k) => `--${k}`);
  checkInputFile(file);

  const started = performance.now();
  let output: ReturnType<typeof createOutputFile> | null = null;
  // Interrupted: the partial export is removed (the target is untouched), then the usual 130.
  // Listening before the partial file exists: a signal in between would kill the process and leave it.
  const onSignal = () => {
    output?.discard();
    process.exit(130);
  };
  if (out !== null) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    output = out === null ? null : createOutputFile(out, values.output as string);
  } catch (err) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    throw err;
  }
  const sink = new TextSink(output ? output.stream() : null);
  try {
    const result = await exportFile(file, sink, {
      format: format as ExportFormat,
      includeSecrets: Boolean(values['include-secrets']),
      filter,
      onWarning: warn,
    });
    await sink.close();
    output?.commit();
    const w = result.written;
    if (out !== null) {
      const secs = ((performance.now() - started) / 1000).toFixed(2);
      // What the export holds, not what was read: a filter may keep a few events of thousands.
      const what = 'events' in w ? `${w.events} events` : `${w.entries} HAR entries (${w.messages} WebSocket messages)`;
      process.stdout.write(`export: ${out}\n`);
      process.stderr.write(
        `responses-inspector: exported ${what} of ${result.records} records read from ${result.kind === 'har' ? 'a HAR' : result.kind === 'timeline' ? 'a timeline export' : 'a capture'} as ${format.toUpperCase()} (${(sink.bytes / 1e6).toFixed(1)} MB) in ${secs} s\n`,
      );
    }
    // A filter that matches nothing still makes a valid, empty export: say so, or it reads as an empty capture.
    const flags = describeFlags(filterFlags);
    // --turns always parses to a range (parseExportFilter).
    const firstTurn = (filter?.turns as { from?: number } | undefined)?.from ?? 1;
    if (filter && ('events' in w ? w.events : w.entries) === 0) {
      warn(`${flags} selected nothing in ${path.basename(file)}: the export is empty`);
    } else if (filter?.turns && result.turns !== undefined && firstTurn > result.turns) {
      warn(`${flags} selected no turn in ${path.basename(file)} (it has ${result.turns}): the export holds only connection records`);
    }
  } catch (err) {
    await sink.close().catch(() => undefined);
    // The reader of stdout went away (`export … | head`): that is how pipes end, not an error.
    if (out === null && (err as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    // A half-written export is worse than none: it looks complete to whoever opens it later. Only
    // the temporary file is removed; whatever was at -o before stays as it was.
    output?.discard();
    // The file could not be written (permissions, a full disk): the user's -o, said as such.
    const e = err as NodeJS.ErrnoException;
    if (output && (e.path === output.temp || e.path === out || e.syscall === 'write') && e.code)
      throw new UsageError(`-o ${values.output as string}: cannot write it: ${e.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}`);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return 0;
}

/** The filter flags as given, for messages: `--conns c99 --turns 5`. */
function describeFlags(v: Record<string, string | undefined>): string {
  return (['conns', 'turns', 'types'] as const)
    .filter((k) => v[k] !== undefined)
    .map((k) => `--${k} ${v[k]}`)
    .join(' ');
}

async function exportOtlp(file: string, endpoint: string | undefined, includeContent: boolean): Promise<number> {
  if (endpoint === undefined) throw new UsageError('--format otlp needs --endpoint URL, an http:// or https:// OTLP/HTTP collector (e.g. http://127.0.0.1:4318)');
  if (!/^https?:\/\/[^/]/.test(endpoint))
    throw new UsageError(`--endpoint must be an http:// or https:// OTLP/HTTP collector URL (e.g. http://127.0.0.1:4318), not ${JSON.stringify(endpoint)}`);
  const { exportOtlpFile } = await import('../otlp/exportFile.ts');
  const result = await exportOtlpFile(path.resolve(file), { endpoint, includeContent, onWarning: warn });
  process.stdout.write(`otlp: sent ${result.spans} spans from ${result.records} records to ${endpoint}\n`);
  return 0;
}

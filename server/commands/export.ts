import fs from 'node:fs';
import path from 'node:path';
import type { ExportFilter } from '../../src/core/export/filter.ts';
import { exportFile, type ExportFormat } from '../captures/exportFile.ts';
import { TextSink } from '../captures/textSink.ts';
import { parseFlags, UsageError } from '../cliFlags.ts';

export const EXPORT_USAGE = `usage: responses-inspector export FILE --format json|har|otlp [-o OUT] [--include-secrets]
                                  [--conns c1,c2] [--turns N|N-M] [--types type,type]
                                  [--endpoint URL] [--include-content]

FILE is a capture (.ndjson) or a HAR file (this tool's, Chrome DevTools, HTTP Toolkit, mitmproxy,
Playwright). Without -o the export goes to stdout. --format otlp --endpoint URL [--include-content]
sends the turns as OpenTelemetry GenAI spans to an OTLP/HTTP collector (prompts only with --include-content). Key-shaped strings in payloads are replaced by
"[redacted]" unless --include-secrets is given; credential headers are never exported.`;

/** `responses-inspector export FILE --format json|har|otlp [-o OUT]`: the timeline export, without a browser. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(
    argv,
    {
      format: { type: 'string' },
      output: { type: 'string', short: 'o' },
      'include-secrets': { type: 'boolean' },
      conns: { type: 'string' },
      turns: { type: 'string' },
      types: { type: 'string' },
      endpoint: { type: 'string' },
      'include-content': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(`${EXPORT_USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('export takes one FILE: responses-inspector export FILE --format json|har|otlp [-o OUT]');
  const format = values.format as string | undefined;
  // OpenTelemetry GenAI spans to an OTLP/HTTP collector (issue 8, server/otlp/).
  if (format === 'otlp') return exportOtlp(positionals[0], values.endpoint as string | undefined, values['include-content'] === true);
  if (format !== 'json' && format !== 'har') throw new UsageError(`--format must be json, har or otlp${format === undefined ? '' : `, not ${JSON.stringify(format)}`}`);
  const file = path.resolve(positionals[0]);
  const out = values.output === undefined ? null : path.resolve(values.output as string);
  if (out === file) throw new UsageError('-o must not be the input file');
  const filter = parseFilter(values as Record<string, string | undefined>);

  const started = performance.now();
  const sink = new TextSink(out);
  try {
    const result = await exportFile(file, sink, {
      format: format as ExportFormat,
      includeSecrets: Boolean(values['include-secrets']),
      filter,
      onWarning: (m) => process.stderr.write(`responses-inspector: warning: ${m}\n`),
    });
    await sink.close();
    if (out !== null) {
      const secs = ((performance.now() - started) / 1000).toFixed(2);
      process.stdout.write(`export: ${out}\n`);
      process.stderr.write(`responses-inspector: exported ${result.records} records from ${result.kind === 'har' ? 'a HAR' : 'a capture'} as ${format.toUpperCase()} (${(sink.bytes / 1e6).toFixed(1)} MB) in ${secs} s\n`);
    }
  } catch (err) {
    await sink.close().catch(() => undefined);
    // The reader of stdout went away (`export … | head`): that is how pipes end, not an error.
    if (out === null && (err as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    // A half-written export is worse than none: it looks complete to whoever opens it later.
    if (out !== null) fs.rmSync(out, { force: true });
    throw err;
  }
  return 0;
}

function parseFilter(v: Record<string, string | undefined>): ExportFilter | undefined {
  const list = (s: string | undefined) => (s === undefined ? undefined : s.split(',').map((x) => x.trim()).filter(Boolean));
  const filter: ExportFilter = {};
  if (v.conns !== undefined) filter.conns = list(v.conns);
  if (v.types !== undefined) filter.types = list(v.types);
  if (v.turns !== undefined) filter.turns = parseTurnRange(v.turns);
  return Object.keys(filter).length ? filter : undefined;
}

/** `7`, `3-9`, `5-` or `-4`: 1-based turn numbers, inclusive. */
export function parseTurnRange(text: string): { from?: number; to?: number } {
  const m = /^(\d*)(?:(-)(\d*))?$/.exec(text.trim());
  if (!m || (m[1] === '' && (m[3] ?? '') === '')) throw new UsageError(`--turns must be N, N-M, N- or -M (turn numbers from 1), not ${JSON.stringify(text)}`);
  const from = m[1] === '' ? undefined : Number(m[1]);
  const to = m[2] ? (m[3] === '' ? undefined : Number(m[3])) : from;
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

async function exportOtlp(file: string, endpoint: string | undefined, includeContent: boolean): Promise<number> {
  if (endpoint === undefined || !/^https?:\/\/[^/]/.test(endpoint)) throw new UsageError('--format otlp needs --endpoint URL, an http:// or https:// OTLP/HTTP collector (e.g. http://127.0.0.1:4318)');
  const { exportOtlpFile } = await import('../otlp/exportFile.ts');
  const result = await exportOtlpFile(path.resolve(file), { endpoint, includeContent, onWarning: (m) => process.stderr.write(`responses-inspector: warning: ${m}\n`) });
  process.stdout.write(`otlp: sent ${result.spans} spans from ${result.records} records to ${endpoint}\n`);
  return 0;
}

import { createOtlpExporter, otlpTraces } from '../../src/core/export/otlp.ts';
import { maskRecord } from '../../src/core/redact.ts';
import { readInput } from '../captures/readInput.ts';
import { TOOL } from '../paths.ts';
import { MAX_SPANS_PER_REQUEST, postTraces } from './sender.ts';

export interface OtlpFileResult {
  records: number;
  spans: number;
}

/**
 * `export FILE --format otlp --endpoint URL`: a capture (or HAR) read as a stream, its turns and
 * connections sent as GenAI spans to an OTLP/HTTP collector in batches.
 */
export async function exportOtlpFile(file: string, opts: { endpoint: string; includeContent?: boolean; onWarning?(m: string): void }): Promise<OtlpFileResult> {
  const exporter = createOtlpExporter({ includeContent: opts.includeContent, tool: TOOL });
  let spans = 0;
  const send = async (all: ReturnType<typeof exporter.finish>) => {
    for (let i = 0; i < all.length; i += MAX_SPANS_PER_REQUEST) {
      const batch = all.slice(i, i + MAX_SPANS_PER_REQUEST);
      await postTraces(opts.endpoint, otlpTraces(batch, { tool: TOOL }));
      spans += batch.length;
    }
  };
  let pending: ReturnType<typeof exporter.finish> = [];
  let n = 0;
  const summary = await readInput(
    file,
    async (rec) => {
      exporter.add(maskRecord(rec));
      // Send as turns end, so a long capture never holds all its spans.
      if (rec.kind === 'conn.close' || ++n % 1000 === 0) {
        pending.push(...exporter.takeFinished());
        if (pending.length >= MAX_SPANS_PER_REQUEST) {
          const batch = pending;
          pending = [];
          await send(batch);
        }
      }
    },
    opts.onWarning,
  );
  await send([...pending, ...exporter.finish()]);
  return { records: summary.records, spans };
}

import path from 'node:path';
import type { ExportFilter } from '../../src/core/export/filter.ts';
import { createJsonExporter } from '../../src/core/export/json.ts';
import { maskRecord } from '../../src/core/redact.ts';
import { TOOL } from '../paths.ts';
import { writeHarStream } from './harWriter.ts';
import { readInput, type InputSummary } from './readInput.ts';
import { timeSlicer } from './slices.ts';
import { decodeUtf8 } from './utf8.ts';
import type { TextSink } from './textSink.ts';

export type ExportFormat = 'json' | 'har';

export interface ExportFileOptions {
  format: ExportFormat;
  includeSecrets?: boolean;
  filter?: ExportFilter;
  onWarning?(message: string): void;
  /** Pause for the event loop after this many ms of work (an export inside the relay); see readInput. */
  sliceMs?: number;
}

export interface ExportResult extends InputSummary {
  /** Undefined for a HAR export that did not need the turn model. */
  turns: number | undefined;
  connections: number;
  /** What the export holds (after the filter): JSON events, or HAR entries and their WebSocket messages. */
  written: { events: number } | { entries: number; messages: number };
}

/**
 * Exports a capture or HAR file to `sink`, streaming: records are read, fed to the builder and
 * written as they come; only the turn model's per-turn summaries (and, for HAR, a spool file of
 * messages) outlive a record. Used by `responses-inspector export` and GET /api/export.
 */
export async function exportFile(file: string, sink: TextSink, opts: ExportFileOptions): Promise<ExportResult> {
  let warnings = 0;
  const onWarning = (m: string) => {
    warnings++;
    opts.onWarning?.(m);
  };
  if (opts.format === 'json') {
    // Pieces go straight to the sink; a write that hits backpressure is awaited between chunks.
    let wait: void | Promise<void>;
    const exporter = createJsonExporter(
      { filter: opts.filter, includeSecrets: opts.includeSecrets, tool: TOOL, source: path.basename(file), warnings: () => warnings },
      (text) => {
        const p = sink.write(text);
        if (p) wait = p;
      },
      {
        // Payloads go from the input's bytes to the output's as they are.
        emit: (bytes, start, end) => {
          const p = sink.writeRange(bytes, start, end);
          if (p) wait = p;
        },
        decode: decodeUtf8,
      },
    );
    const taken = () => {
      const p = wait;
      wait = undefined;
      return p;
    };
    const summary = await readInput(
      file,
      (rec, line) => {
        exporter.add(maskRecord(rec), line);
        return taken();
      },
      onWarning,
      {
        sliceMs: opts.sliceMs,
        // Frame records need no maskRecord: only their payload is masked, by the exporter.
        rawLine: (bytes, start, end) => exporter.addLine(bytes, start, end) && (taken() ?? true),
      },
    );
    const pause = opts.sliceMs === undefined ? () => undefined : timeSlicer(opts.sliceMs);
    for (const piece of exporter.finish()) {
      const p = sink.write(piece);
      if (p) await p;
      const y = pause();
      if (y) await y;
    }
    return { ...summary, turns: exporter.model.turns().length, connections: exporter.model.connections().length, written: { events: exporter.events } };
  }
  let summary: InputSummary | undefined;
  const result = await writeHarStream(
    async (each, eachLine) => {
      // Credentials outside payloads are never exported, --include-secrets or not (a capture written
      // by an older version, or a HAR from another tool, may still carry them). Frame records
      // have none: only their payload is masked, by the HAR builder.
      summary = await readInput(file, (rec, line) => each(maskRecord(rec), line), onWarning, { sliceMs: opts.sliceMs, rawLine: eachLine });
    },
    sink,
    { filter: opts.filter, includeSecrets: opts.includeSecrets, tool: TOOL },
  );
  return { ...summary!, turns: result.turns, connections: result.entries, written: { entries: result.entries, messages: result.messages } };
}

/**
 * One reader for whatever the user hands over (a dropped file, a download, a file on disk): a
 * capture (NDJSON) streams record by record through the tolerant capture reader; a HAR is one JSON
 * document, so it is collected and converted when the input ends. The kind is decided from the
 * first non-blank characters. Pure, on text chunks, like captureReader.ts.
 */

import { createCaptureReader, type CaptureReader, type CaptureReadWarning } from './captureReader.ts';
import { CaptureFormatError, lineTooLongMessage, MAX_LINE_CHARS, type CaptureRecord } from './capture.ts';
import { HarFormatError, harTooLargeMessage, importHar, looksLikeHar, MAX_HAR_CHARS, parseHarText } from './har/importHar.ts';

export type InputKind = 'capture' | 'har';

export interface InputReaderHandlers {
  /** Records in order; for a HAR, all of them when the input ends. `line` is 0 for HAR records. */
  record(rec: CaptureRecord, line: number): void;
  /** Skipped capture lines, and what a HAR import left out (line 0). */
  warning?(warning: CaptureReadWarning | { line: 0; code: 'HAR'; message: string }): void;
}

export interface InputReader {
  /** Throws CaptureFormatError / HarFormatError (or SyntaxError for a broken HAR) for a refused input. */
  push(chunk: string): void;
  end(): void;
  /** Known once the first non-blank characters arrived. */
  readonly kind: InputKind | undefined;
}

export function createInputReader(handlers: InputReaderHandlers, opts: { tool?: { name: string; version: string } } = {}): InputReader {
  let kind: InputKind | undefined;
  let head = '';
  let capture: CaptureReader | undefined;
  const har: string[] = [];
  let harChars = 0;

  function decide(start: string): void {
    kind = looksLikeHar(start) ? 'har' : 'capture';
    if (kind === 'capture') capture = createCaptureReader({ record: (r, line) => handlers.record(r, line), warning: (w) => handlers.warning?.(w) });
    const text = head;
    head = '';
    if (text) route(text);
  }

  function route(chunk: string): void {
    if (kind === 'capture') return capture!.push(chunk);
    if (kind === 'har') {
      // Held whole until the end (one JSON document), so it is what bounds this reader's memory.
      harChars += chunk.length;
      if (harChars > MAX_HAR_CHARS) throw new HarFormatError(harTooLargeMessage());
      return void har.push(chunk);
    }
    head += chunk;
    // Only blank text so far (a first line is never this long): never held without bound.
    if (head.length > MAX_LINE_CHARS) throw new CaptureFormatError(lineTooLongMessage(1), 1, 'LINE_TOO_LONG');
    const start = head.trimStart();
    // `{"log"` vs `{"kind"`: a few characters decide; wait for them (or for the end).
    if (start.length >= 8 || start.includes('\n')) decide(start);
  }

  return {
    push: route,
    end() {
      if (kind === undefined) decide(head.trimStart());
      if (kind === 'capture') return capture!.end();
      const { records, warnings } = importHar(parseHarText(har.join('')), opts);
      for (const message of warnings) handlers.warning?.({ line: 0, code: 'HAR', message });
      for (const rec of records) handlers.record(rec, 0);
    },
    get kind() {
      return kind;
    },
  };
}

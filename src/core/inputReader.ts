/**
 * One reader for whatever the user hands over (a dropped file, a download, a file on disk): a
 * capture (NDJSON) streams record by record through the tolerant capture reader; a HAR is one JSON
 * document, so it is collected and converted when the input ends. The kind is decided from the
 * first non-blank characters. Pure, on text chunks, like captureReader.ts.
 */

import { CaptureFormatError, lineTooLongMessage, MAX_LINE_CHARS, type CaptureRecord } from './capture.ts';
import { createCaptureReader, type CaptureReader, type CaptureReadWarning } from './captureReader.ts';
import { importTimeline, looksLikeTimeline, TIMELINE_HEAD_CHARS } from './export/importTimeline.ts';
import { HarFormatError, harTooLargeMessage, importHar, looksLikeHar, MAX_HAR_CHARS, parseHarText } from './har/importHar.ts';

/** A capture, a HAR, or the tool's own JSON timeline export. */
export type InputKind = 'capture' | 'har' | 'timeline';

/** The kind of an input from its first non-blank characters (all of them when it is shorter). */
export function kindOfHead(start: string): InputKind {
  return looksLikeHar(start) ? 'har' : looksLikeTimeline(start) ? 'timeline' : 'capture';
}

/** True when `start` is enough to call kindOfHead: it matched, or it is long enough not to. */
function decidable(start: string): boolean {
  return looksLikeHar(start) || looksLikeTimeline(start) || start.length >= TIMELINE_HEAD_CHARS;
}

/** Records from a whole HAR or timeline document. */
export function importDocument(kind: 'har' | 'timeline', doc: unknown, opts: { tool?: { name: string; version: string } } = {}) {
  return kind === 'har' ? importHar(doc, opts) : importTimeline(doc);
}

export interface InputReaderHandlers {
  /** Records in order; for a HAR, all of them when the input ends. `line` is 0 for HAR records. */
  record(rec: CaptureRecord, line: number): void;
  /** Skipped capture lines, and what a HAR import left out (line 0). */
  warning?(warning: CaptureReadWarning | { line: 0; code: 'HAR'; message: string }): void;
}

export interface InputReader {
  /** Throws CaptureFormatError / HarFormatError / TimelineFormatError (or SyntaxError for a broken document) for a refused input. */
  push(chunk: string): void;
  end(): void;
  /** Known once the first non-blank characters arrived. */
  readonly kind: InputKind | undefined;
}

export function createInputReader(handlers: InputReaderHandlers, opts: { tool?: { name: string; version: string } } = {}): InputReader {
  let kind: InputKind | undefined;
  let head = '';
  let capture: CaptureReader | undefined;
  const doc: string[] = [];
  let docChars = 0;

  function decide(start: string): void {
    kind = kindOfHead(start);
    if (kind === 'capture') capture = createCaptureReader({ record: (r, line) => handlers.record(r, line), warning: (w) => handlers.warning?.(w) });
    const text = head;
    head = '';
    if (text) route(text);
  }

  function route(chunk: string): void {
    if (kind === 'capture') return capture!.push(chunk);
    if (kind !== undefined) {
      // A HAR or a timeline export is one JSON document held whole until the end: what bounds
      // this reader's memory.
      docChars += chunk.length;
      if (docChars > MAX_HAR_CHARS) throw new HarFormatError(harTooLargeMessage());
      return void doc.push(chunk);
    }
    head += chunk;
    // Only blank text so far (a first line is never this long): never held without bound.
    if (head.length > MAX_LINE_CHARS) throw new CaptureFormatError(lineTooLongMessage(1), 1, 'LINE_TOO_LONG');
    const start = head.trimStart();
    // `{"log"`, `{"format":"responses-inspector.timeline"` or a capture line: wait for enough
    // characters to tell (or for the end).
    if (decidable(start)) decide(start);
  }

  return {
    push: route,
    end() {
      if (kind === undefined) decide(head.trimStart());
      if (kind === 'capture') return capture!.end();
      const text = doc.join('');
      const { records, warnings } = importDocument(kind!, kind === 'har' ? parseHarText(text) : JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text), opts);
      for (const message of warnings) handlers.warning?.({ line: 0, code: 'HAR', message });
      for (const rec of records) handlers.record(rec, 0);
    },
    get kind() {
      return kind;
    },
  };
}

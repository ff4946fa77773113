/**
 * The one reader for whatever the user hands over (a dropped file, a download, a file on disk, the
 * dashboard's fetch of a listed capture): a capture (NDJSON) streams record by record through the
 * tolerant capture reader; a HAR or a timeline export is one JSON document, so it is collected and
 * converted when the input ends. The kind is decided here and only here (kindOfHead, on the first
 * non-blank characters), unless the caller already knows it. Pure, on text or UTF-8 byte chunks.
 */

import { CaptureFormatError, lineTooLongMessage, MAX_LINE_CHARS, type CaptureRecord } from './capture.ts';
import { createCaptureReader, type CaptureReader, type CaptureReadWarning } from './captureReader.ts';
import { TimelineFormatError } from './export/importTimeline.ts';
import { portableDecode, type LineDecoder } from './lineSplitter.ts';
import { importTimeline, looksLikeTimeline, TIMELINE_HEAD_CHARS } from './export/importTimeline.ts';
import { HarFormatError, harTooLargeMessage, importHar, looksLikeHar, MAX_HAR_CHARS, parseHarText } from './har/importHar.ts';

/** A capture, a HAR, or the tool's own JSON timeline export. */
export type InputKind = 'capture' | 'har' | 'timeline';

/** The kind of an input from its first non-blank characters (all of them when it is shorter). */
export function kindOfHead(start: string): InputKind {
  return looksLikeHar(start) ? 'har' : looksLikeTimeline(start) ? 'timeline' : 'capture';
}

/**
 * The kind of a named input: a `.har` by its name (whatever it holds: its import then says what is
 * wrong with it), anything else by its first non-blank characters. The one sniffing policy.
 */
export function kindOfInput(start: string, name?: string): InputKind {
  return name !== undefined && /\.har$/i.test(name) ? 'har' : kindOfHead(start);
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
  /** Records in order; for a HAR, all of them when the input ends. `line` is 0 for HAR records; `text` is a capture line as read. */
  record(rec: CaptureRecord, line: number, text?: string): void;
  /** Skipped capture lines, and what a HAR import left out (line 0). */
  warning?(warning: CaptureReadWarning | { line: 0; code: 'HAR'; message: string }): void;
  /** A capture's lines as bytes, before they are parsed (see CaptureReaderHandlers.rawLine). */
  rawLine?(bytes: Uint8Array, start: number, end: number, line: number): boolean;
}

export interface InputReaderOptions {
  tool?: { name: string; version: string };
  /** The input's file name, if it has one: a `.har` is a HAR by its name (kindOfInput). */
  name?: string;
  /** How byte chunks are decoded (Node passes Buffer#toString, which is faster than TextDecoder there). */
  decode?: LineDecoder;
}

export interface InputReader {
  /**
   * Text or UTF-8 bytes (one kind per reader). Throws a domain error for a refused input:
   * CaptureFormatError, HarFormatError or TimelineFormatError (code BAD_JSON for a broken document).
   */
  push(chunk: string | Uint8Array): void;
  end(): void;
  /** Known once the first non-blank characters arrived. */
  readonly kind: InputKind | undefined;
  /** Records handed out so far. */
  readonly records: number;
  /** Warnings given so far. */
  readonly warnings: number;
}

/**
 * The text of a byte chunk from its first non-blank character, enough of it to sniff; a character
 * cut at the end only ever ends the head, and the start is what is matched.
 */
function headOf(bytes: Uint8Array): string {
  let i = 0;
  // Blanks and a byte order mark (EF BB BF) before the first character.
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09 || bytes[i] === 0xef || bytes[i] === 0xbb || bytes[i] === 0xbf)) i++;
  return portableDecode(bytes, i, Math.min(bytes.length, i + 4 * TIMELINE_HEAD_CHARS));
}

/** Bytes of a document held whole, joined once at the end. */
function joinBytes(pieces: Uint8Array[], total: number): Uint8Array {
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

export function createInputReader(handlers: InputReaderHandlers, opts: InputReaderOptions = {}): InputReader {
  let kind: InputKind | undefined;
  let capture: CaptureReader | undefined;
  let records = 0;
  let warnings = 0;
  // What arrived before the kind was known, replayed once it is.
  const held: (string | Uint8Array)[] = [];
  let headText = '';
  let headSize = 0;
  // A HAR or a timeline export is one JSON document held whole until the end: what bounds this
  // reader's memory (bytes bound characters: a UTF-8 byte is at most one UTF-16 unit).
  const doc: (string | Uint8Array)[] = [];
  let docSize = 0;

  const rawLine =
    handlers.rawLine &&
    ((bytes: Uint8Array, start: number, end: number, line: number) => {
      if (!handlers.rawLine!(bytes, start, end, line)) return false;
      records++;
      return true;
    });
  const onRecord = (rec: CaptureRecord, line: number, text?: string) => {
    records++;
    handlers.record(rec, line, text);
  };
  const onWarning = (w: CaptureReadWarning | { line: 0; code: 'HAR'; message: string }) => {
    warnings++;
    handlers.warning?.(w);
  };

  function decide(k: InputKind): void {
    kind = k;
    if (kind === 'capture') capture = createCaptureReader({ record: onRecord, warning: onWarning, rawLine }, undefined, opts.decode);
    for (const chunk of held.splice(0)) route(chunk);
    headText = '';
  }

  function route(chunk: string | Uint8Array): void {
    if (kind === 'capture') return capture!.push(chunk);
    docSize += chunk.length;
    if (docSize > MAX_HAR_CHARS) throw new HarFormatError(harTooLargeMessage());
    // Held until the end, so copied: the caller may reuse its buffer for the next chunk.
    doc.push(typeof chunk === 'string' ? chunk : new Uint8Array(chunk));
  }

  function sniff(chunk: string | Uint8Array): void {
    // Copied for the same reason: a head can take more than one chunk to tell its kind.
    held.push(typeof chunk === 'string' ? chunk : new Uint8Array(chunk));
    headSize += chunk.length;
    // Only blank text so far (a first line is never this long): never held without bound.
    if (headSize > MAX_LINE_CHARS) throw new CaptureFormatError(lineTooLongMessage(1), 1, 'LINE_TOO_LONG');
    headText = (headText + (typeof chunk === 'string' ? chunk : headOf(chunk))).trimStart();
    const start = headText;
    // `{"log"`, `{"format":"responses-inspector.timeline"` or a capture line: wait for enough
    // characters to tell (or for the end).
    if (decidable(start)) decide(kindOfInput(start, opts.name));
  }

  function parseDocument(): unknown {
    const text = doc.every((p) => typeof p === 'string') ? doc.join('') : (opts.decode ?? portableDecode)(joinBytes(doc as Uint8Array[], docSize), 0, docSize);
    doc.length = 0;
    try {
      return parseHarText(text);
    } catch (err) {
      if (!(err instanceof SyntaxError)) throw err;
      const message = `not valid JSON (${err.message})`;
      throw kind === 'har' ? new HarFormatError(message, 'BAD_JSON') : new TimelineFormatError(message, 'BAD_JSON');
    }
  }

  if (opts.name !== undefined && kindOfInput('', opts.name) === 'har') decide('har');

  return {
    push(chunk) {
      if (kind === undefined) sniff(chunk);
      else route(chunk);
    },
    end() {
      if (kind === undefined) decide(kindOfInput(headText, opts.name));
      if (kind === 'capture') return capture!.end();
      const result = importDocument(kind as 'har' | 'timeline', parseDocument(), opts);
      for (const message of result.warnings) onWarning({ line: 0, code: 'HAR', message });
      for (const rec of result.records) onRecord(rec, 0);
    },
    get kind() {
      return kind;
    },
    get records() {
      return records;
    },
    get warnings() {
      return warnings;
    },
  };
}

/** Every record of an input held whole (tests, small files). */
export function readInputText(text: string | Uint8Array, opts: InputReaderOptions = {}): { kind: InputKind; records: CaptureRecord[]; warnings: string[] } {
  const records: CaptureRecord[] = [];
  const warnings: string[] = [];
  const reader = createInputReader({ record: (r) => records.push(r), warning: (w) => warnings.push(w.message) }, opts);
  reader.push(text);
  reader.end();
  return { kind: reader.kind!, records, warnings };
}

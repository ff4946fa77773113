/**
 * The timeline export as JSON (`responses-inspector export FILE --format json`, and the dashboard's
 * export button). Built incrementally: records go in one at a time in file order and text comes
 * out in pieces, so a 1,000,000-record capture is exported without holding its records (the turn
 * model keeps one summary per turn, not the frames).
 *
 * ## Schema: `responses-inspector.timeline`, version 1
 *
 * One JSON object. Keys appear in this order (a streaming writer emits `events` before the
 * summaries it can only know at the end; JSON readers do not care about order):
 *
 * | key | value |
 * | --- | --- |
 * | `format` | `"responses-inspector.timeline"` |
 * | `version` | `1`. A reader refuses a version it does not know. |
 * | `exportedBy` | `{ name, version }` of the tool |
 * | `source` | the file exported (name only), when known |
 * | `secrets` | `"masked"` (key-shaped strings in payloads replaced by `"[redacted]"`) or `"included"` (`--include-secrets`). Credential headers are always `"[redacted]"`. |
 * | `filter` | the filter applied (`conns`, `turns`, `types`, `dirs`; `search` and `regex` for a text search, `custom` for the dashboard's own view), or `null` for everything |
 * | `events` | every kept record in capture order, see below |
 * | `capture` | `{ startT, lastT, upstream, maxAgeMs, ended, dropped }` |
 * | `connections` | per connection: `conn, openT, path, headers, transport, status, upstreamOpenT, handshakeMs, close {side, code, reason, t}, error {status, message, t}, replaces, replacedBy, reconnectReason, reconnectGapMs, limitReached, limitT, cacheMiss, turns, frames, bytes, lanes, frameErrors` |
 * | `turns` | per turn of the kept connections and turn span (and, with a search or the dashboard's view, only the turns with a kept event), in send order: `id` (`conn#n`), `index` (1-based over the capture), `conn, lane` (stream_id or null), `sendSeq, sendT, model` (requested), `servedModel` (from the server's response object, when it names one), `previousResponseId, previousTurnId, warmup, responseId, status` (`queued, in_progress, completed, failed, incomplete, error, cut`), timings `createdT, firstDeltaT, endT` (epoch ms) and `createdMs, ttftMs, totalMs, agentMs` (ms), `tokensPerSecond, usage {inputTokens, outputTokens, cachedTokens, reasoningTokens, totalTokens}, error {code, message, status, type}, incompleteReason, outputText, toolCalls [{name, callId, arguments}], frames, endSeq` |
 * | `counts` | `{ events, connections, turns, warnings }` |
 *
 * Events (`events[]`), all with `t` (epoch milliseconds, fractional, as in the capture) and `kind`:
 * - `frame`: `conn, seq, dir` (`send` agent→API, `receive` API→agent), `type` (the payload's
 *   `type` when it is a JSON object with one), `turn` (turn id, when the frame belongs to one),
 *   `binary, size` (bytes on the wire), `data` (text frames: the text as forwarded, masked unless
 *   secrets are included; binary frames: base64).
 * - `conn.open`: `conn, path, headers`; `conn.upstream_open`: `conn, upstream, status, handshakeMs`;
 *   `conn.close`: `conn, side, code, reason`; `conn.error`: `conn, status, message`;
 *   `capture.gap`: `dropped, message`.
 * Absent values are left out rather than written as null. Times are never rounded.
 */

import type { CaptureRecord, FrameRecord } from '../capture.ts';
import type { ConnectionInfo, Turn } from '../model.ts';
import { maskPayload } from './maskPayload.ts';
import { createCaptureModel, type CaptureModel } from '../turns.ts';
import { asEvent } from '../turns/payload.ts';
import { dataJson } from './rawData.ts';
import { readFrameLine } from './frameLine.ts';
import type { LineDecoder } from '../lineSplitter.ts';
import { settleEndedTurn } from './settle.ts';
import { compileExportFilter, type CompiledExportFilter, type ExportFilter } from './filter.ts';

export const TIMELINE_FORMAT = 'responses-inspector.timeline';
export const TIMELINE_VERSION = 1;

export interface ExportOptions {
  filter?: ExportFilter;
  /** Keep key-shaped strings in payloads (credential headers stay redacted regardless). */
  includeSecrets?: boolean;
  tool?: { name: string; version: string };
  /** The exported file's name, for the reader's information. */
  source?: string;
  /** Warnings met while reading the capture (counted in `counts.warnings`). */
  warnings?: () => number;
}

/** Feeds records in, gets JSON text out in pieces; concatenated, the pieces are one JSON document. */
export interface StreamingExporter {
  /**
   * Text to append after this record (often ''; a piece may end inside the record, the rest follows with the next). `line` is the record's capture line when the caller
   * has it: a frame's payload is then copied already escaped instead of being escaped again.
   */
  add(rec: CaptureRecord, line?: string): string;
  /**
   * A capture line as UTF-8 bytes [start, end) (no newline), for an exporter given `raw`: true when
   * it was a frame line in the relay's layout (frameLine.ts), now added, its payload copied to `raw`
   * as bytes; false when it is anything else, to be parsed and passed to `add`.
   */
  addLine(bytes: Uint8Array, start: number, end: number): boolean;
  /** The rest of the document, in pieces (a large capture has tens of thousands of turns). */
  finish(): Iterable<string>;
  /** The model built along the way (connections and turns). */
  readonly model: CaptureModel;
  /** Events written so far (the filter's selection, not the records read). */
  readonly events: number;
}

/**
 * `emit`, when given, receives the text of each record in several pieces and `add` returns '':
 * a writer that encodes pieces straight to bytes then never copies a payload into a joined string
 * first (the payload is most of the bytes, and each copy costs as much as the escaping it saves).
 */
export interface RawOutput {
  /** Bytes copied to the output, between the pieces given to `emit`. */
  emit(bytes: Uint8Array, start: number, end: number): void;
  decode: LineDecoder;
}

export function createJsonExporter(opts: ExportOptions = {}, emit?: (text: string) => void, raw?: RawOutput): StreamingExporter {
  const filter = compileExportFilter(opts.filter);
  const model = createCaptureModel();
  const mask = opts.includeSecrets ? (s: string) => s : maskPayload;
  let started = false;
  let events = 0;
  // With a `keep` test, the turns that have a kept frame: the only ones listed.
  const keptTurns = opts.filter?.keep ? new Set<number>() : null;
  let closing = '';

  function head(): string {
    started = true;
    const filterJson = filter.all ? null : describeFilter(opts.filter ?? {});
    return (
      `{"format":"${TIMELINE_FORMAT}","version":${TIMELINE_VERSION}` +
      `,"exportedBy":${JSON.stringify(opts.tool ?? { name: 'responses-inspector', version: 'unknown' })}` +
      (opts.source !== undefined ? `,"source":${JSON.stringify(opts.source)}` : '') +
      `,"secrets":"${opts.includeSecrets ? 'included' : 'masked'}","filter":${JSON.stringify(filterJson)},"events":[`
    );
  }

  function add(rec: CaptureRecord, line?: string): string {
    if (!emit) {
      const parts: string[] = [];
      emit = (t) => void parts.push(t);
      try {
        addTo(rec, line);
      } finally {
        emit = undefined;
      }
      return parts.join('');
    }
    addTo(rec, line);
    return '';
  }

  function addLine(bytes: Uint8Array, start: number, end: number): boolean {
    if (!raw || !emit) return false;
    const frame = readFrameLine(bytes, start, end, raw.decode);
    if (!frame) return false;
    const rec = frame.rec;
    if (!started) emit(head());
    const kept = addFrame(rec);
    if (kept === undefined) return true;
    const data = rec.binary ? rec.data : mask(rec.data);
    // Unmasked, the literal in the line is what JSON.stringify(data) writes (frameLine.ts).
    if (data === rec.data) raw.emit(bytes, frame.dataStart, frame.dataEnd);
    else emit(JSON.stringify(data));
    closing = '}';
    return true;
  }

  /** Feeds a frame to the model; writes its event up to `"data":` and returns true when the filter keeps it. */
  function addFrame(rec: FrameRecord): true | undefined {
    const payload = parsePayload(rec);
    model.add(rec, payload ?? null);
    const type = payload && typeof payload.type === 'string' ? payload.type : undefined;
    const turn = model.turnOfFrame(rec.conn, rec.seq);
    settleEndedTurn(turn, rec.seq);
    if (!filter.record(rec, type, turn)) return undefined;
    if (turn && keptTurns) keptTurns.add(turn.index);
    emit!(closing + (events++ === 0 ? '\n' : ',\n') + frameEventHead(rec, type, turn));
    return true;
  }

  function addTo(rec: CaptureRecord, line: string | undefined): void {
    const out = emit!;
    if (!started) out(head());
    if (rec.kind === 'frame') {
      if (addFrame(rec) === undefined) return;
      out(dataJson(rec, line, mask));
      // The frame's closing brace goes out with the next piece: one sink write fewer per frame.
      closing = '}';
      return;
    }
    model.add(rec);
    if (rec.kind !== 'capture.start' && rec.kind !== 'capture.end' && filter.record(rec, undefined, undefined)) {
      out(closing + (events++ === 0 ? '\n' : ',\n') + JSON.stringify(rec));
      closing = '';
    }
  }

  /** JSON string literals of connection ids, payload types and turn ids: few distinct values, each met on many frames. */
  const literals = new Map<string, string>();
  function literal(s: string): string {
    let json = literals.get(s);
    if (json === undefined) {
      // Bounded: a capture with a new type on every frame must not grow the cache without end.
      if (literals.size >= 4096) literals.clear();
      json = JSON.stringify(s);
      literals.set(s, json);
    }
    return json;
  }

  /** Turn ids as JSON literals, by turn index: one array read per frame instead of a map lookup. */
  const turnLiterals: string[] = [];
  function turnLiteral(turn: Turn): string {
    return (turnLiterals[turn.index] ??= JSON.stringify(turn.id));
  }

  /** One frame event up to `"data":` (the payload and `}` follow), built by concatenation: JSON.stringify of an object per frame costs more. */
  function frameEventHead(rec: FrameRecord, type: string | undefined, turn: Turn | undefined): string {
    return (
      `{"t":${rec.t},"kind":"frame","conn":${literal(rec.conn)},"seq":${rec.seq},"dir":"${rec.dir}"` +
      (type !== undefined ? `,"type":${literal(type)}` : '') +
      (turn ? `,"turn":${turnLiteral(turn)}` : '') +
      (rec.injected ? ',"injected":true' : rec.forwarded === false ? ',"forwarded":false' : '') +
      `,"binary":${rec.binary},"size":${rec.size},"data":`
    );
  }

  function* finish(): Generator<string> {
    if (!started) yield head();
    const info = model.info();
    const conns = model.connections().filter((c) => filter.conn(c.conn));
    yield `${closing}\n],"capture":${JSON.stringify(info)},"connections":[`;
    closing = '';
    yield* joined(conns, (c) => JSON.stringify(exportConnection(c, mask)));
    yield '\n],"turns":[';
    let turns = 0;
    yield* joined(
      model.turns().filter((t) => filter.conn(t.conn) && filter.turn(t.index) && (!keptTurns || keptTurns.has(t.index))),
      (t) => (turns++, JSON.stringify(exportTurn(t, mask))),
    );
    yield `\n],"counts":${JSON.stringify({ events, connections: conns.length, turns, warnings: opts.warnings?.() ?? 0 })}}\n`;
  }

  return {
    add,
    addLine,
    finish,
    model,
    get events() {
      return events;
    },
  };
}

/** The whole export of records held in memory (the dashboard, tests). */
export function buildJsonExport(records: Iterable<CaptureRecord>, opts: ExportOptions = {}): string {
  const exporter = createJsonExporter(opts);
  const parts: string[] = [];
  for (const rec of records) parts.push(exporter.add(rec));
  for (const piece of exporter.finish()) parts.push(piece);
  return parts.join('');
}

/**
 * Items as JSON array members, one a line, one piece each: a writer encodes each flat piece
 * straight to bytes, where joining them into large pieces first made ropes that cost more to encode
 * than building them did.
 */
function* joined<T>(items: Iterable<T>, json: (item: T) => string): Generator<string> {
  let first = true;
  for (const item of items) {
    yield (first ? '\n' : ',\n') + json(item);
    first = false;
  }
}

/**
 * Parses a text frame's payload once; the model gets it too, so no frame is parsed twice.
 * Returns undefined for binary frames and text that is not a JSON object.
 */
function parsePayload(rec: FrameRecord): Record<string, unknown> | undefined {
  if (rec.binary || rec.data.charCodeAt(0) !== 123 /* { */) return undefined;
  try {
    return asEvent(JSON.parse(rec.data));
  } catch {
    return undefined;
  }
}

function exportConnection(c: ConnectionInfo, mask: (s: string) => string): ConnectionInfo {
  return { ...c, frameErrors: c.frameErrors.map((e) => (e.message === undefined ? e : { ...e, message: mask(e.message) })) };
}

function exportTurn(t: Turn, mask: (s: string) => string): Turn {
  return {
    ...t,
    outputText: mask(t.outputText),
    toolCalls: t.toolCalls.map((c) => ({ ...c, arguments: mask(c.arguments) })),
    ...(t.error?.message !== undefined ? { error: { ...t.error, message: mask(t.error.message) } } : {}),
  };
}

function describeFilter(f: ExportFilter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (f.conns?.length) out.conns = f.conns;
  if (f.turns !== undefined) out.turns = f.turns;
  if (f.types?.length) out.types = f.types;
  if (f.dirs?.length) out.dirs = f.dirs;
  if (f.keep) out.custom = true;
  if (f.search) {
    out.search = f.search.q;
    if (f.search.regex) out.regex = true;
  }
  return out;
}

export type { CompiledExportFilter, ExportFilter };

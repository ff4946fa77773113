/**
 * Capture format v1: the one source of the record types that the relay writes, the dashboard
 * reads and every exporter consumes. Outside tools read captures too, so the format only grows.
 * A capture is NDJSON: one record a line, `capture.start` first. Readers ignore kinds and fields they do not know and
 * refuse a version they do not know.
 */
import { InspectorError } from './errors.ts';

export const CAPTURE_FORMAT = 'responses-inspector.capture';
export const CAPTURE_VERSION = 1;
/**
 * No capture line the relay writes is longer than this (bytes, newline included): a frame whose
 * line would be longer is recorded cut, with `truncated: true`. Readers must accept lines at least
 * this long, so that every capture the relay writes can be read back.
 */
export const MAX_CAPTURE_LINE_BYTES = 64 * 1024 * 1024;

/** `send` is agent to API, `receive` is API to agent. */
export type Direction = 'send' | 'receive';

/** Who closed a connection first: the agent, the upstream, or the relay itself (shutdown, fault). */
export type CloseSide = 'client' | 'upstream' | 'relay';

export interface CaptureStart {
  kind: 'capture.start';
  /** Epoch milliseconds with a fractional part (microsecond resolution). */
  t: number;
  format: typeof CAPTURE_FORMAT;
  version: number;
  upstream: string;
  tool: { name: string; version: string };
  /** The connection limit the countdown uses (the relay's --max-age), so a reopened capture shows it too. */
  maxAgeMs?: number;
}

export interface ConnOpen {
  kind: 'conn.open';
  t: number;
  conn: string;
  path: string;
  /** The agent's upgrade headers, lower-case names, credentials replaced by "[redacted]". */
  headers: Record<string, string>;
  /** 'ws' for the WebSocket endpoint; 'http' for an HTTP passthrough exchange. */
  transport?: 'ws' | 'http';
  /**
   * HTTP passthrough extension: method of the exchange, and the agent's own socket (`a1`, `a2`…),
   * so exchanges an agent sent over one kept-alive connection can be grouped.
   */
  method?: string;
  agentSocket?: string;
}

export interface ConnUpstreamOpen {
  kind: 'conn.upstream_open';
  t: number;
  conn: string;
  upstream: string;
  /** The upstream's upgrade status (101 when it accepted). */
  status: number;
  /** From dialling the upstream to its upgrade response, in ms. */
  handshakeMs: number;
  /** The upstream's upgrade response headers, credentials redacted. */
  headers?: Record<string, string>;
  /**
   * HTTP passthrough extension (transport 'http'): here `status` is the response status and
   * `handshakeMs` the time from dispatching the request to the response headers. `setupMs` is the
   * connection setup this exchange paid before its request could go out (TCP connect, plus the
   * TLS handshake for https), 0 when `reused` (a kept-alive upstream socket was used).
   */
  setupMs?: number;
  reused?: boolean;
}

export interface FrameRecord {
  kind: 'frame';
  t: number;
  conn: string;
  /** Per connection, from 1, over both directions. */
  seq: number;
  dir: Direction;
  binary: boolean;
  /** Payload bytes on the wire, before any redaction. */
  size: number;
  /** Text frames: the text exactly as forwarded. Binary frames: base64. */
  data: string;
  /**
   * Set when the frame's line would have been longer than MAX_CAPTURE_LINE_BYTES: `data` then holds
   * only the start of the payload (whole characters; for binary, whole bytes), `size` is still the
   * whole frame's. The agent and the upstream got the whole frame.
   */
  truncated?: true;
  /**
   * HTTP passthrough extension (absent on WebSocket frames): what part of an HTTP exchange this
   * is. 'request': the POST body exactly as forwarded (a Responses create body, without the WS
   * `type`). 'sse': one server-sent event; `data` is its `data:` payload exactly (lines joined by
   * "\n"), `size` that payload's bytes, `event` its `event:` name. 'response': a whole non-streamed
   * response body, with the HTTP `status`.
   */
  http?: 'request' | 'sse' | 'response';
  event?: string;
  status?: number;
  /**
   * Fault injection extension: `injected` marks a frame the relay itself sent the agent (an error
   * frame of a fault; it never came from the upstream); `forwarded: false` marks a frame the agent
   * sent that a fault kept from the upstream. Absent on ordinary frames.
   */
  injected?: true;
  forwarded?: false;
}

export interface ConnClose {
  kind: 'conn.close';
  t: number;
  conn: string;
  side: CloseSide;
  /**
   * The close code as received; 1005 when the frame had none, 1006 when the socket ended without one.
   * HTTP exchanges (transport 'http') use 1000 for a response received whole and 1006 for a cut one.
   */
  code: number;
  reason: string;
}

export interface ConnError {
  kind: 'conn.error';
  t: number;
  conn: string;
  /** HTTP status of a refused or failed upgrade, as the agent received it. */
  status?: number;
  message?: string;
  /** Which side the error came from, when known. */
  side?: CloseSide;
}

export interface CaptureEnd {
  kind: 'capture.end';
  t: number;
  counts: { connections: number; frames: number; bytes: number; dropped: number };
}

/** The relay could not record some records (a slow or failing disk); forwarding went on. */
export interface CaptureGap {
  kind: 'capture.gap';
  t: number;
  dropped: number;
  message: string;
}

/**
 * Fault injection extension: one fault the relay injected (`responses-inspector start --faults`,
 * the dashboard, or an enforced --max-age). `action` 'armed': it waits for its moment (the next
 * response.create, the first output delta); 'fired': it struck, `detail` says how.
 */
export interface FaultRecord {
  kind: 'fault';
  t: number;
  /** The connection it struck; for `upgrade`, the refused one. */
  conn: string;
  /** The fault in plan syntax (`limit`, `close 1011`, `delay 50ms jitter 20ms`…). */
  fault: string;
  action: 'armed' | 'fired';
  /** Where it came from: a plan rule as written, `dashboard`, or `max-age`. */
  source: string;
  detail: string;
}

export type CaptureRecord = CaptureStart | ConnOpen | ConnUpstreamOpen | FrameRecord | ConnClose | ConnError | CaptureEnd | CaptureGap | FaultRecord;

export type CaptureKind = CaptureRecord['kind'];

const KNOWN_KINDS: ReadonlySet<string> = new Set<CaptureKind>([
  'capture.start',
  'conn.open',
  'conn.upstream_open',
  'frame',
  'conn.close',
  'conn.error',
  'capture.end',
  'capture.gap',
  'fault',
]);

/**
 * The longest capture line (in UTF-16 units, i.e. at most this many UTF-8 bytes) a reader accepts.
 * Readers hold one line whole, so without a bound an input with no newline (`/dev/zero`) grows
 * until the process dies, and a line past V8's string limit (~512 MiB) fails with an engine
 * message. A line the relay writes stays below it: a frame is at most 128 MiB on the wire, and the
 * relay caps a capture line below this.
 */
export const MAX_LINE_CHARS = 256 * 1024 * 1024;

/** The one message every reader gives for a line over MAX_LINE_CHARS. */
export function lineTooLongMessage(line: number, max = MAX_LINE_CHARS): string {
  const limit = max >= 1024 * 1024 ? `${max / 1024 / 1024} MiB` : `${max} characters`;
  return `line ${line} is longer than ${limit}: not a capture this tool can read (it has no newline where one was due)`;
}

/** A problem with one line of a capture; `line` is 1-based. */
export class CaptureFormatError extends InspectorError {
  declare readonly code: 'UNKNOWN_VERSION' | 'NOT_A_CAPTURE' | 'BAD_LINE' | 'LINE_TOO_LONG';
  constructor(
    message: string,
    readonly line: number,
    code: 'UNKNOWN_VERSION' | 'NOT_A_CAPTURE' | 'BAD_LINE' | 'LINE_TOO_LONG',
  ) {
    super(message, code, code === 'LINE_TOO_LONG' ? 'too_large' : 'invalid');
  }
}

/**
 * Parses one capture line. Returns null for a record kind this reader does not know (readers must
 * ignore those) and throws CaptureFormatError for a line that is not a JSON object with `kind` and `t`.
 */
/** A time a Date can hold (ECMA-262 §21.4.1.1: ±8.64e15 ms): what every consumer of `t` formats. */
export function isDateMs(t: unknown): t is number {
  return typeof t === 'number' && Math.abs(t) <= 8.64e15;
}

export function parseCaptureLine(text: string, line: number): CaptureRecord | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CaptureFormatError(`line ${line}: not valid JSON (${(err as Error).message})`, line, 'BAD_LINE');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CaptureFormatError(`line ${line}: expected a JSON object`, line, 'BAD_LINE');
  }
  const rec = value as { kind?: unknown; t?: unknown };
  // `t` is a date for every consumer (exports format it): one outside Date's range (1e400 parses as Infinity) is corrupt.
  if (typeof rec.kind !== 'string' || !isDateMs(rec.t)) {
    throw new CaptureFormatError(`line ${line}: a record needs a string "kind" and a number "t" (epoch milliseconds)`, line, 'BAD_LINE');
  }
  if (!KNOWN_KINDS.has(rec.kind)) return null;
  if (rec.kind === 'capture.start') checkHeader(value as CaptureStart, line, text);
  return value as CaptureRecord;
}

/** Throws a clear error for a header of another format or an unknown version; `text`: the line as read. */
export function checkHeader(header: CaptureStart, line = 1, text?: string): void {
  if (header.format !== CAPTURE_FORMAT) {
    throw new CaptureFormatError(`line ${line}: not a Responses Inspector capture (format is ${JSON.stringify(header.format)})`, line, 'NOT_A_CAPTURE');
  }
  if (header.version !== CAPTURE_VERSION) {
    throw new CaptureFormatError(
      `line ${line}: capture format version ${versionText(header.version, text)} is not supported ` +
        `(this reader knows version ${CAPTURE_VERSION}); upgrade responses-inspector to read it`,
      line,
      'UNKNOWN_VERSION',
    );
  }
}

/**
 * The version as the file wrote it: a number JSON cannot hold (`1e400` parses to Infinity, which
 * JSON.stringify turns into null) is quoted from the line itself.
 */
function versionText(version: unknown, text: string | undefined): string {
  if (typeof version !== 'number' || Number.isFinite(version)) return JSON.stringify(version);
  const raw = text === undefined ? undefined : /"version"\s*:\s*(-?[0-9][0-9.eE+-]*)/.exec(text)?.[1];
  return raw ?? String(version);
}

/** Epoch ms with microsecond resolution, rounded so that lines stay short and exact. */
export function roundMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

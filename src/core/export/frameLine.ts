/**
 * Reads a capture frame line from its UTF-8 bytes without JSON.parse of the whole line, when the
 * line has exactly the layout the relay writes (server/tee/lines.ts):
 *
 *   {"kind":"frame","t":T,"conn":"C","seq":S,"dir":"send|receive","binary":B,"size":Z,"data":"…"}
 *
 * An exporter then parses only the `data` string literal, and copies its escaped bytes from the
 * input to the output unchanged. Invariant: whatever this accepts, JSON.parse of the line accepts
 * too and gives an equal record with the same key order (the grammar below is a strict subset of
 * JSON's, with no repeated key), and the literal's bytes are what JSON.stringify(data) would write
 * (the relay's escaping) only when they decode as valid UTF-8 — so anything else returns
 * undefined and the caller takes the general path (JSON.parse, warnings for bad lines).
 */

import type { FrameRecord } from '../capture.ts';
import { isDateMs } from '../capture.ts';
import type { LineDecoder } from '../lineSplitter.ts';

export interface FrameLine {
  rec: FrameRecord;
  /** `data` as a JSON string literal, quotes included, as the line holds it. */
  literal: string;
  /** bytes[dataStart, dataEnd) is `data` as a JSON string literal, quotes included. */
  dataStart: number;
  dataEnd: number;
}

const ascii = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const HEAD = ascii('{"kind":"frame","t":');
const CONN = ascii(',"conn":"');
const SEQ = ascii('","seq":');
const DIR = ascii(',"dir":"');
const SEND = ascii('send"');
const RECEIVE = ascii('receive"');
const BINARY = ascii(',"binary":');
const TRUE = ascii('true');
const FALSE = ascii('false');
const SIZE = ascii(',"size":');
const DATA = ascii(',"data":');

/** Powers of ten that are exact doubles: m / 10^k is then correctly rounded, as JSON.parse rounds. */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

function at(b: Uint8Array, i: number, word: Uint8Array): boolean {
  if (i + word.length > b.length) return false;
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word[k]) return false;
  return true;
}

/** Where a number parsed by readNumber ends, and its value (NaN when it is not of the accepted form). */
let numEnd = 0;

/**
 * `-?(0|[1-9][0-9]*)(\.[0-9]+)?` at b[i] (no exponent), or NaN. When its digits, read as one
 * integer m, stay below 2^53 (m is exact) and the fraction has k <= 22 digits (10^k is exact), the
 * value is m / 10^k: one IEEE division, correctly rounded as JSON.parse rounds. Longer numbers (a
 * microsecond clock's 17 digits) are converted by Number, the same correctly rounded conversion.
 */
function readNumber(b: Uint8Array, i: number, end: number, fraction: boolean, decode: LineDecoder): number {
  const start = i;
  const neg = b[i] === 0x2d;
  if (neg) i++;
  const first = i;
  let m = 0;
  while (i < end && b[i] >= 0x30 && b[i] <= 0x39) m = m * 10 + (b[i++] - 0x30);
  if (i === first || (b[first] === 0x30 && i - first > 1)) return NaN;
  let k = 0;
  if (fraction && b[i] === 0x2e) {
    i++;
    const f = i;
    while (i < end && b[i] >= 0x30 && b[i] <= 0x39) m = m * 10 + (b[i++] - 0x30);
    k = i - f;
    if (k === 0) return NaN;
  }
  if (b[i] === 0x65 || b[i] === 0x45) return NaN;
  numEnd = i;
  if (m > Number.MAX_SAFE_INTEGER || k > 22) return Number(decode(b, start, i));
  const v = k === 0 ? m : m / POW10[k];
  return neg ? -v : v;
}

/**
 * Connection ids met lately, by their bytes: a capture interleaves a few connections, so most
 * frames find theirs here instead of decoding a new string each.
 */
const connIds: { bytes: Uint8Array; id: string }[] = [];
let nextSlot = 0;

function connId(b: Uint8Array, start: number, end: number, decode: LineDecoder): string {
  const n = end - start;
  search: for (const c of connIds) {
    if (c.bytes.length !== n) continue;
    for (let k = 0; k < n; k++) if (c.bytes[k] !== b[start + k]) continue search;
    return c.id;
  }
  const id = decode(b, start, end);
  // A copy (a Node Buffer's slice would be a view of the chunk, which the reader reuses).
  const entry = { bytes: new Uint8Array(b.subarray(start, end)), id };
  if (connIds.length < 16) connIds.push(entry);
  else connIds[nextSlot++ & 15] = entry;
  return id;
}

/** The frame line bytes[start, end) (no newline), or undefined when it is not in the relay's layout. */
export function readFrameLine(b: Uint8Array, start: number, end: number, decode: LineDecoder): FrameLine | undefined {
  // The shortest such line is well over 64 bytes; the last two are the literal's quote and the brace.
  if (end - start < 64 || b[end - 1] !== 0x7d || b[end - 2] !== 0x22 || !at(b, start, HEAD)) return undefined;
  let i = start + HEAD.length;
  const t = readNumber(b, i, end, true, decode);
  if (!isDateMs(t)) return undefined;
  i = numEnd;
  if (!at(b, i, CONN)) return undefined;
  i += CONN.length;
  // A connection id of printable ASCII without quote or backslash: its literal needs no escape.
  const connStart = i;
  while (i < end && b[i] !== 0x22) {
    if (b[i] < 0x20 || b[i] > 0x7e || b[i] === 0x5c) return undefined;
    i++;
  }
  const connEnd = i;
  if (!at(b, i, SEQ)) return undefined;
  const seq = readNumber(b, i + SEQ.length, end, false, decode);
  if (Number.isNaN(seq)) return undefined;
  i = numEnd;
  if (!at(b, i, DIR)) return undefined;
  i += DIR.length;
  let dir: 'send' | 'receive';
  if (at(b, i, SEND)) (dir = 'send'), (i += SEND.length);
  else if (at(b, i, RECEIVE)) (dir = 'receive'), (i += RECEIVE.length);
  else return undefined;
  if (!at(b, i, BINARY)) return undefined;
  i += BINARY.length;
  let binary: boolean;
  if (at(b, i, TRUE)) (binary = true), (i += TRUE.length);
  else if (at(b, i, FALSE)) (binary = false), (i += FALSE.length);
  else return undefined;
  if (!at(b, i, SIZE)) return undefined;
  const size = readNumber(b, i + SIZE.length, end, false, decode);
  if (Number.isNaN(size)) return undefined;
  i = numEnd;
  if (!at(b, i, DATA)) return undefined;
  const dataStart = i + DATA.length;
  if (b[dataStart] !== 0x22) return undefined;
  const literal = decode(b, dataStart, end - 1);
  // Invalid UTF-8 decodes to U+FFFD: the bytes would then differ from what the general path writes.
  if (literal.indexOf('\uFFFD') !== -1) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(literal);
  } catch {
    return undefined;
  }
  if (typeof data !== 'string') return undefined;
  const conn = connId(b, connStart, connEnd, decode);
  return { rec: { kind: 'frame', t, conn, seq, dir, binary, size, data }, literal, dataStart, dataEnd: end - 1 };
}

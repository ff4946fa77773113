import { maskSecrets } from '../../src/core/redact.ts';

/** Looks for `text` at `i`; lower-case letters in `text` match either case. */
const at = (buf: Buffer, i: number, text: string): boolean => {
  if (i < 0 || i + text.length > buf.length) return false;
  for (let k = 0; k < text.length; k++) {
    const want = text.charCodeAt(k);
    const got = buf[i + k];
    if (got !== want && !(want >= 0x61 && want <= 0x7a && (got | 0x20) === want)) return false;
  }
  return true;
};
/** Exact case, for prefixes whose case is part of the shape (AIza, AKIA, eyJ). */
const atExact = (buf: Buffer, i: number, text: string): boolean => {
  if (i < 0 || i + text.length > buf.length) return false;
  for (let k = 0; k < text.length; k++) if (buf[i + k] !== text.charCodeAt(k)) return false;
  return true;
};

const QUERY_SEP = new Set([0x3f, 0x26, 0x3b]); // ? & ;

/**
 * The letter-anchored shapes: Bearer/Basic in any case, AIza (Google), AKIA/ASIA (AWS ids),
 * Secret[_]Access[_]Key, and a JWT's `.eyJ`. Letters are frequent in every payload, so one regex pass over
 * a latin1 view (~0.4 ns per byte whatever the content) beats a byte search per letter (tens of ns
 * per hit, and 1 byte in 64 of base64 is any given letter).
 */
// Alternatives factored by their first letter: irregexp then tries fewer branches per position (~2× faster).
const LETTER_ANCHORED = /[Bb](?:[Ee][Aa][Rr][Ee][Rr]|[Aa][Ss][Ii][Cc])|A(?:Iza|KIA|SIA)|[Ss][Ee][Cc][Rr][Ee][Tt]_?[Aa][Cc][Cc][Ee][Ss][Ss]_?[Kk][Ee][Yy]|\.eyJ/;

/**
 * Whether a chunk may hold a key-shaped string, for every shape maskSecrets masks
 * (src/core/redact.ts): punctuation anchors found with single-byte searches (memchr) and a look
 * around each hit, then one regex for the letter-anchored shapes. Linear whatever the payload, and
 * no UTF-8 decoding. A false positive only costs a maskSecrets pass; a false negative leaks, so
 * maskChunk.test.ts checks every shape of the masking contract's table against this.
 */
export function mayHoldKey(buf: Buffer): boolean {
  // user:pass@ in a URL: an @ anywhere after a "://" (maskSecrets bounds neither the user nor the
  // password, so neither may this: a false positive costs one maskSecrets pass, a miss leaks).
  const scheme = buf.indexOf('://');
  if (scheme !== -1 && buf.indexOf(0x40, scheme + 3) !== -1) return true;
  for (let at = 0; ; at += WINDOW_BYTES - WINDOW_OVERLAP) {
    const end = Math.min(buf.length, at + WINDOW_BYTES);
    if (windowMayHoldKey(end - at === buf.length ? buf : buf.subarray(at, end))) return true;
    if (end === buf.length) return false;
  }
}

/**
 * mayHoldKey looks at a large chunk in windows of this size: the letter regex needs the window as a
 * string, and a latin1 string over 128 KiB is allocated in V8's large-object space, ~15× slower
 * (measured: 0.17 against 2.5 GB/s). A chunk of one capture flush is hundreds of KiB when the relay streams.
 */
const WINDOW_BYTES = 64 * 1024;
/** Windows overlap by more than the longest span mayHoldKey looks at (an anchor and its look-around, under 20 bytes). */
const WINDOW_OVERLAP = 64;

/** mayHoldKey's byte-local checks (each anchor and its look-around lie within WINDOW_OVERLAP bytes). */
function windowMayHoldKey(buf: Buffer): boolean {
  // sk- rk- sess- (OpenAI, Anthropic), xox?- (Slack), -----BEGIN (PEM).
  for (let i = buf.indexOf(0x2d); i !== -1; i = buf.indexOf(0x2d, i + 1)) {
    if (atExact(buf, i - 2, 'sk') || atExact(buf, i - 2, 'rk') || atExact(buf, i - 4, 'sess') || atExact(buf, i - 4, 'xox') || atExact(buf, i, '-----BEGIN')) return true;
  }
  // sk_ rk_ gsk_ (Stripe, Groq), hf_, gh?_, github_pat_, [aws_]secret_access_key.
  for (let i = buf.indexOf(0x5f); i !== -1; i = buf.indexOf(0x5f, i + 1)) {
    if (
      atExact(buf, i - 2, 'sk') ||
      atExact(buf, i - 2, 'rk') ||
      atExact(buf, i - 2, 'hf') ||
      atExact(buf, i - 3, 'gh') ||
      atExact(buf, i - 6, 'github') ||
      at(buf, i - 6, 'secret_access')
    )
      return true;
  }
  // name=value after ? & or ; (credentials in a query string).
  for (let i = buf.indexOf(0x3d); i !== -1; i = buf.indexOf(0x3d, i + 1)) {
    let k = i - 1;
    while (k >= 0 && i - k <= 16 && (isWordByte(buf[k]) || buf[k] === 0x2d)) k--;
    if (k >= 0 && k < i - 1 && QUERY_SEP.has(buf[k])) return true;
  }
  return LETTER_ANCHORED.test(buf.toString('latin1'));
}

const isWordByte = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x5f;

/** Masks key-shaped strings in a chunk of capture lines before it reaches a browser. */
export function maskChunk(chunk: Buffer): Buffer {
  if (!mayHoldKey(chunk)) return chunk;
  const text = chunk.toString('utf8');
  const masked = maskSecrets(text);
  return masked === text ? chunk : Buffer.from(masked, 'utf8');
}

/** Above this much without a safe place to cut, a piece is masked as it is (a pathological input). */
const MAX_CARRY = 4 * 1024 * 1024;
const EMPTY = Buffer.alloc(0);

/**
 * Where a stream of capture lines or JSON can be cut without splitting a key shape: after the last
 * newline, or else after the last closing quote of a JSON string (an unescaped `"` followed by `,`,
 * `}` or `]`). No shape spans either. 0 when there is none.
 */
function safeCut(buf: Buffer): number {
  const nl = buf.lastIndexOf(0x0a);
  if (nl !== -1) return nl + 1;
  for (let i = buf.lastIndexOf(0x22, buf.length - 2); i > 0; i = buf.lastIndexOf(0x22, i - 1)) {
    const next = buf[i + 1];
    if (buf[i - 1] !== 0x5c && (next === 0x2c || next === 0x7d || next === 0x5d)) return i + 1;
  }
  return 0;
}

/**
 * Masks a byte stream cut into arbitrary pieces (file reads, export writes, an index's `done`
 * message): each piece is masked up to its last safe cut and the rest carried into the next, so a
 * key that straddles two pieces is still masked whole.
 *
 * Only each new piece is searched for a cut (the carry holds none) and the carry is kept as pieces,
 * joined once a cut comes: a long run without one (a column of numbers, hundreds of KB) costs its
 * length once, not once per piece it spans.
 */
export class StreamMasker {
  #carry: Buffer[] = [];
  #carried = 0;
  /** The carry's last two bytes: a closing quote is known by its neighbours. */
  #tail: Buffer = EMPTY;

  push(piece: Buffer): Buffer {
    if (piece.length === 0) return EMPTY;
    // An offset into carry + piece; the carry holds no cut, so it is at or after the carry's end.
    let cut = this.#cut(piece);
    if (cut === 0) {
      if (this.#carried + piece.length < MAX_CARRY) {
        // Copied: the caller may reuse its buffer, and a small carry must not pin a large piece.
        this.#carry.push(Buffer.from(piece));
        this.#carried += piece.length;
        this.#tail = Buffer.from(Buffer.concat([this.#tail, piece]).subarray(-2));
        return EMPTY;
      }
      cut = this.#carried + piece.length;
    }
    const inPiece = cut - this.#carried;
    const head = this.#carry.length ? Buffer.concat([...this.#carry, piece.subarray(0, inPiece)]) : piece.subarray(0, inPiece);
    this.#carry = inPiece < piece.length ? [Buffer.from(piece.subarray(inPiece))] : [];
    this.#carried = piece.length - inPiece;
    this.#tail = Buffer.from(piece.subarray(Math.max(inPiece, piece.length - 2)));
    return maskChunk(head);
  }

  /** The last safe cut in carry + piece, searching the piece (and the carry's last bytes), or 0. */
  #cut(piece: Buffer): number {
    if (this.#carried === 0) return safeCut(piece);
    const tail = this.#tail;
    const cut = safeCut(Buffer.concat([tail, piece]));
    return cut === 0 ? 0 : this.#carried - tail.length + cut;
  }

  /** What is left, masked; the masker is empty afterwards. */
  flush(): Buffer {
    const rest = this.#carry.length ? Buffer.concat(this.#carry) : EMPTY;
    this.#carry = [];
    this.#carried = 0;
    this.#tail = EMPTY;
    return rest.length ? maskChunk(rest) : EMPTY;
  }
}

import { maskSecrets } from '../redact.ts';

/**
 * The letter-anchored key shapes (src/core/redact.ts): Bearer/Basic in any case, AIza, AKIA/ASIA,
 * [aws_]secret[_]access[_]key in any case, and a JWT's second part `.eyJ`. Each alternative starts
 * with a fixed letter or class, so irregexp scans fast; the full masking regex has no such start.
 */
const LETTER_ANCHORED = /[Bb](?:[Ee][Aa][Rr][Ee][Rr]|[Aa][Ss][Ii][Cc])|A(?:Iza|KIA|SIA)|[Ss][Ee][Cc][Rr][Ee][Tt]_?[Aa][Cc][Cc][Ee][Ss][Ss]|\.eyJ/;

const UNDERSCORE_ANCHOR_END = new Set([...'kfpousrb'].map((c) => c.charCodeAt(0)));

const at = (s: string, i: number, word: string): boolean => i >= 0 && s.startsWith(word, i);

const isNameChar = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;

/**
 * Whether `text` may hold a string that maskSecrets masks: an anchor every key shape contains,
 * found with plain substring searches and one look around each hit. A false positive costs one
 * maskSecrets pass; a false negative would leak, so maskPayload.test.ts checks every shape of the
 * masking contract's table (alone, in prose, JSON-escaped once and twice) against this.
 */
export function mayHoldKey(text: string): boolean {
  // sk- rk- sess- (OpenAI, Anthropic), xox?- (Slack), -----BEGIN (PEM).
  for (let i = text.indexOf('-'); i !== -1; i = text.indexOf('-', i + 1)) {
    if (text.charCodeAt(i + 1) === 0x2d /* - */ && at(text, i, '-----BEGIN')) return true;
    // The letter anchors all end in a lower-case letter right before the '-'.
    const before = text.charCodeAt(i - 1);
    if (!(before >= 0x61 && before <= 0x7a)) continue;
    if (at(text, i - 2, 'sk') || at(text, i - 2, 'rk') || at(text, i - 4, 'sess') || at(text, i - 4, 'xox')) return true;
  }
  // sk_ rk_ gsk_ (Stripe, Groq), hf_, gh?_, github_pat_.
  for (let i = text.indexOf('_'); i !== -1; i = text.indexOf('_', i + 1)) {
    // The letter right before the '_' of each anchor (k f p o u s r b): JSON names such as
    // item_id or output_index are ruled out with one comparison.
    if (!UNDERSCORE_ANCHOR_END.has(text.charCodeAt(i - 1))) continue;
    if (at(text, i - 2, 'sk') || at(text, i - 2, 'rk') || at(text, i - 2, 'hf') || at(text, i - 3, 'gh') || at(text, i - 6, 'github')) return true;
  }
  // user:pass@ in a URL: an @ anywhere after a "://" (the shape has no length bound).
  const scheme = text.indexOf('://');
  if (scheme !== -1 && text.indexOf('@', scheme) !== -1) return true;
  // name=value after ? & or ; (credentials in a query string; the longest name is 13 characters).
  for (let i = text.indexOf('='); i !== -1; i = text.indexOf('=', i + 1)) {
    let k = i - 1;
    while (k >= 0 && i - k <= 16 && isNameChar(text.charCodeAt(k))) k--;
    if (k >= 0 && k < i - 1) {
      const c = text.charCodeAt(k);
      if (c === 0x3f || c === 0x26 || c === 0x3b) return true;
    }
  }
  return LETTER_ANCHORED.test(text);
}

/** maskSecrets, skipped for text that holds no anchor of any key shape (most payloads). */
export function maskPayload(text: string): string {
  return mayHoldKey(text) ? maskSecrets(text) : text;
}

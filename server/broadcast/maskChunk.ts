import { maskSecrets } from '../../src/core/redact.ts';

const DASH = 0x2d;
const UNDERSCORE = 0x5f;
const B = 0x42;
const A = 0x41;
const at = (buf: Buffer, i: number, text: string) => {
  if (i < 0 || i + text.length > buf.length) return false;
  for (let k = 0; k < text.length; k++) if (buf[i + k] !== text.charCodeAt(k)) return false;
  return true;
};

/**
 * Whether a chunk may hold a key-shaped string (the prefixes of maskSecrets: sk-, rk-, sess-,
 * xox?-, gh?_, Bearer, AIza). Found with single-byte searches (memchr) and a look around each
 * hit: linear whatever the payload, and no decoding. Multi-byte Buffer.includes degenerated on
 * repetitive payloads (~0.6 ms per 64 KiB), and a latin1 string plus a regex cost ~0.25 ms.
 */
export function mayHoldKey(buf: Buffer): boolean {
  for (let i = buf.indexOf(DASH); i !== -1; i = buf.indexOf(DASH, i + 1)) {
    if (at(buf, i - 2, 'sk') || at(buf, i - 2, 'rk') || at(buf, i - 4, 'sess') || (at(buf, i - 4, 'xox') && i >= 4)) return true;
  }
  for (let i = buf.indexOf(UNDERSCORE); i !== -1; i = buf.indexOf(UNDERSCORE, i + 1)) {
    if (at(buf, i - 3, 'gh')) return true;
  }
  for (let i = buf.indexOf(B); i !== -1; i = buf.indexOf(B, i + 1)) if (at(buf, i, 'Bearer')) return true;
  for (let i = buf.indexOf(A); i !== -1; i = buf.indexOf(A, i + 1)) if (at(buf, i, 'AIza')) return true;
  return false;
}

/** Masks key-shaped strings in a chunk of capture lines before it reaches a browser. */
export function maskChunk(chunk: Buffer): Buffer {
  if (!mayHoldKey(chunk)) return chunk;
  const text = chunk.toString('utf8');
  const masked = maskSecrets(text);
  return masked === text ? chunk : Buffer.from(masked, 'utf8');
}

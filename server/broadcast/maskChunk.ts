import { maskSecrets } from '../../src/core/redact.ts';

/**
 * Prefixes that every key shape of maskSecrets starts with. A chunk that contains none of them is
 * sent as is, without decoding it: most chunks, and all of the streaming hot path.
 */
const PREFIXES = ['sk-', 'rk-', 'sess-', 'Bearer', 'AIza', 'ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'xox'].map((p) => Buffer.from(p));

/** Masks key-shaped strings in a chunk of capture lines before it reaches a browser. */
export function maskChunk(chunk: Buffer): Buffer {
  if (!PREFIXES.some((p) => chunk.includes(p))) return chunk;
  const text = chunk.toString('utf8');
  const masked = maskSecrets(text);
  return masked === text ? chunk : Buffer.from(masked, 'utf8');
}

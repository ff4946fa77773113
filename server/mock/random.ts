import { randomBytes } from 'node:crypto';

/** A small seeded generator (mulberry32): content and jitter can be repeated from a seed. */
export class Random {
  private state: number;
  constructor(seed = Date.now()) {
    this.state = seed >>> 0;
  }
  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** Base62 padding like the real `obfuscation` field (its length hides the delta's length). */
  obfuscation(deltaLength: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const length = Math.max(3, 16 - Math.min(deltaLength, 13));
    let out = '';
    for (let i = 0; i < length; i++) out += chars[Math.floor(this.next() * chars.length)];
    return out;
  }
}

/**
 * Ids shaped like the real ones (`resp_` + 50 hex digits, `call_` + 24 base62). They come from
 * crypto, not the seeded generator: two connections must never mint the same response id.
 */
export function newId(prefix: 'resp' | 'fc' | 'msg' | 'steer'): string {
  return `${prefix}_${randomBytes(25).toString('hex')}`;
}

export function newCallId(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return `call_${[...randomBytes(24)].map((b) => chars[b % chars.length]).join('')}`;
}

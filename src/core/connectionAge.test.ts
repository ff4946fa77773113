import { describe, expect, it } from 'vitest';
import { connectionAge } from './connectionAge.ts';

describe('connectionAge', () => {
  it('counts an open connection from the 101 and lets it tick', () => {
    const info = { status: 'open' as const, openT: 1000, upstreamOpenT: 1005 };
    expect(connectionAge(info, 6005)).toEqual({ kind: 'age', ms: 5000, ticks: true });
    expect(connectionAge(info, 9005)).toEqual({ kind: 'age', ms: 8000, ticks: true });
  });

  it('stops a closed connection at its close', () => {
    const info = { status: 'closed' as const, openT: 1000, upstreamOpenT: 1005, close: { side: 'client' as const, code: 1000, t: 4005 } };
    expect(connectionAge(info, 99_000)).toEqual({ kind: 'age', ms: 3000, ticks: false });
  });

  it('gives a refused upgrade no age that grows, only the time the refusal took', () => {
    const info = { status: 'refused' as const, openT: 2876, error: { status: 401, t: 2891 } };
    const at5s = connectionAge(info, 2876 + 5000);
    const at60s = connectionAge(info, 2876 + 60_000);
    expect(at5s).toEqual({ kind: 'refused', afterMs: 15 });
    expect(at60s).toEqual(at5s);
    expect(connectionAge({ status: 'refused', openT: 1 }, 10_000)).toEqual({ kind: 'refused', afterMs: undefined });
  });
});

import { describe, expect, it } from 'vitest';
import { connectionAge, connectionState } from './connectionAge.ts';

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

  it('does not tick an unclosed connection of a static capture: its age stops at the last record', () => {
    const info = { status: 'open' as const, openT: 1000, upstreamOpenT: 1005 };
    expect(connectionAge(info, 6005, true)).toEqual({ kind: 'age', ms: 5000, ticks: false });
  });
});

describe('connectionState', () => {
  it('calls a connection the static capture holds no close for unclosed, counted at the capture end', () => {
    for (const status of ['open', 'connecting'] as const) {
      expect(connectionState({ status }, true)).toEqual({ state: 'unclosed', label: 'no close recorded', countdownAt: 'capture end' });
    }
  });

  it('does not call a connection unclosed while its capture is still loading: its close may come further on', () => {
    for (const status of ['open', 'connecting'] as const) {
      expect(connectionState({ status }, true, true)).toEqual({ state: status, label: `${status} (loading)`, countdownAt: 'last record read' });
    }
  });

  it('keeps a live open connection open and ticking, and a closed one at its close', () => {
    expect(connectionState({ status: 'open' }, false)).toEqual({ state: 'open', label: 'open', countdownAt: 'now' });
    const close = { side: 'client' as const, code: 1000, t: 5 };
    expect(connectionState({ status: 'closed', close }, true)).toEqual({ state: 'closed', label: 'closed', countdownAt: 'close' });
    expect(connectionState({ status: 'closed', close }, false)).toEqual({ state: 'closed', label: 'closed', countdownAt: 'close' });
    expect(connectionState({ status: 'refused' }, true).state).toBe('refused');
  });
});

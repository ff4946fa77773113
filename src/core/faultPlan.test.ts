import { describe, expect, it } from 'vitest';
import { FaultPlanError, formatFault, parseFaultPlan, parseFaultRule, parseFaultSpec, scopeMatches } from './faultPlan.ts';

describe('fault plans', () => {
  it('reads the examples of the README', () => {
    expect(parseFaultRule('at 30s on every connection: limit')).toEqual({
      text: 'at 30s on every connection: limit',
      fault: { kind: 'limit' },
      scope: { kind: 'all' },
      trigger: { kind: 'at', ms: 30_000 },
    });
    expect(parseFaultRule('every 5th response.create: cache-loss')).toMatchObject({ fault: { kind: 'cache-loss' }, trigger: { kind: 'every-create', n: 5 } });
    expect(parseFaultRule('on connection 2 at 10s: drop')).toMatchObject({ fault: { kind: 'drop' }, scope: { kind: 'conn', n: 2 }, trigger: { kind: 'at', ms: 10_000 } });
    expect(parseFaultRule('on every 3rd connection: upgrade 503')).toMatchObject({ fault: { kind: 'upgrade', status: 503 }, scope: { kind: 'every-conn', n: 3 } });
    expect(parseFaultRule('ttft+2s')).toMatchObject({ fault: { kind: 'ttft', addMs: 2000 }, scope: { kind: 'all' }, trigger: { kind: 'every-create', n: 1 } });
    expect(parseFaultSpec('delay 50ms jitter 20ms')).toEqual({ kind: 'delay', ms: 50, jitterMs: 20 });
    expect(parseFaultSpec('close 1011 upstream error')).toEqual({ kind: 'close', code: 1011, reason: 'upstream error' });
    expect(parseFaultSpec('close')).toEqual({ kind: 'close', code: 1011, reason: '' });
    expect(parseFaultSpec('stall')).toEqual({ kind: 'stall' });
    expect(parseFaultSpec('stall 5s')).toEqual({ kind: 'stall', ms: 5000 });
    expect(parseFaultSpec('cache loss')).toEqual({ kind: 'cache-loss' });
  });

  it('splits a plan on ";" and new lines and skips comments', () => {
    const plan = parseFaultPlan('# recovery drill\nat 30s: limit; every 2nd response.create: cache-loss\n\ndelay 10ms # everywhere');
    expect(plan.map((r) => r.fault.kind)).toEqual(['limit', 'cache-loss', 'delay']);
  });

  it('names the bad part of a plan', () => {
    const message = (text: string) => {
      try {
        parseFaultPlan(text);
      } catch (err) {
        expect(err).toBeInstanceOf(FaultPlanError);
        return (err as Error).message;
      }
      throw new Error('no error');
    };
    expect(message('explode')).toMatch(/unknown fault "explode"; faults: limit \| cache-loss/);
    expect(message('close 1006')).toMatch(/close code "1006" must be .* \(use "drop" for 1006\)/);
    expect(message('upgrade 404')).toMatch(/upgrade takes one status: 429, 500, 503/);
    expect(message('at soon: drop')).toMatch(/rule "at soon: drop": invalid duration "soon"/);
    expect(message('sometimes: drop')).toMatch(/cannot read "sometimes"/);
    expect(message('at 5s every 2nd response.create: drop')).toMatch(/not both/);
    expect(message('at 5s: upgrade 503')).toMatch(/refuses a connection before it opens/);
    expect(message('delay 10ms jitter 20ms')).toMatch(/jitter cannot exceed the delay/);
    expect(message('limit\nat x: drop')).toMatch(/^line 2: rule "at x: drop"/);
    expect(message(' ; # nothing')).toMatch(/has no rules/);
    expect(message('on connection 0: drop')).toMatch(/"0" is not a count from 1/);
    expect(message('at 30: limit')).toMatch(/"30" needs a unit \(e\.g\. 30s or 30ms\)/);
    expect(message('ttft+2')).toMatch(/"2" needs a unit/);
    expect(message('stall 5')).toMatch(/"5" needs a unit/);
  });

  it('matches scopes to connection numbers', () => {
    expect(scopeMatches({ kind: 'all' }, 7)).toBe(true);
    expect(scopeMatches({ kind: 'conn', n: 2 }, 2)).toBe(true);
    expect(scopeMatches({ kind: 'conn', n: 2 }, 3)).toBe(false);
    expect([1, 2, 3, 4, 5, 6].filter((n) => scopeMatches({ kind: 'every-conn', n: 3 }, n))).toEqual([3, 6]);
  });

  it('formats a fault back into plan syntax', () => {
    for (const text of ['limit', 'cache-loss', 'drop', 'close 1011 bye', 'upgrade 429', 'ttft+2s', 'delay 50ms jitter 20ms', 'stall', 'stall 1500ms']) {
      expect(formatFault(parseFaultSpec(text))).toBe(text);
    }
  });
});

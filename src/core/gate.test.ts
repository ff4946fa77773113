import { describe, expect, it } from 'vitest';
import { evaluateRules, parseRules, RuleError } from './gate.ts';
import { RUN_SUMMARY_FORMAT, type RunSummary } from './runSummary.ts';

const summary = (extra: Partial<RunSummary> = {}): RunSummary => ({
  format: RUN_SUMMARY_FORMAT,
  version: 1,
  connections: 1,
  refused: 0,
  turns: 10,
  completed: 10,
  errors: 0,
  cut: 0,
  inFlight: 0,
  reconnects: 0,
  limitHits: 0,
  limitUnrecovered: 0,
  cacheMisses: 0,
  ttftP50Ms: 300,
  ttftP95Ms: 900,
  tokens: { input: 100, output: 50, cached: 0, reasoning: 0, total: 150 },
  faultsInjected: 0,
  faultsUnrecovered: 0,
  faultVerdicts: [],
  ...extra,
});

const fired = (rules: string, s: RunSummary) => evaluateRules(parseRules(rules), s).map((f) => f.rule);

describe('parseRules', () => {
  it('reads bare rules and thresholds with units', () => {
    expect(parseRules('error, cut,ttft-p95>800ms,turns>200,total-p50>=1.5s,turns<1')).toEqual([
      { text: 'error', metric: 'error', op: '>', threshold: 0 },
      { text: 'cut', metric: 'cut', op: '>', threshold: 0 },
      { text: 'ttft-p95>800ms', metric: 'ttft-p95', op: '>', threshold: 800 },
      { text: 'turns>200', metric: 'turns', op: '>', threshold: 200 },
      { text: 'total-p50>=1.5s', metric: 'total-p50', op: '>=', threshold: 1500 },
      { text: 'turns<1', metric: 'turns', op: '<', threshold: 1 },
    ]);
  });

  it('takes a bare number of milliseconds and plural spellings', () => {
    expect(parseRules('ttft-p50>250,errors')).toMatchObject([{ metric: 'ttft-p50', threshold: 250 }, { metric: 'error' }]);
  });

  it.each([
    ['errorz', /unknown --fail-on rule "errorz"/],
    ['cut,ttft>1s', /unknown --fail-on rule "ttft>1s"; did you mean ttft-p50>1s or ttft-p95>1s\?/],
    ['turns', /"turns" needs a threshold, e\.g\. turns>200/],
    ['ttft-p95>fast', /"fast" is not a duration/],
    ['turns>2.5', /"2.5" is not a whole number/],
    [' , ', /needs at least one rule/],
  ])('refuses %j with a message naming the rule', (text, message) => {
    expect(() => parseRules(text)).toThrow(RuleError);
    expect(() => parseRules(text)).toThrow(message);
  });
});

describe('evaluateRules', () => {
  it('fires nothing on a clean run', () => {
    expect(fired('error,cut,limit-unrecovered,cache-miss,ttft-p95>1s,turns>200', summary())).toEqual([]);
  });

  it('names each rule that fired with the value seen', () => {
    const s = summary({ errors: 1, refused: 1, cut: 2, limitHits: 1, limitUnrecovered: 1, cacheMisses: 3, turns: 201 });
    const out = evaluateRules(parseRules('error,cut,limit-unrecovered,cache-miss,ttft-p95>800ms,turns>200'), s);
    expect(out.map((f) => f.rule)).toEqual(['error', 'cut', 'limit-unrecovered', 'cache-miss', 'ttft-p95>800ms', 'turns>200']);
    expect(out.map((f) => f.message)).toEqual([
      'turns ended in an error or refused connections: 2',
      'turns cut by their connection’s end: 2',
      'connection-limit hits with no turn completed after on a new connection: 1',
      'previous_response_not_found errors: 3',
      'TTFT p95: 900 ms (> 800 ms)',
      'turns: 201 (> 200)',
    ]);
  });

  it('fault-unrecovered fires on injected faults the agent did not recover from, not on recovered ones', () => {
    expect(fired('fault-unrecovered,faults', summary({ faultsInjected: 2 }))).toEqual(['faults']);
    const out = evaluateRules(parseRules('faults-unrecovered'), summary({ faultsInjected: 2, faultsUnrecovered: 1 }));
    expect(out).toEqual([{ rule: 'faults-unrecovered', value: 1, message: 'injected faults the agent did not recover from: 1' }]);
  });

  it('compares at the boundary as written', () => {
    expect(fired('ttft-p95>900ms', summary())).toEqual([]);
    expect(fired('ttft-p95>=900ms', summary())).toEqual(['ttft-p95>=900ms']);
    expect(fired('turns<1', summary({ turns: 0 }))).toEqual(['turns<1']);
  });

  it('does not fire on a metric that was not measured', () => {
    const s = summary({ turns: 0, completed: 0 });
    delete s.ttftP95Ms;
    expect(fired('ttft-p95>1ms', s)).toEqual([]);
  });
});

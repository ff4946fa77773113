/**
 * CI gates: `--fail-on RULES` for `run` and `check`. RULES is a comma-separated list; each rule is a
 * metric of the run summary (./runSummary.ts), either bare (an event count: fires when it happened
 * at all) or compared with a threshold (`ttft-p95>800ms`, `turns>200`, `cut>=2`, `turns<1`).
 * A rule whose metric was not measured (no TTFT without turns) does not fire.
 */

import { InspectorError } from './errors.ts';
import { parseDuration } from './duration.ts';
import type { RunSummary } from './runSummary.ts';

/** A `--fail-on` value that cannot be read; its message names the rule. */
export class RuleError extends InspectorError {
  constructor(message: string, code = 'BAD_RULE') {
    super(message, code);
  }
}

type Op = '>' | '>=' | '<' | '<=';

interface Metric {
  /** What the number counts, for the message of a rule that fired. */
  label: string;
  /** Milliseconds (threshold `800ms`, `1.5s`, or a bare number of ms) rather than a count. */
  duration?: boolean;
  /** Usable without a threshold, meaning `>0`. */
  bare?: boolean;
  value(s: RunSummary): number | undefined;
}

const METRICS: Record<string, Metric> = {
  error: { label: 'turns ended in an error or refused connections', bare: true, value: (s) => s.errors + s.refused },
  cut: { label: 'turns cut by their connection’s end', bare: true, value: (s) => s.cut },
  'in-flight': { label: 'turns never answered', bare: true, value: (s) => s.inFlight },
  reconnect: { label: 'reconnects', bare: true, value: (s) => s.reconnects },
  limit: { label: 'connection-limit hits', bare: true, value: (s) => s.limitHits },
  'limit-unrecovered': { label: 'connection-limit hits with no turn completed after on a new connection', bare: true, value: (s) => s.limitUnrecovered },
  'cache-miss': { label: 'previous_response_not_found errors', bare: true, value: (s) => s.cacheMisses },
  faults: { label: 'faults injected', bare: true, value: (s) => s.faultsInjected },
  'fault-unrecovered': { label: 'injected faults the agent did not recover from', bare: true, value: (s) => s.faultsUnrecovered },
  turns: { label: 'turns', value: (s) => s.turns },
  connections: { label: 'connections', value: (s) => s.connections },
  tokens: { label: 'tokens', value: (s) => s.tokens.total },
  'input-tokens': { label: 'input tokens', value: (s) => s.tokens.input },
  'output-tokens': { label: 'output tokens', value: (s) => s.tokens.output },
  'ttft-p50': { label: 'TTFT p50', duration: true, value: (s) => s.ttftP50Ms },
  'ttft-p95': { label: 'TTFT p95', duration: true, value: (s) => s.ttftP95Ms },
  'total-p50': { label: 'turn time p50', duration: true, value: (s) => s.totalP50Ms },
  'total-p95': { label: 'turn time p95', duration: true, value: (s) => s.totalP95Ms },
};

/** Plural spellings users type. */
const ALIASES: Record<string, string> = {
  errors: 'error',
  reconnects: 'reconnect',
  'cache-misses': 'cache-miss',
  'limit-hits': 'limit',
  'limit-hit': 'limit',
  turn: 'turns',
  'faults-unrecovered': 'fault-unrecovered',
};

export const RULE_NAMES = Object.keys(METRICS);

export interface Rule {
  /** The rule as written (trimmed), to name it when it fires. */
  text: string;
  metric: string;
  op: Op;
  threshold: number;
}

export interface FiredRule {
  rule: string;
  /** e.g. `TTFT p95: 1203 ms (> 800 ms)`, `turns cut by their connection’s end: 2`. */
  message: string;
  value: number;
}

/** Parses `--fail-on`; throws RuleError naming the first rule it cannot read. */
export function parseRules(text: string): Rule[] {
  const rules = text
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '')
    .map(parseRule);
  if (rules.length === 0) throw new RuleError(`--fail-on needs at least one rule: ${RULE_NAMES.join(', ')}`);
  return rules;
}

/** `ttft>1ms` → "; did you mean ttft-p50>1ms or ttft-p95>1ms?": the rules a short name starts. */
function didYouMean(name: string, threshold: string): string {
  if (name === '') return '';
  const near = RULE_NAMES.filter((r) => r.startsWith(`${name}-`) || r.startsWith(name) || name.startsWith(r));
  if (near.length === 0 || near.length > 4) return '';
  return `; did you mean ${near.map((r) => r + threshold).join(' or ')}?`;
}

function parseRule(text: string): Rule {
  const m = /^([a-z0-9-]+)\s*(?:(>=|<=|>|<)\s*(.+))?$/i.exec(text);
  const name = m?.[1].toLowerCase() ?? '';
  const metricName = ALIASES[name] ?? name;
  const metric = METRICS[metricName];
  if (!m || !metric)
    throw new RuleError(
      `unknown --fail-on rule ${JSON.stringify(text)}${didYouMean(name, m?.[2] === undefined ? '' : `${m[2]}${m[3]}`)}; rules: ${RULE_NAMES.join(', ')}, each bare (event counts) or with >, >=, <, <= and a number (e.g. ttft-p95>800ms, turns>200)`,
    );
  if (m[2] === undefined) {
    if (!metric.bare) throw new RuleError(`--fail-on rule ${JSON.stringify(text)} needs a threshold, e.g. ${metricName}>${metric.duration ? '800ms' : '200'}`);
    return { text, metric: metricName, op: '>', threshold: 0 };
  }
  return { text, metric: metricName, op: m[2] as Op, threshold: threshold(text, m[3].trim(), metric) };
}

function threshold(rule: string, value: string, metric: Metric): number {
  if (metric.duration) {
    if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
    try {
      return parseDuration(value);
    } catch {
      throw new RuleError(`--fail-on rule ${JSON.stringify(rule)}: ${JSON.stringify(value)} is not a duration (use e.g. 800ms, 1.5s, or a number of milliseconds)`);
    }
  }
  if (!/^\d+$/.test(value)) throw new RuleError(`--fail-on rule ${JSON.stringify(rule)}: ${JSON.stringify(value)} is not a whole number`);
  return Number(value);
}

const COMPARE: Record<Op, (a: number, b: number) => boolean> = {
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
};

/** The rules that fire on this summary, in the order given. */
export function evaluateRules(rules: readonly Rule[], summary: RunSummary): FiredRule[] {
  const fired: FiredRule[] = [];
  for (const rule of rules) {
    const metric = METRICS[rule.metric];
    const value = metric.value(summary);
    if (value === undefined || !COMPARE[rule.op](value, rule.threshold)) continue;
    const unit = metric.duration ? ' ms' : '';
    const bare = rule.op === '>' && rule.threshold === 0 && metric.bare;
    const limit = bare ? '' : ` (${rule.op} ${rule.threshold}${unit})`;
    fired.push({ rule: rule.text, value, message: `${metric.label}: ${metric.duration ? Math.round(value) : value}${unit}${limit}` });
  }
  return fired;
}

/**
 * Exit status of `run` and `check` when rules fired: the command's own non-zero status wins (a
 * crashed agent stays a crash); otherwise this one, distinct from 1 (a failure of the tool) and 2
 * (a usage error).
 */
export const RULE_FIRED_EXIT = 3;

/**
 * Fault plans: which of WebSocket mode's failures the relay injects, where and when. A plan is a
 * list of rules separated by `;` or new lines (`#` starts a comment); a rule is an optional
 * "when/where" part, a colon, and one fault:
 *
 *   at 30s on every connection: limit
 *   every 5th response.create: cache-loss
 *   on connection 2 at 10s: drop
 *   ttft+2s
 *   delay 50ms jitter 20ms
 *   on every 3rd connection: upgrade 503
 *
 * Where: `on every connection` (the default), `on connection N` (the Nth WebSocket connection of
 * the run), `on every Nth connection`. When: `at DURATION` (once, that long after the connection
 * opened; latency faults apply from then on), `every Nth response.create` (counted over the whole
 * run), or nothing: every response.create. `upgrade STATUS` takes no "when": it refuses the upgrade.
 */

import { InspectorError } from './errors.ts';
import { parseDuration } from './duration.ts';
import { utf8Length } from './export/bytes.ts';

export type FaultSpec =
  /** websocket_connection_limit_reached for the next response.create, then a close with 1000. */
  | { kind: 'limit' }
  /** previous_response_not_found for the next response.create that carries a previous_response_id. */
  | { kind: 'cache-loss' }
  /** The socket ends without a close frame (the agent sees 1006). */
  | { kind: 'drop' }
  | { kind: 'close'; code: number; reason: string }
  | { kind: 'upgrade'; status: RefusalStatus }
  /** The first output delta of a response comes `addMs` later. */
  | { kind: 'ttft'; addMs: number }
  /** Every server frame of a response comes `ms` ± `jitterMs` later (order kept). */
  | { kind: 'delay'; ms: number; jitterMs: number }
  /** After the first output delta nothing more arrives: for `ms`, or until the connection ends. */
  | { kind: 'stall'; ms?: number };

export type FaultKind = FaultSpec['kind'];

export const REFUSAL_STATUSES = [429, 500, 503] as const;
export type RefusalStatus = (typeof REFUSAL_STATUSES)[number];

export type FaultScope = { kind: 'all' } | { kind: 'conn'; n: number } | { kind: 'every-conn'; n: number };
export type FaultTrigger = { kind: 'at'; ms: number } | { kind: 'every-create'; n: number };

export interface FaultRule {
  /** The rule as written (trimmed), to name it in records and messages. */
  text: string;
  fault: FaultSpec;
  scope: FaultScope;
  trigger: FaultTrigger;
}

/** A plan or fault that cannot be read; the message names the bad part. */
export class FaultPlanError extends InspectorError {
  constructor(message: string, code = 'BAD_FAULT_PLAN') {
    super(message, code);
  }
}

export const FAULT_SYNTAX = 'limit | cache-loss | drop | close [CODE] [REASON] | upgrade 429|500|503 | ttft+DURATION | delay DURATION [jitter DURATION] | stall [DURATION]';

/** Faults that end the connection they strike: the agent has to reconnect. */
export const ENDS_CONNECTION: ReadonlySet<FaultKind> = new Set(['limit', 'drop', 'close', 'upgrade']);

function sendableCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

function duration(text: string | undefined, where: string): number {
  if (text === undefined) throw new FaultPlanError(`${where}: a duration is missing (e.g. 2s, 250ms)`);
  // A bare number is seconds on --max-age but milliseconds in --fail-on: a plan names its unit.
  if (/^\d+(\.\d+)?$/.test(text.trim())) throw new FaultPlanError(`${where}: "${text}" needs a unit (e.g. ${text}s or ${text}ms)`);
  try {
    return parseDuration(text);
  } catch (err) {
    throw new FaultPlanError(`${where}: ${(err as Error).message}`);
  }
}

/** One fault, e.g. `close 1011 upstream error` or `delay 50ms jitter 20ms`. */
export function parseFaultSpec(text: string): FaultSpec {
  const src = text.trim();
  const bad = (why: string) => new FaultPlanError(`fault ${JSON.stringify(src)}: ${why}`);
  const ttft = /^ttft\s*\+\s*(\S+)$/i.exec(src);
  if (ttft) return { kind: 'ttft', addMs: duration(ttft[1], `fault ${JSON.stringify(src)}`) };
  const [head, ...args] = src.split(/\s+/);
  const name = head.toLowerCase();
  const none = () => {
    if (args.length > 0) throw bad(`"${name}" takes no argument`);
  };
  switch (name) {
    case 'limit':
      none();
      return { kind: 'limit' };
    case 'cache-loss':
      none();
      return { kind: 'cache-loss' };
    case 'cache':
      if (args.length === 1 && args[0].toLowerCase() === 'loss') return { kind: 'cache-loss' };
      throw bad('did you mean "cache-loss"?');
    case 'drop':
      none();
      return { kind: 'drop' };
    case 'close': {
      if (args.length === 0) return { kind: 'close', code: 1011, reason: '' };
      const code = Number(args[0]);
      if (!Number.isInteger(code) || !sendableCode(code)) throw bad(`close code ${JSON.stringify(args[0])} must be 1000-1003, 1007-1014 or 3000-4999 (use "drop" for 1006)`);
      const reason = args.slice(1).join(' ');
      if (utf8Length(reason) > 123) throw bad('a close reason holds at most 123 bytes');
      return { kind: 'close', code, reason };
    }
    case 'upgrade': {
      const status = Number(args[0]);
      if (args.length !== 1 || !(REFUSAL_STATUSES as readonly number[]).includes(status)) throw bad(`upgrade takes one status: ${REFUSAL_STATUSES.join(', ')}`);
      return { kind: 'upgrade', status: status as RefusalStatus };
    }
    case 'delay': {
      const ms = duration(args[0], `fault ${JSON.stringify(src)}`);
      if (args.length === 1) return { kind: 'delay', ms, jitterMs: 0 };
      if (args.length === 3 && args[1].toLowerCase() === 'jitter') {
        const jitterMs = duration(args[2], `fault ${JSON.stringify(src)}`);
        if (jitterMs > ms) throw bad('the jitter cannot exceed the delay (frames never go back in time)');
        return { kind: 'delay', ms, jitterMs };
      }
      throw bad('write "delay DURATION" or "delay DURATION jitter DURATION"');
    }
    case 'stall':
      if (args.length === 0) return { kind: 'stall' };
      if (args.length === 1) return { kind: 'stall', ms: duration(args[0], `fault ${JSON.stringify(src)}`) };
      throw bad('write "stall" or "stall DURATION"');
    default:
      throw new FaultPlanError(`unknown fault ${JSON.stringify(src)}; faults: ${FAULT_SYNTAX}`);
  }
}

const ORDINAL = /^(\d+)(?:st|nd|rd|th)?$/i;

function ordinal(word: string | undefined, where: string): number {
  const m = ORDINAL.exec(word ?? '');
  const n = m ? Number(m[1]) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new FaultPlanError(`${where}: ${JSON.stringify(word ?? '')} is not a count from 1 (e.g. 2, 5th)`);
  return n;
}

/** One rule: `[WHEN/WHERE:] FAULT`. */
export function parseFaultRule(text: string): FaultRule {
  const src = text.trim();
  const colon = src.indexOf(':');
  const head = colon === -1 ? '' : src.slice(0, colon).trim();
  const fault = parseFaultSpec(colon === -1 ? src : src.slice(colon + 1));
  let scope: FaultScope = { kind: 'all' };
  let trigger: FaultTrigger | undefined;
  const words = head === '' ? [] : head.split(/\s+/);
  const where = `rule ${JSON.stringify(src)}`;
  for (let i = 0; i < words.length; ) {
    const w = words[i].toLowerCase();
    const next = (k: number) => words[i + k]?.toLowerCase();
    if (w === 'at') {
      if (trigger) throw new FaultPlanError(`${where}: give one "at" or "every … response.create", not both`);
      trigger = { kind: 'at', ms: duration(words[i + 1], where) };
      i += 2;
    } else if (w === 'on' && next(1) === 'every' && (next(2) === 'connection' || next(2) === 'connections')) {
      scope = { kind: 'all' };
      i += 3;
    } else if (w === 'on' && next(1) === 'every' && next(3)?.startsWith('connection')) {
      scope = { kind: 'every-conn', n: ordinal(words[i + 2], where) };
      i += 4;
    } else if (w === 'on' && next(1) === 'connection') {
      scope = { kind: 'conn', n: ordinal(words[i + 2], where) };
      i += 3;
    } else if (w === 'every' && next(1) === 'response.create') {
      if (trigger) throw new FaultPlanError(`${where}: give one "at" or "every … response.create", not both`);
      trigger = { kind: 'every-create', n: 1 };
      i += 2;
    } else if (w === 'every' && next(2) === 'response.create') {
      if (trigger) throw new FaultPlanError(`${where}: give one "at" or "every … response.create", not both`);
      trigger = { kind: 'every-create', n: ordinal(words[i + 1], where) };
      i += 3;
    } else {
      throw new FaultPlanError(
        `${where}: cannot read ${JSON.stringify(words.slice(i).join(' '))}; use "at DURATION", "every Nth response.create", "on every connection", "on connection N" or "on every Nth connection" before the colon`,
      );
    }
  }
  if (fault.kind === 'upgrade' && trigger)
    throw new FaultPlanError(`${where}: "upgrade" refuses a connection before it opens, so it takes only "on connection N" or "on every Nth connection"`);
  return { text: src, fault, scope, trigger: trigger ?? { kind: 'every-create', n: 1 } };
}

/** A whole plan; throws FaultPlanError naming the first rule it cannot read (and its line). */
export function parseFaultPlan(text: string): FaultRule[] {
  const rules: FaultRule[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    for (const part of line.replace(/#.*$/, '').split(';')) {
      if (part.trim() === '') continue;
      try {
        rules.push(parseFaultRule(part));
      } catch (err) {
        if (err instanceof FaultPlanError && lines.length > 1) throw new FaultPlanError(`line ${index + 1}: ${err.message}`);
        throw err;
      }
    }
  });
  if (rules.length === 0) throw new FaultPlanError(`the fault plan has no rules; e.g. "at 30s on every connection: limit" (faults: ${FAULT_SYNTAX})`);
  return rules;
}

/** Does a rule's "where" take in the Nth WebSocket connection of the run? */
export function scopeMatches(scope: FaultScope, connNumber: number): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'conn') return connNumber === scope.n;
  return connNumber % scope.n === 0;
}

const ms = (v: number) => (v % 1000 === 0 ? `${v / 1000}s` : `${v}ms`);

/** The fault in plan syntax: what records, the summary and the dashboard show. */
export function formatFault(f: FaultSpec): string {
  switch (f.kind) {
    case 'close':
      return `close ${f.code}${f.reason ? ` ${f.reason}` : ''}`;
    case 'upgrade':
      return `upgrade ${f.status}`;
    case 'ttft':
      return `ttft+${ms(f.addMs)}`;
    case 'delay':
      return `delay ${ms(f.ms)}${f.jitterMs ? ` jitter ${ms(f.jitterMs)}` : ''}`;
    case 'stall':
      return f.ms === undefined ? 'stall' : `stall ${ms(f.ms)}`;
    default:
      return f.kind;
  }
}

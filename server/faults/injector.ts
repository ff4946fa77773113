import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type WebSocket from 'ws';
import { FaultPlanError, formatFault, parseFaultSpec, scopeMatches, type FaultRule } from '../../src/core/faultPlan.ts';
import { redactHeaders } from '../../src/core/redact.ts';
import { now } from '../clock.ts';
import { refusalBody } from '../mock/errors.ts';
import type { CaptureLog } from '../tee/captureLog.ts';
import { replyAndClose } from '../transport/httpReply.ts';
import { ConnectionFaults, type SourcedFault } from './connectionFaults.ts';

export interface FaultInjectorOptions {
  log: CaptureLog;
  /** The plan (`--faults`); may be empty: the dashboard can still inject. */
  rules: readonly FaultRule[];
  /** `--enforce-max-age`: every connection gets the limit error at this age. */
  enforceMaxAgeMs?: number;
  nextConnId(): string;
}

export interface AttachedConnection {
  gate: ConnectionFaults;
  bind: ConnectionFaults['bind'];
  end(): void;
}

/** Bigger bodies are refused: a fault request is one short JSON object. */
const MAX_BODY = 4096;

/**
 * The relay's fault injection: plan rules, dashboard requests and the enforced --max-age, for every
 * agent connection. Each open connection has a ConnectionFaults (its frame gate); refused upgrades
 * are answered here, before anything is dialled.
 */
export class FaultInjector {
  private readonly rules: FaultRule[];
  private readonly open = new Map<string, ConnectionFaults>();
  private readonly numbers = new WeakMap<IncomingMessage, number>();
  private upgrades = 0;
  private creates = 0;
  /** Dashboard `upgrade` faults waiting for the next upgrade. */
  private armedRefusals: SourcedFault[] = [];

  constructor(private readonly opts: FaultInjectorOptions) {
    this.rules = [...opts.rules];
    if (opts.enforceMaxAgeMs !== undefined) {
      this.rules.push({ text: 'max-age', fault: { kind: 'limit' }, scope: { kind: 'all' }, trigger: { kind: 'at', ms: opts.enforceMaxAgeMs } });
    }
  }

  /**
   * Called for each agent upgrade before it is handled: true when a fault refused it (the agent got
   * the status and the endpoint's JSON body, and the capture a conn.open, a fault and a conn.error).
   */
  refuseUpgrade(req: IncomingMessage, socket: Duplex): boolean {
    const number = ++this.upgrades;
    this.numbers.set(req, number);
    const rule = this.rules.find((r) => r.fault.kind === 'upgrade' && scopeMatches(r.scope, number));
    const fault: SourcedFault | undefined = rule ? { spec: rule.fault, source: rule.text } : this.armedRefusals.shift();
    if (fault?.spec.kind !== 'upgrade') return false;
    const { status } = fault.spec;
    const conn = this.opts.nextConnId();
    const url = new URL(req.url ?? '/', 'http://relay');
    const { log } = this.opts;
    log.record({ kind: 'conn.open', t: now(), conn, path: url.pathname + url.search, headers: redactHeaders(req.headers), transport: 'ws' });
    log.record({
      kind: 'fault',
      t: now(),
      conn,
      fault: formatFault(fault.spec),
      action: 'fired',
      source: fault.source,
      detail: `refused the upgrade with ${status} and the API's JSON error body; nothing was dialled`,
    });
    log.record({ kind: 'conn.error', t: now(), conn, side: 'relay', status, message: `upgrade refused with ${status} by an injected fault` });
    replyAndClose(socket, status, refusalBody(status), { 'content-type': 'application/json' });
    return true;
  }

  /** A connection whose upgrade succeeded: its frame gate, bound to the pair once it exists. */
  attach(req: IncomingMessage, conn: string, agent: WebSocket, nextSeq: () => number): AttachedConnection {
    const number = this.numbers.get(req) ?? ++this.upgrades;
    const gate = new ConnectionFaults({
      conn,
      log: this.opts.log,
      agent,
      nextSeq,
      rules: this.rules.filter((r) => r.fault.kind !== 'upgrade' && scopeMatches(r.scope, number)),
      countCreate: () => ++this.creates,
    });
    this.open.set(conn, gate);
    return {
      gate,
      bind: (pair) => gate.bind(pair),
      end: () => {
        gate.end();
        this.open.delete(conn);
      },
    };
  }

  /** Injects `fault` into one open connection or all of them; returns the connections it reached. */
  inject(target: string, text: string, source = 'dashboard'): string[] {
    const spec = parseFaultSpec(text);
    if (spec.kind === 'upgrade') {
      this.armedRefusals.push({ spec, source });
      return [];
    }
    const conns = target === 'all' ? [...this.open.keys()] : this.open.has(target) ? [target] : [];
    if (target !== 'all' && conns.length === 0) throw new FaultPlanError(`connection ${JSON.stringify(target)} is not open`);
    for (const conn of conns) this.open.get(conn)!.inject({ spec, source });
    return conns;
  }

  /** POST /api/fault {"conn": "c3" | "all", "fault": "drop"}: the dashboard's buttons. */
  async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') return reply(405, { error: 'POST {"conn": "c1" | "all", "fault": "drop"}' });
    let body = '';
    for await (const chunk of req) {
      body += chunk;
      if (body.length > MAX_BODY) return reply(413, { error: 'request too large' });
    }
    let parsed: { conn?: unknown; fault?: unknown };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return reply(400, { error: 'the body must be JSON: {"conn": "c1" | "all", "fault": "drop"}' });
    }
    if (typeof parsed?.fault !== 'string' || typeof parsed.conn !== 'string') return reply(400, { error: 'give "conn" ("c1" or "all") and "fault" (e.g. "drop")' });
    try {
      const spec = parseFaultSpec(parsed.fault);
      const conns = this.inject(parsed.conn, parsed.fault);
      // Drop and close strike at once; the others wait for their moment (a request, a response, an upgrade).
      const when =
        spec.kind === 'drop' || spec.kind === 'close'
          ? 'now'
          : spec.kind === 'upgrade'
            ? 'next upgrade'
            : spec.kind === 'limit' || spec.kind === 'cache-loss'
              ? 'next response.create'
              : 'next response';
      reply(200, { fault: formatFault(spec), conns, when });
    } catch (err) {
      if (err instanceof FaultPlanError) return reply(400, { error: err.message });
      throw err;
    }
  }
}

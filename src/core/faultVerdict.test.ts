import { describe, expect, it } from 'vitest';
import type { FaultRecord } from './capture.ts';
import { faultVerdicts, RECOVERY_GRACE_MS, verdictState } from './faultVerdict.ts';
import { summarizeRun } from './runSummary.ts';
import { CaptureBuilder } from './testing/records.ts';
import { createCaptureModel } from './turns.ts';

/** One completed text turn: the request, then created, a delta and completed with this usage. */
function turn(c: CaptureBuilder, conn: string, id: string, previous: string | null, usage: { input: number; cached: number }): CaptureBuilder {
  const response = { id, object: 'response', status: 'in_progress', output: [], usage: null };
  return c
    .send(conn, { type: 'response.create', model: 'gpt-5.5', store: false, previous_response_id: previous, input: [] })
    .receive(conn, { type: 'response.created', sequence_number: 0, response }, 5)
    .receive(conn, { type: 'response.output_text.delta', sequence_number: 1, item_id: 'm', delta: 'ok' }, 20)
    .receive(
      conn,
      {
        type: 'response.completed',
        sequence_number: 2,
        response: {
          ...response,
          status: 'completed',
          usage: { input_tokens: usage.input, input_tokens_details: { cached_tokens: usage.cached }, output_tokens: 5, total_tokens: usage.input + 5 },
        },
      },
      20,
    );
}

function fault(c: CaptureBuilder, conn: string, spec: string, dt = 1): FaultRecord {
  c.wait(dt);
  const rec: FaultRecord = { kind: 'fault', t: c.t, conn, fault: spec, action: 'fired', source: 'test', detail: 'test' };
  c.records.push(rec);
  return rec;
}

function verdicts(c: CaptureBuilder) {
  const model = createCaptureModel();
  for (const r of c.records) model.add(r);
  const faults = c.records.filter((r): r is FaultRecord => r.kind === 'fault');
  return { verdicts: faultVerdicts(faults, model.turns(), model.connections()), summary: summarizeRun(model.turns(), model.connections(), faults) };
}

const LIMIT = { type: 'error', error: { type: 'invalid_request_error', code: 'websocket_connection_limit_reached', message: 'limit' }, status: 400 };
const NOT_FOUND = { type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: 'nf', param: 'previous_response_id' } };

describe('fault recovery verdicts', () => {
  it('limit, recovered: reconnected, context resent, the interrupted turn finished, with its cost', () => {
    const c = new CaptureBuilder().open('c1').upstreamOpen('c1');
    turn(c, 'c1', 'r1', null, { input: 100, cached: 0 });
    turn(c, 'c1', 'r2', 'r1', { input: 150, cached: 100 });
    c.send('c1', { type: 'response.create', previous_response_id: 'r2', input: [] }, 50);
    const f = fault(c, 'c1', 'limit');
    c.receive('c1', LIMIT).close('c1', { code: 1000, side: 'relay' });
    c.open('c2', { dt: 200 }).upstreamOpen('c2');
    turn(c, 'c2', 'r3', null, { input: 300, cached: 0 });
    const {
      verdicts: [v],
      summary,
    } = verdicts(c);
    expect(v).toMatchObject({
      conn: 'c1',
      fault: 'limit',
      recovered: true,
      reconnected: true,
      newConn: 'c2',
      contextResent: true,
      interruptedTurn: 'c1#3',
      turnFinished: true,
      finishedBy: 'c2#1',
      extraInputTokens: 250,
    });
    expect(v.reconnectMs).toBe(c.records.find((r) => r.kind === 'conn.open' && r.conn === 'c2')!.t - f.t);
    expect(v.extraMs).toBeGreaterThan(200);
    expect(v.summary).toMatch(/^reconnected as c2 after \d+ ms · context resent · finished by c2#1 · \+\d+ ms · \+250 input tokens$/);
    expect(summary).toMatchObject({ faultsInjected: 1, faultsUnrecovered: 0 });
  });

  it('cache-loss, unrecovered: the agent retried with the same previous_response_id and never resent its context', () => {
    const c = new CaptureBuilder().open('c1').upstreamOpen('c1');
    turn(c, 'c1', 'r1', null, { input: 100, cached: 0 });
    c.send('c1', { type: 'response.create', previous_response_id: 'r1', input: [] });
    fault(c, 'c1', 'cache-loss');
    c.receive('c1', NOT_FOUND).send('c1', { type: 'response.create', previous_response_id: 'r1', input: [] }).receive('c1', NOT_FOUND).close('c1', { code: 1000, side: 'client' });
    const {
      verdicts: [v],
      summary,
    } = verdicts(c);
    expect(v).toMatchObject({ recovered: false, contextResent: false, turnFinished: false, interruptedTurn: 'c1#2' });
    expect(v.summary).toBe('the context was never resent (no request without previous_response_id); the interrupted turn c1#2 was never finished');
    expect(summary.faultsUnrecovered).toBe(1);
  });

  it('drop with no new connection: unrecovered, "no new connection opened"', () => {
    const c = new CaptureBuilder().open('c1').upstreamOpen('c1');
    c.send('c1', { type: 'response.create', previous_response_id: null, input: [] }).receive('c1', { type: 'response.output_text.delta', delta: 'x' });
    fault(c, 'c1', 'drop');
    c.close('c1', { code: 1006, side: 'relay' }).end();
    const [v] = verdicts(c).verdicts;
    expect(v).toMatchObject({ recovered: false, reconnected: false, interruptedTurn: 'c1#1' });
    expect(v.summary).toMatch(/^no new connection opened; the interrupted turn c1#1 was never finished$/);
  });

  it('ttft: the delayed turn itself finishing is the recovery; the cost is the time added', () => {
    const c = new CaptureBuilder().open('c1').upstreamOpen('c1');
    c.send('c1', { type: 'response.create', previous_response_id: null, input: [] });
    fault(c, 'c1', 'ttft+2s');
    c.receive('c1', { type: 'response.output_text.delta', delta: 'x' }, 2000).receive('c1', {
      type: 'response.completed',
      response: { id: 'r1', status: 'completed', output: [] },
    });
    const [v] = verdicts(c).verdicts;
    expect(v).toMatchObject({ recovered: true, turnFinished: true, finishedBy: 'c1#1', extraMs: 2000 });
    expect(v.reconnected).toBeUndefined();
  });

  it('only faults that fired get a verdict (an armed one that never struck has none)', () => {
    const c = new CaptureBuilder().open('c1').upstreamOpen('c1');
    c.records.push({ kind: 'fault', t: c.t, conn: 'c1', fault: 'cache-loss', action: 'armed', source: 'dashboard', detail: 'waits' });
    expect(verdicts(c).verdicts).toEqual([]);
  });
});

describe('verdictState', () => {
  it('awaits an unrecovered fault for its grace time while live, then calls it unrecovered', () => {
    const v = { recovered: false, t: 1_000 };
    expect(verdictState(v, true, 1_000 + RECOVERY_GRACE_MS - 1)).toBe('pending');
    expect(verdictState(v, true, 1_000 + RECOVERY_GRACE_MS)).toBe('unrecovered');
    // A capture on file will not change: no waiting.
    expect(verdictState(v, false, 1_001)).toBe('unrecovered');
    expect(verdictState({ recovered: true, t: 1_000 }, true, 1_001)).toBe('recovered');
  });
});

import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from './capture.ts';
import { describeReconnect } from './connections.ts';
import { buildCaptureModel, createCaptureModel, type CaptureModel } from './turns.ts';
import { CaptureBuilder, T0, textTurnEvents } from './testing/records.ts';
import { PROTOCOL_FIXTURE_3_TURNS, PROTOCOL_FIXTURE_ERRORS } from './testing/protocolFixture.ts';

function fixtureCapture(): CaptureBuilder {
  const c = new CaptureBuilder();
  c.open('c1', { ua: 'agent/1' }).upstreamOpen('c1', 12);
  c.fixture('c1', PROTOCOL_FIXTURE_3_TURNS, 1);
  return c;
}

const create = (extra: object = {}) => ({ type: 'response.create', model: 'gpt-5.5', store: false, input: [], ...extra });

describe('createCaptureModel', () => {
  it('keeps the model that served a turn beside the one requested', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    c.send('c1', create({ model: 'gpt-5.5' }));
    c.receive('c1', { type: 'response.created', response: { id: 'resp_1', status: 'in_progress', model: 'gpt-5.5-2026-08-07' } });
    c.receive('c1', { type: 'response.completed', response: { id: 'resp_1', status: 'completed', model: 'gpt-5.5-2026-08-07' } });
    const [turn] = buildCaptureModel(c.records).turns();
    expect(turn.model).toBe('gpt-5.5');
    expect(turn.servedModel).toBe('gpt-5.5-2026-08-07');
  });

  describe('on the protocol.md §10 fixture', () => {
    const c = fixtureCapture();
    const m = buildCaptureModel(c.records);
    const turns = m.turns();
    const sendT = (i: number) => turns[i].sendT;

    it('finds three completed turns chained by previous_response_id', () => {
      expect(turns.map((t) => [t.id, t.index, t.status, t.responseId])).toEqual([
        ['c1#1', 1, 'completed', 'resp_001'],
        ['c1#2', 2, 'completed', 'resp_002'],
        ['c1#3', 3, 'completed', 'resp_003'],
      ]);
      expect(turns.map((t) => t.previousResponseId)).toEqual([undefined, 'resp_001', 'resp_002']);
      expect(turns.map((t) => t.previousTurnId)).toEqual([undefined, 'c1#1', 'c1#2']);
      expect(turns.every((t) => t.lane === null && t.model === 'gpt-5.5' && !t.warmup)).toBe(true);
    });

    it('times each turn from its send: created, first delta (not created), terminal', () => {
      // Frames are 1 ms apart: create, created, in_progress, item.added, first delta, ...
      expect(turns[0]).toMatchObject({ createdMs: 1, ttftMs: 4, totalMs: 8 });
      expect(turns[0].firstDeltaT).toBe(sendT(0) + 4);
      expect(turns[1]).toMatchObject({ createdMs: 1, ttftMs: 4, totalMs: 7 });
      expect(turns[2]).toMatchObject({ createdMs: 1, ttftMs: 5, totalMs: 10 });
    });

    it('measures the agent time between a terminal event and the next send on the lane', () => {
      expect(turns.map((t) => t.agentMs)).toEqual([undefined, 1, 1]);
      expect(sendT(1) - turns[0].endT!).toBe(1);
    });

    it('assembles tool calls, output text and usage', () => {
      expect(turns[0].toolCalls).toEqual([{ name: 'get_weather', callId: 'call_A', arguments: '{"city":"Paris"}' }]);
      expect(turns[1].toolCalls).toEqual([{ name: 'get_forecast', callId: 'call_B', arguments: '{"city":"Paris","hours":12}' }]);
      expect(turns[2].outputText).toBe('14°C and overcast; 70% chance of rain, so pack an umbrella.');
      expect(turns[2].usage).toEqual({
        inputTokens: 160,
        outputTokens: 18,
        cachedTokens: 128,
        reasoningTokens: 0,
        totalTokens: 178,
      });
      // 18 tokens between the first delta and the terminal event, 5 ms apart.
      expect(turns[2].tokensPerSecond).toBeCloseTo(18 / 0.005, 6);
    });

    it('maps every frame to its turn and counts them', () => {
      expect(m.turnOfFrame('c1', 1)?.id).toBe('c1#1');
      expect(m.turnOfFrame('c1', 9)?.id).toBe('c1#1'); // response.completed of turn 1
      expect(m.turnOfFrame('c1', 10)?.id).toBe('c1#2'); // the second response.create
      expect(m.turnOfFrame('c1', 28)?.id).toBe('c1#3');
      expect(m.turnOfFrame('c1', 29)).toBeUndefined();
      expect(m.turnOfFrame('nope', 1)).toBeUndefined();
      expect(turns.map((t) => t.frames)).toEqual([9, 8, 11]);
      expect(turns.map((t) => t.endSeq)).toEqual([9, 17, 28]);
    });

    it('describes the connection', () => {
      const conn = m.connection('c1')!;
      expect(conn).toMatchObject({
        conn: 'c1',
        status: 'open',
        handshakeMs: 12,
        upstreamOpenT: T0 + 1 + 12,
        turns: 3,
        frames: 28,
        limitReached: false,
        cacheMiss: false,
        lanes: [],
      });
      expect(conn.bytes).toBe(c.records.reduce((n, r) => n + (r.kind === 'frame' ? r.size : 0), 0));
      expect(m.lanesOf('c1')).toEqual([null]);
      expect(m.connections()).toHaveLength(1);
    });
  });

  describe('errors', () => {
    it('ends a turn on an error frame and flags the cache miss and the limit', () => {
      const c = new CaptureBuilder();
      c.open('c1').upstreamOpen('c1');
      c.fixture('c1', PROTOCOL_FIXTURE_ERRORS, 3);
      const m = buildCaptureModel(c.records);
      const [miss, limit] = m.turns();
      expect(miss).toMatchObject({
        status: 'error',
        totalMs: 3,
        error: { code: 'previous_response_not_found', status: 400 },
        previousResponseId: 'resp_abc',
      });
      expect(miss.error?.message).toContain("'resp_abc' not found");
      expect(limit).toMatchObject({
        status: 'error',
        error: { code: 'websocket_connection_limit_reached', type: 'invalid_request_error', status: 400 },
      });
      expect(miss.ttftMs).toBeUndefined();
      const conn = m.connection('c1')!;
      expect(conn).toMatchObject({ cacheMiss: true, limitReached: true, limitT: limit.endT });
      expect(conn.frameErrors.map((e) => [e.code, e.turnId, e.seq])).toEqual([
        ['previous_response_not_found', 'c1#1', 2],
        ['websocket_connection_limit_reached', 'c1#2', 4],
      ]);
    });

    it('ends only the turn of the lane the error names, and other lanes go on', () => {
      const c = new CaptureBuilder();
      c.open('c1').upstreamOpen('c1');
      c.send('c1', create({ stream_id: 'a' })).send('c1', create({ stream_id: 'b' }));
      c.receive('c1', { type: 'response.created', stream_id: 'a', response: { id: 'ra' } });
      c.receive('c1', {
        type: 'error',
        status: 400,
        stream_id: 'b',
        error: { type: 'invalid_request_error', code: 'websocket_stream_limit_reached', message: 'too many' },
      });
      for (const ev of textTurnEvents('ra', 'hi', { stream_id: 'a' }).slice(1)) c.receive('c1', ev);
      const m = buildCaptureModel(c.records);
      const [a, b] = m.turns();
      expect(b).toMatchObject({ lane: 'b', status: 'error', error: { code: 'websocket_stream_limit_reached' } });
      expect(a).toMatchObject({ lane: 'a', status: 'completed', outputText: 'hi', responseId: 'ra' });
      expect(m.connection('c1')!.frameErrors[0]).toMatchObject({ lane: 'b', turnId: 'c1#2' });
    });

    it('gives invalid_stream_id (which cannot echo the bad id) to the turn on the malformed lane', () => {
      const c = new CaptureBuilder();
      c.open('c1').upstreamOpen('c1');
      c.send('c1', create({ stream_id: 'bad id!' }));
      c.receive('c1', { type: 'error', status: 400, error: { code: 'invalid_stream_id', message: 'bad' } });
      const [t] = buildCaptureModel(c.records).turns();
      expect(t).toMatchObject({ lane: 'bad id!', status: 'error', error: { code: 'invalid_stream_id' } });
    });

    it('keeps an unsolicited error on an idle socket on the connection, not on a turn', () => {
      const c = new CaptureBuilder();
      c.open('c1').upstreamOpen('c1');
      c.send('c1', create()).receive('c1', textTurnEvents('r1', 'x')[0]).receive('c1', textTurnEvents('r1', 'x')[2]);
      c.receive('c1', {
        type: 'error',
        error: { code: 'websocket_connection_limit_reached', message: 'limit' },
        status: 400,
      });
      const m = buildCaptureModel(c.records);
      expect(m.turns()[0].status).toBe('completed');
      expect(m.connection('c1')!.limitReached).toBe(true);
      expect(m.connection('c1')!.frameErrors[0].turnId).toBeUndefined();
      expect(m.turnOfFrame('c1', 4)).toBeUndefined();
    });

    it('reads the flat SSE error shape too', () => {
      const c = new CaptureBuilder();
      c.open('c1').upstreamOpen('c1');
      c.send('c1', create()).receive('c1', { type: 'error', code: 'server_error', message: 'boom' });
      expect(buildCaptureModel(c.records).turns()[0].error).toEqual({ code: 'server_error', message: 'boom' });
    });

    it('records response.failed and response.incomplete', () => {
      const c = new CaptureBuilder();
      c.open('c1').upstreamOpen('c1');
      c.send('c1', create()).receive('c1', {
        type: 'response.failed',
        response: { id: 'r1', error: { code: 'server_error', message: 'oops' } },
      });
      c.send('c1', create()).receive('c1', {
        type: 'response.incomplete',
        response: { id: 'r2', incomplete_details: { reason: 'max_output_tokens' } },
      });
      const [f, i] = buildCaptureModel(c.records).turns();
      expect(f).toMatchObject({ status: 'failed', error: { code: 'server_error', message: 'oops' }, responseId: 'r1' });
      expect(i).toMatchObject({ status: 'incomplete', incompleteReason: 'max_output_tokens' });
    });
  });

  it('matches interleaved events of three lanes to their turns, first in first out per lane', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    const lanes = ['x', 'y', 'z'];
    for (const lane of lanes) c.send('c1', create({ stream_id: lane }), 1);
    // A second turn queued on lane x before the first one ends.
    c.send('c1', create({ stream_id: 'x' }), 1);
    const events = lanes.map((lane, i) => textTurnEvents(`r_${lane}`, `out ${lane}`, { stream_id: lane, output_tokens: i + 1 }));
    for (let step = 0; step < 3; step++) for (const evs of events) c.receive('c1', evs[step], 2);
    for (const ev of textTurnEvents('r_x2', 'second x', { stream_id: 'x' })) c.receive('c1', ev, 2);
    const m = buildCaptureModel(c.records);
    const t = m.turns();
    expect(t.map((x) => [x.id, x.lane, x.responseId, x.outputText, x.status])).toEqual([
      ['c1#1', 'x', 'r_x', 'out x', 'completed'],
      ['c1#2', 'y', 'r_y', 'out y', 'completed'],
      ['c1#3', 'z', 'r_z', 'out z', 'completed'],
      ['c1#4', 'x', 'r_x2', 'second x', 'completed'],
    ]);
    expect(t.map((x) => x.usage?.outputTokens)).toEqual([1, 2, 3, 5]);
    // The second x turn was sent before the first ended (pipelined): no agent time.
    expect(t[3].agentMs).toBeUndefined();
    expect(t[3].ttftMs).toBe(t[3].firstDeltaT! - t[3].sendT);
    expect(m.lanesOf('c1')).toEqual(['x', 'y', 'z']);
    expect(m.connection('c1')!.lanes).toEqual(['x', 'y', 'z']);
    // Frame 5 is lane x's response.created, frame 6 lane y's.
    expect(m.turnOfFrame('c1', 5)?.id).toBe('c1#1');
    expect(m.turnOfFrame('c1', 6)?.id).toBe('c1#2');
    expect(m.turnOfFrame('c1', 7)?.id).toBe('c1#3');
  });

  it('cuts the open turns when the connection ends mid-turn', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    c.send('c1', create()).receive('c1', textTurnEvents('r1', 'par')[0], 5).receive('c1', textTurnEvents('r1', 'par')[1], 5);
    c.send('c1', create({ stream_id: 'side' }), 1);
    c.close('c1', { code: 1006, side: 'upstream', dt: 20 });
    const m = buildCaptureModel(c.records);
    const [main, side] = m.turns();
    expect(main).toMatchObject({ status: 'cut', outputText: 'par', totalMs: 31, ttftMs: 10 });
    expect(main.endT).toBe(c.t);
    expect(side).toMatchObject({ status: 'cut', totalMs: 20 });
    expect(m.connection('c1')).toMatchObject({ status: 'closed', close: { code: 1006, side: 'upstream', t: c.t } });
  });

  it('cuts turns still open at capture.end', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1').send('c1', create()).end(100);
    const m = buildCaptureModel(c.records);
    expect(m.turns()[0]).toMatchObject({ status: 'cut', totalMs: 100 });
    expect(m.info().ended).toBe(true);
  });

  describe('reconnects', () => {
    it('links the new socket to the one that got the limit error', () => {
      const c = new CaptureBuilder();
      c.open('c1', { ua: 'openai-node/7.57' }).upstreamOpen('c1');
      c.open('other', { ua: 'someone-else' }).upstreamOpen('other');
      c.send('c1', create({ previous_response_id: 'resp_9' }));
      c.receive('c1', { type: 'error', status: 400, error: { code: 'websocket_connection_limit_reached', message: 'limit' } }, 4);
      c.open('c2', { ua: 'openai-node/7.57', dt: 300 }).upstreamOpen('c2', 15);
      c.close('c1', { dt: 2 });
      c.send('c2', create({ previous_response_id: null }));
      const m = buildCaptureModel(c.records);
      expect(m.connection('c1')).toMatchObject({ replacedBy: 'c2', limitReached: true });
      expect(m.connection('c2')).toMatchObject({ replaces: 'c1', reconnectReason: 'limit', reconnectGapMs: 300, handshakeMs: 15 });
      expect(m.connection('other')!.replacedBy).toBeUndefined();
      expect(m.turns()[1]).toMatchObject({ conn: 'c2', id: 'c2#1', index: 2, previousResponseId: null, status: 'queued' });
    });

    it('links a socket opened within 10 s of the close of one with the same User-Agent', () => {
      const c = new CaptureBuilder();
      c.open('c1', { ua: 'py/2.32' }).upstreamOpen('c1').close('c1', { code: 1006, side: 'upstream' });
      c.open('c2', { ua: 'py/2.32', dt: 2_000 }).upstreamOpen('c2');
      c.close('c2', { code: 1001 }).open('c3', { ua: 'other', dt: 100 });
      c.open('c4', { ua: 'py/2.32', dt: 30_000 });
      const m = buildCaptureModel(c.records);
      expect(m.connection('c2')).toMatchObject({ replaces: 'c1', reconnectReason: 'closed', reconnectGapMs: 2_000 });
      expect(m.connection('c2')!.replacedBy).toBeUndefined();
      expect(m.connection('c3')!.replaces).toBeUndefined();
      expect(m.connection('c4')!.replaces).toBeUndefined();
    });

    it('links an early recycle: the agent opens the new socket, then closes the old one', () => {
      const c = new CaptureBuilder();
      c.open('c1', { ua: 'opencode/1' }).upstreamOpen('c1');
      c.open('c2', { ua: 'opencode/1', dt: 55 * 60_000 }).upstreamOpen('c2', 20);
      c.close('c1', { code: 1000, side: 'client', dt: 800 });
      // Two sockets opened together, one closed soon after: not a recycle.
      c.open('p1', { ua: 'par/1', dt: 10 }).open('p2', { ua: 'par/1', dt: 5 }).close('p1', { side: 'client', dt: 100 });
      // Closed by the upstream, not by the agent: not a recycle either.
      c.open('u1', { ua: 'up/1' }).open('u2', { ua: 'up/1', dt: 120_000 }).close('u1', { side: 'upstream', dt: 10 });
      const m = buildCaptureModel(c.records);
      expect(m.connection('c2')).toMatchObject({ replaces: 'c1', reconnectReason: 'recycled' });
      expect(m.connection('c2')!.reconnectGapMs).toBeCloseTo(-820, 6);
      expect(m.connection('c1')!.replacedBy).toBe('c2');
      expect(m.connection('p2')!.replaces).toBeUndefined();
      expect(m.connection('u2')!.replaces).toBeUndefined();
      expect(describeReconnect(m.connection('c2')!)).toEqual({ why: 'recycled before the limit', when: 'opened 820.0 ms before the old one closed' });
    });

    it('scales the recycle age to a short connection limit (a 20 s demo limit recycles at 12 s)', () => {
      const build = (maxAgeMs?: number) => {
        const c = new CaptureBuilder(maxAgeMs === undefined ? {} : { maxAgeMs });
        c.open('c1', { ua: 'demo/1' }).upstreamOpen('c1');
        c.open('c2', { ua: 'demo/1', dt: 12_000 }).upstreamOpen('c2');
        c.close('c1', { side: 'client', dt: 300 });
        return buildCaptureModel(c.records).connection('c2')!;
      };
      expect(build(20_000)).toMatchObject({ replaces: 'c1', reconnectReason: 'recycled' });
      expect(build().replaces).toBeUndefined();
    });

    it('marks a refused upgrade', () => {
      const c = new CaptureBuilder();
      c.open('c1').error('c1', { status: 401, message: 'Unauthorized' });
      expect(buildCaptureModel(c.records).connection('c1')).toMatchObject({ status: 'refused', error: { status: 401 } });
    });
  });

  it('flags generate:false warm-ups and does not make response.steer a turn', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    c.send('c1', create({ generate: false }));
    c.receive('c1', { type: 'response.created', response: { id: 'rw' } }).receive('c1', {
      type: 'response.completed',
      response: { id: 'rw', output: [], usage: { input_tokens: 50, output_tokens: 0, total_tokens: 50 } },
    });
    c.send('c1', create({ previous_response_id: 'rw' }));
    c.receive('c1', textTurnEvents('r2', 'a')[0]);
    c.send('c1', { type: 'response.steer', previous_response_id: 'r2', input: [] });
    c.receive('c1', { type: 'response.steer.accepted' });
    for (const ev of textTurnEvents('r2', 'a').slice(1)) c.receive('c1', ev);
    const m = buildCaptureModel(c.records);
    const [warm, real] = m.turns();
    expect(m.turns()).toHaveLength(2);
    expect(warm).toMatchObject({ warmup: true, status: 'completed', responseId: 'rw' });
    expect(warm.ttftMs).toBeUndefined();
    expect(warm.tokensPerSecond).toBeUndefined();
    expect(real).toMatchObject({ warmup: false, previousTurnId: 'c1#1', status: 'completed', outputText: 'a' });
    expect(m.turnOfFrame('c1', 6)).toBeUndefined(); // the steer
    expect(m.turnOfFrame('c1', 7)).toBeUndefined(); // its acknowledgement
    expect(real.frames).toBe(4);
  });

  it('counts binary and non-JSON frames without letting them disturb the turns', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    c.send('c1', create());
    c.binary('c1', 'receive', [0x7b, 0x22, 0x74, 0x7d]); // "{"t}" as binary: never parsed
    c.receive('c1', 'not json at all').receive('c1', '{"type": "response.created", broken').receive('c1', '[1,2]');
    c.receive('c1', '"a string"').receive('c1', '{"no_type":true}').send('c1', 'ping');
    for (const ev of textTurnEvents('r1', 'ok')) c.receive('c1', ev);
    const m = buildCaptureModel(c.records);
    expect(m.turns()).toHaveLength(1);
    expect(m.turns()[0]).toMatchObject({ status: 'completed', outputText: 'ok', frames: 4 });
    expect(m.connection('c1')!.frames).toBe(11);
    expect(m.turnOfFrame('c1', 2)).toBeUndefined();
  });

  it('uses the payload the caller already parsed instead of parsing the frame again', () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1').send('c1', create());
    const m = createCaptureModel();
    for (const r of c.records) {
      // The payload wins over `data`: proof that the model did not parse the text itself.
      m.add(r, r.kind === 'frame' ? { type: 'response.create', model: 'from-payload' } : undefined);
    }
    expect(m.turns()[0].model).toBe('from-payload');
  });

  it('keeps frames of a connection whose conn.open is missing', () => {
    const c = new CaptureBuilder();
    c.send('lost', create()).receive('lost', textTurnEvents('r', 'x')[0]);
    const m = buildCaptureModel(c.records);
    expect(m.connection('lost')).toMatchObject({ frames: 2, turns: 1 });
    expect(m.turns()[0].status).toBe('in_progress');
  });

  it('increments version on every record and keeps outputs by reference', () => {
    const m = createCaptureModel();
    const turns = m.turns();
    const conns = m.connections();
    const c = fixtureCapture();
    let v = m.version;
    for (const r of c.records) {
      m.add(r);
      expect(m.version).toBe(v + 1);
      v = m.version;
    }
    expect(m.turns()).toBe(turns);
    expect(m.connections()).toBe(conns);
    expect(turns).toHaveLength(3);
  });
});

/** Everything a reader can see, as plain data. */
function snapshot(m: CaptureModel, records: readonly CaptureRecord[]): unknown {
  const frames = records.flatMap((r) => (r.kind === 'frame' ? [[r.conn, r.seq, m.turnOfFrame(r.conn, r.seq)?.id]] : []));
  return structuredClone({
    info: m.info(),
    connections: m.connections(),
    turns: m.turns(),
    lanes: m.connections().map((c) => m.lanesOf(c.conn)),
    frames,
  });
}

function sequences(): Array<[string, CaptureRecord[]]> {
  const lanes = new CaptureBuilder();
  lanes.open('c1', { ua: 'a' }).upstreamOpen('c1');
  for (let i = 0; i < 30; i++) lanes.send('c1', create({ stream_id: `s${i % 3}` }));
  for (let step = 0; step < 3; step++) {
    for (let i = 0; i < 30; i++) lanes.receive('c1', textTurnEvents(`r${i}`, `t${i}`, { stream_id: `s${i % 3}` })[step]);
  }
  lanes.close('c1', { code: 1006 }).open('c2', { ua: 'a', dt: 500 }).upstreamOpen('c2');
  lanes.send('c2', create()).binary('c2', 'receive', [1, 2, 3]).receive('c2', 'junk').end(3);

  const errors = new CaptureBuilder();
  errors.open('c1').upstreamOpen('c1').fixture('c1', PROTOCOL_FIXTURE_ERRORS).open('c2').upstreamOpen('c2');
  errors.fixture('c2', PROTOCOL_FIXTURE_3_TURNS).close('c2', { dt: 5 });

  return [
    ['the §10 fixture', fixtureCapture().records],
    ['three lanes, a cut and a reconnect', lanes.records],
    ['errors and two connections', errors.records],
  ];
}

describe('buildCaptureModel', () => {
  for (const [name, records] of sequences()) {
    it(`equals the incremental model after every record: ${name}`, () => {
      const live = createCaptureModel();
      for (let i = 0; i < records.length; i++) {
        live.add(records[i]);
        // Reading between records must not change the outcome; check a spread of prefixes.
        if (i % 7 === 0 || i === records.length - 1) {
          const prefix = records.slice(0, i + 1);
          expect(snapshot(live, prefix)).toEqual(snapshot(buildCaptureModel(prefix), prefix));
        }
      }
      expect(snapshot(live, records)).toEqual(snapshot(buildCaptureModel(records), records));
    });
  }
});

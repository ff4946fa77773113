import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMock } from './mockServer.ts';
import { TestClient, type Frame } from './testClient.ts';

const FAST = { ttftMs: 0, deltaGapMs: 0, jitterMs: 0 };
const verbatim = readFileSync(new URL('./testdata/protocol-errors.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((l) => (JSON.parse(l) as { frame: Frame }).frame);
const [notFoundRequest, notFoundFrame, limitRequest, limitFrame] = verbatim;

let mock: RunningMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('mock error frames', () => {
  it('answers an unknown previous_response_id with store:false with previous_response_not_found', async () => {
    mock = await startMockServer({ timing: FAST });
    const client = await TestClient.connect(mock.url);
    const [frame] = await client.turn(notFoundRequest);
    // Guide v1's frame plus the error.type that Guide v2 adds (protocol.md §5.1).
    expect(frame).toEqual({ ...notFoundFrame, error: { type: 'invalid_request_error', ...(notFoundFrame.error as object) } });
    // The connection stays usable after a request-scoped error.
    const next = await client.turn({ type: 'response.create', model: 'gpt-5.5', store: false, input: 'Thanks' });
    expect(next.at(-1)?.type).toBe('response.completed');
    client.close();
  });

  it('loses the cache with the connection: store:false ids do not survive a reconnect, stored ones do', async () => {
    mock = await startMockServer({ timing: FAST });
    const first = await TestClient.connect(mock.url);
    const ask = (store: boolean) => ({ type: 'response.create', model: 'gpt-5.5', store, input: 'Hi' });
    const idOf = (fs: Frame[]) => String((fs.at(-1)!.response as Record<string, unknown>).id);
    const volatileId = idOf(await first.turn(ask(false)));
    const storedId = idOf(await first.turn(ask(true)));
    first.close();
    const second = await TestClient.connect(mock.url);
    const lost = await second.turn({ ...ask(false), previous_response_id: volatileId });
    expect((lost[0].error as Record<string, unknown>).code).toBe('previous_response_not_found');
    expect((lost[0].error as Record<string, unknown>).message).toBe(`Previous response with id '${volatileId}' not found.`);
    const hydrated = await second.turn({ ...ask(false), previous_response_id: storedId });
    expect((hydrated.at(-1)!.response as Record<string, unknown>).previous_response_id).toBe(storedId);
    second.close();
  });

  it('keeps only the latest response of a lane in the connection cache', async () => {
    mock = await startMockServer({ timing: FAST });
    const client = await TestClient.connect(mock.url);
    const ask = { type: 'response.create', model: 'gpt-5.5', store: false, input: 'Hi' };
    const a = await client.turn(ask);
    await client.turn(ask);
    const stale = await client.turn({ ...ask, previous_response_id: (a.at(-1)!.response as Record<string, unknown>).id });
    expect((stale[0].error as Record<string, unknown>).code).toBe('previous_response_not_found');
    client.close();
  });

  it('after max age answers the next response.create with the verbatim limit frame and closes with 1000', async () => {
    mock = await startMockServer({ timing: FAST, maxAgeMs: 300 });
    const client = await TestClient.connect(mock.url);
    expect((await client.turn({ type: 'response.create', model: 'gpt-5.5', input: 'Hi' })).at(-1)?.type).toBe('response.completed');
    await sleep(350);
    const from = client.received.length;
    client.send(limitRequest);
    const closed = await client.closed;
    expect(client.received.slice(from).map((r) => r.text)).toEqual([JSON.stringify(limitFrame)]);
    expect(closed.code).toBe(1000);
  });

  it('echoes the stream_id on the limit frame of a named lane and cuts in-flight lanes', async () => {
    mock = await startMockServer({ timing: { ttftMs: 400, deltaGapMs: 0, jitterMs: 0 }, maxAgeMs: 200 });
    const client = await TestClient.connect(mock.url);
    client.send({ type: 'response.create', model: 'gpt-5.5', input: 'Hi', stream_id: 'slow' });
    await sleep(250);
    client.send({ type: 'response.create', model: 'gpt-5.5', input: 'Hi', stream_id: 'late' });
    expect((await client.closed).code).toBe(1000);
    const frames = client.received.map((r) => r.frame!);
    expect(frames.at(-1)).toMatchObject({ type: 'error', stream_id: 'late', error: { code: 'websocket_connection_limit_reached' } });
    expect(frames.some((f) => f.type === 'response.completed')).toBe(false);
  });

  it('rejects a malformed stream_id and a 33rd distinct stream_id with the documented frames', async () => {
    mock = await startMockServer({ timing: FAST });
    const client = await TestClient.connect(mock.url);
    const ask = (streamId: unknown) => ({ type: 'response.create', model: 'gpt-5.5', input: 'Hi', stream_id: streamId });
    for (const bad of ['', 'has space', 'x'.repeat(257), 42]) {
      const from = client.received.length;
      client.send(ask(bad));
      const [frame] = await client.until((f) => f.type === 'error', 1, from);
      expect(JSON.stringify(frame)).toBe(
        '{"type":"error","status":400,"error":{"type":"invalid_request_error","code":"invalid_stream_id","message":"The \'stream_id\' field must be a non-empty string with at most 256 characters and may only contain letters, numbers, underscores, hyphens, and periods.","param":"stream_id"}}',
      );
    }
    for (let i = 1; i <= 32; i++) expect((await client.turn(ask(`agent_${i}`), `agent_${i}`)).at(-1)?.type).toBe('response.completed');
    const [limit] = await client.turn(ask('agent_33'), 'agent_33');
    expect(JSON.stringify(limit)).toBe(
      '{"type":"error","status":400,"stream_id":"agent_33","error":{"type":"invalid_request_error","code":"websocket_stream_limit_reached","message":"This WebSocket connection has reached its maximum number of distinct stream IDs (32). Reuse an existing stream_id or open a new WebSocket connection.","param":"stream_id"}}',
    );
    // An existing lane still works after the limit.
    expect((await client.turn(ask('agent_7'), 'agent_7')).at(-1)?.type).toBe('response.completed');
    client.close();
  });

  it('answers a frame that is not JSON and an unknown event type with an error, and stays open', async () => {
    mock = await startMockServer({ timing: FAST });
    const client = await TestClient.connect(mock.url);
    client.send('not json');
    client.send({ type: 'response.cancel' });
    const frames = await client.until((f) => f.type === 'error', 2);
    expect(frames.map((f) => (f.error as Record<string, unknown>).code)).toEqual(['invalid_json', 'invalid_value']);
    expect((await client.turn({ type: 'response.create', model: 'gpt-5.5', input: 'Hi' })).at(-1)?.type).toBe('response.completed');
    client.close();
  });
});

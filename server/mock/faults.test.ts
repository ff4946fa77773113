import { afterEach, describe, expect, it } from 'vitest';
import { parseFault } from './faults.ts';
import { startMockServer, type RunningMock } from './mockServer.ts';
import { TestClient } from './testClient.ts';

let mock: RunningMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const FAST = { ttftMs: 0, deltaGapMs: 0, jitterMs: 0 };
const ask = (fault?: string) => ({ type: 'response.create', model: 'gpt-5.5', input: 'Hi', ...(fault ? { metadata: { mock_fault: fault } } : {}) });

describe('mock fault switches', () => {
  it('drop: cuts the TCP connection mid-response without a close frame (1006)', async () => {
    mock = await startMockServer({ timing: FAST });
    const client = await TestClient.connect(mock.url);
    client.send(ask('drop'));
    const closed = await client.closed;
    expect(closed.code).toBe(1006);
    const types = client.received.map((r) => r.frame?.type);
    expect(types).toContain('response.output_text.delta');
    expect(types).not.toContain('response.completed');
  });

  it('close:CODE:REASON: closes mid-response with that code and reason', async () => {
    mock = await startMockServer({ timing: FAST });
    const client = await TestClient.connect(mock.url);
    client.send(ask('close:1011:upstream error'));
    expect(await client.closed).toEqual({ code: 1011, reason: 'upstream error' });
  });

  it('slow: stretches the time to first token by the factor', async () => {
    mock = await startMockServer({ timing: { ttftMs: 40, deltaGapMs: 0, jitterMs: 0 } });
    const client = await TestClient.connect(mock.url);
    const ttft = async (fault?: string) => {
      const from = client.received.length;
      const sent = performance.now();
      await client.turn(ask(fault));
      return client.received.slice(from).find((r) => r.frame?.type.endsWith('.delta'))!.at - sent;
    };
    // 40 ms stretched 8 times is 320 ms: at least 280 ms more than the plain turn. A difference, not an
    // upper bound on the plain turn, so a loaded machine cannot fail it.
    const plain = await ttft();
    const slow = await ttft('slow:8');
    expect(plain).toBeGreaterThanOrEqual(40);
    expect(slow).toBeGreaterThanOrEqual(320);
    expect(slow - plain).toBeGreaterThanOrEqual(200);
    client.close();
  });

  it('malformed: sends one frame that is not JSON, then finishes the response', async () => {
    mock = await startMockServer({ timing: FAST });
    const client = await TestClient.connect(mock.url);
    const frames = await client.turn(ask('malformed'));
    expect(frames.at(-1)?.type).toBe('response.completed');
    const broken = client.received.filter((r) => r.frame === undefined);
    expect(broken).toHaveLength(1);
    expect(() => JSON.parse(broken[0].text)).toThrow();
    client.close();
  });

  it('server option: applies the fault to every Nth response of a connection', async () => {
    mock = await startMockServer({ timing: FAST, fault: 'close:4000:every second', faultEvery: 2 });
    const client = await TestClient.connect(mock.url);
    expect((await client.turn(ask())).at(-1)?.type).toBe('response.completed');
    client.send(ask());
    expect(await client.closed).toEqual({ code: 4000, reason: 'every second' });
  });

  it('rejects a bad fault: as a server option it throws, per request it is an error frame', async () => {
    expect(() => parseFault('close:1006')).toThrow(/use "drop"/);
    expect(() => parseFault('explode')).toThrow(/not one of/);
    await expect(startMockServer({ fault: 'slow:-1' })).rejects.toThrow(/not one of/);
    mock = await startMockServer({ timing: FAST });
    const client = await TestClient.connect(mock.url);
    const [frame] = await client.turn(ask('explode'));
    expect(frame).toMatchObject({ type: 'error', status: 400, error: { param: 'metadata.mock_fault' } });
    client.close();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMock } from './mockServer.ts';
import { TestClient, type Frame } from './testClient.ts';

let mock: RunningMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const ask = (streamId?: string) => ({ type: 'response.create', model: 'gpt-5.5', input: 'Summarise the retry policy.', ...(streamId ? { stream_id: streamId } : {}) });
const indexOf = (client: TestClient, pred: (f: Frame) => boolean) => client.received.findIndex((r) => r.frame !== undefined && pred(r.frame));

describe('mock stream_id lanes', () => {
  it('runs lanes concurrently and echoes stream_id on every event of a named lane', async () => {
    mock = await startMockServer({ timing: { ttftMs: 60, deltaGapMs: 10, jitterMs: 0 } });
    const client = await TestClient.connect(mock.url);
    const lanes = ['docs', 'tests', 'lint'];
    for (const lane of lanes) client.send(ask(lane));
    await client.until((f) => f.type === 'response.completed', 3);
    const frames = client.received.map((r) => r.frame!);
    expect(frames.every((f) => lanes.includes(String(f.stream_id)))).toBe(true);
    // Every lane has started streaming before any lane completes: they overlap in time.
    const firstDone = indexOf(client, (f) => f.type === 'response.completed');
    for (const lane of lanes) expect(indexOf(client, (f) => f.type === 'response.output_text.delta' && f.stream_id === lane)).toBeLessThan(firstDone);
    // Each lane numbers its own response from 0.
    for (const lane of lanes) {
      const seqs = frames.filter((f) => f.stream_id === lane).map((f) => f.sequence_number);
      expect(seqs).toEqual(seqs.map((_, i) => i));
    }
    client.close();
  });

  it('runs the requests of one lane first-in first-out, without overlap', async () => {
    mock = await startMockServer({ timing: { ttftMs: 30, deltaGapMs: 5, jitterMs: 0 } });
    const client = await TestClient.connect(mock.url);
    for (const lane of ['a', 'a', undefined, undefined]) client.send(ask(lane));
    await client.until((f) => f.type === 'response.completed', 4);
    for (const lane of ['a', undefined]) {
      const types = client.received
        .map((r) => r.frame!)
        .filter((f) => f.stream_id === lane)
        .map((f) => f.type);
      const created = types.flatMap((t, i) => (t === 'response.created' ? [i] : []));
      const completed = types.flatMap((t, i) => (t === 'response.completed' ? [i] : []));
      expect(created).toHaveLength(2);
      expect(completed[0]).toBeLessThan(created[1]);
    }
    // The default lane's events carry no stream_id at all.
    const untagged = client.received.map((r) => r.frame!).filter((f) => !('stream_id' in f));
    expect(untagged.filter((f) => f.type === 'response.completed')).toHaveLength(2);
    expect(client.received.every((r) => !('stream_id' in r.frame!) || r.frame!.stream_id === 'a')).toBe(true);
    client.close();
  });

  it('lets a new lane fork from another lane’s cached response', async () => {
    mock = await startMockServer({ timing: { ttftMs: 0, deltaGapMs: 0, jitterMs: 0 } });
    const client = await TestClient.connect(mock.url);
    const parent = await client.turn({ ...ask('main'), store: false }, 'main');
    const id = (parent.at(-1)!.response as Record<string, unknown>).id;
    const fork = await client.turn({ ...ask('fork'), store: false, previous_response_id: id }, 'fork');
    expect((fork.at(-1)!.response as Record<string, unknown>).previous_response_id).toBe(id);
    client.close();
  });
});

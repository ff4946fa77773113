import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMock } from './mockServer.ts';
import { TestClient, type Frame } from './testClient.ts';

// The mock's event sequences against two references: the team's protocol fixture (a 3-turn
// store:false chain) and a real recording of the API (pydantic-ai cassette).
type Line = { dir: string; frame: Frame };
const load = (name: string): Line[] =>
  readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

/** Splits a recording into turns: each client frame with the server frames that follow it. */
function turns(lines: Line[]): { request: Frame; events: Frame[] }[] {
  const out: { request: Frame; events: Frame[] }[] = [];
  for (const { dir, frame } of lines) {
    if (dir === 'c2s' || dir === 'send') out.push({ request: frame, events: [] });
    else out[out.length - 1].events.push(frame);
  }
  return out;
}

const item = (f: Frame) => f.item as Record<string, unknown>;
const resp = (f: Frame) => f.response as Record<string, unknown>;

/** The structural checks every answer must pass, whatever the content. */
function checkTurn(events: Frame[]): void {
  expect(events.map((e) => e.sequence_number)).toEqual(events.map((_, i) => i));
  const responses = events.filter((e) => e.response !== undefined).map(resp);
  expect(new Set(responses.map((r) => r.id)).size).toBe(1);
  expect(String(responses[0].id)).toMatch(/^resp_[0-9a-f]{50}$/);
  const added = events.find((e) => e.type === 'response.output_item.added');
  const done = events.find((e) => e.type === 'response.output_item.done');
  if (!added || !done) return;
  const id = item(added).id;
  for (const e of events.filter((f) => 'item_id' in f)) expect(e.item_id).toBe(id);
  expect(item(done).id).toBe(id);
  expect(item(done).call_id).toBe(item(added).call_id);
  expect(resp(events[events.length - 1]).output).toEqual([item(done)]);
}

let mock: RunningMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

describe('mock event sequences', () => {
  it('answers the protocol fixture chain with the same events in the same order', async () => {
    mock = await startMockServer({ timing: { ttftMs: 0, deltaGapMs: 0, jitterMs: 0 } });
    const client = await TestClient.connect(mock.url);
    let previousId: string | null = null;
    let callId = '';
    for (const { request, events: expected } of turns(load('protocol-fixture.jsonl'))) {
      // The chain continues from the mock's own ids, not the fixture's made-up ones.
      const input = (request.input as Record<string, unknown>[]).map((i) => (i.type === 'function_call_output' ? { ...i, call_id: callId } : i));
      const events = await client.turn({ ...request, input, ...(previousId ? { previous_response_id: previousId } : {}) });
      const deltas = (fs: Frame[]) => fs.filter((f) => !f.type.endsWith('.delta')).map((f) => f.type);
      expect(deltas(events)).toEqual(deltas(expected));
      expect(events.some((f) => f.type.endsWith('.delta'))).toBe(true);
      checkTurn(events);
      const last = resp(events[events.length - 1]);
      expect(last.previous_response_id).toBe(previousId);
      expect(last.store).toBe(false);
      for (const key of Object.keys(resp(expected[0]))) expect(resp(events[0])).toHaveProperty(key);
      const expectedDone = expected.find((f) => f.type === 'response.output_item.done');
      const done = events.find((f) => f.type === 'response.output_item.done')!;
      if (item(expectedDone!).type === 'function_call') {
        expect(item(done).name).toBe(item(expectedDone!).name);
        // Arguments satisfy the tool's schema and use the city from the user's question.
        const args = JSON.parse(String(item(done).arguments)) as Record<string, unknown>;
        expect(Object.keys(args).sort()).toEqual(Object.keys(JSON.parse(String(item(expectedDone!).arguments))).sort());
        expect(args.city).toBe('Paris');
        callId = String(item(done).call_id);
        expect(callId).toMatch(/^call_/);
      }
      previousId = String(last.id);
    }
    client.close();
  });

  it('matches the real recording frame by frame: event types, key order and Response fields', async () => {
    mock = await startMockServer({ toolCalls: 1, timing: { ttftMs: 0, deltaGapMs: 0, jitterMs: 0 } });
    const client = await TestClient.connect(mock.url);
    for (const { request, events: expected } of turns(load('recording.jsonl'))) {
      const events = await client.turn(request);
      const kinds = (fs: Frame[]) => fs.map((f) => f.type).filter((t, i, all) => !(t.endsWith('.delta') && all[i - 1] === t));
      expect(kinds(events)).toEqual(kinds(expected));
      checkTurn(events);
      // Same top-level keys in the same order on every kind of event (obfuscation included).
      const shape = (f: Frame) => Object.keys(f).join(',');
      const byType = new Map(expected.map((f) => [f.type, shape(f)]));
      for (const f of events) expect(shape(f)).toBe(byType.get(f.type));
      // The full Response object, key for key, as the API sends it.
      expect(Object.keys(resp(events[0]))).toEqual(Object.keys(resp(expected[0])));
      const usage = resp(events[events.length - 1]).usage as Record<string, unknown>;
      expect(Object.keys(usage)).toEqual(Object.keys(resp(expected[expected.length - 1]).usage as object));
      expect(usage.total_tokens).toBe(Number(usage.input_tokens) + Number(usage.output_tokens));
    }
    client.close();
  });
});

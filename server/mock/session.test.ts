import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type RunningMock } from './mockServer.ts';
import { TestClient, type Frame } from './testClient.ts';

let mock: RunningMock | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const FAST = { ttftMs: 0, deltaGapMs: 0, jitterMs: 0 };

/** The upgrade as a raw HTTP request, to see the refusal's status and body. */
function upgrade(url: string, headers: Record<string, string>): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url.replace('ws:', 'http:'), {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: res.headers['content-type'] }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('mock handshake', () => {
  it('refuses an upgrade without a bearer token with 401 and the API JSON error body', async () => {
    mock = await startMockServer();
    const refused = await upgrade(mock.url, {});
    expect(refused.status).toBe(401);
    expect(refused.type).toBe('application/json');
    expect(JSON.parse(refused.body)).toMatchObject({ error: { type: 'invalid_request_error', code: null, message: expect.stringContaining("You didn't provide an API key") } });
    expect((await upgrade(mock.url, { Authorization: 'Basic abc' })).status).toBe(401);
    expect((await upgrade(mock.url, { Authorization: 'Bearer sk-anything' })).status).toBe(101);
    expect((await upgrade(mock.url.replace('/v1/responses', '/v1/chat'), { Authorization: 'Bearer sk-x' })).status).toBe(404);
  });

  it('checks the key itself when started with one', async () => {
    mock = await startMockServer({ apiKey: 'sk-right-key-123456' });
    const wrong = await upgrade(mock.url, { Authorization: 'Bearer sk-wrong-key-123456' });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.code).toBe('invalid_api_key');
    expect((await upgrade(mock.url, { Authorization: 'Bearer sk-right-key-123456' })).status).toBe(101);
  });
});

describe('mock session', () => {
  it('answers a generate:false warm-up without output, and the next turn chains from it', async () => {
    mock = await startMockServer({ timing: FAST });
    const client = await TestClient.connect(mock.url);
    const base = { type: 'response.create', model: 'gpt-5.5', store: false, input: 'Review src/parser/ast.ts' };
    const warm = await client.turn({ ...base, generate: false });
    expect(warm.map((f) => f.type)).toEqual(['response.created', 'response.in_progress', 'response.completed']);
    const done = warm[2].response as Record<string, unknown>;
    expect(done.output).toEqual([]);
    const next = await client.turn({ ...base, input: [], previous_response_id: done.id });
    expect(next.at(-1)?.type).toBe('response.completed');
    client.close();
  });

  it('calls tools until the conversation holds mock_tool_calls outputs, then answers in text', async () => {
    mock = await startMockServer({ timing: FAST });
    const client = await TestClient.connect(mock.url);
    const tools = [{ type: 'function', name: 'read_file', parameters: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] } }];
    let previous: unknown = null;
    let input: unknown[] = [{ role: 'user', content: 'Why does tests/tokenize.test.ts fail?' }];
    const kinds: string[] = [];
    for (let turn = 0; turn < 6; turn++) {
      const frames = await client.turn({
        type: 'response.create',
        model: 'gpt-5.5',
        store: false,
        tools,
        input,
        previous_response_id: previous,
        metadata: { mock_tool_calls: '4' },
      });
      const out = ((frames.at(-1)!.response as Record<string, unknown>).output as Frame[])[0];
      kinds.push(String(out.type));
      if (out.type === 'message') break;
      expect(JSON.parse(String(out.arguments))).toEqual({ path: 'tests/tokenize.test.ts' });
      previous = (frames.at(-1)!.response as Record<string, unknown>).id;
      input = [{ type: 'function_call_output', call_id: out.call_id, output: '{"lines":42}' }];
    }
    expect(kinds).toEqual(['function_call', 'function_call', 'function_call', 'function_call', 'message']);
    client.close();
  });

  it('accepts response.steer for a streaming response and fails it for an unknown one', async () => {
    mock = await startMockServer({ timing: { ttftMs: 100, deltaGapMs: 10, jitterMs: 0 } });
    const client = await TestClient.connect(mock.url);
    client.send({ type: 'response.create', model: 'gpt-5.5', input: 'Write a long answer', stream_id: 'main' });
    const [created] = await client.until((f) => f.type === 'response.created');
    const id = (created.response as Record<string, unknown>).id;
    client.send({ type: 'response.steer', previous_response_id: id, input: [{ role: 'user', content: 'Keep it short.' }] });
    const [accepted] = await client.until((f) => f.type === 'response.steer.accepted');
    expect(accepted).toMatchObject({ stream_id: 'main', steer: { previous_response_id: id, id: expect.stringMatching(/^steer_/) } });
    await client.until((f) => f.type === 'response.completed');
    const seqs = client.received.map((r) => r.frame!.sequence_number);
    expect(seqs).toEqual(seqs.map((_, i) => i));
    client.send({ type: 'response.steer', previous_response_id: 'resp_nope', input: 'hello' });
    const [failed] = await client.until((f) => f.type === 'response.steer.failed');
    expect(failed.error).toMatchObject({ code: 'response_not_found' });
    client.close();
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../src/core/capture.ts';
import { importHar } from '../../src/core/har/importHar.ts';
import { buildCaptureModel } from '../../src/core/turns.ts';
import { ROOT } from '../paths.ts';

const fixture = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'server', 'testing', 'fixtures', name), 'utf8')) as unknown;

/** Hand-written after each writer's HAR conventions: where each keeps WebSocket messages and their direction. */
describe('HAR files written by other tools import as captures', () => {
  it('Chrome DevTools: the WebSocket entry becomes a connection with its turn; the GET fetch entry is skipped', () => {
    const { records, warnings } = importHar(fixture('chrome-devtools-websocket.har'));
    expect(warnings).toEqual(['1 HTTP entry skipped (neither a WebSocket nor a POST to the Responses API)']);
    const model = buildCaptureModel(records);
    expect(model.connections()).toHaveLength(1);
    expect(model.connections()[0]).toMatchObject({ path: '/v1/responses', headers: { authorization: '[redacted]', 'user-agent': expect.stringContaining('Chrome') } });
    expect(model.turns()[0]).toMatchObject({ status: 'completed', model: 'gpt-5.5', responseId: 'resp_001', outputText: '14°C and overcast.' });
    expect(model.turns()[0].ttftMs).toBeCloseTo(410, 3);
    const binary = records.find((r): r is FrameRecord => r.kind === 'frame' && r.binary);
    expect(binary).toMatchObject({ dir: 'send', data: 'AAEC/w==', size: 4 });
  });

  it('Chrome DevTools: a streamed POST to /v1/responses becomes an HTTP exchange with its turn', () => {
    const events = [
      { type: 'response.created', sequence_number: 0, response: { id: 'resp_h', object: 'response', status: 'in_progress', model: 'gpt-5.5', output: [] } },
      { type: 'response.output_text.delta', sequence_number: 1, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hi there' },
      {
        type: 'response.completed',
        sequence_number: 2,
        response: { id: 'resp_h', object: 'response', status: 'completed', model: 'gpt-5.5', output: [], usage: { input_tokens: 9, output_tokens: 2, total_tokens: 11 } },
      },
    ];
    const sse = events.map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join('');
    const har = {
      log: {
        version: '1.2',
        creator: { name: 'WebInspector', version: '537.36' },
        entries: [
          {
            startedDateTime: '2026-11-25T06:00:00.000Z',
            time: 900,
            _resourceType: 'fetch',
            request: {
              method: 'POST',
              url: 'https://api.openai.com/v1/responses',
              headers: [
                { name: 'Authorization', value: 'Bearer sk-REALLOOKINGKEY0123456789abcdef' },
                { name: 'content-type', value: 'application/json' },
              ],
              postData: { mimeType: 'application/json', text: JSON.stringify({ model: 'gpt-5.5', stream: true, input: 'hello' }) },
            },
            response: { status: 200, headers: [{ name: 'content-type', value: 'text/event-stream' }], content: { size: sse.length, mimeType: 'text/event-stream', text: sse } },
            timings: { blocked: 1, dns: -1, ssl: -1, connect: -1, send: 0, wait: 300, receive: 599 },
          },
        ],
      },
    };
    const { records, warnings } = importHar(har);
    expect(warnings).toEqual([]);
    const model = buildCaptureModel(records);
    expect(model.connections()[0]).toMatchObject({ transport: 'http', headers: { authorization: '[redacted]' } });
    expect(model.turns()).toHaveLength(1);
    expect(model.turns()[0]).toMatchObject({ status: 'completed', model: 'gpt-5.5', responseId: 'resp_h', outputText: 'Hi there' });
    expect(model.turns()[0].ttftMs).toBeCloseTo(300, 3);
    expect(model.turns()[0].totalMs).toBeCloseTo(900, 3);
  });

  it('HTTP Toolkit: text and binary messages, and its _webSocketClose', () => {
    const { records } = importHar(fixture('httptoolkit-websocket.har'));
    const model = buildCaptureModel(records);
    expect(model.turns()[0]).toMatchObject({ status: 'completed', outputText: 'pong' });
    expect(model.connections()[0]).toMatchObject({ status: 'closed', close: { code: 1000, reason: 'done' }, headers: { authorization: '[redacted]' } });
    expect(records.filter((r) => r.kind === 'frame').map((r) => r.kind === 'frame' && [r.dir, r.binary, r.size])).toEqual([
      ['send', false, expect.any(Number)],
      ['receive', false, expect.any(Number)],
      ['receive', false, expect.any(Number)],
      ['receive', false, expect.any(Number)],
      ['receive', true, 3],
    ]);
    expect(JSON.stringify(records)).not.toContain('HTTPTOOLKITSECRET');
  });

  it('mitmproxy savehar: an https:// URL with a 101 and unrounded epoch-second times', () => {
    const { records } = importHar(fixture('mitmproxy-websocket.har'));
    const model = buildCaptureModel(records);
    expect(model.turns()[0]).toMatchObject({ status: 'completed', outputText: 'pong' });
    expect(model.turns()[0].createdMs).toBeCloseTo(190, 3);
    expect(JSON.stringify(records)).not.toContain('MITMPROXYSECRET');
  });
});

import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../capture.ts';
import { httpDisplayPayload, httpEvents } from './httpFrames.ts';

const frame = (http: FrameRecord['http'], status?: number): FrameRecord => ({
  kind: 'frame',
  t: 1,
  conn: 'c1',
  seq: 2,
  dir: 'receive',
  binary: false,
  size: 2,
  data: '{}',
  http,
  ...(status ? { status } : {}),
});

describe('httpEvents', () => {
  it('reads a request body as response.create', () => {
    expect(httpEvents(frame('request'), { model: 'm', stream: true })).toEqual([{ model: 'm', stream: true, type: 'response.create' }]);
  });

  it('reads a whole JSON response as its output items, its text and the terminal event of its status', () => {
    const body = {
      object: 'response',
      status: 'incomplete',
      output: [
        { type: 'function_call', id: 'fc_1', name: 'f', call_id: 'call_1', arguments: '{}' },
        { type: 'message', content: [{ type: 'output_text', text: 'hello' }] },
      ],
    };
    expect(httpEvents(frame('response', 200), body).map((e) => e.type)).toEqual([
      'response.output_item.done',
      'response.output_item.done',
      'response.output_text.delta',
      'response.incomplete',
    ]);
  });

  it('reads an HTTP error body as an error event with the status', () => {
    const body = { error: { code: 'invalid_api_key', message: 'bad key', type: 'invalid_request_error' } };
    expect(httpEvents(frame('response', 401), body)).toEqual([{ type: 'error', status: 401, error: body.error }]);
  });

  it('passes SSE events through as they are', () => {
    const ev = { type: 'response.created' };
    expect(httpEvents(frame('sse'), ev)).toEqual([ev]);
  });
});

describe('httpDisplayPayload', () => {
  it('shows a request as response.create and a JSON response as its terminal event', () => {
    const req = { ...frame('request'), dir: 'send' as const, data: '{"model":"m"}' };
    expect(httpDisplayPayload(req, undefined)).toEqual({ model: 'm', type: 'response.create' });
    expect(httpDisplayPayload({ ...frame('response', 200), data: '{"object":"response","status":"completed"}' }, undefined)).toMatchObject({ type: 'response.completed' });
    expect(httpDisplayPayload(frame('sse'), { type: 'x' })).toEqual({ type: 'x' });
  });
});

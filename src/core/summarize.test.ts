import { describe, expect, it } from 'vitest';
import { describeFrame, describeRecord } from './summarize.ts';

const names = new Map<string, string>([['fc_1', 'get_weather']]);
const ctx = { toolName: (id: string) => names.get(id) };
const f = (v: unknown) => describeFrame(JSON.stringify(v), false, ctx);

describe('describeFrame', () => {
  it('shows the delta text of a text delta, on one line, with a fold key per item', () => {
    const info = f({ type: 'response.output_text.delta', item_id: 'msg_1', content_index: 0, delta: 'Hi\nthere' });
    expect(info.summary).toBe('Hi⏎there');
    expect(info.delta).toBe('Hi\nthere');
    expect(info.foldKey).toContain('msg_1');
    expect(f({ type: 'response.output_text.delta', item_id: 'msg_2', content_index: 0, delta: 'x' }).foldKey).not.toBe(info.foldKey);
  });
  it('names the function whose arguments stream', () => {
    const info = f({ type: 'response.function_call_arguments.delta', item_id: 'fc_1', delta: '{"city":' });
    expect(info.summary).toBe('get_weather({"city":');
  });
  it('shows the text of a lone delta that has no item_id', () => {
    const info = f({ type: 'response.output_text.delta', delta: 'Hello' });
    expect(info.summary).toBe('Hello');
    expect(info.delta).toBe('Hello');
  });
  it('shows a tool output and a quoted input without escaped quotes', () => {
    const out = f({ type: 'response.create', input: [{ type: 'function_call_output', call_id: 'call_1', output: '{"temp":12}' }] });
    expect(out.summary).toBe('1 input item · call_1 → {"temp":12}');
    const said = f({ type: 'response.create', input: [{ role: 'user', content: 'say "hi"' }] });
    expect(said.summary).toBe('1 input item · "say "hi""');
  });
  it('announces function call items so later deltas can name them', () => {
    const info = f({ type: 'response.output_item.added', item: { id: 'fc_9', type: 'function_call', name: 'lookup', arguments: '' } });
    expect(info.announces).toEqual({ itemId: 'fc_9', name: 'lookup' });
    expect(info.summary).toContain('lookup');
  });
  it('shows the error code of a WebSocket error frame', () => {
    const info = f({ type: 'error', status: 400, error: { code: 'previous_response_not_found', message: 'gone' } });
    expect(info.errorCode).toBe('previous_response_not_found');
    expect(info.summary).toBe('400 · previous_response_not_found · gone');
  });
  it('summarizes a response.create with its model, chain and first input text', () => {
    const info = f({
      type: 'response.create',
      model: 'gpt-5.5',
      previous_response_id: 'resp_1',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
    });
    expect(info.summary).toBe('gpt-5.5 · prev=resp_1 · 1 input item · "Hello"');
  });
  it('shows the lane from stream_id and usage on completion', () => {
    const info = f({ type: 'response.completed', stream_id: 'a', response: { id: 'resp_1', status: 'completed', usage: { input_tokens: 5, output_tokens: 7 } } });
    expect(info.lane).toBe('a');
    expect(info.summary).toBe('resp_1 · completed · in 5 · out 7 tokens');
  });
  it('never throws on content that is not JSON', () => {
    expect(describeFrame('not json', false, ctx).type).toBe('(not JSON)');
    expect(describeFrame('AAAA', true, ctx).type).toBe('(binary)');
    expect(describeFrame('[1]', false, ctx).type).toBe('(not an object)');
  });
});

describe('describeRecord', () => {
  it('shows the close code, reason and side', () => {
    expect(describeRecord({ kind: 'capture.end', t: 1, counts: { connections: 4, frames: 999_996, dropped: 0 } } as never)).toBe('4 connections · 999,996 frames · 0 dropped');
    expect(describeRecord({ kind: 'conn.close', t: 1, conn: 'c1', side: 'upstream', code: 1000, reason: 'bye' })).toBe('1000 "bye" · closed by upstream');
  });
  it('shows the handshake time with 0.1 ms precision', () => {
    expect(describeRecord({ kind: 'conn.upstream_open', t: 1, conn: 'c1', upstream: 'ws://x', status: 101, handshakeMs: 12.345 })).toBe('101 from ws://x · handshake 12.3 ms');
  });
});

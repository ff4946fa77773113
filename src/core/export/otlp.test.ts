import { describe, expect, it } from 'vitest';
import type { CaptureRecord } from '../capture.ts';
import { httpExchange, streamedTurn } from '../testing/httpRecords.ts';
import { CaptureBuilder, T0 } from '../testing/records.ts';
import { createOtlpExporter, hex, nanos, otlpTraces, type OtlpSpan } from './otlp.ts';

const attrs = (span: OtlpSpan) => Object.fromEntries(span.attributes.map((a) => [a.key, Object.values(a.value)[0]]));

function wsCapture(): CaptureRecord[] {
  const c = new CaptureBuilder();
  c.open('c1').upstreamOpen('c1', 30);
  c.send('c1', {
    type: 'response.create',
    model: 'gpt-5.5',
    input: 'my key is sk-proj-abcdefghijklmnopqrstuvwx',
    instructions: 'Be brief',
    temperature: 0.2,
    max_output_tokens: 500,
  });
  for (const [dt, ev] of streamedTurn('resp_1', { createdMs: 10, ttftMs: 250, endMs: 400 })) c.receive('c1', ev, dt === 10 ? 10 : dt === 250 ? 240 : 150);
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', previous_response_id: 'resp_1', input: [] }, 20);
  c.receive('c1', { type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: 'gone' } }, 5);
  c.close('c1', { side: 'client', code: 1000, dt: 10 });
  return c.records;
}

function exportAll(records: CaptureRecord[], includeContent = false): OtlpSpan[] {
  const exporter = createOtlpExporter({ includeContent });
  for (const rec of records) exporter.add(rec);
  return exporter.finish();
}

describe('createOtlpExporter', () => {
  it('makes one `chat {model}` CLIENT span per turn with the GenAI attributes, under a span per connection', () => {
    const spans = exportAll(wsCapture());
    expect(spans.map((s) => s.name)).toEqual(['chat gpt-5.5', 'chat gpt-5.5', 'responses websocket']);
    const [first, second, conn] = spans;
    expect(first.kind).toBe(3);
    expect(conn.kind).toBe(1);
    expect(first.parentSpanId).toBe(conn.spanId);
    expect(first.traceId).toBe(conn.traceId);
    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(first.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(attrs(first)).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'openai.api.type': 'responses',
      'gen_ai.request.model': 'gpt-5.5',
      'gen_ai.request.stream': true,
      'gen_ai.request.temperature': 0.2,
      'gen_ai.request.max_tokens': '500',
      'gen_ai.response.id': 'resp_1',
      'gen_ai.usage.input_tokens': '100',
      'gen_ai.usage.output_tokens': '20',
      'gen_ai.usage.cache_read.input_tokens': '64',
      'gen_ai.conversation.id': 'resp_1',
      'server.address': '127.0.0.1',
      'server.port': '9',
    });
    expect(attrs(first)['gen_ai.response.time_to_first_chunk']).toBeCloseTo(0.25, 6);
    expect(first.startTimeUnixNano).toBe(nanos(T0 + 32));
    expect(first.status).toEqual({ code: 0 });
    expect(first.events?.map((e) => e.name)).toEqual(['response.created', 'gen_ai.first_chunk']);
    expect(attrs(second)['error.type']).toBe('previous_response_not_found');
    expect(second.status.code).toBe(2);
  });

  it('leaves prompt and output content out unless asked, and masks keys in it when asked', () => {
    const without = exportAll(wsCapture());
    expect(Object.keys(attrs(without[0])).filter((k) => k.includes('messages') || k.includes('instructions'))).toEqual([]);
    const withContent = attrs(exportAll(wsCapture(), true)[0]);
    expect(withContent['gen_ai.input.messages']).toBe('[{"role":"user","parts":[{"type":"text","content":"my key is [redacted]"}]}]');
    expect(withContent['gen_ai.system_instructions']).toBe('[{"type":"text","content":"Be brief"}]');
    expect(JSON.parse(withContent['gen_ai.output.messages'] as string)).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'hi' }], finish_reason: 'stop' }]);
  });

  it('exports HTTP exchanges too, with their stream flag and setup', () => {
    const records = httpExchange({
      conn: 'c1',
      t: T0,
      body: { model: 'gpt-5.5', stream: false },
      setupMs: 120,
      events: streamedTurn('resp_9', { createdMs: 130, ttftMs: 300, endMs: 350 }),
    });
    const [chat, conn] = exportAll(records);
    expect(attrs(chat)).toMatchObject({ 'gen_ai.request.stream': false, 'server.address': 'api.example', 'server.port': '443', 'responses_inspector.transport': 'http' });
    expect(conn.name).toBe('POST /v1/responses');
    expect(attrs(conn)['responses_inspector.setup_ms']).toBe(120);
  });

  it('hands out each finished span once when fed live, and open turns only at finish', () => {
    const records = wsCapture();
    const exporter = createOtlpExporter();
    const seen: string[] = [];
    for (const rec of records.slice(0, 7)) exporter.add(rec);
    seen.push(...exporter.takeFinished().map((s) => s.name));
    expect(seen).toEqual(['chat gpt-5.5']);
    expect(exporter.takeFinished()).toEqual([]);
    for (const rec of records.slice(7)) exporter.add(rec);
    expect(exporter.takeFinished().map((s) => s.name)).toEqual(['chat gpt-5.5', 'responses websocket']);
    expect(exporter.finish()).toEqual([]);
  });

  it('gives the same ids when the same capture is exported twice', () => {
    expect(exportAll(wsCapture()).map((s) => s.spanId)).toEqual(exportAll(wsCapture()).map((s) => s.spanId));
    expect(hex('a', 16)).not.toBe(hex('b', 16));
  });
});

describe('otlpTraces', () => {
  it('wraps spans in one resource and scope with the service name', () => {
    const body = otlpTraces([], { tool: { name: 'responses-inspector', version: '1.2.3' } });
    expect(body.resourceSpans[0].resource.attributes[0]).toEqual({ key: 'service.name', value: { stringValue: 'responses-inspector' } });
    expect(body.resourceSpans[0].scopeSpans[0].scope).toEqual({ name: 'responses-inspector', version: '1.2.3' });
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FrameRecord } from '../../src/core/capture.ts';
import { importHar } from '../../src/core/har/importHar.ts';
import { buildCaptureModel } from '../../src/core/turns.ts';
import { ROOT } from '../paths.ts';

const fixture = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'server', 'testing', 'fixtures', name), 'utf8')) as unknown;

/** Hand-written after each writer's HAR conventions (docs/prior-art.md §3). */
describe('HAR files written by other tools import as captures', () => {
  it('Chrome DevTools: the WebSocket entry becomes a connection with its turn; the fetch entry is skipped', () => {
    const { records, warnings } = importHar(fixture('chrome-devtools-websocket.har'));
    expect(warnings).toEqual(['1 HTTP (non-WebSocket) entries skipped']);
    const model = buildCaptureModel(records);
    expect(model.connections()).toHaveLength(1);
    expect(model.connections()[0]).toMatchObject({ path: '/v1/responses', headers: { authorization: '[redacted]', 'user-agent': expect.stringContaining('Chrome') } });
    expect(model.turns()[0]).toMatchObject({ status: 'completed', model: 'gpt-5.5', responseId: 'resp_001', outputText: '14°C and overcast.' });
    expect(model.turns()[0].ttftMs).toBeCloseTo(410, 3);
    const binary = records.find((r): r is FrameRecord => r.kind === 'frame' && r.binary);
    expect(binary).toMatchObject({ dir: 'send', data: 'AAEC/w==', size: 4 });
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

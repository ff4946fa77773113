import { describe, expect, it } from 'vitest';
import type { CaptureRecord, FrameRecord } from '../capture.ts';
import { buildCaptureModel } from '../turns.ts';
import { HarFormatError, importHar, looksLikeHar } from './importHar.ts';

const START = '2026-11-25T06:00:00.000Z';
const T0 = Date.parse(START);

function entry(messages: object[], extra: object = {}) {
  return {
    startedDateTime: START,
    time: 20,
    request: { method: 'GET', url: 'wss://api.openai.com/v1/responses', headers: [{ name: 'Authorization', value: 'Bearer sk-abcdefghijklmnopqrstuvwxyz' }] },
    response: { status: 101, headers: [] },
    _webSocketMessages: messages,
    ...extra,
  };
}
const har = (...entries: object[]) => ({ log: { version: '1.2', creator: { name: 'x', version: '1' }, entries } });
const frames = (recs: CaptureRecord[]) => recs.filter((r): r is FrameRecord => r.kind === 'frame');
const create = JSON.stringify({ type: 'response.create', model: 'gpt-5.5', input: [] });

describe('importHar', () => {
  it('reads epoch seconds (Chrome, mitmproxy) and epoch milliseconds (Playwright bug) to the same times', () => {
    const secs = importHar(har(entry([{ type: 'send', time: T0 / 1000 + 0.5, opcode: 1, data: create }]))).records;
    const ms = importHar(har(entry([{ type: 'send', time: T0 + 500, opcode: 1, data: create }]))).records;
    expect(frames(secs)[0].t).toBe(T0 + 500);
    expect(frames(ms)[0].t).toBe(T0 + 500);
  });

  it('takes small times as seconds after the entry start', () => {
    const recs = importHar(har(entry([{ type: 'receive', time: 1.25, opcode: 1, data: '{}' }]))).records;
    expect(frames(recs)[0].t).toBe(T0 + 1250);
  });

  it('decodes opcode 2 and encoding base64, skips control frames, and redacts credential headers', () => {
    const { records, warnings } = importHar(
      har(
        entry([
          { type: 'send', time: T0 / 1000 + 1, opcode: 1, data: Buffer.from('héllo').toString('base64'), encoding: 'base64' },
          { type: 'receive', time: T0 / 1000 + 2, opcode: 2, data: 'AAEC/w==' },
          { type: 'receive', time: T0 / 1000 + 3, opcode: 9, data: '' },
          { type: 'receive', time: T0 / 1000 + 4, opcode: 1 },
        ]),
      ),
    );
    const [text, bin] = frames(records);
    expect(text).toMatchObject({ dir: 'send', binary: false, data: 'héllo', size: 6, seq: 1 });
    expect(bin).toMatchObject({ dir: 'receive', binary: true, data: 'AAEC/w==', size: 4, seq: 2 });
    expect(frames(records)).toHaveLength(2);
    expect(warnings.join()).toMatch(/2 WebSocket messages skipped/);
    const open = records.find((r) => r.kind === 'conn.open');
    expect(open?.kind === 'conn.open' && open.headers.authorization).toBe('[redacted]');
  });

  it("keeps HTTP Toolkit's _webSocketClose, including an aborted connection", () => {
    const closed = importHar(har(entry([], { _webSocketClose: { code: 1011, reason: 'boom', timestamp: T0 / 1000 + 9 } }))).records;
    expect(closed.find((r) => r.kind === 'conn.close')).toMatchObject({ code: 1011, reason: 'boom', t: T0 + 9000 });
    const aborted = importHar(har(entry([], { _webSocketClose: 'aborted' }))).records;
    expect(aborted.find((r) => r.kind === 'conn.close')).toMatchObject({ code: 1006, reason: 'aborted' });
  });

  it('interleaves connections by time, numbers them in start order, and records a refused upgrade', () => {
    const late = entry([{ type: 'send', time: T0 / 1000 + 0.3, opcode: 1, data: create }], { startedDateTime: '2026-11-25T06:00:00.200Z' });
    const early = entry([
      { type: 'send', time: T0 / 1000 + 0.1, opcode: 1, data: create },
      { type: 'send', time: T0 / 1000 + 0.4, opcode: 1, data: create },
    ]);
    const refused = {
      startedDateTime: '2026-11-25T06:00:01.000Z',
      request: { method: 'GET', url: 'wss://api.openai.com/v1/responses', headers: [] },
      response: { status: 401 },
      _resourceType: 'websocket',
    };
    const { records } = importHar(har(late, early, refused));
    expect(frames(records).map((f) => [f.conn, f.seq])).toEqual([
      ['c1', 1],
      ['c2', 1],
      ['c1', 2],
    ]);
    expect(records.find((r) => r.kind === 'conn.error')).toMatchObject({ conn: 'c3', status: 401 });
    const model = buildCaptureModel(records);
    expect(model.connection('c3')?.status).toBe('refused');
    expect(model.turns()).toHaveLength(3);
  });

  it('skips, with a warning, an entry whose times are no dates, and keeps the others exportable', () => {
    const { records, warnings } = importHar(
      har(entry([{ type: 'send', time: 2 ** 53, opcode: 1, data: create }]), entry([{ type: 'send', time: T0 / 1000 + 1, opcode: 1, data: create }])),
    );
    expect(warnings).toContain('c1 (wss://api.openai.com/v1/responses): entry skipped, its times are not dates');
    expect(frames(records)).toHaveLength(1);
    for (const r of records) expect(new Date(r.t).toISOString()).toMatch(/^2026-/);
  });

  it('refuses a document that is not a HAR', () => {
    expect(() => importHar({ hello: 1 })).toThrow(HarFormatError);
    expect(looksLikeHar('{\n  "log": {')).toBe(true);
    expect(looksLikeHar('{"kind":"capture.start"}')).toBe(false);
  });
});

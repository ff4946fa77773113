import { describe, expect, it } from 'vitest';
import type { FaultRecord } from './capture.ts';
import { buildHar } from './export/har.ts';
import { buildJsonExport } from './export/json.ts';
import { rowBadge } from './marks.ts';
import { CaptureBuilder } from './testing/records.ts';
import { createTimeline } from './timeline.ts';
import { createCaptureModel } from './turns.ts';
import { buildWaterfall } from './waterfall.ts';

/** A cache-loss fault as the relay records it: the request kept from the upstream, the injected error, the fault. */
function capture() {
  const c = new CaptureBuilder().open('c1').upstreamOpen('c1');
  c.send('c1', { type: 'response.create', previous_response_id: 'r1', input: [] });
  const request = c.records.at(-1)!;
  Object.assign(request, { forwarded: false });
  c.receive('c1', { type: 'error', status: 400, error: { type: 'invalid_request_error', code: 'previous_response_not_found', message: 'nf', param: 'previous_response_id' } });
  Object.assign(c.records.at(-1)!, { injected: true });
  const fault: FaultRecord = {
    kind: 'fault',
    t: c.t + 1,
    conn: 'c1',
    fault: 'cache-loss',
    action: 'fired',
    source: 'dashboard',
    detail: 'answered with previous_response_not_found',
  };
  c.records.push(fault);
  return { records: c.records, fault };
}

describe('fault marks', () => {
  it('marks the fault row, the injected frame and the withheld request on the timeline', () => {
    const { records } = capture();
    const model = createCaptureModel();
    const tl = createTimeline();
    for (const r of records) {
      const payload = r.kind === 'frame' ? JSON.parse(r.data) : undefined;
      model.add(r, payload);
      tl.add(r, (conn, seq) => model.turnOfFrame(conn, seq), payload);
    }
    const byType = (type: string) => tl.rows.find((r) => r.type === type)!;
    expect(byType('fault')).toMatchObject({ mark: 'fault', summary: 'injected cache-loss: answered with previous_response_not_found (dashboard)' });
    expect(rowBadge(byType('fault'), undefined)).toMatchObject({ label: 'fault' });
    expect(rowBadge(byType('error'), model.connection('c1'))).toMatchObject({ label: 'cache miss (injected)' });
    expect(rowBadge(byType('response.create'), model.connection('c1'))).toMatchObject({ label: 'withheld by fault' });
  });

  it('puts a marker on the waterfall row of the turn the fault hit', () => {
    const { records, fault } = capture();
    const model = createCaptureModel();
    for (const r of records) model.add(r, r.kind === 'frame' ? JSON.parse(r.data) : undefined);
    const wf = buildWaterfall(model.turns(), model.connections(), { faults: [fault] });
    expect(wf.markers.filter((m) => m.kind === 'fault')).toEqual([
      { kind: 'fault', t: fault.t, conn: 'c1', row: 0, turnId: 'c1#1', label: 'injected cache-loss: answered with previous_response_not_found' },
    ]);
    expect(buildWaterfall(model.turns(), model.connections()).markers.some((m) => m.kind === 'fault')).toBe(false);
  });

  it('keeps the marks in the JSON and HAR exports', () => {
    const { records } = capture();
    const doc = JSON.parse(buildJsonExport(records)) as { events: { kind: string; injected?: boolean; forwarded?: boolean }[] };
    const frames = doc.events.filter((e) => e.kind === 'frame');
    expect(frames.map((f) => [f.injected, f.forwarded])).toEqual([
      [undefined, false],
      [true, undefined],
    ]);
    const har = JSON.parse(buildHar(records)) as { log: { entries: { _webSocketMessages: Record<string, unknown>[] }[] } };
    expect(har.log.entries[0]._webSocketMessages.map((m) => [m._injected, m._forwarded])).toEqual([
      [undefined, false],
      [true, undefined],
    ]);
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareTimings } from '../../src/core/compare.ts';
import { CaptureBuilder } from '../../src/core/testing/records.ts';
import { writeCaptureFile } from '../testing/captureFile.ts';
import { serveComparison } from './serveComparison.ts';

const tokenOf = (url: string) => /token=([0-9a-f]+)/.exec(url)![1];

function payload() {
  const b = writeCaptureFile(new CaptureBuilder().records);
  return { labels: { a: 'A', b: 'B' }, files: { a: b, b }, comparison: compareTimings([], []) };
}

describe('serveComparison', () => {
  it('on --host ::1 prints [::1] URLs, which answer (Host [::1]:P is allowed)', async () => {
    const served = await serveComparison(payload(), { port: 0, host: '::1' });
    try {
      expect(served.url).toMatch(/^http:\/\/\[::1\]:\d+\/\?compare=1#token=/);
      expect(served.dashboardUrl).toMatch(/^http:\/\/\[::1\]:\d+\/#token=/);
      const res = await fetch(new URL('/api/compare', served.url), { headers: { 'x-inspector-token': tokenOf(served.url) } });
      expect(res.status).toBe(200);
    } finally {
      served.close();
    }
  });

  it("answers GET /api/captures (the Captures menu) with the run's captures folder, B current", async () => {
    const p = payload();
    const served = await serveComparison(p, { port: 0 });
    try {
      const res = await fetch(new URL('/api/captures', served.url), { headers: { 'x-inspector-token': tokenOf(served.url) } });
      expect(res.status).toBe(200);
      const list = (await res.json()) as { dir: string; current: string; captures: { name: string }[] };
      expect(list.dir).toBe(path.dirname(p.files.b));
      expect(list.current).toBe('capture.ndjson');
      expect(list.captures.map((c) => c.name)).toEqual(['capture.ndjson']);
    } finally {
      served.close();
    }
  });
});

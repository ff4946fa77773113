import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { writeCaptureFile } from '../testing/captureFile.ts';
import { BIN, runCli } from '../testing/runCli.ts';
import type { CaptureRecord } from '../../src/core/capture.ts';
import { httpExchange, streamedTurn, wsStreamedTurns } from '../../src/core/testing/httpRecords.ts';
import { CaptureBuilder, T0 } from '../../src/core/testing/records.ts';

const cli = runCli;

/** A capture file of these records after a capture.start header. */
const writeCapture = (records: CaptureRecord[]) => writeCaptureFile([new CaptureBuilder().records[0], ...records]);

function httpCapture(): string {
  return writeCapture([
    ...httpExchange({
      conn: 'c1',
      t: T0 + 10,
      body: { model: 'gpt-5.5', stream: true },
      setupMs: 100,
      events: streamedTurn('resp_1', { createdMs: 120, ttftMs: 200, endMs: 300 }),
    }),
    ...httpExchange({
      conn: 'c2',
      t: T0 + 400,
      body: { model: 'gpt-5.5', stream: true },
      setupMs: 100,
      events: streamedTurn('resp_2', { createdMs: 120, ttftMs: 200, endMs: 300 }),
    }),
  ]);
}

function wsCapture(): string {
  return writeCaptureFile(wsStreamedTurns(new CaptureBuilder().open('c1').upstreamOpen('c1', 100), 'c1', ['resp_1', 'resp_2']).records);
}

describe('responses-inspector compare A B', () => {
  it('prints the per-turn table with the setup each side paid', async () => {
    const { status, stdout } = await cli(['compare', httpCapture(), wsCapture()]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/^A: .*capture\.ndjson \(http, 2 turns\)$/m);
    expect(stdout).toMatch(/^B: .*\(ws, 2 turns\)$/m);
    expect(stdout).toMatch(/^setups paid\s+2 in A, 1 in B$/m);
    expect(stdout.split('\n').filter((l) => /^\d\/\d/.test(l))).toHaveLength(2);
  });

  it('prints JSON with --json and refuses a wrong number of files', async () => {
    const json = await cli(['compare', httpCapture(), wsCapture(), '--json']);
    expect(JSON.parse(json.stdout).totals.setup).toEqual({ a: 200, b: 100, diff: -100, ratio: 0.5 });
    // --port belongs to --ui: given alone it is said to be ignored, and the table still prints.
    const port = await cli(['compare', httpCapture(), wsCapture(), '--port', '5']);
    expect(port.status).toBe(0);
    expect(port.stderr).toBe('responses-inspector: warning: --port only applies with --ui: ignored\n');
    expect(port.stdout).toMatch(/^setups paid/m);
    const bad = await cli(['compare', httpCapture()]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('compare takes two files');
  });
});

describe('responses-inspector compare A B --ui', () => {
  it('serves the comparison to the dashboard behind its token', async () => {
    const child = spawn(process.execPath, [BIN, 'compare', httpCapture(), wsCapture(), '--ui', '--port', '0'], { env: { ...process.env, CI: '1' } });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d));
      const until = Date.now() + 20_000;
      while (!/^compare: http/m.test(out) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const url = new URL(/^compare: (\S+)/m.exec(out)![1]);
      expect(url.searchParams.get('compare')).toBe('1');
      const token = /token=([0-9a-f]+)/.exec(url.hash)![1];
      const api = new URL('/api/compare', url);
      expect((await fetch(api)).status).toBe(401);
      const body = (await (await fetch(api, { headers: { 'x-inspector-token': token } })).json()) as { comparison: { totals: { setup: unknown } } };
      expect(body.comparison.totals.setup).toEqual({ a: 200, b: 100, diff: -100, ratio: 0.5 });
    } finally {
      child.kill('SIGINT');
    }
  });
});

describe('responses-inspector export FILE --format otlp', () => {
  it('sends the turns to the OTLP/HTTP endpoint', async () => {
    const names: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d));
      req.on('end', () => {
        for (const rs of JSON.parse(body).resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) names.push(s.name);
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { status, stdout } = await cli(['export', wsCapture(), '--format', 'otlp', '--endpoint', `http://127.0.0.1:${(server.address() as AddressInfo).port}`]);
      expect(status).toBe(0);
      expect(stdout).toMatch(/^otlp: sent 3 spans/m);
      expect(names.sort()).toEqual(['chat gpt-5.5', 'chat gpt-5.5', 'responses websocket']);
    } finally {
      server.close();
    }
    const missing = await cli(['export', wsCapture(), '--format', 'otlp']);
    expect(missing.status).toBe(2);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { streamedTurn } from '../../src/core/testing/httpRecords.ts';
import { CaptureBuilder } from '../../src/core/testing/records.ts';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'responses-inspector.mjs');

const cli = (args: string[]) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CI: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });

/** Two turns on c1 over a WebSocket. */
function wsCapture(): string {
  const c = new CaptureBuilder();
  c.open('c1').upstreamOpen('c1', 100);
  for (const id of ['resp_1', 'resp_2']) {
    c.send('c1', { type: 'response.create', model: 'gpt-5.5' }, 10);
    let prev = 0;
    for (const [at, ev] of streamedTurn(id, { createdMs: 20, ttftMs: 100, endMs: 200 })) {
      c.receive('c1', ev, at - prev);
      prev = at;
    }
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-export-cli-')), 'capture.ndjson');
  writeFileSync(file, c.records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return file;
}

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('responses-inspector export: formats', () => {
  it('lists otlp among the formats in --help and in the bad-value error', async () => {
    const help = await cli(['export', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout.split('\n')[0]).toContain('--format json|har|otlp');
    const bad = await cli(['export', wsCapture(), '--format', 'csv']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('responses-inspector: --format must be json, har or otlp, not "csv"\n');
  });

  it('names the OTLP endpoint and why it could not be reached', async () => {
    const port = await closedPort();
    const { status, stderr } = await cli(['export', wsCapture(), '--format', 'otlp', '--endpoint', `http://127.0.0.1:${port}`]);
    expect(status).toBe(1);
    expect(stderr).toContain(`OTLP collector http://127.0.0.1:${port}/v1/traces could not be reached`);
    expect(stderr).toContain('ECONNREFUSED');
    expect(stderr).not.toMatch(/^responses-inspector: fetch failed$/m);
  });
});

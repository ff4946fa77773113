import { spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from '../mock/testClient.ts';
import { ROOT } from '../paths.ts';

const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');
const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function mockCli(args: string[]) {
  const child = spawn(process.execPath, [BIN, 'mock', ...args], { cwd: ROOT });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c));
  const url = new Promise<string>((resolve) =>
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c;
      const m = /^mock: (ws:\/\/127\.0\.0\.1:\d+\/v1\/responses)$/m.exec(stdout);
      if (m) resolve(m[1]);
    }),
  );
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { child, url, exit };
}

describe('responses-inspector mock', () => {
  it('prints its URL, serves responses with the given timing and exits 0 on SIGTERM', async () => {
    const cli = mockCli(['--port', '0', '--ttft', '0', '--delta-gap', '0', '--jitter', '0', '--max-age', '1h']);
    const client = await TestClient.connect(await cli.url);
    const frames = await client.turn({ type: 'response.create', model: 'gpt-5.5', input: 'Hi' });
    expect(frames.at(-1)?.type).toBe('response.completed');
    client.close();
    cli.child.kill('SIGTERM');
    expect((await cli.exit).code).toBe(0);
  });

  it('applies --fault to responses', async () => {
    const cli = mockCli(['--port', '0', '--ttft', '0', '--fault', 'close:4001:bye']);
    const client = await TestClient.connect(await cli.url);
    client.send({ type: 'response.create', model: 'gpt-5.5', input: 'Hi' });
    expect(await client.closed).toEqual({ code: 4001, reason: 'bye' });
    cli.child.kill('SIGINT');
    expect((await cli.exit).code).toBe(0);
  });

  it('--https serves TLS with a certificate made at start; the printed CA file lets a client verify it', async () => {
    const cli = mockCli(['--port', '0', '--https', '--ttft', '0', '--delta-gap', '0']);
    await cli.url;
    const lines = await new Promise<{ url: string; ca: string }>((resolve) => {
      let out = '';
      const onData = (c: Buffer) => {
        out += c;
        const url = /^mock-http: (https:\/\/127\.0\.0\.1:\d+\/v1\/responses)$/m.exec(out)?.[1];
        const ca = /^mock-http-ca: (.+)$/m.exec(out)?.[1];
        if (url && ca) resolve({ url, ca });
      };
      cli.child.stdout!.on('data', onData);
    });
    const pem = fs.readFileSync(lines.ca, 'utf8');
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(pem).not.toMatch(/PRIVATE KEY/);
    const body = JSON.stringify({ model: 'gpt-5.5', input: 'Hi' });
    const answer = await new Promise<{ status?: number; text: string }>((resolve, reject) => {
      const req = https.request(lines.url, { method: 'POST', ca: pem, headers: { 'content-type': 'application/json', authorization: 'Bearer sk-test' } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text }));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).status).toBe('completed');
    cli.child.kill('SIGTERM');
    expect((await cli.exit).code).toBe(0);
    expect(fs.existsSync(lines.ca)).toBe(false);
  });

  it('exits 2 with one line when the port is taken', async () => {
    const first = mockCli(['--port', '0']);
    const port = new URL(await first.url).port;
    const { code, stderr } = await mockCli(['--port', port]).exit;
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`port ${port} is already in use`));
    first.child.kill('SIGTERM');
    expect((await first.exit).code).toBe(0);
  });

  it.each([
    [['--ttft', 'fast'], /--ttft must be a whole number/],
    [['--max-age', 'soon'], /--max-age: invalid duration/],
    [['--fault', 'explode'], /--fault: fault "explode" is not one of/],
    [['--bogus'], /bogus/],
  ])('exits 2 with one clear line for %j', async (args, message) => {
    const { code, stderr } = await mockCli(['--port', '0', ...args]).exit;
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

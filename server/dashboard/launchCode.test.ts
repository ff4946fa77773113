import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../paths.ts';
import { BIN } from '../testing/runCli.ts';
import { until } from '../testing/until.ts';
import { LaunchCodes } from './security.ts';

describe('LaunchCodes', () => {
  it('opens once, and never after its lifetime', () => {
    let now = 1000;
    const codes = new LaunchCodes(60_000, () => now);
    const a = codes.issue();
    const b = codes.issue();
    expect(codes.redeem(a)).toBe(true);
    expect(codes.redeem(a)).toBe(false);
    now += 60_001;
    expect(codes.redeem(b)).toBe(false);
    expect(codes.redeem('0'.repeat(32))).toBe(false);
    expect(codes.redeem(undefined)).toBe(false);
  });
});

const children: ChildProcess[] = [];
afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

describe('the URL given to the browser opener', () => {
  it('carries no token: the opener gets a one-time code the page exchanges for the session', async () => {
    // A stub xdg-open records what any local user would see of it: its argv and environment.
    const stubDir = mkdtempSync(path.join(os.tmpdir(), 'ri-opener-'));
    const seen = path.join(stubDir, 'seen');
    writeFileSync(path.join(stubDir, 'xdg-open'), `#!/bin/sh\n{ printf 'argv %s\\n' "$@"; env; } > "${seen}.tmp" && mv "${seen}.tmp" "${seen}"\n`);
    chmodSync(path.join(stubDir, 'xdg-open'), 0o755);
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${stubDir}:${process.env.PATH}` };
    delete env.CI;
    const captures = mkdtempSync(path.join(os.tmpdir(), 'ri-opener-captures-'));
    const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--captures', captures, '--upstream', 'ws://127.0.0.1:9/v1/responses'], { cwd: ROOT, env });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c));
    await until(() => /^dashboard: /m.test(out) && existsSync(seen));
    const printed = new URL(/^dashboard: (\S+)$/m.exec(out)![1]);
    const token = /token=([0-9a-f]{64})/.exec(printed.hash)![1];
    const opener = readFileSync(seen, 'utf8');
    expect(opener).not.toContain(token);
    const opened = new URL(/^argv (\S+)$/m.exec(opener)![1]);
    expect(opened.origin).toBe(printed.origin);
    const code = /^#code=([0-9a-f]+)$/.exec(opened.hash)![1];

    // What the bootstrap page does with it: one exchange for the session cookie, then never again.
    const auth = () => fetch(`${opened.origin}/_auth`, { method: 'POST', headers: { 'x-inspector-code': code, origin: opened.origin } });
    const first = await auth();
    expect(first.status).toBe(204);
    const cookie = first.headers.get('set-cookie')!.split(';')[0];
    expect(cookie.split('=')[1]).toBe(token);
    expect((await fetch(`${opened.origin}/api/info`, { headers: { cookie } })).status).toBe(200);
    expect((await auth()).status).toBe(403);
    // The printed URL keeps working for the user who pastes it.
    expect((await fetch(`${printed.origin}/_auth`, { method: 'POST', headers: { 'x-inspector-token': token, origin: printed.origin } })).status).toBe(204);
  });
});

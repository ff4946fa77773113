import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { CaptureBuilder, textTurnEvents } from '../../src/core/testing/records.ts';
import { ROOT } from '../paths.ts';
import { runCli } from '../testing/runCli.ts';

const BIN = path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs');
const CHROME_HAR = path.join(ROOT, 'server', 'testing', 'fixtures', 'chrome-devtools-websocket.har');
let children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  children = [];
});

function cli(args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, CI: '1' } });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c));
  child.stderr!.on('data', (c: Buffer) => (stderr += c));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  const line = (re: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = stdout.match(re);
        if (m) resolve(m);
      };
      child.stdout!.on('data', check);
      child.on('exit', () => reject(new Error(`exited before printing ${re}: ${stderr}`)));
      check();
    });
  return { child, exit, line, stderr: () => stderr };
}

function captureText(): string {
  const c = new CaptureBuilder();
  c.open('c1').upstreamOpen('c1');
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: [] });
  for (const ev of textTurnEvents('resp_1', 'first answer')) c.receive('c1', ev);
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', previous_response_id: 'resp_1', input: [] });
  for (const ev of textTurnEvents('resp_2', 'second answer')) c.receive('c1', ev);
  c.close('c1', { side: 'client', code: 1000 });
  return c.records.map((r) => JSON.stringify(r) + '\n').join('');
}

function tempFile(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-captures-')), name);
  writeFileSync(file, text);
  return file;
}

describe('bad input through the CLI: nothing crashes', () => {
  it('skips a truncated last line with a warning and exports the rest', async () => {
    const text = captureText();
    const file = tempFile('cut.ndjson', text.slice(0, text.length - 20));
    const { code, stdout, stderr } = await cli(['export', file, '--format', 'json']).exit;
    expect(code).toBe(0);
    expect(stderr).toBe('responses-inspector: warning: line 12: incomplete last line, the capture ended mid-record; line skipped\n');
    const doc = JSON.parse(stdout);
    expect(doc.counts.events).toBe(10); // 12 lines: the header is not an event, the cut close is skipped
    expect(doc.turns.map((t: { status: string }) => t.status)).toEqual(['completed', 'completed']);
  });

  it('reports a corrupt line by its number, skips it, and still loads the rest', async () => {
    const lines = captureText().split('\n');
    lines[4] = '{"kind":"frame","t":17958,"conn":"c1" <disk error>';
    const file = tempFile('corrupt.ndjson', lines.join('\n'));
    const { code, stdout, stderr } = await cli(['export', file, '--format', 'json']).exit;
    expect(code).toBe(0);
    expect(stderr).toMatch(/^responses-inspector: warning: line 5: not valid JSON \(.*\); line skipped\n$/);
    const doc = JSON.parse(stdout);
    expect(doc.counts).toMatchObject({ events: 10, turns: 2, warnings: 1 });
  });

  it('open reports a corrupt line by its number while it serves the capture', async () => {
    const lines = captureText().split('\n');
    lines[6] = 'garbage';
    const file = tempFile('corrupt-open.ndjson', lines.join('\n'));
    const run = cli(['open', file, '--port', '0', '--no-open']);
    await run.line(/^dashboard: /m);
    const end = Date.now() + 5000;
    while (!run.stderr().includes('line 7') && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(run.stderr()).toMatch(/^responses-inspector: warning: line 7: not valid JSON .*; line skipped$/m);
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  });

  it('refuses an unknown capture version with one clear line and exit code 2, in export, replay and open', async () => {
    const file = tempFile('future.ndjson', captureText().replace('"version":1', '"version":2'));
    for (const args of [
      ['export', file, '--format', 'har'],
      ['replay', file, '--port', '0'],
      ['open', file, '--port', '0', '--no-open'],
    ]) {
      const { code, stdout, stderr } = await cli(args).exit;
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe(
        `responses-inspector: ${file}: line 1: capture format version 2 is not supported (this reader knows version 1); upgrade responses-inspector to read it\n`,
      );
    }
  });

  it('refuses a file that is neither a capture nor a HAR, and a missing file', async () => {
    const junk = tempFile('junk.ndjson', 'hello world\n');
    const a = await cli(['export', junk, '--format', 'json']).exit;
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/not a Responses Inspector capture/);
    const b = await cli(['export', path.join(os.tmpdir(), 'does-not-exist.ndjson'), '--format', 'json']).exit;
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/^responses-inspector: cannot read \S*does-not-exist.ndjson: no such file\n$/);
  });
});

describe('inputs that are not capture files, or never end a line', () => {
  it('refuses a FIFO at once in open, export, replay and compare, instead of blocking on it', async () => {
    const fifo = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-fifo-')), 'pipe.ndjson');
    execFileSync('mkfifo', [fifo]);
    const good = tempFile('good.ndjson', captureText());
    for (const args of [
      ['open', fifo, '--port', '0', '--no-open'],
      ['export', fifo, '--format', 'json'],
      ['replay', fifo, '--port', '0'],
      ['compare', good, fifo],
    ]) {
      const { status, stderr } = await runCli(args, { timeoutMs: 20_000 });
      expect(stderr).toBe(`responses-inspector: ${fifo} is a FIFO (named pipe): give a capture (.ndjson) or HAR file\n`);
      expect(status).toBe(2);
    }
  });

  it('refuses a line longer than 256 MiB with one clear line and exit code 2 (an input with no newline does not grow the process without bound)', async () => {
    const file = tempFile('endless.ndjson', captureText().split('\n')[0] + '\n');
    // Sparse: 300 MB of zero bytes with no newline, taking no disk.
    truncateSync(file, 300 * 1024 * 1024);
    const { status, stderr } = await runCli(['export', file, '--format', 'json', '-o', path.join(path.dirname(file), 'out.json')], { timeoutMs: 60_000 });
    expect(stderr).toBe(`responses-inspector: ${file}: line 2 is longer than 256 MiB: not a capture this tool can read (it has no newline where one was due)\n`);
    expect(status).toBe(2);
  });

  it('reads a capture that starts with a UTF-8 byte order mark', async () => {
    const file = tempFile('bom.ndjson', '\uFEFF' + captureText());
    const { status, stdout } = await runCli(['export', file, '--format', 'json']);
    expect(status).toBe(0);
    expect((JSON.parse(stdout) as { turns: unknown[] }).turns).toHaveLength(2);
  });

  it('refuses --captures with an empty name (start, demo, open) instead of using the current folder', async () => {
    const file = tempFile('c.ndjson', captureText());
    // Run from a scratch folder: a relay that took '' as "here" must not litter the repository.
    const cwd = path.dirname(file);
    for (const args of [
      ['start', '--port', '0', '--no-open', '--captures', ''],
      ['demo', '--port', '0', '--no-open', '--captures', ''],
      ['open', file, '--port', '0', '--no-open', '--captures', ''],
    ]) {
      const { status, stderr } = await runCli(args, { timeoutMs: 20_000, cwd });
      expect(stderr).toBe('responses-inspector: --captures needs a folder; it was given an empty name (use --captures . for the current folder)\n');
      expect(status).toBe(2);
    }
  });

  it('names a version JSON cannot hold (1e400) as written, not as null', async () => {
    const file = tempFile('huge.ndjson', captureText().replace('"version":1', '"version":1e400'));
    const { status, stderr } = await runCli(['export', file, '--format', 'json']);
    expect(stderr).toBe(
      `responses-inspector: ${file}: line 1: capture format version 1e400 is not supported (this reader knows version 1); upgrade responses-inspector to read it\n`,
    );
    expect(status).toBe(2);
  });
});

describe('export to a pipe', () => {
  it('ends quietly with exit code 0 when the reader of stdout goes away (export … | head)', async () => {
    const c = new CaptureBuilder();
    c.open('c1').upstreamOpen('c1');
    for (let i = 0; i < 400; i++) {
      c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: [] });
      for (const ev of textTurnEvents(`resp_${i}`, 'x'.repeat(500))) c.receive('c1', ev);
    }
    const file = tempFile('big.ndjson', c.records.map((r) => JSON.stringify(r) + '\n').join(''));
    for (const format of ['json', 'har']) {
      const run = cli(['export', file, '--format', format]);
      await new Promise((r) => run.child.stdout!.once('data', r));
      run.child.stdout!.destroy();
      const { code, stderr } = await run.exit;
      expect(stderr).toBe('');
      expect(code).toBe(0);
    }
  });
});

describe('export leaves credentials out', () => {
  it('masks key-shaped strings in payloads unless --include-secrets is given', async () => {
    const secret = 'sk-proj-0123456789abcdefghijKLMN';
    const file = tempFile('secret.ndjson', captureText().replace('first answer', `your key is ${secret}`));
    for (const format of ['json', 'har']) {
      const masked = await cli(['export', file, '--format', format]).exit;
      expect(masked.code).toBe(0);
      expect(masked.stdout).not.toContain(secret);
      expect(masked.stdout).toContain('your key is [redacted]');
      const open = await cli(['export', file, '--format', format, '--include-secrets']).exit;
      expect(open.stdout).toContain(secret);
    }
  });
});

describe('HAR files wherever a capture goes', () => {
  it('exports a Chrome DevTools HAR as a timeline with its turn, credentials redacted', async () => {
    const { code, stdout, stderr } = await cli(['export', CHROME_HAR, '--format', 'json']).exit;
    expect(code).toBe(0);
    expect(stderr).toContain('1 HTTP entry skipped (neither a WebSocket nor a POST to the Responses API)');
    const doc = JSON.parse(stdout);
    expect(doc.connections[0]).toMatchObject({ conn: 'c1', path: '/v1/responses', headers: { authorization: '[redacted]' } });
    expect(doc.turns[0]).toMatchObject({ status: 'completed', outputText: '14°C and overcast.', model: 'gpt-5.5', responseId: 'resp_001' });
    expect(stdout).not.toContain('REALLOOKINGKEY');
  });

  it('writes a HAR to -o and round-trips it through export again', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-har-'));
    const src = tempFile('run.ndjson', captureText());
    const har = path.join(dir, 'run.har');
    const first = await cli(['export', src, '--format', 'har', '-o', har]).exit;
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`export: ${har}\n`);
    const fromHar = JSON.parse((await cli(['export', har, '--format', 'json']).exit).stdout);
    const fromCapture = JSON.parse((await cli(['export', src, '--format', 'json']).exit).stdout);
    const frames = (d: { events: { kind: string; conn: string; seq: number; dir: string; data: string; size: number }[] }) =>
      d.events.filter((e) => e.kind === 'frame').map(({ conn, seq, dir, data, size }) => ({ conn, seq, dir, data, size }));
    expect(frames(fromHar)).toEqual(frames(fromCapture));
    expect(fromHar.turns.map((t: { outputText: string }) => t.outputText)).toEqual(['first answer', 'second answer']);
  });

  it('opens and exports its own JSON timeline export as it opens the capture', async () => {
    const src = tempFile('run.ndjson', captureText());
    const timeline = path.join(path.dirname(src), 'run.timeline.json');
    expect((await cli(['export', src, '--format', 'json', '-o', timeline]).exit).code).toBe(0);
    const again = await cli(['export', timeline, '--format', 'json']).exit;
    expect(again.code).toBe(0);
    const turns = (text: string) => JSON.parse(text).turns.map((t: { outputText: string; status: string }) => [t.outputText, t.status]);
    expect(turns(again.stdout)).toEqual([
      ['first answer', 'completed'],
      ['second answer', 'completed'],
    ]);

    const run = cli(['open', timeline, '--port', '0', '--no-open']);
    const [, base, token] = await run.line(/^dashboard: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\w+)$/m);
    const exp = await fetch(`${base}/api/export?format=json`, { headers: { 'x-inspector-token': token } });
    expect(turns(await exp.text())).toEqual([
      ['first answer', 'completed'],
      ['second answer', 'completed'],
    ]);
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  });

  it('replays a HAR as an endpoint', async () => {
    const run = cli(['replay', CHROME_HAR, '--port', '0', '--timing', 'none']);
    const [, url] = await run.line(/^replay: (\S+)$/m);
    const ws = new WebSocket(url);
    const got: { type: string }[] = [];
    ws.on('message', (d: Buffer) => got.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.once('open', r));
    const request = JSON.parse(JSON.parse(readFileSync(CHROME_HAR, 'utf8')).log.entries[1]._webSocketMessages[0].data);
    ws.send(JSON.stringify(request));
    const end = Date.now() + 5000;
    while (got.length < 5 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
    expect(got.map((m) => m.type)).toEqual(['response.created', 'response.in_progress', 'response.output_text.delta', 'response.output_text.delta', 'response.completed']);
    ws.close();
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  });
});

describe('replay tells the person running it', () => {
  it('prints each replay_divergence it answers, with the field that differs', async () => {
    const run = cli(['replay', tempFile('run.ndjson', captureText()), '--port', '0', '--timing', 'none']);
    const [, url] = await run.line(/^replay: (\S+)$/m);
    const ws = new WebSocket(url);
    await new Promise((r) => ws.once('open', r));
    const answer = new Promise<{ type: string; error?: { code: string } }>((resolve) => ws.once('message', (d: Buffer) => resolve(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ type: 'response.create', model: 'gpt-4o', input: [] }));
    expect(await answer).toMatchObject({ type: 'error', error: { code: 'replay_divergence' } });
    const end = Date.now() + 5000;
    while (!/replay divergence/.test(run.stderr()) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(run.stderr()).toMatch(/^responses-inspector: warning: replay divergence: request 1 on connection 1: model is "gpt-4o" but the recording has "gpt-5.5"/m);
    ws.close();
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  });
});

describe('capture API of the dashboard (open FILE)', () => {
  it('lists the captures folder, serves a capture with its length, and exports the current one', async () => {
    const file = tempFile('2026-11-25T06-00-00-000Z-8787.ndjson', captureText());
    writeFileSync(path.join(path.dirname(file), 'other.har'), readFileSync(CHROME_HAR));
    writeFileSync(path.join(path.dirname(file), 'notes.txt'), 'not a capture');
    const run = cli(['open', file, '--port', '0', '--no-open']);
    const [, base, token] = await run.line(/^dashboard: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\w+)$/m);
    const get = (p: string, headers: Record<string, string> = { 'x-inspector-token': token }) => fetch(base + p, { headers });

    expect((await get('/api/captures', {})).status).toBe(401);
    const list = (await (await get('/api/captures')).json()) as { current: string; captures: { name: string; kind: string; current?: boolean; firstT: number; lastT: number }[] };
    expect(list.current).toBe(path.basename(file));
    expect(list.captures.map((c: { name: string; kind: string }) => [c.name, c.kind]).sort()).toEqual([
      [path.basename(file), 'capture'],
      ['other.har', 'har'],
    ]);
    const mine = list.captures.find((c) => c.current)!;
    expect(mine).toMatchObject({ size: captureText().length, firstT: 1_795_586_400_000, lastT: expect.any(Number) });
    expect(mine.lastT).toBeGreaterThan(mine.firstT);

    const raw = await get('/api/capture?file=other.har');
    // Keys are masked on the way out, so the length is the file's, before masking.
    expect(raw.headers.get('x-unmasked-length')).toBe(String(readFileSync(CHROME_HAR).length));
    // The file as it is, but for the key in its Authorization header.
    expect(await raw.text()).toBe(readFileSync(CHROME_HAR, 'utf8').replace('Bearer sk-proj-REALLOOKINGKEY0123456789abcdef', 'Bearer [redacted]'));
    expect((await get('/api/capture?file=..%2F..%2Fetc%2Fpasswd')).status).toBe(404);
    expect((await get('/api/capture?file=notes.txt')).status).toBe(404);

    const exp = await get('/api/export?format=json&turns=2');
    expect(exp.headers.get('content-disposition')).toBe('attachment; filename="2026-11-25T06-00-00-000Z-8787.timeline.json"');
    const doc = (await exp.json()) as { turns: { outputText: string }[] };
    expect(doc.turns.map((t: { outputText: string }) => t.outputText)).toEqual(['second answer']);
    const har = (await (await get('/api/export?format=har&file=other.har')).json()) as { log: { entries: { _webSocketMessages: unknown[] }[] } };
    expect(har.log.entries[0]._webSocketMessages).toHaveLength(7);
    expect((await get('/api/export?format=xml')).status).toBe(400);
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
  });
});

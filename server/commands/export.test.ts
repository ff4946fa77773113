import { execFileSync, spawn } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCaptureFile } from '../testing/captureFile.ts';
import { BIN, runCli } from '../testing/runCli.ts';
import { wsStreamedTurns } from '../../src/core/testing/httpRecords.ts';
import { CaptureBuilder } from '../../src/core/testing/records.ts';

const cli = runCli;

/** Two turns on c1 over a WebSocket. */
function wsCapture(): string {
  return writeCaptureFile(wsStreamedTurns(new CaptureBuilder().open('c1').upstreamOpen('c1', 100), 'c1', ['resp_1', 'resp_2']).records);
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

describe('responses-inspector export: filters', () => {
  const outFile = (name: string) => path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-export-out-')), name);

  it('says how many events it wrote, not how many records it read', async () => {
    const file = wsCapture();
    const records = readFileSync(file, 'utf8').trim().split('\n').length;
    const out = outFile('turn1.json');
    const { status, stderr } = await cli(['export', file, '--format', 'json', '--turns', '1', '-o', out]);
    expect(status).toBe(0);
    const doc = JSON.parse(readFileSync(out, 'utf8')) as { events: unknown[]; counts: { events: number } };
    expect(doc.events.length).toBeGreaterThan(0);
    expect(doc.events.length).toBeLessThan(records - 1);
    expect(stderr).toMatch(new RegExp(`^responses-inspector: exported ${doc.events.length} events of ${records} records read from a capture as JSON`, 'm'));
    expect(stderr).not.toContain('warning');
  });

  it('reads back its own JSON and HAR exports larger than one read (1 MiB), as open and check do', async () => {
    const ids = Array.from({ length: 400 }, (_, i) => `resp_${i + 1}`);
    const b = wsStreamedTurns(new CaptureBuilder().open('c1').upstreamOpen('c1', 100), 'c1', ids);
    b.send('c1', { type: 'response.create', model: 'gpt-5.5', input: 'x'.repeat(3 * 1024 * 1024) });
    const file = writeCaptureFile(b.records);
    for (const format of ['json', 'har']) {
      const out = outFile(`big.${format === 'json' ? 'timeline.json' : 'har'}`);
      expect((await cli(['export', file, '--format', format, '-o', out, '--include-secrets'])).status).toBe(0);
      expect(readFileSync(out).length).toBeGreaterThan(2 * 1024 * 1024);
      const again = await cli(['export', out, '--format', 'json', '-o', outFile(`again-${format}.json`)]);
      expect(again.stderr).not.toContain('not valid JSON');
      expect(again.status, again.stderr).toBe(0);
      expect((await cli(['check', out, '--fail-on', 'errors>0'])).status, format).toBe(0);
    }
  });

  it('warns on stderr when the filter selects nothing (JSON and HAR)', async () => {
    const file = wsCapture();
    const json = await cli(['export', file, '--format', 'json', '--conns', 'c99', '-o', outFile('none.json')]);
    expect(json.status).toBe(0);
    expect(json.stderr).toMatch(/^responses-inspector: exported 0 events of \d+ records read/m);
    expect(json.stderr).toContain('responses-inspector: warning: --conns c99 selected nothing in capture.ndjson: the export is empty\n');
    const har = await cli(['export', file, '--format', 'har', '--conns', 'c99', '-o', outFile('none.har')]);
    expect(har.status).toBe(0);
    expect(har.stderr).toMatch(/^responses-inspector: exported 0 HAR entries \(0 WebSocket messages\)/m);
    expect(har.stderr).toContain('warning: --conns c99 selected nothing');
    // To stdout (no -o) the warning still reaches the terminal, on stderr.
    const piped = await cli(['export', file, '--format', 'json', '--turns', '7']);
    expect(piped.status).toBe(0);
    const doc = JSON.parse(piped.stdout) as { events: { kind: string }[]; turns: unknown[] };
    expect(doc.turns).toEqual([]);
    expect(doc.events.filter((e) => e.kind === 'frame')).toEqual([]);
    expect(piped.stderr).toBe('responses-inspector: warning: --turns 7 selected no turn in capture.ndjson (it has 2): the export holds only connection records\n');
  });

  it('refuses a reversed --turns range with one usage line (exit 2)', async () => {
    const out = outFile('reversed.json');
    const { status, stdout, stderr } = await cli(['export', wsCapture(), '--format', 'json', '--turns', '5-2', '-o', out]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('responses-inspector: --turns 5-2 is reversed: the first turn comes first (2-5)\n');
    const zero = await cli(['export', wsCapture(), '--format', 'json', '--turns', '0']);
    expect(zero.status).toBe(2);
  });
});

describe('responses-inspector export: usage errors are one line, exit 2', () => {
  it('says an --endpoint that is not http(s) is the problem, and an -o that cannot be written is one usage line', async () => {
    const input = wsCapture();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ri-export-'));
    const cases: [string[], string][] = [
      [['--format', 'otlp', '--endpoint', 'ftp://x'], '--endpoint must be an http:// or https:// OTLP/HTTP collector URL (e.g. http://127.0.0.1:4318), not "ftp://x"'],
      [['--format', 'json', '-o', path.join(dir, 'nope', 'out.json')], `-o ${path.join(dir, 'nope', 'out.json')}: the folder ${path.join(dir, 'nope')} does not exist`],
      [['--format', 'json', '-o', path.join(input, 'out.json')], `-o ${path.join(input, 'out.json')}: ${input} is not a folder`],
      [['--format', 'json', '-o', dir], `-o ${dir} is a folder; give the export's file name, e.g. -o ${path.join(dir, 'export.json')}`],
    ];
    for (const [args, line] of cases) {
      const { status, stderr } = await cli(['export', input, ...args]);
      expect(stderr).toBe(`responses-inspector: ${line}\n`);
      expect(status).toBe(2);
    }
    // A flag without its value: Node's parser words it; one line naming the flag, and where the flags are listed.
    const missing = await cli(['export', input, '--format', 'json', '-o']);
    expect(missing.stderr).toMatch(/^responses-inspector: [^\n]*--output[^\n]*; run "responses-inspector export --help" for its flags\n$/);
    expect(missing.status).toBe(2);
  });
});

describe('responses-inspector export: flags the format does not use', () => {
  it('refuses -o with --format otlp, and warns about flags of the other formats', async () => {
    const input = wsCapture();
    const otlpFile = await cli(['export', input, '--format', 'otlp', '--endpoint', 'http://127.0.0.1:9', '-o', path.join(os.tmpdir(), 'never.json')]);
    expect(otlpFile.stderr).toBe(
      'responses-inspector: -o does not apply to --format otlp: the spans are sent to --endpoint, not written to a file (use --format json for a file)\n',
    );
    expect(otlpFile.status).toBe(2);
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-export-')), 'out.json');
    const json = await cli(['export', input, '--format', 'json', '--endpoint', 'http://127.0.0.1:9', '--include-content', '-o', out]);
    expect(json.status).toBe(0);
    expect(json.stderr.split('\n')[0]).toBe('responses-inspector: warning: --endpoint and --include-content only apply to --format otlp: ignored');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toBeTruthy();
  });
});

describe('responses-inspector export -o: never harms what is already there', () => {
  const scratch = () => mkdtempSync(path.join(os.tmpdir(), 'ri-export-out-'));

  it('leaves an existing -o file as it was when the export fails, with no partial file beside it', async () => {
    const dir = scratch();
    const out = path.join(dir, 'keep.json');
    writeFileSync(out, 'precious');
    const bad = path.join(mkdtempSync(path.join(os.tmpdir(), 'ri-export-in-')), 'bad.ndjson');
    writeFileSync(bad, 'not a capture\n');
    const { status, stderr } = await cli(['export', bad, '--format', 'json', '-o', out]);
    expect(status).toBe(2);
    expect(stderr).toContain('not a Responses Inspector capture');
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['keep.json']);
  });

  it('replaces an existing -o file only once the export is complete, leaving nothing else behind', async () => {
    const dir = scratch();
    const out = path.join(dir, 'out.har');
    writeFileSync(out, 'old');
    const { status } = await cli(['export', wsCapture(), '--format', 'har', '-o', out]);
    expect(status).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as { log: { entries: unknown[] } }).log.entries).toHaveLength(1);
    expect(readdirSync(dir)).toEqual(['out.har']);
  });

  it('refuses to write through a symbolic link, leaving the link and its target untouched', async () => {
    const dir = scratch();
    const target = path.join(dir, 'target.txt');
    writeFileSync(target, 'precious');
    const link = path.join(dir, 'link.json');
    symlinkSync(target, link);
    const { status, stderr } = await cli(['export', wsCapture(), '--format', 'json', '-o', link]);
    expect(stderr).toBe(`responses-inspector: -o ${link} is a symbolic link: refusing to write through it; give a regular file's path\n`);
    expect(status).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe('precious');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'target.txt']);
  });

  it('refuses -o onto a FIFO (or any non-regular file) at once instead of blocking on it or deleting it', async () => {
    const dir = scratch();
    const fifo = path.join(dir, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    const { status, stderr } = await cli(['export', wsCapture(), '--format', 'json', '-o', fifo], { timeoutMs: 20_000 });
    expect(stderr).toBe(`responses-inspector: -o ${fifo} is a FIFO (named pipe): refusing to write through it; give a regular file's path\n`);
    expect(status).toBe(2);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('on SIGTERM mid-export removes its partial file and leaves the existing -o file as it was', async () => {
    const c = new CaptureBuilder().open('c1').upstreamOpen('c1');
    const chunk = 'x'.repeat(100_000);
    for (let i = 0; i < 600; i++) c.receive('c1', { type: 'response.output_text.delta', delta: chunk });
    const input = writeCaptureFile(c.records);
    const dir = scratch();
    const out = path.join(dir, 'keep.json');
    writeFileSync(out, 'precious');
    const child = spawn(process.execPath, [BIN, 'export', input, '--format', 'json', '-o', out], { env: { ...process.env, CI: '1' } });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // The partial file appears beside the target as soon as the export starts writing.
    while (readdirSync(dir).length < 2) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGTERM');
    expect(await exited).toBe(130);
    expect(readFileSync(out, 'utf8')).toBe('precious');
    expect(readdirSync(dir)).toEqual(['keep.json']);
  });
});

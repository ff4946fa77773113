/**
 * The package as a registry user gets it: packed (prepack builds it), installed from the tarball into
 * an empty folder without devDependencies (server/bin/pack-install.mjs), and run from there with a
 * HOME and TMPDIR it cannot write to. `npm test` installs it once before the e2e run and passes the
 * folder in RESPONSES_INSPECTOR_INSTALLED; without it the spec installs it itself (about 20 s).
 */

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, expect, test as base } from './fixtures.ts';
import { writeSampleCapture } from './sampleCapture.ts';

/** Paths no process can create anything under, even as root (ENOTDIR). */
const UNWRITABLE = { HOME: '/dev/null/home', TMPDIR: '/dev/null/tmp' };

const test = base.extend<object, { installed: string }>({
  installed: [
    async ({}, use) => {
      const given = process.env.RESPONSES_INSPECTOR_INSTALLED;
      if (given) return use(given);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-installed-'));
      const r = spawnSync(process.execPath, [path.join(ROOT, 'server', 'bin', 'pack-install.mjs'), dir], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`pack-install failed:\n${r.stdout}\n${r.stderr}`);
      await use(path.join(dir, 'app'));
      fs.rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  bin: async ({ installed }, use) => use(path.join(installed, 'node_modules', '.bin', 'responses-inspector')),
  cwd: async ({ installed }, use) => use(installed),
  env: UNWRITABLE,
});
// One worker: the installation is made once.
test.describe.configure({ mode: 'serial' });

const pkgDir = (installed: string) => path.join(installed, 'node_modules', 'responses-inspector');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

test('the tarball holds the compiled CLI, the built dashboard and LICENSE, and nothing else', async ({ installed }) => {
  const files = filesUnder(pkgDir(installed));
  expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'server/bin/responses-inspector.mjs', 'dist/server/cli.js', 'dist/ui/index.html']));
  // Only the bin, the build output and the three top-level files: no sources, tests, screenshots,
  // bench, CI scripts or keys.
  expect(files.filter((f) => !/^(dist\/(server|ui)\/|server\/bin\/responses-inspector\.mjs$|LICENSE$|README\.md$|package\.json$)/.test(f))).toEqual([]);
  expect(files.filter((f) => /\.(ts|tsx|pem|key|png)$|\.test\.|\.spec\./.test(f))).toEqual([]);
  // devDependencies were not installed, and nothing needs them.
  const installedPkgs = fs.readdirSync(path.join(installed, 'node_modules'));
  for (const dev of ['vite', 'tsx', 'esbuild', 'typescript', 'vitest', 'react']) expect(installedPkgs).not.toContain(dev);
});

test('demo from the installed package: the dashboard shows live events and the countdown', async ({ dashboard: page }) => {
  test.setTimeout(90_000);
  const rowCount = async () => Number(/(?:([\d,]+) \/ )?([\d,]+) rows/.exec((await page.getByTestId('row-count').textContent()) ?? '')?.[2].replace(/,/g, '') ?? 0);
  await expect(page.getByTestId('timeline-row').first()).toBeVisible();
  await expect.poll(rowCount).toBeGreaterThan(10);
  const n = await rowCount();
  await expect.poll(rowCount, { timeout: 15_000 }).toBeGreaterThan(n);
  const countdown = page.locator('[data-testid=connection-card][data-status=open] [data-testid=countdown-text]').first();
  await expect(countdown).toContainText('left');
  const c0 = await countdown.textContent();
  await expect(countdown).not.toHaveText(c0!, { timeout: 5000 });
});

/** Starts a long-running command, waits for `re` on stdout, stops it with SIGTERM; returns its exit code and output. */
async function untilLine(bin: string, args: string[], cwd: string, re: RegExp): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: '1', ...UNWRITABLE } });
  let out = '';
  const seen = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${re} within 20 s:\n${out}`)), 20_000);
    const check = () => {
      if (re.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', (b: Buffer) => ((out += b), check()));
    child.stderr.on('data', (b: Buffer) => (out += b));
    child.on('exit', () => (clearTimeout(timer), reject(new Error(`exited before ${re}:\n${out}`))));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await seen;
  } finally {
    child.kill('SIGTERM');
  }
  return { code: await exited, out };
}

test('every command runs from the installed package with an unwritable HOME and TMPDIR, writing nothing into it', async ({ installed, bin }) => {
  test.setTimeout(120_000);
  const before = filesUnder(installed).map((f) => `${f} ${fs.statSync(path.join(installed, f)).mtimeMs}`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ri-installed-work-'));
  try {
    const capture = path.join(work, 'a.ndjson');
    writeSampleCapture(capture);
    const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, CI: '1', ...UNWRITABLE } });

    const help = run(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('usage: responses-inspector');
    expect(help.stderr).toBe('');

    const exported = run(['export', capture, '--format', 'har', '-o', path.join(work, 'a.har')]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(work, 'a.har'), 'utf8')).log.entries.length).toBeGreaterThan(0);

    const compared = run(['compare', capture, capture]);
    expect(compared.status, compared.stderr).toBe(0);
    expect(compared.stdout).toMatch(/total/i);

    for (const [args, re] of [
      [['start', '--port', '0', '--no-open', '--captures', path.join(work, 'captures')], /^dashboard: http:\/\/127\.0\.0\.1:\d+\//m],
      [['open', capture, '--port', '0', '--no-open'], /^dashboard: http:\/\/127\.0\.0\.1:\d+\//m],
      [['replay', capture, '--port', '0'], /^replay: ws:\/\/127\.0\.0\.1:\d+\//m],
      [['mock', '--port', '0', '--https'], /^mock-http: https:\/\/127\.0\.0\.1:\d+\//m],
    ] as const) {
      const { code, out } = await untilLine(bin, [...args], work, re);
      expect(code, `${args[0]}:\n${out}`).toBe(0);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  expect(filesUnder(installed).map((f) => `${f} ${fs.statSync(path.join(installed, f)).mtimeMs}`)).toEqual(before);
});

// `npm test`: everything, in order: the build, types, unit + integration (vitest, real SDK over real
// sockets), the package packed and installed as a registry user gets it, then Playwright e2e in
// Debian's Chromium against the real CLI (and against that installed package). Ends with
// `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const artifacts = path.join(root, '.artifacts');
mkdirSync(artifacts, { recursive: true });
const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
const run = (label, args, env = {}) => {
  console.log(`\n=== ${label} ===`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
};
let passed = 0;
let failed = 0;
// Indexes the tests' CLIs save go to a folder of this run, not the user's cache.
process.env.RESPONSES_INSPECTOR_CACHE ??= mkdtempSync(path.join(os.tmpdir(), 'ri-test-indexes-'));

ensureChromium();
ensurePythonWebsockets();
const built = run('build: dashboard and CLI', [path.join(root, 'server', 'bin', 'build.mjs'), '--force']);
built === 0 ? passed++ : failed++;

const typesOk =
  run('typecheck', [bin('typescript', 'bin/tsc'), '-p', 'tsconfig.json', '--noEmit']) === 0 &&
  run('typecheck server', [bin('typescript', 'bin/tsc'), '-p', 'server/tsconfig.json', '--noEmit']) === 0 &&
  run('typecheck core', [bin('typescript', 'bin/tsc'), '-p', 'src/core/tsconfig.json', '--noEmit']) === 0;
typesOk ? passed++ : failed++;

// An import cycle, a lint error or an unformatted file fails the run (`npm run lint` runs the same;
// `npm run format` rewrites the layout).
const noCycles = run('import cycles (dependency-cruiser)', [
  bin('dependency-cruiser', 'bin/dependency-cruise.mjs'),
  'src',
  'server',
  '--config',
  '.dependency-cruiser.json',
  '--output-type',
  'err',
]);
noCycles === 0 ? passed++ : failed++;
// Biome's `ci` lints and checks the format without writing anything. Only errors fail the run and
// are printed here; `npm run lint` also lists the warnings.
const linted = run('lint and format (Biome)', [bin('@biomejs/biome', 'bin/biome'), 'ci', '--diagnostic-level=error', '.']);
linted === 0 ? passed++ : failed++;

const vitestJson = path.join(artifacts, 'vitest.json');
run('unit and integration (vitest)', [bin('vitest', 'vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
} else failed++;

// e2e/installed.spec.ts runs the package installed here.
const installDir = mkdtempSync(path.join(os.tmpdir(), 'ri-package-'));
const packed = run('package: npm pack, then npm install --omit=dev --engine-strict of the tarball', [path.join(root, 'server', 'bin', 'pack-install.mjs'), installDir]);
packed === 0 ? passed++ : failed++;

const specs = existsSync(path.join(root, 'e2e')) ? readdirSync(path.join(root, 'e2e')).filter((f) => f.endsWith('.spec.ts')) : [];
if (specs.length > 0) {
  const pwJson = path.join(artifacts, 'playwright.json');
  run('e2e (Playwright, Chromium)', [bin('@playwright/test', 'cli.js'), 'test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
    RESPONSES_INSPECTOR_INSTALLED: path.join(installDir, 'app'),
  });
  if (existsSync(pwJson)) {
    const report = JSON.parse(readFileSync(pwJson, 'utf8'));
    const s = report.stats;
    passed += s.expected + (s.flaky ?? 0);
    // A spec that fails to load is an error, not a test: count it, or a broken suite would pass.
    failed += s.unexpected + (report.errors?.length ?? 0) + (s.expected + s.unexpected + (s.flaky ?? 0) === 0 ? 1 : 0);
  } else failed++;
}

rmSync(installDir, { recursive: true, force: true });

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  console.log('=== installing Debian chromium for the e2e tests ===');
  const sh = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: 'inherit' }).status;
  const sudo = process.getuid && process.getuid() === 0 ? '' : 'sudo ';
  if (sh(`${sudo}apt-get update -qq && ${sudo}DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`) !== 0) {
    console.log('could not install chromium; the e2e tests will fail');
  }
}

// The `run` tests drive a Python agent that speaks the protocol with the websockets library, as
// openai-python does; Debian packages it for /usr/bin/python3.
function ensurePythonWebsockets() {
  if (spawnSync('/usr/bin/python3', ['-c', 'import websockets'], { stdio: 'ignore' }).status === 0) return;
  console.log('=== installing python3-websockets for the run tests ===');
  const sh = (cmd) => spawnSync('sh', ['-c', cmd], { stdio: 'inherit' }).status;
  const sudo = process.getuid && process.getuid() === 0 ? '' : 'sudo ';
  if (sh(`${sudo}apt-get update -qq && ${sudo}DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-websockets`) !== 0) {
    console.log('could not install python3-websockets; the Python run tests will fail');
  }
}

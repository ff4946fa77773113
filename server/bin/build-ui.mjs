// Builds the dashboard into dist/ui with Vite. Without --force it skips when dist/ui is already there.
// It fails (non-zero, one line) when it cannot build: a package without its dashboard must never be
// packed, and a clone's `npm install` must say what went wrong.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const force = process.argv.includes('--force');
if (!force && existsSync(path.join(root, 'dist', 'ui', 'index.html'))) process.exit(0);
if (!existsSync(vite)) {
  console.error('responses-inspector: cannot build the dashboard: vite is not installed (run npm install, with devDependencies)');
  process.exit(1);
}
const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) console.error('responses-inspector: the dashboard build failed');
process.exit(r.status ?? 1);

// `npm install` (prepare) and `npm run build`: builds the dashboard into dist/ui with Vite.
// Without --force it skips when dist/ui is already there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const force = process.argv.includes('--force');
if (!existsSync(vite)) {
  console.log('responses-inspector: vite is not installed; the dashboard will be built on first start');
  process.exit(0);
}
if (!force && existsSync(path.join(root, 'dist', 'ui', 'index.html'))) process.exit(0);
if (!existsSync(path.join(root, 'src', 'main.tsx'))) {
  console.log('responses-inspector: no UI sources yet; skipping the dashboard build');
  process.exit(0);
}
const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);

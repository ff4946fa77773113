import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT, UI_DIR } from './paths.ts';

/**
 * The dashboard is built by `npm install` (prepare); if it is missing (a partial install, a fresh
 * checkout without install scripts), build it on first start. A failure leaves the relay usable.
 */
export function ensureUiBuilt(quiet = false): void {
  if (existsSync(path.join(UI_DIR, 'index.html'))) return;
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  if (!existsSync(vite) || !existsSync(path.join(ROOT, 'src', 'main.tsx'))) return;
  if (!quiet) process.stderr.write('responses-inspector: building the dashboard (first start)…\n');
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: quiet ? 'ignore' : 'inherit' });
  if (r.status !== 0) process.stderr.write('responses-inspector: the dashboard build failed; the relay works, the dashboard shows a placeholder\n');
}

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../paths.ts';

/**
 * Global setup of vitest and Playwright: compiles the CLI (dist/server) from the current sources before
 * any test spawns it, so tests always run the shape that ships, never a stale build.
 */
export default function buildServer(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'server', 'bin', 'build-server.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the CLI build (server/bin/build-server.mjs) failed');
}

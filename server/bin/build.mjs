// `npm run build`, `prepack` and `prepare` (a clone's `npm install`): the dashboard (dist/ui) and the
// compiled CLI (dist/server). --force rebuilds both from scratch (prepack: the tarball holds exactly
// the current sources); without it an existing dashboard is kept. Exits non-zero if either fails.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const force = process.argv.includes('--force');
for (const [script, args] of [
  ['build-ui.mjs', force ? ['--force'] : []],
  ['build-server.mjs', force ? ['--clean'] : []],
]) {
  const r = spawnSync(process.execPath, [path.join(here, script), ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

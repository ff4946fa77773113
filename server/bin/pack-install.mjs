// Installs this package as a registry user gets it: `npm pack` (prepack builds the dashboard and the
// CLI), then `npm install --omit=dev --engine-strict` of the tarball into an empty folder, DIR/app.
// It packs a copy of the sources (DIR/src: the files git tracks or would track, with this clone's
// node_modules), so the tarball is built from scratch and this clone's dist/ is never touched while
// other tests serve it. Used by `npm test` for e2e/installed.spec.ts.
// usage: node server/bin/pack-install.mjs DIR   (prints DIR/app on its last line)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = path.resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  console.error('usage: node server/bin/pack-install.mjs DIR');
  process.exit(2);
}
const npm = (args, cwd, capture = false) => {
  const r = spawnSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', capture ? 'pipe' : 'inherit', 'inherit'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  if (r.status !== 0) {
    console.error(`pack-install: npm ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  return r.stdout;
};

mkdirSync(dir, { recursive: true });
const src = path.join(dir, 'src');
const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
if (listed.status !== 0) {
  console.error('pack-install: git ls-files failed: run it in a git clone of the project');
  process.exit(1);
}
for (const file of listed.stdout.split('\0').filter(Boolean)) {
  // A file deleted but not yet committed is still listed by --cached.
  try {
    cpSync(path.join(root, file), path.join(src, file));
  } catch (err) {
    if (err.code !== 'ENOENT') throw err;
  }
}
symlinkSync(path.join(root, 'node_modules'), path.join(src, 'node_modules'));
const [packed] = JSON.parse(npm(['pack', '--json', '--pack-destination', dir], src, true));
const app = path.join(dir, 'app');
mkdirSync(app, { recursive: true });
writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
npm(['install', '--omit=dev', '--engine-strict', '--no-audit', '--no-fund', '--prefer-offline', path.join(dir, packed.filename)], app);
console.log(app);

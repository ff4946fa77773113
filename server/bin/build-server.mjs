// Compiles the relay and CLI (server/cli.ts and everything it imports, src/core included) into
// dist/server with esbuild: ESM, one lazily loaded chunk per command, so `--help` loads only the
// dispatcher. Packages stay external (they are the runtime dependencies). Tests run this first
// (vitest and Playwright global setup), so they always exercise the current sources in the shape
// that ships. `--clean` empties dist/server first (prepack: no stale chunks in the tarball).
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const outdir = path.join(root, 'dist', 'server');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.error('responses-inspector: cannot build the server: esbuild is not installed (run npm install, with devDependencies)');
  process.exit(1);
}

const result = await esbuild
  .build({
    absWorkingDir: root,
    entryPoints: { cli: 'server/cli.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    legalComments: 'none',
    logLevel: 'warning',
    write: false,
  })
  .catch(() => process.exit(1));

if (process.argv.includes('--clean')) rmSync(outdir, { recursive: true, force: true });
// Each file is written whole under a temporary name and renamed into place, chunks before the entry
// that imports them: a CLI started meanwhile (another test run) loads either build, never half of one.
const files = [...result.outputFiles].sort((a, b) => Number(a.path.endsWith(`${path.sep}cli.js`)) - Number(b.path.endsWith(`${path.sep}cli.js`)));
for (const file of files) {
  mkdirSync(path.dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(tmp, file.contents);
  renameSync(tmp, file.path);
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Manifest {
  name: string;
  version: string;
}

/**
 * The package root: the nearest folder above this module whose package.json is this package's. It
 * holds for the sources (server/) and for the compiled CLI (dist/server/, dist/server/chunks/) alike,
 * wherever the package was installed.
 */
function findRoot(from: string): { root: string; pkg: Manifest } {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      if (pkg.name === 'responses-inspector') return { root: dir, pkg };
    }
    if (path.dirname(dir) === dir) throw new Error(`cannot find the responses-inspector package.json above ${from}`);
  }
}

const found = findRoot(path.dirname(fileURLToPath(import.meta.url)));
/** The package root, wherever the CLI was started from. */
export const ROOT = found.root;
/** The built dashboard (vite build). */
export const UI_DIR = path.join(ROOT, 'dist', 'ui');
export const TOOL = { name: found.pkg.name, version: found.pkg.version };

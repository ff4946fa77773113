import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root, wherever the CLI was started from. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The built dashboard (vite build). */
export const UI_DIR = path.join(ROOT, 'dist', 'ui');

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
export const TOOL = { name: pkg.name, version: pkg.version };

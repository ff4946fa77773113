#!/usr/bin/env node
// The CLI, compiled into dist/server (server/bin/build-server.mjs: `npm install` in a clone, prepack
// for the package). Nothing is compiled at run time.
import { existsSync } from 'node:fs';

// What the CLI prints is for a human; a reader that went away (`demo | head -1`) must not take the
// relay, and the agent traffic through it, down with an EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
  });
}
const entry = new URL('../../dist/server/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('responses-inspector: the CLI is not built (dist/server is missing); in a clone, run npm run build\n');
  process.exit(1);
}
const cli = await import(entry.href);
const code = await cli.main(process.argv.slice(2));
process.exitCode = code;
// Let stdout drain and handles close naturally; do not hang if something lingers.
setTimeout(() => {
  // Says so, so a shutdown that leaves a socket or timer behind is seen (and tested) instead of only slow.
  process.stderr.write('responses-inspector: something was still open 3 s after shutdown; exiting anyway\n');
  process.exit(code);
}, 3000).unref();

#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx: no server build step, and src/core is shared
// with the UI as-is.
import { register } from 'tsx/esm/api';

register();
// What the CLI prints is for a human; a reader that went away (`demo | head -1`) must not take the
// relay, and the agent traffic through it, down with an EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
  });
}
const { main } = await import('../cli.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Let stdout drain and handles close naturally; do not hang if something lingers.
setTimeout(() => {
  // Says so, so a shutdown that leaves a socket or timer behind is seen (and tested) instead of only slow.
  process.stderr.write('responses-inspector: something was still open 3 s after shutdown; exiting anyway\n');
  process.exit(code);
}, 3000).unref();

#!/usr/bin/env node
// The CLI runs the TypeScript sources through tsx: no server build step, and src/core is shared
// with the UI as-is.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
const code = await main(process.argv.slice(2));
process.exitCode = code;
// Let stdout drain and handles close naturally; do not hang if something lingers.
setTimeout(() => {
  // Says so, so a shutdown that leaves a socket or timer behind is seen (and tested) instead of only slow.
  process.stderr.write('responses-inspector: something was still open 3 s after shutdown; exiting anyway\n');
  process.exit(code);
}, 3000).unref();

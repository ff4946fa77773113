import fs from 'node:fs';
import path from 'node:path';
import { CaptureFormatError, parseCaptureLine } from '../../src/core/capture.ts';
import { FEED_PROTOCOL } from '../../src/core/feed.ts';
import { parseFlags, parsePort, UsageError } from '../cliFlags.ts';
import { dashboardRoute } from '../dashboard/dashboardRoute.ts';
import { createToken } from '../dashboard/security.ts';
import { startLoopbackServer } from '../loopbackServer.ts';
import { openBrowser } from '../openBrowser.ts';
import { TOOL } from '../paths.ts';
import { untilSignal } from '../signals.ts';
import { FileSource } from '../tee/fileSource.ts';
import { ensureUiBuilt } from '../uiBuild.ts';
import { listenError } from './start.ts';

/** `responses-inspector open FILE`: the dashboard on a saved capture. */
export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { port: { type: 'string' }, 'no-open': { type: 'boolean' } }, true);
  if (positionals.length !== 1) throw new UsageError('open takes one FILE: responses-inspector open captures/2026-….ndjson');
  const file = path.resolve(positionals[0]);
  const header = readHeader(file);
  const port = parsePort(values.port as string | undefined, 8787);
  ensureUiBuilt();
  const { port: bound, use, closeAll } = await startLoopbackServer(port).catch(listenError(port));
  const token = createToken();
  const route = dashboardRoute({
    port: bound,
    token,
    source: new FileSource(file),
    hello: () => ({ type: 'hello', protocol: FEED_PROTOCOL, mode: 'file', tool: TOOL, captureFile: file, upstream: header.upstream, maxAgeMs: header.maxAgeMs }),
  });
  use(route);
  const url = `http://127.0.0.1:${bound}/#token=${token}`;
  process.stdout.write(`capture: ${file}\ndashboard: ${url}\n`);
  if (!values['no-open'] && !process.env.CI) openBrowser(url);
  await untilSignal();
  route.feed.close();
  closeAll();
  return 0;
}

/** Refuses, with one clear line, a file that is missing or is not a capture this version reads. */
function readHeader(file: string): { upstream?: string; maxAgeMs: number } {
  let first: string;
  try {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    first = buf.subarray(0, n).toString('utf8').split('\n')[0];
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    const rec = parseCaptureLine(first, 1);
    if (rec?.kind !== 'capture.start') throw new UsageError(`${file} is not a Responses Inspector capture: its first line is not a capture.start record`);
    return { upstream: rec.upstream, maxAgeMs: rec.maxAgeMs ?? 60 * 60 * 1000 };
  } catch (err) {
    if (err instanceof CaptureFormatError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
}

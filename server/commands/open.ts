import fs from 'node:fs';
import path from 'node:path';
import type { CaptureStart } from '../../src/core/capture.ts';
import { InspectorError } from '../../src/core/errors.ts';
import { createCaptureReader } from '../../src/core/captureReader.ts';
import { groupDigits } from '../../src/core/labels.ts';
import { capturesApi } from '../captures/api.ts';
import { BufferSource } from '../captures/bufferSource.ts';
import { checkCapturesFlag } from '../captures/capturesDir.ts';
import { InputFileError, inputKind, readInput, type InputKind } from '../captures/readInput.ts';
import { decodeUtf8 } from '../captures/utf8.ts';
import { bufferSource, fileSource, type HeldIndex, IndexCache } from '../index/indexCache.ts';
import { IndexStore } from '../index/indexStore.ts';
import type { IndexSource } from '../index/indexView.ts';
import { SavedIndex } from '../index/savedIndex.ts';
import { DEFAULT_MAX_AGE_MS } from '../relay.ts';
import { indexMinBytes } from '../relayDefaults.ts';
import type { CaptureSource } from '../tee/captureLog.ts';
import { FEED_PROTOCOL } from '../../src/core/feed.ts';
import { parsePort, UsageError, warn } from '../cliFlags.ts';
import type { CommandSpec, OptionSpecs, ParsedArgs } from '../cliOptions.ts';
import { dashboardRoute } from '../dashboard/dashboardRoute.ts';
import { createToken } from '../dashboard/security.ts';
import { startLoopbackServer } from '../loopbackServer.ts';
import { openBrowser } from '../openBrowser.ts';
import { TOOL } from '../paths.ts';
import { untilSignal } from '../signals.ts';
import { FileSource } from '../tee/fileSource.ts';
import { listenError } from './start.ts';

const OPTIONS = {
  port: { type: 'string', value: 'N', default: '8787', help: '0 = any free port' },
  'no-open': { type: 'boolean', help: 'do not open a browser (implied when CI is set)' },
  captures: { type: 'string', value: 'DIR', help: "the folder the dashboard's Captures menu lists (default: the file's folder)" },
} as const satisfies OptionSpecs;

export const spec: CommandSpec<typeof OPTIONS> = {
  usage: 'open FILE [--port N] [--no-open] [--captures DIR]',
  about:
    "The dashboard on a saved capture (.ndjson), a HAR file (this tool's, Chrome DevTools, HTTP Toolkit, mitmproxy, Playwright) or this tool's JSON timeline export. A truncated last line is skipped with a warning, a corrupt line is reported with its number and skipped, and a capture of an unknown format version is refused. A capture of 16 MiB or more (RESPONSES_INSPECTOR_INDEX_MIN_BYTES) is indexed by the CLI, and the index is saved for the next open (RESPONSES_INSPECTOR_CACHE: a folder, or off; see 'index --help').",
  options: OPTIONS,
  positionals: true,
};

/** `responses-inspector open FILE`: the dashboard on a saved capture. */
export async function run({ values, positionals }: ParsedArgs<typeof OPTIONS>): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('open takes one FILE: responses-inspector open captures/2026-….ndjson (or a .har)');
  const file = path.resolve(positionals[0]);
  const capturesDir = path.resolve(values.captures === undefined ? path.dirname(file) : checkCapturesFlag(values.captures as string));
  const minBytes = indexMinBytes();
  const { header, source, scan, indexSource } = await openInput(file, minBytes);
  const indexCache = new IndexCache({ store: IndexStore.fromEnv(warn) });
  const port = parsePort(values.port as string | undefined, 8787);
  const { port: bound, use, closeAll } = await startLoopbackServer(port).catch(listenError(port));
  const token = createToken();
  const route = dashboardRoute({
    port: bound,
    token,
    source,
    hello: () => ({
      type: 'hello',
      protocol: FEED_PROTOCOL,
      mode: 'file',
      tool: TOOL,
      captureFile: file,
      upstream: header.upstream,
      maxAgeMs: header.maxAgeMs,
      indexMinBytes: minBytes,
    }),
    api: capturesApi({ capturesDir, currentFile: () => file, indexCache, currentIndexSource: indexSource && (() => indexSource) }),
  });
  use(route);
  const url = `http://127.0.0.1:${bound}/#token=${token}`;
  process.stdout.write(`capture: ${file}\ndashboard: ${url}\n`);
  if (!values['no-open'] && !process.env.CI) openBrowser(`http://127.0.0.1:${bound}/#code=${route.launchCode()}`);
  scan?.();
  // A capture the page will read through the index is indexed now, before any browser asks; its
  // skipped lines are reported as the scan reports them.
  if (source.length >= minBytes) void startIndex(indexCache, () => indexSource ?? fileSource(file));
  await untilSignal();
  route.feed.close();
  closeAll();
  return 0;
}

/**
 * Indexes the capture before any browser asks (or reads back the index an earlier `open` saved),
 * then says which and how long it took, and reports its skipped lines as the scan would.
 */
async function startIndex(cache: IndexCache, source: () => IndexSource | Promise<IndexSource>): Promise<void> {
  const t0 = performance.now();
  let index: HeldIndex;
  try {
    index = await cache.get(await source());
  } catch (err) {
    // Gone since it was opened: the dashboard's own requests report it.
    return warn(`the capture could not be indexed: ${(err as Error).message}`);
  }
  await index.ready;
  if (index.error) return warn(index.error.message);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const how = index instanceof SavedIndex ? `read back from the saved index in ${seconds} s` : `indexed in ${seconds} s`;
  process.stdout.write(`index: ${groupDigits(index.records)} records ${how}\n`);
  for (const w of index.warnings) warn(w);
}

/**
 * The file as a feed source. A capture is served from disk as it is (after its header is checked:
 * a file that is not a capture, or has an unknown version, is refused with one line); `scan` then
 * reads it once in the background to report truncated and corrupt lines with their numbers, which
 * the dashboard skips too. A HAR or a timeline export is converted to capture lines in memory.
 */
async function openInput(
  file: string,
  minBytes: number,
): Promise<{ header: { upstream?: string; maxAgeMs: number }; source: CaptureSource; scan?: () => void; indexSource?: IndexSource }> {
  const kind: InputKind = inputKind(file);
  if (kind !== 'capture') {
    const lines: string[] = [];
    let header: CaptureStart | undefined;
    await readInput(
      file,
      (rec) => {
        if (rec.kind === 'capture.start') header = rec;
        lines.push(JSON.stringify(rec), '\n');
      },
      warn,
    );
    const buf = Buffer.from(lines.join(''));
    return {
      header: { upstream: header?.upstream, maxAgeMs: header?.maxAgeMs ?? DEFAULT_MAX_AGE_MS },
      source: new BufferSource(buf),
      indexSource: bufferSource(path.basename(file), buf),
    };
  }
  const header = readHeader(file);
  // The scan costs about a second of CPU per 100 MB, taken from the dashboard's own load on a small
  // machine; above SCAN_MAX_BYTES only the end is checked (where a crash leaves its cut line) and
  // the dashboard's reader reports the rest as it meets them.
  const size = fs.statSync(file).size;
  const scan = () => {
    // The index reads every line anyway and reports what it skipped.
    if (size >= minBytes) return;
    if (size <= SCAN_MAX_BYTES) return void readInput(file, () => undefined, warn).catch((err: Error) => warn(err.message));
    const tail = readTail(file, size);
    if (tail !== null && !tail.endsWith('\n')) warn('the last line has no newline: it may be cut (the capture ended mid-record); the dashboard skips it if it does not parse');
  };
  return { header, source: new FileSource(file), scan };
}

const SCAN_MAX_BYTES = 64 * 1024 * 1024;

function readTail(file: string, size: number): string | null {
  try {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(Math.min(size, 4096));
    fs.readSync(fd, buf, 0, buf.length, size - buf.length);
    fs.closeSync(fd);
    return buf.toString('utf8');
  } catch {
    return null;
  }
}

/** The capture.start record, read with the tolerant reader from the file's first bytes. */
function readHeader(file: string): { upstream?: string; maxAgeMs: number } {
  let head: Buffer;
  try {
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(64 * 1024);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    fs.closeSync(fd);
    head = buf.subarray(0, n);
  } catch (err) {
    throw new InputFileError(`cannot read ${file}: ${(err as Error).message}`, 'UNREADABLE');
  }
  let start: CaptureStart | undefined;
  const reader = createCaptureReader({ record: (rec) => void (start ??= rec.kind === 'capture.start' ? rec : undefined) }, undefined, decodeUtf8);
  try {
    const nl = head.indexOf(0x0a);
    reader.push(nl === -1 ? head : head.subarray(0, nl + 1));
    if (nl === -1) reader.end();
  } catch (err) {
    if (err instanceof InspectorError) throw new InputFileError(`${file}: ${err.message}`, err.code, err.kind);
    throw err;
  }
  if (!start) throw new InputFileError(`${file}: not a Responses Inspector capture (the first line must be a capture.start record)`, 'NOT_A_CAPTURE');
  return { upstream: start.upstream, maxAgeMs: start.maxAgeMs ?? DEFAULT_MAX_AGE_MS };
}

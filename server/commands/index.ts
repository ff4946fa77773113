import path from 'node:path';
import { groupDigits } from '../../src/core/labels.ts';
import { inputKind } from '../captures/readInput.ts';
import { UsageError, warn } from '../cliFlags.ts';
import type { CommandSpec, OptionSpecs, ParsedArgs } from '../cliOptions.ts';
import { CaptureIndex } from '../index/captureIndex.ts';
import { fileSource } from '../index/indexCache.ts';
import { INDEX_STORE_ENV, IndexStore } from '../index/indexStore.ts';

const OPTIONS = {} as const satisfies OptionSpecs;

export const spec: CommandSpec<typeof OPTIONS> = {
  usage: 'index FILE',
  about: `Indexes a capture (.ndjson) now and saves the index (see "open FILE"), so the dashboard opens it later without reading it again. The relay runs this in the background when it stops with a capture the dashboard would index (16 MiB or more). The index goes to $XDG_CACHE_HOME/responses-inspector (~/.cache/responses-inspector when unset), or to the folder ${INDEX_STORE_ENV} names. Exit 0 once saved (or already saved), 1 when it could not be saved, 2 for a file that is not a readable capture or when ${INDEX_STORE_ENV}=off.`,
  options: OPTIONS,
  positionals: true,
};

/** A build with nothing else on this thread: longer slices than the relay's 4 ms. */
const SLICE_MS = 50;

/** `responses-inspector index FILE`: the saved index of a capture, built ahead of the dashboard. */
export async function run({ positionals }: ParsedArgs<typeof OPTIONS>): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('index takes one capture file: responses-inspector index FILE');
  const file = path.resolve(positionals[0]);
  const store = IndexStore.fromEnv(warn);
  if (!store) throw new UsageError(`${INDEX_STORE_ENV} is off: there is nowhere to save the index`);
  // A missing or unreadable file, a FIFO: InputFileError, exit 2 like every command that reads a FILE.
  if (inputKind(file) !== 'capture') throw new UsageError(`${file} is not a capture (.ndjson): a HAR file or a timeline export is read whole by open, not indexed`);
  const t0 = performance.now();
  const source = await fileSource(file);
  const saved = await store.load(source, 'cli');
  if (saved) {
    saved.close();
    process.stdout.write(`index: ${groupDigits(saved.records)} records, already saved in ${store.dir}\n`);
    return 0;
  }
  const index = new CaptureIndex('cli', source, { sliceMs: SLICE_MS });
  await index.ready;
  if (index.error) throw new UsageError(index.error.message);
  for (const w of index.warnings) warn(w);
  if (!(await store.save(index))) return 1;
  process.stdout.write(`index: ${groupDigits(index.records)} records indexed in ${((performance.now() - t0) / 1000).toFixed(1)} s, saved in ${store.dir}\n`);
  return 0;
}

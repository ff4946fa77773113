import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileStore } from '../tee/lineSource.ts';
import { CaptureIndex, type IndexBuildOptions } from './captureIndex.ts';
import type { IndexSource } from './indexView.ts';
import type { IndexStore } from './indexStore.ts';
import { SavedIndex } from './savedIndex.ts';

/** Indexes held at once: each costs about a byte of memory per byte of capture's rows and turns, not its payloads. */
export const INDEX_CACHE_SIZE = 2;

/**
 * Quiet time before a built index is saved: no page reading its stream and no request naming it
 * (summaries while a page scrolls, a record for the detail pane) for this long.
 */
const SAVE_DELAY_MS = 5000;

export type HeldIndex = CaptureIndex | SavedIndex;

/**
 * The indexes this process holds, least recently used dropped first. An index is keyed by its
 * source's key (a file's path, size and mtime), so a file that changed is indexed again, and an
 * index still being built is shared by every request that asks for it. Ids are opaque and never
 * reused: a page holding the id of a dropped index gets INDEX_GONE and asks again.
 *
 * With a store (indexStore.ts), a file's index is read back from disk when it was saved before,
 * and saved once built; the built index is then swapped for the saved one under the same id (a
 * page holding it sees no change), which holds only the records' offsets in memory.
 */
export class IndexCache {
  readonly #byKey = new Map<string, HeldIndex>();
  readonly #byId = new Map<string, HeldIndex>();
  readonly #opening = new Map<string, Promise<HeldIndex>>();
  readonly #opts: IndexBuildOptions;
  readonly #size: number;
  readonly #store: IndexStore | null;
  readonly #saveDelayMs: number;
  /** When each held index was last asked for (performance.now()). */
  readonly #usedAt = new WeakMap<HeldIndex, number>();

  constructor(opts: IndexBuildOptions & { size?: number; store?: IndexStore | null; saveDelayMs?: number } = {}) {
    this.#opts = opts;
    this.#size = opts.size ?? INDEX_CACHE_SIZE;
    this.#store = opts.store ?? null;
    this.#saveDelayMs = opts.saveDelayMs ?? SAVE_DELAY_MS;
  }

  /** The index of `source`: held already, read from the store, or built now (and shared with later requests). */
  get(source: IndexSource): Promise<HeldIndex> {
    const held = this.#byKey.get(source.key);
    if (held) return Promise.resolve(this.#touch(held));
    let opening = this.#opening.get(source.key);
    if (!opening) {
      opening = this.#open(source).finally(() => this.#opening.delete(source.key));
      this.#opening.set(source.key, opening);
    }
    return opening;
  }

  async #open(source: IndexSource): Promise<HeldIndex> {
    const store = source.persist ? this.#store : null;
    const saved = await store?.load(source, newId());
    if (saved) return this.#add(saved);
    const built = new CaptureIndex(newId(), source, this.#opts);
    this.#add(built);
    void built.ready.then(async () => {
      // A capture that was refused is not kept: asking again reports it again (or reads a fixed file).
      if (built.error) return this.#drop(built);
      // Saving takes a second or two of a core for a million records: not while a page still reads
      // the index's stream, nor while it builds its views from it (measured: +0.5-3 s to the
      // page's load on two cores when saved at once), nor while it is used (a first scroll
      // through a million records missed 21-44% of its frames with the save under it, 7-9% without).
      await built.untilUnread();
      // The stream's end is its last use.
      this.#usedAt.set(built, performance.now());
      await this.#untilQuiet(built);
      if (!store || !(await store.save(built)) || this.#byId.get(built.id) !== built) return;
      const back = await store.load(source, built.id);
      if (back && this.#byId.get(built.id) === built) {
        this.#byId.set(built.id, back);
        this.#byKey.set(source.key, back);
      } else back?.close();
    });
    return built;
  }

  #add(index: HeldIndex): HeldIndex {
    this.#byKey.set(index.source.key, index);
    this.#byId.set(index.id, index);
    while (this.#byKey.size > this.#size) this.#drop(this.#byKey.values().next().value!);
    return index;
  }

  /** The index a page names by id (a use: it becomes the most recently used). */
  byId(id: string): HeldIndex | undefined {
    const index = this.#byId.get(id);
    return index && this.#touch(index);
  }

  /** Resolves once `index` has gone the save delay without a request. Unref'd: a process told to stop does not wait to save. */
  async #untilQuiet(index: HeldIndex): Promise<void> {
    for (;;) {
      const wait = (this.#usedAt.get(index) ?? 0) + this.#saveDelayMs - performance.now();
      if (wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait).unref());
    }
  }

  #touch(index: HeldIndex): HeldIndex {
    this.#usedAt.set(index, performance.now());
    // Most recently used last.
    if (this.#byKey.delete(index.source.key)) this.#byKey.set(index.source.key, index);
    return index;
  }

  #drop(index: HeldIndex): void {
    if (this.#byKey.get(index.source.key) === index) this.#byKey.delete(index.source.key);
    this.#byId.delete(index.id);
    if (index instanceof SavedIndex) index.close();
  }
}

function newId(): string {
  return randomBytes(9).toString('base64url');
}

/** A capture file as an index source, as it stands now (its size bounds what is indexed). */
export async function fileSource(file: string, persist = true): Promise<IndexSource> {
  const st = await fs.promises.stat(file);
  return {
    key: `file\0${file}\0${st.size}\0${st.mtimeMs}\0${st.ino}`,
    name: path.basename(file),
    length: st.size,
    open: () => fileStore(file),
    persist,
  };
}

/** A capture held in memory (what `open FILE.har` converts a HAR into); make it once per buffer: each call is a new key. */
export function bufferSource(name: string, buf: Buffer): IndexSource {
  return {
    key: `buffer\0${randomBytes(9).toString('base64url')}`,
    name,
    length: buf.length,
    open: () => ({ read: (pos, length) => buf.subarray(pos, pos + length) }),
  };
}

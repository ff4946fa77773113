import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileStore } from '../tee/lineSource.ts';
import { CaptureIndex, type IndexBuildOptions, type IndexSource } from './captureIndex.ts';

/** Indexes held at once: each costs about a byte of memory per byte of capture's rows and turns, not its payloads. */
export const INDEX_CACHE_SIZE = 2;

/**
 * The indexes this process holds, least recently used dropped first. An index is keyed by its
 * source's key (a file's path, size and mtime), so a file that changed is indexed again, and an
 * index still being built is shared by every request that asks for it. Ids are opaque and never
 * reused: a page holding the id of a dropped index gets INDEX_GONE and asks again.
 */
export class IndexCache {
  readonly #byKey = new Map<string, CaptureIndex>();
  readonly #byId = new Map<string, CaptureIndex>();
  readonly #opts: IndexBuildOptions;
  readonly #size: number;

  constructor(opts: IndexBuildOptions & { size?: number } = {}) {
    this.#opts = opts;
    this.#size = opts.size ?? INDEX_CACHE_SIZE;
  }

  /** The index of `source`, built now or shared with an earlier request. */
  get(source: IndexSource): CaptureIndex {
    let index = this.#byKey.get(source.key);
    if (index) return this.#touch(index);
    index = new CaptureIndex(randomBytes(9).toString('base64url'), source, this.#opts);
    this.#byKey.set(source.key, index);
    this.#byId.set(index.id, index);
    const built = index;
    // A capture that was refused is not kept: asking again reports it again (or reads a fixed file).
    void built.ready.then(() => {
      if (built.error) this.#drop(built);
    });
    while (this.#byKey.size > this.#size) this.#drop(this.#byKey.values().next().value!);
    return index;
  }

  /** The index a page names by id (a use: it becomes the most recently used). */
  byId(id: string): CaptureIndex | undefined {
    const index = this.#byId.get(id);
    return index && this.#touch(index);
  }

  #touch(index: CaptureIndex): CaptureIndex {
    // Most recently used last.
    if (this.#byKey.delete(index.source.key)) this.#byKey.set(index.source.key, index);
    return index;
  }

  #drop(index: CaptureIndex): void {
    if (this.#byKey.get(index.source.key) === index) this.#byKey.delete(index.source.key);
    this.#byId.delete(index.id);
  }
}

/** A capture file as an index source, as it stands now (its size bounds what is indexed). */
export async function fileSource(file: string): Promise<IndexSource> {
  const st = await fs.promises.stat(file);
  return {
    key: `file\0${file}\0${st.size}\0${st.mtimeMs}\0${st.ino}`,
    name: path.basename(file),
    length: st.size,
    open: () => fileStore(file),
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

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { timeSlicer } from '../captures/slices.ts';
import type { CaptureIndex } from './captureIndex.ts';
import type { IndexSource } from './indexView.ts';
import { writeOrWait } from './indexMessages.ts';
import { type FileSink, openSavedIndex, type SavedIndex, writeSavedIndex } from './savedIndex.ts';

/** The environment variable naming the folder of saved indexes; `off` saves none. */
export const INDEX_STORE_ENV = 'RESPONSES_INSPECTOR_CACHE';
/** Saved indexes kept, and their total size: the least recently used go first. */
const KEEP_FILES = 16;
const KEEP_BYTES = 4 * 1024 ** 3;
const SUFFIX = '.index';
const SLICE_MS = 4;

/**
 * Indexes kept on disk between processes (savedIndex.ts has the format): a capture indexed once
 * opens again without being parsed again. One file per version of a capture (its path, size,
 * mtime and inode: a capture that changed is indexed anew), named by a hash of that key and of
 * the CLI's version. The folder is the user's own (0700, files 0600): an index holds what the
 * capture holds, keys masked as the dashboard masks them.
 *
 * Nothing here fails a request: a folder that cannot be written, a file cut short or written by
 * another version only means the capture is indexed again (`warn` says why, each message once).
 */
export class IndexStore {
  readonly dir: string;
  readonly #warn: (message: string) => void;
  readonly #warned = new Set<string>();
  readonly #keep: { files: number; bytes: number };

  constructor(dir: string, warn: (message: string) => void = () => undefined, keep = { files: KEEP_FILES, bytes: KEEP_BYTES }) {
    this.dir = dir;
    this.#warn = warn;
    this.#keep = keep;
  }

  /** The folder from the environment, or null when saving is off. */
  static fromEnv(warn?: (message: string) => void, env: NodeJS.ProcessEnv = process.env): IndexStore | null {
    const given = env[INDEX_STORE_ENV]?.trim();
    if (given?.toLowerCase() === 'off') return null;
    if (given) return new IndexStore(path.resolve(given), warn);
    const base = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : undefined) || path.join(os.homedir(), '.cache');
    return new IndexStore(path.join(base, 'responses-inspector'), warn);
  }

  fileOf(source: IndexSource): string {
    return path.join(this.dir, `${createHash('sha256').update(source.key).digest('hex').slice(0, 32)}${SUFFIX}`);
  }

  /** The saved index of `source`, or undefined when there is none it can use. */
  async load(source: IndexSource, id: string): Promise<SavedIndex | undefined> {
    const file = this.fileOf(source);
    let saved: SavedIndex | string;
    try {
      saved = await openSavedIndex(file, source, id);
    } catch (err) {
      // None saved (ENOTDIR: something else is where the folder would be; saving says so).
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.#once(`a saved index could not be read (${(err as Error).message}); indexing ${source.name} again`);
      return undefined;
    }
    if (typeof saved === 'string') {
      this.#once(`the saved index of ${source.name} is not usable (${saved}); indexing it again`);
      await fs.promises.rm(file, { force: true }).catch(() => undefined);
      return undefined;
    }
    // Most recently used: the last one evicted.
    const now = new Date();
    await fs.promises.utimes(file, now, now).catch(() => undefined);
    return saved;
  }

  /** Saves a finished index; resolves true once the file is in place, false when it could not be. */
  async save(index: CaptureIndex): Promise<boolean> {
    const file = this.fileOf(index.source);
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    unfinished.add(tmp);
    try {
      await fs.promises.mkdir(this.dir, { recursive: true, mode: 0o700 });
      const out = fs.createWriteStream(tmp, { mode: 0o600 });
      const sink = fileSink(out);
      const ok = await writeSavedIndex(index, sink, timeSlicer(SLICE_MS));
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject);
        out.end(resolve);
      });
      if (!ok || sink.failed) throw sink.failed ?? new Error('the write was cut short');
      // Whole or not at all: a reader never sees a file being written.
      await fs.promises.rename(tmp, file);
    } catch (err) {
      await fs.promises.rm(tmp, { force: true }).catch(() => undefined);
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'EEXIST' || code === 'ENOTDIR' ? `${this.dir} cannot be made a folder: a file is in its way` : (err as Error).message;
      this.#once(`the index of ${index.source.name} was not saved for next time (${why})`);
      return false;
    } finally {
      unfinished.delete(tmp);
    }
    await this.#evict().catch(() => undefined);
    return true;
  }

  /** Drops the least recently used saved indexes past the files or bytes kept. */
  async #evict(): Promise<void> {
    const names = (await fs.promises.readdir(this.dir)).filter((n) => n.endsWith(SUFFIX));
    const files = await Promise.all(
      names.map(async (n) => {
        const st = await fs.promises.stat(path.join(this.dir, n)).catch(() => null);
        return { file: path.join(this.dir, n), size: st?.size ?? 0, used: st?.mtimeMs ?? 0 };
      }),
    );
    files.sort((a, b) => b.used - a.used);
    let bytes = 0;
    for (const [i, f] of files.entries()) {
      bytes += f.size;
      if (i >= this.#keep.files || bytes > this.#keep.bytes) await fs.promises.rm(f.file, { force: true });
    }
  }

  #once(message: string): void {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.#warn(message);
  }
}

/**
 * Saves under way: a process that exits in the middle of one (stopped, or past its shutdown grace
 * time) removes its partial file rather than leave it in the user's cache.
 */
const unfinished = new Set<string>();
process.once('exit', () => {
  for (const tmp of unfinished) fs.rmSync(tmp, { force: true });
});

/** A write stream as a sink: waits for it to drain, and remembers its first error. */
function fileSink(out: fs.WriteStream): FileSink & { failed: Error | undefined } {
  const sink = {
    written: 0,
    failed: undefined as Error | undefined,
    write(data: string | Buffer): Promise<boolean> | boolean {
      if (sink.failed) return false;
      sink.written += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      return writeOrWait(out, data, 'error');
    },
    closed: () => sink.failed !== undefined,
    onClose: (fn: () => void) => out.once('error', fn),
  };
  out.on('error', (err) => {
    sink.failed ??= err;
  });
  return sink;
}

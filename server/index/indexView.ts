import type { InspectorError } from '../../src/core/errors.ts';
import type { ByteStore } from '../tee/lineSource.ts';

/** A capture's bytes as the index reads them: a file on disk or a buffer in memory. */
export interface IndexSource {
  /** Names this version of the capture: path, size and mtime for a file (a changed file is another key). */
  key: string;
  /** What the page calls it (the file's base name). */
  name: string;
  /** Bytes to index: what existed when the index was asked for (a live capture keeps growing). */
  length: number;
  /** A store for one pass over the bytes; `close` is called when the pass ends. */
  open(): ByteStore & { close?(): Promise<void> };
  /**
   * Whether its index may be kept in the index store (indexStore.ts) for the next process: a
   * file that is not being written. A live capture grows, so its key never comes back.
   */
  persist?: boolean;
}

/**
 * What the index routes (indexApi.ts, searchIndex.ts) read of a capture's index, whether this
 * process built it (CaptureIndex) or read it back from the index store (SavedIndex): both answer
 * every route with the same bytes.
 */
export interface IndexView {
  readonly id: string;
  readonly source: IndexSource;
  /** Records indexed so far, each with its line's byte offset and length in the capture. */
  readonly records: number;
  offsetOf(i: number): number;
  lengthOf(i: number): number;
  isFrame(i: number): boolean;
  /** Rows that cannot change any more (see CaptureIndex.finalRows). */
  readonly finalRows: number;
  readonly done: boolean;
  readonly error: InspectorError | undefined;
  /** Resolves when `done`; never rejects (see `error`). */
  readonly ready: Promise<void>;
  readonly warnings: readonly string[];
  readonly bytesRead: number;
  readonly turnCount: number;
  /** Calls `fn` as the index grows and when it is done; returns the unsubscribe. */
  onChange(fn: () => void): () => void;
  /** The summaries of rows `from`..`to` (exclusive, final rows) as one ASCII JSON array. */
  summariesJson(from: number, to: number): string | Promise<string>;
  /** Turn `index` (1-based) whole as ASCII JSON, or undefined past the last; only once `done`. */
  turnJson(index: number): string | undefined | Promise<string | undefined>;
}

/**
 * How far the feed's backlog (the capture up to connect time, `hello.backlogBytes`) has been read
 * into the timeline, for the progress bar. Its own small store: it changes a few times a
 * second while loading and nothing else needs to re-render for it.
 */

import { create } from 'zustand';

export interface LoadProgress {
  /** Backlog bytes announced by the hello; 0 until then. */
  totalBytes: number;
  /** Bytes of capture lines parsed and shown so far on this connection. */
  loadedBytes: number;
  /** The relay sent `synced` and every line received before it has been shown. */
  done: boolean;
}

export const useLoadProgress = create<LoadProgress>()(() => ({ totalBytes: 0, loadedBytes: 0, done: false }));

export function setLoadProgress(patch: Partial<LoadProgress>): void {
  useLoadProgress.setState(patch);
}

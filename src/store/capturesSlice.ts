/**
 * What the dashboard shows: the relay's own feed ("live", also `open FILE`), or a capture
 * opened from the captures list or dropped on the page; the replay of it; and how far it has been
 * read. The records and the playback loop live in the sources (src/lib/sourceSwitch.ts); this slice
 * holds only what components render.
 */

import type { CapturesSlice, Slice } from './types.ts';

export const createCapturesSlice: Slice<CapturesSlice> = (set) => ({
  source: { kind: 'live' },
  clock: { mode: 'live' },
  replay: null,
  loadingFile: null,
  loadProgress: { totalBytes: 0, loadedBytes: 0, done: false },
  setSource: (source) => set({ source }),
  setLoadingFile: (loadingFile) => set({ loadingFile }),
  setReplay: (patch) =>
    set((s) => {
      if (patch === null) return { replay: null, clock: { mode: 'live' } };
      const replay = { ...(s.replay ?? { playing: false, speed: 1, startT: 0, endT: 0, t: 0 }), ...patch };
      return { replay, clock: { mode: 'replay', t: replay.t } };
    }),
  setLoadProgress: (patch) => set((s) => ({ loadProgress: { ...s.loadProgress, ...patch } })),
});

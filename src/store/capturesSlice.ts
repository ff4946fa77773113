/**
 * What the dashboard shows: the relay's own feed ("live", also `open FILE`), or a capture
 * opened from the captures list or dropped on the page; and the replay of it. The records and the
 * playback loop live outside the store (src/lib/fileLoader.ts, src/lib/replayEngine.ts); this slice
 * holds only what components render.
 */

import type { ReplaySpeed } from '../core/replayCursor.ts';
import type { Slice } from './types.ts';

export type Source =
  | { kind: 'live' }
  /** `origin: 'live'`: the relay's capture, frozen when replay started. */
  | { kind: 'file'; name: string; origin: 'list' | 'drop' | 'live' };

/** The time the countdown and age clocks read: the wall clock, or the replay's playhead. */
export type Clock = { mode: 'live' } | { mode: 'replay'; t: number };

export interface ReplayState {
  playing: boolean;
  speed: ReplaySpeed;
  startT: number;
  endT: number;
  /** The playhead (epoch ms). */
  t: number;
}

export interface CapturesSlice {
  source: Source;
  clock: Clock;
  replay: ReplayState | null;
  /** A file being read into the dashboard, by name. */
  loadingFile: string | null;
  setSource(source: Source): void;
  setLoadingFile(name: string | null): void;
  /** null ends replay (and the clock goes back to the wall clock). */
  setReplay(patch: Partial<ReplayState> | null): void;
}

export const createCapturesSlice: Slice<CapturesSlice> = (set) => ({
  source: { kind: 'live' },
  clock: { mode: 'live' },
  replay: null,
  loadingFile: null,
  setSource: (source) => set({ source }),
  setLoadingFile: (loadingFile) => set({ loadingFile }),
  setReplay: (patch) =>
    set((s) => {
      if (patch === null) return { replay: null, clock: { mode: 'live' } };
      const replay = { ...(s.replay ?? { playing: false, speed: 1, startT: 0, endT: 0, t: 0 }), ...patch };
      return { replay, clock: { mode: 'replay', t: replay.t } };
    }),
});

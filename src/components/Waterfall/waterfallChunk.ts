/**
 * The waterfall's code (it and recharts, with recharts' own store, are the larger part of the
 * dashboard's code) as a chunk of its own, read while the rest of the UI draws its first rows:
 * loaded once, from main.tsx with the UI's chunk. Held in an external store, not React.lazy, so
 * the page's load state (lib/useLoadStateAttributes.ts) and the insights pane see it arrive in one
 * render: `data-load-state="done"` never precedes a drawn waterfall.
 */

import { useSyncExternalStore } from 'react';
import type { Waterfall } from './Waterfall.tsx';

export type WaterfallChunk = { Waterfall: typeof Waterfall; error?: undefined } | { Waterfall?: undefined; error: string };

let chunk: WaterfallChunk | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

/** Starts reading the chunk (once). */
export function loadWaterfall(): void {
  loading ??= import('./Waterfall.tsx')
    .then(
      (m): WaterfallChunk => ({ Waterfall: m.Waterfall }),
      // The CLI stopped, a stale tab after an upgrade: the pane says so, the rest of the page works.
      (err: unknown): WaterfallChunk => ({ error: (err as Error)?.message ?? String(err) }),
    )
    .then((c) => {
      chunk = c;
      for (const l of listeners) l();
    });
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** The chunk once it is read (or could not be), else null. */
export function useWaterfallChunk(): WaterfallChunk | null {
  return useSyncExternalStore(
    subscribe,
    () => chunk,
    () => chunk,
  );
}

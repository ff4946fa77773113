/**
 * Resolves once the dashboard's first frame has been drawn. The first source starts before the
 * UI's code is even read (main.tsx), so the capture's index arrives while React mounts; a source
 * that shows its first rows and then waits for this lets the mount (hundreds of milliseconds of the
 * page's thread) and the first screen go ahead of the rest of the rows, which would otherwise take
 * the thread in turn with it and put the first rows on screen a second later.
 */

import { yieldToPage } from './yieldToPage.ts';

let resolveDrawn: () => void = () => undefined;

export const uiDrawn: Promise<void> = new Promise((resolve) => (resolveDrawn = resolve));

/** Called once the UI has committed its first render: resolves `uiDrawn` after the next paint. */
export function markUiDrawn(): void {
  // rAF runs before the frame is painted; a task it posts runs after.
  requestAnimationFrame(() => void yieldToPage().then(resolveDrawn));
}

/**
 * `uiDrawn`, or `maxMs` at most: a UI that does not draw (its code failed to load; no UI at all)
 * holds nothing up for longer.
 */
export function uiDrawnWithin(maxMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)));
  return Promise.race([uiDrawn, late]).finally(() => clearTimeout(timer));
}

/**
 * The page hooks the ingest queue and the replay use (animation frames, `document.hidden`), given by
 * Node's timers so the real modules run under vitest. Installed for the whole test file.
 */

import { afterAll, beforeAll } from 'vitest';

export function installPageClock(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  const saved = { document: g.document, requestAnimationFrame: g.requestAnimationFrame, cancelAnimationFrame: g.cancelAnimationFrame };
  beforeAll(() => {
    g.document = { hidden: false };
    g.requestAnimationFrame = (cb: (t: number) => void) => setTimeout(() => cb(performance.now()), 16);
    g.cancelAnimationFrame = (id: ReturnType<typeof setTimeout>) => clearTimeout(id);
  });
  afterAll(() => {
    g.document = saved.document;
    g.requestAnimationFrame = saved.requestAnimationFrame;
    g.cancelAnimationFrame = saved.cancelAnimationFrame;
  });
}

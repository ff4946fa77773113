/**
 * The CLI's hello, read from GET /api/info as the page starts. One small request, answered while
 * the feed's worker is still starting: an `open FILE` the CLI indexes asks for its index at once,
 * not after the worker, its socket and the hello it carries (store/sourcesSlice.ts `start`).
 */

import type { FeedHello } from '../core/feed.ts';
import { helloOfInfo } from '../core/indexChoice.ts';

export const INFO_PATH = '/api/info';

/** A CLI that has not answered by then is left to the feed (the page must not stay blank). */
const INFO_TIMEOUT_MS = 2000;

/** The hello, or null when it could not be read in time (the feed's own hello then decides). */
export async function fetchInfoHello(url = INFO_PATH): Promise<FeedHello | null> {
  try {
    const res = await fetch(url, { credentials: 'same-origin', signal: AbortSignal.timeout(INFO_TIMEOUT_MS) });
    return res.ok ? helloOfInfo(await res.json()) : null;
  } catch {
    return null;
  }
}

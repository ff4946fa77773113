/**
 * When the page asks the CLI for a capture's index (src/core/indexWire.ts) instead of reading the
 * capture's bytes: for an NDJSON capture the CLI holds, of at least `hello.indexMinBytes` (a CLI
 * that does not index sends none). A HAR or timeline export is one JSON document the page converts
 * whole; a file dropped on the page has no copy with the CLI.
 */

import { FEED_PROTOCOL, type FeedHello } from './feed.ts';

/** A capture the Captures menu lists (its kind as GET /api/captures says). */
export function indexesListed(hello: FeedHello | null, listing: { kind: string; size: number } | undefined): boolean {
  const min = hello?.indexMinBytes;
  return min !== undefined && listing !== undefined && listing.kind === 'capture' && listing.size >= min;
}

/** The capture `open FILE` shows, from its hello (its backlog is the whole file). */
export function indexesOpened(hello: FeedHello): boolean {
  const min = hello.indexMinBytes;
  if (hello.mode !== 'file' || min === undefined || hello.backlogBytes < min) return false;
  return hello.captureFile === undefined || !/\.(har|json)$/i.test(hello.captureFile);
}

/**
 * The hello in GET /api/info's answer (the CLI sends there what the feed's hello says, with its
 * `backlogBytes`), or null when it is not one this page can act on: the feed's hello then decides.
 */
export function helloOfInfo(info: unknown): FeedHello | null {
  if (typeof info !== 'object' || info === null) return null;
  const h = info as Partial<FeedHello>;
  if (h.type !== 'hello' || h.protocol !== FEED_PROTOCOL || (h.mode !== 'file' && h.mode !== 'live')) return null;
  if (typeof h.backlogBytes !== 'number' || typeof h.maxAgeMs !== 'number' || typeof h.tool?.name !== 'string') return null;
  if (h.indexMinBytes !== undefined && typeof h.indexMinBytes !== 'number') return null;
  if (h.captureFile !== undefined && typeof h.captureFile !== 'string') return null;
  return h as FeedHello;
}

/**
 * When the page asks the CLI for a capture's index (src/core/indexWire.ts) instead of reading the
 * capture's bytes: for an NDJSON capture the CLI holds, of at least `hello.indexMinBytes` (a CLI
 * that does not index sends none). A HAR or timeline export is one JSON document the page converts
 * whole; a file dropped on the page has no copy with the CLI.
 */

import type { FeedHello } from './feed.ts';

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

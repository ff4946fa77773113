/**
 * The relay's feed as a switchable source: opening another capture or replaying stops it,
 * "Back to live" starts it again. A new feed connection resends the whole capture from byte 0 and
 * resets the store first (feedClient.ts), so coming back shows everything, nothing twice.
 */

import type { FeedHello } from '../core/feed.ts';
import { useDashboard } from '../store/index.ts';
import { startFeed } from './feedClient.ts';

/** The API closes a WebSocket after 60 minutes (docs/protocol.md §6). */
const API_MAX_AGE_MS = 60 * 60_000;

let stop: (() => void) | null = null;
/** The relay's own hello, kept while another capture is shown (its max age, tool, capture file). */
let liveHello: FeedHello | null = null;

export function goLive(): void {
  const s = useDashboard.getState();
  if (s.replay) s.setReplay(null);
  // Coming back from another capture: its banners are not about the live view.
  if (s.source.kind !== 'live') s.clearSourceAlerts();
  s.setSource({ kind: 'live' });
  if (liveHello) s.setHello(liveHello);
  if (!stop) stop = startFeed();
}

/** Stops the feed; the store keeps what it shows until the caller replaces it. */
export function leaveLive(): void {
  const s = useDashboard.getState();
  if (s.source.kind === 'live') liveHello = s.hello;
  stop?.();
  stop = null;
}

/** The relay's hello (live or `open FILE`), whichever source is shown now. */
export function relayHello(): FeedHello | null {
  const s = useDashboard.getState();
  return s.source.kind === 'live' ? s.hello : liveHello;
}

/**
 * Shows the capture's own view while another source is on screen: `mode: 'file'` freezes the clocks
 * at the last record, `mode: 'live'` (during replay) lets them read the playhead through useNow.
 */
export function setViewHello(mode: FeedHello['mode']): void {
  const base = relayHello();
  const s = useDashboard.getState();
  // The relay's --max-age applies to its own capture; another file is counted against the API's
  // 60 minutes unless it records its own limit (capture.start maxAgeMs wins in the panel).
  const own = s.source.kind === 'file' && s.source.origin === 'live';
  s.setHello({
    type: 'hello',
    protocol: 1,
    tool: base?.tool ?? { name: 'responses-inspector', version: 'unknown' },
    maxAgeMs: own && base ? base.maxAgeMs : API_MAX_AGE_MS,
    backlogBytes: 0,
    mode,
  });
}

/**
 * The hello a file or a replay shows in place of the relay's: `mode: 'file'` freezes the clocks at
 * the last record, `mode: 'live'` (during replay) lets them read the playhead through useNow.
 */

import type { FeedHello } from '../core/feed.ts';
import type { SourceView } from '../store/types.ts';

/** The Responses API closes a WebSocket after 60 minutes. */
const API_MAX_AGE_MS = 60 * 60_000;

export function viewHello(relay: FeedHello | null, source: SourceView, mode: FeedHello['mode']): FeedHello {
  // The relay's --max-age applies to its own capture; another file is counted against the API's
  // 60 minutes unless it records its own limit (capture.start maxAgeMs wins in the panel).
  const own = source.kind === 'file' && source.origin === 'live';
  return {
    type: 'hello',
    protocol: 1,
    tool: relay?.tool ?? { name: 'responses-inspector', version: 'unknown' },
    maxAgeMs: own && relay ? relay.maxAgeMs : API_MAX_AGE_MS,
    backlogBytes: 0,
    mode,
  };
}

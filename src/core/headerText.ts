/**
 * The header's short texts: the feed's state, the upstream and the capture name. Each is cut to
 * what tells captures and relays apart; the full text goes in the tooltip.
 */

import { fileName } from './fileName.ts';
import { formatWallClock } from './format.ts';

export type FeedStatus = 'connecting' | 'open' | 'closed';

export interface FeedState {
  status: FeedStatus;
  /** The relay's hello: `file` under `open FILE`. */
  mode?: 'live' | 'file';
  /** The relay's backlog has been read. */
  synced: boolean;
  /** `capture.end` is recorded: nothing more will come. */
  ended: boolean;
  /** The capture's last record time (epoch ms): its end once ended. */
  lastT?: number;
}

export interface FeedLabel {
  text: string;
  /** Colour class: live green, a served file, an ended run, or still trying. */
  tone: 'live' | 'file' | 'ended' | 'connecting' | 'retrying' | 'loading';
  title: string;
}

/**
 * A capture that ended says so whatever the socket does: once the relay has written capture.end
 * and stopped, its going away is the run's end, not a fault worth "retrying" (reconnects continue
 * quietly, in case the relay comes back).
 */
export function feedLabel(s: FeedState): FeedLabel {
  if (s.mode === 'file') return { text: 'file', tone: 'file', title: 'A saved capture served by `open`: it does not grow' };
  if (s.ended) {
    const at = s.lastT !== undefined ? formatWallClock(s.lastT) : '';
    const iso = s.lastT !== undefined ? ` at ${new Date(s.lastT).toISOString()}` : '';
    return { text: at ? `ended ${at}` : 'ended', tone: 'ended', title: `The run ended: capture.end recorded${iso}` };
  }
  if (s.status === 'open') {
    return s.synced
      ? { text: 'live', tone: 'live', title: 'Connected to the relay: new frames appear as they pass' }
      : { text: 'loading…', tone: 'loading', title: "Reading the relay's capture so far" };
  }
  if (s.status === 'connecting') return { text: 'connecting…', tone: 'connecting', title: 'Connecting to the relay' };
  return { text: 'disconnected, retrying…', tone: 'retrying', title: 'The relay went away before the capture ended; reconnecting' };
}

/** `ws://127.0.0.1:8787/v1/responses` → `127.0.0.1:8787`: the part that tells relays apart. */
export function shortUpstream(url: string): string {
  // Credentials before an `@` are dropped: they never belong on screen.
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?([^/?#]+)/i.exec(url);
  return m ? m[1] : url;
}

/** The relay's default name: `2026-12-07T02-26-03-867Z-43809.ndjson` (ISO time, then the port). */
const RELAY_NAME = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-\d{3}Z-(\d+)\.ndjson$/;

/**
 * A capture's name as the header shows it: the file name without its folder, and for the relay's
 * own names without the date and milliseconds every capture of the day shares: `02:26:03Z :43809`.
 * Other names keep everything but the folder.
 */
export function shortCaptureName(path: string): string {
  const name = fileName(path);
  const m = RELAY_NAME.exec(name);
  return m ? `${m[2]}:${m[3]}:${m[4]}Z :${m[5]}` : name;
}

/**
 * The dashboard feed: the socket at /feed between the relay and the browser.
 *
 * Binary frames carry capture lines: UTF-8 NDJSON, whole lines only, exactly as in the capture file,
 * in file order. A browser that connects late, reconnects or falls behind is first sent everything
 * from its position on (read back from the capture), then the live lines, so nothing is lost or
 * duplicated. Text frames carry the control messages below, as JSON. With `?backlog=http` the
 * backlog comes over HTTP instead (FEED_BACKLOG_PATH) and the socket from the backlog's end on.
 */

export const FEED_PROTOCOL = 1;
export const FEED_PATH = '/feed';
/**
 * `/feed?backlog=http`: the socket sends the hello, then only what follows `backlogBytes`; the
 * browser reads the backlog from FEED_BACKLOG_PATH?to=backlogBytes, a plain HTTP body (browsers
 * receive a fetch body several times faster than a WebSocket). Same bytes, same masking.
 */
export const FEED_BACKLOG_PATH = '/api/feed-backlog';

export interface FeedHello {
  type: 'hello';
  protocol: typeof FEED_PROTOCOL;
  /** 'live' while a relay runs; 'file' for `open FILE` (nothing more will come after the backlog). */
  mode: 'live' | 'file';
  tool: { name: string; version: string };
  /** Where agents connect (live mode), e.g. ws://127.0.0.1:8787/v1/responses. */
  relayUrl?: string;
  /** The base URL to give an SDK, e.g. http://127.0.0.1:8787/v1. */
  baseUrl?: string;
  upstream?: string;
  captureFile?: string;
  maxAgeMs: number;
  /** Bytes of capture that exist at connect time: the backlog the browser is about to receive. */
  backlogBytes: number;
  /**
   * Captures of this many bytes or more (`open FILE`, the Captures menu) are read through the CLI's
   * index (src/core/indexWire.ts) rather than whole; absent: never.
   */
  indexMinBytes?: number;
}

/** The backlog up to `bytes` has been sent; what follows is live. */
export interface FeedSynced {
  type: 'synced';
  bytes: number;
}

/** The capture could not be written (disk full, folder not writable); forwarding goes on. */
export interface FeedCaptureError {
  type: 'capture-error';
  message: string;
}

/** This browser fell behind; the relay resends from the capture file from `fromBytes`. */
export interface FeedLagging {
  type: 'lagging';
  fromBytes: number;
}

/** Part of the capture could not be delivered (it never reached the disk); the feed skips it. */
export interface FeedGap {
  type: 'gap';
  fromBytes: number;
  toBytes: number;
  message: string;
}

export type FeedControl = FeedHello | FeedSynced | FeedCaptureError | FeedLagging | FeedGap;

/**
 * The messages between the page and the thread that owns the feed's socket and HTTP backlog
 * (feedSocket.ts, feedSocket.worker.ts, feedBacklog.ts). A leaf module, so those three share the
 * types without importing each other.
 */

export type FeedSocketCommand = { type: 'connect'; url: string } | { type: 'backlog'; url: string } | { type: 'backlog-ack'; chars: number } | { type: 'close' };

export type FeedSocketEvent =
  | { type: 'open' }
  | { type: 'message'; data: string | ArrayBuffer }
  | { type: 'close' }
  /** `cut`: the last of `lines` had no newline, the capture ends in the middle of it (a finished file cut mid-write). */
  | { type: 'backlog-lines'; lines: string[]; cut?: true }
  | { type: 'backlog-end' }
  | { type: 'backlog-error'; message: string };

export type BacklogEvent = Extract<FeedSocketEvent, { type: `backlog-${string}` }>;

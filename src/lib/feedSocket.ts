/**
 * The feed connection as the feed client sees it: open, messages (text control frames as strings,
 * binary capture chunks as ArrayBuffers), close; and the HTTP backlog (`backlog(url)`: the capture's
 * first lines, then its end or an error). The socket and the fetch live in a worker
 * (feedSocket.worker.ts) so that receiving never waits for the main thread; where a worker cannot
 * start, the same is done on the main thread.
 */

import { createBacklogWindow, readBacklog } from './feedBacklog.ts';
import type { BacklogEvent, FeedSocketCommand, FeedSocketEvent } from './feedMessages.ts';

export interface FeedSocket {
  onopen: (() => void) | null;
  onmessage: ((ev: { data: string | ArrayBuffer }) => void) | null;
  onclose: (() => void) | null;
  onbacklog: ((ev: BacklogEvent) => void) | null;
  /** Starts reading the HTTP backlog; its chunks arrive through `onbacklog`, in order. */
  backlog(url: string): void;
  /** The page has read this many characters of the backlog's lines (flow control). */
  ackBacklog(chars: number): void;
  close(): void;
}

function directSocket(url: string, socket: FeedSocket): () => void {
  const ws = new WebSocket(url);
  const abort = new AbortController();
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => socket.onopen?.();
  ws.onmessage = (ev: MessageEvent<string | ArrayBuffer>) => socket.onmessage?.(ev);
  ws.onclose = () => socket.onclose?.();
  const flow = createBacklogWindow();
  socket.backlog = (backlogUrl) => void readBacklog(backlogUrl, abort.signal, flow, (e) => socket.onbacklog?.(e));
  socket.ackBacklog = (chars) => flow.ack(chars);
  return () => {
    abort.abort();
    ws.close();
  };
}

export function openFeedSocket(url: string): FeedSocket {
  let closed = false;
  let closeImpl: () => void = () => undefined;
  const socket: FeedSocket = {
    onopen: null,
    onmessage: null,
    onclose: null,
    onbacklog: null,
    backlog: () => undefined,
    ackBacklog: () => undefined,
    close() {
      closed = true;
      closeImpl();
    },
  };
  let worker: Worker;
  try {
    worker = new Worker(new URL('./feedSocket.worker.ts', import.meta.url), { type: 'module' });
  } catch {
    closeImpl = directSocket(url, socket);
    return socket;
  }
  let opened = false;
  let ended = false;
  worker.onmessage = (ev: MessageEvent<FeedSocketEvent>) => {
    const msg = ev.data;
    if (msg.type === 'open') {
      opened = true;
      socket.onopen?.();
    } else if (msg.type === 'message') socket.onmessage?.({ data: msg.data });
    else if (msg.type === 'close') {
      ended = true;
      worker.terminate();
      socket.onclose?.();
    } else socket.onbacklog?.(msg);
  };
  // The worker script did not load (an old browser, a policy): the socket on this thread instead.
  worker.onerror = () => {
    worker.terminate();
    if (opened || ended) {
      if (!ended) socket.onclose?.();
      ended = true;
      return;
    }
    if (!closed) closeImpl = directSocket(url, socket);
  };
  closeImpl = () => worker.postMessage({ type: 'close' } satisfies FeedSocketCommand);
  socket.backlog = (backlogUrl) => worker.postMessage({ type: 'backlog', url: backlogUrl } satisfies FeedSocketCommand);
  socket.ackBacklog = (chars) => worker.postMessage({ type: 'backlog-ack', chars } satisfies FeedSocketCommand);
  worker.postMessage({ type: 'connect', url } satisfies FeedSocketCommand);
  return socket;
}

/**
 * The feed connection as the feed client sees it: open, messages (text control frames as strings,
 * binary capture chunks as ArrayBuffers), close. The socket itself lives in a worker
 * (feedSocket.worker.ts) so that receiving never waits for the main thread; where a worker cannot
 * start, a plain WebSocket on the main thread does the same job.
 */

export type FeedSocketCommand = { type: 'connect'; url: string } | { type: 'close' };
export type FeedSocketEvent = { type: 'open' } | { type: 'message'; data: string | ArrayBuffer } | { type: 'close' };

export interface FeedSocket {
  onopen: (() => void) | null;
  onmessage: ((ev: { data: string | ArrayBuffer }) => void) | null;
  onclose: (() => void) | null;
  close(): void;
}

function directSocket(url: string, socket: FeedSocket): () => void {
  const ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => socket.onopen?.();
  ws.onmessage = (ev: MessageEvent<string | ArrayBuffer>) => socket.onmessage?.(ev);
  ws.onclose = () => socket.onclose?.();
  return () => ws.close();
}

export function openFeedSocket(url: string): FeedSocket {
  let closed = false;
  let closeImpl: () => void = () => undefined;
  const socket: FeedSocket = {
    onopen: null,
    onmessage: null,
    onclose: null,
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
    else {
      ended = true;
      worker.terminate();
      socket.onclose?.();
    }
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
  worker.postMessage({ type: 'connect', url } satisfies FeedSocketCommand);
  return socket;
}

/**
 * The feed's WebSocket, run in a worker (lib/feedSocket.ts). The browser hands a socket's data to
 * the thread that owns it only as fast as that thread takes it; on the page's main thread, which
 * is busy parsing and rendering while a large capture loads, that left the network idle for long
 * stretches. Here the socket is drained at network speed and each message is passed on unchanged
 * (binary frames transferred, not copied), in order.
 */

import type { FeedSocketCommand, FeedSocketEvent } from './feedSocket.ts';

const scope = self as unknown as {
  onmessage: ((ev: MessageEvent<FeedSocketCommand>) => void) | null;
  postMessage(message: FeedSocketEvent, transfer?: Transferable[]): void;
};

let ws: WebSocket | null = null;

scope.onmessage = (ev) => {
  const cmd = ev.data;
  if (cmd.type === 'close') {
    ws?.close();
    return;
  }
  const socket = new WebSocket(cmd.url);
  ws = socket;
  socket.binaryType = 'arraybuffer';
  socket.onopen = () => scope.postMessage({ type: 'open' });
  socket.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
    if (typeof e.data === 'string') scope.postMessage({ type: 'message', data: e.data });
    else scope.postMessage({ type: 'message', data: e.data }, [e.data]);
  };
  socket.onclose = () => scope.postMessage({ type: 'close' });
};

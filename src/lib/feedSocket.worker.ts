/**
 * The feed's WebSocket and its HTTP backlog, run in a worker (lib/feedSocket.ts). The browser hands
 * a socket's or a fetch body's data to the thread that owns it only as fast as that thread takes it;
 * on the page's main thread, which is busy parsing and rendering while a large capture loads, that
 * left the network idle for long stretches. Here both are drained at network speed and passed on in
 * order: socket messages unchanged (binary data transferred, not copied), the backlog as lines.
 */

import { createBacklogWindow, readBacklog } from './feedBacklog.ts';
import type { FeedSocketCommand, FeedSocketEvent } from './feedMessages.ts';

interface WorkerScope {
  onmessage: ((ev: MessageEvent<FeedSocketCommand>) => void) | null;
  postMessage(message: FeedSocketEvent, transfer?: Transferable[]): void;
}

/** One worker serves one feed connection: its socket, its backlog read and that read's flow control. */
function serveConnection(scope: WorkerScope): void {
  let ws: WebSocket | null = null;
  const backlog = new AbortController();
  const flow = createBacklogWindow();

  scope.onmessage = (ev) => {
    const cmd = ev.data;
    if (cmd.type === 'close') {
      backlog.abort();
      ws?.close();
      return;
    }
    if (cmd.type === 'backlog') {
      void readBacklog(cmd.url, backlog.signal, flow, (e) => scope.postMessage(e));
      return;
    }
    if (cmd.type === 'backlog-ack') {
      flow.ack(cmd.chars);
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
}

serveConnection(self as unknown as WorkerScope);

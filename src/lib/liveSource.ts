/**
 * The relay's feed as a source (src/core/feed.ts). Binary frames carry whole capture lines; text
 * frames carry control messages. Every new connection starts from byte 0, so on a reconnect the
 * store is reset and rebuilt: nothing is lost or duplicated. Coming back to live after another
 * capture is the same: a new connection resends everything.
 *
 * The backlog (everything before the hello) is read over HTTP (`/feed?backlog=http`), several times
 * faster than through the socket; what the socket sends meanwhile waits, in order, until it is in.
 * If that read fails, the next connection takes the backlog through the socket as before.
 */

import { FEED_BACKLOG_PATH, FEED_PATH, type FeedControl, type FeedHello } from '../core/feed.ts';
import type { DashboardState } from '../store/types.ts';
import type { BacklogEvent } from './feedMessages.ts';
import { openFeedSocket, type FeedSocket } from './feedSocket.ts';
import type { Source, SourceFeed } from './source.ts';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

export function feedUrl(loc: Location = location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}${FEED_PATH}`;
}

/** The live view replaces what was shown; its records follow with the connection's first message. */
function showLive(s: DashboardState): void {
  // Coming back from another capture: its banners are not about the live view.
  if (s.source.kind !== 'live') s.clearSourceAlerts();
  s.setSource({ kind: 'live' });
  // A file that was loading has stopped: its name no longer belongs in the header.
  s.setLoadingFile(null);
  if (s.relayHello) s.setHello(s.relayHello);
}

export interface LiveSourceOptions {
  /**
   * The relay's hello arrived: true when another source shows this capture instead (the CLI
   * indexes it, src/lib/indexSource.ts); this one then stops before reading the backlog.
   */
  handOver?(hello: FeedHello): boolean;
}

/** Shows the relay's feed at once and keeps reconnecting until another source takes over. */
export function startLiveSource(feed: SourceFeed, url = feedUrl(), opts: LiveSourceOptions = {}): Source {
  const store = feed.store.getState;
  feed.takeOver();
  showLive(store());

  // The relay said the backlog is all sent; loading is done once the queue has shown all of it.
  let backlogSent = false;
  const decoder = new TextDecoder();
  let socket: FeedSocket | null = null;
  let stopped = false;
  let retryMs = RETRY_MIN_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Capture bytes consumed on this connection, and bytes to drop after a `lagging` resend.
  let position = 0;
  let skip = 0;
  let httpBacklog = true;
  let handedOver = false;
  // While the HTTP backlog loads: the socket's messages, held in order.
  let held: (string | ArrayBuffer)[] | null = null;

  function onBinary(buf: ArrayBuffer) {
    let bytes = new Uint8Array(buf);
    if (skip > 0) {
      const drop = Math.min(skip, bytes.length);
      skip -= drop;
      bytes = bytes.subarray(drop);
    }
    position += bytes.length;
    if (bytes.length === 0) return;
    const lines = decoder.decode(bytes).split('\n');
    feed.push(lines.filter((l) => l.length > 0));
  }

  function onBacklog(ev: BacklogEvent, ws: FeedSocket) {
    if (stopped || socket !== ws || held === null) return;
    if (ev.type === 'backlog-lines') {
      feed.push(ev.lines, ev.cut === true);
      return;
    }
    if (ev.type === 'backlog-error') {
      store().addAlert('warning', `Reading the capture over HTTP failed (${ev.message}); reading it through the feed socket instead.`);
      httpBacklog = false;
      held = null;
      ws.close();
      return;
    }
    const waiting = held;
    held = null;
    for (const data of waiting) onMessage(data);
  }

  function onMessage(data: string | ArrayBuffer) {
    if (held !== null) held.push(data);
    else if (typeof data !== 'string') onBinary(data);
    else {
      try {
        onControl(JSON.parse(data) as FeedControl);
      } catch {
        store().addAlert('warning', 'The feed sent a control message this dashboard does not understand.');
      }
    }
  }

  function onControl(msg: FeedControl) {
    const s = store();
    switch (msg.type) {
      case 'hello':
        s.setRelayHello(msg);
        s.setHello(msg);
        if (opts.handOver?.(msg)) {
          handedOver = true;
          return stop();
        }
        s.setLoadProgress({ totalBytes: msg.backlogBytes });
        if (httpBacklog && msg.backlogBytes > 0 && socket) {
          // The socket counts from the backlog's end; its messages wait until the backlog is in.
          position = msg.backlogBytes;
          held = [];
          socket.backlog(`${FEED_BACKLOG_PATH}?to=${msg.backlogBytes}`);
        }
        return;
      case 'synced':
        s.setSynced(true);
        backlogSent = true;
        feed.setBacklog(false);
        if (feed.pending === 0) s.setLoadProgress({ done: true });
        return;
      case 'capture-error':
        s.addAlert('error', `The capture is not being written: ${msg.message}. Traffic is still forwarded.`, 'relay');
        return;
      case 'lagging':
        // The relay resends from fromBytes; drop what this page already has.
        skip = Math.max(0, position - msg.fromBytes);
        position = Math.min(position, msg.fromBytes);
        return;
      case 'gap':
        s.addAlert('warning', `Part of the capture could not be delivered (bytes ${msg.fromBytes}–${msg.toBytes}): ${msg.message}`);
        position = msg.toBytes;
        return;
    }
  }

  /** First message of a new connection: the backlog starts again from byte 0. */
  function restart() {
    feed.restart();
    feed.setBacklog(true);
    backlogSent = false;
    const s = store();
    s.setLoadProgress({ totalBytes: 0, loadedBytes: 0, done: false });
    s.resetData();
    s.setSynced(false);
  }

  function connect() {
    store().setFeedStatus('connecting');
    const ws = openFeedSocket(httpBacklog ? `${url}?backlog=http` : url);
    socket = ws;
    held = null;
    ws.onbacklog = (ev) => onBacklog(ev, ws);
    let reset = false;
    ws.onopen = () => {
      retryMs = RETRY_MIN_MS;
      position = 0;
      skip = 0;
      store().setFeedStatus('open');
    };
    ws.onmessage = (ev) => {
      // A stopped feed (another capture is shown) ignores messages still in flight.
      if (stopped) return;
      if (!reset) {
        reset = true;
        restart();
      }
      onMessage(ev.data);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      held = null;
      // Handed over, the capture is read from the same CLI: the header keeps saying it is there.
      if (handedOver) return;
      store().setFeedStatus('closed');
      if (stopped) return;
      timer = setTimeout(connect, retryMs);
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
    };
  }

  function stop() {
    stopped = true;
    clearTimeout(timer);
    socket?.close();
  }

  connect();
  return {
    stop,
    published(chars, pending) {
      store().setLoadProgress({ loadedBytes: chars, done: backlogSent && pending === 0 });
    },
    consumed(chars) {
      if (held !== null) socket?.ackBacklog(chars);
    },
  };
}

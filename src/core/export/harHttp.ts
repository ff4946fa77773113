/**
 * HTTP passthrough exchanges (transport 'http') as HAR entries. They are ordinary HAR
 * requests, so every HAR reader shows them: `POST <upstream URL>` with the request body as
 * `postData`, the response status and headers, the body as `content.text` (an SSE stream rebuilt
 * as `event:`/`data:` lines, or the JSON body), and `timings` with the connection setup the
 * request paid as `connect`. For our own importer the entry also keeps each recorded event with its
 * time (`_responsesInspectorFrames`, which a reader that does not know it ignores) and, after them,
 * what is known only at the exchange's end (`_responsesInspectorEnd`).
 *
 * The entry is written in the same three pieces as a WebSocket entry (head, one item per frame,
 * tail), so the streaming HAR writer handles both alike; the tail holds the request and response.
 */

import type { Entry } from 'har-format';
import type { ConnOpen, ConnUpstreamOpen, FrameRecord } from '../capture.ts';
import type { ConnectionInfo } from '../model.ts';
import { dataJson } from './rawData.ts';

/** Key of the per-event list in an HTTP entry. */
export const HAR_HTTP_FRAMES_KEY = '_responsesInspectorFrames';

/** What the tail of an HTTP entry needs, gathered while its records stream by. */
export interface HttpExchangeParts {
  open?: ConnOpen;
  upstreamOpen?: ConnUpstreamOpen;
  /** The request body as forwarded (undefined when the agent never finished sending it). */
  request?: string;
  requestSize: number;
  /** The response body as the agent received it: SSE events rebuilt, or the JSON body. */
  body: string[];
  sse: boolean;
}

export function newHttpParts(): HttpExchangeParts {
  return { requestSize: 0, body: [], sse: false };
}

/** Adds one record of the exchange to its parts. */
export function addHttpRecord(parts: HttpExchangeParts, rec: ConnOpen | ConnUpstreamOpen | FrameRecord): void {
  if (rec.kind === 'conn.open') parts.open = rec;
  else if (rec.kind === 'conn.upstream_open') parts.upstreamOpen = rec;
  else if (rec.http === 'request') {
    parts.request = rec.data;
    parts.requestSize = rec.size;
  } else if (rec.http === 'sse') {
    parts.sse = true;
    const event = rec.event === undefined ? '' : `event: ${rec.event}\n`;
    parts.body.push(
      `${event}${rec.data
        .split('\n')
        .map((l) => `data: ${l}`)
        .join('\n')}\n\n`,
    );
  } else if (rec.http === 'response') parts.body.push(rec.data);
}

/** The entry up to and including the opening of its frame list. */
export function harHttpEntryHead(c: ConnectionInfo, parts: HttpExchangeParts): string {
  // The entry's first fields; the rest (harHttpEntryTail) is known at the exchange's end.
  const entry: Pick<Entry, 'startedDateTime' | '_resourceType' | '_responsesInspector'> = {
    startedDateTime: new Date(c.openT).toISOString(),
    _resourceType: 'fetch',
    _responsesInspector: {
      conn: c.conn,
      path: c.path,
      transport: 'http',
      openT: c.openT,
      ...(parts.open?.method !== undefined ? { method: parts.open.method } : {}),
      ...(parts.open?.agentSocket !== undefined ? { agentSocket: parts.open.agentSocket } : {}),
    },
  };
  return `\n${JSON.stringify(entry).slice(0, -1)},"${HAR_HTTP_FRAMES_KEY}":[`;
}

/** One recorded event of the exchange, with its exact time (epoch seconds) and HTTP role. */
export function harHttpMessage(f: FrameRecord, mask: (s: string) => string, line?: string): string {
  const extra = `${f.http ? `,"http":"${f.http}"` : ''}${f.event !== undefined ? `,"event":${JSON.stringify(f.event)}` : ''}${f.status !== undefined ? `,"status":${f.status}` : ''}`;
  return `{"type":"${f.dir}","time":${f.t / 1000},"opcode":${f.binary ? 2 : 1}${extra},"data":${dataJson(f, line, mask)}}`;
}

const list = (headers: Record<string, string> | undefined) => Object.entries(headers ?? {}).map(([name, value]) => ({ name, value }));

/** Closes the frame list and the entry: request, response, timings, and the exchange's end. */
export function harHttpEntryTail(c: ConnectionInfo, parts: HttpExchangeParts, upstream: string | undefined, mask: (s: string) => string): string {
  const up = parts.upstreamOpen;
  const endT = c.close?.t ?? c.error?.t ?? c.upstreamOpenT ?? c.openT;
  const total = Math.max(0, endT - c.openT);
  const setup = up?.setupMs;
  const wait = Math.max(0, (up?.handshakeMs ?? total) - (setup ?? 0));
  const text = mask(parts.body.join(''));
  const status = up?.status ?? c.error?.status ?? 0;
  const rest: Omit<Entry, 'startedDateTime'> = {
    time: total,
    request: {
      method: parts.open?.method ?? 'POST',
      url: up?.upstream ?? upstream ?? `http://127.0.0.1${c.path || '/v1/responses'}`,
      httpVersion: 'HTTP/1.1',
      headers: list(c.headers),
      queryString: [],
      cookies: [],
      headersSize: -1,
      bodySize: parts.requestSize,
      ...(parts.request !== undefined ? { postData: { mimeType: c.headers['content-type'] ?? 'application/json', text: mask(parts.request) } } : {}),
    },
    response: {
      status,
      statusText: '',
      httpVersion: 'HTTP/1.1',
      headers: list(up?.headers),
      cookies: [],
      content: { size: text.length, mimeType: parts.sse ? 'text/event-stream' : (up?.headers?.['content-type'] ?? 'application/json'), text },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
    },
    cache: {},
    timings: { blocked: -1, dns: -1, ssl: -1, connect: setup ?? -1, send: 0, wait, receive: Math.max(0, total - wait - (setup ?? 0)) },
    _responsesInspectorEnd: {
      ...(up
        ? {
            upstreamOpenT: up.t,
            status: up.status,
            handshakeMs: up.handshakeMs,
            ...(setup !== undefined ? { setupMs: setup } : {}),
            ...(up.reused !== undefined ? { reused: up.reused } : {}),
          }
        : {}),
      ...(c.close ? { closeSide: c.close.side, closeCode: c.close.code, closeReason: c.close.reason, closeT: c.close.t } : {}),
      ...(c.error
        ? { errorT: c.error.t, ...(c.error.status !== undefined ? { errorStatus: c.error.status } : {}), ...(c.error.message !== undefined ? { error: c.error.message } : {}) }
        : {}),
    },
  };
  return `],${JSON.stringify(rest).slice(1)}`;
}

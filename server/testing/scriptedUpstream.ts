import http, { type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';

/**
 * A scripted upstream for the relay's own tests: a real ws server on loopback that answers each
 * `response.create` with the event sequence the real endpoint sends (a function call while the
 * request carries tools and `callsBeforeText` is not reached, else a text answer), and records every
 * frame it receives and sends, byte for byte, so tests can compare them with the capture.
 * Not the product's mock endpoint (server/mock), which models lanes, limits and faults in full.
 */
export interface ScriptedUpstreamOptions {
  /** Refuse every upgrade with this status and body. */
  refuse?: { status: number; body: string };
  /** Per message: return true when the test took care of it (faults), false for the default script. */
  onMessage?(ws: WebSocket, data: Buffer, isBinary: boolean, conn: UpstreamConn): boolean;
  /** Function calls per chain before a text answer. */
  callsBeforeText?: number;
}

export interface UpstreamConn {
  headers: IncomingMessage['headers'];
  received: { data: Buffer; binary: boolean }[];
  sent: { data: Buffer; binary: boolean }[];
  closed: Promise<{ code: number; reason: string }>;
  ws: WebSocket;
  /** Sends and records a frame. */
  send(data: Buffer | string, binary?: boolean): void;
}

export interface ScriptedUpstream {
  url: string;
  conns: UpstreamConn[];
  close(): Promise<void>;
}

export async function startScriptedUpstream(opts: ScriptedUpstreamOptions = {}): Promise<ScriptedUpstream> {
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 * 1024 });
  const conns: UpstreamConn[] = [];
  let responseCounter = 0;

  server.on('upgrade', (req, socket, head) => {
    if (opts.refuse) {
      const body = Buffer.from(opts.refuse.body);
      socket.end(`HTTP/1.1 ${opts.refuse.status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      let resolveClosed!: (v: { code: number; reason: string }) => void;
      const conn: UpstreamConn = {
        headers: req.headers,
        received: [],
        sent: [],
        closed: new Promise((r) => (resolveClosed = r)),
        ws,
        send(data, binary = false) {
          const buf = typeof data === 'string' ? Buffer.from(data) : data;
          conn.sent.push({ data: buf, binary });
          ws.send(buf, { binary });
        },
      };
      conns.push(conn);
      ws.on('close', (code, reason) => resolveClosed({ code, reason: reason.toString() }));
      ws.on('error', () => undefined);
      const send = conn.send;
      ws.on('message', (data: Buffer, isBinary) => {
        conn.received.push({ data, binary: isBinary });
        if (opts.onMessage?.(ws, data, isBinary, conn)) return;
        let event: { type?: string; tools?: unknown[]; input?: { type?: string }[]; previous_response_id?: string };
        try {
          event = JSON.parse(data.toString());
        } catch {
          return send(data, isBinary);
        }
        if (event.type !== 'response.create') return send(data, isBinary);
        const id = `resp_${String(++responseCounter).padStart(3, '0')}`;
        const callTool = (event.tools?.length ?? 0) > 0 && responseCounter <= (opts.callsBeforeText ?? Infinity);
        for (const frame of responseEvents(id, event.previous_response_id ?? null, callTool, responseCounter)) send(JSON.stringify(frame));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `ws://127.0.0.1:${port}/v1/responses`,
    conns,
    async close() {
      for (const c of conns) c.ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** The §10 fixture's sequence for one response: a function call or a short text. */
export function responseEvents(id: string, previous: string | null, callTool: boolean, n: number): object[] {
  const response = (status: string, output: unknown[], usage: unknown) => ({
    id,
    object: 'response',
    created_at: 1774565841,
    status,
    model: 'gpt-5.5',
    store: false,
    previous_response_id: previous,
    output,
    usage,
  });
  const usage = { input_tokens: 100 + n, input_tokens_details: { cached_tokens: 90 }, output_tokens: 15, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 115 + n };
  let seq = 0;
  const ev = (e: object) => ({ ...e, sequence_number: seq++ });
  const head = [ev({ type: 'response.created', response: response('in_progress', [], null) }), ev({ type: 'response.in_progress', response: response('in_progress', [], null) })];
  if (callTool) {
    const args = `{"city":"Paris","step":${n}}`;
    const item = { id: `fc_${n}`, type: 'function_call', status: 'completed', arguments: args, call_id: `call_${n}`, name: 'get_weather' };
    return [
      ...head,
      ev({ type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', arguments: '' } }),
      ev({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: 0, delta: args.slice(0, 9) }),
      ev({ type: 'response.function_call_arguments.delta', item_id: item.id, output_index: 0, delta: args.slice(9) }),
      ev({ type: 'response.function_call_arguments.done', item_id: item.id, output_index: 0, arguments: args }),
      ev({ type: 'response.output_item.done', output_index: 0, item }),
      ev({ type: 'response.completed', response: response('completed', [item], usage) }),
    ];
  }
  const text = '14°C and overcast; pack an umbrella.';
  const msg = { id: `msg_${n}`, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text }] };
  return [
    ...head,
    ev({ type: 'response.output_item.added', output_index: 0, item: { ...msg, status: 'in_progress', content: [] } }),
    ev({ type: 'response.output_text.delta', item_id: msg.id, output_index: 0, content_index: 0, logprobs: [], delta: text.slice(0, 12) }),
    ev({ type: 'response.output_text.delta', item_id: msg.id, output_index: 0, content_index: 0, logprobs: [], delta: text.slice(12) }),
    ev({ type: 'response.output_text.done', item_id: msg.id, output_index: 0, content_index: 0, logprobs: [], text }),
    ev({ type: 'response.output_item.done', output_index: 0, item: msg }),
    ev({ type: 'response.completed', response: response('completed', [msg], usage) }),
  ];
}

/** The function tool the scripted upstream calls (`get_weather`), as an agent declares it. */
export const WEATHER_TOOL = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

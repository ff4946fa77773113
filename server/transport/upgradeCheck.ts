import type { IncomingHttpHeaders } from 'node:http';

/** An upgrade the relay answers itself, before anything is dialled or recorded. */
export interface UpgradeRefusal {
  status: number;
  /** One line naming the header (or the method) at fault. */
  message: string;
  headers?: Record<string, string>;
}

/** RFC 7230 token characters: what a subprotocol name may be made of (RFC 6455 §4.1). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const KEY = /^[+/0-9A-Za-z]{22}==$/;

/**
 * Checks an agent's upgrade request as strictly as both of the relay's own WebSocket ends will
 * (the server that answers the agent and the client that dials the upstream), so that everything
 * refused is refused here, before the upstream is dialled with the agent's key, and nothing that
 * passes can make either end throw or refuse later. Returns the subprotocols to offer upstream.
 * Sec-WebSocket-Extensions is not checked: both hops decline every extension and it is never
 * forwarded (a hop-by-hop header).
 */
export function checkAgentUpgrade(method: string | undefined, headers: IncomingHttpHeaders): { protocols: string[] } | UpgradeRefusal {
  if (method !== 'GET') return { status: 405, message: `method ${method} cannot open a WebSocket (GET expected)` };
  const upgrade = headers.upgrade;
  if (typeof upgrade !== 'string' || upgrade.toLowerCase() !== 'websocket') return { status: 400, message: 'invalid Upgrade header (websocket expected)' };
  const key = headers['sec-websocket-key'];
  if (typeof key !== 'string' || !KEY.test(key)) return { status: 400, message: 'missing or invalid Sec-WebSocket-Key header' };
  if (headers['sec-websocket-version'] !== '13') {
    return { status: 426, message: 'unsupported Sec-WebSocket-Version header (13 expected)', headers: { 'sec-websocket-version': '13' } };
  }
  const offered = headers['sec-websocket-protocol'];
  if (offered === undefined) return { protocols: [] };
  const protocols = parseSubprotocols(offered);
  if (typeof protocols === 'string') return { status: 400, message: `invalid Sec-WebSocket-Protocol header: ${protocols}` };
  return { protocols };
}

/**
 * `Sec-WebSocket-Protocol`: a comma-separated list of distinct tokens, optional whitespace around
 * each (a header sent twice arrives joined with ", "). Returns the names, or why the value is not one.
 */
export function parseSubprotocols(value: string): string[] | string {
  const names = value.split(',').map((p) => p.replace(/^[ \t]+|[ \t]+$/g, ''));
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === '') return `empty protocol name at position ${i + 1}`;
    if (!TOKEN.test(name)) return `${quote(name)} is not a valid protocol name`;
    if (seen.has(name)) return `protocol ${quote(name)} is offered twice`;
    seen.add(name);
  }
  return names;
}

/** A name as the refusal quotes it: escaped, and short (a header may be kilobytes long). */
function quote(name: string): string {
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}

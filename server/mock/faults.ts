/**
 * Fault switches, so tests and the demo can show what an inspector must survive. One syntax for
 * the server option (`--fault`) and for a single request (`metadata.mock_fault` in response.create):
 *
 * - `drop`: destroy the TCP connection mid-response, no close frame (the agent sees 1006).
 * - `close:CODE[:REASON]`: send a close frame with CODE (1000-1003, 1007-1014 or 3000-4999) mid-response.
 * - `slow[:FACTOR]`: stretch this response's time to first token and delta gaps (default ×10).
 * - `malformed`: send one text frame that is not valid JSON mid-response, then carry on.
 *
 * "Mid-response" is right after the first output delta, so the turn has a time to first token.
 */
export type Fault = { kind: 'drop' } | { kind: 'close'; code: number; reason: string } | { kind: 'slow'; factor: number } | { kind: 'malformed' };

export const FAULT_SYNTAX = 'drop | close:CODE[:REASON] | slow[:FACTOR] | malformed';

function sendableCode(code: number): boolean {
  return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
}

/** Throws an Error with a one-line message for text that is not a fault. */
export function parseFault(text: string): Fault {
  const [kind, arg, ...rest] = text.trim().split(':');
  if (kind === 'drop' && arg === undefined) return { kind: 'drop' };
  if (kind === 'malformed' && arg === undefined) return { kind: 'malformed' };
  if (kind === 'slow') {
    const factor = arg === undefined ? 10 : Number(arg);
    if (Number.isFinite(factor) && factor > 0 && rest.length === 0) return { kind: 'slow', factor };
  }
  if (kind === 'close' && arg !== undefined) {
    const code = Number(arg);
    if (Number.isInteger(code) && sendableCode(code)) return { kind: 'close', code, reason: rest.join(':') };
    throw new Error(`fault ${JSON.stringify(text)}: close code must be 1000-1003, 1007-1014 or 3000-4999 (use "drop" for 1006)`);
  }
  throw new Error(`fault ${JSON.stringify(text)} is not one of: ${FAULT_SYNTAX}`);
}

/** The fault for the Nth response (1-based) of a connection: the request's own, else the server's. */
export function faultFor(requestFault: string | undefined, serverFault: Fault | undefined, every: number, responseNumber: number): Fault | undefined {
  if (requestFault !== undefined) return parseFault(requestFault);
  if (serverFault && responseNumber % Math.max(1, every) === 0) return serverFault;
  return undefined;
}

/** A frame that starts like an event and is cut off: not JSON. */
export const MALFORMED_FRAME = '{"type":"response.output_text.delta","delta":"unterminated';

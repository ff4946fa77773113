import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';

/** 256 bits, hex: the per-launch secret for the dashboard, its API and its socket. */
export function createToken(): string {
  return randomBytes(32).toString('hex');
}

/** Constant-time comparison; a length mismatch is answered in constant time too. */
export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** How long a launch code opens the dashboard: long enough for a browser to start. */
export const LAUNCH_CODE_TTL_MS = 60_000;

/**
 * One-time codes for the URL the relay hands to the OS browser opener. That URL is on the opener's
 * argv, which every local user sees in `ps`, so it must not carry the token: the bootstrap page
 * exchanges the code for the token's cookie once, and a code is useless once used or expired.
 * The printed `dashboard:` URL (stdout, seen by the user only) keeps carrying the token.
 */
export class LaunchCodes {
  #codes = new Map<string, number>();
  #ttlMs: number;
  #now: () => number;

  constructor(ttlMs = LAUNCH_CODE_TTL_MS, now: () => number = Date.now) {
    this.#ttlMs = ttlMs;
    this.#now = now;
  }

  issue(): string {
    const code = randomBytes(16).toString('hex');
    this.#codes.set(code, this.#now() + this.#ttlMs);
    return code;
  }

  /** True once per issued code, within its lifetime; the code is spent whatever the answer. */
  redeem(code: string | undefined): boolean {
    const now = this.#now();
    for (const [c, expires] of this.#codes) if (expires < now) this.#codes.delete(c);
    if (typeof code !== 'string') return false;
    const expires = this.#codes.get(code);
    this.#codes.delete(code);
    return expires !== undefined && expires >= now;
  }
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', '::1', 'localhost']);
const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/**
 * Names a browser may use for this port: loopback ones, and with --dangerously-allow-remote the
 * listen address, or for a wildcard address every address of the machine and its host name (what a
 * remote browser types). Anything else in Host is DNS rebinding.
 */
export function allowedHosts(port: number, listenHost = '127.0.0.1'): Set<string> {
  const names = ['127.0.0.1', 'localhost', '::1'];
  if (!LOOPBACK_NAMES.has(listenHost)) names.push(...(WILDCARDS.has(listenHost) ? machineNames() : [listenHost]));
  return new Set(names.map((n) => `${n.includes(':') ? `[${n}]` : n.toLowerCase()}:${port}`));
}

function machineNames(): string[] {
  const addresses = Object.values(os.networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address));
  const host = os.hostname();
  return [...addresses, host, ...(host.includes('.') ? [] : [`${host}.local`])];
}

export function allowedOrigins(port: number, listenHost?: string): Set<string> {
  return new Set([...allowedHosts(port, listenHost)].map((h) => `http://${h}`));
}

export function hostAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  return typeof req.headers.host === 'string' && hosts.has(req.headers.host.toLowerCase());
}

/**
 * The cookie carries the token after the bootstrap page exchanged the URL fragment for it.
 * Its name includes the port: cookies are shared by every port of a host, and two inspectors
 * must not overwrite each other's.
 */
export function cookieName(port: number): string {
  return `ri_token_${port}`;
}

/** Every value of the cookies with this name, in the order the browser sent them. */
export function readCookies(req: IncomingMessage, name: string): string[] {
  const header = req.headers.cookie;
  if (!header) return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) values.push(part.slice(eq + 1).trim());
  }
  return values;
}

/** Cookies of one name considered at most; a page cannot make the check cost more by setting many. */
const MAX_SAME_NAME_COOKIES = 8;

/**
 * A browser request is authorised by the cookie or by the X-Inspector-Token header (scripts, tests).
 * Cookies are not isolated by port: a page on another localhost port can set one of the same name
 * with a narrower Path (/api, /feed), which the browser then sends first. So any of the values may
 * be ours, and a foreign one never locks the dashboard out.
 */
export function requestAuthorised(req: IncomingMessage, token: string, port: number): boolean {
  const header = req.headers['x-inspector-token'];
  if (tokenMatches(token, typeof header === 'string' ? header : undefined)) return true;
  return readCookies(req, cookieName(port))
    .slice(0, MAX_SAME_NAME_COOKIES)
    .some((value) => tokenMatches(token, value));
}

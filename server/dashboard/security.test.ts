import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import { allowedHosts, allowedOrigins, cookieName, createToken, hostAllowed, readCookies, requestAuthorised, tokenMatches } from './security.ts';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('security', () => {
  it('creates 256-bit tokens that differ per launch', () => {
    const a = createToken();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(createToken()).not.toBe(a);
  });
  it('compares tokens exactly', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'ab')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
  });
  it('allows only loopback hosts on this port', () => {
    const hosts = allowedHosts(8787);
    expect(hostAllowed(req({ host: '127.0.0.1:8787' }), hosts)).toBe(true);
    expect(hostAllowed(req({ host: 'LOCALHOST:8787' }), hosts)).toBe(true);
    expect(hostAllowed(req({ host: 'evil.example:8787' }), hosts)).toBe(false);
    expect(hostAllowed(req({ host: '127.0.0.1:9999' }), hosts)).toBe(false);
    expect(hostAllowed(req({}), hosts)).toBe(false);
  });
  it('reads the per-port cookie and authorises by cookie or header', () => {
    const token = createToken();
    const r = req({ cookie: `other=1; ${cookieName(8787)}=${token}` });
    expect(readCookies(r, cookieName(8787))).toEqual([token]);
    expect(requestAuthorised(r, token, 8787)).toBe(true);
    expect(requestAuthorised(r, token, 8788)).toBe(false);
    expect(requestAuthorised(req({ 'x-inspector-token': token }), token, 1)).toBe(true);
  });
  it('is not locked out by a same-name cookie another localhost port set first', () => {
    // What Chromium sends after a page on :9999 set ri_token_8787=x on Path=/api: the narrower path first.
    const token = createToken();
    expect(requestAuthorised(req({ cookie: `${cookieName(8787)}=forged; ${cookieName(8787)}=${token}` }), token, 8787)).toBe(true);
    expect(requestAuthorised(req({ cookie: `${cookieName(8787)}=forged; ${cookieName(8787)}=also-forged` }), token, 8787)).toBe(false);
  });
  it('with a remote listen address, allows the names a remote browser uses, and still nothing else', () => {
    expect(allowedHosts(8787, '192.0.2.7')).toEqual(new Set(['127.0.0.1:8787', 'localhost:8787', '[::1]:8787', '192.0.2.7:8787']));
    const wildcard = allowedHosts(8787, '0.0.0.0');
    const own = Object.values(os.networkInterfaces())
      .flatMap((l) => l ?? [])
      .map((a) => (a.family === 'IPv6' ? `[${a.address}]` : a.address));
    for (const a of own) expect(wildcard.has(`${a}:8787`), a).toBe(true);
    expect(wildcard.has(`${os.hostname().toLowerCase()}:8787`)).toBe(true);
    expect(wildcard.has('evil.example:8787')).toBe(false);
    expect(allowedOrigins(8787, '0.0.0.0').has(`http://${os.hostname().toLowerCase()}:8787`)).toBe(true);
    expect(allowedHosts(8787)).toEqual(new Set(['127.0.0.1:8787', 'localhost:8787', '[::1]:8787']));
  });
});

import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { allowedHosts, cookieName, createToken, hostAllowed, readCookie, requestAuthorised, tokenMatches } from './security.ts';

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
    expect(readCookie(r, cookieName(8787))).toBe(token);
    expect(requestAuthorised(r, token, 8787)).toBe(true);
    expect(requestAuthorised(r, token, 8788)).toBe(false);
    expect(requestAuthorised(req({ 'x-inspector-token': token }), token, 1)).toBe(true);
  });
});

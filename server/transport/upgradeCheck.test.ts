import { describe, expect, it } from 'vitest';
import { checkAgentUpgrade, parseSubprotocols } from './upgradeCheck.ts';

describe('parseSubprotocols', () => {
  it('accepts comma-separated distinct tokens with optional whitespace, as an agent sends them', () => {
    expect(parseSubprotocols('chat')).toEqual(['chat']);
    expect(parseSubprotocols('chat, v2')).toEqual(['chat', 'v2']);
    expect(parseSubprotocols('chat,v2 ,\tv3')).toEqual(['chat', 'v2', 'v3']);
  });

  it('says why a value is not a protocol list', () => {
    expect(parseSubprotocols('a b')).toBe('"a b" is not a valid protocol name');
    expect(parseSubprotocols('"x"')).toBe('"\\"x\\"" is not a valid protocol name');
    expect(parseSubprotocols('x, x')).toBe('protocol "x" is offered twice');
    expect(parseSubprotocols('a,,b')).toBe('empty protocol name at position 2');
    expect(parseSubprotocols('')).toBe('empty protocol name at position 1');
    expect(parseSubprotocols('é')).toBe('"é" is not a valid protocol name');
    expect(parseSubprotocols(`${'y'.repeat(100)} z`)).toBe(`"${'y'.repeat(60)}…" is not a valid protocol name`);
  });
});

describe('checkAgentUpgrade', () => {
  const good = { upgrade: 'WebSocket', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13' };
  it('returns the protocols to offer upstream for a valid upgrade', () => {
    expect(checkAgentUpgrade('GET', good)).toEqual({ protocols: [] });
    expect(checkAgentUpgrade('GET', { ...good, 'sec-websocket-protocol': 'a, b' })).toEqual({ protocols: ['a', 'b'] });
  });

  it('refuses, naming the header, what either WebSocket end of the relay would refuse', () => {
    expect(checkAgentUpgrade('GET', { ...good, 'sec-websocket-protocol': 'a,,b' })).toMatchObject({ status: 400, message: expect.stringContaining('Sec-WebSocket-Protocol') });
    expect(checkAgentUpgrade('GET', { ...good, upgrade: 'h2c' })).toMatchObject({ status: 400, message: expect.stringContaining('Upgrade header') });
    expect(checkAgentUpgrade('GET', { ...good, 'sec-websocket-key': 'x' })).toMatchObject({ status: 400, message: expect.stringContaining('Sec-WebSocket-Key') });
    expect(checkAgentUpgrade('GET', { ...good, 'sec-websocket-version': '8' })).toMatchObject({ status: 426, headers: { 'sec-websocket-version': '13' } });
    expect(checkAgentUpgrade('PUT', good)).toMatchObject({ status: 405 });
  });
});

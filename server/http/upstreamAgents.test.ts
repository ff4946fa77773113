import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { UsageError, parseHttpUpstream } from '../cliFlags.ts';
import { httpUpstreamOf, UpstreamAgents } from './upstreamAgents.ts';

describe('httpUpstreamOf', () => {
  it('maps the WebSocket upstream to the HTTP endpoint of the same host and path', () => {
    expect(httpUpstreamOf('wss://api.openai.com/v1/responses')).toBe('https://api.openai.com/v1/responses');
    expect(httpUpstreamOf('ws://127.0.0.1:8788/v1/responses')).toBe('http://127.0.0.1:8788/v1/responses');
  });
});

describe('--http-upstream', () => {
  it('takes an http(s) URL and refuses anything else with a usage error', () => {
    expect(parseHttpUpstream('https://gateway.example/v1/responses')).toEqual({ httpUpstream: 'https://gateway.example/v1/responses' });
    expect(parseHttpUpstream(undefined)).toEqual({});
    expect(() => parseHttpUpstream('ws://127.0.0.1/v1/responses')).toThrow(UsageError);
    expect(() => parseHttpUpstream('not a url')).toThrow(UsageError);
  });
});

describe('UpstreamAgents', () => {
  it('gives each agent socket its own keep-alive upstream agent, destroyed when that socket closes', () => {
    const agents = new UpstreamAgents();
    const a = new net.Socket();
    const b = new net.Socket();
    const agentA = agents.for(a, false);
    expect(agents.for(a, false)).toBe(agentA);
    expect(agents.for(b, false)).not.toBe(agentA);
    expect((agentA as unknown as { options: { keepAlive: boolean } }).options.keepAlive).toBe(true);
    expect(agentA.maxSockets).toBe(1);
    let destroyed = false;
    agentA.destroy = () => void (destroyed = true);
    a.emit('close');
    expect(destroyed).toBe(true);
    agents.destroyAll();
  });
});

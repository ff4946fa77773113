import { describe, expect, it } from 'vitest';
import { childEnv, mergeNoProxy } from './childEnv.ts';

const BASE = 'http://127.0.0.1:4321/v1';

describe('childEnv', () => {
  it('points every SDK variable at the relay and keeps the rest of the environment', () => {
    const { env, overridden } = childEnv({ PATH: '/bin', OPENAI_API_KEY: 'sk-x', UNSET: undefined }, BASE);
    expect(env).toMatchObject({
      PATH: '/bin',
      OPENAI_API_KEY: 'sk-x',
      OPENAI_BASE_URL: BASE,
      OPENAI_WEBSOCKET_BASE_URL: 'ws://127.0.0.1:4321/v1',
      OPENAI_API_BASE: BASE,
    });
    expect('UNSET' in env).toBe(false);
    expect(overridden).toEqual([]);
  });

  it('reports a base URL of the user it replaces', () => {
    const { overridden } = childEnv({ OPENAI_BASE_URL: 'https://gateway.example/v1', OPENAI_WEBSOCKET_BASE_URL: '' }, BASE);
    expect(overridden).toEqual([{ name: 'OPENAI_BASE_URL', was: 'https://gateway.example/v1' }]);
  });

  it('keeps a proxy for the rest of the network but exempts loopback in both spellings', () => {
    const { env } = childEnv({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'corp.example, .internal', no_proxy: 'localhost' }, BASE);
    expect(env.HTTPS_PROXY).toBe('http://proxy:3128');
    expect(env.NO_PROXY).toBe('corp.example,.internal,localhost,127.0.0.1,::1');
    expect(env.no_proxy).toBe(env.NO_PROXY);
  });
});

describe('mergeNoProxy', () => {
  it('adds the loopback names once, and leaves "*" alone', () => {
    expect(mergeNoProxy(undefined, undefined)).toBe('127.0.0.1,localhost,::1');
    expect(mergeNoProxy('127.0.0.1', '127.0.0.1,a')).toBe('127.0.0.1,a,localhost,::1');
    expect(mergeNoProxy('*', undefined)).toBe('*');
  });
});

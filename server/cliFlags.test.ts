import { describe, expect, it, vi } from 'vitest';
import { readRelayFlags, relayOptions, UsageError } from './cliFlags.ts';
import { parseCommandArgs } from './cliOptions.ts';

/** The relay flags as `start` reads them: parsed against their declaration, then checked. */
const parseRelayFlags = (argv: string[]) => readRelayFlags(parseCommandArgs({ usage: 'start', about: '', options: relayOptions() }, argv).values);

describe('parseRelayFlags', () => {
  it('has the documented defaults', () => {
    const f = parseRelayFlags([]);
    expect(f.port).toBe(8787);
    expect(f.upstream).toBe('wss://api.openai.com/v1/responses');
    expect(f.capturesDir).toBe('captures');
    expect(f.maxAgeMs).toBe(3_600_000);
  });
  it('reads every flag', () => {
    const f = parseRelayFlags(['--port', '0', '--upstream', 'ws://127.0.0.1:9/v1/responses', '--captures', '/tmp/c', '--max-age', '90s', '--no-open']);
    expect(f).toMatchObject({ port: 0, upstream: 'ws://127.0.0.1:9/v1/responses', capturesDir: '/tmp/c', maxAgeMs: 90_000, open: false });
  });
  it('rejects bad values with one clear line', () => {
    expect(() => parseRelayFlags(['--port', 'abc'])).toThrow(UsageError);
    expect(() => parseRelayFlags(['--port', '70000'])).toThrow(/0 to 65535/);
    expect(() => parseRelayFlags(['--upstream', 'http://x'])).toThrow(/ws:\/\/ or wss:\/\//);
    expect(() => parseRelayFlags(['--max-age', 'soon'])).toThrow(/--max-age/);
    expect(() => parseRelayFlags(['--bogus'])).toThrow(/bogus/);
  });
  it('warns when --upstream looks like an SDK base URL (no /responses), and accepts it', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(parseRelayFlags(['--upstream', 'ws://127.0.0.1:9/v1']).upstream).toBe('ws://127.0.0.1:9/v1');
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/warning: --upstream .*"\/v1".*\/v1\/responses/);
      write.mockClear();
      parseRelayFlags(['--upstream', 'ws://127.0.0.1:9/v1/responses']);
      expect(write).not.toHaveBeenCalled();
    } finally {
      write.mockRestore();
    }
  });
});

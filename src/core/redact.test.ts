import { describe, expect, it } from 'vitest';
import { maskRecord, maskSecrets, redactHeaders, REDACTED } from './redact.ts';
import { KEY_SHAPES } from './testing/keyShapes.ts';

describe('redactHeaders', () => {
  it('replaces authorization and api-key style headers and keeps the rest', () => {
    const out = redactHeaders({
      Authorization: 'Bearer sk-abc',
      'X-Api-Key': 'k',
      'api-key': 'azure',
      'OpenAI-Beta': 'responses_websockets=2026-02-06',
      'User-Agent': 'OpenAI/JS 7.57.0',
      'x-session-token': 't',
    });
    expect(out).toEqual({
      authorization: REDACTED,
      'x-api-key': REDACTED,
      'api-key': REDACTED,
      'openai-beta': 'responses_websockets=2026-02-06',
      'user-agent': 'OpenAI/JS 7.57.0',
      'x-session-token': REDACTED,
    });
  });
  it("replaces gateways' own credential headers, and keys pasted into any other header", () => {
    const key = KEY_SHAPES[1].text;
    const out = redactHeaders({ 'x-openai-key': 'k1', 'helicone-auth': 'Bearer k2', 'x-portkey-api-key': 'k3', 'cf-aig-authorization': 'k4', 'x-custom': `note ${key}` });
    expect(out).toEqual({ 'x-openai-key': REDACTED, 'helicone-auth': REDACTED, 'x-portkey-api-key': REDACTED, 'cf-aig-authorization': REDACTED, 'x-custom': `note ${REDACTED}` });
  });
  it('keeps protocol headers that only look like credentials', () => {
    const kept = { 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'x-ratelimit-remaining-tokens': '100', 'keep-alive': 'timeout=5', 'openai-organization': 'org-1' };
    expect(redactHeaders(kept)).toEqual(kept);
  });
  it('joins repeated values', () => {
    expect(redactHeaders({ 'x-a': ['1', '2'] })).toEqual({ 'x-a': '1, 2' });
  });
});

describe('maskSecrets: every key shape is masked whole', () => {
  // Each shape alone, inside prose, inside a JSON string, and inside a JSON string of a JSON string
  // (a frame's data in a capture line): the ways keys reach the masker.
  const contexts: [string, (key: string) => string][] = [
    ['alone', (k) => k],
    ['in prose', (k) => `my credential is ${k}, keep it safe.`],
    ['in JSON', (k) => JSON.stringify({ input: `use ${k} now` })],
    ['in a capture line', (k) => JSON.stringify({ kind: 'frame', data: JSON.stringify({ input: `use ${k}\nnow` }) })],
  ];
  for (const shape of KEY_SHAPES) {
    for (const [where, wrap] of contexts) {
      it(`${shape.name}, ${where}`, () => {
        const masked = maskSecrets(wrap(shape.text));
        expect(masked).toContain(REDACTED);
        for (const secret of shape.secrets) {
          // JSON escaping turns the PEM's line breaks into \n: check each line of a secret.
          for (const part of secret.split('\n')) expect(masked).not.toContain(part);
        }
      });
    }
  }

  it('keeps the line valid JSON when it masks a frame inside a capture line', () => {
    for (const shape of KEY_SHAPES) {
      const line = JSON.stringify({ kind: 'frame', data: JSON.stringify({ input: `use ${shape.text}` }) });
      expect(() => JSON.parse(JSON.parse(maskSecrets(line)).data), shape.name).not.toThrow();
    }
  });

  it('keeps what names the credential: the scheme, the parameter, the URL', () => {
    expect(maskSecrets(`Authorization: Bearer ${'a1'.repeat(20)}`)).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(maskSecrets('wss://u:p4ss@gw.example/v1?api-key=abc123&model=m')).toBe(`wss://${REDACTED}@gw.example/v1?api-key=${REDACTED}&model=m`);
  });

  it('masks 20,000 random URL-safe bodies of every OpenAI prefix fully', () => {
    // Seeded, so a failure names a reproducible body.
    let seed = 0x9e3779b9;
    const rand = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const urlSafe = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const prefixes = ['sk-', 'sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-ant-api03-'];
    let leaked = 0;
    const examples: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const len = 20 + Math.floor(rand() * 160);
      let b = '';
      for (let k = 0; k < len; k++) b += urlSafe[Math.floor(rand() * urlSafe.length)];
      const key = prefixes[i % prefixes.length] + b;
      const masked = maskSecrets(`"key": "${key}" and more`);
      if (masked !== `"key": "${REDACTED}" and more`) {
        leaked++;
        if (examples.length < 3) examples.push(key);
      }
    }
    expect({ leaked, examples }).toEqual({ leaked: 0, examples: [] });
  });

  it('masks random Bearer and Basic values in any case', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/';
    for (let i = 0; i < 2_000; i++) {
      let b = '';
      for (let k = 0; k < 24 + (i % 40); k++) b += alphabet[(i * 31 + k * k * 7) % alphabet.length];
      const scheme = ['Bearer', 'bearer', 'BEARER', 'Basic', 'basic'][i % 5];
      expect(maskSecrets(`${scheme} ${b}`)).toBe(`${scheme} ${REDACTED}`);
    }
  });
});

describe('maskSecrets on adversarial text', () => {
  // Captured content is untrusted: a payload built to make a pattern backtrack over the rest of the
  // text at every start would stall the feed. Quadratic patterns take minutes on these 200 KB
  // inputs (the JWT one did: 9 s for 80 KB); linear ones take milliseconds, far inside the timeout.
  const inputs: [string, string][] = [
    ['JWT starts', 'eyJ-'.repeat(50_000)],
    ['JWT segments', 'eyJaaaa.'.repeat(25_000)],
    ['Bearer words', `${'bearer '.repeat(25_000)}${'a'.repeat(10_000)}`],
    ['PEM without an end', `-----BEGIN PRIVATE KEY-----${'A'.repeat(200_000)}`],
    ['URL schemes', '://a:'.repeat(40_000)],
    ['named AWS secrets', `${'secret_access_key' + ' '.repeat(40)}`.repeat(4_000)],
    ['key prefixes', 'sk-'.repeat(70_000)],
  ];
  for (const [name, text] of inputs) it(name, () => expect(typeof maskSecrets(text)).toBe('string'));
});

describe('maskSecrets: ordinary text is left alone', () => {
  const prose = [
    'ask-me about risk-free sk-short',
    'The bearer of this letter has basic information about Basic authentication.',
    'A task-management-system for the desk-research team',
    'Use the key=value syntax; see https://example.com/docs?page=2&lang=en for more.',
    'email alice@example.com or visit https://example.com/@alice',
    "AKIA is a prefix; AKIAshort is not a key. AIza is Google's prefix.",
    'response.output_text.delta fc_0123456789 resp_abc123 gpt-5.5 2026-11-25T06:28:36Z',
    'hf_hub and gh_pages and sk_test are names, not keys',
    '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    'eyJ alone, or eyJhbGciOiJIUzI1NiJ9 without a payload',
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  ];
  for (const text of prose) {
    it(JSON.stringify(text.slice(0, 50)), () => expect(maskSecrets(text)).toBe(text));
  }
});

describe('maskRecord', () => {
  const key = KEY_SHAPES[1].text;
  it('masks the path, headers, upstream URLs, close reasons and messages', () => {
    expect(maskRecord({ kind: 'conn.open', t: 1, conn: 'c1', path: `/v1/responses?api-key=${key}`, headers: { 'x-openai-key': key, 'user-agent': 'ua' } })).toEqual({
      kind: 'conn.open',
      t: 1,
      conn: 'c1',
      path: `/v1/responses?api-key=${REDACTED}`,
      headers: { 'x-openai-key': REDACTED, 'user-agent': 'ua' },
    });
    expect(
      maskRecord({ kind: 'capture.start', t: 1, format: 'responses-inspector.capture', version: 1, upstream: 'wss://u:pw0rd@gw/v1', tool: { name: 'x', version: '1' } }).upstream,
    ).toBe(`wss://${REDACTED}@gw/v1`);
    expect(maskRecord({ kind: 'conn.upstream_open', t: 1, conn: 'c1', upstream: 'wss://u:pw0rd@gw/v1', status: 101, handshakeMs: 1 }).upstream).toBe(`wss://${REDACTED}@gw/v1`);
    expect(maskRecord({ kind: 'conn.close', t: 1, conn: 'c1', side: 'upstream', code: 1008, reason: `bad key ${key}` }).reason).toBe(`bad key ${REDACTED}`);
    expect(maskRecord({ kind: 'conn.error', t: 1, conn: 'c1', status: 401, message: `Incorrect API key provided: ${key}` }).message).toBe(
      `Incorrect API key provided: ${REDACTED}`,
    );
  });
  it('returns clean records and frames as they are', () => {
    const open = { kind: 'conn.open' as const, t: 1, conn: 'c1', path: '/v1/responses', headers: { 'user-agent': 'ua' } };
    expect(maskRecord(open)).toBe(open);
    const frame = { kind: 'frame' as const, t: 1, conn: 'c1', seq: 1, dir: 'send' as const, binary: false, size: 3, data: key };
    expect(maskRecord(frame)).toBe(frame);
  });
});

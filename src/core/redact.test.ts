import { describe, expect, it } from 'vitest';
import { maskSecrets, redactHeaders, REDACTED } from './redact.ts';

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
  it('joins repeated values', () => {
    expect(redactHeaders({ 'x-a': ['1', '2'] })).toEqual({ 'x-a': '1, 2' });
  });
});

describe('maskSecrets', () => {
  it('masks OpenAI keys and bearer tokens inside payload text', () => {
    const text = '{"note":"my key is sk-proj-AbCdEfGh1234567890abcdEFGH and Bearer abcdefghijklmnop1234"}';
    const masked = maskSecrets(text);
    expect(masked).not.toContain('sk-proj-AbCdEfGh');
    expect(masked).not.toContain('abcdefghijklmnop1234');
    expect(masked.split(REDACTED)).toHaveLength(3);
  });
  it('leaves ordinary text untouched and returns the same string', () => {
    const text = 'ask-me about risk-free sk-short';
    expect(maskSecrets(text)).toBe(text);
  });
});

import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../redact.ts';
import { KEY_SHAPES } from '../testing/keyShapes.ts';
import { keyFragmentTexts } from '../testing/keyShapes.ts';
import { mayHoldKey, maskPayload } from './maskPayload.ts';

describe('maskPayload: the same text as maskSecrets, with the regex skipped where no key can be', () => {
  const contexts: [string, (key: string) => string][] = [
    ['alone', (k) => k],
    ['in prose', (k) => `my credential is ${k}, keep it safe.`],
    ['in JSON', (k) => JSON.stringify({ input: `use ${k} now` })],
    ['JSON-escaped twice', (k) => JSON.stringify(JSON.stringify({ input: `use ${k}\nnow` }))],
  ];
  for (const shape of KEY_SHAPES) {
    for (const [where, wrap] of contexts) {
      it(`${shape.name}, ${where}`, () => {
        const text = wrap(shape.text);
        expect(mayHoldKey(text)).toBe(true);
        expect(maskPayload(text)).toBe(maskSecrets(text));
      });
    }
  }

  it('finds the spellings the masking regex allows beyond the table', () => {
    const forty = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    for (const text of [
      `aws_secretaccess_key=${forty}`,
      `SECRETACCESS_KEY: "${forty}"`,
      `secret_accessKey=${forty}`,
      `wss://${'u'.repeat(600)}:pw@host/`,
      'see https://example.com/?x=1&Access_Token=abc123def',
      `BEARER ${'a1'.repeat(10)}`,
    ]) {
      expect(maskSecrets(text), text).not.toBe(text);
      expect(maskPayload(text), text).toBe(maskSecrets(text));
    }
  });

  it('agrees with maskSecrets on 20,000 random texts built from anchors and key bodies', () => {
    let masked = 0;
    for (const text of keyFragmentTexts(20_000)) {
      const want = maskSecrets(text);
      if (want !== text) masked++;
      expect(maskPayload(text), text).toBe(want);
    }
    // The generator must reach the masking regex often, or the agreement proves nothing.
    expect(masked).toBeGreaterThan(1000);
  });

  it('skips the ordinary events of a stream', () => {
    for (const ev of [
      { type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_1', output_index: 0, content_index: 0, logprobs: [], delta: 'The quick brown fox' },
      { type: 'response.created', response: { id: 'resp_0a76', model: 'gpt-5.5', status: 'in_progress' } },
    ]) {
      expect(mayHoldKey(JSON.stringify(ev))).toBe(false);
    }
  });
});

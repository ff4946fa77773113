import { describe, expect, it } from 'vitest';
import { cachedShare, conversationOf, costOf, firstWords, isPrices } from './turnView.ts';

describe('conversationOf', () => {
  it('lists input items, then the tool calls with their arguments, then the output', () => {
    const create = {
      type: 'response.create',
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: [{ type: 'input_text', text: 'Weather in Paris?' }] },
        { type: 'function_call_output', call_id: 'call_0', output: '{"temp":12}' },
      ],
    };
    const turn = { toolCalls: [{ name: 'get_weather', callId: 'call_1', arguments: '{"city":"Paris"}' }], outputText: 'Mild.' };
    expect(conversationOf(turn, create)).toEqual([
      { kind: 'input', role: 'instructions', text: 'Be brief.' },
      { kind: 'input', role: 'user', text: 'Weather in Paris?' },
      { kind: 'tool-output', callId: 'call_0', text: '{"temp":12}' },
      { kind: 'tool-call', name: 'get_weather', callId: 'call_1', text: '{"city":"Paris"}' },
      { kind: 'output', text: 'Mild.' },
    ]);
    expect(conversationOf({ toolCalls: [], outputText: '' }, { input: 'hi' })).toEqual([{ kind: 'input', role: 'user', text: 'hi' }]);
    expect(conversationOf({ toolCalls: [], outputText: 'x' }, undefined)).toEqual([{ kind: 'output', text: 'x' }]);
  });
});

describe('usage and cost', () => {
  const usage = { inputTokens: 1000, cachedTokens: 800, outputTokens: 100, reasoningTokens: 40, totalTokens: 1100 };
  it('gives the cached share of the input', () => {
    expect(cachedShare(usage)).toBe(0.8);
    expect(cachedShare({ inputTokens: 0, cachedTokens: 0 })).toBeUndefined();
  });
  it('prices uncached input, cached input and output per million tokens, only with prices given', () => {
    expect(costOf(usage, { input: 2, cachedInput: 0.5, output: 10 })).toBeCloseTo((200 * 2 + 800 * 0.5 + 100 * 10) / 1e6, 12);
    expect(costOf(usage, { input: 2, output: 10 })).toBeCloseTo((1000 * 2 + 100 * 10) / 1e6, 12);
    expect(isPrices({ input: 1, output: 2 })).toBe(true);
    expect(isPrices({ input: -1, output: 2 })).toBe(false);
    expect(isPrices(null)).toBe(false);
  });
  it('cuts the first words on one line', () => {
    expect(firstWords('The  weather\nis mild.')).toBe('The weather is mild.');
    expect(firstWords('a'.repeat(100), 10)).toBe('aaaaaaaaa…');
  });
});

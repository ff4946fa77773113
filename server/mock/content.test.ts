import { describe, expect, it } from 'vitest';
import { buildAnswer, buildArguments, splitDeltas } from './content.ts';
import { decide } from './decide.ts';
import { LaneScheduler } from './lanes.ts';
import { Random } from './random.ts';
import type { CreateRequest } from './request.ts';

describe('splitDeltas', () => {
  it('splits like the recording and joins back to the exact text', () => {
    expect(splitDeltas('{"city":"Paris"}')).toEqual(['{"', 'city', '":"', 'Paris', '"}']);
    expect(splitDeltas('The current temperature in Paris is 25°C.').slice(0, 3)).toEqual(['The', ' current', ' temperature']);
    for (const text of ['  leading', 'a\nb  c', '14°C and overcast; 70% chance', '']) expect(splitDeltas(text).join('')).toBe(text);
  });
});

describe('buildArguments', () => {
  it('fills every required property with a value of the schema type, from the user text when it can', () => {
    const tool = {
      type: 'function' as const,
      name: 'get_forecast',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, hours: { type: 'integer' }, units: { type: 'string', enum: ['c', 'f'] }, note: { type: 'string' } },
        required: ['city', 'hours', 'units'],
      },
    };
    const args = JSON.parse(buildArguments(tool, { userText: 'Will it rain in Tokyo tonight?', toolResults: [], rng: new Random(7) }));
    expect(Object.keys(args).sort()).toEqual(['city', 'hours', 'units']);
    expect(args.city).toBe('Tokyo');
    expect(Number.isInteger(args.hours)).toBe(true);
    expect(['c', 'f']).toContain(args.units);
  });

  it('answers from the tool results it has seen', () => {
    const text = buildAnswer({ userText: '', toolResults: ['{"temp_c":14,"sky":"overcast"}'], rng: new Random(1) });
    expect(text).toContain('temp_c is 14');
  });
});

describe('decide', () => {
  const tools = [
    { type: 'function', name: 'a' },
    { type: 'function', name: 'b' },
  ];
  const req = (extra: Record<string, unknown>): CreateRequest => ({ type: 'response.create', tools, ...extra });
  it('walks the tool list, then answers in text after N outputs', () => {
    expect(decide(req({}), 0, 3)).toEqual({ kind: 'tool', tool: tools[0] });
    expect(decide(req({}), 1, 3)).toEqual({ kind: 'tool', tool: tools[1] });
    expect(decide(req({}), 3, 3)).toEqual({ kind: 'text' });
    expect(decide(req({ metadata: { mock_tool_calls: '5' } }), 3, 3).kind).toBe('tool');
  });
  it('follows tool_choice and generate:false', () => {
    expect(decide(req({ tool_choice: 'none' }), 0, 3)).toEqual({ kind: 'text' });
    expect(decide(req({ tool_choice: 'required' }), 9, 3).kind).toBe('tool');
    expect(decide(req({ tool_choice: { type: 'function', name: 'b' } }), 0, 3)).toEqual({ kind: 'tool', tool: tools[1] });
    expect(decide(req({ generate: false }), 0, 3)).toEqual({ kind: 'warmup' });
    expect(decide({ type: 'response.create' }, 0, 3)).toEqual({ kind: 'text' });
  });
});

describe('LaneScheduler', () => {
  it('runs at most maxInFlight jobs at once and queues the rest', async () => {
    const scheduler = new LaneScheduler(16);
    let running = 0;
    let peak = 0;
    const finished: Promise<void>[] = [];
    for (let i = 0; i < 20; i++) {
      finished.push(
        new Promise((resolve) =>
          scheduler.enqueue(`lane${i}`, async () => {
            peak = Math.max(peak, ++running);
            await new Promise((r) => setTimeout(r, 20));
            running--;
            resolve();
          }),
        ),
      );
    }
    await Promise.all(finished);
    expect(peak).toBe(16);
  });
});

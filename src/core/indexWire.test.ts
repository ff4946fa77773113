import { describe, expect, it } from 'vitest';
import { packTurns, turnPreview, unpackTurns, type WireTurn } from './indexWire.ts';
import { localIndex } from './testing/indexWire.ts';
import { CaptureBuilder } from './testing/records.ts';

/** Turns of every shape the model makes: completed, with tools, failed, open, on a lane, with no previous response. */
function turns(): WireTurn[] {
  const c = new CaptureBuilder();
  c.open('c1').upstreamOpen('c1');
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: 'weather?', previous_response_id: null });
  c.receive('c1', { type: 'response.created', response: { id: 'resp_1' } });
  c.receive('c1', { type: 'response.output_item.added', item: { type: 'function_call', id: 'fc1', call_id: 'call_1', name: 'get_weather' } });
  c.receive('c1', { type: 'response.function_call_arguments.delta', item_id: 'fc1', delta: '{"city":"Paris"}' });
  c.receive('c1', { type: 'response.completed', response: { id: 'resp_1', usage: { input_tokens: 5, output_tokens: 3 } } });
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: 'and tomorrow? "quoted" \u00e9\u4e2d', previous_response_id: 'resp_1', stream_id: 'side' });
  c.receive('c1', { type: 'response.output_text.delta', item_id: 'm2', delta: `caf\u00e9 ${'y'.repeat(200)}` });
  c.receive('c1', { type: 'response.failed', response: { id: 'resp_2', error: { code: 'server_error', message: 'boom' } } });
  c.send('c1', { type: 'response.create', model: 'gpt-5.5', input: 'still there?' });
  return localIndex(c.records).model.turns().map(turnPreview);
}

describe('turns packed by shape (a `turns` message)', () => {
  it('unpack after JSON gives what the turns give through JSON, key order included', () => {
    const all = turns();
    expect(all.length).toBe(3);
    // The open turn has fewer keys than the ended ones: more than one shape.
    const { packed, shapes } = packTurns(all);
    expect(shapes.length).toBeGreaterThan(1);
    const wire = JSON.parse(JSON.stringify({ packed, shapes }));
    const back = unpackTurns(wire.packed, wire.shapes);
    const json = JSON.parse(JSON.stringify(all));
    expect(back).toEqual(json);
    expect(JSON.stringify(back)).toBe(JSON.stringify(all));
    // null stays null (no previous response, the default lane); undefined keys stay absent.
    expect(back[0].previousResponseId).toBeNull();
    expect(back[0].lane).toBeNull();
    expect(Object.keys(back[2])).not.toContain('endT');
  });

  it('repeats no key name per turn: a thousand turns of one shape cost one list of keys', () => {
    const one = turns()[0];
    const many = Array.from({ length: 1000 }, (_, i) => ({ ...one, index: i + 1, id: `c1#${i + 1}` }));
    const { packed, shapes } = packTurns(many);
    expect(shapes).toEqual([Object.keys(one).filter((k) => one[k as keyof WireTurn] !== undefined)]);
    const packedBytes = JSON.stringify({ packed, shapes }).length;
    const objectBytes = JSON.stringify(many).length;
    expect(packedBytes).toBeLessThan(0.8 * objectBytes);
  });

  it('refuses a turn that names a shape the message lacks, or has the wrong number of values', () => {
    const { packed, shapes } = packTurns(turns());
    expect(() => unpackTurns([[shapes.length, 1]], shapes)).toThrow(/turn 1 of the message has no shape/);
    expect(() => unpackTurns([packed[0].slice(0, -1) as (typeof packed)[0]], shapes)).toThrow(/no shape 0 of/);
  });
});

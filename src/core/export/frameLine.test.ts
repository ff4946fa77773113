import { describe, expect, it } from 'vitest';
import { utf8Decode, utf8Encode } from './bytes.ts';
import { readFrameLine } from './frameLine.ts';

const decode = (b: Uint8Array, s: number, e: number) => utf8Decode(b.subarray(s, e));

/** The line's bytes inside a larger buffer (as in a read chunk), and what readFrameLine made of them. */
function read(line: string | Uint8Array) {
  const body = typeof line === 'string' ? utf8Encode(line) : line;
  const bytes = new Uint8Array(body.length + 8);
  bytes.set(utf8Encode('xx\n'), 0);
  bytes.set(body, 3);
  bytes.set(utf8Encode('\n{"k'), 3 + body.length);
  const got = readFrameLine(bytes, 3, 3 + body.length, decode);
  return { got, literal: got && decode(bytes, got.dataStart, got.dataEnd) };
}

const relayLine = (t: string, conn: string, data: string, rest = '"seq":7,"dir":"receive","binary":false,"size":12') =>
  `{"kind":"frame","t":${t},"conn":"${conn}",${rest},"data":${JSON.stringify(data)}}`;

describe('readFrameLine', () => {
  it("reads the relay's layout into the record JSON.parse makes, same keys in the same order, and points at the payload's literal", () => {
    const data = '{"type":"response.output_text.delta","delta":"quote \\" back \\\\ tab\\t é 😀 \\u2028"}';
    for (const t of ['1795586400162.731', '1795586400000', '0', '-12.5', '8640000000000000', '0.000001', '1795586400162.7309', '1733577600123.4567891', '-8640000000000000']) {
      const line = relayLine(t, 'c12', data);
      const { got, literal } = read(line);
      expect(got, t).toBeDefined();
      expect(got!.rec).toStrictEqual(JSON.parse(line));
      expect(Object.keys(got!.rec)).toEqual(Object.keys(JSON.parse(line)));
      expect(literal).toBe(JSON.stringify(data));
    }
  });

  it('gives numbers exactly as JSON.parse rounds them', () => {
    // Random decimals with up to 16 digits (epoch ms with a microsecond fraction and beyond).
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20_000; i++) {
      const int = String(Math.floor(rand() * 10 ** (1 + Math.floor(rand() * 13))));
      const frac = String(Math.floor(rand() * 10 ** (1 + Math.floor(rand() * 8)))).padStart(1 + Math.floor(rand() * 5), '0');
      const t = `${int}.${frac}`;
      const line = relayLine(t, 'c1', '{}');
      expect(read(line).got?.rec.t, t).toBe(JSON.parse(line).t);
    }
  });

  it('gives each line its own connection id, in a buffer reused for every line, with more connections than it remembers', () => {
    const buf = new Uint8Array(200);
    for (let round = 0; round < 3; round++) {
      for (let c = 0; c < 40; c++) {
        const line = utf8Encode(relayLine('1', `c${c % 2 === 0 ? c : 40 - c}`, '{}'));
        buf.set(line, 0);
        expect(readFrameLine(buf, 0, line.length, decode)!.rec.conn).toBe(`c${c % 2 === 0 ? c : 40 - c}`);
      }
    }
  });

  it('binary frames, and integers beyond 2^53 as JSON.parse rounds them', () => {
    const line = '{"kind":"frame","t":1,"conn":"c1","seq":9007199254740993,"dir":"send","binary":true,"size":3,"data":"AAEC"}';
    expect(read(line).got!.rec).toStrictEqual(JSON.parse(line));
  });

  it('leaves every other line to the general path', () => {
    const ok = relayLine('1.5', 'c1', '{}');
    expect(read(ok).got).toBeDefined();
    const others = [
      // another layout, another kind, extension fields, white space, a CR, a repeated key
      '{"kind":"frame","t":1.5,"conn":"c1","seq":7,"dir":"receive","binary":false,"size":12,"http":"sse","data":"{}"}',
      '{"t":1.5,"kind":"frame","conn":"c1","seq":7,"dir":"receive","binary":false,"size":12,"data":"{}"}',
      '{"kind":"conn.open","t":1.5,"conn":"c1","seq":7,"dir":"receive","binary":false,"size":12,"data":"{}"}',
      '{"kind":"frame","t":1.5,"conn":"c1","seq":7,"dir":"receive","binary":false,"size":12,"data":"{}","injected":true}',
      '{"kind":"frame", "t":1.5,"conn":"c1","seq":7,"dir":"receive","binary":false,"size":12,"data":"{}"}',
      `${ok}\r`,
      '{"kind":"frame","t":1.5,"conn":"c1","seq":7,"dir":"receive","binary":false,"size":12,"data":"a","data":"b"}',
      // numbers JSON.parse would read but not in the accepted form, or not a date
      relayLine('1e3', 'c1', '{}'),
      relayLine('1.5E3', 'c1', '{}'),
      relayLine('01', 'c1', '{}'),
      relayLine('1.', 'c1', '{}'),
      relayLine('8640000000000001', 'c1', '{}'),
      relayLine('1', 'c1', '{}', '"seq":7.0,"dir":"receive","binary":false,"size":12'),
      relayLine('1', 'c1', '{}', '"seq":7,"dir":"up","binary":false,"size":12'),
      relayLine('1', 'c1', '{}', '"seq":7,"dir":"send","binary":0,"size":12'),
      relayLine('1', 'c1', '{}', '"seq":7,"dir":"send","binary":false,"size":-'),
      // connection ids that need escaping or are not ASCII
      relayLine('1', 'c\\"1', '{}'),
      relayLine('1', 'c\\u00311', '{}'),
      relayLine('1', 'cé', '{}'),
      // data literals JSON.parse refuses: a raw quote, a control character, a bad escape
      '{"kind":"frame","t":1,"conn":"c1","seq":7,"dir":"receive","binary":false,"size":12,"data":"a"b"}',
      '{"kind":"frame","t":1,"conn":"c1","seq":7,"dir":"receive","binary":false,"size":12,"data":"a\tb"}',
      '{"kind":"frame","t":1,"conn":"c1","seq":7,"dir":"receive","binary":false,"size":12,"data":"a\\xb"}',
      '{"kind":"frame","t":1,"conn":"c1","seq":7,"dir":"receive","binary":false,"size":12,"data":"a\\"}',
      // truncated
      ok.slice(0, -2),
    ];
    for (const line of others) expect(read(line).got, line).toBeUndefined();
  });

  it('leaves a payload that is not valid UTF-8 to the general path (its bytes are not what the general path writes)', () => {
    const line = utf8Encode(relayLine('1', 'c1', 'ab'));
    const bad = new Uint8Array(line);
    bad[bad.length - 3] = 0xff; // 'b' -> an invalid byte
    expect(read(line).got).toBeDefined();
    expect(read(bad).got).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { ExportFilterError, parseExportFilter, parseTurnRange } from './filterParams.ts';

describe('parseExportFilter', () => {
  it('reads lists, ranges and directions, and gives undefined when nothing is filtered', () => {
    expect(parseExportFilter({})).toBeUndefined();
    expect(parseExportFilter({ conns: ' , ', types: '' })).toBeUndefined();
    expect(parseExportFilter({ conns: 'c1, c2,', types: 'response.completed', turns: '3-', dirs: 'send' })).toEqual({
      conns: ['c1', 'c2'],
      types: ['response.completed'],
      turns: { from: 3 },
      dirs: ['send'],
    });
  });

  it('names the parameter as the caller spells it', () => {
    expect(() => parseExportFilter({ turns: '0' }, (k) => `--${k}`)).toThrow('--turns counts turns from 1, not "0"');
    expect(() => parseExportFilter({ turns: '0' })).toThrow(/^turns counts turns from 1/);
    expect(() => parseExportFilter({ dirs: 'send,meta' })).toThrow('dirs must be send and/or receive, not "send,meta"');
  });
});

describe('parseTurnRange', () => {
  it('takes N, N-M, N- and -M', () => {
    expect(parseTurnRange('7')).toEqual({ from: 7, to: 7 });
    expect(parseTurnRange('3-9')).toEqual({ from: 3, to: 9 });
    expect(parseTurnRange('5-')).toEqual({ from: 5 });
    expect(parseTurnRange('-4')).toEqual({ to: 4 });
  });

  it('refuses turn 0, a reversed range and anything else, with a domain error', () => {
    for (const [text, message] of [
      ['0', '--turns counts turns from 1, not "0"'],
      ['0-3', '--turns counts turns from 1, not "0-3"'],
      ['9-3', '--turns 9-3 is reversed: the first turn comes first (3-9)'],
      ['-', '--turns must be N, N-M, N- or -M (turn numbers from 1), not "-"'],
      ['a', '--turns must be N, N-M, N- or -M (turn numbers from 1), not "a"'],
    ]) {
      let err: unknown;
      try {
        parseTurnRange(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ExportFilterError);
      expect((err as ExportFilterError).message).toBe(message);
      expect((err as ExportFilterError).code).toBe('BAD_FILTER');
    }
  });
});

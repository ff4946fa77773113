/**
 * The export filter as the user writes it, in text: the CLI's `--conns/--turns/--types` flags and
 * `/api/export`'s `conns/turns/types/dirs` query parameters, parsed by one set of rules, so the two
 * never disagree on what a value means. Lists are comma-separated (blank items dropped; an empty
 * list means "all"); turns are 1-based and a range reads forwards. Pure.
 */
import { InspectorError } from '../errors.ts';
import { compileSearch } from '../filters.ts';
import type { ExportFilter } from './filter.ts';
import { maskPayload } from './maskPayload.ts';

/** A filter value that cannot mean anything; `param` names it as the user wrote it (`--turns`, `turns`). */
export class ExportFilterError extends InspectorError {
  constructor(
    message: string,
    readonly param: string,
  ) {
    super(message, 'BAD_FILTER');
  }
}

/** The raw texts; absent (undefined) means not given. */
export interface ExportFilterText {
  conns?: string;
  turns?: string;
  types?: string;
  dirs?: string;
  /** The dashboard's text search: records whose payload (a frame) or JSON (any other) holds it. */
  q?: string;
  /** `1`: `q` is a regular expression. */
  regex?: string;
}

/**
 * The filter, or undefined when nothing is filtered. `name` spells a parameter for messages: the
 * CLI passes `(k) => '--' + k`, the API the bare name. Throws ExportFilterError.
 */
export function parseExportFilter(text: ExportFilterText, name: (param: keyof ExportFilterText) => string = (k) => k): ExportFilter | undefined {
  const filter: ExportFilter = {};
  const conns = list(text.conns);
  const types = list(text.types);
  const dirs = list(text.dirs);
  if (conns?.length) filter.conns = conns;
  if (types?.length) filter.types = types;
  if (dirs?.length) {
    if (dirs.some((d) => d !== 'send' && d !== 'receive'))
      throw new ExportFilterError(`${name('dirs')} must be send and/or receive, not ${JSON.stringify(text.dirs)}`, name('dirs'));
    filter.dirs = dirs as ('send' | 'receive')[];
  }
  if (text.turns !== undefined) filter.turns = parseTurnRange(text.turns, name('turns'));
  if (text.q !== undefined && text.q !== '') {
    const { test, error } = compileSearch(text.q, text.regex === '1');
    if (error !== undefined || !test) throw new ExportFilterError(`${name('q')} is not a valid regular expression: ${error}`, name('q'));
    // On the text as the dashboard searched it: masked (its rows, summaries and search never hold a key).
    filter.keep = (rec) => test(rec.kind === 'frame' ? { ...rec, data: maskPayload(rec.data) } : rec);
    filter.search = { q: text.q, regex: text.regex === '1' };
  }
  return Object.keys(filter).length ? filter : undefined;
}

function list(text: string | undefined): string[] | undefined {
  return text === undefined
    ? undefined
    : text
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
}

/** `7`, `3-9`, `5-` or `-4`: 1-based turn numbers, inclusive. `flag` names the parameter in messages. */
export function parseTurnRange(text: string, flag = '--turns'): { from?: number; to?: number } {
  const m = /^(\d*)(?:(-)(\d*))?$/.exec(text.trim());
  if (!m || (m[1] === '' && (m[3] ?? '') === '')) throw new ExportFilterError(`${flag} must be N, N-M, N- or -M (turn numbers from 1), not ${JSON.stringify(text)}`, flag);
  const from = m[1] === '' ? undefined : Number(m[1]);
  const to = m[2] ? (m[3] === '' ? undefined : Number(m[3])) : from;
  if (from === 0 || to === 0) throw new ExportFilterError(`${flag} counts turns from 1, not ${JSON.stringify(text)}`, flag);
  // A reversed range would select nothing and look like an empty capture.
  if (from !== undefined && to !== undefined && from > to) throw new ExportFilterError(`${flag} ${text} is reversed: the first turn comes first (${to}-${from})`, flag);
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

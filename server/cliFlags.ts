import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDuration } from '../src/core/duration.ts';
import { DEFAULT_MAX_AGE_MS, DEFAULT_UPSTREAM } from './relay.ts';

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface RelayFlags {
  port: number;
  upstream: string;
  capturesDir: string;
  maxAgeMs: number;
  /** Open a browser: false with --no-open or when CI is set. */
  open: boolean;
  positionals: string[];
  /** Values of the command's own extra options. */
  extra: Record<string, string | boolean | undefined>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const RELAY_OPTIONS: Options = {
  port: { type: 'string' },
  upstream: { type: 'string' },
  captures: { type: 'string' },
  'max-age': { type: 'string' },
  'no-open': { type: 'boolean' },
  open: { type: 'boolean' },
};

/** Parses argv strictly: an unknown flag or a missing value is a UsageError naming it. */
export function parseFlags(argv: string[], options: Options, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0].replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

export function parsePort(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be a number from 0 to 65535 (0 = any free port), not ${JSON.stringify(text)}`);
  return Number(text);
}

export function parseMaxAge(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  try {
    return parseDuration(text);
  } catch (err) {
    throw new UsageError(`--max-age: ${(err as Error).message}`);
  }
}

export function parseUpstream(text: string | undefined): string {
  if (text === undefined) return DEFAULT_UPSTREAM;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--upstream must be a ws:// or wss:// URL, not ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new UsageError(`--upstream must be a ws:// or wss:// URL, not ${JSON.stringify(text)}`);
  return url.toString();
}

/** The flags shared by `start` and `demo` (DESIGN.md), plus a command's own `extra` options. */
export function parseRelayFlags(argv: string[], extra: Options = {}, allowPositionals = false): RelayFlags {
  const { values, positionals } = parseFlags(argv, { ...RELAY_OPTIONS, ...extra }, allowPositionals);
  const v = values as Record<string, string | boolean | undefined>;
  return {
    port: parsePort(v.port as string | undefined, 8787),
    upstream: parseUpstream(v.upstream as string | undefined),
    capturesDir: (v.captures as string | undefined) ?? 'captures',
    maxAgeMs: parseMaxAge(v['max-age'] as string | undefined, DEFAULT_MAX_AGE_MS),
    open: !v['no-open'] && !process.env.CI,
    positionals,
    extra: Object.fromEntries(Object.keys(extra).map((k) => [k, v[k]])),
  };
}

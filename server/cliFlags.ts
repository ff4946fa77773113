import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseDuration } from '../src/core/duration.ts';
import { DEFAULT_MAX_AGE_MS, DEFAULT_UPSTREAM } from './relayDefaults.ts';

/** A warning line on stderr: something the command went on without (a flag it ignores, a bad line). */
export function warn(message: string): void {
  process.stderr.write(`responses-inspector: warning: ${message}\n`);
}

/** A command-line mistake: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  /** `helpHint`: the line ends with where to find the command's flags (an unknown or misused flag). */
  constructor(message: string, readonly helpHint = false) {
    super(message);
  }
}

export interface RelayFlags {
  port: number;
  upstream: string;
  /** --http-upstream: the HTTP passthrough target (default: derived from --upstream). */
  httpUpstream?: string;
  capturesDir: string;
  maxAgeMs: number;
  /** Open a browser: false with --no-open or when CI is set. */
  open: boolean;
  /** Listen address; only loopback unless --dangerously-allow-remote. */
  host: string;
  positionals: string[];
  /** Values of the command's own extra options. */
  extra: Record<string, string | boolean | undefined>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

export const RELAY_OPTIONS: Options = {
  port: { type: 'string' },
  upstream: { type: 'string' },
  'http-upstream': { type: 'string' },
  captures: { type: 'string' },
  'max-age': { type: 'string' },
  'no-open': { type: 'boolean' },
  open: { type: 'boolean' },
  host: { type: 'string' },
  'dangerously-allow-remote': { type: 'boolean' },
};

/**
 * Parses argv strictly: an unknown flag or a missing value is a UsageError naming it, in our words
 * rather than parseArgs' (whose advice, e.g. "use '--port=-XYZ'", is about its own syntax).
 */
export function parseFlags(argv: string[], options: Options, allowPositionals = false) {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, allowPositionals, strict: true });
  } catch (err) {
    throw flagError(err as NodeJS.ErrnoException);
  }
}

/**
 * `--port -1` reads to parseArgs as a flag without a value; a value that looks like a negative
 * number is joined (`--port=-1`), so the flag's own check says what it accepts.
 */
function joinNegativeValues(argv: string[], options: Options): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)$/.exec(argv[i]);
    if (m && options[m[1]]?.type === 'string' && /^-\.?\d/.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else if (argv[i] === '--') return [...out, ...argv.slice(i)];
    else out.push(argv[i]);
  }
  return out;
}

function flagError(err: NodeJS.ErrnoException): UsageError {
  const message = err.message.split('\n')[0];
  // The flag: the first quoted word, "-o, --output <value>" shown as "-o/--output".
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  const flag = quoted.replace(/ <value>$/, '').replace(', ', '/');
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown flag ${flag}`, true);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return new UsageError(`unexpected argument ${JSON.stringify(quoted)}`, true);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) return new UsageError(`${flag} takes no value`, true);
      if (/ambiguous/.test(message)) return new UsageError(`${flag} needs a value (for a value that starts with "-", write ${flag.split('/').at(-1)}=VALUE)`, true);
      return new UsageError(`${flag} needs a value`, true);
    default:
      return new UsageError(message.replace(/^TypeError \[[A-Z_]+\]: /, ''), true);
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
  // An SDK base URL (…/v1) gets /responses appended; --upstream is dialled as given, so the same
  // value there only fails at the first connection, with the upstream's 404.
  if (!/\/responses\/?$/.test(url.pathname)) warn(`--upstream is dialled exactly as given and its path is ${JSON.stringify(url.pathname)}; the Responses endpoint is usually …/v1/responses`);
  return url.toString();
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * The relay carries API keys and prompts: it listens on loopback only. Any other address needs
 * --dangerously-allow-remote, and then prints a warning on every start.
 */
export function parseHost(text: string | undefined, dangerous: boolean): string {
  if (text === undefined || text === 'localhost') return '127.0.0.1';
  if (LOOPBACK_HOSTS.has(text)) return text;
  if (!dangerous) {
    throw new UsageError(`--host ${text} is not a loopback address; the relay carries API keys and prompts, so it refuses other addresses unless you also pass --dangerously-allow-remote`);
  }
  process.stderr.write(
    `responses-inspector: WARNING: listening on ${text}. Anyone who can reach this address can use the relay and, with the dashboard token, read every prompt and tool output.\n`,
  );
  return text;
}

export function parseHttpUpstream(text: string | undefined): { httpUpstream?: string } {
  if (text === undefined) return {};
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new UsageError(`--http-upstream must be an http:// or https:// URL, not ${JSON.stringify(text)}`);
  return { httpUpstream: url.toString() };
}

/** The flags shared by `start` and `demo` (DESIGN.md), plus a command's own `extra` options. */
export function parseRelayFlags(argv: string[], extra: Options = {}, allowPositionals = false): RelayFlags {
  const { values, positionals } = parseFlags(argv, { ...RELAY_OPTIONS, ...extra }, allowPositionals);
  const v = values as Record<string, string | boolean | undefined>;
  return {
    port: parsePort(v.port as string | undefined, 8787),
    upstream: parseUpstream(v.upstream as string | undefined),
    ...parseHttpUpstream(v['http-upstream'] as string | undefined),
    capturesDir: (v.captures as string | undefined) ?? 'captures',
    maxAgeMs: parseMaxAge(v['max-age'] as string | undefined, DEFAULT_MAX_AGE_MS),
    open: !v['no-open'] && !process.env.CI,
    host: parseHost(v.host as string | undefined, v['dangerously-allow-remote'] === true),
    positionals,
    extra: Object.fromEntries(Object.keys(extra).map((k) => [k, v[k]])),
  };
}

/** The help lines of the flags parseRelayFlags reads (start and demo), for every help that lists them. */
export const RELAY_FLAGS_HELP = `  --port N               port for the relay and the dashboard (default 8787; 0 = any free port)
  --upstream URL         ws:// or wss:// endpoint to forward to
                         (default wss://api.openai.com/v1/responses)
  --http-upstream URL    where POST /v1/responses (HTTP, SSE) goes
                         (default: --upstream as http(s)://)
  --captures DIR         folder for capture files (default ./captures)
  --max-age DURATION     connection limit for the countdown, e.g. 60m, 90s (default 60m)
  --no-open              do not open a browser (implied when CI is set)
  --host ADDR            listen address: 127.0.0.1 (default, plus ::1) or ::1; any other address is
                         refused unless --dangerously-allow-remote is also given (then a warning)`;

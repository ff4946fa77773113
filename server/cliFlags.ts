import { parseDuration } from '../src/core/duration.ts';
import { UsageError, warn } from './cliErrors.ts';
import type { OptionSpecs, OptionValues } from './cliOptions.ts';
import { DEFAULT_MAX_AGE_MS, DEFAULT_UPSTREAM } from './relayDefaults.ts';
import { IndexStore } from './index/indexStore.ts';

export { UsageError, warn } from './cliErrors.ts';

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
  /** Every flag value of the command, its own flags included. */
  extra: Record<string, string | boolean | undefined>;
}

/** The relay's own options from a command's relay flags; `start` and `run` pass them the same way. */
export function relayStartOptions(flags: RelayFlags) {
  return {
    port: flags.port,
    host: flags.host,
    upstream: flags.upstream,
    httpUpstream: flags.httpUpstream,
    capturesDir: flags.capturesDir,
    maxAgeMs: flags.maxAgeMs,
    indexStore: IndexStore.fromEnv(warn),
  };
}

/**
 * The flags of the relay commands (`start`, `demo`, `run`; outside scripts use these names: they only grow), declared for
 * the command-line parser (cliOptions.ts). `port` is the one default that differs by command.
 */
export function relayOptions(defaults: { port?: string } = {}) {
  return {
    port: { type: 'string', value: 'N', default: defaults.port ?? '8787', help: 'port for the relay and the dashboard; 0 = any free port' },
    upstream: { type: 'string', value: 'URL', default: DEFAULT_UPSTREAM, help: 'ws:// or wss:// endpoint to forward to' },
    'http-upstream': { type: 'string', value: 'URL', help: 'where POST /v1/responses (HTTP, SSE) goes (default: --upstream as http(s)://)' },
    captures: { type: 'string', value: 'DIR', default: 'captures', help: 'folder for capture files, relative to the working folder' },
    'max-age': { type: 'string', value: 'DURATION', default: `${DEFAULT_MAX_AGE_MS / 60_000}m`, help: 'connection limit for the countdown, e.g. 60m, 90s' },
    'no-open': { type: 'boolean', help: 'do not open a browser (implied when CI is set)' },
    open: { type: 'boolean', hidden: true, help: 'the default; accepted so a script can say it' },
    host: {
      type: 'string',
      value: 'ADDR',
      help: 'listen address: 127.0.0.1 (default, plus ::1) or ::1; any other address is refused unless --dangerously-allow-remote is also given (then a warning)',
    },
    'dangerously-allow-remote': { type: 'boolean', hidden: true, help: 'listen on a --host that is not loopback' },
  } as const satisfies OptionSpecs;
}

export type RelayOptionValues = OptionValues<ReturnType<typeof relayOptions>>;

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
  if (!/\/responses\/?$/.test(url.pathname))
    warn(`--upstream is dialled exactly as given and its path is ${JSON.stringify(url.pathname)}; the Responses endpoint is usually …/v1/responses`);
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
    throw new UsageError(
      `--host ${text} is not a loopback address; the relay carries API keys and prompts, so it refuses other addresses unless you also pass --dangerously-allow-remote`,
    );
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

/** The relay flags' values, checked and converted; bad input is a UsageError naming the flag. */
export function readRelayFlags(values: Partial<RelayOptionValues> & Record<string, string | boolean | undefined>): RelayFlags {
  return {
    port: parsePort(values.port, 8787),
    upstream: parseUpstream(values.upstream),
    ...parseHttpUpstream(values['http-upstream']),
    capturesDir: values.captures ?? 'captures',
    maxAgeMs: parseMaxAge(values['max-age'], DEFAULT_MAX_AGE_MS),
    open: !values['no-open'] && !process.env.CI,
    host: parseHost(values.host, values['dangerously-allow-remote'] === true),
    extra: values,
  };
}

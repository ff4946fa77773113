// The relay's defaults, apart from the relay itself: the CLI's flag parsing (loaded for every command,
// `--help` included) needs them without loading the relay and its dependencies.
export const DEFAULT_UPSTREAM = 'wss://api.openai.com/v1/responses';
export const DEFAULT_MAX_AGE_MS = 60 * 60 * 1000;
/**
 * Captures from this size on are shown through the CLI's index (server/index) instead of sending
 * the page every byte; RESPONSES_INSPECTOR_INDEX_MIN_BYTES overrides it (tests set 0).
 */
export const DEFAULT_INDEX_MIN_BYTES = 16 * 1024 * 1024;

/** The hello's `indexMinBytes`: the env override when it is a whole number of bytes, else the default. */
export function indexMinBytes(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.RESPONSES_INSPECTOR_INDEX_MIN_BYTES;
  const n = text === undefined || !/^\d+$/.test(text.trim()) ? Number.NaN : Number(text);
  return Number.isSafeInteger(n) ? n : DEFAULT_INDEX_MIN_BYTES;
}

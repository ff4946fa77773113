// The relay's defaults, apart from the relay itself: the CLI's flag parsing (loaded for every command,
// `--help` included) needs them without loading the relay and its dependencies.
export const DEFAULT_UPSTREAM = 'wss://api.openai.com/v1/responses';
export const DEFAULT_MAX_AGE_MS = 60 * 60 * 1000;

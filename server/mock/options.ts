/**
 * Options of the mock Responses endpoint. Every field is optional; the defaults give a realistic
 * pace for people watching a dashboard. Tests pass zero timings to run fast.
 */
export interface MockTiming {
  /** From receiving `response.create` to the first output delta (time to first token). */
  ttftMs: number;
  /** Between two deltas of the same output item. */
  deltaGapMs: number;
  /** Uniform noise added to every delay, in [-jitterMs, +jitterMs] (never below 0). */
  jitterMs: number;
}

export interface MockOptions {
  /** 0 (default) = any free port. Always binds 127.0.0.1. */
  port?: number;
  timing?: Partial<MockTiming>;
  /** Connection age after which the next `response.create` gets websocket_connection_limit_reached. */
  maxAgeMs?: number;
  /**
   * How many tool calls a conversation gets before the model answers in text (see decide.ts);
   * a request's `metadata.mock_tool_calls` overrides it.
   */
  toolCalls?: number;
  /** A fault (faults.ts syntax: drop | close:CODE[:REASON] | slow[:FACTOR] | malformed) applied to responses. */
  fault?: string;
  /** Apply `fault` to every Nth response of a connection (default 1 = every response). */
  faultEvery?: number;
  /** When set, only this bearer token is accepted (otherwise any non-empty bearer token is). */
  apiKey?: string;
  /** Seed of the content and jitter generator, so a run can be repeated. */
  seed?: number;
}

export const DEFAULT_TIMING: MockTiming = { ttftMs: 350, deltaGapMs: 30, jitterMs: 20 };
export const DEFAULT_MAX_AGE_MS = 60 * 60 * 1000;
export const DEFAULT_TOOL_CALLS = 3;

/** Documented per-connection limits (protocol.md §3.3). */
export const MAX_STREAM_IDS = 32;
export const MAX_IN_FLIGHT = 16;

/**
 * The error frames of the WebSocket endpoint, with the exact shapes and key order of the guide
 * (protocol.md §5.1, §10). WS errors are nested with an HTTP-like `status`, unlike SSE errors.
 * Frames that belong to a named lane echo its `stream_id` (Guide v2).
 */
export type ErrorFrame = Record<string, unknown> & { type: 'error' };

const withLane = (streamId: string | undefined) => (streamId === undefined ? {} : { stream_id: streamId });

export function previousResponseNotFound(id: string, streamId?: string): ErrorFrame {
  return {
    type: 'error',
    status: 400,
    ...withLane(streamId),
    error: {
      type: 'invalid_request_error',
      code: 'previous_response_not_found',
      message: `Previous response with id '${id}' not found.`,
      param: 'previous_response_id',
    },
  };
}

/** Key order as in Guide v1: `error` first, then `status`. */
export function connectionLimitReached(streamId?: string): ErrorFrame {
  return {
    type: 'error',
    ...withLane(streamId),
    error: {
      type: 'invalid_request_error',
      code: 'websocket_connection_limit_reached',
      message: 'Responses websocket connection limit reached (60 minutes). Create a new websocket connection to continue.',
    },
    status: 400,
  };
}

/** Never echoes the stream_id: the invalid value is what is being rejected. */
export function invalidStreamId(): ErrorFrame {
  return {
    type: 'error',
    status: 400,
    error: {
      type: 'invalid_request_error',
      code: 'invalid_stream_id',
      message: "The 'stream_id' field must be a non-empty string with at most 256 characters and may only contain letters, numbers, underscores, hyphens, and periods.",
      param: 'stream_id',
    },
  };
}

export function streamLimitReached(streamId: string, max: number): ErrorFrame {
  return {
    type: 'error',
    status: 400,
    stream_id: streamId,
    error: {
      type: 'invalid_request_error',
      code: 'websocket_stream_limit_reached',
      message: `This WebSocket connection has reached its maximum number of distinct stream IDs (${max}). Reuse an existing stream_id or open a new WebSocket connection.`,
      param: 'stream_id',
    },
  };
}

/** Mock-specific (the real wording is not documented): a frame that is not a JSON object. */
export function invalidJson(): ErrorFrame {
  return {
    type: 'error',
    status: 400,
    error: {
      type: 'invalid_request_error',
      code: 'invalid_json',
      message: 'We could not parse the JSON body of your request. The WebSocket endpoint expects one JSON object per text frame.',
      param: null,
    },
  };
}

/** Mock-specific: a client event type other than response.create and response.steer. */
export function unknownEventType(type: unknown): ErrorFrame {
  return {
    type: 'error',
    status: 400,
    error: {
      type: 'invalid_request_error',
      code: 'invalid_value',
      message: `Invalid value: ${JSON.stringify(type)}. Supported values are: 'response.create' and 'response.steer'.`,
      param: 'type',
    },
  };
}

/** The HTTP body of a refused upgrade (no bearer token), as the REST API words it. */
export function missingKeyBody(): string {
  return JSON.stringify({
    error: {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (i.e. YOUR_KEY) when using HTTP Basic Auth. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
  });
}

export function wrongKeyBody(key: string): string {
  const shown = key.length > 8 ? `${key.slice(0, 3)}${'*'.repeat(Math.min(20, key.length - 7))}${key.slice(-4)}` : '****';
  return JSON.stringify({
    error: {
      message: `Incorrect API key provided: ${shown}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
  });
}

const REFUSALS: Record<number, { message: string; type: string; code: string | null }> = {
  429: {
    message: 'Rate limit reached for requests per min (RPM). Please try again in 1s. Visit https://platform.openai.com/account/rate-limits to learn more.',
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  503: { message: 'The server is overloaded or not ready yet.', type: 'server_error', code: null },
};

/** The HTTP body of an upgrade refused with 429, 500 or 503, in the REST API's error shape. */
export function refusalBody(status: 429 | 500 | 503): string {
  const { message, type, code } = REFUSALS[status];
  return JSON.stringify({ error: { message, type, param: null, code } });
}

import type { CreateRequest } from './request.ts';

/**
 * The Response object carried by response.created / in_progress / completed: the ~30 fields and
 * the key order of the real recording (fixtures/openai-ws-tools-recording.jsonl), with the
 * request's own settings echoed where the API echoes them.
 */
export interface Usage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface ResponseShell {
  id: string;
  createdAt: number;
  previousResponseId: string | null;
  request: CreateRequest;
}

const or = <T>(value: unknown, fallback: T): T => (value === undefined ? fallback : (value as T));

export function responseObject(
  shell: ResponseShell,
  state: { status: 'in_progress' | 'completed'; output: unknown[]; usage: Usage | null; completedAt: number | null },
): Record<string, unknown> {
  const req = shell.request;
  const done = state.status === 'completed';
  return {
    id: shell.id,
    object: 'response',
    created_at: shell.createdAt,
    status: state.status,
    background: false,
    completed_at: state.completedAt,
    error: null,
    frequency_penalty: or(req.frequency_penalty, 0.0),
    incomplete_details: null,
    instructions: or(req.instructions, null),
    max_output_tokens: or(req.max_output_tokens, null),
    max_tool_calls: or(req.max_tool_calls, null),
    model: or(req.model, 'gpt-5.5'),
    output: state.output,
    parallel_tool_calls: or(req.parallel_tool_calls, true),
    presence_penalty: or(req.presence_penalty, 0.0),
    previous_response_id: shell.previousResponseId,
    prompt_cache_key: or(req.prompt_cache_key, null),
    prompt_cache_retention: or(req.prompt_cache_retention, null),
    reasoning: or(req.reasoning, { effort: null, summary: null }),
    safety_identifier: or(req.safety_identifier, null),
    // The recording shows "auto" while running and the tier actually used once completed.
    service_tier: done ? 'default' : or(req.service_tier, 'auto'),
    store: or(req.store, true),
    temperature: or(req.temperature, 1.0),
    text: or(req.text, { format: { type: 'text' }, verbosity: 'medium' }),
    tool_choice: or(req.tool_choice, 'auto'),
    tools: or(req.tools, []),
    top_logprobs: or(req.top_logprobs, 0),
    top_p: or(req.top_p, 1.0),
    truncation: or(req.truncation, 'disabled'),
    usage: state.usage,
    user: or(req.user, null),
    metadata: or(req.metadata, {}),
  };
}

/** Rough token count (≈4 characters a token), enough for believable usage figures. */
export function estimateTokens(value: unknown): number {
  const text = typeof value === 'string' ? value : JSON.stringify(value ?? '');
  return Math.max(1, Math.ceil(text.length / 4));
}

export function usage(inputTokens: number, cachedTokens: number, outputTokens: number): Usage {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cachedTokens },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: inputTokens + outputTokens,
  };
}

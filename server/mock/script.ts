import { buildAnswer, buildArguments, splitDeltas, type ContentContext } from './content.ts';
import type { ChainState } from './cache.ts';
import { decide, type Decision } from './decide.ts';
import { newCallId, newId, type Random } from './random.ts';
import { inputItems, lastUserText, toolOutputsOf, type CreateRequest } from './request.ts';
import { estimateTokens, responseObject, usage, type ResponseShell, type Usage } from './responseObject.ts';

/**
 * The events that answer one response.create, in the order of protocol.md §4.2 (observed in the
 * recording). Frames carry no sequence_number or stream_id yet: the player adds them as it sends,
 * so frames injected mid-response (steer replies) keep the numbering gapless. `pause` says which
 * delay precedes the frame: `ttft` before the first delta, `gap` between deltas, `none` otherwise.
 */
export type Pause = 'none' | 'ttft' | 'gap';
export interface Step {
  pause: Pause;
  frame: Record<string, unknown> & { type: string };
}

export interface Script {
  steps: Step[];
  /** The completed output items (also in response.completed). */
  output: Record<string, unknown>[];
  usage: Usage;
  /** Index of the first step after the first delta: where mid-response faults strike. */
  faultAt: number;
}

export interface ScriptInput {
  shell: ResponseShell;
  decision: Decision;
  content: ContentContext;
  /** Tokens of the whole conversation this response sees, and how many of them were cached. */
  inputTokens: number;
  cachedTokens: number;
}

export function buildScript(input: ScriptInput): Script {
  const { shell, decision, content } = input;
  const obfuscate = !hasObfuscationOff(shell.request);
  const inProgress = responseObject(shell, { status: 'in_progress', output: [], usage: null, completedAt: null });
  const steps: Step[] = [
    { pause: 'none', frame: { type: 'response.created', response: inProgress } },
    { pause: 'none', frame: { type: 'response.in_progress', response: inProgress } },
  ];
  const output: Record<string, unknown>[] = [];
  let outputTokens = 0;
  const deltas = (pieces: string[], base: Record<string, unknown>, type: string, extra: Record<string, unknown>) => {
    pieces.forEach((delta, i) => {
      const obf = obfuscate ? { obfuscation: content.rng.obfuscation(delta.length) } : {};
      steps.push({ pause: i === 0 ? 'ttft' : 'gap', frame: { type, ...base, ...extra, delta, ...obf } });
    });
  };

  if (decision.kind === 'tool') {
    const args = buildArguments(decision.tool, content);
    const item = { id: newId('fc'), type: 'function_call', status: 'in_progress', arguments: '', call_id: newCallId(), name: decision.tool.name };
    const done = { ...item, status: 'completed', arguments: args };
    const ref = { item_id: item.id, output_index: 0 };
    steps.push({ pause: 'none', frame: { type: 'response.output_item.added', item, output_index: 0 } });
    deltas(splitDeltas(args), ref, 'response.function_call_arguments.delta', {});
    steps.push({ pause: 'none', frame: { type: 'response.function_call_arguments.done', arguments: args, ...ref } });
    steps.push({ pause: 'none', frame: { type: 'response.output_item.done', item: done, output_index: 0 } });
    output.push(done);
    outputTokens = estimateTokens(args) + 6;
  } else if (decision.kind === 'text') {
    const text = buildAnswer(content);
    const id = newId('msg');
    const part = (t: string) => ({ type: 'output_text', annotations: [], logprobs: [], text: t });
    const ref = { content_index: 0, item_id: id, output_index: 0 };
    const done = { id, type: 'message', status: 'completed', content: [part(text)], role: 'assistant' };
    steps.push({
      pause: 'none',
      frame: { type: 'response.output_item.added', item: { id, type: 'message', status: 'in_progress', content: [], role: 'assistant' }, output_index: 0 },
    });
    steps.push({ pause: 'none', frame: { type: 'response.content_part.added', ...ref, part: part('') } });
    deltas(splitDeltas(text), ref, 'response.output_text.delta', { logprobs: [] });
    steps.push({ pause: 'none', frame: { type: 'response.output_text.done', ...ref, logprobs: [], text } });
    steps.push({ pause: 'none', frame: { type: 'response.content_part.done', ...ref, part: part(text) } });
    steps.push({ pause: 'none', frame: { type: 'response.output_item.done', item: done, output_index: 0 } });
    output.push(done);
    outputTokens = estimateTokens(text);
  }
  // A warm-up (generate:false) has no output: created, in_progress, completed (protocol.md §3.2).

  const faultAt = Math.min(steps.findIndex((s) => s.pause === 'ttft') + 1 || steps.length, steps.length);
  const used = usage(input.inputTokens, input.cachedTokens, outputTokens);
  const completed = responseObject(shell, { status: 'completed', output, usage: used, completedAt: shell.createdAt + 1 });
  steps.push({ pause: 'none', frame: { type: 'response.completed', response: completed } });
  return { steps, output, usage: used, faultAt };
}

function hasObfuscationOff(req: CreateRequest): boolean {
  const opts = req.stream_options;
  return typeof opts === 'object' && opts !== null && (opts as { include_obfuscation?: unknown }).include_obfuscation === false;
}

/**
 * The answer to a request that continues `prev` (or starts a chain): the response's shell, its
 * script, and the chain state the next request may continue from. One source for both transports;
 * only where the previous state is looked up differs (a connection's cache, or stored responses).
 */
export function planResponse(
  req: CreateRequest,
  prevId: string | null,
  prev: ChainState | undefined,
  ctx: { toolCalls: number; rng: Random },
): { shell: ResponseShell; script: Script; chain: ChainState } {
  const items = inputItems(req);
  const newTokens = estimateTokens(items) + (prev ? 0 : estimateTokens(req.tools ?? '') + estimateTokens(req.instructions ?? ''));
  const startTokens = prev?.totalTokens ?? 0;
  const chain: ChainState = {
    userText: lastUserText(items) || prev?.userText || '',
    toolResults: [...(prev?.toolResults ?? []), ...toolOutputsOf(items)],
    totalTokens: 0,
  };
  const shell: ResponseShell = { id: newId('resp'), createdAt: Math.floor(Date.now() / 1000), previousResponseId: prevId, request: req };
  const script = buildScript({
    shell,
    decision: decide(req, chain.toolResults.length, ctx.toolCalls),
    content: { userText: chain.userText, toolResults: chain.toolResults, rng: ctx.rng },
    inputTokens: startTokens + newTokens,
    // The earlier tokens of the chain count as cached, in 64-token blocks: a connection's cache on
    // WebSocket, the prompt cache over HTTP.
    cachedTokens: Math.floor(startTokens / 64) * 64,
  });
  chain.totalTokens = script.usage.total_tokens;
  return { shell, script, chain };
}

import { functionTools, metadataValue, type CreateRequest, type FunctionTool } from './request.ts';

/**
 * What the mock "model" does with a request. The rule is deterministic so tests and the demo can
 * script it from the request alone:
 *
 * - `generate: false` is a warm-up: no output at all.
 * - No function tools, or `tool_choice: "none"`: answer in text.
 * - `tool_choice: {type: "function", name}`: call that tool; `"required"`: call a tool.
 * - Otherwise call a tool while the conversation holds fewer than N `function_call_output` items
 *   (N = `metadata.mock_tool_calls`, else the server's `toolCalls` option, default 3), then answer
 *   in text. The conversation is the request's input plus, when `previous_response_id` hits the
 *   connection cache, everything earlier in that chain. The tool is `tools[k % tools.length]`
 *   where k is the number of outputs so far, so a chain walks through the tool list in order.
 */
export type Decision = { kind: 'warmup' } | { kind: 'text' } | { kind: 'tool'; tool: FunctionTool };

export function decide(req: CreateRequest, toolOutputsSoFar: number, defaultToolCalls: number): Decision {
  if (req.generate === false) return { kind: 'warmup' };
  const tools = functionTools(req);
  const choice = req.tool_choice;
  if (tools.length === 0 || choice === 'none') return { kind: 'text' };
  if (typeof choice === 'object' && choice !== null && (choice as { type?: unknown }).type === 'function') {
    const forced = tools.find((t) => t.name === (choice as { name?: unknown }).name);
    if (forced) return { kind: 'tool', tool: forced };
  }
  const pick = () => ({ kind: 'tool' as const, tool: tools[toolOutputsSoFar % tools.length] });
  if (choice === 'required') return pick();
  const wanted = Number(metadataValue(req, 'mock_tool_calls') ?? defaultToolCalls);
  const limit = Number.isFinite(wanted) && wanted >= 0 ? wanted : defaultToolCalls;
  return toolOutputsSoFar < limit ? pick() : { kind: 'text' };
}

/**
 * What the turn detail's tabs show, from a turn and its `response.create` payload: the conversation
 * (input items, then tool calls with their arguments, then the output, as a trace viewer lists
 * them), the cached share of the input, and the cost when the user has given prices (none are
 * built in: prices change and differ per account). Pure.
 */

import type { Turn, TurnUsage } from './model.ts';

export type ConversationEntry =
  | { kind: 'input'; role: string; text: string }
  | { kind: 'tool-output'; callId: string; text: string }
  | { kind: 'tool-call'; name: string; callId: string; text: string }
  | { kind: 'output'; text: string };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The text of a message's content: a string, or its text parts joined. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((c) => str(obj(c)?.text) ?? (obj(c)?.type === 'input_image' ? '[image]' : obj(c)?.type === 'input_file' ? '[file]' : ''))
    .filter(Boolean)
    .join('\n');
}

/** `create`: the parsed `response.create` payload (undefined when it is not at hand). */
export function conversationOf(turn: Pick<Turn, 'toolCalls' | 'outputText'>, create: unknown): ConversationEntry[] {
  const out: ConversationEntry[] = [];
  const ev = obj(create);
  const instructions = str(ev?.instructions);
  if (instructions) out.push({ kind: 'input', role: 'instructions', text: instructions });
  const input = ev?.input;
  if (typeof input === 'string') out.push({ kind: 'input', role: 'user', text: input });
  else if (Array.isArray(input)) {
    for (const raw of input) {
      const item = obj(raw);
      if (!item) continue;
      if (item.type === 'function_call_output' || item.type === 'custom_tool_call_output') {
        const output = item.output;
        out.push({ kind: 'tool-output', callId: str(item.call_id) ?? '', text: typeof output === 'string' ? output : JSON.stringify(output ?? null) });
      } else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
        out.push({ kind: 'tool-call', name: str(item.name) ?? 'call', callId: str(item.call_id) ?? '', text: str(item.arguments) ?? str(item.input) ?? '' });
      } else if ('content' in item || 'role' in item) {
        out.push({ kind: 'input', role: str(item.role) ?? str(item.type) ?? 'item', text: contentText(item.content) });
      } else {
        out.push({ kind: 'input', role: str(item.type) ?? 'item', text: JSON.stringify(item) });
      }
    }
  }
  for (const call of turn.toolCalls) out.push({ kind: 'tool-call', name: call.name, callId: call.callId, text: call.arguments });
  if (turn.outputText) out.push({ kind: 'output', text: turn.outputText });
  return out;
}

/** Cached input tokens as a share of the input, 0–1; undefined without input tokens. */
export function cachedShare(usage: Pick<TurnUsage, 'inputTokens' | 'cachedTokens'> | undefined): number | undefined {
  if (!usage || usage.inputTokens <= 0) return undefined;
  return Math.min(1, usage.cachedTokens / usage.inputTokens);
}

/** Prices the user gave, in their currency per 1 million tokens. `cachedInput` defaults to `input`. */
export interface Prices {
  input: number;
  cachedInput?: number;
  output: number;
}

export function isPrices(v: unknown): v is Prices {
  const p = obj(v);
  const ok = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  return !!p && ok(p.input) && ok(p.output) && (p.cachedInput === undefined || ok(p.cachedInput));
}

/** The cost of a turn's tokens at `prices`: uncached input, cached input, output (reasoning is output). */
export function costOf(usage: TurnUsage, prices: Prices): number {
  const cached = Math.min(usage.cachedTokens, usage.inputTokens);
  const uncached = usage.inputTokens - cached;
  return (uncached * prices.input + cached * (prices.cachedInput ?? prices.input) + usage.outputTokens * prices.output) / 1e6;
}

/** The first words of a text on one line, for a table cell (its tooltip holds more). */
export function firstWords(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/**
 * Reading a `response.create` body. The mock only needs a few fields and must tolerate anything
 * else (protocol.md §3.1: clients send `stream`, `client_metadata`, unknown fields).
 */
export type CreateRequest = Record<string, unknown> & { type: 'response.create' };

export interface FunctionTool {
  type: 'function';
  name: string;
  description?: string;
  parameters?: JsonSchema;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
}

type Item = Record<string, unknown>;

/** `input` as a list of items: a bare string is one user message. */
export function inputItems(req: CreateRequest): Item[] {
  const input = req.input;
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: input }];
  return Array.isArray(input) ? input.filter((i): i is Item => typeof i === 'object' && i !== null) : [];
}

export function toolOutputsOf(items: Item[]): string[] {
  return items.filter((i) => i.type === 'function_call_output').map((i) => (typeof i.output === 'string' ? i.output : JSON.stringify(i.output)));
}

/** Text of the last user message in `items`, or '' when there is none. */
export function lastUserText(items: Item[]): string {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.role !== 'user') continue;
    if (typeof item.content === 'string') return item.content;
    if (Array.isArray(item.content)) {
      return item.content
        .map((p: unknown) => (typeof p === 'object' && p !== null && typeof (p as Item).text === 'string' ? (p as Item).text : ''))
        .join(' ')
        .trim();
    }
  }
  return '';
}

export function functionTools(req: CreateRequest): FunctionTool[] {
  if (!Array.isArray(req.tools)) return [];
  return req.tools.filter((t): t is FunctionTool => typeof t === 'object' && t !== null && t.type === 'function' && typeof t.name === 'string');
}

/** A `metadata` value (metadata values are strings in the API). */
export function metadataValue(req: CreateRequest, key: string): string | undefined {
  const metadata = req.metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const value = (metadata as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

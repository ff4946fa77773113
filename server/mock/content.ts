import type { Random } from './random.ts';
import type { FunctionTool, JsonSchema } from './request.ts';

/**
 * Realistic-looking model output: function arguments that satisfy the tool's JSON schema (values
 * picked by parameter name, preferring words from the user's message) and text answers that
 * summarise the tool results the conversation holds.
 */
export interface ContentContext {
  userText: string;
  toolResults: string[];
  rng: Random;
}

const CITIES = ['Paris', 'Berlin', 'Tokyo', 'Lisbon', 'Toronto', 'Nairobi', 'Sydney', 'Madrid', 'Oslo', 'Seoul'];
const FILES = ['src/parser/tokenize.ts', 'src/parser/ast.ts', 'src/cli/main.ts', 'tests/tokenize.test.ts', 'README.md', 'package.json'];
const QUERIES = ['parseNumber', 'TODO', 'retry backoff', 'timeout', 'handleError', 'fizz_buzz'];

function mentioned(text: string, candidates: string[]): string | undefined {
  return candidates.find((c) => text.toLowerCase().includes(c.toLowerCase()));
}

function stringFor(name: string, ctx: ContentContext): string {
  const key = name.toLowerCase();
  const { userText, rng } = ctx;
  if (/city|location|place|town/.test(key)) return mentioned(userText, CITIES) ?? rng.pick(CITIES);
  if (/path|file|filename/.test(key)) return userText.match(/[\w./-]+\.\w{1,4}\b/)?.[0] ?? rng.pick(FILES);
  if (/query|pattern|search|term|keyword/.test(key)) return mentioned(userText, QUERIES) ?? rng.pick(QUERIES);
  if (/url|link/.test(key)) return `https://docs.example.com/${rng.pick(['guide', 'api', 'faq'])}/${rng.pick(['retries', 'limits', 'auth'])}`;
  if (/command|cmd/.test(key)) return rng.pick(['npm test -- tokenize', 'git status --short', 'ls -la src']);
  if (/unit/.test(key)) return 'celsius';
  if (/lang/.test(key)) return 'en';
  const words = userText.split(/\W+/).filter((w) => w.length > 4);
  return words.length > 0 ? rng.pick(words).toLowerCase() : rng.pick(['summary', 'latest', 'default']);
}

function valueFor(name: string, schema: JsonSchema, ctx: ContentContext): unknown {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return ctx.rng.pick(schema.enum);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  const key = name.toLowerCase();
  switch (type) {
    case 'integer':
      if (/hour/.test(key)) return ctx.rng.pick([6, 12, 24]);
      if (/line/.test(key)) return ctx.rng.int(1, 240);
      return ctx.rng.int(1, 20);
    case 'number':
      return Math.round(ctx.rng.next() * 1000) / 10;
    case 'boolean':
      return ctx.rng.next() < 0.5;
    case 'array':
      return [valueFor(name.replace(/s$/, ''), schema.items ?? { type: 'string' }, ctx)];
    case 'object':
      return objectFor(schema, ctx);
    default:
      return stringFor(name, ctx);
  }
}

function objectFor(schema: JsonSchema, ctx: ContentContext): Record<string, unknown> {
  const props = schema.properties ?? {};
  const required = new Set(schema.required ?? Object.keys(props));
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(props)) if (required.has(name)) out[name] = valueFor(name, sub, ctx);
  return out;
}

/** Compact JSON, as the API sends it: `{"city":"Paris","hours":12}`. */
export function buildArguments(tool: FunctionTool, ctx: ContentContext): string {
  return JSON.stringify(objectFor(tool.parameters ?? { type: 'object', properties: {} }, ctx));
}

function describeResult(result: string): string {
  try {
    const value = JSON.parse(result) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const pairs = Object.entries(value)
        .slice(0, 3)
        .map(([k, v]) => (Array.isArray(v) ? `${v.length} ${k}` : `${k} is ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`));
      if (pairs.length > 0) return pairs.join(', ');
    }
  } catch {
    // not JSON: quote it
  }
  const line = result.split('\n')[0].trim();
  return `“${line.length > 60 ? `${line.slice(0, 57)}...` : line}”`;
}

const OPENERS = ['Here is what I found.', 'Done.', 'I checked that for you.', 'All set.'];
const CLOSERS = ['Let me know if you want me to dig deeper.', 'Want me to apply the same change elsewhere?', 'Nothing else looks off.'];
const PLAIN = [
  'WebSocket mode keeps one connection open, so each turn only sends the new items and skips the reconnect cost.',
  'Chaining with previous_response_id lets the server reuse the cached context, which is why later turns start faster.',
  'The safest approach is to retry with exponential backoff and to resend the full context after a reconnect.',
];

export function buildAnswer(ctx: ContentContext): string {
  const { rng, toolResults } = ctx;
  if (toolResults.length === 0) return `${rng.pick(PLAIN)} ${rng.pick(CLOSERS)}`;
  const recent = toolResults.slice(-3).map(describeResult);
  const count = toolResults.length === 1 ? 'the tool result' : `the last ${recent.length} of ${toolResults.length} tool results`;
  return `${rng.pick(OPENERS)} From ${count}: ${recent.join('; ')}. ${rng.pick(CLOSERS)}`;
}

/**
 * Splits text into token-like deltas the way the recording does (`{"`, `city`, `":"`, `Paris`,
 * `"}` and ` current`, ` temperature`): words keep their leading space, punctuation runs stay
 * together. Joining the pieces gives back the text exactly.
 */
export function splitDeltas(text: string): string[] {
  return text.match(/\s*[\p{L}\p{N}_]+|\s*[^\p{L}\p{N}_\s]+|\s+/gu) ?? [];
}

/**
 * Does the agent's `response.create` ask for what the recording answered? The checks are the ones
 * that change the answer: the model, the tools offered, the shape of the input (count and item
 * types; message roles), the response it continues and, in `content` mode (the default), the text
 * of each input item: message text, tool outputs and call arguments. A changed prompt then fails
 * loudly instead of silently getting the old answer. `shape` mode skips the text, for agents whose
 * prompts carry timestamps or ids that legitimately differ between runs.
 */

/** `content`: shape and text of the input; `shape`: counts, types and roles only. */
export type MatchMode = 'content' | 'shape';

/** Longest excerpt of a differing text quoted in the error message. */
const EXCERPT = 60;

export interface Divergence {
  /** The request field that differs (the error frame's `param`). */
  param: string;
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function findDivergence(recorded: Obj, actual: Obj, mode: MatchMode = 'content'): Divergence | null {
  if (recorded.model !== actual.model) {
    return { param: 'model', message: `model is ${show(actual.model)} but the recording has ${show(recorded.model)}` };
  }
  const rt = toolKeys(recorded.tools);
  const at = toolKeys(actual.tools);
  if (rt.join('|') !== at.join('|')) {
    return { param: 'tools', message: `tools are [${at.join(', ')}] but the recording has [${rt.join(', ')}]` };
  }
  const ri = itemKeys(recorded.input);
  const ai = itemKeys(actual.input);
  if (ri.length !== ai.length) {
    return { param: 'input', message: `input has ${ai.length} item${ai.length === 1 ? '' : 's'} but the recording has ${ri.length}` };
  }
  for (let i = 0; i < ri.length; i++) {
    if (ri[i] !== ai[i]) return { param: `input[${i}]`, message: `input[${i}] is ${ai[i]} but the recording has ${ri[i]}` };
  }
  if (mode === 'content') {
    const rt2 = itemTexts(recorded.input);
    const at2 = itemTexts(actual.input);
    for (let i = 0; i < rt2.length; i++) {
      if (rt2[i] !== at2[i]) {
        return { param: `input[${i}]`, message: `input[${i}] ${ri[i]} text is ${excerpt(at2[i], rt2[i])} but the recording has ${excerpt(rt2[i], at2[i])}` };
      }
    }
  }
  const rp = recorded.previous_response_id;
  if (typeof rp === 'string' && actual.previous_response_id !== rp) {
    return { param: 'previous_response_id', message: `previous_response_id is ${show(actual.previous_response_id)} but the recording has ${show(rp)}` };
  }
  return null;
}

function show(v: unknown): string {
  return v === undefined ? 'absent' : JSON.stringify(v);
}

function toolKeys(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  return tools.map((t) => (isObj(t) ? (typeof t.name === 'string' ? `${String(t.type)}:${t.name}` : String(t.type)) : typeof t));
}

/** A string input is one user message. */
function itemKeys(input: unknown): string[] {
  if (typeof input === 'string') return ['message(user)'];
  if (!Array.isArray(input)) return [];
  return input.map((item) => {
    if (!isObj(item)) return typeof item;
    const type = typeof item.type === 'string' ? item.type : 'message';
    return type === 'message' && typeof item.role === 'string' ? `message(${item.role})` : type;
  });
}

/**
 * The text of each input item, as the model reads it: a message's text (a string, or its text
 * parts joined), a tool output, a call's name and arguments. Ids are left out on purpose.
 */
function itemTexts(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [];
  return input.map((item) => {
    if (!isObj(item)) return JSON.stringify(item) ?? '';
    if (item.content !== undefined) return contentText(item.content);
    if (item.output !== undefined) return contentText(item.output);
    if (typeof item.arguments === 'string') return `${String(item.name ?? '')}(${item.arguments})`;
    if (typeof item.input === 'string') return `${String(item.name ?? '')}(${item.input})`;
    return '';
  });
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return JSON.stringify(content) ?? '';
  return content
    .map((part) =>
      isObj(part)
        ? typeof part.text === 'string'
          ? part.text
          : typeof part.image_url === 'string'
            ? part.image_url
            : typeof part.file_id === 'string'
              ? part.file_id
              : ''
        : String(part),
    )
    .join('');
}

/** `text` quoted, around where it first differs from `other` when it is long. */
function excerpt(text: string | undefined, other: string | undefined): string {
  if (text === undefined) return 'absent';
  let at = 0;
  const o = other ?? '';
  while (at < text.length && at < o.length && text[at] === o[at]) at++;
  const from = Math.max(0, Math.min(at - 10, text.length - EXCERPT));
  const slice = text.slice(from, from + EXCERPT);
  return `${from > 0 ? '…' : ''}${JSON.stringify(slice)}${from + EXCERPT < text.length ? '…' : ''}`;
}

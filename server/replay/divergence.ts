/**
 * Does the agent's `response.create` ask for what the recording answered? The checks are the ones
 * that change the answer: the model, the tools offered, the shape of the input (count and item
 * types; message roles), and the response it continues. Text inside the input is not compared:
 * prompts may carry timestamps or ids that legitimately differ between runs.
 */

export interface Divergence {
  /** The request field that differs (the error frame's `param`). */
  param: string;
  message: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function findDivergence(recorded: Obj, actual: Obj): Divergence | null {
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

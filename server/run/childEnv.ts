/**
 * The environment `run` gives its child: the parent's, plus what points every supported SDK at the
 * relay, read from each SDK's source:
 * - OPENAI_BASE_URL: openai-node (HTTP and, from 6.28.0, its ResponsesWS client, which turns
 *   http:// into ws://), openai-python (from 2.27.0 its WebSocket URL follows it the same way; before,
 *   it forced wss://), and the clients @openai/agents and openai-agents create.
 * - OPENAI_WEBSOCKET_BASE_URL: @openai/agents (JS) and openai-agents (Python) for their Responses
 *   WebSocket transport; openai-python's own client does not read it.
 * - OPENAI_API_BASE: the name older clients still read (openai-python before 1.0, LangChain).
 * The relay is on loopback, so a proxy configured for the user's network must not catch it: the
 * loopback names join NO_PROXY and no_proxy (both spellings: Python prefers the lower-case one,
 * other tools the upper-case one), keeping the user's own entries.
 */

export const LOOPBACK_NO_PROXY = ['127.0.0.1', 'localhost', '::1'];

/** Variables `run` sets that the user had set to something else: said, not silently replaced. */
export interface Overridden {
  name: string;
  was: string;
}

export function childEnv(parent: Readonly<Record<string, string | undefined>>, baseUrl: string): { env: Record<string, string>; overridden: Overridden[] } {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(parent)) if (v !== undefined) env[k] = v;
  const wsBaseUrl = baseUrl.replace(/^http/, 'ws');
  const set: Record<string, string> = { OPENAI_BASE_URL: baseUrl, OPENAI_WEBSOCKET_BASE_URL: wsBaseUrl, OPENAI_API_BASE: baseUrl };
  const overridden: Overridden[] = [];
  for (const [name, value] of Object.entries(set)) {
    const was = env[name];
    if (was !== undefined && was !== '' && was !== value) overridden.push({ name, was });
    env[name] = value;
  }
  const noProxy = mergeNoProxy(env.NO_PROXY, env.no_proxy);
  env.NO_PROXY = noProxy;
  env.no_proxy = noProxy;
  return { env, overridden };
}

/** The user's NO_PROXY entries (either spelling), then the loopback names they lack. */
export function mergeNoProxy(...lists: Array<string | undefined>): string {
  const entries: string[] = [];
  for (const list of lists) {
    for (const raw of (list ?? '').split(',')) {
      const entry = raw.trim();
      if (entry !== '' && !entries.includes(entry)) entries.push(entry);
    }
  }
  if (entries.includes('*')) return entries.join(',');
  for (const host of LOOPBACK_NO_PROXY) if (!entries.includes(host)) entries.push(host);
  return entries.join(',');
}

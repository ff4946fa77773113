/**
 * How to point each SDK at the relay (each takes a base URL and derives the WebSocket URL), as copyable snippets for the empty
 * state. `baseUrl` is the relay's http base (e.g. http://127.0.0.1:8787/v1); SDKs append /responses.
 */

export interface Snippet {
  id: string;
  title: string;
  code: string;
  caveat: string;
}

export function wsBaseOf(baseUrl: string): string {
  return baseUrl.replace(/^http(s?):/, 'ws$1:');
}

export function connectSnippets(baseUrl: string): Snippet[] {
  const ws = wsBaseOf(baseUrl);
  return [
    {
      id: 'python',
      title: 'openai-python',
      code: `from openai import OpenAI\n\nclient = OpenAI(base_url="${baseUrl}", websocket_base_url="${ws}")\nwith client.responses.connect() as conn:\n    ...`,
      caveat:
        'websocket_base_url works from 2.22.0. From 2.27.0 OPENAI_BASE_URL=' +
        baseUrl +
        ' alone is enough; 2.22–2.26 turn an http base URL into wss:// and cannot reach the relay without websocket_base_url.',
    },
    {
      id: 'node',
      title: 'openai-node',
      code: `import OpenAI from 'openai';\nimport { ResponsesWS } from 'openai/resources/responses/ws';\n\nconst client = new OpenAI({ baseURL: '${baseUrl}' });\nconst ws = new ResponsesWS(client);`,
      caveat: 'Needs openai-node 6.28.0 or later (older versions always use wss://). OPENAI_BASE_URL=' + baseUrl + ' works too.',
    },
    {
      id: 'agents',
      title: '@openai/agents',
      code: `export OPENAI_WEBSOCKET_BASE_URL=${ws}\n# or in code: websocketBaseURL: '${ws}'`,
      caveat: 'Python openai-agents reads the same variable (or OpenAIProvider(websocket_base_url=...)), with the openai-python version rules above.',
    },
  ];
}

import { describe, expect, it } from 'vitest';
import { connectSnippets, wsBaseOf } from './connectSnippets.ts';

describe('connectSnippets', () => {
  it('gives each SDK the relay base URL, with ws:// where the SDK needs a socket URL', () => {
    const [py, node, agents] = connectSnippets('http://127.0.0.1:8787/v1');
    expect(py.code).toContain('OpenAI(base_url="http://127.0.0.1:8787/v1", websocket_base_url="ws://127.0.0.1:8787/v1")');
    expect(node.code).toContain("new OpenAI({ baseURL: 'http://127.0.0.1:8787/v1' })");
    expect(node.code).toContain('ResponsesWS');
    expect(agents.code).toContain('OPENAI_WEBSOCKET_BASE_URL=ws://127.0.0.1:8787/v1');
    expect(py.caveat).toContain('2.27.0');
    expect(node.caveat).toContain('6.28.0');
  });
  it('never appends /responses (the SDKs do)', () => {
    expect(wsBaseOf('https://h/v1')).toBe('wss://h/v1');
    for (const s of connectSnippets('http://h/v1')) expect(s.code).not.toContain('/responses"');
  });
});

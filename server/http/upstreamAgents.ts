import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

/**
 * Upstream connection reuse that mirrors the agent's own: each agent socket gets its own
 * keep-alive upstream agent with one socket. An agent that keeps its connection alive has its
 * exchanges carried over one kept-alive upstream connection too; an agent that opens a new
 * connection per request makes the relay pay a new upstream setup per request. So the setup cost
 * the capture records is the one this agent would pay without the relay, not a pooled relay's.
 */
export class UpstreamAgents {
  readonly #agents = new WeakMap<Socket, http.Agent>();
  readonly #all = new Set<http.Agent>();
  readonly #ca: string | Buffer | undefined;

  constructor(ca?: string | Buffer) {
    this.#ca = ca;
  }

  for(agentSocket: Socket, secure: boolean): http.Agent {
    let agent = this.#agents.get(agentSocket);
    if (agent) return agent;
    const opts = { keepAlive: true, maxSockets: 1 };
    agent = secure ? new https.Agent(this.#ca === undefined ? opts : { ...opts, ca: this.#ca }) : new http.Agent(opts);
    const created = agent;
    this.#agents.set(agentSocket, created);
    this.#all.add(created);
    agentSocket.once('close', () => {
      created.destroy();
      this.#all.delete(created);
    });
    return created;
  }

  destroyAll(): void {
    for (const agent of this.#all) agent.destroy();
    this.#all.clear();
  }
}

/**
 * The HTTP endpoint that corresponds to a WebSocket upstream: same host, port and path, with
 * ws → http and wss → https (wss://api.openai.com/v1/responses → https://api.openai.com/v1/responses).
 */
export function httpUpstreamOf(wsUpstream: string): string {
  const url = new URL(wsUpstream);
  if (url.protocol === 'ws:') url.protocol = 'http:';
  else if (url.protocol === 'wss:') url.protocol = 'https:';
  return url.toString();
}

import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { httpStatusOf, InspectorError } from '../../src/core/errors.ts';
import { allowedOrigins, cookieName, type LaunchCodes, requestAuthorised, tokenMatches } from './security.ts';
import { maskResponseBody } from './maskedResponse.ts';
import { BOOTSTRAP_HTML, BOOTSTRAP_JS, PLACEHOLDER_HTML } from './bootstrapPage.ts';

export interface DashboardHttpOptions {
  port: number;
  /** The listen address (--host), for the Origin allow-list. */
  host?: string;
  token: string;
  /** One-time codes the bootstrap page may exchange instead of the token (the URL given to the browser opener). */
  codes?: LaunchCodes;
  uiDir: string;
  /** JSON for GET /api/info (the same facts as the feed's hello). */
  info(): unknown;
  /** Extra authorised API routes (captures list, export...); return true when handled. */
  api?(req: IncomingMessage, res: ServerResponse, url: URL): boolean | Promise<boolean>;
}

/**
 * A strict policy: scripts only from the relay itself, no inline script, no plugins, no framing.
 * Captured content is rendered as text by the UI; this is the second line of defence.
 */
const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

/**
 * Serves the dashboard. The token never travels in a URL that reaches the server: the printed URL
 * carries it in the fragment (the URL given to the browser opener carries a one-time code instead),
 * the bootstrap page posts it in a header, and gets an HttpOnly,
 * SameSite=Strict cookie scoped by port. Every other route needs that cookie (or the header).
 */
export function createDashboardHandler(opts: DashboardHttpOptions) {
  const origins = allowedOrigins(opts.port, opts.host);
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8', extra: Record<string, string> = {}) => {
      res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const authorised = requestAuthorised(req, opts.token, opts.port);

    if (url.pathname === '/_auth') {
      const origin = req.headers.origin;
      if (req.method !== 'POST' || typeof origin !== 'string' || !origins.has(origin)) return send(403, 'forbidden\n');
      const given = req.headers['x-inspector-token'];
      const code = req.headers['x-inspector-code'];
      const ok = typeof code === 'string' ? opts.codes?.redeem(code) === true : tokenMatches(opts.token, typeof given === 'string' ? given : undefined);
      if (!ok) return send(403, 'wrong, used or expired link: open the dashboard URL printed by this run\n');
      return send(204, '', 'text/plain', { 'set-cookie': `${cookieName(opts.port)}=${opts.token}; HttpOnly; SameSite=Strict; Path=/` });
    }
    if (url.pathname === '/_bootstrap.js') return send(200, BOOTSTRAP_JS, TYPES['.js']);
    if (req.method !== 'GET' && req.method !== 'HEAD' && !(url.pathname.startsWith('/api/') && req.method === 'POST')) {
      return send(405, 'method not allowed\n');
    }
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!authorised) return send(200, BOOTSTRAP_HTML, TYPES['.html']);
      const index = path.join(opts.uiDir, 'index.html');
      if (!fs.existsSync(index)) return send(200, PLACEHOLDER_HTML, TYPES['.html']);
      return send(200, fs.readFileSync(index), TYPES['.html']);
    }
    if (!authorised) return send(401, 'unauthorised: open the dashboard URL printed by responses-inspector\n');
    if (url.pathname.startsWith('/api/')) {
      // State-changing or data-bearing API calls from a browser must come from the dashboard itself.
      const origin = req.headers.origin;
      if (typeof origin === 'string' && !origins.has(origin)) return send(403, 'origin not allowed\n');
      // Every API answer (info, captures, exports, the backlog, and routes yet to come) leaves masked.
      maskResponseBody(res);
      if (url.pathname === '/api/info') return send(200, JSON.stringify(opts.info()), TYPES['.json']);
      try {
        if (opts.api && (await opts.api(req, res, url))) return;
      } catch (err) {
        // The one place a domain error becomes a status: what the request asked for was wrong.
        if (!(err instanceof InspectorError) || res.headersSent) throw err;
        return send(httpStatusOf(err), JSON.stringify({ error: err.message, code: err.code }), TYPES['.json']);
      }
      return send(404, 'not found\n');
    }
    const file = resolveStatic(opts.uiDir, url.pathname);
    if (!file) return send(404, 'not found\n');
    return send(200, fs.readFileSync(file), TYPES[path.extname(file)] ?? 'application/octet-stream');
  };
}

/** A file under uiDir, or null; never escapes uiDir whatever the path says. */
function resolveStatic(uiDir: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const root = path.resolve(uiDir);
  const file = path.resolve(root, `.${path.posix.normalize(decoded)}`);
  if (!file.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

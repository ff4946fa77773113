import path from 'node:path';
import { capturesApi } from '../captures/api.ts';
import type { Comparison } from '../../src/core/compare.ts';
import { FEED_PROTOCOL } from '../../src/core/feed.ts';
import { dashboardRoute } from '../dashboard/dashboardRoute.ts';
import { createToken } from '../dashboard/security.ts';
import { startLoopbackServer } from '../loopbackServer.ts';
import { TOOL } from '../paths.ts';
import { FileSource } from '../tee/fileSource.ts';

/** What GET /api/compare answers: the comparison and what A and B are. */
export interface ComparePayload {
  labels: { a: string; b: string };
  files: { a: string; b: string };
  comparison: Comparison;
  /** Served only: the capture names the dashboard can open (`/?open=NAME`); A is absent when it is not listed. */
  open?: { a?: string; b: string };
}

export interface ServedComparison {
  /** http://127.0.0.1:P/?compare=1#token=T: the comparison view. */
  url: string;
  /** The ordinary dashboard on capture B. */
  dashboardUrl: string;
  /** A fresh one-time URL to the comparison view for the browser opener (no token in it). */
  browserUrl(): string;
  close(): void;
}

/**
 * Serves the comparison view (issue 8): the dashboard on capture B, plus GET /api/compare with the
 * comparison and the captures API (server/captures/api.ts), behind the same per-launch token; the UI shows the comparison when opened with
 * `?compare=1`.
 */
export async function serveComparison(payload: ComparePayload, opts: { port: number; host?: string; capturesDir?: string }): Promise<ServedComparison> {
  const { port, use, closeAll, urlHost } = await startLoopbackServer(opts.port, opts.host);
  const token = createToken();
  const capturesDir = path.resolve(opts.capturesDir ?? path.dirname(payload.files.b));
  // The names the dashboard can open from the captures folder (GET /api/capture?file=), for the
  // view's links to each side: B is the dashboard's own capture, A only if it is in that folder.
  const listed = (file: string) => (path.dirname(path.resolve(file)) === capturesDir ? path.basename(file) : undefined);
  const body = JSON.stringify({ ...payload, open: { a: listed(payload.files.a), b: path.basename(payload.files.b) } });
  const captures = capturesApi({ capturesDir, currentFile: () => payload.files.b });
  const route = dashboardRoute({
    port,
    host: opts.host,
    token,
    source: new FileSource(payload.files.b),
    hello: () => ({ type: 'hello', protocol: FEED_PROTOCOL, mode: 'file', tool: TOOL, captureFile: payload.files.b, maxAgeMs: 60 * 60 * 1000 }),
    api: (req, res, url) => {
      // The dashboard's Captures menu asks for GET /api/captures here too: the captures folder of the
      // run (default: B's folder, as `open` does), with B as the current one.
      if (url.pathname !== '/api/compare') return captures(req, res, url);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(body);
      return true;
    },
  });
  use(route);
  return {
    url: `http://${urlHost}:${port}/?compare=1#token=${token}`,
    dashboardUrl: `http://${urlHost}:${port}/#token=${token}`,
    browserUrl: () => `http://${urlHost}:${port}/?compare=1#code=${route.launchCode()}`,
    close() {
      route.feed.close();
      closeAll();
    },
  };
}

export const labelOf = (file: string) => path.basename(file);

import { spawn } from 'node:child_process';

/**
 * Best effort: a missing opener or a headless machine is not an error. The URL ends up on the
 * opener's command line, visible to every local user (`ps`): it must carry a one-time launch code
 * (server/dashboard/security.ts), never the dashboard token.
 */
export function openBrowser(url: string): void {
  if (/[#?&]token=/.test(url)) throw new Error('openBrowser: the dashboard token must not reach a command line; pass a launch-code URL');
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // nothing to do: the URL was printed
  }
}

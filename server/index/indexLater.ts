import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../paths.ts';
import { indexMinBytes } from '../relayDefaults.ts';
import type { IndexStore } from './indexStore.ts';

/**
 * When the relay stops with a capture the dashboard would index, `responses-inspector index FILE`
 * is started for it in the background, at the lowest CPU priority, so the next `open FILE` reads a
 * saved index (a million records: ~3.5 s instead of ~10 s). It outlives this process (as
 * `git gc --auto` does) and runs after the relay has stopped forwarding, so the agent never shares
 * a core with it. Returns the line to print, or null when nothing was started.
 */
export function indexLater(file: string | null, store: IndexStore | null): string | null {
  if (file === null || store === null) return null;
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return null;
  }
  if (size < indexMinBytes()) return null;
  try {
    const child = spawn(process.execPath, [path.join(ROOT, 'server', 'bin', 'responses-inspector.mjs'), 'index', file], {
      detached: true,
      stdio: 'ignore',
      // Windows: no console window of its own.
      windowsHide: true,
      env: { ...process.env, RESPONSES_INSPECTOR_CACHE: store.dir },
    });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) return null;
    try {
      os.setPriority(child.pid, 19);
    } catch {
      // Not allowed here: it runs at normal priority, after the relay has stopped all the same.
    }
  } catch {
    // A machine that cannot start it opens the capture as before.
    return null;
  }
  return `index: the capture is being indexed in the background for the next open (${store.dir})`;
}

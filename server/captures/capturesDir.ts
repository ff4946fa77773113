import fs from 'node:fs';
import path from 'node:path';
import { InspectorError } from '../../src/core/errors.ts';

/** The --captures folder cannot be used (one clear line naming the flag). */
export class CapturesDirError extends InspectorError {
  constructor(message: string) {
    super(message, 'BAD_CAPTURES_DIR');
  }
}

/**
 * Checks the --captures folder at startup and creates what is missing, so that a folder that can
 * never hold captures is one clear line and exit code 2 instead of a relay that starts and then
 * reports CAPTURE FAILED on the first record. Missing levels are created one at a time: Node's
 * recursive mkdir never returns (100% CPU) under /proc. An existing folder that is not writable is
 * left to the relay, which keeps forwarding and shows the capture error (server/faults.test.ts).
 */
export function prepareCapturesDir(dir: string): string {
  const full = path.resolve(checkCapturesFlag(dir));
  const missing: string[] = [];
  let existing = full;
  for (;;) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(existing);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new CapturesDirError(`--captures ${dir}: ${(err as Error).message}`);
    }
    if (stat) {
      if (!stat.isDirectory())
        throw new CapturesDirError(existing === full ? `--captures ${dir} is not a directory` : `--captures ${dir} cannot be created: ${existing} is not a directory`);
      break;
    }
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  for (const level of missing) {
    try {
      fs.mkdirSync(level, { mode: 0o700 });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EEXIST' && fs.statSync(level).isDirectory()) continue;
      const reason = e.message.replace(/^[A-Z]+: /, '').replace(/, mkdir .*$/, '');
      throw new CapturesDirError(`--captures ${dir} cannot be created: mkdir ${level}: ${reason}`);
    }
  }
  return full;
}

/**
 * `--captures ''` (an unset shell variable, say) would resolve to the current folder and scatter
 * captures there without a word: it is a usage error.
 */
export function checkCapturesFlag(dir: string): string {
  if (dir.trim() === '') throw new CapturesDirError('--captures needs a folder; it was given an empty name (use --captures . for the current folder)');
  return dir;
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InspectorError } from '../../src/core/errors.ts';
import { fileKind } from './readInput.ts';

/** The -o target cannot be written (one clear line naming the flag). */
export class OutputFileError extends InspectorError {
  constructor(message: string) {
    super(message, 'BAD_OUTPUT');
  }
}

/**
 * An export's output file, written so that a failed or interrupted export never harms what was
 * there: the text goes to a temporary file created beside the target (same folder, so the final
 * rename is atomic and never crosses file systems), renamed over the target only on success, and
 * removed otherwise. The command only ever deletes the temporary file it created itself. A target
 * that is a symbolic link or not a regular file (a device node, a FIFO) is refused before anything
 * is written: replacing it would change what the link points at or what the node is.
 */
export interface OutputFile {
  /** The temporary file (created empty, 0600: exports hold prompts and outputs). */
  readonly temp: string;
  /** A stream onto the temporary file, through the descriptor that created it. */
  stream(): fs.WriteStream;
  /** Moves the finished export onto the target. */
  commit(): void;
  /** Removes the temporary file; safe to call more than once, and after commit. */
  discard(): void;
}

/** Checks `-o OUT` (as the user `given` it) and creates the temporary file beside it. */
export function createOutputFile(out: string, given: string): OutputFile {
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(out);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOTDIR: a parent is a file; said below, as the folder's problem.
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new OutputFileError(`-o ${given}: ${(err as Error).message}`);
  }
  if (st?.isDirectory()) throw new OutputFileError(`-o ${given} is a folder; give the export's file name, e.g. -o ${path.join(given, 'export.json')}`);
  if (st && !st.isFile()) throw new OutputFileError(`-o ${given} is ${fileKind(st)}: refusing to write through it; give a regular file's path`);
  const dir = path.dirname(out);
  let dirSt: fs.Stats;
  try {
    dirSt = fs.statSync(dir);
  } catch {
    throw new OutputFileError(`-o ${given}: the folder ${dir} does not exist`);
  }
  if (!dirSt.isDirectory()) throw new OutputFileError(`-o ${given}: ${dir} is not a folder`);
  const temp = path.join(dir, `.${path.basename(out)}.${randomBytes(6).toString('hex')}.partial`);
  let fd: number;
  try {
    // 'wx': never opens anything that already exists, so the temporary name cannot be a planted link.
    fd = fs.openSync(temp, 'wx', 0o600);
  } catch (err) {
    throw new OutputFileError(`-o ${given}: cannot write it: ${(err as Error).message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')}`);
  }
  let done = false;
  return {
    temp,
    // A few batches may wait for the disk while the next ones are built (server/captures/textSink.ts).
    stream: () => fs.createWriteStream(temp, { fd, highWaterMark: 4 * 1024 * 1024 }),
    commit() {
      fs.renameSync(temp, out);
      done = true;
    },
    discard() {
      if (done) return;
      done = true;
      fs.rmSync(temp, { force: true });
    },
  };
}

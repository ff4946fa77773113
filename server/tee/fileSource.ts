import fs from 'node:fs';
import type { CaptureSource } from './captureLog.ts';
import { readFileLines } from './lineSource.ts';

/**
 * A finished capture file as a feed source: fixed length, read on demand in whole lines, so a
 * large capture streams to the dashboard without being held in the relay's memory.
 */
export class FileSource implements CaptureSource {
  readonly length: number;
  readonly #file: string;

  constructor(file: string, length = fs.statSync(file).size) {
    this.#file = file;
    this.length = length;
  }

  subscribe(): () => void {
    return () => undefined;
  }

  read(start: number, maxBytes: number): Promise<Buffer | null> {
    return readFileLines(this.#file, this.length, start, maxBytes);
  }
}

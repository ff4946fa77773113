import { InspectorError } from '../../src/core/errors.ts';
import type { ByteStore } from '../tee/lineSource.ts';
import type { IndexView } from './indexView.ts';

/**
 * Bytes of an indexed capture, read again for a page (records, search). The index holds offsets,
 * so a file moved, deleted or rewritten since it was indexed is said to be so in words a user can
 * act on, not as an I/O error or as other records' bytes.
 */
export async function indexedBytes(index: IndexView, store: ByteStore, pos: number, length: number): Promise<Buffer> {
  let buf: Buffer;
  try {
    buf = await store.read(pos, length);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InspectorError(
        `the capture file ${index.source.name} is no longer there (moved or deleted since it was read); open it again where it is now`,
        'CAPTURE_GONE',
        'not_found',
      );
    }
    throw new InspectorError(`cannot read ${index.source.name}: ${(err as Error).message}`, 'UNREADABLE');
  }
  if (buf.length < length) {
    throw new InspectorError(`the capture file ${index.source.name} is shorter than when it was read (it was rewritten); open it again`, 'CAPTURE_CHANGED', 'not_found');
  }
  return buf;
}

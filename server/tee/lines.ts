import type { Direction } from '../../src/core/capture.ts';

/**
 * One capture v1 `frame` line, built by concatenation: JSON.stringify of a whole object would
 * escape the payload the same way but costs an object allocation and a key walk per frame.
 * Text frames are stored as the exact text forwarded (ws has already validated their UTF-8);
 * binary frames as base64. `size` is the payload size on the wire.
 */
export function frameLine(conn: string, seq: number, dir: Direction, t: number, data: Buffer, binary: boolean): string {
  const payload = binary ? data.toString('base64') : data.toString('utf8');
  return `{"kind":"frame","t":${t},"conn":${JSON.stringify(conn)},"seq":${seq},"dir":"${dir}","binary":${binary},"size":${data.length},"data":${JSON.stringify(payload)}}`;
}

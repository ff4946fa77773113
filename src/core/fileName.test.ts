import { describe, expect, it } from 'vitest';
import { fileName } from './fileName.ts';

describe('fileName', () => {
  it('keeps the last part of a POSIX or Windows path, and a bare name as it is', () => {
    expect(fileName('/home/me/captures/run-1.ndjson')).toBe('run-1.ndjson');
    expect(fileName('C:\\Users\\me\\captures\\run-1.ndjson')).toBe('run-1.ndjson');
    expect(fileName('mixed/dir\\run.ndjson')).toBe('run.ndjson');
    expect(fileName('run.ndjson')).toBe('run.ndjson');
    expect(fileName('dir/')).toBe('');
  });
});

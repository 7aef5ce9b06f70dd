import { expect, it } from 'vitest';
import { parseContentRange } from './content-range';

it('reads the Content-Range of a 206 and of a 416, and nothing else', () => {
  expect(parseContentRange('bytes 10-19/100')).toEqual({ kind: 'bytes', start: 10, end: 19, size: 100 });
  expect(parseContentRange('bytes */42')).toEqual({ kind: 'unsatisfied', size: 42 });
  expect(parseContentRange('bytes 10-200/100')).toBeUndefined();
  expect(parseContentRange('bytes 0-9/*')).toBeUndefined();
  expect(parseContentRange(null)).toBeUndefined();
});

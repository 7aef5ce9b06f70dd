import { describe, expect, it } from 'vitest';
import { extensionOf, imageTypeOf, previewKindOf, separatorOf } from './preview-kind';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('previewKindOf', () => {
  it('takes KFP visualization types first, whatever the content', () => {
    expect(previewKindOf('system.HTML', 'out/html', bytes('plain'))).toBe('html');
    expect(previewKindOf('system.Markdown', 'out/md', bytes('a,b\n1,2\n'))).toBe('markdown');
  });

  it('takes the extension next', () => {
    expect(previewKindOf('system.Dataset', 'x/data.CSV', bytes('hello'))).toBe('csv');
    expect(previewKindOf('system.Dataset', 'x/data.tsv', bytes(''))).toBe('tsv');
    expect(previewKindOf('system.Artifact', 'x/page.htm', bytes(''))).toBe('html');
    expect(previewKindOf('system.Artifact', 'x/pic.jpeg', bytes(''))).toBe('image');
    expect(previewKindOf('system.Artifact', 'x/notes.txt', bytes('# Title'))).toBe('text');
  });

  it('sniffs content when there is no extension (KFP output files have none)', () => {
    expect(previewKindOf('system.Dataset', 'x/data', bytes('a,b,c\n1,2,3\n4,5,6\n'))).toBe('csv');
    expect(previewKindOf('system.Dataset', 'x/data', bytes('a\tb\n1\t2\n'))).toBe('tsv');
    expect(previewKindOf('system.Dataset', 'x/data', bytes('{"a": [1, 2]}'))).toBe('json');
    expect(previewKindOf('system.Dataset', 'x/data', bytes('{"a": [1, 2'))).toBe('text');
    expect(previewKindOf('system.Artifact', 'x/report', bytes('# Report\n\ntext'))).toBe('markdown');
    expect(previewKindOf('system.Artifact', 'x/page', bytes('<!DOCTYPE html><p>x'))).toBe('html');
    expect(previewKindOf('system.Artifact', 'x/blob', new Uint8Array([1, 0, 2]))).toBe('binary');
    expect(previewKindOf('system.Artifact', 'x/pic', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13]))).toBe(
      'image',
    );
    expect(previewKindOf('system.Artifact', 'x/log', bytes('one line\nanother, with comma\n'))).toBe('text');
  });
});

describe('separatorOf', () => {
  it('ignores a last line cut by a bounded read', () => {
    expect(separatorOf('a,b\n1,2\n3,4\n5,6\n7,8\n9')).toBe('csv');
  });
  it('needs two whole lines', () => {
    expect(separatorOf('a,b')).toBeUndefined();
  });
});

describe('extensionOf and imageTypeOf', () => {
  it('reads the last segment only', () => {
    expect(extensionOf('s3://b/v2.1/file')).toBe('');
    expect(extensionOf('file:///a/.hidden')).toBe('');
    expect(extensionOf('a/b.PNG')).toBe('png');
  });
  it('prefers the signature to the extension', () => {
    expect(imageTypeOf('x.png', new Uint8Array([0xff, 0xd8, 0xff, 0]))).toBe('image/jpeg');
    expect(imageTypeOf('x.svg', new Uint8Array([60]))).toBe('image/svg+xml');
    expect(imageTypeOf('x', new Uint8Array([60]))).toBeUndefined();
  });
});

/** How an artifact's content is shown. */
export type PreviewKind = 'html' | 'markdown' | 'csv' | 'tsv' | 'json' | 'image' | 'text' | 'binary';

/** Every kind a person may choose to show a file as. */
export const PREVIEW_KINDS: readonly PreviewKind[] = [
  'text',
  'json',
  'csv',
  'tsv',
  'markdown',
  'html',
  'image',
  'binary',
];

const BY_TYPE: Readonly<Record<string, PreviewKind>> = {
  'system.HTML': 'html',
  'system.Markdown': 'markdown',
};

const BY_EXTENSION: Readonly<Record<string, PreviewKind>> = {
  html: 'html',
  htm: 'html',
  md: 'markdown',
  markdown: 'markdown',
  csv: 'csv',
  tsv: 'tsv',
  json: 'json',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  webp: 'image',
  bmp: 'image',
  svg: 'image',
  txt: 'text',
  log: 'text',
  yaml: 'text',
  yml: 'text',
  py: 'text',
  jsonl: 'text',
};

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  bmp: 'image/bmp',
  svg: 'image/svg+xml',
};

/** The lower-case extension of the last path segment of `name` (`data.CSV` → `csv`), or ''. */
export function extensionOf(name: string): string {
  const last = name.split('/').filter(Boolean).at(-1) ?? '';
  const dot = last.lastIndexOf('.');
  return dot <= 0 ? '' : last.slice(dot + 1).toLowerCase();
}

/** The image MIME type of a file, by its first bytes, then by its extension. */
export function imageTypeOf(name: string, head: Uint8Array): string | undefined {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'image/png';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46]) && startsWith(head.subarray(8), [0x57, 0x45, 0x42, 0x50]))
    return 'image/webp';
  return IMAGE_TYPES[extensionOf(name)];
}

/**
 * The preview for a file: by the artifact type (`system.HTML`, `system.Markdown`), then the file
 * extension, then its first bytes (image signatures, NUL bytes, HTML, JSON, Markdown heading,
 * comma- or tab-separated lines). KFP outputs often have no extension, so content decides.
 */
export function previewKindOf(type: string, name: string, head: Uint8Array): PreviewKind {
  const byType = BY_TYPE[type];
  if (byType !== undefined) return byType;
  const byExtension = BY_EXTENSION[extensionOf(name)];
  if (byExtension !== undefined) return byExtension;
  if (imageTypeOf('', head) !== undefined) return 'image';
  if (head.subarray(0, 1024).includes(0)) return 'binary';
  const text = new TextDecoder().decode(head.subarray(0, 4096)).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  if (/^<(!doctype html|html[\s>])/i.test(start)) return 'html';
  if (/^[[{]/.test(start) && isJson(text)) return 'json';
  if (/^#{1,6} \S/.test(start)) return 'markdown';
  const separated = separatorOf(text);
  return separated ?? 'text';
}

/** 'csv' or 'tsv' when the first lines (at least two) have the same number (≥ 1) of commas or tabs. */
export function separatorOf(text: string): 'csv' | 'tsv' | undefined {
  const lines = text.split(/\r?\n/).slice(0, 6);
  // The last line may be cut in the middle (a bounded read) or empty (a final newline).
  const whole = lines.length > 2 ? lines.slice(0, -1) : lines.filter((line) => line !== '');
  if (whole.length < 2) return undefined;
  for (const [separator, kind] of [
    ['\t', 'tsv'],
    [',', 'csv'],
  ] as const) {
    const counts = whole.map((line) => line.split(separator).length - 1);
    if (counts[0]! > 0 && counts.every((count) => count === counts[0])) return kind;
  }
  return undefined;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

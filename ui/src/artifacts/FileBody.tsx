import { Suspense, useMemo } from 'react';
import { retryingLazy } from '../app/retrying-lazy';
import { Loading } from '../design/Loading';
import { formatBytes } from '../format/bytes';
import { CsvTable } from './CsvTable';
import { HtmlPreview } from './HtmlPreview';
import { ImagePreview } from './ImagePreview';
import { JsonPreview } from './JsonPreview';
import { imageTypeOf, type PreviewKind } from './preview-kind';
import { TextPreview } from './TextPreview';

const MarkdownView = retryingLazy(() => import('./MarkdownView').then((m) => ({ default: m.MarkdownView })));

/** A file's bytes shown as `kind`; `cut` says the bytes stop before the file does. */
export function FileBody({
  bytes,
  kind,
  name,
  cut,
  all,
  onViewAll,
}: {
  readonly bytes: Uint8Array;
  readonly kind: PreviewKind;
  readonly name: string;
  readonly cut: boolean;
  readonly all: boolean;
  readonly onViewAll: () => void;
}) {
  const text = useMemo(
    () => (kind === 'image' || kind === 'binary' ? '' : new TextDecoder().decode(bytes)),
    [bytes, kind],
  );
  switch (kind) {
    case 'text':
      return <TextPreview text={text} all={all} onViewAll={onViewAll} />;
    case 'json':
      return cut ? (
        <TextPreview text={text} all={all} onViewAll={onViewAll} />
      ) : (
        <JsonPreview text={text} all={all} onViewAll={onViewAll} />
      );
    case 'csv':
    case 'tsv':
      return <CsvTable text={text} delimiter={kind === 'csv' ? ',' : '\t'} cut={cut} />;
    case 'markdown':
      return (
        <Suspense fallback={<Loading what="Rendering Markdown" />}>
          <MarkdownView text={text} />
        </Suspense>
      );
    case 'html':
      return <HtmlPreview html={text} name={name} />;
    case 'image':
      return cut ? (
        <p className="muted">The image is larger than the preview read; view all or download it.</p>
      ) : (
        <ImagePreview bytes={bytes} type={imageTypeOf(name, bytes) ?? 'image/png'} name={name} />
      );
    case 'binary':
      return (
        <p className="muted">Binary content ({formatBytes(bytes.length)} read); download it to open it.</p>
      );
    default:
      return assertNever(kind);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled preview kind ${String(value)}`);
}

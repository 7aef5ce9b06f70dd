import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { fetchArtifactContent } from '../api/artifact-content';
import { apiDownload } from '../api/client';
import { artifactContentPath } from '../api/skiff-types';
import { ErrorBanner } from '../design/ErrorBanner';
import { Loading } from '../design/Loading';
import { DirectoryListing } from './DirectoryListing';
import { FileBody } from './FileBody';
import { PREVIEW_KINDS, type PreviewKind, previewKindOf } from './preview-kind';
import { baseName, PREVIEW_BYTES, VIEW_ALL_BYTES } from './preview-limits';
import { TruncatedNotice } from './TruncatedNotice';
import { useInView } from './use-in-view';

/**
 * The content of an artifact (or of `path` inside a directory artifact), read by one bounded
 * `Range` request once it comes into view: a directory's file list, or a file shown by its kind.
 */
export function ContentPreview({
  artifactId,
  type,
  name,
  path,
}: {
  readonly artifactId: string;
  readonly type: string;
  /** The file's name (its extension helps choose the preview). */
  readonly name: string;
  readonly path?: string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const visible = useInView(box);
  const [all, setAll] = useState(false);
  const [allLines, setAllLines] = useState(false);
  const [chosen, setChosen] = useState<PreviewKind>();
  const [selected, setSelected] = useState<string>();
  const [downloadError, setDownloadError] = useState<unknown>();
  const selectId = useId();
  const limitBytes = all ? VIEW_ALL_BYTES : PREVIEW_BYTES;
  const content = useQuery({
    queryKey: ['artifact-content', artifactId, path ?? '', limitBytes],
    queryFn: ({ signal }) => fetchArtifactContent(artifactId, { path, limitBytes, signal }),
    enabled: visible,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const download = (file: string | undefined) => {
    setDownloadError(undefined);
    apiDownload(
      artifactContentPath(artifactId),
      baseName(file ?? name),
      file === undefined ? {} : { path: file },
    ).catch(setDownloadError);
  };
  const data = content.data;
  return (
    <div className="artifact-content" ref={box}>
      {downloadError !== undefined && <ErrorBanner error={downloadError} title="Download failed" />}
      {content.error !== null ? (
        <ErrorBanner error={content.error} onRetry={() => void content.refetch()} />
      ) : data === undefined ? (
        <Loading what="Reading the artifact" />
      ) : data.kind === 'directory' ? (
        <>
          <DirectoryListing
            files={data.files}
            selected={selected}
            onPreview={setSelected}
            onDownload={(file) => download(file)}
          />
          {selected !== undefined && (
            <section className="artifact-nested" aria-label={`Preview of ${selected}`}>
              <h4 className="mono">{selected}</h4>
              <ContentPreview
                key={selected}
                artifactId={artifactId}
                type=""
                name={selected}
                path={selected}
              />
            </section>
          )}
        </>
      ) : (
        <>
          <div className="toolbar artifact-toolbar">
            <label htmlFor={selectId}>Show as</label>
            <select
              id={selectId}
              value={chosen ?? previewKindOf(type, name, data.bytes)}
              onChange={(event) => setChosen(event.target.value as PreviewKind)}
            >
              {PREVIEW_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {kind}
                </option>
              ))}
            </select>
            <button type="button" className="btn btn-small" onClick={() => download(path)}>
              Download
            </button>
          </div>
          {data.truncated && (
            <TruncatedNotice
              shownBytes={data.bytes.length}
              totalBytes={data.totalBytes}
              onViewAll={
                all
                  ? undefined
                  : () => {
                      setAll(true);
                      setAllLines(true);
                    }
              }
              onDownload={() => download(path)}
            />
          )}
          <FileBody
            bytes={data.bytes}
            kind={chosen ?? previewKindOf(type, name, data.bytes)}
            name={name}
            cut={data.truncated}
            all={allLines}
            onViewAll={() => {
              setAllLines(true);
              if (data.truncated) setAll(true);
            }}
          />
        </>
      )}
    </div>
  );
}

import { useState } from 'react';
import type { KfpPipeline } from '../../api/pipelines-types';
import type { PageProps } from '../../app/app-route';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { PageHeader } from '../../design/PageHeader';
import { setQueryParam } from '../../router/hash-location';
import { DeletePipelineDialog } from './DeletePipelineDialog';
import { ListPager } from './ListPager';
import { ListToolbar } from './ListToolbar';
import { readListParams } from './list-params';
import { PipelineTable } from './PipelineTable';
import { UploadPanel } from './UploadPanel';
import { usePipelineList } from './use-pipeline-list';
import './pipelines.css';

/**
 * `#/pipelines`: every pipeline with its latest version, filtered by name, sorted and paged by the
 * server; upload a new pipeline or version (`?upload=pipeline|version&pipeline=ID` opens the form).
 */
export default function PipelinesPage({ query }: PageProps) {
  const params = readListParams(query);
  const list = usePipelineList(params);
  const [deleting, setDeleting] = useState<KfpPipeline>();
  const upload = query.get('upload');
  return (
    <div className="page">
      <PageHeader
        title="Pipelines"
        actions={
          upload === null && (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => setQueryParam('upload', 'pipeline')}
            >
              Upload pipeline
            </button>
          )
        }
      />
      {upload !== null && (
        <UploadPanel
          initialMode={upload === 'version' ? 'version' : 'pipeline'}
          initialPipelineId={query.get('pipeline') ?? ''}
          onClose={() => {
            setQueryParam('pipeline', undefined);
            setQueryParam('upload', undefined);
          }}
        />
      )}
      <ListToolbar params={params} />
      {list.page.error !== null && (
        <ErrorBanner
          error={list.page.error}
          title="The pipelines could not be listed"
          onRetry={() => void list.page.refetch()}
        />
      )}
      {list.summariesError !== null && (
        <ErrorBanner error={list.summariesError} title="The latest versions could not be read" />
      )}
      {list.page.isPending ? (
        <Loading what="Loading the pipelines" />
      ) : (
        list.page.data !== undefined && (
          <div className="card">
            <PipelineTable
              pipelines={list.pipelines}
              summaries={list.summaries}
              filtered={params.name !== ''}
              onDelete={setDeleting}
            />
          </div>
        )
      )}
      <ListPager
        index={list.index}
        pageSize={params.pageSize}
        count={list.pipelines.length}
        total={list.total}
        hasNext={list.hasNext}
        busy={list.page.isFetching}
        onPrevious={list.previousPage}
        onNext={list.nextPage}
      />
      {deleting !== undefined && (
        <DeletePipelineDialog
          pipeline={deleting}
          summary={list.summaries.get(deleting.pipeline_id)}
          onClose={() => setDeleting(undefined)}
        />
      )}
    </div>
  );
}

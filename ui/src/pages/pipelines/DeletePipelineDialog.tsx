import { useMutation, useQueryClient } from '@tanstack/react-query';
import { deletePipeline } from '../../api/pipelines-api';
import type { KfpPipeline, PipelineSummary } from '../../api/pipelines-types';
import { Dialog } from '../../design/Dialog';
import { ErrorBanner } from '../../design/ErrorBanner';
import { pipelineName } from './PipelineTable';

/**
 * Confirm deleting a pipeline. KFP refuses to delete a pipeline that still has versions; as KFP's
 * UI deletes them first, this says how many there are and deletes them with it (`cascade=true`).
 */
export function DeletePipelineDialog({
  pipeline,
  summary,
  onClose,
}: {
  readonly pipeline: KfpPipeline;
  readonly summary: PipelineSummary | undefined;
  readonly onClose: () => void;
}) {
  const queries = useQueryClient();
  const name = pipelineName(pipeline);
  const remove = useMutation({
    mutationFn: () => deletePipeline(pipeline.pipeline_id, true),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['pipelines'] });
      onClose();
    },
  });
  const versions = summary?.version_count;
  return (
    <Dialog title={`Delete pipeline ${name}?`} onClose={onClose}>
      <p>
        {versions === undefined
          ? 'The pipeline and all its versions will be deleted.'
          : versions === 0
            ? 'The pipeline has no version.'
            : `Its ${versions} version${versions === 1 ? '' : 's'} will be deleted with it.`}{' '}
        Runs made from it are kept.
      </p>
      {remove.error !== null && <ErrorBanner error={remove.error} title="The pipeline was not deleted" />}
      <div className="actions">
        <button type="button" className="btn" onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="btn btn-danger"
          disabled={remove.isPending}
          onClick={() => remove.mutate()}
        >
          {remove.isPending ? 'Deleting…' : 'Delete'}
        </button>
      </div>
    </Dialog>
  );
}

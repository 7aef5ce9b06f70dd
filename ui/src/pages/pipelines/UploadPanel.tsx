import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { uploadPipeline, uploadPipelineVersion } from '../../api/pipelines-api';
import { hashHref, navigate } from '../../router/hash-location';
import { FileDrop } from './FileDrop';
import { PipelinePicker } from './PipelinePicker';
import { UploadErrorBanner } from './UploadErrorBanner';
import { tooLarge } from './upload-error';

type Mode = 'pipeline' | 'version';

/**
 * Upload a compiled pipeline as a new pipeline or as a new version of one; a refusal is shown
 * beside the form with the file kept, a success opens the pipeline's details.
 */
export function UploadPanel({
  initialMode,
  initialPipelineId,
  onClose,
}: {
  readonly initialMode: Mode;
  readonly initialPipelineId: string;
  readonly onClose: () => void;
}) {
  const queries = useQueryClient();
  const [mode, setMode] = useState<Mode>(initialMode);
  const [file, setFile] = useState<File>();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [pipelineId, setPipelineId] = useState(initialPipelineId);
  const upload = useMutation({
    mutationFn: async (chosen: File): Promise<string> => {
      const big = tooLarge(chosen);
      if (big !== undefined) throw big;
      const fields = { name: name.trim(), description: description.trim() };
      if (mode === 'pipeline') {
        const created = await uploadPipeline(chosen, fields);
        return hashHref('pipelines', 'details', created.pipeline_id);
      }
      const version = await uploadPipelineVersion(pipelineId, chosen, fields);
      return hashHref('pipelines', 'details', version.pipeline_id, 'version', version.pipeline_version_id);
    },
    onSuccess: async (href) => {
      await queries.invalidateQueries({ queryKey: ['pipelines'] });
      navigate(href);
    },
  });
  const ready = file !== undefined && (mode === 'pipeline' || pipelineId !== '') && !upload.isPending;
  return (
    <section className="card card-body pipelines-upload" aria-label="Upload a pipeline">
      <form
        className="pipelines-upload-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (file !== undefined) upload.mutate(file);
        }}
      >
        <fieldset className="toolbar pipelines-mode">
          <legend className="visually-hidden">Upload as</legend>
          <label>
            <input
              type="radio"
              name="mode"
              checked={mode === 'pipeline'}
              onChange={() => setMode('pipeline')}
            />
            New pipeline
          </label>
          <label>
            <input
              type="radio"
              name="mode"
              checked={mode === 'version'}
              onChange={() => setMode('version')}
            />
            New version of a pipeline
          </label>
        </fieldset>
        {mode === 'version' && <PipelinePicker value={pipelineId} onChange={setPipelineId} />}
        <FileDrop
          file={file}
          onFile={(chosen) => {
            setFile(chosen);
            upload.reset();
          }}
        />
        <label className="field">
          <span className="label">{mode === 'pipeline' ? 'Pipeline name' : 'Version name'}</span>
          <input
            type="text"
            value={name}
            placeholder={mode === 'pipeline' ? 'the file name when empty' : 'generated when empty'}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <label className="field">
          <span className="label">Description</span>
          <input
            type="text"
            value={description}
            placeholder="the pipeline's own description when empty"
            onChange={(event) => setDescription(event.target.value)}
          />
        </label>
        <div className="toolbar">
          <button type="submit" className="btn btn-primary" disabled={!ready}>
            {upload.isPending ? 'Uploading…' : 'Upload'}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
      {upload.error !== null && <UploadErrorBanner error={upload.error} />}
    </section>
  );
}

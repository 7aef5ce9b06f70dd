import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useCallback, useState } from 'react';
import { fetchExperiments } from '../../api/experiments-api';
import { createRecurringRun } from '../../api/recurring-api';
import { createRun, getVersion, type RunSource } from '../../api/runs-create-api';
import { ErrorBanner } from '../../design/ErrorBanner';
import { Loading } from '../../design/Loading';
import { navigate } from '../../router/hash-location';
import { ParamField } from './ParamField';
import { PipelinePicker } from './PipelinePicker';
import { collectParams, paramText, specParameters, unwrapSpec } from './param-fields';
import { RecurringFieldset } from './RecurringFieldset';
import { DEFAULT_RECURRING, type RecurringForm, recurringFields } from './recurring-form';
import type { RunFormStart } from './use-run-source';

/** The create-run form; what is typed stays when the server refuses it (the error shows beside it). */
export function CreateRunForm({ start }: { readonly start: RunFormStart }) {
  const [pipelineId, setPipelineId] = useState(start.pipelineId);
  const [versionId, setVersionId] = useState(start.versionId);
  const [useInline, setUseInline] = useState(start.inlineSpec !== undefined);
  const [name, setName] = useState(start.name);
  const [experimentId, setExperimentId] = useState(start.experimentId);
  const [texts, setTexts] = useState<Readonly<Record<string, string>>>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [recurring, setRecurring] = useState<RecurringForm | undefined>(start.recurring);
  const [submitError, setSubmitError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const version = useQuery({
    queryKey: ['create-version', pipelineId, versionId],
    queryFn: () => getVersion(pipelineId, versionId),
    enabled: !useInline && pipelineId !== '' && versionId !== '',
  });
  const experiments = useQuery({
    queryKey: ['create-experiments'],
    queryFn: () => fetchExperiments('AVAILABLE', '', undefined, 200),
  });
  const spec = useInline ? start.inlineSpec : version.data?.pipeline_spec;
  const defs = specParameters(spec);
  const shown = Object.fromEntries(
    defs.map((def) => [
      def.name,
      texts[def.name] ?? paramText(def.type, start.parameters[def.name] ?? def.defaultValue),
    ]),
  );
  const { values, errors } = collectParams(defs, shown);
  const recurringCheck = recurring === undefined ? undefined : recurringFields(recurring);
  const recurringErrors = recurringCheck?.ok === false ? recurringCheck.errors : {};
  const pick = useCallback((pipeline: string, versionChoice: string) => {
    setPipelineId(pipeline);
    setVersionId(versionChoice);
    setUseInline(false);
  }, []);
  const ready = spec !== undefined && name.trim() !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (!ready || Object.keys(errors).length > 0 || recurringCheck?.ok === false) {
      // The server's answer to an earlier submit no longer applies to what the form now holds.
      setSubmitError(undefined);
      return;
    }
    const source: RunSource = {
      display_name: name.trim(),
      ...(experimentId === '' ? {} : { experiment_id: experimentId }),
      ...(useInline
        ? { pipeline_spec: start.inlineSpec }
        : { pipeline_version_reference: { pipeline_id: pipelineId, pipeline_version_id: versionId } }),
      runtime_config: { parameters: values },
    };
    setBusy(true);
    setSubmitError(undefined);
    try {
      if (recurringCheck?.ok) {
        const id = await createRecurringRun({ ...source, ...recurringCheck.fields });
        navigate(`/recurringrun/details/${encodeURIComponent(id)}`);
      } else {
        const id = await createRun(source);
        navigate(`/runs/details/${encodeURIComponent(id)}`);
      }
    } catch (error) {
      setSubmitError(error);
      setBusy(false);
    }
  };

  const pipelineName = (unwrapSpec(start.inlineSpec)?.pipelineInfo as { name?: string } | undefined)?.name;
  return (
    <form className="create-form card card-body" onSubmit={submit} noValidate aria-label="Create run">
      <fieldset className="create-fieldset">
        <legend>Pipeline</legend>
        {useInline ? (
          <p>
            The cloned run's own pipeline spec (<strong>{pipelineName ?? 'unnamed'}</strong>).{' '}
            <button type="button" className="btn btn-small" onClick={() => setUseInline(false)}>
              Choose a pipeline instead
            </button>
          </p>
        ) : (
          <PipelinePicker pipelineId={pipelineId} versionId={versionId} onChange={pick} />
        )}
        {version.error && <ErrorBanner error={version.error} title="Could not read the pipeline version" />}
        {submitted && spec === undefined && (
          <span className="field-error">Choose a pipeline and a version.</span>
        )}
      </fieldset>
      <fieldset className="create-fieldset">
        <legend>Run</legend>
        <div className="create-row">
          <div className="field">
            <label className="label" htmlFor="run-name">
              Run name
            </label>
            <input id="run-name" type="text" value={name} onChange={(e) => setName(e.target.value)} />
            {submitted && name.trim() === '' && <span className="field-error">Give the run a name.</span>}
          </div>
          <div className="field">
            <label className="label" htmlFor="experiment">
              Experiment
            </label>
            <select id="experiment" value={experimentId} onChange={(e) => setExperimentId(e.target.value)}>
              <option value="">Default</option>
              {experimentId !== '' &&
                !experiments.data?.experiments?.some((x) => x.experiment_id === experimentId) && (
                  <option value={experimentId}>{experimentId}</option>
                )}
              {(experiments.data?.experiments ?? []).map((x) => (
                <option key={x.experiment_id} value={x.experiment_id}>
                  {x.display_name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="toolbar" role="radiogroup" aria-label="Run type">
          <label>
            <input
              type="radio"
              name="run-type"
              checked={recurring === undefined}
              onChange={() => setRecurring(undefined)}
            />
            One-off
          </label>
          <label>
            <input
              type="radio"
              name="run-type"
              checked={recurring !== undefined}
              onChange={() => setRecurring(recurring ?? DEFAULT_RECURRING)}
            />
            Recurring
          </label>
        </div>
      </fieldset>
      {recurring !== undefined && (
        <RecurringFieldset
          form={recurring}
          errors={submitted ? recurringErrors : {}}
          onChange={setRecurring}
        />
      )}
      <fieldset className="create-fieldset">
        <legend>Parameters</legend>
        {spec === undefined ? (
          version.isFetching ? (
            <Loading what="Reading the pipeline's parameters" />
          ) : (
            <p className="muted">Choose a pipeline version to see its parameters.</p>
          )
        ) : defs.length === 0 ? (
          <p className="muted">This pipeline takes no parameters.</p>
        ) : (
          <div className="create-params">
            {defs.map((def) => (
              <ParamField
                key={def.name}
                def={def}
                text={shown[def.name] ?? ''}
                error={submitted || touched.has(def.name) ? errors[def.name] : undefined}
                onChange={(text) => setTexts((current) => ({ ...current, [def.name]: text }))}
                onBlur={() => setTouched((current) => new Set(current).add(def.name))}
              />
            ))}
          </div>
        )}
      </fieldset>
      {submitError !== undefined && (
        <ErrorBanner error={submitError} title="The server did not create the run" />
      )}
      <div className="toolbar">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {recurring === undefined ? 'Start run' : 'Create recurring run'}
        </button>
        <a className="btn" href="#/runs">
          Cancel
        </a>
      </div>
    </form>
  );
}

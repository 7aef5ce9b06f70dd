import { useQuery } from '@tanstack/react-query';
import { getRecurringRun, type KfpRecurringRun } from '../../api/recurring-api';
import { getRun, type KfpRun } from '../../api/runs-create-api';
import { DEFAULT_RECURRING, type RecurringForm } from './recurring-form';

/** What the create-run form starts with, from its URL (KFP's query parameters). */
export interface RunFormStart {
  readonly pipelineId: string;
  readonly versionId: string;
  /** A cloned run's own spec when it had no pipeline version. */
  readonly inlineSpec: unknown;
  readonly name: string;
  readonly experimentId: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly recurring: RecurringForm | undefined;
  /** What was cloned, for the page's title. */
  readonly clonedFrom: string | undefined;
}

/** `datetime-local` text (local time) for an RFC 3339 time. */
function localInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || date.getTime() <= 0) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function fromSource(
  source: KfpRun | KfpRecurringRun,
  name: string,
): Omit<RunFormStart, 'recurring' | 'clonedFrom'> {
  const ref = source.pipeline_version_reference;
  return {
    pipelineId: ref?.pipeline_id ?? '',
    versionId: ref?.pipeline_version_id ?? '',
    inlineSpec: ref?.pipeline_version_id ? undefined : source.pipeline_spec,
    name,
    experimentId: source.experiment_id ?? '',
    parameters: source.runtime_config?.parameters ?? {},
  };
}

function recurringOf(rr: KfpRecurringRun): RecurringForm {
  const cron = rr.trigger?.cron_schedule;
  const periodic = rr.trigger?.periodic_schedule;
  const bounds = cron ?? periodic ?? {};
  return {
    ...DEFAULT_RECURRING,
    kind: periodic ? 'interval' : 'cron',
    cron: cron?.cron ?? DEFAULT_RECURRING.cron,
    intervalValue: periodic ? String(periodic.interval_second ?? '3600') : DEFAULT_RECURRING.intervalValue,
    intervalUnit: periodic ? 'seconds' : DEFAULT_RECURRING.intervalUnit,
    maxConcurrency: String(rr.max_concurrency ?? '10'),
    start: localInput(bounds.start_time),
    end: localInput(bounds.end_time),
    catchup: rr.no_catchup !== true,
  };
}

/** The form's start: blank with the URL's pipeline, version and experiment, or a clone. */
export function useRunFormStart(query: URLSearchParams) {
  const runId = query.get('cloneFromRun') ?? '';
  const recurringId = query.get('cloneFromRecurringRun') ?? '';
  return useQuery({
    queryKey: ['create-run-start', query.toString()],
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: async (): Promise<RunFormStart> => {
      if (runId !== '') {
        const run = await getRun(runId);
        return {
          ...fromSource(run, `Clone of ${run.display_name}`),
          recurring: undefined,
          clonedFrom: run.display_name,
        };
      }
      if (recurringId !== '') {
        const rr = await getRecurringRun(recurringId);
        return {
          ...fromSource(rr, `Clone of ${rr.display_name}`),
          recurring: recurringOf(rr),
          clonedFrom: rr.display_name,
        };
      }
      return {
        pipelineId: query.get('pipelineId') ?? '',
        versionId: query.get('pipelineVersionId') ?? '',
        inlineSpec: undefined,
        name: '',
        experimentId: query.get('experimentId') ?? '',
        parameters: {},
        recurring: query.get('recurring') === '1' ? DEFAULT_RECURRING : undefined,
        clonedFrom: undefined,
      };
    },
  });
}

/** Values of the `{{$.pipeline_*}}` placeholders for one task. */
export interface PipelinePlaceholderValues {
  readonly jobName: string;
  readonly jobResourceName: string;
  readonly jobUuid: string;
  readonly taskName: string;
  readonly taskUuid: string;
  readonly pipelineRoot: string;
  readonly createTimeUtc: string;
  readonly scheduleTimeUtc: string;
  /** The run's shared workspace directory (`{{$.workspace_path}}`; a PVC on Kubernetes). */
  readonly workspacePath: string;
}

const PATTERN = /\{\{\$\.(pipeline_[a-z_]+|workspace_path)\}\}/g;

/** Replace `{{$.pipeline_*}}` and `{{$.workspace_path}}` placeholders in a runtime constant (KFP resolves them in constants too). */
export function substitutePipelinePlaceholders(text: string, values: PipelinePlaceholderValues): string {
  return text.replace(PATTERN, (whole, name: string) => {
    switch (name) {
      case 'pipeline_job_name':
        return values.jobName;
      case 'pipeline_job_resource_name':
        return values.jobResourceName;
      case 'pipeline_job_uuid':
        return values.jobUuid;
      case 'pipeline_task_name':
        return values.taskName;
      case 'pipeline_task_uuid':
        return values.taskUuid;
      case 'pipeline_root':
        return values.pipelineRoot;
      case 'pipeline_job_create_time_utc':
        return values.createTimeUtc;
      case 'pipeline_job_schedule_time_utc':
        return values.scheduleTimeUtc;
      case 'workspace_path':
        return values.workspacePath;
      default:
        return whole;
    }
  });
}

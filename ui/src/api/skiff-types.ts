// Answers of the Skiff API (/apis/skiff/v1, docs/server.md) used across pages, snake_case as sent.

/** One attempt of a task: `GET /runs/{run}/tasks/{task}/attempts`. */
export interface Attempt {
  readonly number: number;
  readonly state: string;
  readonly start_time: string | null;
  readonly end_time: string | null;
  readonly exit_code: number | null;
  readonly failure_kind: string | null;
  readonly message: string | null;
  readonly log_uri: string | null;
  readonly next_retry_time: string | null;
  readonly retry_round: number;
  readonly note: string | null;
}

/** One artifact of a run: `GET /runs/{run}/artifacts`. */
export interface RunArtifact {
  readonly artifact_id: string;
  readonly run_id: string;
  readonly name: string;
  readonly type: string;
  readonly schema_version: string;
  readonly uri: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly size_bytes: number | null;
  readonly created_at: string;
  readonly producer: {
    readonly task_id: string;
    readonly task_path: string | null;
    readonly output_name: string;
  } | null;
  readonly consumers: readonly {
    readonly task_id: string;
    readonly task_path: string | null;
    readonly input_name: string;
  }[];
}

export interface RunArtifactsAnswer {
  readonly run_id: string;
  readonly artifacts: readonly RunArtifact[];
}

/** The content of an artifact (`?path=` for a file inside a directory artifact). */
export const artifactContentPath = (artifactId: string) =>
  `/apis/skiff/v1/artifacts/${encodeURIComponent(artifactId)}`;

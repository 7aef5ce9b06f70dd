import { pipeline, task } from './ir-builder.js';
import { TINY_PNG_BASE64 } from './ui-artifact-runs.js';

/** Output artifacts of the `make` task, in the order of its shell arguments ($0, $1, …). */
const OUTPUTS = {
  table: 'system.Dataset',
  notes: 'system.Markdown',
  page: 'system.HTML',
  plot: 'system.Artifact',
  files: 'system.Dataset',
  biglog: 'system.Artifact',
  config: 'system.Artifact',
} as const;

/** The HTML artifact: a script that, when it runs (in the sandboxed frame), rewrites #out. */
export const HTML_WITH_SCRIPT =
  '<!doctype html><html><body><p id="out">script did not run</p>' +
  "<script>document.getElementById('out').textContent = 'script ran in ' + (window.origin || 'null');</script></body></html>";

/**
 * One shell task writing one artifact of each preview kind, each file without an extension as
 * KFP outputs are: a 45-row CSV, Markdown (with raw HTML), HTML with a script, a PNG, a directory,
 * a 2 MB text and JSON.
 */
export function previewSpec(pipelineRoot?: string): string {
  const script = [
    'for p in "$@" "$0"; do mkdir -p "$(dirname "$p")"; done',
    // $0 table: a header and 45 rows.
    `{ echo 'id,name,score'; i=1; while [ $i -le 45 ]; do echo "$i,item-$i,$((i*2))"; i=$((i+1)); done; } > "$0"`,
    `printf '# Quarterly report\\n\\nSome **bold** words.\\n\\n<b class="raw">raw html</b>\\n' > "$1"`,
    `cat > "$2" <<'HTML'\n${HTML_WITH_SCRIPT}\nHTML`,
    `echo '${TINY_PNG_BASE64}' | base64 -d > "$3"`,
    'mkdir -p "$4/sub" && echo hello > "$4/readme.txt" && printf "a,b\\n1,2\\n" > "$4/sub/data.csv"',
    'seq 1 200000 | sed "s/^/line /" > "$5"',
    `echo '{"b":[1,2],"a":{"x":true}}' > "$6"`,
  ].join('\n');
  const spec = JSON.parse(
    pipeline(
      'previews',
      { make: { outputArtifacts: { ...OUTPUTS }, script } },
      { tasks: { make: task('make') } },
    ),
  );
  spec.deploymentSpec.executors['exec-make'].container.args = Object.keys(OUTPUTS).map(
    (name) => `{{$.outputs.artifacts['${name}'].path}}`,
  );
  if (pipelineRoot !== undefined) spec.defaultPipelineRoot = pipelineRoot;
  return JSON.stringify(spec);
}

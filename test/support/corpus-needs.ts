import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { parsePipInstalls } from '../../src/launcher/python-command.js';
import { netns } from './netns.js';

/**
 * What each NOT_LOCAL corpus file needs that a plain machine lacks (read from the `why` of
 * expectations.yaml). A machine that has every tool and can install every Python package the
 * file's components install (into environments of their own) may run the file; then it must
 * succeed, or, when it also needs the network (which tests never reach), fail. `mentions` is
 * what the failure must name.
 */
export interface CorpusNeeds {
  readonly tools?: readonly string[];
  /** The file's components install Python packages (packages_to_install): see {@link installable}. */
  readonly python?: readonly string[];
  readonly network?: boolean;
  readonly mentions: RegExp;
}

export const NOT_LOCAL_NEEDS: Readonly<Record<string, CorpusNeeds>> = {
  'valid/components_with_optional_artifacts.yaml': { mentions: /gs:\/\// },
  'valid/container_io.yaml': { mentions: /my_program/ },
  'valid/container_with_artifact_output.yaml': { mentions: /run\.sh/ },
  'valid/container_with_concat_placeholder.yaml': { mentions: /my_program/ },
  'valid/container_with_if_placeholder.yaml': { mentions: /my_program/ },
  'valid/containerized_python_component.yaml': { mentions: /kfp_config\.ini|kfp-image/ },
  'valid/critical/modelcar.yaml': { mentions: /oci:\/\// },
  'valid/critical/notebook_component_simple.yaml': {
    python: ['nbclient', 'ipykernel', 'jupyter_client'],
    mentions: /nbclient/,
  },
  'valid/critical/parameters_simple.yaml': { tools: ['jq'], mentions: /jq/ },
  'valid/critical/pipeline_with_artifact_upload_download.yaml': {
    python: ['datasets'],
    network: true,
    mentions: /datasets/,
  },
  'valid/critical/pipeline_with_secret_as_env.yaml': { mentions: /secret/i },
  'valid/critical/pipeline_with_submit_request.yaml': { python: ['requests'], mentions: /requests/ },
  'valid/critical/pipeline_with_volume_long_name.yaml': { mentions: /PersistentVolumeClaim|pvc/i },
  'valid/essential/component_with_pip_index_urls.yaml': { python: ['yapf'], network: true, mentions: /yapf/ },
  'valid/essential/component_with_pip_install.yaml': { python: ['yapf'], network: true, mentions: /yapf/ },
  'valid/essential/component_with_pip_install_in_venv.yaml': {
    python: ['yapf'],
    network: true,
    mentions: /yapf/,
  },
  'valid/integration/ray_integration_compiled.yaml': {
    python: ['codeflare_sdk'],
    network: true,
    mentions: /codeflare/,
  },
  'valid/metrics_visualization_v2.yaml': { python: ['sklearn'], mentions: /sklearn|scikit/ },
  'valid/notebook_component_mixed.yaml': {
    python: ['nbclient', 'ipykernel', 'jupyter_client'],
    mentions: /nbclient/,
  },
  'valid/parallel_and_nested/nested_parallel_for_secret.yaml': { mentions: /secret/i },
  'valid/parallel_and_nested/parallel_for_mount_pvc.yaml': { mentions: /PersistentVolumeClaim|pvc/i },
  'valid/parallel_and_nested/parallel_for_secret.yaml': { mentions: /secret/i },
  'valid/pipeline_with_condition_dynamic_task_output_custom_training_job.yaml': {
    python: ['google_cloud_pipeline_components'],
    network: true,
    mentions: /google_cloud_pipeline_components/,
  },
  'valid/pipeline_with_dynamic_task_output_custom_training_job.yaml': {
    python: ['google_cloud_pipeline_components'],
    network: true,
    mentions: /google_cloud_pipeline_components/,
  },
  'valid/pipeline_with_importer.yaml': { mentions: /gs:\/\// },
  'valid/pipeline_with_secret_as_volume.yaml': { mentions: /secret/i },
  'valid/pipeline_with_various_io_types.yaml': { mentions: /input3|gcr\.io\/image/ },
  'valid/pipeline_with_volume.yaml': { mentions: /PersistentVolumeClaim|pvc/i },
  'valid/pvc_mount.yaml': { mentions: /pvc/i },
  'valid/pythonic_artifact_with_single_return.yaml': { mentions: /dill|gs:\/\// },
  'valid/sequential_v2.yaml': { tools: ['gsutil'], network: true, mentions: /gsutil|gs:\/\// },
  'valid/two_step_pipeline.yaml': { tools: ['gsutil'], network: true, mentions: /gsutil|gs:\/\// },
  'valid/xgboost_sample_pipeline.yaml': {
    tools: ['curl'],
    python: ['pandas', 'pyarrow', 'xgboost'],
    network: true,
    mentions: /curl|pandas|pyarrow|xgboost/,
  },
};

/**
 * Outputs that depend on a random coin flip: the expected value is the constant of the branch that ran,
 * keyed by the condition task that SUCCEEDED.
 */
export const RANDOM_OUTPUTS: Readonly<
  Record<string, { readonly output: string; readonly byBranch: Readonly<Record<string, string>> }>
> = {
  'valid/if_else_with_oneof_parameters.yaml': {
    output: 'Output',
    byBranch: {
      'condition-branches-1.condition-2': 'Got heads!',
      'condition-branches-1.condition-3': 'Got tails!',
    },
  },
  'valid/if_elif_else_with_oneof_parameters.yaml': {
    output: 'Output',
    byBranch: {
      'roll-die-pipeline.condition-branches-1.condition-2': 'Got heads!',
      'roll-die-pipeline.condition-branches-1.condition-3': 'Got tails!',
      'roll-die-pipeline.condition-branches-1.condition-4': 'Draw!',
    },
  },
};

function has(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

/** True when this machine has every tool `needs` lists and can install the Python packages of `file` (network aside). */
export function machineHas(needs: CorpusNeeds, file: string): boolean {
  if (!needs.tools && !needs.python) return false;
  const tools = (needs.tools ?? []).every((tool) =>
    has(() => execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' })),
  );
  return tools && (!needs.python || installable(file));
}

const installableCache = new Map<string, boolean>();

/**
 * True when pip, as this machine is set up and with no network but loopback, resolves the
 * packages_to_install of every component of `file` (`pip install --dry-run --ignore-installed`:
 * nothing is installed anywhere). That is exactly what Skiff's environment for each would need.
 */
export function installable(file: string): boolean {
  const cached = installableCache.get(file);
  if (cached !== undefined) return cached;
  const wrap = netns();
  let ok = wrap.ok;
  for (const packages of corpusPackages(file)) {
    if (!ok) break;
    const pip = ['python3', '-m', 'pip', 'install', '--dry-run', '--ignore-installed', '--quiet'];
    const argv = [...(wrap.ok ? wrap.prefix : []), ...pip, '--retries', '1', '--timeout', '15'];
    const result = spawnSync(argv[0]!, [...argv.slice(1), ...packages.options, ...packages.requirements], {
      stdio: 'ignore',
      timeout: 300_000,
    });
    ok = result.status === 0;
  }
  installableCache.set(file, ok);
  return ok;
}

/** The packages_to_install (with index options) of each Python component of a corpus file. */
export function corpusPackages(file: string): Array<ReturnType<typeof parsePipInstalls>> {
  const found: Array<ReturnType<typeof parsePipInstalls>> = [];
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const spec = doc.toJS() as {
      deploymentSpec?: { executors?: Record<string, { container?: { command?: string[] } }> };
    };
    for (const executor of Object.values(spec?.deploymentSpec?.executors ?? {})) {
      const command = executor.container?.command ?? [];
      if (command[0] !== 'sh' || command[1] !== '-c' || !/pip install/.test(command[2] ?? '')) continue;
      const packages = parsePipInstalls(command[2]!);
      if (packages.requirements.length > 0) found.push(packages);
    }
  }
  return found;
}

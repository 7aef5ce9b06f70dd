// The command and args the KFP SDK compiles a lightweight Python component to, shared by tests
// and benchmarks (plain JavaScript, so `node bench/...` can import it without a build).

/**
 * `sh -ec` writing the function's module (the SDK's prelude plus `source`), then
 * `python3 -m kfp.dsl.executor_main` running `fn` with the executor input.
 */
export function kfpPython(fn, source) {
  return {
    command: [
      'sh',
      '-ec',
      'program_path=$(mktemp -d)\n\nprintf "%s" "$0" > "$program_path/ephemeral_component.py"\n_KFP_RUNTIME=true python3 -m kfp.dsl.executor_main                         --component_module_path                         "$program_path/ephemeral_component.py"                         "$@"\n',
      `\nimport kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *\n\n${source}\n`,
    ],
    args: ['--executor_input', '{{$}}', '--function_to_execute', fn],
  };
}

"""Entry point: ``python3 -m kfp.dsl.executor_main --component_module_path P
--executor_input JSON --function_to_execute NAME``.

Loads the component module, runs the function through ``Executor`` and writes
executor_output.json. A function that raises ends the process with exit code 1
and the traceback on stderr. Unknown arguments are ignored, as in KFP.
"""

import json
import sys
import time
from typing import Dict, List, Optional

from kfp.dsl.component_module import find_function, load_module, module_path_from_config
from kfp.dsl.executor import Executor

# argparse and logging are left out on purpose: importing them costs more than the rest of the
# runtime, and every lightweight component pays it at start.
_FLAGS = ('component_module_path', 'function_to_execute', 'executor_input')


def _parse_args(argv: Optional[List[str]]) -> Dict[str, str]:
    """Reads ``--name value`` / ``--name=value`` for the known flags; others are ignored (as KFP does)."""
    args = sys.argv[1:] if argv is None else argv
    parsed: Dict[str, str] = {}
    i = 0
    while i < len(args):
        arg = args[i]
        name, eq, value = arg[2:].partition('=') if arg.startswith('--') else ('', '', '')
        if name in _FLAGS:
            if not eq:
                if i + 1 >= len(args):
                    _usage_error('argument --%s: expected one argument' % name)
                i += 1
                value = args[i]
            parsed[name] = value
        i += 1
    if 'function_to_execute' not in parsed:
        _usage_error('the following arguments are required: --function_to_execute')
    return parsed


def _usage_error(message: str) -> None:
    sys.stderr.write(
        'usage: executor_main.py [--component_module_path PATH] --function_to_execute NAME '
        '[--executor_input JSON]\nexecutor_main.py: error: %s\n' % message
    )
    sys.exit(2)


def _log(message: str) -> None:
    """A line in KFP's executor log format."""
    now = time.time()
    stamp = time.strftime('%Y-%m-%d %H:%M:%S', time.localtime(now))
    sys.stdout.write('[KFP Executor %s,%03d INFO]: %s\n' % (stamp, int(now * 1000) % 1000, message))
    sys.stdout.flush()


def executor_main(argv: Optional[List[str]] = None) -> None:
    """Runs one component function as described by the command-line arguments."""
    args = _parse_args(argv)
    func_name = args['function_to_execute']
    module_path = args.get('component_module_path') or module_path_from_config(func_name)
    _log('Loading KFP component "%s" from %s' % (func_name, module_path))
    module = load_module(module_path)
    function = find_function(module, func_name, module_path)
    if args.get('executor_input') is None:
        raise ValueError('--executor_input is required: the JSON ExecutorInput for this task')
    executor_input = json.loads(args['executor_input'])
    _log('Got executor_input:\n%s' % json.dumps(executor_input, indent=4))
    Executor(executor_input=executor_input, function_to_execute=function).execute()


if __name__ == '__main__':
    executor_main()

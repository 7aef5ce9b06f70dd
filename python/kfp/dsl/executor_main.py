"""Entry point: ``python3 -m kfp.dsl.executor_main --component_module_path P
--executor_input JSON --function_to_execute NAME``.

Loads the component module, runs the function through ``Executor`` and writes
executor_output.json. A function that raises ends the process with exit code 1
and the traceback on stderr. Unknown arguments are ignored, as in KFP.
"""

import argparse
import json
import logging
import sys
from typing import List, Optional

from kfp.dsl.component_module import find_function, load_module, module_path_from_config
from kfp.dsl.executor import Executor


def _parse_args(argv: Optional[List[str]]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description='KFP Component Executor.')
    parser.add_argument('--component_module_path', type=str, help='Path to a module containing the KFP component.')
    parser.add_argument(
        '--function_to_execute', type=str, required=True, help='Name of the component function to execute.'
    )
    parser.add_argument('--executor_input', type=str, help='JSON-serialized ExecutorInput from the orchestrator.')
    args, _ = parser.parse_known_args(argv)
    return args


def executor_main(argv: Optional[List[str]] = None) -> None:
    """Runs one component function as described by the command-line arguments."""
    logging.basicConfig(
        stream=sys.stdout, format='[KFP Executor %(asctime)s %(levelname)s]: %(message)s', level=logging.INFO
    )
    args = _parse_args(argv)
    func_name = args.function_to_execute
    module_path = args.component_module_path or module_path_from_config(func_name)
    logging.info('Loading KFP component "%s" from %s', func_name, module_path)
    module = load_module(module_path)
    function = find_function(module, func_name, module_path)
    if args.executor_input is None:
        raise ValueError('--executor_input is required: the JSON ExecutorInput for this task')
    executor_input = json.loads(args.executor_input)
    logging.info('Got executor_input:\n%s', json.dumps(executor_input, indent=4))
    Executor(executor_input=executor_input, function_to_execute=function).execute()


if __name__ == '__main__':
    executor_main()

"""Bare baseline for a chain of KFP Python function tasks: the same function, run by the bundled
KFP runtime (`kfp.dsl.executor_main`) in a child forked from a warm interpreter, one step after
the other, each step's output (read back from its executor_output.json) feeding the next step's
input. This is what Skiff's fork server does per task, without Skiff around it. Prints one JSON
line: {"loopMs": time from the first fork to the last output read, "value": the last output}.

Usage: PYTHONPATH=<repo>/python python3 bench/forked-chain.py COUNT MODULE_PATH FUNCTION
"""

import json
import os
import shutil
import sys
import tempfile
import time

import kfp.dsl.executor_main as executor_main


def executor_input(x, output_file):
    return {
        'inputs': {'parameterValues': {'x': x}},
        'outputs': {
            'parameters': {'Output': {'outputFile': output_file + '.Output'}},
            'outputFile': output_file,
        },
    }


def main():
    count, module_path, function = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    work = tempfile.mkdtemp(prefix='forked-chain-')
    null = os.open(os.devnull, os.O_WRONLY)
    x = 0
    started = time.perf_counter()
    for step in range(count):
        output_file = os.path.join(work, 'executor_output-%d.json' % step)
        args = [
            '--component_module_path', module_path,
            '--executor_input', json.dumps(executor_input(x, output_file)),
            '--function_to_execute', function,
        ]
        pid = os.fork()
        if pid == 0:
            os.setsid()
            os.dup2(null, 1)
            os.dup2(null, 2)
            try:
                executor_main.executor_main(args)
                code = 0
            except BaseException:  # noqa: BLE001
                code = 1
            sys.stdout.flush()
            os._exit(code)
        _, status = os.waitpid(pid, 0)
        if status != 0:
            raise SystemExit('step %d failed with status %d' % (step, status))
        with open(output_file) as f:
            x = json.load(f)['parameterValues']['Output']
    loop_ms = (time.perf_counter() - started) * 1000
    shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({'loopMs': loop_ms, 'value': x}))


if __name__ == '__main__':
    main()

"""What a forked Python task costs this machine before Skiff does anything: the price of a page
fault (first touch, copy-on-write, a write-protect fault that copies nothing, and the same pages
made writable in one `madvise(MADV_POPULATE_WRITE)` call), then a child forked from a warm
interpreter that has the bundled KFP runtime loaded: faults before its first statement, and faults,
CPU and wall time of one `add_one` run by `kfp.dsl.executor_main` in it, against the same run in
the warm parent. A chain of forked Python steps cannot go faster than the second part allows.

Prints one JSON object (medians over ROUNDS children). Usage:
  PYTHONPATH=<repo>/python python3 bench/fork-cost.py [ROUNDS=20]
"""

import json
import mmap
import os
import resource
import sys
import tempfile
import time

import kfp.dsl.executor_main as executor_main

PAGES = 2000
PAGE = mmap.PAGESIZE
MADV_POPULATE_WRITE = 23  # Linux 5.14+


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def in_child(work):
    """Runs `work()` in a forked child; returns what it returns (a JSON-able value)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        code = 0
        try:
            os.write(write, json.dumps(work()).encode())
        except BaseException:  # noqa: BLE001  (the parent sees no answer)
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    data = b''
    while True:
        chunk = os.read(read, 65536)
        if not chunk:
            break
        data += chunk
    os.close(read)
    os.waitpid(pid, 0)
    return json.loads(data)


def per_page_us(touch):
    started = time.perf_counter()
    touch()
    return (time.perf_counter() - started) / PAGES * 1e6


def fault_costs(rounds):
    area = mmap.mmap(-1, PAGES * PAGE, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS)

    def write_all(value):
        def touch():
            for i in range(PAGES):
                area[i * PAGE] = value

        return touch

    first = per_page_us(write_all(1))
    copy, populate, reuse = [], [], []
    for _ in range(rounds):
        copy.append(in_child(lambda: per_page_us(write_all(2))))

        def populate_then_write():
            return per_page_us(lambda: (area.madvise(MADV_POPULATE_WRITE, 0, PAGES * PAGE), write_all(3)()))

        try:
            populate.append(in_child(populate_then_write))
        except ValueError:  # no answer: the kernel does not know the advice
            pass
        # The child is gone, but the parent's pages are still marked copy-on-write: each write
        # faults once more and copies nothing.
        reuse.append(per_page_us(write_all(4)))
    plain = per_page_us(write_all(5))
    return {
        'firstTouchUs': round(first - plain, 2),
        'copyOnWriteUs': round(median(copy) - plain, 2),
        'writeProtectNoCopyUs': round(median(reuse) - plain, 2),
        'populateWritePerPageUs': round(median(populate) - plain, 2) if populate else None,
        'noFaultUs': round(plain, 3),
    }


def forked_run(rounds):
    work = tempfile.mkdtemp(prefix='skiff-fork-cost-')
    module = os.path.join(work, 'ephemeral_component.py')
    with open(module, 'w') as f:
        f.write('import kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *\n\n'
                'def add_one(x: int) -> int:\n    return x + 1\n')  # fmt: skip
    output = os.path.join(work, 'executor_output.json')
    executor_input = {
        'inputs': {'parameterValues': {'x': 1}},
        'outputs': {'parameters': {'Output': {'outputFile': output + '.Output'}}, 'outputFile': output},
    }
    args = ['--component_module_path', module, '--executor_input', json.dumps(executor_input),
            '--function_to_execute', 'add_one']  # fmt: skip
    null = os.open(os.devnull, os.O_WRONLY)
    saved = [os.dup(1), os.dup(2)]
    for fd in (1, 2):  # the runtime logs
        os.dup2(null, fd)
    sys.dont_write_bytecode = True

    def run_once():
        before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        executor_main.executor_main(list(args))
        wall = (time.perf_counter() - started) * 1000
        after = resource.getrusage(resource.RUSAGE_SELF)
        sys.modules.pop('ephemeral_component', None)
        cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
        return {'faults': after.ru_minflt - before.ru_minflt, 'cpuMs': cpu, 'wallMs': wall}

    try:
        run_once()
        warm = [run_once() for _ in range(rounds)]
        children = []
        for _ in range(rounds):
            forked_at = time.perf_counter()

            def child():
                at_start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
                started_ms = (time.perf_counter() - forked_at) * 1000
                return {'startFaults': at_start, 'startMs': started_ms, **run_once()}

            children.append(in_child(child))
    finally:
        for fd, kept in zip((1, 2), saved):
            os.dup2(kept, fd)
    return {
        'warmRun': {key: round(median([r[key] for r in warm]), 2) for key in ('faults', 'cpuMs', 'wallMs')},
        'forkedChild': {
            key: round(median([r[key] for r in children]), 2)
            for key in ('startFaults', 'startMs', 'faults', 'cpuMs', 'wallMs')
        },
    }


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    print(json.dumps({'pageFault': fault_costs(rounds), 'addOne': forked_run(rounds), 'rounds': rounds}))


if __name__ == '__main__':
    main()

"""Runs COMMAND [ARGS...] with inherited stdio and, once it and every process it left behind have
ended, writes the user + system CPU time of its whole process tree (the CLI, its helpers and the
task processes they started) and its wall time (from its start to its own end, this wrapper's
start-up left out) to stderr as a last line `TREE_CPU_MS <ms> WALL_MS <ms>`. Exits with its exit
code. This process is a child subreaper (Linux), so helpers that outlive the command are reaped here
and their CPU counted.

Usage: python3 -I -S bench/tree-cpu.py COMMAND [ARGS...]
"""

import ctypes
import os
import resource
import subprocess
import sys
import time

PR_SET_CHILD_SUBREAPER = 36


def main():
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    started = time.perf_counter()
    code = subprocess.call(sys.argv[1:])
    wall_ms = (time.perf_counter() - started) * 1000
    while True:
        try:
            os.wait()
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_ms = (usage.ru_utime + usage.ru_stime) * 1000
    sys.stderr.write('\nTREE_CPU_MS %.1f WALL_MS %.1f\n' % (cpu_ms, wall_ms))
    sys.exit(code)


if __name__ == '__main__':
    main()

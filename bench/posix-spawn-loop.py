"""Bare baseline for Skiff's benchmarks: start COUNT processes of COMMAND [ARGS...] with
os.posix_spawn (as runtime/spawner.py does), at most PARALLEL at once; with PARALLEL 1 each is
waited for before the next starts (a chain). stdout/stderr go to /dev/null. Prints one JSON line:
{"loopMs": time from the first spawn to the last exit}.

Usage: python3 -I -S bench/posix-spawn-loop.py COUNT PARALLEL COMMAND [ARGS...]
"""

import json
import os
import shutil
import sys
import time


def main():
    count, parallel = int(sys.argv[1]), int(sys.argv[2])
    command, args = sys.argv[3], sys.argv[3:]
    path = command if '/' in command else shutil.which(command)
    null = os.open(os.devnull, os.O_RDWR)
    actions = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
    env = dict(os.environ)
    started = time.perf_counter()
    running = 0
    for _ in range(count):
        if running == parallel:
            os.waitpid(-1, 0)
            running -= 1
        os.posix_spawn(path, args, env, file_actions=actions, setsid=True)
        running += 1
    while running:
        os.waitpid(-1, 0)
        running -= 1
    print(json.dumps({'loopMs': (time.perf_counter() - started) * 1000}))


if __name__ == '__main__':
    main()

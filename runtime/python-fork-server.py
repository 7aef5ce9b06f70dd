"""Skiff's Python fork server: runs KFP lightweight Python components by forking a warm interpreter.

A fresh `python3` spends most of a trivial component's time starting up (site, the kfp runtime,
json, typing). This server pays that once: it imports the runtime, then forks one child per task.
Each child becomes a process group leader, writes stdout and stderr to the task's log file, takes
the task's environment and working directory, and runs `kfp.dsl.executor_main` with the task's
arguments, exactly as `python3 -m kfp.dsl.executor_main ARGS` would.

Protocol: JSON lines. In on stdin: {"id", "args", "env", "cwd", "logPath"}. Out on stdout:
{"type": "started", "id", "pid"} | {"type": "exit", "id", "code", "signal"} |
{"type": "error", "id", "message"} | {"type": "ready"}. The server exits when stdin closes.
"""

import json
import os
import select
import signal
import sys
import time
import traceback

import kfp.dsl.executor_main as executor_main  # noqa: F401  (imported here so children start warm)
from kfp import dsl  # noqa: F401

_out = sys.stdout


def _send(message):
    _out.write(json.dumps(message) + '\n')
    _out.flush()


def _add_user_site():
    """Packages pip installed with --user after the server started are importable too."""
    import site

    user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    if user_site and user_site not in sys.path and os.path.isdir(user_site):
        site.addsitedir(user_site)


def _child(request):
    """Runs in the forked child; never returns."""
    code = 1
    try:
        os.setsid()
        os.makedirs(os.path.dirname(request['logPath']), exist_ok=True)
        fd = os.open(request['logPath'], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
        os.close(null)
        sys.stdout = os.fdopen(1, 'w', buffering=-1, closefd=False)
        sys.stderr = os.fdopen(2, 'w', buffering=1, closefd=False)
        for name in _HELD_SIGNALS + (signal.SIGCHLD,):
            signal.signal(name, signal.SIG_DFL)
        os.chdir(request['cwd'])
        os.environ.clear()
        os.environ.update(request['env'])
        sys.argv = [executor_main.__file__] + list(request['args'])
        _add_user_site()
        try:
            executor_main.executor_main(list(request['args']))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
            if exit_.code is not None and not isinstance(exit_.code, int):
                sys.stderr.write('%s\n' % exit_.code)
        except BaseException:  # noqa: BLE001  (the task's failure, reported as Python reports it)
            traceback.print_exc()
            code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _reap(pids):
    while pids:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        request_id = pids.pop(pid, None)
        if request_id is None:
            continue
        if os.WIFSIGNALED(status):
            _send({'type': 'exit', 'id': request_id, 'code': None, 'signal': os.WTERMSIG(status)})
        else:
            _send({'type': 'exit', 'id': request_id, 'code': os.WEXITSTATUS(status), 'signal': None})


# Ctrl-C at a terminal, a closed terminal or a signal to the whole process group reach this server
# too: the engine decides what happens to the tasks, and the server must stay until it says.
_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def _terminate_all(pids, grace_seconds=2.0):
    """The engine went away: no task may outlive it. SIGTERM each child's group, SIGKILL after the grace."""
    groups = list(pids)
    for pid in groups:
        _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    while pids and time.monotonic() < deadline:
        time.sleep(0.02)
        _reap(pids)
    for pid in groups:
        _signal_group(pid, signal.SIGKILL)


def _signal_group(pid, number):
    try:
        os.killpg(pid, number)
    except (ProcessLookupError, PermissionError):
        pass  # the group is gone already


def main():
    for number in _HELD_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    read_wake, write_wake = os.pipe()
    os.set_blocking(write_wake, False)
    signal.set_wakeup_fd(write_wake)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    stdin = sys.stdin.buffer
    pids = {}
    buffer = b''
    _send({'type': 'ready'})
    while True:
        try:
            ready, _, _ = select.select([stdin.fileno(), read_wake], [], [])
        except InterruptedError:
            continue
        if read_wake in ready:
            os.read(read_wake, 4096)
        _reap(pids)
        if stdin.fileno() not in ready:
            continue
        chunk = os.read(stdin.fileno(), 65536)
        if not chunk:
            _terminate_all(pids)
            return
        buffer += chunk
        while b'\n' in buffer:
            line, buffer = buffer.split(b'\n', 1)
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                pid = os.fork()
            except OSError as error:
                _send({'type': 'error', 'id': request['id'], 'message': 'fork failed: %s' % error})
                continue
            if pid == 0:
                signal.set_wakeup_fd(-1)
                os.close(read_wake)
                os.close(write_wake)
                _child(request)
            pids[pid] = request['id']
            _send({'type': 'started', 'id': request['id'], 'pid': pid})
        _reap(pids)


if __name__ == '__main__':
    main()

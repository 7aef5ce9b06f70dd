"""Skiff's Python fork server: runs KFP lightweight Python components by forking a warm interpreter.

A fresh `python3` spends most of a trivial component's time starting up (site, the kfp runtime,
json, typing). This server pays that once: it imports the runtime, then forks one child per task.
Each child becomes a process group leader, writes stdout and stderr to the task's log file, takes
the task's environment and working directory, and runs `kfp.dsl.executor_main` with the task's
arguments, exactly as `python3 -m kfp.dsl.executor_main ARGS` would.

A forked child pays for every page it touches first (a copy-on-write or page-table fault each,
dear on virtual machines: ~700 faults, ~10-20 ms, against ~1 ms of work for a trivial task). So
the server keeps up to two spare children forked ahead of the next tasks, made one at a time and
only while nothing else waits: a spare runs a dummy component once (the pages that run touches are
its own afterwards; the dummy leaves no module, path or file behind), says so, then waits for a
task. A task goes to the oldest spare; one that finds none gets a child forked for it at once.
A child reports its exit code through its own status pipe just before it exits, so the engine
does not wait for the kernel to tear the process down; a child that ends otherwise (a signal,
os._exit in the task) is reported when it is reaped.

Protocol: JSON lines. In on stdin: {"id", "args", "env", "cwd", "logPath"}. Out on stdout:
{"type": "started", "id", "pid"} | {"type": "exit", "id", "code", "signal"} (once per task) |
{"type": "error", "id", "message"} | {"type": "ready"}. The server exits when stdin closes.
"""

import json
import os
import re
import select
import shutil
import signal
import sys
import tempfile
import time
import traceback

sys.path.append(os.path.dirname(os.path.abspath(__file__)))  # skiff_leftovers, beside this file (even with PYTHONSAFEPATH)
import skiff_leftovers as lo  # noqa: E402

import kfp.dsl.executor_main as executor_main  # noqa: F401  (imported here so children start warm)
from kfp import dsl  # noqa: F401
from kfp.dsl.types import artifact_types

_CHANNEL = sys.stdout.fileno()
_ID = re.compile(rb'\{"id":(\d+),')
_NULL = os.open(os.devnull, os.O_RDWR)
_NULL_INPUT = os.open(os.devnull, os.O_RDONLY)  # a task's stdin, as before
#: The SDK's prelude of a lightweight component module, and a function for the spare's dummy run.
_WARM_UP_SOURCE = (
    'import kfp\nfrom kfp import dsl\nfrom kfp.dsl import *\nfrom typing import *\n\n'
    'def skiff_warm_up(x: int) -> int:\n    return x + 1\n'
)
#: Spares kept ready: two, so that in a chain of short tasks the next spare has two steps to
#: warm up in (making one costs more than a trivial task's step).
_SPARES = 2
#: Spares that died before taking a task; after this many the server forks per task only.
_MAX_SPARE_FAILURES = 3


def _send(message):
    _send_line(json.dumps(message).encode())


def _send_line(line):
    os.write(_CHANNEL, line + b'\n')


def _add_user_site():
    """Packages pip installed with --user after the server started are importable too."""
    import site

    user_site = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    if user_site and user_site not in sys.path and os.path.isdir(user_site):
        site.addsitedir(user_site)


class WarmUp:
    """The dummy component a spare runs once before it waits for its task."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='skiff-fork-server-')
        self.module = os.path.join(self.dir, 'skiff_warm_up.py')
        with open(self.module, 'w') as f:
            f.write(_WARM_UP_SOURCE)
        output = os.path.join(self.dir, 'executor_output.json')
        executor_input = {
            'inputs': {'parameterValues': {'x': 1}},
            'outputs': {'parameters': {'Output': {'outputFile': output + '.Output'}}, 'outputFile': output},
        }
        self.args = [
            '--component_module_path', self.module,
            '--executor_input', json.dumps(executor_input),
            '--function_to_execute', 'skiff_warm_up',
        ]  # fmt: skip

    def run(self):
        """Runs the dummy in this (spare) process with output to /dev/null; restores what it changed."""
        path, dont_write = list(sys.path), sys.dont_write_bytecode
        task_root, file_uris = artifact_types.CONTAINER_TASK_ROOT, artifact_types.LOCAL_PATHS_AS_FILE_URIS
        sys.dont_write_bytecode = True
        try:
            # Setting variables allocates; doing it once here makes a task's own environment cheap.
            environ = dict(os.environ)
            os.environ.clear()
            os.environ.update(environ)
            executor_main.executor_main(list(self.args))
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:  # noqa: BLE001  (a colder start, not a failure)
            pass
        finally:
            sys.path[:] = path
            sys.dont_write_bytecode = dont_write
            sys.modules.pop('skiff_warm_up', None)
            sys.path_importer_cache.pop(self.dir, None)
            artifact_types.CONTAINER_TASK_ROOT, artifact_types.LOCAL_PATHS_AS_FILE_URIS = task_root, file_uris

    def remove(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def _run_task(request):
    """Runs one task in this forked child as `python -m kfp.dsl.executor_main` would; returns its exit code."""
    fd = -1
    try:
        os.makedirs(os.path.dirname(request['logPath']), exist_ok=True)
        fd = os.open(request['logPath'], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.dup2(_NULL_INPUT, 0)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
    finally:
        if fd >= 0:
            os.close(fd)
    sys.stdout = os.fdopen(1, 'w', buffering=-1, closefd=False)
    sys.stderr = os.fdopen(2, 'w', buffering=1, closefd=False)
    os.chdir(request['cwd'])
    if os.environ != request['env']:  # most tasks run in the server's own environment
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
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def _read_line(fd):
    """The request line the server sends a spare; None when the server went away before sending one."""
    data = b''
    while not data.endswith(b'\n'):
        chunk = os.read(fd, 65536)
        if not chunk:
            return None
        data += chunk
    return data


def _request_id(line):
    """The id of a request line. Node writes it first; the rest of the line is parsed by the child."""
    match = _ID.match(line)
    return int(match.group(1)) if match else json.loads(line)['id']


class Child:
    """A forked child as the server sees it: a spare (no request yet) or a task's process."""

    def __init__(self, pid, status, requests):
        self.pid = pid
        self.status = status  # read end of its status pipe ("w" once warm, then its exit code); None once closed
        self.requests = requests  # write end of a spare's request pipe; None once it has its task
        self.request_id = None
        self.warm = requests is None  # a child forked for a task does not warm up
        self.reported = False


class Server:
    """Forks task processes. It parses little and keeps its own writes few: after every fork each
    page it writes is copied first, on the path between a task and the engine."""

    def __init__(self):
        self.warm_up = WarmUp()
        self.children = {}  # pid -> Child, until reaped
        self.statuses = {}  # status read fd -> Child
        self.spares = []  # children without a task, oldest first
        self.spare_failures = 0
        self.leftovers = lo.Leftovers()
        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_write, False)
        self.poll = select.poll()  # not select(): no limit on descriptor numbers

    def fork(self, line):
        """Forks a child for the request `line` (None: a spare that warms up, then waits for one)."""
        requests_read, requests_write = os.pipe() if line is None else (-1, -1)
        status_read, status_write = os.pipe()
        closed = [self.wake_read, self.wake_write, *self.statuses]
        closed += [spare.requests for spare in self.spares]
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                signal.set_wakeup_fd(-1)
                for name in _HELD_SIGNALS + (signal.SIGCHLD,):
                    signal.signal(name, signal.SIG_DFL)
                for fd in closed + [requests_write, status_read]:
                    if fd >= 0:
                        os.close(fd)
                os.setsid()
                if line is None:
                    for fd in (0, 1, 2):
                        os.dup2(_NULL, fd)
                    self.warm_up.run()
                    os.write(status_write, b'w\n')
                    line = _read_line(requests_read)
                    if line is None:
                        code = 0
                        return
                code = _run_task(json.loads(line))
                os.write(status_write, b'%d\n' % (code & 0xFF))  # what waitpid would say
            finally:
                os._exit(code)
        os.close(status_write)
        if requests_read >= 0:
            os.close(requests_read)
        child = Child(pid, status_read, requests_write if line is None else None)
        self.children[pid] = child
        self.statuses[status_read] = child
        self.poll.register(status_read, select.POLLIN)
        if line is None:
            self.spares.append(child)
        return child

    def start(self, line):
        """Hands a task to the oldest spare (the likeliest to be warm), or forks a child for it."""
        request_id = _request_id(line)
        while self.spares:
            spare = self.spares.pop(0)
            spare.request_id = request_id
            _send_line(b'{"type":"started","id":%d,"pid":%d}' % (request_id, spare.pid))
            try:
                os.write(spare.requests, line + b'\n')  # a spare still warming up reads it when done
                return
            except OSError:  # it died warming up: the task goes to another child
                spare.request_id = None
                self.spare_failures += 1
            finally:
                os.close(spare.requests)
                spare.requests = None
        try:
            child = self.fork(line)
        except OSError as error:
            _send({'type': 'error', 'id': request_id, 'message': 'fork failed: %s' % error})
            return
        child.request_id = request_id
        _send_line(b'{"type":"started","id":%d,"pid":%d}' % (request_id, child.pid))

    def wants_spare(self):
        """One spare warms up at a time (warming up is CPU work that tasks and the engine compete with)."""
        return (
            len(self.spares) < _SPARES
            and all(spare.warm for spare in self.spares)
            and self.spare_failures < _MAX_SPARE_FAILURES
        )

    def close_status(self, child):
        if child.status is not None:
            del self.statuses[child.status]
            self.poll.unregister(child.status)
            os.close(child.status)
            child.status = None

    def read_status(self, child):
        """A child's status pipe is readable: "w" (warm), its exit code just before it exits, or its end."""
        data = os.read(child.status, 64)
        if not data:
            self.close_status(child)
        for word in data.split():
            if word == b'w':
                child.warm = True
            elif word.isdigit() and child.request_id is not None and not child.reported:
                child.reported = True
                _send_line(b'{"type":"exit","id":%d,"code":%d,"signal":null}' % (child.request_id, int(word)))

    def reap(self):
        while True:
            try:
                # Seen, not yet reaped: while the ended child is a zombie its id cannot be reused,
                # so its group can be signalled safely.
                info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except ChildProcessError:
                return
            if info is None or info.si_pid == 0:
                return
            pid = info.si_pid
            if pid in self.children:
                # The task ended: what it left running in its group ends with it, as a pod's do.
                lo.signal_group(pid, signal.SIGKILL)
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                continue
            child = self.children.pop(pid, None)
            if child is None:
                self.leftovers.reaped(pid)  # a process a task left behind, come to this subreaper
                continue
            self.close_status(child)
            if child in self.spares:  # it died warming up
                self.spares.remove(child)
                os.close(child.requests)
                self.spare_failures += 1
            if child.request_id is None or child.reported:
                continue
            if os.WIFSIGNALED(status):
                message = b'{"type":"exit","id":%d,"code":null,"signal":%d}' % (child.request_id, os.WTERMSIG(status))
            else:
                message = b'{"type":"exit","id":%d,"code":%d,"signal":null}' % (child.request_id, os.WEXITSTATUS(status))
            _send_line(message)

    def serve(self):
        signal.set_wakeup_fd(self.wake_write)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        stdin = sys.stdin.fileno()
        self.poll.register(stdin, select.POLLIN)
        self.poll.register(self.wake_read, select.POLLIN)
        buffer = b''
        _send({'type': 'ready'})
        while True:
            # Spares are made only when nothing else is waiting: a task's request or end comes first.
            spare = self.wants_spare()
            wait = 0 if spare else self.leftovers.timeout(time.monotonic())
            ready = [fd for fd, _ in self.poll.poll(None if wait is None else wait * 1000)]
            if not ready:
                if spare:
                    try:
                        self.fork(None)
                    except OSError:
                        self.spare_failures += 1
                self.sweep()
                continue
            if self.wake_read in ready:
                os.read(self.wake_read, 4096)
            for fd in ready:
                child = self.statuses.get(fd)
                if child is not None:
                    self.read_status(child)
            self.reap()
            self.sweep()
            if stdin not in ready:
                continue
            chunk = os.read(stdin, 65536)
            if not chunk:
                return
            *lines, buffer = (buffer + chunk).split(b'\n')
            for line in lines:
                if line.strip():
                    self.start(line)

    def sweep(self):
        busy = any(child.request_id is not None for child in self.children.values())
        self.leftovers.step(time.monotonic(), busy, self.children)

    def stop(self):
        """Ends the spares (they hold no task; one may be warming up) and removes the dummy. Tasks
        still running are ended too (SIGTERM to each group, SIGKILL after 2 s): no task may outlive
        the engine, whose going away is why the server stops."""
        tasks = [pid for pid, child in self.children.items() if child.request_id is not None]
        for pid in tasks:
            lo.signal_group(pid, signal.SIGTERM)
        spares, self.spares = self.spares, []
        for spare in spares:
            os.close(spare.requests)
            try:
                os.kill(spare.pid, signal.SIGKILL)
                os.waitpid(spare.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
        self.warm_up.remove()
        # Processes a task put in sessions of their own came to this server (a subreaper) when
        # their parents ended: they end with the engine too.
        orphans = [pid for pid in lo.children() if pid not in self.children]
        for pid in orphans:
            lo.signal_group(pid, signal.SIGTERM)
            lo.signal_pid(pid, signal.SIGTERM)
        deadline = time.monotonic() + 2.0
        while any(pid in self.children for pid in tasks) and time.monotonic() < deadline:
            time.sleep(0.02)
            self.reap()
        for pid in tasks:
            lo.signal_group(pid, signal.SIGKILL)
        # Only processes still this server's children (alive, or not reaped): an id reaped above
        # may belong to someone else by now.
        for pid in lo.children():
            lo.signal_group(pid, signal.SIGKILL)
            lo.signal_pid(pid, signal.SIGKILL)


# Ctrl-C at a terminal, a closed terminal or a signal to the whole process group reach this server
# too: the engine decides what happens to the tasks, and the server must stay until it says.
_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)


def main():
    for number in _HELD_SIGNALS:
        signal.signal(number, signal.SIG_IGN)
    lo.become_subreaper()
    server = Server()
    try:
        server.serve()
    except (BrokenPipeError, ConnectionResetError):
        pass  # the engine went away while told of a start or an exit: stop, as when stdin closes
    finally:
        server.stop()


if __name__ == '__main__':
    main()

"""Skiff's process spawner, Python flavour: starts attempt processes for the local executor.

Same job and protocol as runtime/spawner.mjs, but processes start with posix_spawn (a vfork-like
clone: no page tables copied, no copy-on-write faults), which costs about a third of Node's
fork+exec on a short task. The engine uses this helper when a Python 3.8+ interpreter can run it,
and runtime/spawner.mjs otherwise.

Protocol: Node IPC with JSON serialization on fd 3 (one JSON object per line).
  in:  {"type": "run", "id", "command", "args", "env"?, "cwd", "logPath"}  (no env: the last one sent)
       {"type": "kill", "id", "signal"}  (signals the process group of a running request)
       or a list of these (sent together in one write, handled in order)
  out: {"type": "ready", "executable"} once, first (executable: this interpreter's sys.executable,
       so the engine need not start the interpreter again to resolve it); then per request
       {"type": "error", "id", "code", "message"} | {"type": "exit", "id", "pid", "code", "signal"}
Exit messages of processes that end together go out in one write. Each process starts in a
process group of its own; when it ends, what it left running in that group ends too (SIGKILL), as
a pod's processes end with its main container. The helper is a subreaper (Linux): what a task put
in a session of its own comes to it when its parent ends. When the engine goes away the helper
ends every group still running and those processes (SIGTERM, then SIGKILL after 2 s), then exits.
"""

import errno
import json
import os
import select
import signal
import time
import sys

if sys.version_info < (3, 8) or not hasattr(os, 'posix_spawn'):
    sys.exit(3)  # The engine falls back to the Node spawner.

IPC = 3
BASE_DIR = os.getcwd()
#: runtime/skiff_leftovers.py, imported once "ready" is sent (the engine need not wait for it).
lo = None


def _ignored_signals():
    """Signals this interpreter ignores (SIGPIPE, SIGXFSZ): children get them back, as from Node."""
    found = []
    for number in signal.valid_signals():
        try:
            if signal.getsignal(number) == signal.SIG_IGN:
                found.append(number)
        except (ValueError, OSError):
            pass
    return tuple(found)


class Spawner:
    def __init__(self):
        self.env = {}
        self.cwd = BASE_DIR
        self.found = {}  # (PATH, command) -> executable path
        self.running = {}  # pid -> request id
        self.groups = {}  # request id -> pid
        self.out = []
        self.leftovers = None  # made once skiff_leftovers is imported
        self.reset_signals = _ignored_signals()
        # stdin of every process: one /dev/null opened here and duplicated, not opened per process.
        self.null_action = (os.POSIX_SPAWN_DUP2, os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC), 0)

    def send(self, message):
        self.out.append(json.dumps(message, separators=(',', ':')))

    def flush(self):
        if not self.out:
            return
        data = ('\n'.join(self.out) + '\n').encode()
        self.out = []
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(IPC, view):]
            except BlockingIOError:
                select.select([], [IPC], [])

    def open_log(self, path):
        # The launcher has made the folder (each attempt has its own): open first, make it only if missing.
        path = os.path.join(BASE_DIR, path)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC
        try:
            return os.open(path, flags, 0o666)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            return os.open(path, flags, 0o666)

    def executable(self, command, env):
        """The file to run: `command` itself when it holds a slash, else found on env PATH."""
        if '/' in command:
            return command
        search = env.get('PATH', os.defpath)
        key = (search, command)
        found = self.found.get(key)
        if found is not None:
            return found
        denied = False
        for folder in search.split(os.pathsep):
            candidate = os.path.join(folder or '.', command)
            if os.path.isfile(candidate):
                if os.access(candidate, os.X_OK):
                    self.found[key] = candidate
                    return candidate
                denied = True
        raise OSError(errno.EACCES if denied else errno.ENOENT, 'spawn %s' % command)

    def start(self, command, args, env, fd):
        actions = [self.null_action, (os.POSIX_SPAWN_DUP2, fd, 1), (os.POSIX_SPAWN_DUP2, fd, 2)]
        options = dict(file_actions=actions, setsid=True, setsigmask=(), setsigdef=self.reset_signals)
        path = self.executable(command, env)
        try:
            return os.posix_spawn(path, [command] + args, env, **options)
        except FileNotFoundError:
            if path == command:
                raise
            self.found.pop((env.get('PATH', os.defpath), command), None)  # moved away since
            return os.posix_spawn(self.executable(command, env), [command] + args, env, **options)
        except OSError as error:
            if error.errno != errno.ENOEXEC:
                raise
            # A script without a #! line: run it with sh, as execvp does.
            return os.posix_spawn('/bin/sh', ['/bin/sh', path] + args, env, **options)

    def run(self, request):
        rid = request['id']
        if 'env' in request:
            self.env = request['env']
        try:
            fd = self.open_log(request['logPath'])
        except OSError as error:
            self.fail(rid, error, 'cannot open log %s: %s' % (request['logPath'], error.strerror))
            return
        try:
            cwd = os.path.join(BASE_DIR, request['cwd'])
            if cwd != self.cwd:
                os.chdir(cwd)
                self.cwd = cwd
            pid = self.start(request['command'], list(request['args']), self.env, fd)
        except OSError as error:
            self.fail(rid, error, 'spawn %s %s' % (request['command'], error.strerror))
            return
        except (ValueError, TypeError) as error:  # a NUL byte in an argument or variable
            self.fail(rid, error, 'spawn %s: %s' % (request['command'], error))
            return
        finally:
            os.close(fd)
        self.running[pid] = rid
        self.groups[rid] = pid

    def fail(self, rid, error, message):
        number = getattr(error, 'errno', None)
        code = errno.errorcode.get(number or 0, 'EIO') if number is not None else 'EINVAL'
        self.send({'type': 'error', 'id': rid, 'code': code, 'message': message})

    def kill(self, request):
        pid = self.groups.get(request['id'])
        if pid is None:
            return
        try:
            os.killpg(pid, getattr(signal, request['signal']))
        except (ProcessLookupError, PermissionError, AttributeError):
            pass  # the group is gone already

    def terminate_all(self, grace_seconds=2.0):
        """The engine went away: no process it started may outlive it. Every group gets SIGTERM,
        then SIGKILL once the grace is over (or at once when every leader has ended); so do the
        processes a task left in sessions of their own (setsid), which came to this helper (a
        subreaper) when their parents ended."""
        groups = list(self.groups.values())
        orphans = [pid for pid in lo.children() if pid not in self.running]
        for pid in groups:
            lo.signal_group(pid, signal.SIGTERM)
        for pid in orphans:
            lo.signal_group(pid, signal.SIGTERM)
            lo.signal_pid(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        while time.monotonic() < deadline and (self.running or set(orphans) & set(lo.children())):
            time.sleep(0.02)
            self.reap()
        for pid in groups:
            lo.signal_group(pid, signal.SIGKILL)
        # Only processes still this helper's children (alive, or not reaped): an id reaped above
        # may belong to someone else by now.
        for pid in lo.children():
            lo.signal_group(pid, signal.SIGKILL)
            lo.signal_pid(pid, signal.SIGKILL)

    def reap(self):
        while True:
            try:
                # Seen, not yet reaped: while the ended leader is a zombie its id cannot be reused,
                # so its group can be signalled safely.
                info = os.waitid(os.P_ALL, 0, os.WEXITED | os.WNOHANG | os.WNOWAIT)
            except ChildProcessError:
                return
            if info is None or info.si_pid == 0:
                return
            pid = info.si_pid
            if pid in self.running:
                # The task ended: what it left running in its group ends with it, as a pod's do.
                lo.signal_group(pid, signal.SIGKILL)
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                continue
            rid = self.running.pop(pid, None)
            if rid is None:
                self.leftovers.reaped(pid)
                continue  # a process a task left behind, come to this subreaper
            self.groups.pop(rid, None)
            if os.WIFSIGNALED(status):
                code, name = None, signal.Signals(os.WTERMSIG(status)).name
            else:
                code, name = os.WEXITSTATUS(status), None
            self.send({'type': 'exit', 'id': rid, 'pid': pid, 'code': code, 'signal': name})

    def handle(self, line):
        message = json.loads(line)
        for one in message if isinstance(message, list) else (message,):
            self.handle_one(one)

    def handle_one(self, message):
        kind = message.get('type')
        if kind == 'run':
            self.run(message)
        elif kind == 'kill':
            self.kill(message)


def main():
    # Ctrl-C at a terminal, a closed terminal or a signal to the whole process group reach this
    # helper too: the engine decides what happens to the tasks, and this helper must stay to do it.
    # (Children get these signals back: the Spawner resets every signal ignored here.)
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
        signal.signal(number, signal.SIG_IGN)
    os.set_inheritable(IPC, False)  # children must not hold the engine's channel
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_read, False)
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda number, frame: None)
    spawner = Spawner()
    spawner.send({'type': 'ready', 'executable': sys.executable})
    spawner.flush()
    # After "ready": this import and loading ctypes take a few ms the engine need not wait for.
    # (-I leaves this directory off the path.)
    global lo
    sys.path.append(os.path.dirname(os.path.abspath(__file__)))
    import skiff_leftovers as lo

    lo.become_subreaper()
    spawner.leftovers = lo.Leftovers()
    pending = b''
    while True:
        timeout = spawner.leftovers.timeout(time.monotonic())
        readable, _, _ = select.select([IPC, wake_read], [], [], timeout)
        if wake_read in readable:
            try:
                while os.read(wake_read, 512):
                    pass
            except BlockingIOError:
                pass
        if IPC in readable:
            try:
                chunk = os.read(IPC, 1 << 16)
            except BlockingIOError:
                chunk = None
            except (ConnectionResetError, BrokenPipeError):
                chunk = b''  # the engine went away mid-message (it exited at once, e.g. on bad input)
            if chunk == b'':
                spawner.terminate_all()  # the engine went away
                return
            if chunk:
                lines = (pending + chunk).split(b'\n')
                pending = lines.pop()
                for line in lines:
                    if line:
                        spawner.handle(line)
        spawner.reap()
        spawner.leftovers.step(time.monotonic(), bool(spawner.running), spawner.running)
        try:
            spawner.flush()
        except (ConnectionResetError, BrokenPipeError):
            spawner.terminate_all()  # the engine went away before hearing of these exits
            return


if __name__ == '__main__':
    main()

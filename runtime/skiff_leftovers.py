"""What Skiff's two process helpers share (runtime/spawner.py, runtime/python-fork-server.py): each
is a subreaper, so what a task put in a session of its own (setsid, daemons) comes to the helper
when its parent ends, and is ended by it. Named so that no task module is likely to share it: the
fork server's children see this directory on their path."""

import os
import signal


def children():
    """This process's child processes (Linux: /proc/self/task/<tid>/children); [] where unknown."""
    try:
        with open('/proc/self/task/%d/children' % os.getpid()) as f:
            return [int(word) for word in f.read().split()]
    except (OSError, ValueError):
        return []


def become_subreaper():
    """Processes a task starts in sessions of their own come to this process when their parents
    end, not to init, so they can be ended with the run (Linux; elsewhere a no-op)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def signal_group(pid, number):
    """Signal the process group `pid` leads, if it is still there."""
    try:
        os.killpg(pid, number)
    except (ProcessLookupError, PermissionError):
        pass  # the group is gone already


def signal_pid(pid, number):
    """Signal the process `pid`, if it is still there."""
    try:
        os.kill(pid, number)
    except (ProcessLookupError, PermissionError):
        pass


class Leftovers:
    """Ends what finished tasks left in sessions of their own (setsid, daemons): those come to this
    helper, a subreaper, when their parents end. Once no task has run for IDLE_SECONDS, every child
    that is not the helper's own is such a leftover: SIGTERM, then SIGKILL GRACE_SECONDS later if it
    is still there. So a long-lived `skiff server` does not gather them; when the engine goes away,
    the helper ends the rest at once."""

    IDLE_SECONDS = 1.0
    GRACE_SECONDS = 2.0

    def __init__(self):
        self.idle_since = None  # when the last task ended; None while one runs
        self.swept = False  # this idle time was looked at
        self.doomed = set()  # leftovers told to stop, not yet reaped
        self.kill_at = 0.0

    def step(self, now, busy, own):
        """Call after each event; busy: a task runs; own: the helper's children that are no leftovers."""
        if self.doomed and now >= self.kill_at:
            # Only those still unreaped children: their ids cannot belong to anyone else yet.
            for pid in self.doomed & set(children()):
                signal_group(pid, signal.SIGKILL)
                signal_pid(pid, signal.SIGKILL)
            self.doomed = set()
        if busy:
            self.idle_since = None
            return
        if self.idle_since is None:
            self.idle_since, self.swept = now, False
        if self.swept or now < self.idle_since + self.IDLE_SECONDS:
            return
        self.swept = True
        found = set(children()) - set(own) - self.doomed
        for pid in found:
            signal_group(pid, signal.SIGTERM)
            signal_pid(pid, signal.SIGTERM)
        if found:
            self.doomed |= found
            self.kill_at = now + self.GRACE_SECONDS

    def reaped(self, pid):
        """A leftover was reaped: its id may be reused from now on."""
        self.doomed.discard(pid)

    def timeout(self, now):
        """Seconds until step() has something to do; None when nothing is due."""
        due = [self.kill_at] if self.doomed else []
        if self.idle_since is not None and not self.swept:
            due.append(self.idle_since + self.IDLE_SECONDS)
        return max(0.0, min(due) - now) if due else None

"""Worker processes that survive each other's deaths and die quietly with their parent.

:class:`WorkerPool` runs ``size`` processes, each with its own pipe and a short queue of tasks
(:data:`DEPTH`) that it answers in order, so that when one dies (a segfault in a C library, the
kernel's out-of-memory killer) the parent knows which task it was running and with what exit
code: the other workers go on, a new process takes the dead one's place, the dead one's queued
tasks go to the others, and the caller decides what to do with the lost task (the runner splits
it and runs its pages again alone). ``multiprocessing.Pool`` loses such a task and waits for it
for ever; the pool of ``concurrent.futures`` breaks as a whole and cannot say which task killed
it.

A worker exits without a word when its parent is gone: on Linux the kernel kills it the moment
the parent dies (``PR_SET_PDEATHSIG``), elsewhere it stops at its next read or write on the
closed pipe. Workers ignore SIGINT (the parent decides what Ctrl-C means) and die of SIGTERM.
Tasks are written to each worker by a thread of the parent, so a large page never blocks the
parent while a worker is busy answering.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import ForkingPickler
from typing import Any

log = logging.getLogger(__name__)

#: Seconds a worker gets to exit after the end of the work (or SIGTERM) before it is killed.
EXIT_GRACE = 5.0
#: Tasks given to one worker at a time: one running and one waiting in its pipe, so that a
#: worker never idles while the parent stores the last results.
DEPTH = 2


def exit_reason(code: int | None) -> str:
    """Words for a dead process's exit code: ``"exit code 7"``, ``"exit code -11 (SIGSEGV)"``
    (a negative code is the signal that killed it, as ``Process.exitcode`` gives it)."""
    if code is None:
        return "exit code unknown"
    if code < 0:
        try:
            return f"exit code {code} ({signal.Signals(-code).name})"
        except ValueError:
            return f"exit code {code} (signal {-code})"
    return f"exit code {code}"


def _follow_parent(parent: int) -> None:
    """In a worker: die with the parent process ``parent`` (Linux: the kernel sends SIGKILL
    when the thread that started the worker ends, which is the parent's main thread here)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL))
        except (OSError, AttributeError):  # no prctl: the closed pipe ends the worker instead
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(0)


def _serve(conn: Connection, parent: int, inherited: tuple[int, ...],
           initializer: Callable[..., None] | None, initargs: tuple,
           fn: Callable[[Any], Any]) -> None:
    """A worker's life: close ``inherited`` (the parent's ends of the other workers' pipes,
    copied by fork), run ``initializer(*initargs)``, then answer every task read from ``conn``
    with ``(True, fn(task))`` or ``(False, "Type: message")`` until ``None`` comes or the
    parent is gone (then it returns quietly)."""
    _follow_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, copied by fork
    for fd in inherited:
        try:
            os.close(fd)
        except OSError:
            pass
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        if isinstance(task, _Unsendable):
            reply: tuple[bool, Any] = (False, task.message)
        else:
            try:
                reply = (True, fn(task))
            except Exception as exc:  # noqa: BLE001 - fn's bug goes to the parent, not stderr
                reply = (False, f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except (EOFError, OSError):  # BrokenPipeError: the parent is gone
            return
        except Exception as exc:  # noqa: BLE001 - a result that does not pickle
            try:
                conn.send((False, f"the result could not be sent: {type(exc).__name__}: {exc}"))
            except (EOFError, OSError):
                return


@dataclass
class Task:
    """One unit of work: ``payload`` sent to a worker, then either ``result`` (what the worker's
    function returned), ``error`` (the ``"Type: message"`` of what it raised) or ``died`` (the
    exit reason, :func:`exit_reason`, of the worker that died running it); ``done`` then."""

    payload: Any
    result: Any = None
    error: str | None = None
    died: str | None = None
    done: bool = False


_STOP = object()


@dataclass(frozen=True)
class _Unsendable:
    """Sent instead of a payload that does not pickle: the worker answers it with an error."""

    message: str


@dataclass
class _Worker:
    process: Any
    conn: Connection
    outbox: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)
    tasks: deque[Task] = field(default_factory=deque)  # given to it, in order; [0] is running
    sender: threading.Thread | None = None

    def start_sender(self) -> None:
        self.sender = threading.Thread(target=self._send_all, daemon=True,
                                       name="dateline-worker-feed")
        self.sender.start()

    def _send_all(self) -> None:
        while True:
            item = self.outbox.get()
            if item is _STOP:
                return
            try:
                data = ForkingPickler.dumps(item)
            except Exception as exc:  # noqa: BLE001 - answered as the task's error
                data = ForkingPickler.dumps(_Unsendable(
                    f"the task could not be sent: {type(exc).__name__}: {exc}"))
            try:
                self.conn.send_bytes(data)
            except (EOFError, OSError):  # the worker died: the reader sees it by its sentinel
                return

    def stop(self) -> None:
        """End the sending thread and close the pipe (the process has ended or been told to)."""
        self.outbox.put(_STOP)
        if self.sender is not None:
            self.sender.join(EXIT_GRACE)
        self.conn.close()


@dataclass
class WorkerPool:
    """``size`` worker processes made from ``context`` (a ``multiprocessing`` context), each
    running ``initializer(*initargs)`` once and then ``fn(payload)`` for each :class:`Task` given
    to :meth:`submit`. ``fn`` and the payloads and results must pickle. Use as a context
    manager: a clean exit ends the workers after their work, an exception terminates them."""

    size: int
    context: Any
    fn: Callable[[Any], Any]
    initializer: Callable[..., None] | None = None
    initargs: tuple = ()
    _workers: list[_Worker] = field(default_factory=list)
    _backlog: deque[Task] = field(default_factory=deque)
    _finished: list[Task] = field(default_factory=list)

    def __post_init__(self) -> None:
        for _ in range(max(1, self.size)):  # every fork first, then the sending threads
            self._workers.append(self._start(sender=False))
        for worker in self._workers:
            worker.start_sender()

    def _start(self, sender: bool = True) -> _Worker:
        parent_end, child_end = self.context.Pipe(duplex=True)
        forked = self.context.get_start_method() == "fork"
        inherited = tuple(w.conn.fileno() for w in self._workers
                          if forked and not w.conn.closed)
        process = self.context.Process(
            target=_serve, args=(child_end, os.getpid(), inherited, self.initializer,
                                 self.initargs, self.fn), daemon=True)
        process.start()
        child_end.close()
        worker = _Worker(process, parent_end)
        if sender:
            worker.start_sender()
        return worker

    def submit(self, task: Task, first: bool = False) -> None:
        """Queue ``task`` (at the front with ``first``); it goes to the least busy worker."""
        if first:
            self._backlog.appendleft(task)
        else:
            self._backlog.append(task)
        self._dispatch()

    def _dispatch(self) -> None:
        while self._backlog:
            worker = min(self._workers, key=lambda w: len(w.tasks))
            if len(worker.tasks) >= DEPTH:
                return
            task = self._backlog.popleft()
            worker.tasks.append(task)
            worker.outbox.put(task.payload)

    def wait(self) -> list[Task]:
        """Block until at least one task given out is finished and return those finished
        (``done`` set; none when no task is out). A worker that died is replaced, the task it
        was running marked ``died`` and the tasks queued behind it given to the others."""
        while not self._finished and any(w.tasks for w in self._workers):
            busy = [(i, w) for i, w in enumerate(self._workers) if w.tasks]
            ready = set(wait([w.conn for _, w in busy] + [w.process.sentinel for _, w in busy]))
            for index, worker in busy:
                if worker.conn in ready or worker.process.sentinel in ready:
                    self._read(index, worker, worker.process.sentinel in ready)
            self._dispatch()
        finished, self._finished = self._finished, []
        return finished

    def _read(self, index: int, worker: _Worker, dead: bool) -> None:
        """Take every answer ``worker`` has written; when its pipe is closed or it is ``dead``,
        bury it."""
        while worker.tasks:
            try:
                if not worker.conn.poll():
                    break
                ok, value = worker.conn.recv()
            except (EOFError, OSError):  # the pipe is closed: the worker is dead or dying
                dead = True
                break
            task = worker.tasks.popleft()
            task.done = True
            if ok:
                task.result = value
            else:
                task.error = value
            self._finished.append(task)
        if dead:
            self._replace(index)

    def _replace(self, index: int) -> None:
        """Put a new process in the place of the dead worker ``index``: the task it was running
        is marked ``died``, the ones queued behind it go back to the front of the backlog."""
        worker = self._workers[index]
        worker.process.join(EXIT_GRACE)
        reason = exit_reason(worker.process.exitcode)
        log.warning("a worker process died (%s); starting another", reason)
        worker.stop()
        if worker.tasks:
            running = worker.tasks.popleft()
            running.died, running.done = reason, True
            self._finished.append(running)
            self._backlog.extendleft(reversed(worker.tasks))
        self._workers[index] = self._start()

    def close(self) -> None:
        """End the workers once they have answered (tell each to stop, then wait)."""
        for worker in self._workers:
            worker.outbox.put(None)
        self._join()

    def terminate(self) -> None:
        """End the workers at once (SIGTERM, then SIGKILL after :data:`EXIT_GRACE`)."""
        for worker in self._workers:
            if worker.process.is_alive():
                worker.process.terminate()
        self._join()

    def _join(self) -> None:
        for worker in self._workers:
            worker.process.join(EXIT_GRACE)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.stop()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type, *exc: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.terminate()

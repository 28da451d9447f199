"""Reading under a budget: the reading handlers run in child processes that are killed when
a message takes longer than `limits.read_seconds` or more memory than `limits.read_memory_mb`.

Anyone can write to the mailbox, so a message may be built to keep a reader busy or to eat
the machine's memory. What the reading handlers (handlers.READING: parse to decide, no
database) make of a message is computed in a child; the worker keeps the database and the
rest of the pipeline. A message over budget is not read again: it goes to review at once,
with the reason (`over_budget:time`, `over_budget:memory`), its headers read cheaply in the
worker, and the next message goes on. A worker asked to stop kills the child it waits for.

The children are forked from the worker (cheap, and they read with the handlers the worker
has); one child serves message after message until it is killed or the worker stops.
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import resource
import signal
import sys
import threading
import weakref
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

import structlog

import handlers
from bot import view
from bot.extraction.message import Reading
from bot.mail import ParsedMessage
from bot.reading import ocr
from bot.schema import Extraction

log = structlog.get_logger("intake.budget")

# How often a waiting worker looks at its stop flag and the child's health.
TICK = 0.2
# Messages smaller than this are written to the child's pipe directly (its buffer is 64 KiB
# on Linux); larger ones from a thread of their own.
INLINE_SEND = 32 * 1024
# How much the children give way to the worker for a core (added to their niceness). The
# worker's main thread is the pipeline's one serial part (recording, replying, filing, in
# order); the children read ahead of it and have time to spare, so a core goes to the
# worker first when both want it. 10: a tenth of a core's share against a busy process, so a
# machine loaded by others still reads a letter within its budget of seconds.
READER_NICENESS = 10
_M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter


_HELD: list[threading.Lock] = []


def _before_fork() -> None:
    """No fork while another thread writes a log line: a child would inherit the write lock
    held, and hang at its first line."""
    from structlog._output import WRITE_LOCKS

    for lock in list(WRITE_LOCKS.values()):
        lock.acquire()
        _HELD.append(lock)


def _after_fork() -> None:
    while _HELD:
        _HELD.pop().release()


os.register_at_fork(before=_before_fork, after_in_parent=_after_fork, after_in_child=_after_fork)


_FROZEN = False


def _give_back_large_blocks() -> None:
    """Blocks of a megabyte and more (a message, an attachment, a page image) mapped on their
    own, so that they go back to the system when freed instead of staying in the process's
    heap for good (glibc raises that threshold as it goes, up to 32 MB). Elsewhere, nothing."""
    try:
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, 1 << 20)
    except (OSError, AttributeError):
        pass


def _before_first_fork() -> None:
    """Once, before the worker forks its first reading child: what every child needs is loaded
    here and kept out of the worker's own collector, so that its pages stay shared with the
    children instead of being copied into each; and large blocks go back to the system when
    freed, in the worker and the children. Objects alive now are the worker's set-up, kept
    for its lifetime anyway; what it creates later is collected as before."""
    global _FROZEN
    if _FROZEN:
        return
    _FROZEN = True
    from bot.reading import documents

    _give_back_large_blocks()  # the children inherit it
    documents.preload()
    gc.collect()
    gc.freeze()


class Stopped(Exception):
    """The worker was asked to stop while a message was being read: nothing was decided."""


@dataclass
class Analysis:
    """What the reading steps (handlers.READING) made of one message: the fields of
    handlers.Context that the steps after the reading use."""

    parsed: ParsedMessage
    reading: Reading | None  # None when the message could not be read within the budget
    result: Extraction
    stopped: bool = False
    # What the review page shows of it that depends on the message alone (bot/view.py
    # readable); None when it could not be made here: the worker makes it then.
    shown: dict | None = None

    def apply(self, ctx: handlers.Context) -> None:
        ctx.parsed, ctx.reading, ctx.result, ctx.stopped = self.parsed, self.reading, self.result, self.stopped


def analyse_here(raw: bytes, meeting, states, received_at: datetime | None,  # type: ignore[no-untyped-def]
                 names: tuple[str, ...] = handlers.READING) -> Analysis:
    ctx = handlers.Context(raw=raw, meeting=meeting, states=states, received_at=received_at)
    handlers.run(names, ctx)
    assert ctx.parsed is not None
    try:
        shown = view.readable(ctx.parsed, meeting)
    except Exception:  # the worker tries again, and records the view's failure
        shown = None
    return Analysis(ctx.parsed, ctx.reading, ctx.result, ctx.stopped, shown)


def over_budget(raw: bytes, reason: str) -> Analysis:
    """A message that could not be read within the budget: its headers (read cheaply, without
    the MIME walk), nothing else, and a decision left to a person."""
    from bot.reading.message import read_headers

    parsed = read_headers(raw, reason)
    result = Extraction(kind="other", decision="review", reasons=[reason])
    return Analysis(parsed, None, result, stopped=True)


def _child(conn, meeting, states, memory_mb: int) -> None:  # type: ignore[no-untyped-def]
    """The child's loop: one message in, its analysis out, until the pipe closes."""
    os.setpgid(0, 0)  # its own process group: a kill takes the OCR subprocesses along
    os.nice(READER_NICENESS)  # inherited by the OCR subprocesses
    # What the worker had before the fork is the child's for good: out of the collector's
    # sight, so that collecting never writes to those pages and they stay shared with the
    # worker (the memory of the worker and its readers, counted together, stays low).
    gc.freeze()
    # Forked from the worker: nothing of its sockets and pipes (listening ports, the
    # database, the mailbox) stays open here but the pipe to the worker and stdin/out/err.
    # (The logs keep their streams, wherever they write.)
    keep = {0, 1, 2, conn.fileno()}
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            keep.add(stream.fileno())
        except Exception:  # not a real file
            pass
    last = -1
    for fd in sorted(keep) + [os.sysconf("SC_OPEN_MAX")]:
        if fd > last + 1:
            os.closerange(last + 1, fd)
        last = max(last, fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if memory_mb:
        limit = memory_mb * 1024 * 1024
        # The data segment (heap and private writable mappings), not the address space: the
        # latter counts what is only reserved (a thread's arena and stack, the libraries of
        # a large worker) and fails a new thread long before any real memory is used.
        # Inherited by pdftoppm and tesseract.
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    while True:
        try:
            raw, received_at, names = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            out: Any = analyse_here(raw, meeting, states, received_at, names)
        except MemoryError:
            out = "memory"
        except BaseException as exc:  # the worker counts it as a failed attempt, as before
            out = f"{type(exc).__name__}: {exc}"[:2000]
        try:
            conn.send(out)
        except MemoryError:
            conn.send("memory")


class _Child:
    def __init__(self, meeting, states, memory_mb: int):  # type: ignore[no-untyped-def]
        _before_first_fork()
        ctx = multiprocessing.get_context("fork")
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=_child, args=(theirs, meeting, states, memory_mb), daemon=True,
                                   name="intake-reader")
        self.process.start()
        theirs.close()

    def kill(self) -> None:
        pid = self.process.pid
        if pid is not None:
            for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
                try:
                    target()
                except (ProcessLookupError, PermissionError):
                    pass
        self.process.join(5)
        self.conn.close()

    def close(self) -> None:
        self.conn.close()  # the child sees EOF and exits
        self.process.join(2)
        if self.process.is_alive():
            self.kill()


class Analyser:
    """The reading handlers in child processes, one message per child at a time (threads of
    the worker may use it together: the read-ahead)."""

    def __init__(self, meeting, states, seconds: float | None = None, memory_mb: int | None = None,  # type: ignore[no-untyped-def]
                 names: tuple[str, ...] = handlers.READING):
        self.meeting, self.states, self.names = meeting, states, names
        self.seconds = seconds if seconds is not None else meeting.limits.read_seconds
        self.memory_mb = memory_mb if memory_mb is not None else meeting.limits.read_memory_mb
        self._idle: list[_Child] = []
        self._lock = threading.Lock()
        # One OCR per core across all the children, not one per core in each.
        ocr.share_slots()
        # Children waiting for work end with the analyser, even when nobody closes it.
        weakref.finalize(self, _close_all, self._idle)

    def prepare(self, count: int) -> None:
        """Have `count` children waiting, forked now (from the calling thread, before the
        read-ahead threads start: the fewer forks taken beside other threads, the better)."""
        with self._lock:
            missing = count - len(self._idle)
        for _ in range(max(0, missing)):
            child = _Child(self.meeting, self.states, self.memory_mb)
            with self._lock:
                self._idle.append(child)

    def analyse(self, raw: bytes, received_at: datetime | None = None,
                stopping: Callable[[], bool] = lambda: False) -> Analysis:
        """The analysis of `raw`, or the over-budget one; raises Stopped when `stopping()`
        turns true meanwhile, and RuntimeError when a handler failed (as in-process)."""
        with self._lock:
            child = self._idle.pop() if self._idle else None
        if child is None or not child.process.is_alive():
            child = _Child(self.meeting, self.states, self.memory_mb)
        keep = False
        try:
            # A large message is sent from a thread: it fills the pipe, and a child that hangs
            # before it reads must not hold the worker past its budget or its stop. A small
            # one fits in the pipe's buffer, which the waiting child has emptied.
            if len(raw) < INLINE_SEND:
                _send(child.conn, (raw, received_at, self.names))
            else:
                threading.Thread(target=_send, args=(child.conn, (raw, received_at, self.names)), daemon=True,
                                 name="intake-reader-send").start()
            deadline = time.monotonic() + self.seconds
            while not child.conn.poll(TICK):
                if stopping():
                    raise Stopped()
                if time.monotonic() > deadline:
                    log.warning("message.over_budget", budget="time", seconds=self.seconds,
                                hint="sent to review unread; the next message goes on")
                    return over_budget(raw, "over_budget:time")
                if not child.process.is_alive() and not child.conn.poll():
                    break
            try:
                out = child.conn.recv()
            except (EOFError, OSError):
                out = "memory"  # the child died reading it: the memory limit, or a crash
            if out == "memory":
                log.warning("message.over_budget", budget="memory", memory_mb=self.memory_mb,
                            hint="sent to review unread; the next message goes on")
                return over_budget(raw, "over_budget:memory")
            if isinstance(out, str):
                keep = True
                raise RuntimeError(out)
            keep = True
            return out
        finally:
            if keep:
                with self._lock:
                    self._idle.append(child)
            else:
                child.kill()

    def close(self) -> None:
        with self._lock:
            _close_all(self._idle)


def _send(conn, item) -> None:  # type: ignore[no-untyped-def]
    try:
        conn.send(item)
    except OSError:  # the child was killed meanwhile
        pass


def _close_all(children: list[_Child]) -> None:
    while children:
        children.pop().close()

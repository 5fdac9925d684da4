"""At most one article's CPU work per core of the machine, however many workers it runs.

Cleaning, extraction, linking and the store are CPU, in Python or in the
database. Four single-process workers on two cores would run four articles at
once, each slower and all evicting each other's caches, for no more articles a
second than two. Each article holds one of INGEST_CPU_SLOTS file locks (a
make-style job server, shared by every process of the machine through a
directory) for the stages after fetching; a worker waiting on the network holds
none. Every slot taken has its own descriptor, so threads, forked children and
a dead process (the kernel closes its descriptors) never keep or share a slot
by accident.

Four workers on two cores cost more CPU per article than two when the cores
pass from process to process at every article (each finds the caches the other
left). So a process keeps its slot for its next article a moment (LINGER),
letting go when another process waits and it has had its TURN; waiters queue,
and the first of them listens for any slot let go.
"""
from __future__ import annotations

import dataclasses
import fcntl
import logging
import os
import select
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

_held = threading.local()  # whether this thread holds a slot already (nested holds take none)
_yielded = False  # this process let go for a waiter: its next article queues behind it rather than barge in


def slot_count() -> int:
    """INGEST_CPU_SLOTS, or the cores this process may run on when it is negative; 0 turns the limit off."""
    configured = settings.INGEST_CPU_SLOTS
    if configured >= 0:
        return configured
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def slots_dir() -> Path:
    return Path(settings.INGEST_CPU_SLOTS_DIR or Path(tempfile.gettempdir()) / f"tracker-cpu-slots-{os.getuid()}")


WAKE_EVERY = 0.05  # seconds: a waiter looks again this often even unrung (a holder that died rings no bell)


def _try_every(folder: Path, count: int) -> int | None:
    """A descriptor holding the first free slot, or None when every slot is held."""
    for n in range(count):
        fd = os.open(folder / f"slot-{n}", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            os.close(fd)
    return None


def _bell(folder: Path) -> int:
    """The FIFO a holder rings when it lets go, opened to listen (read and write: opening never blocks)."""
    try:
        os.mkfifo(folder / "bell", 0o600)
    except FileExistsError:
        pass
    return os.open(folder / "bell", os.O_RDWR | os.O_NONBLOCK)


def _ring(folder: Path) -> None:
    """Tell the waiter at the head of the queue that a slot is free; with nobody listening, opening fails at once."""
    try:
        fd = os.open(folder / "bell", os.O_WRONLY | os.O_NONBLOCK)
    except OSError:  # no FIFO yet, or no waiter listening (ENXIO)
        return
    try:
        os.write(fd, b".")
    except OSError:  # full of unheard rings: the waiter will look anyway
        pass
    finally:
        os.close(fd)


def _take(folder: Path, count: int) -> int:
    """A descriptor holding a free slot, waiting for one when all are held.

    Waiters queue on one lock, so only the first of them is awake; it listens on the bell, which every
    holder rings as it lets go, and takes whichever slot was freed. Waiting on one slot of its own instead
    left a core idle while another slot was free (docs/benchmarks.md); every waiter looking at every slot in
    a loop cost more CPU than that idle time.
    """
    global _yielded
    fd = None if _yielded else _try_every(folder, count)
    _yielded = False
    if fd is not None:
        return fd
    queue = os.open(folder / "queue", os.O_RDWR | os.O_CREAT, 0o600)
    bell = None
    try:
        fcntl.flock(queue, fcntl.LOCK_EX)  # the others sleep here until the first has its slot
        bell = _bell(folder)  # listening before looking: a slot let go after the look rings
        while True:
            fd = _try_every(folder, count)
            if fd is not None:
                return fd
            select.select([bell], [], [], WAKE_EVERY)
            try:
                os.read(bell, 4096)
            except BlockingIOError:
                pass
    finally:  # also when a time limit interrupts the wait: no descriptor outlives it
        if bell is not None:
            os.close(bell)
        os.close(queue)  # the next waiter comes to the head


LINGER = 0.01  # seconds a process keeps its slot after an article, for the next one its worker has queued
TURN = 0.5  # seconds of holding after which a process lets go of its slot when another process waits


@dataclasses.dataclass
class _Kept:
    fd: int
    folder: Path
    since: float  # when the process took the slot (a kept slot keeps its first time: turns are fair)
    pid: int
    timer: threading.Timer | None = None


_kept: _Kept | None = None  # the slot this process kept after its last article, until LINGER passes
_kept_lock = threading.Lock()


def _reuse(folder: Path) -> _Kept | None:
    """The slot this process kept in `folder`, if its LINGER has not run out; a forked child never uses its
    parent's."""
    global _kept
    with _kept_lock:
        kept, _kept = _kept, None
    if kept is None:
        return None
    if kept.timer is not None:
        kept.timer.cancel()
    if kept.pid != os.getpid():  # a copy of the parent's descriptor shares the parent's lock
        os.close(kept.fd)
        return None
    if kept.folder != folder:  # the slots moved (settings changed): this one is of no use
        _release(kept)
        return None
    return kept


def _expire(kept: _Kept) -> None:
    """LINGER passed with no next article: let the kept slot go."""
    global _kept
    with _kept_lock:
        if _kept is not kept:
            return  # taken for the next article meanwhile
        _kept = None
    _release(kept)


def _release(kept: _Kept) -> None:
    os.close(kept.fd)  # closing the descriptor lets go of its lock
    _ring(kept.folder)


def _someone_waits(folder: Path) -> bool:
    """Whether a process waits at the head of the queue (it holds the queue's lock while it waits)."""
    fd = os.open(folder / "queue", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)  # and with it the lock, if it was taken


def _let_go(kept: _Kept) -> None:
    """After an article: keep the slot for LINGER, so the worker's next article runs on the caches this one
    left warm instead of handing the core to another process; let go at once when another process waits
    and this one has had its TURN."""
    global _kept, _yielded
    try:
        if time.monotonic() - kept.since >= TURN and _someone_waits(kept.folder):
            _yielded = True
            _release(kept)
            return
        kept.timer = threading.Timer(LINGER, _expire, args=(kept,))
        kept.timer.daemon = True
        with _kept_lock:
            _kept = kept
        kept.timer.start()
    except (OSError, RuntimeError):  # no thread to let go later: let go now
        with _kept_lock:
            if _kept is kept:
                _kept = None
        _release(kept)


@contextmanager
def cpu_slot():
    """Hold one of the machine's slots while the block runs. With no usable directory, run without one: a
    limit on speed must never fail an article."""
    count = slot_count()
    if count <= 0 or getattr(_held, "slot", False):
        yield
        return
    kept = None
    try:
        try:
            folder = slots_dir()
            kept = _reuse(folder)
            if kept is None:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                kept = _Kept(_take(folder, count), folder, time.monotonic(), os.getpid())
        except OSError as exc:
            log.warning("CPU slots off: %s is not usable (%s)", slots_dir(), exc)
        _held.slot = True
        yield
    finally:  # also when a time limit interrupts the wait or the work
        _held.slot = False
        if kept is not None:
            _let_go(kept)

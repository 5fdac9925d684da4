"""At most one article's CPU work per core of the machine, however many workers it runs.

Cleaning, extraction, linking and the store are CPU, in Python or in the
database. Four single-process workers on two cores would run four articles at
once, each slower and all evicting each other's caches, for no more articles a
second than two. Each article holds one of INGEST_CPU_SLOTS file locks (a
make-style job server, shared by every process of the machine through a
directory) for the stages after fetching; a worker waiting on the network holds
none. Every hold opens its own descriptor and closes it after, so threads,
forked children and a dead process (the kernel closes its descriptors) never
keep or share a slot by accident.
"""
from __future__ import annotations

import fcntl
import logging
import os
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

_held = threading.local()  # whether this thread holds a slot already (nested holds take none)


def slot_count() -> int:
    """INGEST_CPU_SLOTS, or the cores this process may run on when it is negative; 0 turns the limit off."""
    configured = settings.INGEST_CPU_SLOTS
    if configured >= 0:
        return configured
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def slots_dir() -> Path:
    return Path(settings.INGEST_CPU_SLOTS_DIR or Path(tempfile.gettempdir()) / f"tracker-cpu-slots-{os.getuid()}")


def _take(folder: Path, count: int) -> int:
    """A descriptor holding the first free slot; with none free, this process's own slot once it is let go.
    Waiting on that one slot may sleep while another is let go (a core idle until the next article comes);
    looking at every slot in a loop instead cost more CPU than that idle time saved (docs/benchmarks.md)."""
    for n in range(count):
        fd = os.open(folder / f"slot-{n}", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            os.close(fd)
    fd = os.open(folder / f"slot-{(os.getpid() + threading.get_ident()) % count}", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except BaseException:  # a time limit while waiting: the descriptor must not outlive the wait
        os.close(fd)
        raise
    return fd


@contextmanager
def cpu_slot():
    """Hold one of the machine's slots while the block runs. With no usable directory, run without one: a
    limit on speed must never fail an article."""
    count = slot_count()
    if count <= 0 or getattr(_held, "slot", False):
        yield
        return
    fd = None
    try:
        try:
            folder = slots_dir()
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = _take(folder, count)
        except OSError as exc:
            log.warning("CPU slots off: %s is not usable (%s)", slots_dir(), exc)
        _held.slot = True
        yield
    finally:  # also when a time limit interrupts the wait or the work
        _held.slot = False
        if fd is not None:
            os.close(fd)  # closing the descriptor lets go of its lock

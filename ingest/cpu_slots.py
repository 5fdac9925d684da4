"""At most one article's extraction per core of the machine, however many workers it runs.

Extraction and linking are pure CPU. Four single-process workers on two cores
would run four extractions at once, each slower and all evicting each other's
caches, for no more articles a second than two. Each extraction holds one of
INGEST_CPU_SLOTS file locks (a make-style job server, shared by every process
of the machine through a directory); the other stages (database reads and
writes, waiting on them) overlap freely. A process that dies releases its lock
with its file descriptors, so nothing is left held.
"""
from __future__ import annotations

import fcntl
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

_open: dict[Path, list[int]] = {}


def slot_count() -> int:
    """INGEST_CPU_SLOTS, or the cores this process may run on when it is not set; 0 turns the limit off."""
    configured = settings.INGEST_CPU_SLOTS
    if configured >= 0:
        return configured
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def slots_dir() -> Path:
    return Path(settings.INGEST_CPU_SLOTS_DIR or Path(tempfile.gettempdir()) / f"tracker-cpu-slots-{os.getuid()}")


def _descriptors(count: int) -> list[int]:
    folder = slots_dir()
    fds = _open.get(folder)
    if fds is None or len(fds) != count:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fds = [os.open(folder / f"slot-{n}", os.O_RDWR | os.O_CREAT, 0o600) for n in range(count)]
        _open[folder] = fds
    return fds


@contextmanager
def cpu_slot():
    """Hold one of the machine's slots while the block runs: the first free one, or wait for this process's own."""
    count = slot_count()
    if count <= 0:
        yield
        return
    fds = _descriptors(count)
    held = None
    for fd in fds:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held = fd
            break
        except BlockingIOError:
            continue
    if held is None:
        held = fds[os.getpid() % count]
        fcntl.flock(held, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(held, fcntl.LOCK_UN)

"""The machine's extraction slots: one article extracts per slot, across processes, and a dead holder frees its slot."""
import fcntl
import multiprocessing
import os
import signal
import time

import pytest

from ingest import cpu_slots
from ingest.cpu_slots import cpu_slot

fork = multiprocessing.get_context("fork")


@pytest.fixture
def slots(settings, tmp_path):
    def configure(count):
        settings.INGEST_CPU_SLOTS, settings.INGEST_CPU_SLOTS_DIR = count, str(tmp_path / "slots")
        return tmp_path / "slots"
    yield configure
    cpu_slots._open.clear()


def _hold(ready, release):
    with cpu_slot():
        ready.set()
        release.wait(30)


def _take(taken):
    with cpu_slot():
        taken.set()


def test_a_process_waits_for_a_slot_while_every_slot_is_held(slots):
    slots(1)
    ready, release, taken = fork.Event(), fork.Event(), fork.Event()
    holder = fork.Process(target=_hold, args=(ready, release))
    holder.start()
    assert ready.wait(10)
    waiter = fork.Process(target=_take, args=(taken,))
    waiter.start()
    assert not taken.wait(0.5), "a second process extracted while the only slot was held"
    release.set()
    assert taken.wait(10), "the slot was not handed on when its holder let go"
    holder.join(10), waiter.join(10)


def test_two_slots_let_two_extractions_run_at_once_and_no_third(slots):
    slots(2)
    release, taken = fork.Event(), fork.Event()
    holders = [(ready, fork.Process(target=_hold, args=(ready, release))) for ready in (fork.Event(), fork.Event())]
    for ready, holder in holders:
        holder.start()
    assert all(ready.wait(10) for ready, _ in holders), "two slots did not let two processes extract at once"
    waiter = fork.Process(target=_take, args=(taken,))
    waiter.start()
    assert not taken.wait(0.5), "a third process extracted while both slots were held"
    release.set()
    assert taken.wait(10)
    for _, holder in holders:
        holder.join(10)
    waiter.join(10)


def test_a_holder_killed_mid_extraction_frees_its_slot(slots):
    folder = slots(1)
    ready, release = fork.Event(), fork.Event()
    holder = fork.Process(target=_hold, args=(ready, release))
    holder.start()
    assert ready.wait(10)
    fd = os.open(folder / "slot-0", os.O_RDWR)
    try:
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.kill(holder.pid, signal.SIGKILL)
        holder.join(10)
        deadline = time.monotonic() + 5
        while True:  # the kernel lets go of a dead process's locks with its descriptors
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert time.monotonic() < deadline, "a dead holder kept its slot"
                time.sleep(0.05)
    finally:
        os.close(fd)


def test_no_limit_takes_no_lock_and_the_default_is_one_slot_per_core(slots, settings):
    folder = slots(0)
    with cpu_slot():
        pass
    assert not folder.exists()
    settings.INGEST_CPU_SLOTS = -1
    assert cpu_slots.slot_count() == len(os.sched_getaffinity(0))

"""The machine's extraction slots: one article extracts per slot, across processes, and a dead holder frees its slot."""
import fcntl
import multiprocessing
import os
import signal
import threading
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
    return configure


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
    try:
        assert ready.wait(10)
        waiter = fork.Process(target=_take, args=(taken,))
        waiter.start()
        assert not taken.wait(0.5), "a second process extracted while the only slot was held"
    finally:
        release.set()
    assert taken.wait(10), "the slot was not handed on when its holder let go"
    holder.join(10)
    waiter.join(10)


def test_threads_of_one_process_take_a_slot_each_and_a_nested_hold_takes_none(slots):
    slots(1)
    inside, most = [0], [0]
    guard = threading.Lock()

    def work():
        with cpu_slot():
            with guard:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            with cpu_slot():  # nested in the same thread: no second slot, no deadlock
                time.sleep(0.02)
            with guard:
                inside[0] -= 1

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert most[0] == 1, "two threads held the only slot at once"


def test_an_unusable_directory_turns_the_limit_off_instead_of_failing(slots, settings, tmp_path):
    slots(1)
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    settings.INGEST_CPU_SLOTS_DIR = str(blocker / "slots")  # under a file: cannot be made
    ran = []
    with cpu_slot():
        ran.append(True)
    assert ran == [True]


def test_a_hold_leaves_no_descriptor_open(slots):
    slots(2)
    before = len(os.listdir("/proc/self/fd"))
    for _ in range(20):
        with cpu_slot():
            pass
    time.sleep(cpu_slots.LINGER * 10)  # the last hold's slot is kept for a next article, then let go
    assert len(os.listdir("/proc/self/fd")) == before


def test_two_slots_let_two_extractions_run_at_once_and_no_third(slots):
    slots(2)
    release, taken = fork.Event(), fork.Event()
    holders = [(ready, fork.Process(target=_hold, args=(ready, release))) for ready in (fork.Event(), fork.Event())]
    for _, holder in holders:
        holder.start()
    try:
        assert all(ready.wait(10) for ready, _ in holders), "two slots did not let two processes extract at once"
        waiter = fork.Process(target=_take, args=(taken,))
        waiter.start()
        assert not taken.wait(0.5), "a third process extracted while both slots were held"
    finally:
        release.set()
    assert taken.wait(10)
    for _, holder in holders:
        holder.join(10)
    waiter.join(10)


@pytest.mark.parametrize("freed", [0, 1])
def test_a_waiter_takes_whichever_slot_is_let_go(slots, freed):
    slots(2)
    releases = [fork.Event(), fork.Event()]
    readies = [fork.Event(), fork.Event()]
    holders = []
    for ready, release in zip(readies, releases):  # one after the other: the first takes slot 0
        holders.append(fork.Process(target=_hold, args=(ready, release)))
        holders[-1].start()
        assert ready.wait(10)
    taken = fork.Event()
    waiter = fork.Process(target=_take, args=(taken,))
    waiter.start()
    try:
        assert not taken.wait(0.3)
        releases[freed].set()
        assert taken.wait(5), f"slot {freed} was let go but the waiter kept waiting"
    finally:
        for release in releases:
            release.set()
        for process in (*holders, waiter):
            process.join(10)


def test_many_waiters_all_come_through_the_queue(slots):
    slots(2)
    done = [fork.Event() for _ in range(8)]
    processes = [fork.Process(target=_take, args=(event,)) for event in done]
    for process in processes:
        process.start()
    assert all(event.wait(10) for event in done)
    for process in processes:
        process.join(10)


def _busy(seconds, count):
    """A worker with articles queued back to back: it keeps its slot from one to the next."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with cpu_slot():
            time.sleep(0.005)
        count.value += 1


def test_a_process_keeps_its_slot_for_its_next_article_but_lets_go_after_its_turn(slots):
    folder = slots(1)
    with cpu_slot():
        pass
    fd = os.open(folder / "slot-0", os.O_RDWR)
    try:
        with pytest.raises(BlockingIOError):  # kept for a next article ...
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        time.sleep(cpu_slots.LINGER * 10)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # ... and let go when none came
    finally:
        os.close(fd)
    count, taken = fork.Value("i", 0), fork.Event()
    busy = fork.Process(target=_busy, args=(cpu_slots.TURN * 6, count))
    busy.start()
    try:
        while count.value == 0:
            time.sleep(0.01)
        waiter = fork.Process(target=_take, args=(taken,))
        waiter.start()
        assert taken.wait(cpu_slots.TURN * 4), "a process with articles back to back kept its slot past its turn"
        assert busy.is_alive()
    finally:
        busy.join(10)
        waiter.join(10)


def test_a_forked_child_does_not_use_the_slot_its_parent_kept(slots):
    slots(1)
    with cpu_slot():
        pass
    assert cpu_slots._kept is not None
    reused = fork.Value("i", -1)

    def child():
        reused.value = int(cpu_slots._reuse(cpu_slots.slots_dir()) is not None)

    process = fork.Process(target=child)
    process.start()
    process.join(10)
    assert reused.value == 0


def test_a_holder_killed_mid_extraction_frees_its_slot(slots):
    folder = slots(1)
    ready, release = fork.Event(), fork.Event()
    holder = fork.Process(target=_hold, args=(ready, release))
    holder.start()
    assert ready.wait(10), "the holder never took its slot"
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
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert cpu_slots.slot_count() == cores

"""Celery workers on one Redis and one PostgreSQL: scale-out from 1 to 2 to 4 processes, and memory over a long run.

Workers are real `celery -A config worker -c 1` processes started by the
harness; articles go in through `article_receive` and `process_article.delay`,
as every door of the product sends them.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from .common import (LockSampler, ProcessCpu, Redis, enqueue, last_processed, log, receive, reset_database, statuses,
                     the_negotiation, wait_finished, workers)
from .reports import reports, world_from_db

# Articles each worker processes before the timing: past a pool process's first articles (its caches, its
# connection's prepared statements after DATABASE_PREPARE_THRESHOLD runs), as a long-lived worker is.
WARMUP_PER_WORKER = 8


def throughput(*, worker_count: int, articles: int, logdir: Path, seed: int = 21, timeout: float = 600) -> dict:
    """Articles per second with `worker_count` single-process workers, from a clean database."""
    reset_database()
    Redis().flush()
    world = world_from_db(the_negotiation())
    warm = receive(reports(world, WARMUP_PER_WORKER * worker_count, seed=seed + 500, start=0))
    batch = receive(reports(world, articles, seed=seed))
    with workers(worker_count, logdir=logdir, prefix=f"scale{worker_count}-") as started_workers:
        enqueue(warm)
        wait_finished(warm, timeout=120)
        locks, cpu = LockSampler(), ProcessCpu(started_workers)
        before = cpu.snapshot()
        started = time.time()
        enqueue(batch)
        wait_finished(batch, timeout=timeout, tick=locks.sample)
        after = cpu.snapshot()
        # From the first message sent to the last article's `processed_at`: not to the poll that saw it
        # (every 0.2 s, a tenth of a run of 80 articles).
        seconds = (last_processed(batch) or time.time()) - started
    return {"workers": worker_count, "articles": articles, "seconds": round(seconds, 2),
            "per_second": round(articles / seconds, 2), "status": dict(statuses(batch)), "locks": locks.figures(),
            **ProcessCpu.per_article(before, after, articles),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def scale_out(*, articles: int = 60, logdir: Path, rounds: int = 1) -> dict:
    """1, 2, then 4 single-process workers: 2 should be nearly twice 1; 4 on two cores no slower than 2.

    With `rounds` > 1 the three are run that many times in turn (1, 2, 4, 1, 2, 4, ...) and each count's
    median run is reported: one run of a few seconds moves by a third with whatever else the machine does,
    and taking the runs in turn spreads a busy moment over all three counts."""
    runs: dict[int, list[dict]] = {1: [], 2: [], 4: []}
    for n in range(rounds):
        for count in runs:
            runs[count].append(throughput(worker_count=count, articles=articles, logdir=logdir))
            run = runs[count][-1]
            log(f"workers: round {n + 1}: {count} worker{'s' if count > 1 else ''}: {run['per_second']} articles/s, "
                f"CPU per article {json.dumps(run.get('cpu_ms_per_article'))} ms, machine busy {run.get('machine_busy')}")
    one, two, four = (sorted(runs[count], key=lambda r: r["per_second"])[len(runs[count]) // 2] for count in runs)
    return {"one": one, "two": two, "four": four, "rounds": rounds,
            "per_second_runs": {str(count): [r["per_second"] for r in runs[count]] for count in runs},
            "ratio": round(two["per_second"] / one["per_second"], 2),
            "ratio_four_two": round(four["per_second"] / two["per_second"], 2)}


def memory(*, articles: int = 300, logdir: Path, seed: int = 31, timeout: float = 1200, every: float = 0.5) -> dict:
    """Resident memory of one worker (main + pool process) sampled while it works through `articles`.

    Compares the peak over the first third of the articles with the peak over
    the last third: a leak shows as growth. The run stays below the worker's
    max-tasks-per-child, so a recycled pool process cannot hide a leak.
    """
    from django.conf import settings

    from .common import finished

    reset_database()
    Redis().flush()
    world = world_from_db(the_negotiation())
    batch = receive(reports(world, articles, seed=seed))
    limit = settings.CELERY_WORKER_MAX_TASKS_PER_CHILD
    samples: list[tuple[int, int]] = []  # (articles finished, RSS KiB)
    state = {"last": 0.0}
    with workers(1, logdir=logdir, prefix="memory-") as (worker,):

        def tick():
            now = time.monotonic()
            if now - state["last"] >= every:
                state["last"] = now
                samples.append((finished(batch), worker.rss_kib()))

        start_rss = worker.rss_kib()
        enqueue(batch)
        seconds = wait_finished(batch, timeout=timeout, tick=tick)
        samples.append((finished(batch), worker.rss_kib()))
    first = [rss for done, rss in samples if done < articles / 3]
    last = [rss for done, rss in samples if done >= 2 * articles / 3]
    first_peak, last_peak = max(first or [0]), max(last or [0])
    return {
        "articles": articles, "seconds": round(seconds, 1), "samples": len(samples),
        "max_tasks_per_child": limit, "rss_idle_mib": round(start_rss / 1024, 1),
        "peak_mib": round(max(rss for _, rss in samples) / 1024, 1),
        "first_third_peak_mib": round(first_peak / 1024, 1), "last_third_peak_mib": round(last_peak / 1024, 1),
        "growth_ratio": round(last_peak / first_peak, 3) if first_peak else None,
        "flat": bool(first_peak) and last_peak <= first_peak * 1.05,
        "status": dict(statuses(batch)),
    }

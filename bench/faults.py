"""Fault runs: a worker SIGKILLed, Redis restarted, PostgreSQL refusing connections — mid-batch.

Each run starts from a clean database, queues the same batch to two real
workers, injects the fault once a share of the batch is done, recovers the
way production does (a fresh worker replaces a dead one; beat's
`requeue_stuck` queues again what a crash left behind — here called as soon
as the batch stalls instead of after 30 minutes), and then checks:

- every article of the batch is in a final status, and there is exactly one
  article per input;
- no statement is duplicated (two rows for the same span of an article) and
  none is lost (the same statements as a clean run of the batch);
- the positions table equals that of the clean run: every (party, issue,
  round) with the same stance, source and since-round (`positions_missing`,
  `positions_extra`), and the same evidence (`evidence_differing`: these
  differed while the rule broke same-day ties by statement id, which an
  article processed a second time changes — see docs/benchmarks.md).

Statements are compared by content (article URL, span, speaker, party, day,
links) and positions by (party, issue, round, stance, source, since_round,
evidence as statement spans), since ids differ between runs.
"""
from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

from .common import (
    FINAL, BenchError, Postgres, Redis, enqueue, finished, log, receive, reset_database, start_worker, statuses,
    the_negotiation, wait_finished, wait_for, workers,
)
from .reports import reports, world_from_db

# "none" is a second clean run: it shows the comparison itself is deterministic.
SCENARIOS = ("none", "kill-worker", "kill-pool-process", "restart-redis", "stop-postgres")


# --- What a run left in the database -------------------------------------------------


def snapshot(article_ids: list[int]) -> dict:
    """The batch's outcome as plain, id-free data."""
    from ingest.models import Article
    from positions.models import Position, Statement, StatementLink

    articles = list(Article.objects.filter(pk__in=article_ids).values_list("url", "status", "attempts"))
    statements = list(
        Statement.objects.filter(article_id__in=article_ids).values_list(
            "pk", "article__url", "start", "end", "kind", "speaker__name", "party__code", "stated_on", "round__slug",
            "status", "counted",
        )
    )
    key = {row[0]: (row[1], row[2], row[3]) for row in statements}
    links = Counter(
        (key[s], slug, stance)
        for s, slug, stance in StatementLink.objects.filter(statement_id__in=list(key)).values_list(
            "statement_id", "issue__slug", "stance"
        )
    )
    positions = Counter(
        (party, issue, rnd, stance, source, since, tuple(key.get(e, ("other", e)) for e in evidence))
        for party, issue, rnd, stance, source, since, evidence in Position.objects.values_list(
            "party__code", "issue__slug", "round__slug", "stance", "source", "since_round__slug", "evidence"
        )
    )
    return {
        "articles": Counter(url for url, _, _ in articles),
        "status": Counter(status for _, status, _ in articles),
        "attempts": Counter(attempts for _, _, attempts in articles),
        "statements": Counter(row[1:] for row in statements),
        "spans": Counter(key.values()),
        "links": links,
        "positions": positions,
    }


def compare(clean: dict, run: dict, *, expected: int) -> dict:
    """What differs between a faulted run and the clean one; `ok` when nothing does."""
    not_final = sum(n for status, n in run["status"].items() if status not in FINAL)
    duplicated = sum(n - 1 for n in run["spans"].values() if n > 1)
    lost = sum((clean["statements"] - run["statements"]).values())
    extra = sum((run["statements"] - clean["statements"]).values())
    stances = lambda snap: Counter({key[:6]: n for key, n in snap["positions"].items()})  # noqa: E731
    positions_missing = sum((stances(clean) - stances(run)).values())
    positions_extra = sum((stances(run) - stances(clean)).values())
    evidence_differing = sum((clean["positions"] - run["positions"]).values())
    links_diff = sum(((clean["links"] - run["links"]) + (run["links"] - clean["links"])).values())
    result = {
        "articles": sum(run["articles"].values()), "expected": expected,
        "one_row_per_input": all(n == 1 for n in run["articles"].values()) and len(run["articles"]) == expected,
        "not_final": not_final, "status": dict(run["status"]), "attempts": dict(sorted(run["attempts"].items())),
        "statements": sum(run["statements"].values()), "statements_clean": sum(clean["statements"].values()),
        "duplicated": duplicated, "lost": lost, "unexpected": extra, "links_differing": links_diff,
        "positions": sum(run["positions"].values()), "positions_missing": positions_missing,
        "positions_extra": positions_extra, "evidence_differing": evidence_differing,
        "status_equal_clean": run["status"] == clean["status"],
    }
    differing = {
        "statements_lost": list(clean["statements"] - run["statements"])[:3],
        "statements_unexpected": list(run["statements"] - clean["statements"])[:3],
        "positions_missing": list(stances(clean) - stances(run))[:3],
        "positions_extra": list(stances(run) - stances(clean))[:3],
        "evidence_clean": list(clean["positions"] - run["positions"])[:2],
        "evidence_run": list(run["positions"] - clean["positions"])[:2],
    }
    result["examples"] = {k: [repr(x)[:300] for x in v] for k, v in differing.items() if v}
    result["ok"] = (
        result["one_row_per_input"] and not not_final and not duplicated and not lost and not extra
        and not links_diff and not positions_missing and not positions_extra and not evidence_differing
        and result["status_equal_clean"]
    )
    return result


# --- Runs ------------------------------------------------------------------------------


def _requeue_stuck() -> int:
    """What beat's requeue_stuck does every few minutes, done now (the batch has stalled)."""
    from ingest.tasks import requeue_stuck

    count = requeue_stuck(minutes=0)
    log(f"faults: batch stalled; requeue_stuck queued {count} article(s) again")
    return count


def _batch(seed: int, size: int) -> list[dict]:
    return reports(world_from_db(the_negotiation()), size, seed=seed)


def clean_run(*, size: int, seed: int, logdir: Path, timeout: float) -> tuple[dict, list[int]]:
    reset_database()
    Redis().flush()
    ids = receive(_batch(seed, size))
    with workers(2, logdir=logdir, prefix="clean-"):
        enqueue(ids)
        seconds = wait_finished(ids, timeout=timeout)
    log(f"faults: clean run: {size} articles in {seconds:.1f} s: {dict(statuses(ids))}")
    return snapshot(ids), ids


def fault_run(scenario: str, *, size: int, seed: int, logdir: Path, timeout: float, at: float = 0.3,
              down_for: float = 5.0) -> tuple[dict, dict]:
    """One faulted run of the batch; returns (snapshot, what happened)."""
    from django.db import connections

    reset_database()
    redis = Redis()
    redis.flush()
    postgres = Postgres.discover()
    ids = receive(_batch(seed, size))
    happened = {"scenario": scenario, "requeued": 0}
    started = []
    try:
        started += [start_worker(f"{scenario}-1", logdir=logdir), start_worker(f"{scenario}-2", logdir=logdir)]
        enqueue(ids)
        wait_for(lambda: finished(ids) >= max(1, int(size * at)), timeout=timeout, interval=0.05,
                 what=f"{at:.0%} of the batch")
        happened["done_before_fault"] = finished(ids)
        fault_started = time.monotonic()
        if scenario == "none":
            pass
        elif scenario == "kill-worker":
            victim = started[0]
            victim.kill()
            happened["killed_pid"] = victim.pid
            started.append(start_worker(f"{scenario}-3", logdir=logdir))  # its replacement
        elif scenario == "kill-pool-process":
            happened["killed_pid"] = started[0].kill_child()
        elif scenario == "restart-redis":
            happened["queued_before_restart"] = redis.queued()
            redis.restart(down_for=down_for)
        elif scenario == "stop-postgres":
            postgres.stop()
            try:
                time.sleep(down_for)
            finally:
                postgres.start()
            connections.close_all()
        else:
            raise BenchError(f"unknown scenario {scenario!r}")
        happened["fault_seconds"] = round(time.monotonic() - fault_started, 1)

        def on_stall():
            if redis.queued() == 0:
                happened["requeued"] += _requeue_stuck()

        happened["seconds"] = round(wait_finished(ids, timeout=timeout, on_stall=on_stall, stall_after=8), 1)
        happened["workers_alive_after"] = sum(w.alive() for w in started)
        happened["deadlocks"] = postgres.deadlocks()
    finally:
        for worker in started:
            worker.stop()
    log(f"faults: {scenario}: {dict(statuses(ids))} after {happened.get('seconds')} s, requeued {happened['requeued']}")
    return snapshot(ids), happened


def run(*, scenarios=SCENARIOS, size: int = 30, seed: int = 41, logdir: Path, timeout: float = 300) -> dict:
    from django.conf import settings

    log(f"faults: lease {settings.INGEST_LEASE_SECONDS} s (INGEST_LEASE_SECONDS)")
    clean, _ = clean_run(size=size, seed=seed, logdir=logdir, timeout=timeout)
    if not sum(clean["statements"].values()):
        # Nothing to lose or duplicate: the comparison would pass whatever happened.
        return {"size": size, "ok": False, "error": f"the clean run found no statements ({dict(clean['status'])})",
                "scenarios": {}}
    results = {}
    for scenario in scenarios:
        try:
            faulted, happened = fault_run(scenario, size=size, seed=seed, logdir=logdir, timeout=timeout)
            results[scenario] = {**happened, **compare(clean, faulted, expected=size)}
        except BenchError as exc:
            results[scenario] = {"scenario": scenario, "ok": False, "error": str(exc)}
        log(f"faults: {scenario}: {'ok' if results[scenario]['ok'] else 'NOT OK'}")
    return {"size": size, "lease_seconds": settings.INGEST_LEASE_SECONDS, "clean_positions": sum(clean["positions"].values()),
            "clean_statements": sum(clean["statements"].values()), "scenarios": results,
            "ok": all(r["ok"] for r in results.values())}

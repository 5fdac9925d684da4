"""The benchmark pieces on tiny sizes: they must measure what they claim, or the figures mean nothing."""
from collections import Counter
from fractions import Fraction

import pytest

from bench import faults, ingest, reports
from bench.editors import split_taught
from bench.common import ProcessCpu, QueryRecorder, _proc_times, percentile, query_shape
from ingest import duplicates


@pytest.fixture
def world(shipped):
    return reports.world_from_db(shipped)


def test_reports_are_long_varied_and_not_near_duplicates(world):
    batch = reports.reports(world, 6, seed=3)
    assert all(600 <= len(r["text"].split()) <= 850 for r in batch)
    assert len({r["url"] for r in batch}) == 6
    prints = [duplicates.fingerprint(r["text"]).hashes for r in batch]
    # The duplicate check would skip the statements of a near-copy and flatter the figures.
    assert not any(duplicates.similar_hashes(a, b) for i, a in enumerate(prints) for b in prints[i + 1:])
    # Speakers come from the database, so the reports fit whatever negotiation is loaded.
    names = {p["name"] for p in world.people}
    assert any(name in r["text"] for r in batch for name in names)


def test_reports_are_reproducible(world):
    assert reports.report(world, 4, seed=9) == reports.report(world, 4, seed=9)
    assert reports.report(world, 4, seed=9)["text"] != reports.report(world, 5, seed=9)["text"]


def test_query_shape_ignores_literals_only():
    a = query_shape("SELECT * FROM t WHERE id = 12 AND name = 'x' AND k IN (1, 2, 3)")
    b = query_shape("SELECT * FROM t WHERE id = 99 AND name = 'other' AND k IN (4)")
    assert a == b
    assert a != query_shape("SELECT * FROM u WHERE id = 12")


def test_percentile_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile([], 95) == 0.0


def test_grow_stores_the_requested_background(shipped):
    from positions.models import Person, Position, Statement, StatementLink

    people_before = Person.objects.count()
    ingest.grow(to=60, negotiation=shipped)
    assert Statement.objects.count() == 60
    assert StatementLink.objects.count() == 60
    assert Person.objects.count() == people_before + 60 // ingest.STATEMENTS_PER_NEW_PERSON
    assert Position.objects.exists()  # refreshed, as the pipeline's writes would have left them
    ingest.grow(to=100, negotiation=shipped)
    assert Statement.objects.count() == 100


def test_measure_batch_counts_queries_and_leaves_no_trace(shipped, world):
    from ingest.models import Article
    from positions.models import Person, Statement

    batch = reports.reports(world, 2, seed=5)
    before = (Article.objects.count(), Statement.objects.count(), Person.objects.count())
    first = ingest.measure_batch(batch, negotiation=shipped)
    assert (Article.objects.count(), Statement.objects.count(), Person.objects.count()) == before
    again = ingest.measure_batch(batch, negotiation=shipped)
    third = ingest.measure_batch(batch, negotiation=shipped)
    counts = [a["queries"] for a in again["articles"]]
    assert all(n > 5 for n in counts)
    # same input, same state (the process has read the negotiation once already): same queries
    assert counts == [a["queries"] for a in third["articles"]]
    assert all(a["status"] == "done" for a in first["articles"])
    assert "find_statements" in first["articles"][0]["stages"]


def test_query_recorder_counts_each_query(shipped):
    from positions.models import Party

    recorder = QueryRecorder()
    with recorder.recording():
        list(Party.objects.all())
        list(Party.objects.filter(code="X"))
    assert recorder.count == 2
    assert sum(recorder.by_shape.values()) == 2


def _snap(**over):
    base = {
        "articles": Counter({"u1": 1, "u2": 1}), "status": Counter({"done": 2}), "attempts": Counter({1: 2}),
        "statements": Counter({("u1", 0, 5, "direct"): 1, ("u2", 0, 5, "direct"): 1}),
        "spans": Counter({("u1", 0, 5): 1, ("u2", 0, 5): 1}),
        "links": Counter({(("u1", 0, 5), "i", "demands"): 1}),
        "positions": Counter({("AA", "i", "r1", "demands", "derived", "r1", (("u1", 0, 5),)): 1}),
    }
    base.update(over)
    return base


def test_compare_accepts_an_identical_run():
    assert faults.compare(_snap(), _snap(), expected=2)["ok"]


@pytest.mark.parametrize("change, flag", [
    ({"statements": Counter({("u1", 0, 5, "direct"): 2, ("u2", 0, 5, "direct"): 1}),
      "spans": Counter({("u1", 0, 5): 2, ("u2", 0, 5): 1})}, "duplicated"),
    ({"statements": Counter({("u1", 0, 5, "direct"): 1}), "spans": Counter({("u1", 0, 5): 1})}, "lost"),
    ({"status": Counter({"done": 1, "processing": 1})}, "not_final"),
    ({"positions": Counter()}, "positions_missing"),
    ({"links": Counter()}, "links_differing"),
    ({"positions": Counter({("AA", "i", "r1", "rejects", "derived", "r1", (("u1", 0, 5),)): 1})}, "positions_missing"),
])
def test_compare_catches_each_kind_of_damage(change, flag):
    result = faults.compare(_snap(), _snap(**change), expected=2)
    assert not result["ok"]
    assert result[flag]


def test_compare_tells_evidence_apart_from_stances():
    """Same stances, evidence in another order: reported as such, and not equal to the clean run."""
    run = _snap(positions=Counter({("AA", "i", "r1", "demands", "derived", "r1", (("u2", 0, 5), ("u1", 0, 5))): 1}))
    result = faults.compare(_snap(), run, expected=2)
    assert not result["ok"]
    assert result["evidence_differing"] == 1
    assert not result["positions_missing"] and not result["positions_extra"]


def test_scale_out_takes_the_counts_in_turn_and_reports_each_ones_median(monkeypatch, tmp_path):
    from bench import workers

    speeds = iter([10, 18, 17, 30, 20, 21, 11, 19, 20])  # round by round: 1, 2 and 4 workers; one busy moment
    order = []

    def throughput(*, worker_count, articles, logdir):
        order.append(worker_count)
        return {"workers": worker_count, "articles": articles, "per_second": next(speeds)}

    monkeypatch.setattr(workers, "throughput", throughput)
    monkeypatch.setattr(workers, "log", lambda message: None)
    result = workers.scale_out(articles=5, logdir=tmp_path, rounds=3)
    assert order == [1, 2, 4] * 3
    assert (result["one"]["per_second"], result["two"]["per_second"], result["four"]["per_second"]) == (11, 19, 20)
    assert (result["ratio"], result["ratio_four_two"]) == (round(19 / 11, 2), round(20 / 19, 2))
    assert result["per_second_runs"] == {"1": [10, 30, 11], "2": [18, 20, 19], "4": [17, 21, 20]}


def test_process_cpu_counts_a_process_busy_time_and_its_switches():
    import os
    import time

    before = _proc_times(os.getpid(), "pool")
    end = time.process_time() + 0.05
    while time.process_time() < end:
        pass
    time.sleep(0.01)
    after = _proc_times(os.getpid(), "pool")
    assert after["pool_cpu"] - before["pool_cpu"] >= 0.03
    assert after["pool_voluntary"] > before["pool_voluntary"]


def test_process_cpu_per_article_splits_by_kind_and_reads_the_machine_share():
    before = Counter({"main_cpu": 1.0, "pool_cpu": 2.0, "postgres_cpu": 5.0, "pool_voluntary": 10,
                      "machine_ticks": 1000, "machine_idle": 400, "machine_steal": 0})
    after = Counter({"main_cpu": 1.1, "pool_cpu": 4.0, "postgres_cpu": 5.5, "pool_voluntary": 210, "pool_involuntary": 50,
                     "machine_ticks": 2000, "machine_idle": 650, "machine_steal": 10})
    figures = ProcessCpu.per_article(before, after, 100)
    assert figures["cpu_ms_per_article"] == {"main": 1.0, "pool": 20.0, "postgres": 5.0, "total": 26.0}
    assert figures["switches_per_article"]["pool"] == [2.0, 0.5]
    assert (figures["machine_busy"], figures["machine_steal"]) == (0.75, 0.01)


@pytest.mark.parametrize(("reports", "share", "taught"), [
    (16, "1/3", 6), (16, "0.67", 11), (100, "0.07", 7), (3, "0.01", 1), (3, "0.99", 2), (2, "1/2", 1)])
def test_editors_teach_a_share_of_the_reports_in_order_and_score_the_rest(reports, share, taught):
    manifest = [{"doc": str(i)} for i in range(reports)]
    first, rest = split_taught(manifest, Fraction(share))
    assert len(first) == taught  # 7 of 100 at 0.07: a float would make it 7.000000000000001, rounded up to 8
    assert first + rest == manifest  # in date order, every report once: never taught and scored both


def test_editors_need_two_reports():
    with pytest.raises(ValueError, match="at least two"):
        split_taught([{"doc": "1"}])

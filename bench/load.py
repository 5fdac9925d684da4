"""A bounded load run on loopback: API readers load a real server while workers ingest.

Checks: no 5xx and no failed request, every article of the batch final (no
worker stuck behind a lock), and PostgreSQL's deadlock counter unchanged.
"""
from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from .api_load import server
from .common import (
    Postgres, Redis, enqueue, log, percentile, receive, reset_database, statuses, the_negotiation,
    wait_finished, workers,
)
from .reports import reports, world_from_db


def api_token() -> str:
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    user, _ = User.objects.get_or_create(username="bench-reader")
    return Token.objects.get_or_create(user=user)[0].key


def reader_paths(negotiation) -> list[str]:
    """The analysts' reads, on the negotiation in the database."""
    rounds = list(negotiation.rounds.order_by("date").values_list("slug", flat=True))
    party = negotiation.parties.order_by("code").first()
    issue = negotiation.issues.order_by("position", "slug").first()
    slug = negotiation.slug
    paths = [
        "/api/statements/?page_size=50",
        f"/api/statements/?party={party.code}&issue={issue.slug}" if party and issue else "/api/statements/",
        f"/api/negotiations/{slug}/positions/",
        f"/api/negotiations/{slug}/timeline/?party={party.code}&issue={issue.slug}" if party and issue
        else f"/api/negotiations/{slug}/",
        "/api/parties/",
    ]
    if len(rounds) >= 2:
        paths += [f"/api/negotiations/{slug}/positions/?round={rounds[len(rounds) // 2]}",
                  f"/api/negotiations/{slug}/changes/?from={rounds[0]}&to={rounds[-1]}"]
    return paths


def readers(base: str, token: str, paths: list[str], *, clients: int, stop: threading.Event) -> dict:
    """`clients` threads reading `paths` round-robin until `stop`; status codes and latencies."""
    codes: Counter = Counter()
    latencies: list[float] = []
    errors: Counter = Counter()
    lock = threading.Lock()

    def client(k: int):
        i = k
        while not stop.is_set():
            path = paths[i % len(paths)]
            i += 1
            request = urllib.request.Request(base + path, headers={"Authorization": f"Token {token}"})
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
                    code = response.status
            except urllib.error.HTTPError as exc:
                code = exc.code
            except Exception as exc:  # a refused or reset connection counts against the run
                with lock:
                    errors[type(exc).__name__] += 1
                time.sleep(0.05)
                continue
            with lock:
                codes[code] += 1
                latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    return {"codes": codes, "latencies": latencies, "errors": errors, "threads": threads}


def run(*, articles: int = 60, worker_count: int = 2, clients: int = 4, logdir: Path, seed: int = 51,
        timeout: float = 600) -> dict:
    reset_database()
    Redis().flush()
    negotiation = the_negotiation()
    postgres = Postgres.discover()
    deadlocks_before = postgres.deadlocks()
    token = api_token()
    paths = reader_paths(negotiation)
    batch = receive(reports(world_from_db(negotiation), articles, seed=seed))
    with server(os.environ["DATABASE_URL"], processes=2, threads=4, logdir=logdir) as served, \
            workers(worker_count, logdir=logdir, prefix="load-"):
        port = served[0] if isinstance(served, tuple) else served  # (port, pid) or port
        base = f"http://127.0.0.1:{port}"
        stop = threading.Event()
        load = readers(base, token, paths, clients=clients, stop=stop)
        started = time.monotonic()
        enqueue(batch)
        try:
            seconds = wait_finished(batch, timeout=timeout)
        finally:
            stop.set()
            for t in load["threads"]:
                t.join(timeout=35)
        elapsed = time.monotonic() - started
    codes, latencies = load["codes"], load["latencies"]
    server_errors = sum(n for code, n in codes.items() if code >= 500)
    result = {
        "articles": articles, "workers": worker_count, "clients": clients, "seconds": round(seconds, 1),
        "ingest_per_second": round(articles / seconds, 2), "requests": sum(codes.values()),
        "requests_per_second": round(sum(codes.values()) / elapsed, 1),
        "codes": {str(k): v for k, v in sorted(codes.items())}, "connection_errors": dict(load["errors"]),
        "p50_ms": round(1000 * percentile(latencies, 50), 1), "p95_ms": round(1000 * percentile(latencies, 95), 1),
        "status": dict(statuses(batch)), "deadlocks": postgres.deadlocks() - deadlocks_before,
        "paths": paths,
    }
    result["ok"] = (server_errors == 0 and not load["errors"] and result["deadlocks"] == 0
                    and all(code < 400 for code in codes))
    log(f"load: {json.dumps({k: result[k] for k in ('requests', 'codes', 'p50_ms', 'p95_ms', 'deadlocks')})}")
    return result

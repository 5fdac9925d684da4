"""The analysts' API at 100,000 statements, under concurrent load, on PostgreSQL.

    DATABASE_URL=postgres://… .venv/bin/python -m bench.api_load [--statements 100000] [--quick] [--json FILE]

What it does, in a throwaway database next to DATABASE_URL's (`<name>_api_bench`,
dropped afterwards unless --keep):

1. builds a synthetic negotiation (parties, people, issues, weekly rounds) and
   `--small` statements with their links by bulk_create, stores the positions
   through services.positions_rederive (the same derivation as the pipeline), and
   counts the queries of every endpoint in-process;
2. grows it to `--statements` statements and counts again: the counts must be
   equal (the number of queries does not grow with the rows);
3. starts the project under gunicorn (a real server process on loopback) and
   fires requests from a small thread pool at each `--concurrency` level
   (1, 4 and 8 clients with keep-alive connections), reporting p50/p95/max per
   endpoint and the CPU each request costs (server + database processes,
   from /proc: a figure that holds however busy the machine's other cores
   are); then the target's two requests alone at `--target-clients` (4).

`run()` is the core: `python -m bench` (bench/__main__.py) calls it. The target
(issue 6): p95 < 100 ms for a 100-row statements page and for a changes request.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from .common import ROOT, BenchError, log, percentile, setup_django

TARGET_MS = 100.0
TARGETED = ("statements page (100 rows)", "changes")

PARTIES = 8
ISSUES = 12
ROUNDS = 12
PEOPLE = 80
STATEMENTS_PER_ARTICLE = 5
STANCES = ("demands", "supports", "open", "rejects")


# --- A throwaway database ------------------------------------------------------------


@contextmanager
def throwaway_database(*, keep: bool = False):
    """Point Django's default connection at a fresh, migrated `<name>_api_bench` database; yield its URL."""
    from django.db import connection

    settings_dict = connection.settings_dict
    old_name = settings_dict["NAME"]
    test_settings = settings_dict.setdefault("TEST", {})
    old_test_name = test_settings.get("NAME")
    test_settings["NAME"] = f"{old_name}_api_bench" if connection.vendor == "postgresql" else str(
        Path(ROOT, "api_bench.sqlite3")
    )
    log(f"api: creating the database {test_settings['NAME']}")
    name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
    try:
        yield _database_url(name)
    finally:
        if keep:
            connection.settings_dict["NAME"] = old_name
            connection.close()
            log(f"api: kept the database {name}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
        test_settings["NAME"] = old_test_name


def _database_url(name: str) -> str:
    """DATABASE_URL with the database name replaced (the server process must use the same one)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return f"sqlite:///{name}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


# --- The data, built fast -------------------------------------------------------------


class World:
    """The synthetic negotiation and the ids the requests pick from."""

    def __init__(self):
        from positions.models import Issue, Negotiation, Party, Person, Round

        self.negotiation = Negotiation.objects.create(slug="bench-talks", name="Bench talks")
        self.parties = Party.objects.bulk_create(
            [Party(code=f"B{i:02d}", name=f"Bench party {i}") for i in range(PARTIES)]
        )
        self.negotiation.parties.set(self.parties)
        self.issues = Issue.objects.bulk_create(
            [Issue(negotiation=self.negotiation, slug=f"issue-{i:02d}", title=f"Issue {i}", owner=self.parties[i % 2],
                   position=i) for i in range(ISSUES)]
        )
        start = dt.date(2022, 1, 3)
        self.rounds = Round.objects.bulk_create(
            [Round(negotiation=self.negotiation, slug=f"round-{i:02d}", date=start + dt.timedelta(days=7 * i),
                   name=f"Round {i}") for i in range(ROUNDS)]
        )
        self.people = Person.objects.bulk_create(
            [Person(name=f"Bench speaker {i}", party=self.parties[i % PARTIES]) for i in range(PEOPLE)]
        )
        self.statements = 0
        self.first_article_id = None

    @property
    def last_day(self) -> dt.date:
        return self.rounds[-1].date + dt.timedelta(days=6)

    def grow(self, total: int, *, seed: int = 6, batch: int = 10_000) -> None:
        """Add statements (with articles and one or two links each) until there are `total`."""
        from ingest.models import Article
        from positions import services
        from positions.models import Statement, StatementLink

        rng = random.Random(seed + self.statements)
        first_day = self.rounds[0].date
        span = (self.last_day - first_day).days
        while self.statements < total:
            n = min(batch, total - self.statements)
            articles = Article.objects.bulk_create(
                [
                    Article(url=f"https://bench.example.org/{self.statements + i}", title=f"Bench report {i}",
                            published=first_day + dt.timedelta(days=rng.randrange(span + 1)), text="", status="done")
                    for i in range(0, n, STATEMENTS_PER_ARTICLE)
                ]
            )
            if self.first_article_id is None:
                self.first_article_id = articles[0].pk
            # Every 20th article is a syndicated copy of the one before: its statements do not count.
            copies = []
            for i in range(19, len(articles), 20):
                articles[i].duplicate_of_id = articles[i - 1].pk
                copies.append(articles[i])
            Article.objects.bulk_update(copies, ["duplicate_of"])
            rows, links = [], []
            for i in range(n):
                article = articles[i // STATEMENTS_PER_ARTICLE]
                person = self.people[rng.randrange(PEOPLE)] if rng.random() < 0.7 else None
                party = person.party if person and person.party_id else self.parties[rng.randrange(PARTIES)]
                day = article.published - dt.timedelta(days=rng.randrange(3))
                status = rng.choices(["auto", "confirmed", "rejected"], weights=[80, 15, 5])[0]
                statement = Statement(
                    negotiation=self.negotiation, article=article, text=f"Bench statement {self.statements + i}: "
                    + "words " * rng.randrange(5, 40), start=i * 10, end=i * 10 + 9, kind="reported",
                    speaker=person, party=party, stated_on=day, round=self._round_for(day),
                    confidence=round(rng.random(), 3), status=status,
                )
                own = [
                    StatementLink(statement=statement, issue=issue, stance=rng.choice(STANCES),
                                  confidence=round(rng.random(), 3))
                    for issue in rng.sample(self.issues, rng.choice((1, 1, 2)))
                ]
                # The services' one writer of counted and the links' copies (seq included), as for the pipeline.
                services.statement_fill_copies(statement, own, article=article)
                rows.append(statement)
                links += own
            Statement.objects.bulk_create(rows)
            StatementLink.objects.bulk_create(links)
            self.statements += n
        self.refresh_positions()

    def _round_for(self, day: dt.date):
        from positions.services import round_for_day

        return round_for_day(self.rounds, day)

    def refresh_positions(self) -> None:
        """The negotiation's positions derived through the services (the same derivation as after each article)."""
        from positions import services

        services.positions_rederive(negotiation=self.negotiation)

    def analyze(self) -> None:
        """VACUUM ANALYZE: the steady state autovacuum reaches after a bulk load (statistics, visibility map)."""
        from django.db import connection

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")


def api_token() -> str:
    from django.contrib.auth.models import User
    from rest_framework.authtoken.models import Token

    user, _ = User.objects.get_or_create(username="bench-analyst")
    return Token.objects.get_or_create(user=user)[0].key


# --- What is requested -----------------------------------------------------------------


def endpoints(world: World, rng: random.Random | None = None) -> dict[str, str]:
    """One request per endpoint (random choices of round, party, issue when `rng` is given)."""
    rng = rng or random.Random(0)
    slug = world.negotiation.slug
    rounds = [r.slug for r in world.rounds]
    a, b = sorted(rng.sample(range(len(rounds)), 2))
    party = rng.choice(world.parties).code
    issue = rng.choice(world.issues).slug
    person = rng.choice(world.people).pk
    page = rng.randrange(1, max(2, min(11, world.statements // 120)))  # within the first pages at any size
    q = urlencode
    return {
        "statements page (100 rows)": "/api/statements/?" + q({"page_size": 100, "page": page}),
        "statements by party": "/api/statements/?" + q({"page_size": 100, "party": party}),
        "statements by issue+stance": "/api/statements/?" + q({"page_size": 100, "issue": issue,
                                                                "stance": rng.choice(STANCES)}),
        "statements by round+negotiation": "/api/statements/?" + q({"page_size": 100, "round": rng.choice(rounds),
                                                                     "negotiation": slug}),
        "statements by speaker since": "/api/statements/?" + q({"page_size": 100, "speaker": person,
                                                                 "since": world.rounds[len(rounds) // 2].date}),
        "statements rejected": "/api/statements/?" + q({"page_size": 100, "status": "rejected"}),
        "statements by article": "/api/statements/?" + q({"article": world.first_article_id}),
        "positions": f"/api/negotiations/{slug}/positions/?" + q({"round": rng.choice(rounds)}),
        "changes": f"/api/negotiations/{slug}/changes/?" + q({"from": rounds[a], "to": rounds[b]}),
        "timeline": f"/api/negotiations/{slug}/timeline/?" + q({"party": party, "issue": issue}),
        "people": "/api/people/?page_size=100",
        "rounds": f"/api/negotiations/{slug}/rounds/",
    }


def query_counts(world: World, token: str) -> dict[str, int]:
    """Queries per endpoint, in-process (the same code the server runs)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    counts = {}
    for name, path in endpoints(world).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        if response.status_code != 200:
            raise BenchError(f"{name}: {path} answered {response.status_code}: {response.content[:200]!r}")
        counts[name] = len(queries)
    return counts


# --- The server and the load -----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def server(database_url: str, *, processes: int, threads: int, logdir: Path):
    """The project's WSGI app under gunicorn on a loopback port, on the bench database."""
    port = _free_port()
    logdir.mkdir(parents=True, exist_ok=True)
    log_path = logdir / "api_load.gunicorn.log"
    with open(log_path, "ab") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-b", f"127.0.0.1:{port}",
             "-w", str(processes), "--threads", str(threads), "--timeout", "60", "--log-level", "warning"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1,localhost",
                 "SECURE_SSL_REDIRECT": "0", "CONN_MAX_AGE": "600"},
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise BenchError(f"gunicorn exited; see {log_path}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/api/schema/")
                connection.getresponse().read()
                connection.close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchError("the API server did not come up in 60 s") from None
                time.sleep(0.3)
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class CpuMeter:
    """CPU seconds used so far by process trees (the gunicorn master and its workers; the PostgreSQL
    postmaster and its backends, reaped ones included): the cost of the requests whatever else the
    machine's cores are busy with. Linux /proc only; None elsewhere."""

    def __init__(self, roots: list[int]):
        self.roots = [pid for pid in roots if pid and Path(f"/proc/{pid}/stat").exists()]

    def seconds(self) -> float | None:
        if not self.roots:
            return None
        table: dict[int, tuple[int, float]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    data = (entry / "stat").read_text()
                except OSError:
                    continue
                fields = data[data.rindex(")") + 2:].split()
                # ppid, then utime + stime + cutime + cstime (children waited for)
                table[int(entry.name)] = (int(fields[1]), sum(int(v) for v in fields[11:15]) / _TICK)
        children: dict[int, list[int]] = defaultdict(list)
        for pid, (ppid, _) in table.items():
            children[ppid].append(pid)
        total, frontier, seen = 0.0, [r for r in self.roots if r in table], set()
        while frontier:
            pid = frontier.pop()
            if pid in seen:
                continue
            seen.add(pid)
            total += table[pid][1]
            frontier += children.get(pid, [])
        return total


def postmaster_pid() -> int | None:
    """The local PostgreSQL server's main process (None when it is not on this machine)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    try:
        data = Path(f"/proc/{backend}/stat").read_text()
    except OSError:
        return None
    return int(data[data.rindex(")") + 2:].split()[1])


def fire(port: int, token: str, world: World, *, concurrency: int, per_endpoint: int, seed: int = 6,
         meter: CpuMeter | None = None, only: tuple[str, ...] = ()) -> dict:
    """`concurrency` clients, each on its own keep-alive connection, share the shuffled requests.

    With one client the requests go endpoint by endpoint, so that the meter gives each
    endpoint's CPU cost (server + database) per request.
    """
    rng = random.Random(seed)
    plan = [(name, path) for _ in range(per_endpoint) for name, path in endpoints(world, rng).items()
            if not only or name in only]
    if concurrency == 1:
        plan.sort(key=lambda item: item[0])
    else:
        rng.shuffle(plan)
    timings: dict[str, list[float]] = defaultdict(list)
    codes: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    errors: list[str] = []
    lock = threading.Lock()
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}

    def client(share: list[tuple[str, str]]):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for name, path in share:
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                with lock:
                    errors.append(f"{name}: {type(exc).__name__}: {exc}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                timings[name].append(elapsed)
                codes[name][status] += 1
        connection.close()

    # Warm up every server process and connection first (not measured).
    with ThreadPoolExecutor(concurrency) as pool:
        warm = [item for item in endpoints(world).items() if not only or item[0] in only] * concurrency
        list(pool.map(lambda item: client([item]), warm))
    timings.clear()
    codes.clear()

    cpu_by_endpoint: dict[str, float] = {}
    cpu_before = meter.seconds() if meter else None
    started = time.perf_counter()
    if concurrency == 1:
        for name in sorted({name for name, _ in plan}):
            before = meter.seconds() if meter else None
            client([item for item in plan if item[0] == name])
            if before is not None:
                cpu_by_endpoint[name] = (meter.seconds() - before) * 1000 / per_endpoint
    else:
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(client, [plan[i::concurrency] for i in range(concurrency)]))
    wall = time.perf_counter() - started
    cpu_ms = (meter.seconds() - cpu_before) * 1000 / len(plan) if cpu_before is not None else None
    per_endpoint_figures = {
        name: {
            "requests": len(values), "p50_ms": round(percentile(values, 50), 1), "p95_ms": round(percentile(values, 95), 1),
            "max_ms": round(max(values), 1), "codes": dict(codes[name]),
            **({"cpu_ms_per_request": round(cpu_by_endpoint[name], 1)} if name in cpu_by_endpoint else {}),
        }
        for name, values in sorted(timings.items())
    }
    return {
        "requests": len(plan), "seconds": round(wall, 1), "requests_per_second": round(len(plan) / wall, 1),
        "cpu_ms_per_request": round(cpu_ms, 1) if cpu_ms is not None else None,
        "errors": errors[:20], "endpoints": per_endpoint_figures,
    }


# --- The core ----------------------------------------------------------------------------


def run(*, statements: int = 100_000, small: int = 1_000, quick: bool = False, concurrency=(1, 4, 8),
        target_clients: int = 4, per_endpoint: int = 60, processes: int = 2, threads: int = 4, keep: bool = False,
        logdir: Path | str = "bench-logs") -> dict:
    """Build, count queries at two sizes, load a real server; the figures (with "ok") as a dict.

    Runs on a throwaway database beside the configured one, so it can be called
    from any benchmark command after django.setup().
    """
    if quick:
        statements, small, per_endpoint = min(statements, 5_000), min(small, 500), min(per_endpoint, 20)
    logdir = Path(logdir)
    with throwaway_database(keep=keep) as database_url:
        from django.db import connection

        started = time.perf_counter()
        world = World()
        token = api_token()
        world.grow(small)
        world.analyze()
        counts_small = query_counts(world, token)
        log(f"api: {small} statements built; queries per endpoint {counts_small}")
        world.grow(statements)
        world.analyze()
        build_seconds = round(time.perf_counter() - started, 1)
        counts_large = query_counts(world, token)
        log(f"api: {statements} statements built in {build_seconds} s; queries per endpoint {counts_large}")
        postmaster = postmaster_pid()
        connection.close()  # the server processes have the database to themselves
        levels = [concurrency] if isinstance(concurrency, int) else list(concurrency)
        loads = {}
        with server(database_url, processes=processes, threads=threads, logdir=logdir) as (port, gunicorn):
            meter = CpuMeter([gunicorn, postmaster])
            for clients in levels:
                log(f"api: firing {per_endpoint} requests per endpoint from {clients} concurrent clients")
                loads[clients] = fire(port, token, world, concurrency=clients, per_endpoint=per_endpoint, meter=meter)
            log(f"api: the target's two requests alone, from {target_clients} concurrent clients")
            focused = fire(port, token, world, concurrency=target_clients, per_endpoint=per_endpoint * 3, meter=meter,
                           only=TARGETED)
        vendor = connection.vendor

    flat = counts_small == counts_large
    for load in [*loads.values(), focused]:
        figures = load["endpoints"]
        load["target_met"] = all(figures.get(n, {}).get("p95_ms", float("inf")) < TARGET_MS for n in TARGETED)
        load["all_200"] = not load["errors"] and all(set(f["codes"]) == {200} for f in figures.values())
    fast = focused["target_met"]
    clean = all(load["all_200"] for load in [*loads.values(), focused])
    return {
        "ok": flat and fast and clean,
        "database": vendor,
        "statements": {"small": small, "large": statements},
        "build_seconds": build_seconds,
        "queries": {"small": counts_small, "large": counts_large, "equal": flat},
        "server": {"gunicorn_processes": processes, "threads": threads},
        "target": {"p95_ms_below": TARGET_MS, "endpoints": list(TARGETED), "clients": target_clients, "met": fast,
                   "mixed_load_met": loads.get(target_clients, {}).get("target_met")},
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "all_200": clean,
        "load": {f"{clients} clients, every endpoint": load for clients, load in loads.items()}
        | {f"{target_clients} clients, statements pages and changes only": focused},
    }


def report(result: dict) -> str:
    lines = [
        f"database {result['database']}, statements {result['statements']['small']} then "
        f"{result['statements']['large']} (built in {result['build_seconds']} s); "
        f"server: gunicorn {result['server']['gunicorn_processes']} processes x {result['server']['threads']} threads",
        "",
        f"{'endpoint':34} {'queries@small':>13} {'queries@large':>13}",
    ]
    for name, count in result["queries"]["large"].items():
        lines.append(f"{name:34} {result['queries']['small'].get(name, '-'):>13} {count:>13}")
    for scenario, load in result["load"].items():
        lines += [
            "",
            f"{scenario}: {load['requests']} requests in {load['seconds']} s "
            f"({load['requests_per_second']}/s), errors {len(load['errors'])}, all 200: {load['all_200']}, "
            f"CPU (server + database) {load['cpu_ms_per_request']} ms per request",
            f"{'endpoint':34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'CPU ms':>8}",
        ]
        for name, figures in load["endpoints"].items():
            lines.append(f"{name:34} {figures['p50_ms']:>8} {figures['p95_ms']:>8} {figures['max_ms']:>8} "
                         f"{figures.get('cpu_ms_per_request', ''):>8}")
    lines += [
        "",
        f"query counts equal at both sizes: {result['queries']['equal']}",
        f"p95 < {TARGET_MS:.0f} ms for {', '.join(TARGETED)} at {result['target']['clients']} clients: "
        f"{result['target']['met']} (under the mixed load of every endpoint: {result['target']['mixed_load_met']})",
        f"machine load average after the run (1/5/15 min, shared cores): {result['load_average_after']}",
        f"ok: {result['ok']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.api_load", description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000, help="the first size (query counts compared)")
    parser.add_argument("--quick", action="store_true", help="5,000 statements, fewer requests")
    parser.add_argument("--concurrency", default="1,4,8", help="concurrent clients, comma-separated levels")
    parser.add_argument("--target-clients", type=int, default=4, help="the level at which the p95 target is checked")
    parser.add_argument("--per-endpoint", type=int, default=60, help="requests per endpoint")
    parser.add_argument("--processes", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--json", default="", help="also write the figures here")
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection

    if connection.vendor != "postgresql":
        log("api: not PostgreSQL (set DATABASE_URL=postgres://…): the figures will not be the target's")
    try:
        levels = tuple(int(c) for c in args.concurrency.split(",") if c.strip())
        result = run(statements=args.statements, small=args.small, quick=args.quick, concurrency=levels,
                     target_clients=args.target_clients,
                     per_endpoint=args.per_endpoint, processes=args.processes, threads=args.threads, keep=args.keep)
    except BenchError as exc:
        print(f"bench.api_load: {exc}", file=sys.stderr)
        return 2
    print(report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, default=str))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())

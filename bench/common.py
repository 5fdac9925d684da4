"""What every benchmark and fault run shares: Django, a clean database, the services, workers.

The runs need real PostgreSQL, Redis and Celery worker processes (see
docs/benchmarks.md); they find them through DATABASE_URL and
CELERY_BROKER_URL, exactly as the project does. Everything listens on
loopback and every wait is bounded.
"""
from __future__ import annotations

import atexit
import json
import math
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FINAL = ("done", "skipped", "failed")


class BenchError(RuntimeError):
    """A run could not be carried out (a service missing, a wait that ran out)."""


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ingest_set(corpus: Path, codebook: Path | None, *, cues: bool = True,
               shipped: Path = ROOT.parent / "shared" / "eval" / "codebook.json") -> tuple[Path, dict, list[dict]]:
    """A set of reports ingested as ../shared/eval/run.sh does it, on a throw-away SQLite database with tasks
    in-process: the shipped negotiation loaded, `codebook` imported (without its issues' cues when `cues` is
    false), every report of `corpus` ingested in order of publication. Returns the work directory (removed at
    exit), the codebook read (`shipped` without `codebook`) and the manifest in that order."""
    work = Path(tempfile.mkdtemp(prefix="bench-set-"))
    atexit.register(shutil.rmtree, work, ignore_errors=True)  # its database and files are of no use afterwards
    os.environ["DATABASE_URL"] = f"sqlite:///{work}/db.sqlite3"
    os.environ.pop("CELERY_BROKER_URL", None)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "russia_west_2022", verbosity=0)
    book = json.loads((codebook or shipped).read_text())
    if codebook:
        for issue in book["issues"] if not cues else ():
            issue.pop("cues", None)
        (work / "codebook.json").write_text(json.dumps(book))
        call_command("negotiation", "import", str(work / "codebook.json"), verbosity=0)
    manifest = [json.loads(line) for line in open(corpus / "manifest.jsonl") if line.strip()]
    manifest.sort(key=lambda m: (m["published"], m["doc"]))
    with open(work / "in.jsonl", "w") as out:
        for m in manifest:
            row = {"url": m["url"], "published": m["published"],
                   "text": (corpus / m.get("file", m["doc"] + ".txt")).read_text()}
            row.update({k: m[k] for k in ("title", "outlet") if m.get(k)})
            out.write(json.dumps(row) + "\n")
    with open(os.devnull, "w") as quiet:
        call_command("ingest", "--sync", "--jsonl", str(work / "in.jsonl"), stdout=quiet)
    return work, book, manifest


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def wait_for(predicate, *, timeout: float, interval: float = 0.25, what: str = "a condition"):
    """Poll `predicate` until it returns something truthy; BenchError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise BenchError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


# --- The database -------------------------------------------------------------


def require_postgres() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise BenchError("these runs need PostgreSQL: set DATABASE_URL=postgres://... (see docs/benchmarks.md)")


def reset_database(*, fixture: str = "russia_west_2022") -> None:
    """Migrate, empty every table, load the shipped reference data: the same start for every run."""
    from django.core.management import call_command
    from django.db import close_old_connections

    close_old_connections()
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)
    call_command("loaddata", fixture, verbosity=0)


def the_negotiation():
    from positions.models import Negotiation

    return Negotiation.objects.order_by("pk").first()


_NUMBERS = re.compile(r"\b\d+\b")
_STRINGS = re.compile(r"'(?:[^']|'')*'")
_IN_LISTS = re.compile(r"IN \((?:%s|\?|[^()]*)\)")


_SAVEPOINTS = re.compile(r"\bs\d+_x\d+\b")


def query_shape(sql: str) -> str:
    """A query with its literals blanked, so that the same query at two sizes compares equal."""
    shape = _SAVEPOINTS.sub("sN_xN", sql)
    shape = _STRINGS.sub("?", shape)
    shape = _NUMBERS.sub("N", shape)
    shape = _IN_LISTS.sub("IN (...)", shape)
    return " ".join(shape.split())


class QueryRecorder:
    """Counts and times every query of a block, by shape (execute_wrapper: works with DEBUG off)."""

    def __init__(self):
        self.count = 0
        self.by_shape: Counter = Counter()
        self.time_by_shape: Counter = Counter()

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            shape = query_shape(sql)
            self.count += 1
            self.by_shape[shape] += 1
            self.time_by_shape[shape] += time.perf_counter() - start

    @contextmanager
    def recording(self):
        from django.db import connection

        with connection.execute_wrapper(self):
            yield self


class LockSampler:
    """Samples what the other sessions of the database do: busy, or waiting for a lock (and on which query)."""

    def __init__(self):
        self.samples = 0
        self.active = 0
        self.waiting = 0
        self.waiting_on: Counter = Counter()

    def sample(self) -> None:
        from django.db import connection

        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT wait_event_type, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'"
                )
                rows = cursor.fetchall()
        except Exception:
            return
        self.samples += 1
        for wait_type, query in rows:
            self.active += 1
            if wait_type == "Lock":
                self.waiting += 1
                self.waiting_on[query] += 1

    def figures(self) -> dict:
        return {
            "samples": self.samples, "busy_sessions_per_sample": round(self.active / max(self.samples, 1), 2),
            "share_waiting_for_locks": round(self.waiting / max(self.active, 1), 3),
            "top_waits": [{"query": q, "samples": n} for q, n in self.waiting_on.most_common(3)],
        }


class ProcessCpu:
    """CPU seconds and context switches of the worker processes and of PostgreSQL over a block, from /proc.

    Workers: each main process and its pool processes. PostgreSQL: the postmaster, its live backends, and
    (through the postmaster's children's times) the backends that ended meanwhile. The machine's busy and
    stolen share comes from /proc/stat, which counts every process of the machine, ours or not.
    """

    def __init__(self, workers: list["Worker"]):
        self.workers = workers
        self.postmaster = _postmaster_pid()

    def snapshot(self) -> dict:
        seen: Counter = Counter()
        for worker in self.workers:
            seen += _proc_times(worker.pid, "main")
            for child in worker.children():
                seen += _proc_times(child, "pool")
        if self.postmaster:
            seen += _proc_times(self.postmaster, "postgres", children_done=True)
            for child in _children(self.postmaster):
                seen += _proc_times(child, "postgres")
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        seen["machine_ticks"], seen["machine_idle"], seen["machine_steal"] = sum(fields[:8]), fields[3] + fields[4], fields[7]
        return seen

    @staticmethod
    def per_article(before: dict, after: dict, articles: int) -> dict:
        delta = {k: after.get(k, 0) - before.get(k, 0) for k in set(before) | set(after)}
        ticks = max(delta.pop("machine_ticks", 0), 1)
        idle, steal = delta.pop("machine_idle", 0), delta.pop("machine_steal", 0)
        n = max(articles, 1)
        cpu = {kind: round(1000 * delta.get(f"{kind}_cpu", 0) / n, 1) for kind in ("main", "pool", "postgres")}
        return {
            "cpu_ms_per_article": {**cpu, "total": round(sum(cpu.values()), 1)},
            "switches_per_article": {kind: [round(delta.get(f"{kind}_voluntary", 0) / n, 1),
                                            round(delta.get(f"{kind}_involuntary", 0) / n, 1)] for kind in ("main", "pool")},
            "machine_busy": round(1 - idle / ticks, 3), "machine_steal": round(steal / ticks, 3),
        }


def _postmaster_pid() -> int | None:
    try:
        return int(Path(Postgres.discover().data_dir, "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def _children(pid: int) -> list[int]:
    found = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    except OSError:
        pass
    return found


def _proc_times(pid: int, kind: str, *, children_done: bool = False) -> Counter:
    """A process's CPU seconds (user + system; with `children_done`, also of its children that ended) and
    its voluntary / involuntary context switches, keyed by `kind`."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return Counter()
    ticks = sum(int(x) for x in fields[11:15 if children_done else 13])
    switches = dict(line.split(":") for line in status.splitlines() if "ctxt_switches" in line)
    return Counter({f"{kind}_cpu": ticks / os.sysconf("SC_CLK_TCK"),
                    f"{kind}_voluntary": int(switches.get("voluntary_ctxt_switches", 0)),
                    f"{kind}_involuntary": int(switches.get("nonvoluntary_ctxt_switches", 0))})


# --- The services -------------------------------------------------------------


def _as_service_user(argv: list[str]) -> list[str]:
    """pg_ctl refuses to run as root: run it as the owner of the cluster."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@dataclass
class Postgres:
    """The PostgreSQL server of DATABASE_URL, found through the server itself (data directory, options)."""

    data_dir: str
    pg_ctl: str
    options: str

    @classmethod
    def discover(cls) -> "Postgres":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            data_dir = cursor.fetchone()[0]
        opts = Path(data_dir, "postmaster.opts").read_text().strip()
        argv = shlex.split(opts)
        binary, args = argv[0], argv[1:]
        kept, skip = [], False
        for i, arg in enumerate(args):  # drop -D <dir>: pg_ctl passes it itself
            if skip:
                skip = False
                continue
            if arg == "-D":
                skip = True
                continue
            kept.append(arg)
        return cls(data_dir=data_dir, pg_ctl=str(Path(binary).with_name("pg_ctl")), options=shlex.join(kept))

    def stop(self) -> None:
        from django.db import connections

        connections.close_all()
        subprocess.run(
            _as_service_user([self.pg_ctl, "-D", self.data_dir, "-m", "fast", "-w", "-t", "60", "stop"]),
            check=True, capture_output=True, timeout=90,
        )

    def start(self) -> None:
        log_file = str(Path(self.data_dir).parent / "pg-restart.log")
        subprocess.run(
            _as_service_user(
                [self.pg_ctl, "-D", self.data_dir, "-l", log_file, "-w", "-t", "60", "-o", self.options, "start"]
            ),
            check=True, capture_output=True, timeout=90,
        )

    def deadlocks(self) -> int:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(sum(deadlocks), 0) FROM pg_stat_database")
            return int(cursor.fetchone()[0])


class Redis:
    """The Redis of CELERY_BROKER_URL; restarted with the same port, directory and pid file."""

    def __init__(self, url: str | None = None):
        import redis

        self.url = url or os.environ.get("CELERY_BROKER_URL", "")
        if not self.url.startswith("redis://"):
            raise BenchError("these runs need Redis: set CELERY_BROKER_URL=redis://127.0.0.1:PORT/0")
        self.client = redis.Redis.from_url(self.url, socket_timeout=5)

    def config(self, name: str) -> str:
        return self.client.config_get(name).get(name, "")

    def flush(self) -> None:
        self.client.flushdb()

    def queued(self, queue: str = "celery") -> int:
        return int(self.client.llen(queue))

    def restart(self, *, down_for: float = 2.0) -> None:
        """Stop Redis without saving (what was queued is lost, as in a crash) and start it again."""
        import redis

        port, directory = self.config("port"), self.config("dir")
        pidfile, bind = self.config("pidfile"), self.config("bind") or "127.0.0.1"
        try:
            self.client.shutdown(nosave=True)
        except redis.exceptions.ConnectionError:
            pass  # the answer to SHUTDOWN is the connection closing
        wait_for(lambda: not self._alive(), timeout=30, what="Redis to stop")
        time.sleep(down_for)
        argv = ["redis-server", "--bind", bind, "--port", port, "--daemonize", "yes", "--dir", directory,
                "--save", "", "--appendonly", "no"]
        if pidfile:
            argv += ["--pidfile", pidfile]
        subprocess.run(argv, check=True, capture_output=True, timeout=30)
        wait_for(self._alive, timeout=30, what="Redis to start")

    def _alive(self) -> bool:
        import redis

        try:
            return bool(self.client.ping())
        except redis.exceptions.ConnectionError:
            return False


# --- Workers ------------------------------------------------------------------


@dataclass
class Worker:
    """One `celery -A config worker` process (its own session, so it can be killed with its pool)."""

    name: str
    process: subprocess.Popen
    logfile: Path
    rss_samples: list[tuple[float, int]] = field(default_factory=list)

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def children(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def rss_kib(self) -> int:
        """Resident memory of the worker and its pool processes, in KiB."""
        total = 0
        for pid in [self.pid, *self.children()]:
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total

    def sample_rss(self) -> int:
        value = self.rss_kib()
        self.rss_samples.append((time.monotonic(), value))
        return value

    def kill(self) -> None:
        """SIGKILL the worker and its pool at once, as when its machine dies."""
        pids = [self.pid, *self.children()]
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait(timeout=30)

    def kill_child(self) -> int | None:
        """SIGKILL the pool process running the task (the main process survives and notices)."""
        children = self.children()
        if not children:
            return None
        os.kill(children[0], signal.SIGKILL)
        return children[0]

    def stop(self, *, timeout: float = 30) -> None:
        if not self.alive():
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()


def start_worker(name: str, *, concurrency: int = 1, logdir: Path, env: dict | None = None,
                 ready_timeout: float = 60) -> Worker:
    logdir.mkdir(parents=True, exist_ok=True)
    logfile = logdir / f"worker-{name}.log"
    argv = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "-c", str(concurrency), "-n", f"{name}@%h",
        "-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat", "-P", "prefork",
    ]
    out = open(logfile, "ab")
    process = subprocess.Popen(
        argv, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        env={**os.environ, "LOG_LEVEL": "WARNING", **(env or {})},
    )
    out.close()
    worker = Worker(name=name, process=process, logfile=logfile)

    def ready():
        if not worker.alive():
            raise BenchError(f"worker {name} exited at start: see {logfile}")
        return b" ready." in logfile.read_bytes()

    wait_for(ready, timeout=ready_timeout, what=f"worker {name} to be ready")
    return worker


@contextmanager
def workers(count: int, *, logdir: Path, prefix: str = "w", concurrency: int = 1):
    """`count` worker processes for the block; all stopped (by their own pid) afterwards."""
    started: list[Worker] = []
    try:
        for i in range(count):
            started.append(start_worker(f"{prefix}{i + 1}", concurrency=concurrency, logdir=logdir))
        yield started
    finally:
        for worker in started:
            worker.stop()


# --- Articles -----------------------------------------------------------------


def receive(reports: list[dict], *, negotiation=None) -> list[int]:
    """Store generated reports as articles (as every door does) and return their ids in order."""
    from ingest.services import article_receive

    ids = []
    for report in reports:
        article, _ = article_receive(
            url=report["url"], text=report["text"], title=report["title"], outlet=report["outlet"],
            published=report["published"], negotiation=negotiation,
        )
        ids.append(article.pk)
    return ids


def statuses(article_ids: list[int]) -> Counter:
    from ingest.models import Article

    return Counter(Article.objects.filter(pk__in=article_ids).values_list("status", flat=True))


def last_processed(article_ids: list[int]) -> float | None:
    """When the last of these articles was finished (its `processed_at`, as a Unix time), None if none was."""
    from django.db.models import Max

    from ingest.models import Article

    last = Article.objects.filter(pk__in=article_ids).aggregate(last=Max("processed_at"))["last"]
    return last.timestamp() if last else None


def finished(article_ids: list[int]) -> int:
    from ingest.models import Article

    return Article.objects.filter(pk__in=article_ids, status__in=FINAL).count()


def wait_finished(article_ids: list[int], *, timeout: float, on_stall=None, stall_after: float = 20.0,
                  tick=None) -> float:
    """Wait until every article is in a final status; returns the seconds it took.

    When nothing moves for `stall_after` seconds and the queue is empty, `on_stall()`
    is called (the fault runs use it to requeue what a crash left behind, as beat's
    requeue_stuck does). BenchError when `timeout` runs out.
    """
    from django.db import close_old_connections

    start = last_move = time.monotonic()
    last = -1
    while True:
        close_old_connections()
        try:
            done = finished(article_ids)
        except Exception:  # the database may be down during a fault: keep waiting
            done = last
        now = time.monotonic()
        if tick:
            tick()
        if done == len(article_ids):
            return now - start
        if done != last:
            last, last_move = done, now
        elif on_stall and now - last_move > stall_after:
            on_stall()
            last_move = now
        if now - start > timeout:
            raise BenchError(f"{done}/{len(article_ids)} articles final after {timeout:.0f}s: {dict(statuses(article_ids))}")
        time.sleep(0.2)


def enqueue(article_ids: list[int]) -> None:
    from ingest.tasks import process_article

    for article_id in article_ids:
        process_article.delay(article_id)

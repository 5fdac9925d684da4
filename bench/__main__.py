"""python -m bench [faults] — the benchmarks and the fault runs (see docs/benchmarks.md).

    python -m bench                      # every benchmark, full sizes
    python -m bench --quick              # the same at small sizes (minutes, for a try-out)
    python -m bench --only ingest,load   # some of them
    python -m bench faults [--short]     # the fault runs (--short: the CI form)

Needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (Redis) on loopback:
scripts/bench.sh and scripts/faults.sh start both and stop them afterwards.
The figures are printed and written as JSON (--json). Exit status 1 when a
figure misses its bound (cost ratio > 1.2, growing query counts, a 5xx, a
fault run that lost or duplicated something), 2 when a run could not happen.
"""
from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

from .common import BenchError, log, require_postgres, setup_django

SECTIONS = ("extraction", "ingest", "api", "workers", "memory", "load")

FULL = {"extraction": 200, "ingest_batch": 30, "ingest_passes": 3, "sizes": (0, 10_000, 100_000), "api_sizes": None,
        "scale_articles": 400, "scale_rounds": 3, "memory_articles": 400, "load_articles": 60, "fault_size": 30}
QUICK = {"extraction": 40, "ingest_batch": 8, "ingest_passes": 1, "sizes": (0, 1_000, 5_000), "api_sizes": "quick",
         "scale_articles": 16, "scale_rounds": 1, "memory_articles": 45, "load_articles": 12, "fault_size": 10}


def machine() -> dict:
    """Where the figures were taken."""

    def out(*argv):
        try:
            return subprocess.run(argv, capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    lscpu = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out("lscpu").splitlines())}
    mem_kib = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                    if line.startswith("MemTotal:")), 0)
    return {
        "cpu": lscpu.get("Model name", platform.processor()), "cpus": lscpu.get("CPU(s)"),
        "memory_gib": round(mem_kib / 1024 / 1024, 1), "python": platform.python_version(), "postgresql": pg,
        "redis": out("redis-server", "--version").split(" v=")[-1].split()[0] if out("redis-server", "--version") else "",
        "os": out("sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"), "load_average": [round(x, 2) for x in os.getloadavg()],
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def _optional(module: str):
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise BenchError(f"{module} is not available: {exc}") from exc


def run_extraction(sizes: dict, logdir: Path) -> dict:
    result = _optional("bench.extraction").run(n=sizes["extraction"])
    return {"ok": True, **result}


def run_ingest(sizes: dict, logdir: Path) -> dict:
    from . import ingest

    result = ingest.run(sizes=sizes["sizes"], batch_size=sizes["ingest_batch"], passes=sizes["ingest_passes"])
    ok = result["ratio_ok"] and result["queries_equal"] and result["queries_ok"] and result["rederive_equal"]
    return {"ok": ok, **result}


def run_api(sizes: dict, logdir: Path) -> dict:
    api_load = _optional("bench.api_load")
    kwargs = {"quick": True} if sizes["api_sizes"] == "quick" else {}
    result = api_load.run(logdir=logdir, **kwargs)
    ok = result.get("ok")
    return {"ok": True if ok is None else bool(ok), **result}


def run_workers(sizes: dict, logdir: Path) -> dict:
    from . import workers

    result = workers.scale_out(articles=sizes["scale_articles"], logdir=logdir, rounds=sizes["scale_rounds"])
    return {"ok": result["ratio"] > 1.0, **result}


def run_memory(sizes: dict, logdir: Path) -> dict:
    from . import workers

    result = workers.memory(articles=sizes["memory_articles"], logdir=logdir)
    return {"ok": result["flat"], **result}


def run_load(sizes: dict, logdir: Path) -> dict:
    from . import load

    return load.run(articles=sizes["load_articles"], logdir=logdir)


def run_faults(sizes: dict, logdir: Path, *, short: bool = False) -> dict:
    from . import faults

    scenarios = faults.SCENARIOS
    return faults.run(scenarios=scenarios, size=sizes["fault_size"], logdir=logdir, timeout=180 if short else 600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("what", nargs="?", default="bench", choices=["bench", "faults"])
    parser.add_argument("--quick", action="store_true", help="small sizes (a try-out)")
    parser.add_argument("--short", action="store_true", help="faults: the CI form (small batch)")
    parser.add_argument("--only", default="", help=f"comma-separated, among {', '.join(SECTIONS)}")
    parser.add_argument("--json", default="", help="write the figures here (default: <logdir>/<what>.json)")
    parser.add_argument("--passes", type=int, default=0, help="ingest: passes of the batch per size (default 3; 1 with --quick)")
    parser.add_argument("--logdir", default="bench-logs", help="worker and server logs (default: ./bench-logs)")
    args = parser.parse_args(argv)

    if args.what == "faults":
        # An article a crash left 'processing' is taken over once its lease expires (360 s in production,
        # then beat's requeue_stuck): 20 s here, so that the recovery is seen within the run.
        os.environ.setdefault("INGEST_LEASE_SECONDS", "20")
    setup_django()
    try:
        require_postgres()
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    logdir = Path(args.logdir).resolve()
    logdir.mkdir(parents=True, exist_ok=True)
    sizes = dict(QUICK if (args.quick or args.short) else FULL)
    if args.passes:
        sizes["ingest_passes"] = args.passes
    figures = {"machine": machine(), "sizes": {k: v for k, v in sizes.items()}, "results": {}}

    if args.what == "faults":
        plan = {"faults": lambda s, d: run_faults(s, d, short=args.short)}
    else:
        chosen = [s.strip() for s in args.only.split(",") if s.strip()] or list(SECTIONS)
        unknown = set(chosen) - set(SECTIONS)
        if unknown:
            parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
        plan = {name: globals()[f"run_{name}"] for name in chosen}

    failed, broken = [], []
    for name, runner in plan.items():
        log(f"{name}: starting")
        started = time.monotonic()
        try:
            result = runner(sizes, logdir)
        except BenchError as exc:
            result = {"ok": None, "error": str(exc)}
            broken.append(name)
        except Exception as exc:  # keep the other figures; say what broke
            traceback.print_exc()
            result = {"ok": None, "error": f"{type(exc).__name__}: {exc}"}
            broken.append(name)
        result["wall_seconds"] = round(time.monotonic() - started, 1)
        figures["results"][name] = result
        if result.get("ok") is False:
            failed.append(name)
        log(f"{name}: {'ok' if result.get('ok') else 'FAILED' if result.get('ok') is False else 'not run'} "
            f"in {result['wall_seconds']} s")

    out = Path(args.json or logdir / f"{args.what}.json")
    out.write_text(json.dumps(figures, indent=2, default=str))
    print(summary(figures))
    print(f"\nfigures written to {out}")
    if failed:
        print(f"bench: out of bounds: {', '.join(failed)}", file=sys.stderr)
    if broken:
        print(f"bench: could not run: {', '.join(broken)}", file=sys.stderr)
    return 1 if failed else 2 if broken else 0


def summary(figures: dict) -> str:
    """The headline figures, one line each."""
    r = figures["results"]
    lines = [f"machine: {json.dumps(figures['machine'])}"]
    if "extraction" in r:
        lines.append(f"extraction: {json.dumps({k: v for k, v in r['extraction'].items() if not isinstance(v, (dict, list))})}")
    if "ingest" in r and "per_size" in r["ingest"]:
        i = r["ingest"]
        per = ", ".join(f"{s}: {v['median_ms']} ms wall, {v.get('cpu_total_ms_per_article')} ms CPU"
                        + (f" (its extraction {v['extraction_cpu_ms_per_article']} ms CPU)"
                           if v.get("extraction_cpu_ms_per_article") else "")
                        for s, v in i["per_size"].items())
        lines.append(f"ingest: per article {per}; ratio last/first: CPU {i.get('cpu_ratio_last_first')}, "
                     f"wall {i['ratio_last_first']} (CPU ≤ 1.2: {i['ratio_ok']}); queries per article equal at every size: {i['queries_equal']} "
                     f"{json.dumps(i['queries_per_article'])}")
        if i.get("rederive"):
            rederive = ", ".join(f"{s}: {v['seconds']} s ({v['rows']} rows, equal: {v['equal']})" for s, v in i["rederive"].items())
            lines.append(f"ingest: whole negotiation re-derived after the batch at {rederive}")
        if i.get("growing_stages"):
            lines.append(f"ingest: stages that grew: {json.dumps(i['growing_stages'])}")
    if "api" in r and "endpoints" in r["api"]:
        from .api_load import report

        lines.append("api:\n  " + report(r["api"]).replace("\n", "\n  "))
    if "workers" in r and "ratio" in r["workers"]:
        w = r["workers"]
        four = f", 4 → {w['four']['per_second']} articles/s (4/2: {w['ratio_four_two']})" if "four" in w else ""
        lines.append(f"workers: 1 → {w['one']['per_second']} articles/s, 2 → {w['two']['per_second']} articles/s, "
                     f"ratio {w['ratio']}{four}")
        if "cpu_ms_per_article" in w["two"]:
            lines.append("workers: CPU per article (ms, median run) " + ", ".join(
                f"{k} → {json.dumps(w[name]['cpu_ms_per_article'])}" for k, name in (("1", "one"), ("2", "two"), ("4", "four"))
                if name in w))
    if "memory" in r and "peak_mib" in r["memory"]:
        m = r["memory"]
        lines.append(f"memory: {m['articles']} articles, peak {m['peak_mib']} MiB; first third {m['first_third_peak_mib']}"
                     f" MiB, last third {m['last_third_peak_mib']} MiB (ratio {m['growth_ratio']}, flat: {m['flat']})")
    if "load" in r and "requests" in r["load"]:
        lo = r["load"]
        lines.append(f"load: {lo['requests']} requests ({lo['requests_per_second']}/s) while {lo['workers']} workers "
                     f"ingested {lo['articles']} articles; codes {lo['codes']}, errors {lo['connection_errors']}, "
                     f"p50 {lo['p50_ms']} ms, p95 {lo['p95_ms']} ms, deadlocks {lo['deadlocks']}")
    if "faults" in r and "scenarios" in r["faults"]:
        for name, s in r["faults"]["scenarios"].items():
            keys = ("ok", "error", "done_before_fault", "requeued", "seconds", "status", "attempts", "statements",
                    "statements_clean", "duplicated", "lost", "unexpected", "positions", "positions_missing",
                    "positions_extra", "evidence_differing", "deadlocks")
            lines.append(f"fault {name}: {json.dumps({k: s[k] for k in keys if k in s})}")
    for name, result in r.items():
        if result.get("error"):
            lines.append(f"{name}: not run: {result['error']}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())

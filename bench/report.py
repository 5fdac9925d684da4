"""Markdown tables from the figures of `python -m bench` and `python -m bench faults` (for docs/benchmarks.md).

    .venv/bin/python -m bench.report bench-logs/bench.json bench-logs/faults.json
"""
from __future__ import annotations

import json
import sys


def machine(m: dict) -> list[str]:
    return [
        f"- CPU: {m.get('cpu')} × {m.get('cpus')} (KVM guest), memory {m.get('memory_gib')} GiB; {m.get('os')}",
        f"- Python {m.get('python')}, PostgreSQL {m.get('postgresql')}, Redis {m.get('redis')}",
        f"- taken {m.get('when')}; load average at the start {m.get('load_average')} (the cores were shared)",
    ]


def extraction(r: dict) -> list[str]:
    scalars = {k: v for k, v in r.items() if not isinstance(v, (dict, list)) and k not in ("ok",)}
    return ["| figure | value |", "|---|---|", *[f"| {k} | {v} |" for k, v in scalars.items()]]


def ingest(r: dict) -> list[str]:
    lines = ["| statements stored | CPU per article (Python + PostgreSQL) | median wall per article | queries per article (min / median / max, batch total) |",
             "|---|---|---|---|"]
    for size, v in r["per_size"].items():
        q = r["queries_per_article"][size]
        lines.append(f"| {int(size):,} | {v.get('cpu_total_ms_per_article', 0):.0f} ms | {v['median_ms']:.0f} ms | "
                     f"{q['min']} / {q['median']:g} / {q['max']}, {q['total']} |")
    lines += ["", f"Ratio last/first: CPU **{r.get('cpu_ratio_last_first')}**, wall {r['ratio_last_first']} "
              f"(bound ≤ 1.2 on CPU: {'met' if r['ratio_ok'] else 'NOT met'}); queries per article equal at every "
              f"size: **{r['queries_equal']}**, at most {r.get('queries_max')} (bound ≤ 30).", ""]
    if r.get("rederive"):
        lines += ["| statements stored | whole-negotiation re-derive (wall / CPU) | position rows | equal to the per-article rows |",
                  "|---|---|---|---|"]
        for size, v in r["rederive"].items():
            lines.append(f"| {int(size):,} ({v['statements']:,}) | {v['seconds']} s / {v['cpu_seconds']} s | {v['rows']} | "
                         f"{'**yes**' if v['equal'] else 'NO'} |")
        lines.append("")
    first, last = list(r["per_size"].values())[0], list(r["per_size"].values())[-1]
    lines += ["| stage (median ms) | " + " | ".join(f"{int(s):,}" for s in r["per_size"]) + " |",
              "|---|" + "---|" * len(r["per_size"])]
    for stage in first["stage_median_ms"]:
        lines.append(f"| {stage} | " + " | ".join(f"{v['stage_median_ms'].get(stage, 0):.1f}"
                                                  for v in r["per_size"].values()) + " |")
    return lines


def api(r: dict) -> list[str]:
    """Query counts at both sizes, then p50/p95 per endpoint for each load bench/api_load ran."""
    server = r.get("server", {})
    lines = [f"{r['statements']['small']:,} then {r['statements']['large']:,} statements (built in "
             f"{r.get('build_seconds')} s); gunicorn {server.get('gunicorn_processes')} processes × "
             f"{server.get('threads')} threads; all 200: {r.get('all_200')}.", "",
             "| endpoint | queries @ small | queries @ large |", "|---|---|---|"]
    for name, count in r["queries"]["small"].items():
        lines.append(f"| {name} | {count} | {r['queries']['large'].get(name)} |")
    lines += ["", f"Query counts equal at both sizes: **{r['queries']['equal']}**.", ""]
    loads = r.get("load") if isinstance(r.get("load"), dict) else {"load": r}
    for title, load in loads.items():
        if not isinstance(load, dict) or "endpoints" not in load:
            continue
        lines += [f"{title}: {load.get('requests')} requests in {load.get('seconds')} s "
                  f"({load.get('requests_per_second')}/s), errors {len(load.get('errors') or [])}", "",
                  "| endpoint | p50 ms | p95 ms | max ms |", "|---|---|---|---|"]
        for name, f in load["endpoints"].items():
            lines.append(f"| {name} | {f['p50_ms']} | {f['p95_ms']} | {f['max_ms']} |")
        lines.append("")
    target = r.get("target", {})
    lines.append(f"Target p95 < {target.get('p95_ms_below')} ms for {', '.join(target.get('endpoints', []))} "
                 f"with {target.get('clients', '?')} clients: {target.get('met')}.")
    return lines


def workers(r: dict) -> list[str]:
    lines = ["| workers | articles | seconds | articles/s | DB sessions busy per sample | share of busy samples waiting for a lock | load average |",
             "|---|---|---|---|---|---|---|"]
    for key in ("one", "two", "four"):
        if key not in r:
            continue
        w = r[key]
        locks = w.get("locks", {})
        lines.append(f"| {w['workers']} | {w['articles']} | {w['seconds']} | {w['per_second']} | "
                     f"{locks.get('busy_sessions_per_sample')} | {locks.get('share_waiting_for_locks')} | {w.get('load_average')} |")
    lines += ["", f"Ratio 2 workers / 1 worker: **{r['ratio']}**"
              + (f"; 4 workers / 2 workers: **{r['ratio_four_two']}**." if "ratio_four_two" in r else ".")]
    if r.get("rounds", 1) > 1:
        runs = "; ".join(f"{count}: {', '.join(map(str, values))}" for count, values in r["per_second_runs"].items())
        lines.append(f"Each count's median of {r['rounds']} runs taken in turn (articles/s per run: {runs}).")
    waits = r["two"].get("locks", {}).get("top_waits") or []
    if waits:
        lines.append(f"Most waited-for query with 2 workers: `{waits[0]['query']}…` ({waits[0]['samples']} samples).")
    return lines


def memory(r: dict) -> list[str]:
    return [f"{r['articles']} articles in {r['seconds']} s, {r['samples']} samples; "
            f"peak {r['peak_mib']} MiB; peak over the first third **{r['first_third_peak_mib']} MiB**, over the last "
            f"third **{r['last_third_peak_mib']} MiB** (ratio {r['growth_ratio']}; flat: {r['flat']}); "
            f"max tasks per child {r['max_tasks_per_child']}; statuses {r['status']}."]


def load(r: dict) -> list[str]:
    return [f"{r['clients']} API readers against gunicorn while {r['workers']} workers ingested {r['articles']} articles "
            f"in {r['seconds']} s ({r['ingest_per_second']} articles/s): {r['requests']} requests "
            f"({r['requests_per_second']}/s), status codes {r['codes']}, connection errors {r['connection_errors'] or 'none'}, "
            f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms; deadlocks {r['deadlocks']}; articles {r['status']}. "
            f"Bound (no 5xx, no error, no deadlock): {'met' if r['ok'] else 'NOT met'}."]


def faults(r: dict) -> list[str]:
    lines = [f"Batch of {r['size']} articles; the clean run stored {r.get('clean_statements')} statements and "
             f"{r.get('clean_positions')} position rows; lease {r.get('lease_seconds')} s.", "",
             "| scenario | final statuses | attempts | requeued by requeue_stuck | seconds | statements (clean) | duplicated | lost | positions differing | evidence lists differing | ok |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for name, s in r.get("scenarios", {}).items():
        if "error" in s:
            lines.append(f"| {name} | {s['error']} | | | | | | | | | no |")
            continue
        lines.append(f"| {name} | {s['status']} | {s['attempts']} | {s['requeued']} | {s['seconds']} | "
                     f"{s['statements']} ({s['statements_clean']}) | {s['duplicated']} | {s['lost']} | "
                     f"{s['positions_missing'] + s['positions_extra']} | {s.get('evidence_differing', '-')} | "
                     f"{'yes' if s['ok'] else 'NO'} |")
    return lines


def main(paths: list[str]) -> int:
    for path in paths:
        figures = json.load(open(path))
        print(f"### Machine ({path})\n")
        print("\n".join(machine(figures["machine"])))
        for name, result in figures["results"].items():
            print(f"\n### {name}\n")
            if result.get("error"):
                print(f"not run: {result['error']}")
                continue
            print("\n".join(globals()[name](result)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

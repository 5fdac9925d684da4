"""Fit the link model (`ingest/extraction/weighing.py`) on the gold of many negotiations, and say how it carries.

    .venv/bin/python -m bench.link_model            # report, leave one negotiation out; --write to ship the fit

Each set of bench/link_model_sets.json (a corpus, its gold and codebook: the shipped negotiation's reports, the
Brexit reports, the bench sets we read) is ingested on a throw-away SQLite database, with and without its
codebook's cues; every statement is found and linked by the rules alone (`link_statements(weigh=False)`), and
for each issue the features the model weighs (`linking.candidates`) are kept with the gold's answer: is the
statement linked to it? Statements the gold does not have, and issues it counts as defensible either way
("also"), teach nothing.

For each negotiation the model is fitted on all the others and scored on it: links F1 of the rules alone and of
the rules weighed (the statements the gold has, as ../shared/eval/score.py counts them). The sets listed as
held out are only scored, never fitted on: they are the better test of what carries. `--write` fits on every
training set and writes the weights, with these figures, to the model file.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from ingest.extraction import weighing

from .common import ingest_set
from .editors import norm

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SETS_FILE = Path(__file__).resolve().parent / "link_model_sets.json"
MAX_CHARS = 1500  # the scorer's longest statement


def sets() -> tuple[dict, set]:
    """name -> (corpus, gold, codebook or None), and the names held out."""
    data = json.loads(SETS_FILE.read_text())
    base = {"shared": SHARED, "bench": ROOT / "bench" / "corpus"}
    found = {}
    for entry in data["train"] + data["held_out"]:
        where = base[entry.get("in", "bench")]
        found[entry["name"]] = tuple(where / entry[key] if entry.get(key) else None
                                     for key in ("corpus", "gold", "codebook"))
    return found, {entry["name"] for entry in data["held_out"]}


def rows_of(corpus: Path, gold_path: Path, codebook: Path | None, cues: bool) -> list[dict]:
    """Ingest a set on a throw-away database; each statement with a party, its features and the gold's links."""
    _, book, manifest = ingest_set(corpus, codebook, cues=cues)
    from ingest import pipeline
    from ingest.extraction import find_statements, link_statements, linking
    from ingest.models import Article
    from positions.models import Negotiation

    context, _ = pipeline.negotiation_read(Negotiation.objects.get(slug=book["negotiation"]["slug"]))
    gold = [json.loads(line) for line in open(gold_path) if line.strip()]
    doc_of = {m["url"]: m["doc"] for m in manifest}
    index = linking._index(context)
    rows = []
    for article in Article.objects.filter(url__in=list(doc_of), duplicate_of__isnull=True):
        found = find_statements(article.text, published=article.published, context=context)
        link_statements(found, context=context, text=article.text, weigh=False)
        doc = doc_of[article.url]
        around = linking.Around.of(found)
        for at, statement in enumerate(found):
            if not statement.party_code or len(statement.text) > MAX_CHARS:
                continue
            text = norm(statement.text)
            answers = [g for g in gold if g["doc"] == doc and norm(g["anchor"]) in text]
            scored, features = linking.candidates(statement, context, around.at(at))
            addable = [linking._added_stance(statement, found, index) is not None for found in scored.values()]
            rows.append({"doc": doc, "length": len(statement.text), "answers": answers,
                         "issues": list(scored), "features": features.tolist(),
                         # what the linker does besides weighing: statements it leaves, links it would not add
                         # (unless the model is sure of them)
                         "settled": linking._settled(statement, scored), "addable": addable,
                         "addable_if_sure": [can or linking._added_stance(statement, found, index, is_sure=True)
                                             is not None for can, found in zip(addable, scored.values())]})
    return rows


def labelled(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """The features and answers to learn from: the issues of statements the gold has, but the optional ones and
    its defensible-either-way links."""
    features, labels = [], []
    for row in rows:
        answer = _answer(row)
        if answer is None:
            continue
        for slug, vector in zip(row["issues"], row["features"]):
            if slug in answer.get("also", []) and slug not in answer["issues"]:
                continue
            features.append(vector)
            labels.append(float(slug in answer["issues"]))
    return np.array(features, dtype=float).reshape(-1, len(weighing.FEATURES)), np.array(labels)


def _answer(row: dict) -> dict | None:
    required = [g for g in row["answers"] if not g.get("optional")]
    return required[0] if required else None


def links_f1(rows: list[dict], model=None) -> float:
    """Links F1 as the scorer counts it (each gold statement scored on the shortest statement holding its anchor),
    of the rules alone (no model) or weighed by `model` as the linker weighs them (`weighing.Model.choose`)."""
    from ingest.extraction import linking

    linked = weighing.FEATURES.index("linked")
    best: dict[tuple, tuple] = {}
    for row in rows:
        for g in row["answers"]:
            key = (g["doc"], g["anchor"])
            if not g.get("optional") and (key not in best or row["length"] < best[key][0]["length"]):
                best[key] = (row, g)
    tp = fp = fn = 0
    for row, g in best.values():
        features = np.array(row["features"], dtype=float).reshape(-1, len(weighing.FEATURES))
        chosen = {slug for slug, f in zip(row["issues"], features) if f[linked]}
        if model is not None and not row["settled"]:
            addable = {False: dict(zip(row["issues"], row["addable"])),
                       True: dict(zip(row["issues"], row["addable_if_sure"]))}
            likely = dict(zip(row["issues"], model.probabilities(features).tolist()))
            chosen = set(model.choose(likely, sorted(chosen), lambda slug, is_sure: addable[is_sure][slug],
                                      linking.MAX_LINKS))
        tp += len(chosen & set(g["issues"]))
        fn += len(set(g["issues"]) - chosen)
        fp += len(chosen - set(g["issues"]) - set(g.get("also", [])))
    precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _current(rows: list[dict]) -> bool:
    """Whether rows kept by an earlier run have the features the model weighs now (not those of another version)."""
    return all(len(vector) == len(weighing.FEATURES) and "addable_if_sure" in row
               for row in rows[:50] for vector in row["features"])


def collect(names: list[str], found: dict, jobs: int, keep: Path | None) -> dict:
    """Each set's rows, with and without cues, each in a process of its own (Django and a database each); read
    from `keep` when there, and kept there."""
    with tempfile.TemporaryDirectory(prefix="bench-link-model-") as scratch:
        folder = keep or Path(scratch)

        def one(task):
            name, cues = task
            out = folder / f"{name}.{'cues' if cues else 'no-cues'}.json"
            rows = json.loads(out.read_text()) if keep is not None and out.exists() else None
            if rows is None or not _current(rows):
                subprocess.run([sys.executable, "-m", "bench.link_model", "--cues" if cues else "--no-cues", "--rows",
                                name, str(out)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
                rows = json.loads(out.read_text())
            return (name, cues), rows

        tasks = [(name, cues) for name in names for cues in (True, False) if cues or found[name][2]]
        with ThreadPoolExecutor(jobs) as pool:
            return dict(pool.map(one, tasks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="fit on every training set and write the model file")
    parser.add_argument("--jobs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="a directory to keep each set's features in, and read them from")
    parser.add_argument("--drop", type=float, default=0.05)
    parser.add_argument("--add", type=float, default=0.6)
    parser.add_argument("--sure", type=float, default=0.9)
    parser.add_argument("--rows", nargs=2, metavar=("SET", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--cues", dest="cues", action="store_true", default=True, help=argparse.SUPPRESS)
    parser.add_argument("--no-cues", dest="cues", action="store_false", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 0 <= args.drop < args.add <= args.sure <= 1:
        parser.error("the thresholds are probabilities, --drop below --add, --add not above --sure")
    found, held_out = sets()
    if args.rows:
        name, out = args.rows
        Path(out).write_text(json.dumps(rows_of(*found[name], cues=args.cues)))
        return

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    rows = collect(list(found), found, args.jobs, args.keep)
    training = [name for name in found if name not in held_out]

    def fitted(names: list[str]) -> weighing.Model:
        parts = [labelled(rows[key]) for key in rows if key[0] in names]
        if not parts:
            sys.exit("no set to fit on: bench/link_model_sets.json lists no training set but the one left out")
        weights = weighing.fit(np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts]))
        return weighing.Model(weights, args.drop, args.add, args.sure)

    figures = {}
    print(f"{'set':32} {'cues':>5} {'rules':>6} {'weighed':>8}")
    for name in found:
        model = fitted([other for other in training if other != name])
        for cues in (True, False):
            if (name, cues) not in rows:
                continue
            before, after = links_f1(rows[(name, cues)]), links_f1(rows[(name, cues)], model)
            figures[f"{name}{'' if cues else ' (no cues)'}"] = [round(before, 3), round(after, 3)]
            mark = " (held out)" if name in held_out else ""
            print(f"{name + mark:32} {'yes' if cues else 'no':>5} {before:6.3f} {after:8.3f}")
    for group, names in (("trained on (each left out)", training), ("held out", sorted(held_out))):
        pairs = [figures[key] for key in figures if key.split(" (")[0] in names]
        if pairs:
            print(f"mean, {group}: rules {np.mean([p[0] for p in pairs]):.3f} weighed {np.mean([p[1] for p in pairs]):.3f}")
    if args.write:
        model = fitted(training)
        weighing.MODEL_FILE.write_text(json.dumps({
            "weights": {name: round(float(w), 4) for name, w in zip(weighing.FEATURES, model.weights)},
            "drop": args.drop, "add": args.add, "sure": args.sure, "trained_on": training,
            "links_f1_left_out": figures,
        }, indent=1) + "\n")
        print(f"written to {weighing.MODEL_FILE}")


if __name__ == "__main__":
    main()

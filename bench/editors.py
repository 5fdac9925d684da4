"""How much the linker learns from editors: links F1 on the later reports, before and after editors
confirm the gold links of the earlier ones (the first third, or the share `--taught` gives).

    .venv/bin/python -m bench.editors CORPUS GOLD [CODEBOOK]        (the arguments of ../shared/eval/run.sh)
    .venv/bin/python -m bench.editors CORPUS GOLD [CODEBOOK] --taught 2/3      (a learning curve: more taught)

On a throw-away SQLite database: the shipped negotiation is loaded (and CODEBOOK imported), every report of
CORPUS ingested. Reports are ordered by publication day; in the first third (or the share `--taught` gives,
at least one report, and one left to score), an editor confirms each found statement with the gold's links
(and party) or rejects it when the gold has no such statement. The reports after them are scored (the eval's
own score.py) before, and after they are linked again with those examples.
The last line reads `links F1 without <x.xx> with <y.yy>`.
"""
from __future__ import annotations

import argparse
import json
import math
from fractions import Fraction
import subprocess
import sys
from pathlib import Path

from .common import ingest_set

SCORER = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "score.py"


def norm(text: str) -> str:
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split()).lower()


def split_taught(manifest: list[dict], share: Fraction = Fraction(1, 3)) -> tuple[list[dict], list[dict]]:
    """The reports editors review first (`share` of them, rounded up: a Fraction, so that a third of 16 is 6)
    and the ones scored after: at least one of each, in the order given (by publication day)."""
    if len(manifest) < 2:
        raise ValueError("editors need a report to learn from and one to be scored on: at least two reports")
    cut = min(max(math.ceil(len(manifest) * share), 1), len(manifest) - 1)
    return manifest[:cut], manifest[cut:]


def main(corpus: str, gold_path: str, codebook: str | None = None,
         taught_share: Fraction = Fraction(1, 3)) -> tuple[float, float]:
    work, book, manifest = ingest_set(Path(corpus), Path(codebook) if codebook else None,
                                      shipped=Path(gold_path).parent / "codebook.json")
    from ingest import pipeline
    from ingest.models import Article
    from positions import services
    from positions.models import Issue, Negotiation, Party, Statement

    negotiation = Negotiation.objects.get(slug=book["negotiation"]["slug"])

    taught, scored = split_taught(manifest, taught_share)
    gold = [json.loads(line) for line in open(gold_path) if line.strip()]

    def score(tag: str) -> float:
        docs = {m["doc"] for m in scored}
        (work / f"gold-{tag}.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold if g["doc"] in docs))
        (work / f"manifest-{tag}.jsonl").write_text("".join(json.dumps(m) + "\n" for m in scored))
        rows = [
            {"text": s.text, "article": {"url": s.article.url}, "speaker": s.speaker.name if s.speaker else None,
             "party": s.party.code if s.party else None, "stated_on": s.stated_on and s.stated_on.isoformat(),
             "links": [{"issue": link.issue.slug, "stance": link.stance} for link in s.links.all()]}
            for s in Statement.objects.filter(negotiation=negotiation, article__url__in=[m["url"] for m in scored])
            .exclude(status=Statement.Status.REJECTED)
            .select_related("article", "speaker", "party").prefetch_related("links__issue")
        ]
        (work / f"system-{tag}.json").write_text(json.dumps(rows))
        result = subprocess.run(
            [sys.executable, str(SCORER), str(work / f"gold-{tag}.jsonl"), str(work / f"system-{tag}.json"),
             "--codebook", str(codebook or Path(gold_path).parent / "codebook.json"),
             "--manifest", str(work / f"manifest-{tag}.jsonl"), "--json"],
            capture_output=True, text=True, check=True,
        )
        return json.loads(result.stdout)["links"]["f1"]

    without = score("without")
    issues = {i.slug: i.pk for i in Issue.objects.filter(negotiation=negotiation)}
    parties = {p.code: p for p in Party.objects.all()}
    confirmed = rejected = 0
    for m in taught:
        doc_gold = [g for g in gold if g["doc"] == m["doc"]]
        article = Article.objects.get(url=m["url"])
        for statement in Statement.objects.filter(article=article, negotiation=negotiation):
            match = next((g for g in doc_gold if norm(g["anchor"]) in norm(statement.text)), None)
            if match is None:
                services.statement_review(statement=statement, status=Statement.Status.REJECTED)
                rejected += 1
                continue
            links = {pk: match["issues"].get(slug, "") for slug, pk in issues.items()}
            services.statement_correct(statement=statement, links=links, party=parties.get(match.get("party")))
            confirmed += 1
    later = [Article.objects.get(url=m["url"]).pk for m in scored]
    pipeline.relink_articles(later)
    with_examples = score("with")
    print(f"{len(taught)} reports taught ({confirmed} statements confirmed, {rejected} rejected), "
          f"{len(scored)} scored")
    print(f"links F1 without {without:.2f} with {with_examples:.2f}")
    return without, with_examples


def _share(text: str) -> Fraction:
    """A share between 0 and 1 as written: "1/3", "0.67"."""
    try:
        share = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise argparse.ArgumentTypeError(f"not a share: {text!r}") from None
    if not 0 < share < 1:
        raise argparse.ArgumentTypeError("a share between 0 and 1")
    return share


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus")
    parser.add_argument("gold")
    parser.add_argument("codebook", nargs="?")
    parser.add_argument("--taught", type=_share, default=Fraction(1, 3), metavar="SHARE",
                        help="share of the reports, by date, that editors review first: 1/2, 0.67 (default 1/3)")
    args = parser.parse_args()
    main(args.corpus, args.gold, args.codebook, args.taught)

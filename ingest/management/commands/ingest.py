"""manage.py ingest [--sync] (URL | FILE | --jsonl FILE)... — see README."""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ingest import pipeline, services, tasks
from ingest.models import Article
from positions.models import Negotiation


@dataclass
class Input:
    label: str  # how the user knows it: the file, the URL, or "FILE line N"
    fields: dict


class Command(BaseCommand):
    help = "Ingest articles from URLs, .txt/.html files or JSONL files: queue them, or run them now with --sync."

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="*", metavar="URL|FILE")
        parser.add_argument("--jsonl", action="append", default=[], metavar="FILE",
                            help="One article per line: url, published, text or html, title, outlet.")
        parser.add_argument("--sync", action="store_true", help="Run the pipeline in this process, now.")
        parser.add_argument("--url", help="The address to store a FILE under (default: its file: address).")
        parser.add_argument("--title", default="")
        parser.add_argument("--outlet", default="")
        parser.add_argument("--published", help="YYYY-MM-DD, for a FILE.")
        parser.add_argument("--negotiation", help="Slug of the negotiation (default: the pipeline chooses).")

    def handle(self, *args, **opts):
        negotiation = None
        if opts["negotiation"]:
            negotiation = Negotiation.objects.filter(slug=opts["negotiation"]).first()
            if negotiation is None:
                raise CommandError(f"unknown negotiation {opts['negotiation']!r}")
        if not opts["inputs"] and not opts["jsonl"]:
            raise CommandError("give at least one URL, FILE or --jsonl FILE")
        inputs, failures = [], []
        for raw in opts["inputs"]:
            try:
                inputs.append(self.read_input(raw, opts))
            except (OSError, services.InvalidSubmission, UnicodeDecodeError) as exc:
                failures.append((raw, str(exc)))
        for path in opts["jsonl"]:
            jsonl_inputs, jsonl_failures = self.read_jsonl(path)
            inputs += jsonl_inputs
            failures += jsonl_failures

        total = len(inputs) + len(failures)
        progress = Progress(len(inputs), self.stderr) if len(inputs) > 5 else None
        for item in inputs:
            try:
                article, needs = services.article_receive(negotiation=negotiation, **item.fields)
            except services.InvalidSubmission as exc:
                failures.append((item.label, str(exc)))
                continue
            line = self.run(article, needs, opts["sync"])
            if article.status == Article.Status.FAILED or line.startswith("failed"):
                failures.append((item.label, article.error or line))
            self.stdout.write(f"{item.label}: {line}")
            if progress:
                progress.step()
        if progress:
            progress.done()
        self.stdout.write(f"{total - len(failures)} of {total} inputs ingested")
        if failures:
            for label, reason in failures:
                self.stderr.write(f"FAILED {label}: {reason}")
            raise CommandError(f"{len(failures)} input(s) failed")

    def run(self, article: Article, needs_processing: bool, sync: bool) -> str:
        if not needs_processing:
            return f"already ingested as #{article.pk} ({article.status})"
        if not sync:
            tasks.process_article.delay(article.pk)
            article.refresh_from_db()
            return f"queued as #{article.pk}" if article.status == Article.Status.QUEUED else _describe(article)
        try:
            outcome = pipeline.process(article.pk)
        except pipeline.TransientError as exc:
            return f"failed (temporary, retry later): {exc.reason}"
        return outcome.summary

    def read_input(self, raw: str, opts) -> Input:
        if raw.startswith(("http://", "https://")):
            return Input(raw, {"url": raw})
        path = Path(raw)
        if path.suffix.lower() not in {".txt", ".html", ".htm"}:
            raise services.InvalidSubmission("a FILE must be .txt or .html")
        body = path.read_text(encoding="utf-8", errors="strict")
        key = "html" if path.suffix.lower() in {".html", ".htm"} else "text"
        fields = {key: body, "url": opts["url"] or path.resolve().as_uri(), "title": opts["title"],
                  "outlet": opts["outlet"], "published": services.parse_published(opts["published"])}
        return Input(raw, fields)

    def read_jsonl(self, path: str) -> tuple[list[Input], list[tuple[str, str]]]:
        inputs, failures = [], []
        try:
            handle = open(path, encoding="utf-8")
        except OSError as exc:
            return [], [(path, str(exc))]
        with handle:
            for number, line in enumerate(handle, start=1):
                label = f"{path} line {number}"
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    failures.append((label, f"not JSON: {exc.msg}"))
                    continue
                if not isinstance(record, dict):
                    failures.append((label, "not a JSON object"))
                    continue
                missing = [k for k in ("url", "published") if not record.get(k)]
                if not (record.get("text") or record.get("html")):
                    missing.append("text or html")
                if missing:
                    failures.append((label, "missing " + ", ".join(missing)))
                    continue
                try:
                    services.parse_published(record["published"])
                except services.InvalidSubmission as exc:
                    failures.append((label, str(exc)))
                    continue
                fields = {k: record[k] for k in ("url", "published", "text", "html", "title", "outlet") if k in record}
                inputs.append(Input(label, fields))
        return inputs, failures


def _describe(article: Article) -> str:
    return f"#{article.pk} {article.status}" + (f": {article.error}" if article.error else "")


class Progress:
    """A one-line progress bar on stderr (only when it is a terminal)."""

    def __init__(self, total: int, out):
        self.total, self.count, self.out = total, 0, out
        self.tty = getattr(sys.stderr, "isatty", lambda: False)()

    def step(self):
        self.count += 1
        if self.tty:
            filled = int(30 * self.count / self.total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total}")
            sys.stderr.flush()

    def done(self):
        if self.tty:
            sys.stderr.write("\n")

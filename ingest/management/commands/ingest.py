"""manage.py ingest [--sync] (URL | FILE | --jsonl FILE)... — the pipeline the workers run, from the shell.

Every input is read and checked first; the good ones go in even when others
are bad. One line per article (status, statements, links), then each failed
input named — the file, the URL, or "FILE line N" — with the reason, and a
non-zero exit when any failed.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ingest import pipeline, services
from ingest.models import Article
from positions.models import Negotiation, Statement

FILE_KINDS = {".txt": "text", ".html": "html", ".htm": "html"}
JSONL_FIELDS = ("url", "published", "text", "html", "title", "outlet")


@dataclass
class Input:
    label: str  # how the user knows it: the file, the URL, or "FILE line N"
    fields: dict


class Command(BaseCommand):
    help = "Ingest articles from URLs, .txt/.html files or JSONL files: queue them, or run them now with --sync."

    def add_arguments(self, parser):
        parser.add_argument("inputs", nargs="*", metavar="URL|FILE")
        parser.add_argument("--jsonl", action="append", default=[], metavar="FILE",
                            help="One article per line: url, published (YYYY-MM-DD), text or html, title, outlet.")
        parser.add_argument("--sync", action="store_true", help="Run the pipeline in this process, now.")
        parser.add_argument("--url", default="", help="The address to store a FILE under (default: its file: address).")
        parser.add_argument("--title", default="", help="The title of a FILE.")
        parser.add_argument("--outlet", default="", help="The outlet of a FILE.")
        parser.add_argument("--published", default="", help="The publication date of a FILE (YYYY-MM-DD).")
        parser.add_argument("--negotiation", help="Slug of the negotiation (default: the pipeline chooses).")

    def handle(self, *args, **opts):
        negotiation = None
        if opts["negotiation"]:
            negotiation = Negotiation.objects.filter(slug=opts["negotiation"]).first()
            if negotiation is None:
                raise CommandError(f"unknown negotiation {opts['negotiation']!r}")
        if not opts["inputs"] and not opts["jsonl"]:
            raise CommandError("give at least one URL, FILE or --jsonl FILE")
        files = [raw for raw in opts["inputs"] if not raw.startswith(("http://", "https://"))]
        if opts["url"] and len(files) > 1:
            raise CommandError("--url names one FILE; give one FILE per command when you use it")

        inputs, failures = [], []
        for raw in opts["inputs"]:
            try:
                inputs.append(read_input(raw, opts))
            except services.InvalidSubmission as exc:
                failures.append((raw, str(exc)))
        for path in opts["jsonl"]:
            found, bad = read_jsonl(path)
            inputs += found
            failures += bad

        run_now = opts["sync"] or current_app.conf.task_always_eager
        total, skipped, touched = len(inputs) + len(failures), [], set()
        progress = Progress(len(inputs), getattr(self.stderr, "_out", sys.stderr))
        for number, item in enumerate(inputs, start=1):
            line, status, reason = self.ingest(item, negotiation=negotiation, run_now=run_now, touched=touched)
            progress.clear()
            self.stdout.write(f"[{number}/{len(inputs)}] {item.label}: {line}")
            progress.show(number)
            if status == Article.Status.FAILED:
                failures.append((item.label, reason))
            elif status == Article.Status.SKIPPED:
                skipped.append((item.label, reason))
        progress.clear()
        for reread in Negotiation.objects.filter(pk__in=touched):  # the batch is in: who backs whom, read again
            pipeline.reread_silences(reread)

        ok = total - len(failures)
        self.stdout.write(f"{ok} of {total} inputs ingested" + (f" ({len(skipped)} skipped)" if skipped else ""))
        for label, reason in skipped:
            self.stderr.write(f"SKIPPED {label}: {reason}")
        for label, reason in failures:
            self.stderr.write(f"FAILED {label}: {reason}")
        if failures:
            raise CommandError(f"{len(failures)} of {total} inputs failed (listed above)")

    def ingest(self, item: Input, *, negotiation, run_now: bool, touched: set) -> tuple[str, str, str]:
        """Receive one input and process or queue it: (summary line, status, reason). `touched` gathers the
        negotiations that articles processed here gave statements to."""
        try:
            article, needs = services.article_receive(negotiation=negotiation, **item.fields)
        except services.InvalidSubmission as exc:
            return f"failed: {exc}", Article.Status.FAILED, str(exc)
        if not needs:
            return f"already ingested as #{article.pk} ({article.status})", article.status, article.error
        if not run_now:
            if services.article_queue(article):
                return f"queued as #{article.pk}", Article.Status.QUEUED, ""
            return (f"stored as #{article.pk}, but the queue is unreachable: it will be sent when the broker is back",
                    Article.Status.QUEUED, "")
        try:
            with pipeline.time_limit(pipeline.article_seconds()):
                outcome = pipeline.process(article.pk)
        except pipeline.SoftTimeLimitExceeded:  # the alarm rang between the run's own checks
            reason = f"took longer than the time limit ({pipeline.article_seconds():g} s)"
            pipeline.fail(article.pk, reason)
            return f"#{article.pk} failed — {reason}", Article.Status.FAILED, reason
        except pipeline.TransientError as exc:
            pipeline.give_up(article.pk, exc)
            article.refresh_from_db()
            return f"#{article.pk} failed at {article.stage} — {article.error}", Article.Status.FAILED, article.error
        status = outcome.article.status if outcome.article else Article.Status.FAILED
        touched.update(Statement.objects.filter(article_id=article.pk).values_list("negotiation_id", flat=True))
        return outcome.summary, status, outcome.article.error if outcome.article else "deleted"


def read_input(raw: str, opts) -> Input:
    if raw.startswith(("http://", "https://")):
        return Input(raw, {"url": raw})
    path = Path(raw)
    kind = FILE_KINDS.get(path.suffix.lower())
    if kind is None:
        raise services.InvalidSubmission(f"a FILE must be .txt or .html (this one is {path.suffix or 'without a suffix'})")
    try:
        size = path.stat().st_size
        limit = settings.INGEST_MAX_BYTES
        if size > limit:
            raise services.InvalidSubmission(f"the file is {size / 2**20:.1f} MB, over the {limit / 2**20:.1f} MB limit")
        data = path.read_bytes()
    except OSError as exc:
        raise services.InvalidSubmission(f"cannot read it: {exc.strerror or exc}") from None
    try:
        body = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from ingest.fetching import sniff_binary

        binary = sniff_binary(data)
        raise services.InvalidSubmission(
            f"not a text file: it looks like {binary}" if binary else "not UTF-8 text (save it as UTF-8)"
        ) from None
    fields = {kind: body, "url": opts["url"] or path.resolve().as_uri(), "title": opts["title"],
              "outlet": opts["outlet"], "published": services.parse_published(opts["published"])}
    services.check_body(body)
    return Input(raw, fields)


def read_jsonl(path: str) -> tuple[list[Input], list[tuple[str, str]]]:
    """The articles of a JSONL file, and the lines that cannot be one (with the reason)."""
    inputs, failures = [], []
    try:
        handle = open(path, encoding="utf-8", errors="strict")
    except OSError as exc:
        return [], [(path, f"cannot read it: {exc.strerror or exc}")]
    with handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):
                label = f"{path} line {number}"
                if not line.strip():
                    continue
                try:
                    inputs.append(Input(label, jsonl_record(line)))
                except services.InvalidSubmission as exc:
                    failures.append((label, str(exc)))
        except UnicodeDecodeError:
            failures.append((f"{path} line {number + 1}", "not UTF-8 text; the rest of the file was not read"))
    return inputs, failures


def jsonl_record(line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise services.InvalidSubmission(f"not JSON: {exc.msg} at column {exc.colno}") from None
    if not isinstance(record, dict):
        raise services.InvalidSubmission(f"not a JSON object (a {type(record).__name__})")
    missing = [key for key in ("url", "published") if not record.get(key)]
    if not (record.get("text") or record.get("html")):
        missing.append("text or html")
    if missing:
        raise services.InvalidSubmission("missing " + ", ".join(missing))
    for key in JSONL_FIELDS:
        if key in record and record[key] is not None and not isinstance(record[key], str):
            raise services.InvalidSubmission(f"{key} must be a string")
    services.parse_published(record["published"])
    return {key: record[key] for key in JSONL_FIELDS if record.get(key) is not None}


class Progress:
    """A one-line bar on a terminal (stderr), redrawn under the summary lines; silent when piped."""

    WIDTH = 30

    def __init__(self, total: int, out):
        self.total, self.out = total, out
        self.active = total > 1 and getattr(out, "isatty", lambda: False)()

    def show(self, count: int):
        if self.active:
            filled = int(self.WIDTH * count / self.total)
            self.out.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {count}/{self.total}")
            self.out.flush()

    def clear(self):
        if self.active:
            self.out.write("\r" + " " * (self.WIDTH + 24) + "\r")
            self.out.flush()

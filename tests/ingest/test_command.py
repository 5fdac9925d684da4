"""manage.py ingest: files, URLs and JSONL; each failed input named with its reason; good ones still go in."""
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ingest.models import Article
from positions.models import Person, Position, Statement, StatementLink

from .conftest import GERMAN_REPORT, OTHER_REPORT, REPORT, Route


def ingest(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as exc:
        err.write(f"CommandError: {exc}\n")
        code = 1
    return code, out.getvalue(), err.getvalue()


def jsonl(path, *records):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


def snapshot():
    return (
        sorted(Article.objects.values_list("url", "status", "text", "duplicate_of__url")),
        sorted(Statement.objects.values_list("article__url", "start", "end", "text", "counted")),
        sorted(StatementLink.objects.values_list("statement__article__url", "statement__start", "issue__slug", "stance")),
        sorted(Position.objects.values_list("party__code", "issue__slug", "round__slug", "stance")),
        Person.objects.count(),
    )


def test_a_text_file_with_its_metadata(talks, tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    code, out, err = ingest("--sync", str(path), "--url", "https://news.example.org/r", "--title", "Talks",
                            "--outlet", "Daily", "--published", "2023-03-02")
    article = Article.objects.get()
    assert code == 0 and err == ""
    assert (article.url, article.title, article.outlet, str(article.published)) == (
        "https://news.example.org/r", "Talks", "Daily", "2023-03-02")
    statements = Statement.objects.filter(article=article).count()
    links = StatementLink.objects.filter(statement__article=article).count()
    assert f"[1/1] {path}: #{article.pk} done: {statements} statements, {links} links" in out
    assert "1 of 1 inputs ingested" in out


def test_a_file_without_url_is_stored_under_its_file_address(talks, tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><article>" + "".join(f"<p>{p}</p>" for p in REPORT.split("\n\n")) + "</article></body></html>")
    code, out, _ = ingest("--sync", str(path))
    article = Article.objects.get()
    assert code == 0 and article.url == path.resolve().as_uri() and article.published is None and article.raw_is_html


def test_bad_inputs_are_named_with_their_reason_and_good_ones_still_go_in(talks, tmp_path, settings):
    settings.INGEST_MAX_BYTES = 1024 * 1024
    big = tmp_path / "big.txt"
    big.write_text("word " * 300_000)
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.7")
    fake = tmp_path / "fake.txt"
    fake.write_bytes(b"%PDF-1.7\n\xe2\xe3\xcf\xd3 binary \x00\x01")
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    lines = jsonl(
        tmp_path / "in.jsonl",
        {"url": "https://news.example.org/good", "published": "2023-03-02", "text": REPORT},
        "{not json",
        {"url": "https://news.example.org/no-date", "text": REPORT},
        {"url": "https://news.example.org/bad-date", "published": "last Tuesday", "text": REPORT},
        {"published": "2023-03-02", "text": REPORT},
        {"url": "https://news.example.org/no-body", "published": "2023-03-02"},
        '["a", "list"]',
        {"url": "https://news.example.org/other", "published": "2023-03-05", "text": OTHER_REPORT},
    )
    code, out, err = ingest("--sync", str(big), str(pdf), str(fake), str(empty), str(tmp_path / "missing.txt"),
                            "--jsonl", lines)
    assert code == 1
    expected = {
        str(big): "the file is 1.4 MB, over the 1.0 MB limit",
        str(pdf): "a FILE must be .txt or .html (this one is .pdf)",
        str(fake): "not a text file: it looks like a PDF document",
        str(empty): "the body is empty",
        str(tmp_path / "missing.txt"): "cannot read it: No such file or directory",
        f"{lines} line 2": "not JSON: Expecting property name enclosed in double quotes at column 2",
        f"{lines} line 3": "missing published",
        f"{lines} line 4": "published: 'last Tuesday' is not a date (YYYY-MM-DD)",
        f"{lines} line 5": "missing url",
        f"{lines} line 6": "missing text or html",
        f"{lines} line 7": "not a JSON object (a list)",
    }
    for label, reason in expected.items():
        assert f"FAILED {label}: {reason}\n" in err
    assert "CommandError: 11 of 13 inputs failed" in err
    assert "2 of 13 inputs ingested" in out
    assert set(Article.objects.values_list("url", "status")) == {
        ("https://news.example.org/good", "done"), ("https://news.example.org/other", "done")}


def test_a_non_english_report_is_marked_skipped_and_reported(talks, tmp_path):
    lines = jsonl(tmp_path / "in.jsonl", {"url": "https://zeitung.example.de/a", "published": "2023-03-02", "text": GERMAN_REPORT})
    code, out, err = ingest("--sync", "--jsonl", lines)
    article = Article.objects.get()
    assert article.status == "skipped" and code == 0
    assert f"SKIPPED {lines} line 1: not extracted: the text is in German (de), not English" in err
    assert "1 of 1 inputs ingested (1 skipped)" in out


def test_urls_that_fail_are_named(talks, allowed_server, local_server):
    allowed_server.routes["/ok"] = Route(body="<html><body><article>" + "".join(f"<p>{p}</p>" for p in REPORT.split("\n\n")) + "</article></body></html>")
    allowed_server.routes["/404"] = Route(404, "nope")
    allowed_server.routes["/500"] = Route(500, "oops")
    urls = [allowed_server.url(p) for p in ("/ok", "/404", "/500")]
    code, out, err = ingest("--sync", *urls, "http://10.0.0.9/x")
    assert code == 1
    assert f"FAILED {urls[1]}: the server answered 404 Not Found" in err
    assert f"FAILED {urls[2]}: the server answered 500 Internal Server Error (a temporary failure; gave up" in err
    assert "FAILED http://10.0.0.9/x: refused: 10.0.0.9 is a private-network address" in err
    assert Article.objects.get(url=urls[0]).status == "done"
    assert Article.objects.get(url=urls[2]).stage == "fetch"


def test_ingesting_the_same_inputs_twice_leaves_the_same_rows(talks, tmp_path):
    copy = REPORT.replace("told reporters", "told journalists").rsplit("\n\n", 1)[0]
    lines = jsonl(
        tmp_path / "in.jsonl",
        {"url": "https://a.example.org/1", "published": "2023-03-02", "text": REPORT, "title": "A"},
        {"url": "https://b.example.org/1", "published": "2023-03-02", "text": copy, "outlet": "B"},
        {"url": "https://a.example.org/2", "published": "2023-03-05", "text": OTHER_REPORT},
        {"url": "https://a.example.org/3", "published": "2023-03-05", "text": GERMAN_REPORT},
    )
    assert ingest("--sync", "--jsonl", lines)[0] == 0
    once = snapshot()
    code, out, _ = ingest("--sync", "--jsonl", lines)
    assert code == 0 and out.count("already ingested") == 4
    assert snapshot() == once
    assert [row[3] for row in once[0]].count("https://a.example.org/1") == 1  # the copy is marked


def test_a_sync_batch_ends_by_reading_the_silences_of_its_negotiations_again(talks, tmp_path, monkeypatch):
    from ingest import pipeline

    read = []
    monkeypatch.setattr(pipeline, "reread_silences", lambda negotiation: read.append(negotiation.slug) or 0)
    lines = jsonl(tmp_path / "in.jsonl", {"url": "https://a.example.org/1", "published": "2023-03-02", "text": REPORT})
    code, _, _ = ingest("--sync", "--jsonl", lines)
    assert code == 0 and Statement.objects.filter(negotiation=talks).exists()
    assert read == [talks.slug]  # once, after the batch


def test_without_sync_and_without_a_broker_the_tasks_run_in_process(talks, tmp_path):
    lines = jsonl(tmp_path / "in.jsonl", {"url": "https://a.example.org/1", "published": "2023-03-02", "text": REPORT})
    code, out, _ = ingest("--jsonl", lines)
    assert code == 0 and Article.objects.get().status == "done" and " done: " in out


def test_with_a_broker_the_inputs_are_queued(talks, tmp_path, monkeypatch):
    from config.celery import app
    from ingest import tasks

    sent = []
    monkeypatch.setattr(tasks.process_article, "delay", lambda *args: sent.append(args))
    lines = jsonl(tmp_path / "in.jsonl", {"url": "https://a.example.org/1", "published": "2023-03-02", "text": REPORT})
    app.conf.task_always_eager = False  # put back by tests/conftest.py's _tasks_in_process
    code, out, _ = ingest("--jsonl", lines)
    article = Article.objects.get()
    assert code == 0 and sent == [(article.pk, 0)] and f"queued as #{article.pk}" in out
    assert article.status == "queued"


@pytest.mark.parametrize("args, message", [
    ((), "give at least one URL, FILE or --jsonl FILE"),
    (("--negotiation", "nope", "x.txt"), "unknown negotiation 'nope'"),
])
def test_usage_errors(db, args, message):
    code, _, err = ingest(*args)
    assert code == 1 and message in err

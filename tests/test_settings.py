"""Settings come from the environment (PRODUCT.md): each case runs in a fresh interpreter."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROBE = """
import json, django
django.setup()
from django.conf import settings
from config.celery import app
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""), "port": str(db.get("PORT", "")),
    "user": db.get("USER", ""), "debug": settings.DEBUG, "hosts": settings.ALLOWED_HOSTS,
    "secret": settings.SECRET_KEY, "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "celery_eager": bool(app.conf.task_always_eager), "broker": app.conf.broker_url or "",
}))
"""
KEYS = ["DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT"]


def run(args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in KEYS}
    clean.update(DJANGO_SETTINGS_MODULE="config.settings", **env)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def probe(**env) -> dict:
    done = run(["-c", PROBE], **env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_embedded_defaults_sqlite_in_the_project_and_tasks_in_process():
    seen = probe()
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert Path(seen["name"]) == ROOT / "db.sqlite3"
    assert seen["eager"] is True and seen["celery_eager"] is True
    assert seen["debug"] is False


def test_database_url_and_broker_from_the_environment():
    seen = probe(DATABASE_URL="postgres://tracker:s3cret@db.internal:6543/positions",
                 CELERY_BROKER_URL="redis://cache.internal:6379/2", DEBUG="1",
                 SECRET_KEY="k" * 60, ALLOWED_HOSTS="tracker.example.org, api.example.org")
    assert seen["engine"] == "django.db.backends.postgresql"
    assert (seen["name"], seen["host"], seen["port"], seen["user"]) == ("positions", "db.internal", "6543", "tracker")
    assert seen["eager"] is False and seen["celery_eager"] is False
    assert seen["broker"] == "redis://cache.internal:6379/2"
    assert seen["debug"] is True
    assert seen["secret"] == "k" * 60
    assert seen["hosts"] == ["tracker.example.org", "api.example.org"]


def test_sqlite_url_elsewhere(tmp_path):
    seen = probe(DATABASE_URL=f"sqlite:///{tmp_path}/other.sqlite3")
    assert seen["engine"] == "django.db.backends.sqlite3"
    assert seen["name"] == f"{tmp_path}/other.sqlite3"


def test_debug_is_off_unless_asked():
    assert probe(DEBUG="off")["debug"] is False


def test_check_deploy_is_clean_with_debug_off_and_secrets_set():
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
               DEBUG="0", SECRET_KEY="a-real-secret-" + "x9Qz" * 14, ALLOWED_HOSTS="tracker.example.org")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_flags_the_embedded_key():
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
               DEBUG="0", ALLOWED_HOSTS="tracker.example.org")
    assert done.returncode != 0
    assert "security.W009" in done.stdout + done.stderr


def test_tasks_run_in_process_without_a_broker(db, settings):
    """With no broker, `.delay()` processes the article before it returns (what the quick start relies on)."""
    from ingest import tasks
    from ingest.models import Article

    article = Article.objects.create(url="text:eager", raw="The delegations met again on Friday and talked for hours.")
    tasks.process_article.delay(article.pk)
    article.refresh_from_db()
    assert article.status in {Article.Status.DONE, Article.Status.SKIPPED}
    assert article.attempts == 1


def test_tests_use_a_fast_password_hasher(settings):
    from django.contrib.auth.hashers import get_hasher

    assert get_hasher().algorithm == "md5"


def test_static_assets_are_served_with_debug_off(client, settings):
    """The admin and the matrix pages keep their CSS in production (WhiteNoise), with or without collectstatic."""
    settings.DEBUG = False
    response = client.get("/static/admin/css/base.css")
    assert response.status_code == 200
    assert b"body" in b"".join(response.streaming_content)


def test_every_setting_read_from_the_environment_is_in_the_readme_table_and_only_those():
    """One default per setting, in config/settings.py, and each one documented (README "Configuration")."""
    import re

    read = set(re.findall(r'\benv\("([A-Z_]+)"', (ROOT / "config" / "settings.py").read_text()))
    table = "\n".join(line for line in (ROOT / "README.md").read_text().splitlines() if line.startswith("| `"))
    documented = {name for cell in re.findall(r"^\| ([^|]+) \|", table, re.M) for name in re.findall(r"`([A-Z_]+)`", cell)}
    assert read, "config/settings.py reads no setting through env()"
    assert read - documented == set(), "settings missing from the README's table"
    assert documented - read == set(), "the README documents settings that config/settings.py does not read"


def test_a_setting_takes_the_type_of_its_default_and_empty_means_the_default():
    done = run(["-c", "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps("
                "[s.INGEST_MAX_BYTES, s.INGEST_FETCH_TIMEOUT, s.INGEST_FETCH_ALLOWLIST, s.INGEST_MAX_ATTEMPTS, "
                "s.API_COUNT_CACHE_SECONDS]))"],
               INGEST_MAX_BYTES="2048", INGEST_FETCH_TIMEOUT="2.5", INGEST_FETCH_ALLOWLIST="a.test, b.test",
               INGEST_MAX_ATTEMPTS="", API_COUNT_CACHE_SECONDS="0")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [2048, 2.5, ["a.test", "b.test"], 8, 0]


def test_postgresql_binds_on_the_server_and_prepares_repeated_queries_unless_told_not_to():
    """Repeated queries are prepared on PostgreSQL (DATABASE_PREPARE_THRESHOLD); 0 gives Django's default for a
    pooler in transaction mode; SQLite has no such options."""
    code = ("import json, django; django.setup(); from django.conf import settings as s; "
            "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))")
    url = "postgres://tracker@db.test:5432/tracker"
    for env, expected in [
        ({"DATABASE_URL": url}, {"server_side_binding": True, "prepare_threshold": 5}),
        ({"DATABASE_URL": url, "DATABASE_PREPARE_THRESHOLD": "20"}, {"server_side_binding": True, "prepare_threshold": 20}),
        ({"DATABASE_URL": url, "DATABASE_PREPARE_THRESHOLD": "0"}, {}),
    ]:
        done = run(["-c", code], **env)
        assert done.returncode == 0, done.stderr
        options = json.loads(done.stdout.strip().splitlines()[-1])
        assert {k: options[k] for k in expected} == expected and ("server_side_binding" in options) == bool(expected)
    done = run(["-c", code])
    assert "server_side_binding" not in json.loads(done.stdout.strip().splitlines()[-1])

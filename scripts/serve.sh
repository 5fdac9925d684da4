#!/usr/bin/env bash
# Quick start: install, set up the database, load the shipped negotiation,
# ingest the dev reports (when ../shared/corpus/seeds is beside the project),
# create a local admin and an API token, and run the server on
# http://127.0.0.1:8000/ with DEBUG on. Safe to run again: nothing is duplicated.
#
#   bash scripts/serve.sh            PORT=8001 bash scripts/serve.sh
#
# For a local try-out on loopback only: the admin is admin / admin.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/_venv.sh
ensure_venv requirements-dev.txt

export DEBUG=${DEBUG:-1}
PORT=${PORT:-8000}
ADMIN_USER=${ADMIN_USER:-admin}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-admin}
manage() { .venv/bin/python manage.py "$@"; }

echo "· migrating the database (${DATABASE_URL:-SQLite file db.sqlite3})"
manage migrate --noinput -v 0
# loaddata would overwrite an editor's changes to the shipped rows: load it only on a new database.
if manage negotiation list | grep -qx russia-west-security-2022; then
    echo "· the shipped negotiation is already there (kept as editors left it)"
else
    echo "· loading the shipped negotiation"
    manage loaddata russia_west_2022 -v 0
fi

SEEDS=../shared/corpus/seeds
if [ -f "$SEEDS/manifest.jsonl" ]; then
    echo "· ingesting the dev reports from $SEEDS"
    JSONL=$(mktemp --suffix=.jsonl)
    trap 'rm -f "$JSONL"' EXIT
    # manifest.jsonl + one .txt per report -> the ingest JSONL format (url, published, text, title, outlet).
    .venv/bin/python - "$SEEDS" "$JSONL" <<'PY'
import json, pathlib, sys
root, out = pathlib.Path(sys.argv[1]), open(sys.argv[2], "w")
for line in open(root / "manifest.jsonl"):
    if not line.strip():
        continue
    m = json.loads(line)
    row = {"url": m["url"], "published": m["published"], "text": (root / m.get("file", m["doc"] + ".txt")).read_text()}
    row.update({k: m[k] for k in ("title", "outlet") if m.get(k)})
    out.write(json.dumps(row) + "\n")
PY
    manage ingest --sync --jsonl "$JSONL" || echo "  (some reports failed: see above; the server starts anyway)"
else
    echo "· no $SEEDS beside the project: starting without reports (add some with manage.py ingest)"
fi

echo "· making sure the local admin and its API token exist"
TOKEN=$(ADMIN_USER=$ADMIN_USER ADMIN_PASSWORD=$ADMIN_PASSWORD manage shell -v 0 -c '
import os
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
user, _ = User.objects.get_or_create(username=os.environ["ADMIN_USER"])
user.is_staff = user.is_superuser = True
user.set_password(os.environ["ADMIN_PASSWORD"])
user.save()
print(Token.objects.get_or_create(user=user)[0].key)
' | tail -1)

cat <<INFO

  Admin:  http://127.0.0.1:$PORT/admin/      user: $ADMIN_USER   password: $ADMIN_PASSWORD
  API:    http://127.0.0.1:$PORT/api/        docs: http://127.0.0.1:$PORT/api/docs/
          curl -H "Authorization: Token $TOKEN" http://127.0.0.1:$PORT/api/statements/

INFO
if [ -z "${CELERY_BROKER_URL:-}" ]; then
    # No broker: a request never runs the pipeline, it only queues; this worker takes queued articles
    # from the database (and finishes what a stopped one left half-done). It stops with the server.
    echo "· starting the local ingest worker (no CELERY_BROKER_URL): manage.py ingest_worker"
    .venv/bin/python manage.py ingest_worker &
    WORKER_PID=$!
    trap 'kill "$WORKER_PID" 2>/dev/null; rm -f "${JSONL:-}"' EXIT
    .venv/bin/python manage.py runserver "127.0.0.1:$PORT"
else
    exec .venv/bin/python manage.py runserver "127.0.0.1:$PORT"
fi

#!/usr/bin/env bash
# Run the test suite: `bash scripts/test.sh [pytest args…]`.
# Creates or updates .venv when needed. Runs on the embedded defaults (SQLite,
# tasks in-process); with DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://…
# set, it runs against them, integration tests included (see .ci/run).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/_venv.sh
ensure_venv requirements-dev.txt
exec .venv/bin/python -m pytest "$@"

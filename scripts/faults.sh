#!/usr/bin/env bash
# The fault runs, from one command on a fresh machine (see docs/benchmarks.md):
#
#   bash scripts/faults.sh           # a worker SIGKILLed, Redis restarted, PostgreSQL stopped — mid-batch
#   bash scripts/faults.sh --short   # the same on a small batch (the form CI runs)
#
# Same set-up as scripts/bench.sh (installs PostgreSQL/Redis if missing, starts
# and stops them); exits non-zero when a run lost, duplicated or changed anything.
BENCH_MODE=faults exec bash "$(dirname "${BASH_SOURCE[0]}")/bench.sh" "$@"

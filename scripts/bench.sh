#!/usr/bin/env bash
# The benchmarks, from one command on a fresh machine (see docs/benchmarks.md):
#
#   bash scripts/bench.sh                 # every benchmark at full size
#   bash scripts/bench.sh --quick         # small sizes, a few minutes
#   bash scripts/bench.sh --only ingest   # arguments go to `python -m bench`
#
# As root on Debian it installs PostgreSQL and Redis with apt-get when they are
# missing (as .ci/run does), starts a throw-away pair on loopback with
# scripts/services.sh (BENCH_PG_PORT, BENCH_REDIS_PORT), runs `python -m bench`, and stops them.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
MODE=${BENCH_MODE:-bench}
# Own ports (not PG_PORT/REDIS_PORT: .ci/run exports those for its own services).
export PG_PORT=${BENCH_PG_PORT:-55435} REDIS_PORT=${BENCH_REDIS_PORT:-56381} DEBIAN_FRONTEND=noninteractive

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
command -v redis-server >/dev/null || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "· apt-get install ${need[*]}"
        apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" python3-venv >/dev/null \
            || { echo "apt-get install failed" >&2; exit 2; }
    else
        echo "missing: ${need[*]} (install them, or run as root on Debian)" >&2; exit 2
    fi
fi

# shellcheck source=scripts/_venv.sh
. scripts/_venv.sh
ensure_venv requirements-dev.txt || exit 2

unset SERVICES_DIR  # services.sh would reuse the directory of a pair started by hand
trap 'bash scripts/services.sh stop' EXIT
EXPORTS=$(bash scripts/services.sh start) || { echo "could not start PostgreSQL/Redis" >&2; exit 2; }
eval "$EXPORTS"
echo "· PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT ($SERVICES_DIR)"
.venv/bin/python manage.py migrate -v0 || exit 2
if [ "$MODE" = faults ]; then
    .venv/bin/python -m bench faults "$@"
else
    .venv/bin/python -m bench "$@"
fi

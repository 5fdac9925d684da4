#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL 15 and Redis on loopback, for CI and benchmarks.
#
#   eval "$(bash scripts/services.sh start)"   # prints the exports: DATABASE_URL, CELERY_BROKER_URL, SERVICES_DIR
#   bash scripts/services.sh stop              # stops them and removes their data
#
# Ports: PG_PORT (default 55432), REDIS_PORT (default 56379). Data lives in a
# temp dir named after the ports, so `stop` finds it without any state.
# Runs PostgreSQL as the postgres user when started as root.
set -euo pipefail
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}
PG_DB=${PG_DB:-tracker}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
DIR=${SERVICES_DIR:-${TMPDIR:-/tmp}/tracker-services-$PG_PORT-$REDIS_PORT}

as_pg() {  # initdb refuses to run as root
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
    [ -x "$PGBIN/initdb" ] || { echo "no PostgreSQL 15 in $PGBIN (apt-get install postgresql)" >&2; exit 1; }
    command -v redis-server >/dev/null || { echo "no redis-server (apt-get install redis-server)" >&2; exit 1; }
    stop >/dev/null 2>&1 || true
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
    as_pg "$PGBIN/initdb" -D "$DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; exit 1; }
    as_pg "$PGBIN/pg_ctl" -D "$DIR/pg" -l "$DIR/pg.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null || { cat "$DIR/pg.log" >&2; exit 1; }
    "$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $PG_DB;" >/dev/null
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$DIR" --pidfile "$DIR/redis.pid" \
        --logfile "$DIR/redis.log" --save "" --appendonly no >/dev/null
    for _ in $(seq 1 50); do
        redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break
        sleep 0.2
    done
    redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG || { echo "redis did not start" >&2; exit 1; }
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/$PG_DB"
    echo "export CELERY_BROKER_URL=redis://127.0.0.1:$REDIS_PORT/0"
    echo "export SERVICES_DIR=$DIR"
}

stop() {
    if [ -f "$DIR/redis.pid" ]; then
        kill "$(cat "$DIR/redis.pid")" 2>/dev/null || true
        rm -f "$DIR/redis.pid"
    fi
    if [ -f "$DIR/pg/postmaster.pid" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$DIR/pg" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$DIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac

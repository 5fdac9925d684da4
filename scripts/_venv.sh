# Sourced by serve.sh, test.sh and bench.sh: make sure .venv exists and holds exactly
# the locked set (requirements-dev.txt by default; the locks are made by scripts/lock.sh).
# Installs with --require-hashes, with the pip the venv has (22.3 or newer), only when
# the lock changed since the last install (a stamp in .venv); then removes what the
# lock no longer lists. --no-deps: the lock is the whole set already (pip check proves it
# consistent); resolving again lets pip 22.3-23.x take a dependency's extra spelled
# unlike the package's own (justext asks lxml[html_clean]) as an unpinned requirement
# and fail on the first newer release of that package.
ensure_venv() {
    local reqs=${1:-requirements-dev.txt}
    local py=${PYTHON:-}
    if [ -z "$py" ]; then
        for candidate in python3.11 python3; do
            command -v "$candidate" >/dev/null 2>&1 && { py=$candidate; break; }
        done
    fi
    [ -n "$py" ] || { echo "Python 3.11 is needed (set PYTHON=/path/to/python3.11)" >&2; return 1; }
    if [ ! -x .venv/bin/python ]; then
        "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
            || { echo "Python 3.11 or newer is needed; $py is $("$py" --version 2>&1)" >&2; return 1; }
        echo "· creating .venv with $("$py" --version 2>&1)"
        "$py" -m venv .venv || { echo "could not create .venv (on Debian: apt-get install python3-venv)" >&2; return 1; }
    fi
    local stamp=.venv/.requirements.sha256 want
    want=$(cat requirements.txt "$reqs" | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        echo "· installing $reqs into .venv, every file checked against its hash (first run takes a few minutes)"
        .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r "$reqs" \
            || { echo "could not install $reqs into .venv" >&2; return 1; }
        .venv/bin/python scripts/venv_check.py "$reqs" --prune || return 1
        echo "$want" >"$stamp"
    fi
}

# Sourced by serve.sh and test.sh: make sure .venv exists and matches the requirements.
# Reinstalls only when requirements*.txt changed since the last install (a stamp in .venv).
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
        echo "· installing $reqs into .venv (first run takes a few minutes)"
        .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
        .venv/bin/python -m pip install -q --disable-pip-version-check -r "$reqs"
        echo "$want" >"$stamp"
    fi
}

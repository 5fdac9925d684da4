#!/usr/bin/env bash
# Regenerate the locks from the hand-edited inputs, for Python 3.11 on linux x86_64:
#
#   requirements.in      -> requirements.txt       runtime
#   requirements-dev.in  -> requirements-dev.txt   runtime + tests (runtime at the versions of requirements.txt)
#
# Every package, transitive ones included, is pinned with the sha256 hashes of
# its files on the package index; installs use `pip install --require-hashes`.
#
#   bash scripts/lock.sh              after editing a .in file: resolve what changed, keep every other version
#   bash scripts/lock.sh --upgrade    re-resolve everything to the newest versions the .in files allow
#   bash scripts/lock.sh -P lxml      upgrade one package (any other pip-compile option is passed on too)
#   bash scripts/lock.sh --tools      regenerate scripts/lock-tools.txt (the pinned pip-tools this script uses)
#
# pip-tools runs in its own venv (LOCK_VENV, default ~/.cache/tracker-lock-tools),
# created or refreshed from scripts/lock-tools.txt (hashes required) when that
# file changed. Needs python3.11 (PYTHON=/path/to/python3.11) and the package index.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

py=${PYTHON:-python3.11}
command -v "$py" >/dev/null 2>&1 || { echo "lock: $py not found (set PYTHON=/path/to/python3.11)" >&2; exit 2; }
# pip-compile resolves for the interpreter it runs on: markers (python_version,
# sys_platform, platform_machine) are evaluated there, so it must be the target.
"$py" - <<'PY' || exit 2
import platform, sys
if sys.version_info[:2] != (3, 11) or sys.platform != "linux" or platform.machine() != "x86_64":
    sys.exit(f"lock: the locks are for CPython 3.11 on linux x86_64; {sys.executable} is "
             f"{platform.python_version()} on {sys.platform} {platform.machine()} (set PYTHON=)")
PY

tools=${LOCK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/tracker-lock-tools}
want=$(sha256sum scripts/lock-tools.txt | cut -d' ' -f1)
if [ "$(cat "$tools/.lock-tools.sha256" 2>/dev/null)" != "$want" ] || [ ! -x "$tools/bin/pip-compile" ]; then
    echo "· installing pip-tools (scripts/lock-tools.txt) into $tools"
    rm -rf "$tools"
    "$py" -m venv "$tools"
    "$tools/bin/python" -m pip install -q --disable-pip-version-check --require-hashes -r scripts/lock-tools.txt
    echo "$want" >"$tools/.lock-tools.sha256"
fi

compile() {  # compile IN OUT [pip-compile options]
    local in=$1 out=$2; shift 2
    echo "· $in -> $out"
    PYTHONWARNINGS=ignore CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh${mode:-}" "$tools/bin/pip-compile" --quiet \
        --generate-hashes --allow-unsafe --strip-extras \
        --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
        --output-file "$out" "$@" "$in" \
        2> >(grep -v "^WARNING: Location 'file:.*' is ignored" >&2)  # local mirrors in a pip.conf: noise
}

if [ "${1:-}" = --tools ]; then
    shift; mode=" --tools"
    compile scripts/lock-tools.in scripts/lock-tools.txt "$@"
    exit 0
fi

compile requirements.in requirements.txt "$@"
compile requirements-dev.in requirements-dev.txt "$@"

# A lock that --require-hashes accepts: every requirement pinned (==) with a hash,
# nothing pulled in from another file.
"$py" - requirements.txt requirements-dev.txt <<'PY'
import re, sys
bad, counts = [], {}
for path in sys.argv[1:]:
    text = open(path).read().replace("\\\n", " ")
    n = 0
    for line in text.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-"):
            bad.append(f"{path}: option line {line!r}")
            continue
        n += 1
        if not re.match(r"^[A-Za-z0-9._-]+==\S+ ", line + " ") or "--hash=sha256:" not in line:
            bad.append(f"{path}: not pinned with a hash: {line.split()[0]}")
    counts[path] = n
if bad:
    sys.exit("lock: " + "\n  ".join(["the locks are not installable with --require-hashes:"] + bad))
print("· " + ", ".join(f"{p}: {n} packages" for p, n in counts.items()) + ", every one pinned with its hashes")
PY
"$py" scripts/venv_check.py --in-sync
git --no-pager diff --stat -- requirements.txt requirements-dev.txt 2>/dev/null || true

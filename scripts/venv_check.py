"""Does this interpreter's environment hold exactly the set a lock pins?

    .venv/bin/python scripts/venv_check.py requirements-dev.txt          # exit 1 on any difference
    .venv/bin/python scripts/venv_check.py requirements-dev.txt --prune  # uninstall what the lock does not list
    python3 scripts/venv_check.py --in-sync   # do the locks still pin what requirements*.in pin?

Missing packages and other versions are errors. The tools a venv is created
with (pip, setuptools, wheel) are allowed beside the lock unless the lock pins them.
Standard library only: it runs before anything is installed.
"""
import importlib.metadata
import re
import subprocess
import sys

SEED = {"pip", "setuptools", "wheel"}


def norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path):
    pins = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            pins[norm(m.group(1))] = m.group(2)
    return pins


def in_sync():
    """Every pin of a .in file has the same version in its lock (a .in edited, the lock not remade),
    and the test lock pins the runtime lock's versions."""
    problems = []
    for src, lock in (("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")):
        pins = locked(lock)
        for line in open(src, encoding="utf-8"):
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-"):
                continue
            m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:==\s*([^\s;]+))?", line)
            name, version = norm(m.group(1)), m.group(2)
            if name not in pins:
                problems.append(f"{src} asks {m.group(1)}, {lock} does not pin it")
            elif version and pins[name] != version:
                problems.append(f"{src} pins {m.group(1)}=={version}, {lock} has {pins[name]}")
    runtime, dev = locked("requirements.txt"), locked("requirements-dev.txt")
    problems += [f"requirements.txt pins {n}=={v}, requirements-dev.txt {dev.get(n, 'does not')}"
                 for n, v in sorted(runtime.items()) if dev.get(n) != v]
    if problems:
        print("the locks are out of date; run `bash scripts/lock.sh`:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print("· requirements.txt and requirements-dev.txt pin what requirements*.in ask")
    return 0


def main(argv):
    if argv[:1] == ["--in-sync"]:
        return in_sync()
    lock, prune = argv[0], "--prune" in argv[1:]
    pins = locked(lock)
    installed = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            installed[norm(name)] = (name, dist.version)
    problems = [f"missing: {n}=={v}" for n, v in sorted(pins.items()) if n not in installed]
    problems += [f"{installed[n][0]} {installed[n][1]} installed, the lock pins {v}"
                 for n, v in sorted(pins.items()) if n in installed and installed[n][1] != v]
    extra = sorted(installed[n][0] for n in installed if n not in pins and n not in SEED)
    if extra and prune:
        print(f"· removing what {lock} does not list: {' '.join(extra)}")
        subprocess.run([sys.executable, "-m", "pip", "uninstall", "-q", "-y", *extra], check=True)
    elif extra:
        problems.append(f"not in {lock}: {' '.join(extra)}")
    if problems:
        print(f"{sys.prefix} does not match {lock}:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    if not prune:
        print(f"· {sys.prefix} holds exactly the {len(pins)} packages of {lock}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

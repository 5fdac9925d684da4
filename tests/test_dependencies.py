"""The apps depend in one direction, and no module imports itself back (README, "Data flow").

`ingest` (the way in) depends on `positions` (the domain); `positions` never
imports `ingest`, not even inside a function or by model name; `config` is the
one place that joins them (settings, the API router, the front page). Imports
inside functions count too: they hide a cycle, they do not remove it.
"""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "positions", "ingest", "webhooks")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {
    _module_name(path): path
    for package in PACKAGES
    for path in sorted((ROOT / package).rglob("*.py"))
}


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of `from <level dots><target> import …` written in `module`."""
    if not level:
        return target or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def _imports(module: str) -> list[tuple[str, int]]:
    """(imported module, line) for every import in `module`, at any depth; `from a import b` names `a.b`
    when that is a module of the project, else `a`."""
    path = MODULES[module]
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, path.name == "__init__.py", node.level, node.module)
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                found.append((submodule if submodule in MODULES else source, node.lineno))
        elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "get_model"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            found.append((node.args[0].value.split(".")[0], node.lineno))  # apps.get_model("ingest", …)
    return found


def _in(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


@pytest.mark.parametrize("domain, way_in", [("positions", "ingest"), ("positions", "webhooks"), ("ingest", "webhooks")])
def test_the_domain_never_imports_the_apps_built_on_it(domain, way_in):
    wrong = [
        f"{MODULES[module].relative_to(ROOT)}:{line} imports {name}"
        for module in MODULES if _in(module, domain)
        for name, line in _imports(module) if _in(name, way_in)
    ]
    assert not wrong, f"{domain} must not depend on {way_in} (config/ joins them):\n" + "\n".join(wrong)


def test_no_import_cycle():
    graph = {
        module: {name for name, _ in _imports(module) if name in MODULES and name != module}
        for module in MODULES
    }
    cycles = []
    for start in graph:  # a path back to `start`: depth-first, each module once
        stack, seen = [(start, [start])], set()
        while stack:
            module, path = stack.pop()
            for name in sorted(graph[module]):
                if name == start:
                    cycles.append(" -> ".join([*path, start]))
                elif name not in seen:
                    seen.add(name)
                    stack.append((name, [*path, name]))
    assert not cycles, "import cycles (a function-level import hides one, it does not remove it):\n" + "\n".join(
        sorted(set(cycles))
    )


def test_the_check_sees_what_it_looks_for():
    """The parser finds function-level, relative and by-name imports (else the tests above pass on nothing)."""
    assert any(name == "positions.services" for name, _ in _imports("ingest.services"))
    assert any(name == "ingest.services" for name, _ in _imports("ingest.tasks"))  # `from . import services`
    assert {"positions", "ingest", "config"} <= {name.split(".")[0] for m in MODULES for name, _ in _imports(m)}

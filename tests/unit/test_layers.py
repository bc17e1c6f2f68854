"""The package is a one-way house: every module imports on its own, and imports point down.

The layers, from the top down (a module may import its own layer and any layer below it, never
one above it nor a sibling beside it):

    api, app, cli, bench,           the entry points and their settings
      bench_batch, config
    batch                           `timeline batch`: input, workers, output, Dask
    library, convert, ordered_map   the Python library (`extract`, `extract_many`), the response
                                    form it shares with the HTTP API, ordered worker processes
    eval                            scoring and reports (`timeline eval`)
    pipeline                        the stages and their written-out order
    rules | nlp                     rule families and refiners | the spaCy parser and tree walking
    locale | formats                word lists and tables as data | TimeML reading and writing
    domain                          frozen types, calendar arithmetic, errors
    service (the package itself)    the version string

``formats`` sits low because ``api``, ``cli`` and ``eval`` read it and it reads ``domain`` only.
The package itself re-exports the library (``from service import extract``) lazily: its
``__getattr__`` imports ``service.library`` on first use, so loading the package (or any low
layer) never loads the pipeline; that one import, and only where it is lazy, is allowed.
"""

from __future__ import annotations

import ast
import graphlib
import json
import subprocess
import sys
import textwrap
from functools import cache
from pathlib import Path
from typing import Final

import pytest

import service

PACKAGE_DIR: Final = Path(service.__file__).parent

# Top-level module or subpackage -> its layer.
LAYER_OF_TOP: Final = {
    "api": "entry", "app": "entry", "cli": "entry", "bench": "entry", "bench_batch": "entry",
    "config": "entry",
    "batch": "batch",
    "library": "library", "convert": "library", "ordered_map": "library",
    "eval": "eval",
    "pipeline": "pipeline",
    "rules": "rules", "nlp": "nlp",
    "locale": "locale", "formats": "formats",
    "domain": "domain",
    "": "package",  # service/__init__.py
}
# Layer -> rank; a higher rank is a higher layer. Layers of equal rank are siblings and may not
# import each other.
RANK: Final = {
    "entry": 7, "batch": 6, "library": 5, "eval": 4, "pipeline": 3, "rules": 2, "nlp": 2,
    "locale": 1, "formats": 1, "domain": 0, "package": -1,
}

# module -> the higher modules it may import, lazily only (inside a function or under
# ``if TYPE_CHECKING:``).
LAZY_EXPORTS: Final = {"service": frozenset({"service.library"})}

# Importing these runs a program (``python -m service.eval``): they are entry scripts, not
# modules, and their imports are checked by the direction test alone.
NOT_IMPORTABLE_ALONE: Final = frozenset({"service.eval.__main__"})

# Runs in a fresh interpreter: imports each named module with every module of its top-level
# package forgotten first, so each import starts from nothing of ours (third-party modules stay
# loaded, which keeps the run fast and does not change the order our modules load in).
_IMPORT_EACH: Final = textwrap.dedent(
    """
    import importlib, json, sys
    results = {}
    for name in sys.argv[1:]:
        root = name.split(".")[0]
        for key in [k for k in sys.modules if k == root or k.startswith(root + ".")]:
            del sys.modules[key]
        try:
            importlib.import_module(name)
        except BaseException as exc:
            results[name] = f"{type(exc).__name__}: {exc}"
        else:
            results[name] = None
    print(json.dumps(results))
    """
)


def module_name(path: Path, package_dir: Path) -> str:
    """The dotted name of the module at ``path`` inside the package at ``package_dir``."""
    parts = (package_dir.name, *path.relative_to(package_dir).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules(package_dir: Path = PACKAGE_DIR) -> tuple[str, ...]:
    """Every module of the package, sorted (test data and model folders hold no .py files)."""
    return tuple(sorted(module_name(p, package_dir) for p in package_dir.rglob("*.py")))


def import_each(names: list[str], cwd: Path | None = None) -> dict[str, str | None]:
    """Import each module alone in one fresh interpreter; name -> error (None if it imported)."""
    done = subprocess.run(
        [sys.executable, "-c", _IMPORT_EACH, *names],
        capture_output=True, text=True, check=True, cwd=cwd, timeout=300,
    )
    results: dict[str, str | None] = json.loads(done.stdout.strip().splitlines()[-1])
    return results


@cache
def _service_results() -> dict[str, str | None]:
    names = [n for n in all_modules() if n not in NOT_IMPORTABLE_ALONE]
    return import_each(names)


@pytest.mark.parametrize("name", [n for n in all_modules() if n not in NOT_IMPORTABLE_ALONE])
def test_module_imports_on_its_own(name: str) -> None:
    assert _service_results()[name] is None, _service_results()[name]


def test_import_each_finds_a_cycle_that_only_breaks_when_imported_first(tmp_path: Path) -> None:
    """The checker itself: ``low`` works after ``mid`` is imported, and fails alone, as
    ``rules.registry`` did when ``pipeline/__init__`` imported every stage."""
    pkg = tmp_path / "cyclepkg"
    (pkg / "mid").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "mid" / "__init__.py").write_text("from cyclepkg.mid.stage import S\n")
    (pkg / "mid" / "stage.py").write_text("from cyclepkg.low import L\nS = 1\n")
    (pkg / "mid" / "types.py").write_text("T = 1\n")
    (pkg / "low.py").write_text("from cyclepkg.mid.types import T\nL = 2\n")
    results = import_each(["cyclepkg.mid", "cyclepkg.low", "cyclepkg.mid.types"], cwd=tmp_path)
    assert results["cyclepkg.mid"] is None
    assert results["cyclepkg.low"] is not None and "ImportError" in results["cyclepkg.low"]
    assert results["cyclepkg.mid.types"] is None  # its package's import loads it first


def top_of(name: str) -> str:
    """'service.rules.en.tense' -> 'rules'; the package itself -> ''."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def imported_modules(path: Path, name: str) -> list[tuple[int, str]]:
    """(line, module) for every import in the file, function-local ones included."""
    is_package = path.name == "__init__.py"
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing module's package
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            if target == "service":  # "from service import pipeline" imports the subpackage
                found.extend((node.lineno, f"service.{alias.name}") for alias in node.names
                             if alias.name in LAYER_OF_TOP)
    return found


def lazy_import_lines(path: Path) -> set[int]:
    """The lines of imports inside a function or under ``if TYPE_CHECKING:``."""
    lines: set[int] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        lazy = isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or (
            isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING",
                                                                    "typing.TYPE_CHECKING"}
        )
        if lazy:
            lines.update(inner.lineno for inner in ast.walk(node)
                         if isinstance(inner, ast.Import | ast.ImportFrom))
    return lines


def wrong_way_imports(package_dir: Path = PACKAGE_DIR) -> list[str]:
    """Every import of a higher layer, or of a sibling layer, as 'file:line: a -> b'."""
    problems: list[str] = []
    for path in sorted(package_dir.rglob("*.py")):
        name = module_name(path, package_dir)
        own = LAYER_OF_TOP.get(top_of(name), "")
        lazy = lazy_import_lines(path) if name in LAZY_EXPORTS else set()
        for line, target in imported_modules(path, name):
            if target != "service" and not target.startswith("service."):
                continue
            if line in lazy and target in LAZY_EXPORTS[name]:
                continue
            other = LAYER_OF_TOP.get(top_of(target), "")
            if not own or not other:
                problems.append(f"{path}:{line}: {name} -> {target}: add both to LAYER_OF_TOP")
            elif other != own and RANK[other] >= RANK[own]:
                problems.append(f"{path}:{line}: {own} -> {other}")
    return problems


def test_every_top_level_module_has_a_layer() -> None:
    tops = {top_of(n) for n in all_modules()}
    assert tops <= set(LAYER_OF_TOP), sorted(tops - set(LAYER_OF_TOP))


def test_imports_point_down() -> None:
    assert wrong_way_imports() == []


def test_direction_check_sees_function_local_and_relative_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "service"
    (pkg / "domain").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "domain" / "__init__.py").write_text("")
    (pkg / "domain" / "types.py").write_text(
        "def f() -> None:\n    from service.pipeline import run\n"
    )
    (pkg / "domain" / "calendar.py").write_text("from ..rules import registry\n")
    problems = wrong_way_imports(pkg)
    assert len(problems) == 2
    assert any("types.py:2: domain -> pipeline" in p for p in problems)
    assert any("calendar.py:1: domain -> rules" in p for p in problems)


def test_the_lazy_export_is_allowed_only_where_it_is_lazy(tmp_path: Path) -> None:
    pkg = tmp_path / "service"
    pkg.mkdir()
    (pkg / "library.py").write_text("")
    (pkg / "__init__.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from service.library import extract\n"
        "def __getattr__(name):\n    from service import library\n"
        "    return getattr(library, name)\n"
    )
    assert wrong_way_imports(pkg) == []
    (pkg / "__init__.py").write_text("from service.library import extract\n")
    assert wrong_way_imports(pkg) == [f"{pkg / '__init__.py'}:1: package -> library"]


def test_importing_the_package_does_not_load_the_library() -> None:
    script = (
        "import sys, service, service.domain.types\n"
        "assert 'service.library' not in sys.modules and 'spacy' not in sys.modules\n"
        "from service import extract, extract_many\n"
        "from service.library import extract as real\n"
        "assert extract is real and callable(extract_many)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def import_graph(package_dir: Path = PACKAGE_DIR) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports (``from a import b`` counts ``a.b``
    when that is a module), lazy imports included, the allowed lazy exports left out."""
    modules = set(all_modules(package_dir))
    graph: dict[str, set[str]] = {}
    for path in package_dir.rglob("*.py"):
        name = module_name(path, package_dir)
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.update(f"{node.module}.{alias.name}"
                             if f"{node.module}.{alias.name}" in modules else node.module
                             for alias in node.names)
        graph[name] = {m for m in found & modules
                       if m != name and m not in LAZY_EXPORTS.get(name, frozenset())}
    return graph


def test_no_module_imports_one_that_imports_it_back() -> None:
    """No import circle, not even one that only type checking or a function closes
    (``eval.run`` and ``eval.timeline_trial`` once imported each other)."""
    try:
        tuple(graphlib.TopologicalSorter(import_graph()).static_order())
    except graphlib.CycleError as exc:
        pytest.fail(f"import circle: {' -> '.join(exc.args[1])}")

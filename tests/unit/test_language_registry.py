"""Language dispatch is data: the registry says how each language's document date is found and
how its tenses are read, and nothing outside ``service/rules`` names a language's rules."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Final

import service
from service.pipeline.context import SUPPORTED_LANGUAGES
from service.rules.registry import CONFIGS, Morphology, Parsed

PACKAGE_DIR: Final = Path(service.__file__).parent
LANGUAGE_RULES: Final = re.compile(r"^service\.rules\.(?!registry$|types$|refine$)")
CLOCK_READS: Final = ("datetime.now(", "date.today(")  # the calendar date, not a timer


def _modules_outside_rules() -> list[Path]:
    return [p for p in PACKAGE_DIR.rglob("*.py") if "rules" not in p.relative_to(PACKAGE_DIR).parts]


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.update(f"{node.module}.{a.name}" if node.module == "service.rules" else
                         node.module for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_every_language_says_how_it_is_read() -> None:
    assert tuple(CONFIGS) == SUPPORTED_LANGUAGES
    for config in CONFIGS.values():
        assert callable(config.find_document_date)
        assert isinstance(config.reading, Parsed | Morphology)


def test_only_the_registry_names_a_language_s_rules() -> None:
    offenders = {
        str(path.relative_to(PACKAGE_DIR)): sorted(m for m in _imports(path)
                                                   if LANGUAGE_RULES.match(m))
        for path in _modules_outside_rules()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_clock_is_read_in_one_place() -> None:
    readers = sorted(
        str(path.relative_to(PACKAGE_DIR)) for path in PACKAGE_DIR.rglob("*.py")
        if any(read in path.read_text(encoding="utf-8") for read in CLOCK_READS)
    )
    assert readers == ["domain/clock.py"]

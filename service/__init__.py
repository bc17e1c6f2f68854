"""Event-timeline extraction service.

The Python library is ``from service import extract, extract_many`` (see ``service.library``).
They are imported on first use, so that ``import service.domain`` and the other low layers do
not load the parser's stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "extract", "extract_many"]

if TYPE_CHECKING:
    from service.library import extract, extract_many

_LIBRARY = frozenset({"extract", "extract_many"})


def __getattr__(name: str) -> Any:
    if name in _LIBRARY:
        from service import library

        return getattr(library, name)
    raise AttributeError(f"module 'service' has no attribute {name!r}")

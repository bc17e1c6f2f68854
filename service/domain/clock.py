"""The clock: the one place the service reads the current date.

Stages take ``today`` as an argument (a dateline without a year is placed on or before it);
callers that need the real date pass :func:`utc_today`, tests pass a fixed one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TypeAlias

Clock: TypeAlias = Callable[[], date]


def utc_today() -> date:
    """Today's date in UTC."""
    return datetime.now(UTC).date()

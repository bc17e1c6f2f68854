"""The API tests check answers, not speed: the shared application gets a deadline far above
any test's work on a busy machine (the deadline itself is tested with its own application)."""

from __future__ import annotations

import os

from service.config import get_settings

os.environ.setdefault("TIMELINE_REQUEST_TIMEOUT_S", "600")
get_settings.cache_clear()

"""What the routes depend on, provided through FastAPI dependencies: the settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from service.config import Settings, get_settings

SettingsDep = Annotated[Settings, Depends(get_settings)]

"""The API against its own OpenAPI schema (schemathesis, through the ASGI app, no network):
every check on, positive and negative data, a bounded number of examples per operation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from service.app import app

# 413 (over a size limit) is a rejection too: the limits are in the schema as maxLength/maxItems
REJECTED = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
config = SchemathesisConfig.from_dict({
    "checks": {"negative_data_rejection": {"expected-statuses": REJECTED}},
})
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=config)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=15
)


@pytest.fixture(scope="module", autouse=True)
def _running(client: TestClient) -> Iterator[None]:
    """The session's application has its pipeline processes started (by ``client``)."""
    yield


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_its_contract(case: schemathesis.Case) -> None:
    case.call_and_validate()

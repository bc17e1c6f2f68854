"""Loading the shipped pipeline: local files only, once per process, swappable by env var."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from service.nlp import load
from service.nlp.boundaries import COMPONENT_NAME


def _refuse(*_args: Any, **_kwargs: Any) -> None:
    raise AssertionError("network connection attempted while loading the parser")


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", _refuse)
    monkeypatch.setattr(socket, "create_connection", _refuse)


@pytest.fixture
def fresh_cache() -> Any:
    load.load_nlp.cache_clear()
    yield
    load.load_nlp.cache_clear()


def test_shipped_model_is_package_data() -> None:
    model = load.DEFAULT_MODEL_PATH
    assert (model / "config.cfg").is_file()
    assert (model / "meta.json").is_file()
    assert (model / "LICENSE.md").is_file()
    size = sum(f.stat().st_size for f in model.rglob("*") if f.is_file())
    assert size <= 20 * 1024 * 1024


@pytest.mark.usefixtures("no_network", "fresh_cache")
def test_load_makes_no_network_call(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(load.MODEL_ENV_VAR, raising=False)
    nlp = load.load_nlp()
    doc = nlp("Moscow intended to fire a missile on Sunday.")
    assert {"tagger", "morphologizer", "parser"} <= set(nlp.pipe_names)
    assert COMPONENT_NAME in nlp.pipe_names
    assert doc.has_annotation("DEP") and doc.has_annotation("TAG")
    assert doc.has_annotation("POS") and doc.has_annotation("MORPH")


@pytest.mark.usefixtures("fresh_cache")
def test_loaded_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(load.MODEL_ENV_VAR, raising=False)
    assert load.load_nlp() is load.load_nlp()


@pytest.mark.usefixtures("no_network", "fresh_cache")
def test_env_var_names_another_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(load.MODEL_ENV_VAR, str(Path(load.DEFAULT_MODEL_PATH)))
    assert load.model_name() == str(load.DEFAULT_MODEL_PATH)
    assert load.load_nlp().has_pipe("parser")


@pytest.mark.usefixtures("no_network", "fresh_cache")
def test_missing_pipeline_is_a_domain_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(load.MODEL_ENV_VAR, "no_such_spacy_pipeline_xyz")
    with pytest.raises(load.ParserUnavailable) as error:
        load.load_nlp()
    assert error.value.code == "parser_unavailable"

"""The page at / and the offline API docs: everything they load is served by the app itself."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from importlib.resources import files

import pytest
from fastapi.testclient import TestClient

from service.api import pages
from tests.conftest import ARTICLE_PATH


class _Links(HTMLParser):
    """Every URL a page loads (src, href of stylesheets and icons) and every inline script."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "script":
            self._in_script = values.get("src") is None
        if values.get("src"):
            self.urls.append(str(values["src"]))
        if tag == "link" and values.get("href"):
            self.urls.append(str(values["href"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_the_page_is_served_at_the_root(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    for label in ('<label for="text">Article</label>', 'for="date"', 'for="timezone"',
                  ">Build timeline<", ">Load example<", ">Download JSON<", ">Download CSV<"):
        assert label in html, label
    assert '<html lang="en">' in html and 'name="viewport"' in html


def test_the_page_loads_only_its_own_assets(client: TestClient) -> None:
    found = _links(client.get("/").text)
    assert sorted(found.urls) == ["static/app.css", "static/app.js", "static/favicon.svg"]
    for url in found.urls:
        response = client.get("/" + url)
        assert response.status_code == 200, url
        assert len(response.content) > 100, url


def test_the_script_calls_no_other_host() -> None:
    script = (files("service.api") / "static" / "app.js").read_text(encoding="utf-8")
    assert not re.search(r"https?://", script.replace("http://www.w3.org", ""))
    assert 'fetch("v1/timeline"' in script and 'fetch("static/example.txt")' in script


def test_the_example_is_the_reference_article(client: TestClient) -> None:
    response = client.get("/static/example.txt")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    # one source of truth: the copy in the package is byte for byte the test fixture
    assert response.content == ARTICLE_PATH.read_bytes()


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_api_docs_load_their_assets_from_the_app(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.text
    found = _links(html)
    assert found.urls, html
    for url in found.urls:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
    assert "cdn." not in html and "googleapis" not in html and "fastapi.tiangolo.com" not in html
    assert "/openapi.json" in html


def test_swagger_ui_has_no_online_validator(client: TestClient) -> None:
    html = client.get("/docs").text
    assert '"validatorUrl": null' in html


def test_the_docs_assets_come_from_the_pinned_wheel(client: TestClient) -> None:
    # the files the docs pages name must be in the installed fastapi-offline package
    shipped = files("fastapi_offline") / "static"
    for name in (pages.SWAGGER_JS, pages.SWAGGER_CSS, pages.REDOC_JS):
        asset = shipped / name
        assert asset.is_file(), name
        served = client.get(f"{pages.DOCS_ASSETS}/{name}")
        assert served.status_code == 200
        assert served.content == asset.read_bytes()


def test_the_pages_stay_out_of_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and "/docs" not in paths and "/redoc" not in paths
    assert "/v1/timeline" in paths


def test_an_unknown_static_file_is_a_json_404(client: TestClient) -> None:
    response = client.get("/static/no-such-file.js")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("path", "policy"),
    [("/", pages.PAGE_POLICY), ("/docs", pages.DOCS_POLICY), ("/redoc", pages.DOCS_POLICY)],
)
def test_the_browser_is_told_to_load_from_the_app_only(
    client: TestClient, path: str, policy: str
) -> None:
    assert client.get(path).headers["content-security-policy"] == policy
    assert "default-src 'self'" in policy and "http" not in policy

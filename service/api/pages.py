"""The page at ``/`` and the API docs at ``/docs`` and ``/redoc``, all served from the package.

Nothing here loads from a CDN: the page is plain HTML, CSS and JavaScript in
``service/api/static/``; Swagger UI and ReDoc come from the ``fastapi-offline`` wheel (its
``static/`` folder), served the way FastAPI documents self-hosting (``docs_url=None`` plus
``get_swagger_ui_html`` / ``get_redoc_html`` with local URLs).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Final

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from service.api.guard import ASGIApp, Message, Receive, Scope, Send

PAGE_ASSETS = "/static"
DOCS_ASSETS = "/docs-static"
# Which files of the fastapi-offline wheel the docs pages load (checked by the tests).
SWAGGER_JS = "swagger-ui-bundle.js"
SWAGGER_CSS = "swagger-ui.css"
REDOC_JS = "redoc.standalone.js"

# The browser enforces what the pages may load: this service and nothing else. The docs
# pages need inline styles (and Swagger UI its inline start-up script); ReDoc's bundle names
# a logo on a CDN, which this policy keeps the browser from fetching.
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'self'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'self'"
)

router = APIRouter(include_in_schema=False)

# Every answer: no MIME sniffing, no Referer sent from the pages.
_ALWAYS: Final = ((b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"))
_ACTIVE: Final = (b"text/html", b"text/javascript", b"application/javascript")


class SecurityHeaders:
    """``nosniff`` and ``Referrer-Policy`` on every answer, and the page's
    Content-Security-Policy on any HTML or JavaScript that does not set its own (the page
    under ``/static/``, the docs' bundles): no path serves active content unconfined."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_headed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"x-content-type-options", b"referrer-policy")]
                headers += _ALWAYS
                names = {bytes(k).lower(): bytes(v) for k, v in headers}
                ctype = names.get(b"content-type", b"").split(b";")[0].strip().lower()
                if ctype in _ACTIVE and b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", PAGE_POLICY.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_headed)


@cache
def _page() -> str:
    return (files("service.api") / "static" / "index.html").read_text(encoding="utf-8")


def _root(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def _confined(response: HTMLResponse, policy: str) -> HTMLResponse:
    response.headers["Content-Security-Policy"] = policy
    return response


@router.get("/", response_class=HTMLResponse)
def page() -> HTMLResponse:
    """The timeline page: paste an article, read its timeline."""
    return _confined(HTMLResponse(_page()), PAGE_POLICY)


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI for the OpenAPI document, from local assets."""
    root = _root(request)
    html = get_swagger_ui_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - Swagger UI",
        swagger_js_url=f"{root}{DOCS_ASSETS}/{SWAGGER_JS}",
        swagger_css_url=f"{root}{DOCS_ASSETS}/{SWAGGER_CSS}",
        swagger_favicon_url=f"{root}{PAGE_ASSETS}/favicon.svg",
        # the online validator badge would call a host outside the service
        swagger_ui_parameters={"validatorUrl": None},
    )
    return _confined(html, DOCS_POLICY)


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    """ReDoc for the OpenAPI document, from local assets and without web fonts."""
    root = _root(request)
    html = get_redoc_html(
        openapi_url=f"{root}{request.app.openapi_url}",
        title=f"{request.app.title} - ReDoc",
        redoc_js_url=f"{root}{DOCS_ASSETS}/{REDOC_JS}",
        redoc_favicon_url=f"{root}{PAGE_ASSETS}/favicon.svg",
        with_google_fonts=False,
    )
    return _confined(html, DOCS_POLICY)


def install_pages(app: FastAPI) -> None:
    """Serve the page, its assets and the offline API docs from ``app``."""
    app.mount(PAGE_ASSETS, StaticFiles(packages=[("service.api", "static")]), name="static")
    app.mount(DOCS_ASSETS, StaticFiles(packages=[("fastapi_offline", "static")]),
              name="docs-static")
    app.include_router(router)

"""Keeping credentials out of logs, reprs and error messages.

A header or query parameter is secret when a security scheme of the spec sends credentials
in it (``_constants``), or when it is one of the names that carry credentials by convention
(:data:`STANDARD_HEADERS`, :data:`STANDARD_QUERY_PARAMS`). Everything this client logs or
puts into an exception goes through these functions first.

What this module cannot reach: httpx logs each request's URL at INFO on its own ``httpx``
logger, so :func:`install_httpx_log_filter` adds a filter to that logger which redacts the
URL in those records. Handlers that log requests themselves (``event_hooks`` of your own
``http_client``, proxies, a debugger, ``httpcore``'s TRACE output of raw bytes) see the
request as sent; so do exceptions raised by httpx itself, whose ``request`` is the real one
(this client's own exceptions carry a redacted copy and keep the httpx error as
``__cause__``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from urllib.parse import unquote_plus

import httpx

from ._constants import SECRET_HEADERS, SECRET_QUERY_PARAMS

__all__ = [
    "REDACTED",
    "STANDARD_HEADERS",
    "STANDARD_QUERY_PARAMS",
    "install_httpx_log_filter",
    "redact_headers",
    "redact_request",
    "redact_url",
]

REDACTED = "<redacted>"
STANDARD_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "x-auth-token",
        "x-access-token",
    }
)
STANDARD_QUERY_PARAMS = frozenset({"access_token", "api_key", "apikey", "api-key"})
_HEADERS = STANDARD_HEADERS | {name.lower() for name in SECRET_HEADERS}
_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/?#@:]*:)[^/?#@]*@")
_QUERY = STANDARD_QUERY_PARAMS | {name.lower() for name in SECRET_QUERY_PARAMS}


def redact_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """The headers as a dict, with the value of every secret one replaced."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    return {key: (REDACTED if key.lower() in _HEADERS else value) for key, value in items}


def redact_url(url: httpx.URL | str) -> str:
    """The URL as text, with secret query values and any password in it replaced.

    It works on the text, pair by pair, so everything else stays exactly as sent, and a
    URL another client's filter already redacted is redacted again unchanged.
    """
    text = _PASSWORD.sub(rf"\1{REDACTED}@", str(url), count=1)
    base, sep, rest = text.partition("?")
    if not sep:
        return text
    query, hash_sign, fragment = rest.partition("#")
    pairs = []
    for pair in query.split("&"):
        key = pair.partition("=")[0]
        secret = unquote_plus(key).lower() in _QUERY
        pairs.append(f"{key}={REDACTED}" if secret else pair)
    return f"{base}?{'&'.join(pairs)}{hash_sign}{fragment}"


def redact_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` that is safe to keep in an exception: redacted URL and headers.

    The body is left out: it is not needed to tell what failed, and may be large.
    """
    return httpx.Request(
        request.method,
        redact_url(request.url),
        headers=redact_headers(request.headers.multi_items()),
        extensions={k: v for k, v in request.extensions.items() if k == "timeout"},
    )


class _HttpxURLFilter(logging.Filter):
    """Rewrites the URL in httpx's ``HTTP Request: GET <url> ...`` records.

    Each generated client adds its own filter (with its own secret names); a URL may
    already be text when this one sees it, redacted by another client's filter.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_redact_arg(arg) for arg in record.args)
        return True


def _redact_arg(arg: object) -> object:
    if isinstance(arg, httpx.URL) or (
        isinstance(arg, str) and arg.startswith(("http://", "https://"))
    ):
        return redact_url(str(arg))
    return arg


_FILTER = _HttpxURLFilter(name="")


def install_httpx_log_filter() -> None:
    """Redact URLs in the records of the ``httpx`` logger (idempotent; done by each client)."""
    httpx_logger = logging.getLogger("httpx")
    if _FILTER not in httpx_logger.filters:
        httpx_logger.addFilter(_FILTER)

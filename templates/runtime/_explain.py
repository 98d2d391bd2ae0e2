"""Words for what went wrong: the server's own error text, and what a failure means.

Exceptions and log lines use these, so that a message says which request failed, how, and
why in the server's words, without ever quoting a credential.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

import httpx

from ._redact import redact_url

__all__ = [
    "REQUEST_ID_HEADERS",
    "describe_status",
    "describe_transport_error",
    "raw_body",
    "request_id",
    "server_text",
    "transport_cause",
]

REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-correlation-id", "x-amzn-requestid")
_TEXT_KEYS = ("message", "detail", "error_description", "title")
_LIMIT = 300
_PHASES = (
    (httpx.ConnectTimeout, "connect"),
    (httpx.ReadTimeout, "read"),
    (httpx.WriteTimeout, "write"),
    (httpx.PoolTimeout, "pool"),
)
_URL = re.compile(r"https?://[^\s'\"<>]+")


def raw_body(response: httpx.Response) -> Any:
    """The body as received: its JSON when it is JSON, else its text (``None`` if empty)."""
    try:
        content = response.content
    except httpx.ResponseNotRead:
        return None
    if not content:
        return None
    try:
        return json.loads(content)
    except ValueError:
        return response.text


def request_id(headers: httpx.Headers) -> str | None:
    """The id the server gave the request, from the usual headers."""
    for name in REQUEST_ID_HEADERS:
        value: str | None = headers.get(name)
        if value:
            return value
    return None


def server_text(data: Any) -> str | None:
    """The error text in a body, in the server's words, on one line.

    Looks where APIs put it (``error.message``, ``message``, ``detail``, ``title``,
    ``errors``), then at field errors (``{"name": ["This field is required."]}``).
    """
    text = _find_text(data)
    if text is None:
        return None
    text = " ".join(text.split())
    return text if len(text) <= _LIMIT else text[: _LIMIT - 1] + "…"


def _find_text(data: Any) -> str | None:
    if isinstance(data, str):
        return data or None
    if isinstance(data, list):
        parts = [t for t in (_find_text(item) for item in data[:5]) if t]
        return "; ".join(parts) or None
    if not isinstance(data, Mapping):
        return None
    inner = data.get("error")
    for source in (inner, data):
        if isinstance(source, Mapping):
            for key in _TEXT_KEYS:
                if isinstance(source.get(key), str) and source[key]:
                    return str(source[key])
    if isinstance(inner, str) and inner:
        return inner
    if isinstance(data.get("errors"), (list, Mapping)):
        return _find_text(data["errors"])
    fields = [
        f"{key}: {_find_text(value)}"
        for key, value in data.items()
        if isinstance(value, (str, list)) and _find_text(value)
    ]
    return "; ".join(fields[:5]) or None


def describe_status(operation: str, response: httpx.Response, text: str | None) -> str:
    """``op: GET /path -> 404 Not Found: <server text> (request id abc)``."""
    request = response.request
    line = f"{request.method} {request.url.path} -> {response.status_code} {response.reason_phrase}"
    if operation:
        line = f"{operation}: {line}"
    if text:
        line = f"{line}: {text}"
    rid = request_id(response.headers)
    return f"{line} (request id {rid})" if rid else line


def describe_transport_error(exc: httpx.TransportError, request: httpx.Request) -> str:
    """What failed on the way: the host, and the cause or the limit that was reached."""
    host = request.url.host + (f":{request.url.port}" if request.url.port else "")
    if isinstance(exc, httpx.TimeoutException):
        phase = next((p for cls, p in _PHASES if isinstance(exc, cls)), "request")
        limits = request.extensions.get("timeout") or {}
        limit = limits.get(phase) if isinstance(limits, Mapping) else None
        after = f" after {limit:g} s" if isinstance(limit, (int, float)) else ""
        return f"{request.method} {request.url.path} to {host} timed out{after} ({phase} timeout)"
    return (
        f"{request.method} {request.url.path}: connection to {host} failed ({transport_cause(exc)})"
    )


def transport_cause(exc: httpx.TransportError) -> str:
    """``ConnectError: [Errno 111] Connection refused``, with any URL in it redacted."""
    cause = _URL.sub(lambda m: redact_url(m.group(0)), str(exc)).strip()
    return f"{type(exc).__name__}: {cause}" if cause else type(exc).__name__

"""Reading a response: its JSON into the declared type, or its status into an exception."""

from __future__ import annotations

import contextlib
import json
from typing import Any, TypeVar

import httpx

from ._endpoint import Endpoint
from ._explain import raw_body, server_text
from ._types import TypeMismatch
from .errors import APIStatusError, ResponseDecodeError, ResponseValidationError, status_error

__all__ = ["GONE", "NO_BODY", "NOT_READ", "decode", "parse", "raise_for_status"]

T = TypeVar("T")

# Markers for a body that has not been decoded yet, and for a response without one.
NOT_READ: Any = object()
NO_BODY: Any = object()
GONE: Any = object()  # a retried delete found nothing left to delete


def decode(endpoint: Endpoint[Any], response: httpx.Response) -> Any:
    """The JSON of a successful response (``NO_BODY`` when there is none to read).

    Raises :class:`ResponseDecodeError`, carrying the text, when it is not valid JSON.
    """
    if response.status_code >= 400 or endpoint.response != "json" or endpoint.parse is None:
        return NO_BODY
    if not response.content and response.status_code == 204:
        return NO_BODY
    try:
        return json.loads(response.content)
    except ValueError as exc:
        raise ResponseDecodeError(
            response, f"{endpoint.name}: response is not valid JSON ({exc})"
        ) from None


def parse(endpoint: Endpoint[T], response: httpx.Response, data: Any = NOT_READ) -> T:
    """Read a response into the declared type, or raise the matching error."""
    if data is GONE:
        return None  # type: ignore[return-value]
    raise_for_status(endpoint, response)
    if endpoint.response == "bytes":
        return response.content  # type: ignore[return-value]
    if data is NOT_READ:
        data = decode(endpoint, response)
    if data is NO_BODY or endpoint.parse is None:
        return None  # type: ignore[return-value]
    try:
        return endpoint.parse(data)
    except TypeMismatch as exc:
        raise ResponseValidationError(
            response, data, f"{endpoint.name}: response does not match the spec ({exc})"
        ) from None


def raise_for_status(endpoint: Endpoint[Any], response: httpx.Response) -> None:
    if response.status_code >= 400:
        raise _status_error(endpoint, response)


def _status_error(endpoint: Endpoint[Any], response: httpx.Response) -> APIStatusError:
    """The error for a 4xx/5xx: its body read into the declared model where there is one."""
    status = str(response.status_code)
    parse_error = (
        endpoint.errors.get(status)
        or endpoint.errors.get(status[0] + "XX")
        or endpoint.errors.get("default")
    )
    raw = raw_body(response)
    body = raw
    if parse_error is not None and isinstance(raw, (dict, list)):
        with contextlib.suppress(TypeMismatch):
            body = parse_error(raw)
    text = server_text(raw)
    message = f"{status}: {text}" if text else f"{status} {response.reason_phrase}".strip()
    return status_error(message, response=response, body=body, operation=endpoint.name)

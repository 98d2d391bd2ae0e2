"""Reading a response: its JSON into the declared type, or its status into an exception."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx

from . import _serde
from ._endpoint import Endpoint
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
    status = str(response.status_code)
    parse_error = (
        endpoint.errors.get(status)
        or endpoint.errors.get(status[0] + "XX")
        or endpoint.errors.get("default")
    )
    body: Any
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = response.text
    else:
        if parse_error is not None and body is not None:
            with contextlib.suppress(TypeMismatch):
                body = parse_error(body)
    return status_error(_error_message(body, response), response=response, body=body)


def _error_message(body: Any, response: httpx.Response) -> str:
    data = _serde.dump(body)
    if isinstance(data, Mapping):
        inner = data.get("error")
        for source in (inner, data):
            if isinstance(source, Mapping) and isinstance(source.get("message"), str):
                return f"{response.status_code}: {source['message']}"
            if isinstance(source, Mapping) and isinstance(source.get("detail"), str):
                return f"{response.status_code}: {source['detail']}"
    return f"{response.status_code} {response.reason_phrase}".strip()

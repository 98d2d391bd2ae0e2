"""Raw access to responses: ``client.<resource>.with_raw_response.<method>(...)``."""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable
from typing import Generic, ParamSpec, TypeVar

import httpx

from ._redact import redact_url

__all__ = ["APIResponse"]

T = TypeVar("T")
P = ParamSpec("P")

# Set while a ``with_raw_response`` call runs: the client returns an APIResponse, unread.
raw_response_mode: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "raw_response_mode", default=False
)


class APIResponse(Generic[T]):
    """A response as received. ``parse()`` reads it into what the method would have returned."""

    def __init__(
        self, http_response: httpx.Response, reader: Callable[[httpx.Response], T]
    ) -> None:
        self.http_response = http_response
        self._reader = reader

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    def parse(self) -> T:
        return self._reader(self.http_response)

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<APIResponse [{self.status_code}] {request.method} {redact_url(request.url)}>"


def raw_wrapper(method: Callable[P, T]) -> Callable[P, APIResponse[T]]:
    @functools.wraps(method)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        token = raw_response_mode.set(True)
        try:
            return method(*args, **kwargs)  # type: ignore[return-value]
        finally:
            raw_response_mode.reset(token)

    return wrapped


def async_raw_wrapper(method: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[APIResponse[T]]]:
    @functools.wraps(method)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
        token = raw_response_mode.set(True)
        try:
            return await method(*args, **kwargs)  # type: ignore[return-value]
        finally:
            raw_response_mode.reset(token)

    return wrapped

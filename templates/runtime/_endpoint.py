"""What one operation is (:class:`Endpoint`), and one call of it (:class:`Request`).

A resource module builds one ``Endpoint`` per operation at import time, from what the spec
says; each method call fills it in with its arguments (:meth:`Endpoint.request`) and hands
the ``Request`` to the client with its per-call :class:`Options`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import httpx

from . import _query
from ._types import NOT_GIVEN, NotGiven

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "Endpoint",
    "Options",
    "Request",
    "Timeout",
    "options",
]

T = TypeVar("T")

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 2

Timeout = float | httpx.Timeout | None


@dataclass(frozen=True, slots=True)
class Options:
    """Per-call settings that override the client's."""

    timeout: Timeout | NotGiven = NOT_GIVEN
    max_retries: int | NotGiven = NOT_GIVEN
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, Any] | None = None


_NO_OPTIONS = Options()


def options(
    extra_headers: Mapping[str, str] | None,
    extra_query: Mapping[str, Any] | None,
    timeout: Timeout | NotGiven,
    max_retries: int | NotGiven,
) -> Options:
    if (
        extra_headers is None
        and extra_query is None
        and timeout is NOT_GIVEN
        and max_retries is NOT_GIVEN
    ):
        return _NO_OPTIONS  # the usual call, overriding nothing: one (frozen) object for all
    return Options(timeout, max_retries, extra_headers, extra_query)


@dataclass(frozen=True, slots=True)
class Request(Generic[T]):
    """One HTTP request to make, and how to read its response."""

    endpoint: Endpoint[T]
    url: str  # relative to base_url, or absolute when following a page link
    query: list[tuple[str, str]]
    headers: dict[str, str]
    body: Any = NOT_GIVEN


@dataclass(frozen=True, slots=True)
class Endpoint(Generic[T]):
    """What the spec says about one operation, fixed at import time.

    ``security`` names the security requirements the operation accepts, each one a scheme
    of ``components/securitySchemes`` (several schemes that must be sent together are
    joined by ``+``, and ``""`` means no credentials are needed). ``None`` means the
    client's default; ``()`` (the spec's ``security: []``) means no credentials are sent.

    ``page_fields`` are the JSON keys of a page's results, and of its ``next`` and
    ``previous`` links. ``batch_size`` makes the list body of the operation go in chunks.
    """

    name: str
    method: str
    path: str
    path_params: tuple[str, ...] = ()
    query_params: tuple[str, ...] = ()
    header_params: tuple[str, ...] = ()
    cookie_params: tuple[str, ...] = ()
    unexploded: tuple[str, ...] = ()  # array query parameters sent as one comma-separated value
    body: Literal["none", "json", "bytes", "form"] = "none"
    content_type: str = "application/json"
    body_parse: Callable[[Any], Any] | None = None  # reads a plain-mapping body into its model
    parse: Callable[[Any], T] | None = None
    response: Literal["json", "bytes", "none"] = "json"
    errors: Mapping[str, Callable[[Any], Any]] = field(default_factory=dict)
    idempotent: bool = False
    page_fields: tuple[str, str, str] | None = None  # results, next, previous (JSON keys)
    batch_size: int | None = None
    deletes: bool = False  # a 404 after an attempt that may have been applied means done
    security: tuple[str, ...] | None = None
    date_params: tuple[str, ...] = ()  # parameters of format "date": a datetime sends its date

    def request(
        self,
        *,
        path: Sequence[Any] = (),
        query: Sequence[Any] = (),
        header: Sequence[Any] = (),
        cookie: Sequence[Any] = (),
        body: Any = NOT_GIVEN,
    ) -> Request[T]:
        """Fill in the arguments of one call, in the order the spec declares them.

        A value that cannot be sent fails here, before any request, naming its argument.
        """
        if self.date_params:
            path = self._dates(self.path_params, path)
            query = self._dates(self.query_params, query)
        # Each kind of parameter is filled in only when the operation has some (or some are
        # given: too many values still fail, as zip(strict=True) checks the counts).
        pairs: list[tuple[str, str]] = []
        headers: dict[str, str] = {}
        try:
            url = _query.fill_path(self.path, self.path_params, path)
            if self.query_params or query:
                for key, value in zip(self.query_params, query, strict=True):
                    _query.add_query(pairs, key, value, explode=key not in self.unexploded)
            if self.header_params or header:
                headers = {
                    key: _query.text(value)
                    for key, value in zip(self.header_params, header, strict=True)
                    if value is not NOT_GIVEN and value is not None
                }
            if self.cookie_params or cookie:
                cookies = _query.cookie_header(zip(self.cookie_params, cookie, strict=True))
                if cookies is not None:
                    headers["Cookie"] = cookies
        except (TypeError, ValueError) as exc:
            raise _query.named(exc, self._arguments(path, query, header, cookie)) from None
        return Request(self, url, pairs, headers, body)

    def _arguments(self, *values: Sequence[Any]) -> list[tuple[str, str, Any]]:
        """Each argument as (what it is, its name, its value), to name a bad one."""
        kinds = ("path parameter", "query parameter", "header", "cookie")
        keys = (self.path_params, self.query_params, self.header_params, self.cookie_params)
        return [
            (kind, key, value)
            for kind, names, given in zip(kinds, keys, values, strict=True)
            for key, value in zip(names, given, strict=False)
        ]

    def _dates(self, keys: Sequence[str], values: Sequence[Any]) -> Sequence[Any]:
        """A datetime given for a ``date`` parameter sends its date, not a timestamp."""
        if not self.date_params or not any(k in self.date_params for k in keys):
            return values
        return [
            v.date() if k in self.date_params and isinstance(v, datetime.datetime) else v
            for k, v in zip(keys, values, strict=True)
        ]

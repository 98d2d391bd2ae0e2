"""Cursor pagination: a page knows how to fetch the next one by following its ``next`` link.

Iterating a page walks every item of it and of all the pages after it, one request per page,
holding only the current page in memory. ``next`` links are only followed to ``base_url``'s
own scheme, host and port, so credentials never go to another host.

The endpoint names the JSON keys of the results and of the links (``page_fields``), and the
page reads them from the response JSON: a key such as ``resultItems`` works although the
model calls its attribute ``result_items``.

On the last page, :meth:`Page.next_page` raises :class:`NoNextPageError` (a
``RuntimeError``, as openai-python raises); check :meth:`Page.has_next_page` first, or use
:meth:`Page.iter_pages`, which stops by itself.

An async list method returns an :class:`AsyncPaginator`, as openai-python's do: ``async for
item in client.things.list()`` walks every item, and ``await client.things.list()`` gives
the first :class:`AsyncPage`.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Generator, Iterator, Mapping
from typing import Any, Generic, TypeVar

import httpx

from . import _serde
from ._base_client import AsyncAPIClient, Options, Request, SyncAPIClient
from ._decode import NOT_READ, decode, parse
from ._response import APIResponse, raw_response_mode
from .errors import NoNextPageError

__all__ = ["AsyncPage", "AsyncPaginator", "Page"]

T = TypeVar("T")
_DEFAULT_FIELDS = ("results", "next", "previous")
_BOOKKEEPING = frozenset({"additional_properties", "mismatched_fields"})


class _PageBase(Generic[T]):
    def __init__(self, body: Any, data: Any, request: Request[Any], opts: Options) -> None:
        results_key, next_key, previous_key = request.endpoint.page_fields or _DEFAULT_FIELDS
        data = data if isinstance(data, Mapping) else {}
        self.body = body
        """The whole response, as its generated model."""
        self.results: list[T] = _results_of(body, data.get(results_key))
        self.next: str | None = _link(data.get(next_key))
        self.previous: str | None = _link(data.get(previous_key))
        self._request = request
        self._opts = opts

    def has_next_page(self) -> bool:
        return self.next is not None

    def _next_request(self) -> Request[Any]:
        if self.next is None:
            raise NoNextPageError(
                "this is the last page: check has_next_page() before calling next_page()"
            )
        return Request(self._request.endpoint, self.next, [], self._request.headers)

    def __len__(self) -> int:
        return len(self.results)

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"<{name} results={len(self.results)} has_next_page={self.has_next_page()}>"


def _link(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _results_of(body: Any, raw: Any) -> list[Any]:
    """The items of a page: the list in ``body`` that was read from the JSON list ``raw``.

    The model's attribute for the results key is found by what it holds: a list of the
    same length, and (only if several fields qualify) the same JSON when written back.
    """
    if not isinstance(raw, list):
        return []
    if isinstance(body, Mapping):
        return raw
    if not dataclasses.is_dataclass(body):
        return []
    candidates = [
        value
        for f in dataclasses.fields(body)
        if f.name not in _BOOKKEEPING
        and isinstance(value := getattr(body, f.name), list)
        and len(value) == len(raw)
    ]
    if len(candidates) > 1:
        candidates = [value for value in candidates if _serde.dump(value) == raw]
    return list(candidates[0]) if candidates else []


def _read(request: Request[Any], response: httpx.Response, data: Any) -> tuple[Any, Any]:
    """The model and the JSON of a page (``data`` is decoded here if it was not yet)."""
    if data is NOT_READ and response.status_code < 400:
        data = decode(request.endpoint, response)
    return parse(request.endpoint, response, data), data


class Page(_PageBase[T]):
    """One page of results; iterate it to walk all items across the following pages."""

    def __init__(
        self, client: SyncAPIClient, body: Any, data: Any, request: Request[Any], opts: Options
    ) -> None:
        super().__init__(body, data, request, opts)
        self._client = client

    @classmethod
    def first(cls, client: SyncAPIClient, request: Request[Any], opts: Options) -> Page[Any]:
        if raw_response_mode.get():
            response, _ = client.send(request, opts, decode=False)
            return APIResponse(  # type: ignore[return-value]
                response, lambda r: cls(client, *_read(request, r, NOT_READ), request, opts)
            )
        return cls._fetch(client, request, opts)

    @classmethod
    def _fetch(cls, client: SyncAPIClient, request: Request[Any], opts: Options) -> Page[Any]:
        response, data = client.send(request, opts)
        return cls(client, *_read(request, response, data), request, opts)

    def next_page(self) -> Page[T]:
        """Fetch the page ``next`` points to (:class:`NoNextPageError` on the last page)."""
        return self._fetch(self._client, self._next_request(), self._opts)

    def iter_pages(self) -> Iterator[Page[T]]:
        page: Page[T] | None = self
        while page is not None:
            yield page
            page = page.next_page() if page.has_next_page() else None

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.results


class AsyncPage(_PageBase[T]):
    """The async twin of :class:`Page`; an async list method returns an :class:`AsyncPaginator`."""

    def __init__(
        self, client: AsyncAPIClient, body: Any, data: Any, request: Request[Any], opts: Options
    ) -> None:
        super().__init__(body, data, request, opts)
        self._client = client

    @classmethod
    def first(
        cls, client: AsyncAPIClient, request: Request[Any], opts: Options
    ) -> AsyncPaginator[Any]:
        """The first page, to await, or every item, to iterate with ``async for``."""
        return AsyncPaginator(functools.partial(cls._first, client, request, opts))

    @classmethod
    async def _first(
        cls, client: AsyncAPIClient, request: Request[Any], opts: Options
    ) -> AsyncPage[Any]:
        if raw_response_mode.get():
            response, _ = await client.send(request, opts, decode=False)
            return APIResponse(  # type: ignore[return-value]
                response, lambda r: cls(client, *_read(request, r, NOT_READ), request, opts)
            )
        return await cls._fetch(client, request, opts)

    @classmethod
    async def _fetch(
        cls, client: AsyncAPIClient, request: Request[Any], opts: Options
    ) -> AsyncPage[Any]:
        response, data = await client.send(request, opts)
        return cls(client, *_read(request, response, data), request, opts)

    async def next_page(self) -> AsyncPage[T]:
        """Fetch the page ``next`` points to (:class:`NoNextPageError` on the last page)."""
        return await self._fetch(self._client, self._next_request(), self._opts)

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page: AsyncPage[T] | None = self
        while page is not None:
            yield page
            page = await page.next_page() if page.has_next_page() else None

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.results:
                yield item


class AsyncPaginator(Generic[T]):
    """What an async list method returns: await it for the first page, or iterate it.

    ``await client.things.list()`` is the first :class:`AsyncPage`; ``async for item in
    client.things.list()`` walks every item of every page. Nothing is sent until one of
    the two happens, and each starts again from the first page.
    """

    def __init__(self, load: Callable[[], Awaitable[AsyncPage[T]]]) -> None:
        self._load = load

    def __await__(self) -> Generator[Any, None, AsyncPage[T]]:
        return self._load().__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page = await self._load()
        async for item in page:
            yield item

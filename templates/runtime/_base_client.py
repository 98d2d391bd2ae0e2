"""The request core shared by the sync and async clients.

A resource method only fills in an :class:`Endpoint` (built once per operation at import
time) with its arguments. The request is built (``_build``) and sent (``_transport``), and
batches are split (``_batching``), once for both clients: the send loop and batching are
sans-IO generators, and the two client classes below only drive them with their own I/O.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar

import httpx

from . import _decode
from ._batching import batch_flow, raise_item_errors, single_chunk
from ._build import base_url_of, build_request
from ._constants import USER_AGENT
from ._endpoint import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    Endpoint,
    Options,
    Request,
    Timeout,
    options,
)
from ._redact import install_httpx_log_filter, redact_url
from ._response import APIResponse, raw_response_mode
from ._security import Credentials
from ._transport import Reply, Send, SendFlow, Sleep, run_async, run_sync, send_flow
from ._types import NOT_GIVEN, NotGiven
from .errors import APIError, ClientClosedError

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "BaseClient",
    "Endpoint",
    "Options",
    "Request",
    "SyncAPIClient",
    "Timeout",
    "options",
    "raise_item_errors",
]

T = TypeVar("T")
_Client = TypeVar("_Client", bound="BaseClient")
_Sync = TypeVar("_Sync", bound="SyncAPIClient")
_Async = TypeVar("_Async", bound="AsyncAPIClient")


class BaseClient:
    """State and logic the sync and async clients share; no I/O happens here."""

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Credentials,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.base_url = httpx.URL(base_url.rstrip("/"))
        self._credentials = credentials
        self.timeout = timeout
        self.max_retries = max_retries
        self._headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        self._headers.update(default_headers or {})
        self._http_sends_headers = False  # True when the http client, ours, sends _headers
        self._owns_http = True
        self._closed = False
        install_httpx_log_filter()

    def with_options(
        self: _Client,
        *,
        timeout: Timeout | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
    ) -> _Client:
        """A copy of this client with other defaults, for the calls made through it.

        The copy shares the connection pool and the credentials; closing it leaves them
        open, closing this client closes them for both.
        """
        if not isinstance(max_retries, NotGiven) and max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        clone = copy.copy(self)
        clone._headers = dict(self._headers)
        clone._owns_http = False
        if not isinstance(timeout, NotGiven):
            clone.timeout = timeout
        if not isinstance(max_retries, NotGiven):
            clone.max_retries = max_retries
        for name, value in list(vars(clone).items()):
            if getattr(value, "_client", None) is self:  # a resource made for this client:
                delattr(clone, name)  # the clone makes its own on first use
        return clone

    @property
    def base_url(self) -> httpx.URL:
        return self._base_url

    @base_url.setter
    def base_url(self, url: httpx.URL | str) -> None:
        self._base_url = base_url_of(url)
        # Each request's URL is this text and its path: one parse per request, by httpx.
        self._url_prefix = str(self._base_url).rstrip("/")

    def _check_open(self, http: httpx.Client | httpx.AsyncClient) -> None:
        name = type(self).__name__
        if self._closed:
            raise ClientClosedError(
                f"this {name} is closed: make calls before close(), or inside its with-block"
            )
        if http.is_closed:
            raise ClientClosedError(
                f"the connection pool of this {name} is closed (its http_client, or the "
                "client it was copied from with with_options(), was closed)"
            )

    def __repr__(self) -> str:
        auth = self._credentials.describe()
        return f"{type(self).__name__}(base_url={redact_url(self.base_url)!r}, auth={auth})"

    def _flow(
        self,
        client: httpx.Client | httpx.AsyncClient,
        req: Request[Any],
        opts: Options,
        decode: bool,
    ) -> SendFlow:
        retries = self.max_retries if isinstance(opts.max_retries, NotGiven) else opts.max_retries
        auth = self._credentials.auth_for(req.endpoint.name, req.endpoint.security)
        timeout = self.timeout if isinstance(opts.timeout, NotGiven) else opts.timeout
        headers = {} if self._http_sends_headers else self._headers
        request = build_request(
            client, self._base_url, self._url_prefix, headers, timeout, req, opts
        )
        return send_flow(request, req, auth=auth, retries=retries, decode_body=decode)

    @staticmethod
    def parse(endpoint: Endpoint[T], response: httpx.Response, data: Any = _decode.NOT_READ) -> T:
        """Read a response into the declared type, or raise the matching error."""
        return _decode.parse(endpoint, response, data)


class SyncAPIClient(BaseClient):
    def __init__(
        self,
        *,
        base_url: str,
        credentials: Credentials,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        http_client: httpx.Client | None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            credentials=credentials,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.Client(headers=self._headers)
        self._http_sends_headers = http_client is None
        self._sleep: Callable[[float], None] = time.sleep

    def _io(self, action: Send | Sleep) -> Reply:
        if isinstance(action, Sleep):
            if action.discard is not None:
                action.discard.close()
            self._sleep(action.seconds)
            return None
        auth = httpx.USE_CLIENT_DEFAULT if action.auth is None else action.auth
        try:
            return self._http.send(action.request, auth=auth)
        except httpx.TransportError as exc:
            return exc

    def send(
        self, req: Request[T], opts: Options, *, decode: bool = True
    ) -> tuple[httpx.Response, Any]:
        """Send with retries; return the final response (any status) and its decoded JSON."""
        self._check_open(self._http)
        flow = self._flow(self._http, req, opts, decode)
        result: tuple[httpx.Response, Any] = run_sync(flow, self._io)
        return result

    def request(self, req: Request[T], opts: Options) -> T:
        if raw_response_mode.get():
            response, _ = self.send(req, opts, decode=False)
            return APIResponse(response, lambda r: self.parse(req.endpoint, r))  # type: ignore[return-value]
        response, data = self.send(req, opts)
        return self.parse(req.endpoint, response, data)

    def request_batched(
        self, make: Callable[[list[Any]], Request[list[T]]], items: Sequence[Any], opts: Options
    ) -> list[T]:
        """Send ``items`` in chunks of the endpoint's batch size; results in input order."""
        if raw_response_mode.get():
            return self.request(single_chunk(make, items), opts)

        def call(req: Request[Any]) -> list[Any] | APIError:
            try:
                result: list[Any] = self.request(req, opts)
            except APIError as exc:
                return exc
            return result

        results: list[T] = run_sync(batch_flow(make, items), call)
        return results

    def close(self) -> None:
        """Close the HTTP connection pool (only if this client created it)."""
        self._closed = True
        if self._owns_http:
            self._http.close()

    def __enter__(self: _Sync) -> _Sync:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncAPIClient(BaseClient):
    def __init__(
        self,
        *,
        base_url: str,
        credentials: Credentials,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        http_client: httpx.AsyncClient | None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            credentials=credentials,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
        )
        import asyncio

        self._owns_http = http_client is None
        self._http = (
            http_client if http_client is not None else httpx.AsyncClient(headers=self._headers)
        )
        self._http_sends_headers = http_client is None
        self._sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def _io(self, action: Send | Sleep) -> Reply:
        if isinstance(action, Sleep):
            if action.discard is not None:
                await action.discard.aclose()
            await self._sleep(action.seconds)
            return None
        auth = httpx.USE_CLIENT_DEFAULT if action.auth is None else action.auth
        try:
            return await self._http.send(action.request, auth=auth)
        except httpx.TransportError as exc:
            return exc

    async def send(
        self, req: Request[T], opts: Options, *, decode: bool = True
    ) -> tuple[httpx.Response, Any]:
        self._check_open(self._http)
        flow = self._flow(self._http, req, opts, decode)
        result: tuple[httpx.Response, Any] = await run_async(flow, self._io)
        return result

    async def request(self, req: Request[T], opts: Options) -> T:
        if raw_response_mode.get():
            response, _ = await self.send(req, opts, decode=False)
            return APIResponse(response, lambda r: self.parse(req.endpoint, r))  # type: ignore[return-value]
        response, data = await self.send(req, opts)
        return self.parse(req.endpoint, response, data)

    async def request_batched(
        self, make: Callable[[list[Any]], Request[list[T]]], items: Sequence[Any], opts: Options
    ) -> list[T]:
        if raw_response_mode.get():
            return await self.request(single_chunk(make, items), opts)

        async def call(req: Request[Any]) -> list[Any] | APIError:
            try:
                result: list[Any] = await self.request(req, opts)
            except APIError as exc:
                return exc
            return result

        results: list[T] = await run_async(batch_flow(make, items), call)
        return results

    async def close(self) -> None:
        """Close the HTTP connection pool (only if this client created it)."""
        self._closed = True
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: _Async) -> _Async:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

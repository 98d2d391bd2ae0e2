"""The request core shared by the sync and async clients.

A resource method only fills in an :class:`Endpoint` (built once per operation at import
time) with its arguments. Building the request happens here, once for both clients; the
send loop (``_transport``) and batching (``_batching``) are sans-IO generators, and the two
client classes below only drive them with their own kind of I/O.
"""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from types import TracebackType
from typing import Any, TypeVar

import httpx

from . import _decode, _serde
from ._batching import batch_flow, raise_item_errors, single_chunk
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
from ._query import add_query, encode_query, text
from ._redact import install_httpx_log_filter, redact_url
from ._response import APIResponse, raw_response_mode
from ._security import Credentials
from ._transport import Reply, Send, SendFlow, Sleep, run_async, run_sync, send_flow
from ._types import NOT_GIVEN, NotGiven
from .errors import APIError

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
        install_httpx_log_filter()

    def __repr__(self) -> str:
        auth = self._credentials.describe()
        return f"{type(self).__name__}(base_url={redact_url(self.base_url)!r}, auth={auth})"

    def _url(self, url: str) -> httpx.URL:
        if url.startswith(("http://", "https://")):
            target = httpx.URL(url)
            if (target.scheme, target.host, target.port) != (
                self.base_url.scheme,
                self.base_url.host,
                self.base_url.port,
            ):
                port = f":{target.port}" if target.port else ""
                raise APIError(
                    f"refusing to follow a link to {target.scheme}://{target.host}{port}: it is "
                    f"not on {self.base_url.scheme}://{self.base_url.host} (base_url), and the "
                    "credentials would go with it"
                )
            return target
        raw_path = self.base_url.raw_path.rstrip(b"/") + url.encode("ascii")
        return self.base_url.copy_with(raw_path=raw_path)

    def _build(
        self, client: httpx.Client | httpx.AsyncClient, req: Request[Any], opts: Options
    ) -> httpx.Request:
        endpoint = req.endpoint
        headers = {**self._headers, **req.headers, **(opts.extra_headers or {})}
        url = self._url(req.url)
        params: list[tuple[str, str]] = list(url.params.multi_items()) + req.query
        for key, value in (opts.extra_query or {}).items():
            add_query(params, key, value)
        content: bytes | None = None
        data: Any = None
        if endpoint.body == "json" and req.body is not NOT_GIVEN:
            payload = _serde.request_json(req.body, endpoint.body_parse)
            content = json.dumps(payload, separators=(",", ":")).encode()
            headers.setdefault("Content-Type", endpoint.content_type)
        elif endpoint.body == "bytes" and req.body is not NOT_GIVEN:
            content = req.body
            headers.setdefault("Content-Type", endpoint.content_type)
        elif endpoint.body == "form" and req.body is not NOT_GIVEN:
            data = {k: text(v) for k, v in req.body.items()}
        timeout = self.timeout if isinstance(opts.timeout, NotGiven) else opts.timeout
        return client.build_request(
            endpoint.method,
            url.copy_with(query=encode_query(params)),
            headers=headers,
            content=content,
            data=data,
            timeout=timeout if timeout is not None else httpx.Timeout(None),
        )

    def _flow(
        self,
        client: httpx.Client | httpx.AsyncClient,
        req: Request[Any],
        opts: Options,
        decode: bool,
    ) -> SendFlow:
        retries = self.max_retries if isinstance(opts.max_retries, NotGiven) else opts.max_retries
        auth = self._credentials.auth_for(req.endpoint.name, req.endpoint.security)
        request = self._build(client, req, opts)
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
        self._http = http_client if http_client is not None else httpx.Client()
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
        self._http = http_client if http_client is not None else httpx.AsyncClient()
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

"""Run the same test against the sync and the async client.

A test gets a :class:`Harness` for each flavour. It builds a client over a mock transport
and runs a call written once, ``h.run(lambda c: c.integrations.get(1))``, awaiting it when
the client is async. Retry sleeps are recorded instead of slept.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from typing import Any

import httpx

from sendcloud_integrations import AsyncClient, Client

Handler = Callable[[httpx.Request], httpx.Response]


class Harness:
    def __init__(self, flavour: str) -> None:
        self.flavour = flavour
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    @property
    def is_async(self) -> bool:
        return self.flavour == "async"

    def transport(self, handler: Handler) -> httpx.MockTransport:
        def record(request: httpx.Request) -> httpx.Response:
            request.read()
            self.requests.append(request)
            return handler(request)

        return httpx.MockTransport(record)

    def client(self, handler: Handler, *args: Any, **kwargs: Any) -> Any:
        transport = self.transport(handler)
        if self.is_async:
            client: Any = AsyncClient(
                *args, http_client=httpx.AsyncClient(transport=transport), **kwargs
            )

            async def sleep(seconds: float) -> None:
                self.sleeps.append(seconds)

            client._sleep = sleep
        else:
            client = Client(*args, http_client=httpx.Client(transport=transport), **kwargs)
            client._sleep = self.sleeps.append
        return client

    def run(self, call: Callable[[Any], Any], client: Any) -> Any:
        """Run ``call(client)``; for the async client, await it (and collect async pages)."""

        async def main() -> Any:
            result = call(client)
            if inspect.isawaitable(result):
                result = await result
            return result

        if self.is_async:
            return asyncio.run(main())
        return call(client)

    def collect(self, page: Any) -> list[Any]:
        """Every item across all pages."""
        if self.is_async:

            async def gather() -> list[Any]:
                return [item async for item in page]

            return asyncio.run(gather())
        return list(page)

    def pages(self, page: Any) -> list[Any]:
        if self.is_async:

            async def gather() -> list[Any]:
                return [p async for p in page.iter_pages()]

            return asyncio.run(gather())
        return list(page.iter_pages())


def json_response(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={
            "content-type": "application/json",
            **headers,
        },
    )

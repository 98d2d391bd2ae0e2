"""Clients of the runtime source over a mock transport, sync or async, and small models.

``Driver`` is the runtime-source twin of ``tests/runtime_helpers.Harness``: a test builds a
client with ``d.client(handler)`` and runs a call written once with ``d.run(lambda c: ...)``,
awaiting it when the client is async. Retry sleeps are recorded instead of slept.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from runtime_source._base_client import AsyncAPIClient, SyncAPIClient
from runtime_source._security import Credentials, Security

Handler = Callable[[httpx.Request], httpx.Response]
BASE_URL = "https://api.example.com/v1"


def json_response(status: int, body: Any, **headers: str) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"content-type": "application/json", **headers},
    )


class Driver:
    """Builds a sync or async client of the runtime source and runs calls on it."""

    def __init__(self, flavour: str) -> None:
        self.flavour = flavour
        self.requests: list[httpx.Request] = []
        self.sleeps: list[float] = []

    @property
    def is_async(self) -> bool:
        return self.flavour == "async"

    def client(
        self,
        handler: Handler,
        *,
        credentials: Credentials | None = None,
        max_retries: int = 2,
        timeout: float | None = 30.0,
        default_headers: dict[str, str] | None = None,
        own_pool: bool = False,
    ) -> Any:
        """A client over ``handler``; ``own_pool``: one that made its http client itself."""

        def record(request: httpx.Request) -> httpx.Response:
            request.read()
            self.requests.append(request)
            return handler(request)

        transport = httpx.MockTransport(record)
        common: dict[str, Any] = {
            "base_url": BASE_URL,
            "credentials": credentials or Security((), None).configure({}, None),
            "timeout": timeout,
            "max_retries": max_retries,
            "default_headers": default_headers,
        }
        if self.is_async:
            client: Any = AsyncAPIClient(
                **common, http_client=None if own_pool else httpx.AsyncClient(transport=transport)
            )
            if own_pool:
                client._http._transport = transport

            async def sleep(seconds: float) -> None:
                self.sleeps.append(seconds)

            client._sleep = sleep
            return client
        client = SyncAPIClient(
            **common, http_client=None if own_pool else httpx.Client(transport=transport)
        )
        if own_pool:
            client._http._transport = transport
        client._sleep = self.sleeps.append
        return client

    def run(self, call: Callable[[Any], Any], client: Any) -> Any:
        """``call(client)``; for the async client, awaited."""

        async def main() -> Any:
            result = call(client)
            return await result if inspect.isawaitable(result) else result

        return asyncio.run(main()) if self.is_async else call(client)

    def collect(self, iterable: Any) -> list[Any]:
        """Every item of an iterable, or of an async iterable for the async client."""
        if not self.is_async:
            return list(iterable)

        async def gather() -> list[Any]:
            return [item async for item in iterable]

        return asyncio.run(gather())


@dataclass(slots=True, kw_only=True)
class Thing:
    """A tiny generated-style model."""

    id: int
    additional_properties: dict[str, Any] = field(default_factory=dict)
    mismatched_fields: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any) -> Thing:
        return cls(id=data["id"])

    def to_dict(self, *, for_request: bool = False) -> dict[str, Any]:
        return {"id": self.id}


@dataclass(slots=True, kw_only=True)
class ThingPage:
    """A page whose JSON keys are not its attribute names (``resultItems``, ``nextPage``)."""

    result_items: list[Thing]
    next_page: str | None = None
    tags: list[str] = field(default_factory=list)
    additional_properties: dict[str, Any] = field(default_factory=dict)
    mismatched_fields: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: Any) -> ThingPage:
        return cls(
            result_items=[Thing.from_dict(i) for i in data["resultItems"]],
            next_page=data.get("nextPage"),
            tags=list(data.get("tags", [])),
        )

    def to_dict(self, *, for_request: bool = False) -> dict[str, Any]:
        return {
            "resultItems": [t.to_dict() for t in self.result_items],
            "nextPage": self.next_page,
            "tags": self.tags,
        }

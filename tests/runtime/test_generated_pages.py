"""The two pagination bugs of issue 9, through a generated client.

``x-sendcloud-paginated-discriminator: resultItems`` gave ``page.results == []`` (the page
looked for an attribute named like the JSON key), and ``await page.next_page()`` on the
last async page raised ``RuntimeError: coroutine raised StopIteration``.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from codegen_helpers import generate_client

BASE = "https://api.example.com"
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Pages", "version": "1"},
    "servers": [{"url": BASE}],
    "paths": {
        "/things": {
            "get": {
                "operationId": "listThings",
                "tags": ["things"],
                "x-sendcloud-paginated": True,
                "x-sendcloud-paginated-discriminator": "resultItems",
                "parameters": [{"name": "cursor", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ThingPage"}
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Thing": {"type": "object", "properties": {"id": {"type": "integer"}}},
            "ThingPage": {
                "type": "object",
                "properties": {
                    "resultItems": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/Thing"},
                    },
                    "next": {"type": ["string", "null"]},
                    "previous": {"type": ["string", "null"]},
                },
            },
        }
    },
}
PAGES = {
    None: {"resultItems": [{"id": 1}, {"id": 2}], "next": f"{BASE}/things?cursor=2"},
    "2": {"resultItems": [{"id": 3}], "next": None, "previous": f"{BASE}/things"},
}


def handler(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=PAGES[request.url.params.get("cursor")])


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp: Path = tmp_path_factory.mktemp("pages")
    return generate_client(SPEC, tmp, "pages_result_items").module


def test_results_under_a_json_key_unlike_the_attribute_are_read(pkg: Any) -> None:
    client = pkg.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)))
    page = client.things.list_things()
    assert [t.id for t in page.results] == [1, 2]
    assert [t.id for t in page] == [1, 2, 3]


def test_the_last_async_page_raises_a_clear_error(pkg: Any) -> None:
    async def main() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with pkg.AsyncClient(http_client=http) as client:
            page = await client.things.list_things()
            last = await page.next_page()
            assert [t.id for t in last.results] == [3]
            with pytest.raises(pkg.NoNextPageError, match="has_next_page"):
                await last.next_page()

    asyncio.run(main())

"""``readOnly`` properties are read from responses but never sent in requests.

``to_dict(for_request=True)`` leaves them out (nested models too), and so does every request
body the generated client sends. ``writeOnly`` properties are sent, and simply absent from
responses.
"""

from __future__ import annotations

import asyncio
import datetime
import json
from typing import Any

import httpx
import pytest
from codegen_helpers import Generated, generate_client, spec_31

REF = "#/components/schemas/"
BASE = "https://api.example.test/v1"

SCHEMAS: dict[str, Any] = {
    "Owner": {
        "type": "object",
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name": {"type": "string"},
        },
    },
    "Item": {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time", "readOnly": True},
            "secret": {"type": "string", "writeOnly": True},
            "owner": {"$ref": REF + "Owner"},
            "co_owners": {"type": "array", "items": {"$ref": REF + "Owner"}},
        },
    },
}
PATHS: dict[str, Any] = {
    "/items": {
        "post": {
            "tags": ["items"],
            "operationId": "createItem",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": REF + "Item"}}},
            },
            "responses": {
                "201": {
                    "description": "created",
                    "content": {"application/json": {"schema": {"$ref": REF + "Item"}}},
                }
            },
        }
    }
}

RESPONSE = {
    "id": 7,
    "name": "box",
    "created_at": "2024-05-07T15:08:12Z",
    "owner": {"id": 1, "name": "ann"},
    "co_owners": [{"id": 2, "name": "bob"}],
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(SCHEMAS, PATHS)
    return generate_client(spec, tmp_path_factory.mktemp("readonly"), "c_read_only")


class Wire:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(201, json=RESPONSE)

    def body(self) -> Any:
        assert len(self.requests) == 1
        return json.loads(self.requests[0].content)


def client(gen: Generated, wire: Wire) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(wire))
    return gen.module.Client(base_url=BASE, http_client=http, max_retries=0)


def test_read_only_fields_are_read_from_responses(gen: Generated) -> None:
    item = gen.models.Item.from_dict(RESPONSE)
    assert item.id == 7
    assert item.created_at == datetime.datetime(2024, 5, 7, 15, 8, 12, tzinfo=datetime.UTC)
    assert item.owner.id == 1 and item.co_owners[0].id == 2
    assert item.to_dict() == RESPONSE


def test_to_dict_for_request_leaves_them_out(gen: Generated) -> None:
    item = gen.models.Item.from_dict({**RESPONSE, "secret": "s"})
    assert item.to_dict(for_request=True) == {
        "name": "box",
        "secret": "s",
        "owner": {"name": "ann"},
        "co_owners": [{"name": "bob"}],
    }


def test_post_does_not_send_read_only_fields(gen: Generated) -> None:
    m = gen.models
    wire = Wire()
    item = m.Item(
        id=99,
        name="box",
        created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        secret="s",
        owner=m.Owner(id=5, name="ann"),
    )
    result = client(gen, wire).items.create_item(item)
    assert wire.requests[0].method == "POST"
    assert wire.requests[0].url == BASE + "/items"
    assert wire.body() == {"name": "box", "secret": "s", "owner": {"name": "ann"}}
    assert isinstance(result, m.Item)
    assert result.id == 7 and result.owner.id == 1  # ...and read back from the response
    assert result.created_at.year == 2024


def test_async_post_does_not_send_read_only_fields(gen: Generated) -> None:
    m = gen.models
    wire = Wire()

    async def handler(request: httpx.Request) -> httpx.Response:
        return wire(request)

    async def go() -> Any:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with gen.module.AsyncClient(base_url=BASE, http_client=http) as api:
            return await api.items.create_item(m.Item(id=1, name="box"))

    result = asyncio.run(go())
    assert wire.body() == {"name": "box"}
    assert result.id == 7


def test_read_only_value_kept_as_received_is_not_sent(gen: Generated) -> None:
    """A read-only value of the wrong type sits in mismatched_fields: still not sent."""
    item = gen.models.Item.from_dict({"id": "seven", "name": "box"})
    assert item.mismatched_fields == {"id": "seven"}
    assert item.to_dict() == {"id": "seven", "name": "box"}
    assert item.to_dict(for_request=True) == {"name": "box"}


def test_mapping_body_does_not_send_read_only_fields(gen: Generated) -> None:
    """A plain mapping is sent as the same model would be: without its read-only keys."""
    wire = Wire()
    client(gen, wire).items.create_item({"id": 99, "name": "box", "created_at": "x"})
    assert wire.body() == {"name": "box"}


def test_required_read_only_field_is_not_needed_for_a_request(gen: Generated) -> None:
    """``required`` on a read-only property applies to responses only (OpenAPI 3.0 4.7.25)."""
    wire = Wire()
    item = gen.models.Item(name="box")
    client(gen, wire).items.create_item(item)
    assert wire.body() == {"name": "box"}


def test_write_only_fields_are_sent_and_may_be_absent(gen: Generated) -> None:
    item = gen.models.Item.from_dict(RESPONSE)
    assert item.secret is gen.module.UNSET
    assert "secret" not in item.to_dict()

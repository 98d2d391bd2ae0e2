"""``deprecated: true`` on an operation, a property or a schema reaches the user.

Calling a deprecated operation, or sending a deprecated field in a request, emits a
``DeprecationWarning``; docstrings say so. Reading a deprecated field from a response is
silent: the user did nothing wrong.
"""

from __future__ import annotations

import ast
import asyncio
import json
import warnings
from typing import Any

import httpx
import pytest
from codegen_helpers import Generated, generate_client, spec_31

REF = "#/components/schemas/"
BASE = "https://api.example.test"

SCHEMAS: dict[str, Any] = {
    "Thing": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "old_name": {"type": "string", "deprecated": True, "description": "Use name."},
            "legacy_code": {"type": "integer", "deprecated": True},
        },
    },
    "OldThing": {
        "type": "object",
        "deprecated": True,
        "description": "Replaced by Thing.",
        "properties": {"x": {"type": "integer"}},
    },
}
PATHS: dict[str, Any] = {
    "/old": {
        "get": {
            "tags": ["legacy"],
            "operationId": "getOld",
            "summary": "The old way.",
            "deprecated": True,
            "responses": {"204": {"description": "nothing"}},
        }
    },
    "/new": {
        "get": {
            "tags": ["legacy"],
            "operationId": "getNew",
            "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "page", "in": "query", "deprecated": True, "schema": {"type": "integer"}},
            ],
            "responses": {"204": {"description": "nothing"}},
        }
    },
    "/things": {
        "post": {
            "tags": ["things"],
            "operationId": "createThing",
            "requestBody": {"content": {"application/json": {"schema": {"$ref": REF + "Thing"}}}},
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"$ref": REF + "Thing"}}},
                }
            },
        }
    },
}
RESPONSE = {"name": "n", "old_name": "o", "legacy_code": 1}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(SCHEMAS, PATHS)
    return generate_client(spec, tmp_path_factory.mktemp("deprecated"), "c_deprecated")


class Wire:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if request.url.path == "/things":
            return httpx.Response(200, json=RESPONSE)
        return httpx.Response(204)


def client(gen: Generated, wire: Wire) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(wire))
    return gen.module.Client(base_url=BASE, http_client=http)


# -- operations ----------------------------------------------------------------------------


def test_deprecated_operation_warns_when_called(gen: Generated) -> None:
    wire = Wire()
    api = client(gen, wire)
    with pytest.warns(DeprecationWarning, match="get_old"):
        assert api.legacy.get_old() is None
    assert len(wire.requests) == 1  # ...and still works


def test_deprecated_operation_warns_through_raw_and_async(gen: Generated) -> None:
    wire = Wire()
    with pytest.warns(DeprecationWarning, match="get_old"):
        client(gen, wire).legacy.with_raw_response.get_old()

    async def handler(request: httpx.Request) -> httpx.Response:
        return wire(request)

    async def go() -> None:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with gen.module.AsyncClient(base_url=BASE, http_client=http) as api:
            await api.legacy.get_old()

    with pytest.warns(DeprecationWarning, match="get_old"):
        asyncio.run(go())


def test_deprecation_warning_points_at_the_caller(gen: Generated) -> None:
    """Python shows DeprecationWarning by default only when attributed to ``__main__``
    code: the warning must name the line that called the method, not a frame above it."""
    with pytest.warns(DeprecationWarning) as record:
        client(gen, Wire()).legacy.get_old()
    assert record[0].filename == __file__


def test_other_operations_do_not_warn(gen: Generated) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        client(gen, Wire()).legacy.get_new(q="x")


def test_deprecated_operation_docstring_says_so(gen: Generated) -> None:
    resource = gen.submodule("resources.legacy")
    for cls in (resource.LegacyResource, resource.AsyncLegacyResource):
        doc = cls.get_old.__doc__ or ""
        assert ".. deprecated::" in doc
        assert ".. deprecated::" not in (cls.get_new.__doc__ or "")


def test_a_deprecated_parameter_is_documented_as_such(gen: Generated) -> None:
    resource = gen.submodule("resources.legacy")
    for cls in (resource.LegacyResource, resource.AsyncLegacyResource):
        args = " ".join((cls.get_new.__doc__ or "").split("Args:")[1].split())
        page = args[args.index("page:") :]
        assert page.startswith("page: The ``page`` query parameter. Deprecated in the spec")
        assert "Deprecated" not in args[: args.index("page:")]  # q is not
    api = (gen.out / "api.md").read_text(encoding="utf-8")
    assert "query parameter `page`, optional, deprecated: passing it logs" in api
    assert "query parameter `q`, optional." in api


def test_deprecated_parameter_warns_when_passed(gen: Generated) -> None:
    wire = Wire()
    with pytest.warns(DeprecationWarning, match="page"):
        client(gen, wire).legacy.get_new(page=2)
    assert wire.requests[0].url.params["page"] == "2"


# -- fields --------------------------------------------------------------------------------


def test_deprecated_field_warns_when_sent(gen: Generated) -> None:
    m = gen.models
    wire = Wire()
    api = client(gen, wire)
    with pytest.warns(DeprecationWarning, match="old_name"):
        api.things.create_thing(m.Thing(name="n", old_name="o"))
    assert json.loads(wire.requests[0].content) == {"name": "n", "old_name": "o"}
    with pytest.warns(DeprecationWarning, match="old_name"):
        m.Thing(name="n", old_name="o").to_dict(for_request=True)


def test_deprecated_field_left_unset_does_not_warn(gen: Generated) -> None:
    wire = Wire()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = client(gen, wire).things.create_thing(gen.models.Thing(name="n"))
    assert json.loads(wire.requests[0].content) == {"name": "n"}
    assert result.old_name == "o"  # reading it from the response is silent


def test_reading_and_plain_to_dict_do_not_warn(gen: Generated) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        thing = gen.models.Thing.from_dict(dict(RESPONSE))
        assert thing.to_dict() == RESPONSE


def test_deprecated_field_and_schema_docstrings(gen: Generated) -> None:
    source = gen.source("models/thing.py")
    docs = [
        n.value
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    assert any("Use name." in d and "Deprecated" in d for d in docs)
    assert any(d.strip() == "Deprecated." for d in docs)  # legacy_code: no description
    assert "deprecated" in (gen.models.OldThing.__doc__ or "").lower()
    assert "Replaced by Thing." in (gen.models.OldThing.__doc__ or "")

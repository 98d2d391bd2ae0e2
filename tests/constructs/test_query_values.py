"""Objects and nested values in a query string never go out as Python's ``repr``.

A query parameter typed as an object was sent as ``q={'name': 'Rex'}``, Python's spelling,
which no server reads. It now follows OpenAPI's default ``style: form``: one pair per
property when exploded (the default), ``q=name,Rex`` when ``explode: false``. What form
style cannot spell (an object inside an array) is sent as compact JSON; ``null`` items
are left out like ``null`` values.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from codegen_helpers import Generated, generate_client, spec_31

BASE = "https://api.example.test"
PET = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}}


def param(name: str, schema: dict[str, Any], **style: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, **style}


PATHS: dict[str, Any] = {
    "/search": {
        "get": {
            "tags": ["search"],
            "operationId": "search",
            "parameters": [
                param("pet", {"$ref": "#/components/schemas/Pet"}),
                param("flat", PET, explode=False),
                param("pets", {"type": "array", "items": PET}),
                param("tags", {"type": "array", "items": {"type": ["string", "null"]}}),
            ],
            "responses": {"204": {"description": "nothing"}},
        }
    }
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31({"Pet": PET}, PATHS)
    return generate_client(spec, tmp_path_factory.mktemp("query"), "c_query_values")


def sent(gen: Generated, **arguments: Any) -> list[tuple[str, str]]:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    http = httpx.Client(transport=httpx.MockTransport(answer))
    gen.module.Client(base_url=BASE, http_client=http).search.search(**arguments)
    return list(seen[0].url.params.multi_items())


def test_an_object_is_one_pair_per_property(gen: Generated) -> None:
    assert sent(gen, pet=gen.models.Pet(name="Rex", age=3)) == [("name", "Rex"), ("age", "3")]


def test_an_unexploded_object_is_one_comma_separated_value(gen: Generated) -> None:
    assert sent(gen, flat={"name": "Rex", "age": 3}) == [("flat", "name,Rex,age,3")]


def test_objects_inside_an_array_are_json_and_null_items_are_left_out(gen: Generated) -> None:
    pairs = sent(gen, pets=[{"name": "a"}, {"age": 1}], tags=["x", None, "y"])
    assert pairs == [
        ("pets", '{"name":"a"}'),
        ("pets", '{"age":1}'),
        ("tags", "x"),
        ("tags", "y"),
    ]

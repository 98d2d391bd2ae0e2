"""Every construct in every position: the generated package type-checks and round-trips.

Defects in generated code hide in combinations: a type that is fine as a model field may
lack an import in a resource module (``JsonValue`` for a free-form response), or a parser
that works at the top level may not where a union or a map holds it. So each construct of
``docs/type-mapping.md`` is used here as a query parameter, a request body, a response, a
model field, a union member and a map value, and ``mypy --strict`` runs over the whole
package. A sample value of each construct then goes through every position at run time:
sent as the body and read back as the response unchanged, and kept exactly by a model
whose fields hold it directly, in a union and in a map.

OpenAPI 3.1 has most constructs; 3.0's ``nullable`` forms (a typeless ``nullable: true``,
``items: {nullable: true}``) get a second document built the same way.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31

REF = "#/components/schemas/"
BASE = "https://api.example.test"


def ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


#: Component schemas the constructs refer to.
COMPONENTS: dict[str, Any] = {
    "Pet": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string"},
            "id": {"type": "integer", "readOnly": True},
        },
    },
    "Cat": {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"const": "cat"}, "lives": {"type": "integer"}},
    },
    "Dog": {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"const": "dog"}, "good": {"type": "boolean"}},
    },
    "Animal": {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "kind"}},
    "Color": {"type": "string", "enum": ["red", "green"]},
    "Level": {"type": "integer", "enum": [1, 2, 3]},
    "Tree": {"type": "array", "items": ref("Tree")},
    "Node": {
        "type": "object",
        "properties": {"value": {"type": "integer"}, "next": ref("Node")},
    },
    "Named": {"allOf": [ref("Pet"), {"properties": {"nick": {"type": "string"}}}]},
    # the other member of every union below: an object, so no construct is absorbed by it
    "Marker": {
        "type": "object",
        "required": ["marker"],
        "properties": {"marker": {"type": "boolean"}},
    },
}

#: name -> (schema, a JSON value of it). The names become paths, fields and class names.
CONSTRUCTS_31: dict[str, tuple[Any, Any]] = {
    "text": ({"type": "string"}, "hello"),
    "whole": ({"type": "integer", "format": "int64"}, 42),
    "real": ({"type": "number"}, 1.5),
    "flag": ({"type": "boolean"}, True),
    "stamp": ({"type": "string", "format": "date-time"}, "2024-05-01T10:00:00Z"),
    "day": ({"type": "string", "format": "date"}, "2024-05-01"),
    "ident": ({"type": "string", "format": "uuid"}, "6f1c2e3a-0000-4000-8000-000000000001"),
    "color": (ref("Color"), "green"),
    "inline_enum": ({"type": "string", "enum": ["a", "b"]}, "b"),
    "level": (ref("Level"), 2),
    "mixed_enum": ({"enum": [1, "one", 1.5]}, "one"),
    "fixed": ({"const": "v1"}, "v1"),
    "maybe": ({"type": ["string", "null"]}, None),
    "either": ({"type": ["string", "integer"]}, 7),
    "null_only": ({"type": "null"}, None),
    "strings": ({"type": "array", "items": {"type": "string"}}, ["a", "b"]),
    "nested": (
        {"type": "array", "items": {"type": "array", "items": ref("Pet")}},
        [[{"name": "p"}]],
    ),
    "pair": (
        {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}], "items": False},
        ["a", 1],
    ),
    "head_rest": (
        {"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "number"}},
        ["h", 1.5, 2],
    ),
    "empty": ({"type": "array", "items": False}, []),
    "untyped_list": ({"type": "array"}, [1, "x", None]),
    "scores": ({"type": "object", "additionalProperties": {"type": "integer"}}, {"a": 1}),
    "free_object": ({"type": "object"}, {"any": ["thing", 1]}),
    "anything": ({}, {"k": [1, None]}),
    "true_schema": (True, 3),
    "pet": (ref("Pet"), {"name": "Rex"}),  # ``id`` is read-only: never sent
    "inline_model": (
        {"type": "object", "properties": {"a": {"type": "string"}}},
        {"a": "x", "extra": 1},
    ),
    "animal": (ref("Animal"), {"kind": "dog", "good": True}),
    "any_of": ({"anyOf": [{"type": "string"}, ref("Pet")]}, {"name": "p"}),
    "merged": (ref("Named"), {"name": "n", "nick": "k"}),
    "tree": (ref("Tree"), [[], [[]]]),
    "node": (ref("Node"), {"value": 1, "next": {"value": 2}}),
    "nullable_pet": ({"oneOf": [ref("Pet"), {"type": "null"}]}, None),
}

CONSTRUCTS_30: dict[str, tuple[Any, Any]] = {
    "any_or_null": ({"nullable": True}, None),
    "nullable_items": ({"type": "array", "items": {"nullable": True}}, [None, 1, "a"]),
    "nullable_text": ({"type": "string", "nullable": True}, None),
    "nullable_ref": ({"allOf": [ref("Pet")], "nullable": True}, None),
    "nullable_map": (
        {"type": "object", "additionalProperties": {"type": "integer", "nullable": True}},
        {"a": None, "b": 1},
    ),
}

#: Constructs a query parameter cannot carry as a value of its own (there is nothing to send).
NOT_A_PARAMETER = frozenset({"null_only", "empty"})


def operations(constructs: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    """``POST /<name>``: the construct as query parameter, body and response."""
    paths: dict[str, Any] = {}
    for name, (schema, _) in constructs.items():
        op: dict[str, Any] = {
            "tags": ["positions"],
            "operationId": f"send_{name}",
            "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": schema}}}
            },
        }
        if name not in NOT_A_PARAMETER:
            op["parameters"] = [{"name": "q", "in": "query", "schema": schema}]
        paths[f"/{name}"] = {"post": op}
    return paths


def holder(constructs: dict[str, tuple[Any, Any]]) -> dict[str, Any]:
    """A model with each construct as a field, as a member of a union and as a map value."""
    properties: dict[str, Any] = {}
    for name, (schema, _) in constructs.items():
        properties[name] = schema
        properties[f"{name}_or_marker"] = {"oneOf": [schema, ref("Marker")]}
        properties[f"{name}_by_key"] = {"type": "object", "additionalProperties": schema}
    return {"type": "object", "properties": properties}


def document(constructs: dict[str, tuple[Any, Any]], openapi: str) -> dict[str, Any]:
    schemas = {**COMPONENTS, "Holder": holder(constructs)}
    return spec_31(schemas, operations(constructs), openapi=openapi)


@pytest.fixture(scope="module")
def gen31(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = document(CONSTRUCTS_31, "3.1.0")
    return generate_client(spec, tmp_path_factory.mktemp("pos31"), "c_positions31")


@pytest.fixture(scope="module")
def gen30(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = document(CONSTRUCTS_30, "3.0.3")
    return generate_client(spec, tmp_path_factory.mktemp("pos30"), "c_positions30")


class Echo:
    """Answers every request with its own JSON body, and remembers the requests."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(
            200, content=request.content, headers={"Content-Type": "application/json"}
        )


def dump(gen: Generated, value: Any) -> Any:
    return gen.submodule("_serde").dump(value)


def test_31_package_type_checks(gen31: Generated) -> None:
    assert_mypy_clean(gen31)


def test_30_package_type_checks(gen30: Generated) -> None:
    assert_mypy_clean(gen30)


def test_nothing_is_refused_and_every_operation_is_there(
    gen31: Generated, gen30: Generated
) -> None:
    for gen, constructs in ((gen31, CONSTRUCTS_31), (gen30, CONSTRUCTS_30)):
        assert gen.problems.errors == []
        methods = {op.method for r in gen.api.resources for op in r.operations}
        assert methods == {f"send_{name}" for name in constructs}


@pytest.mark.parametrize("name", sorted(CONSTRUCTS_31))
def test_31_body_and_response_round_trip(gen31: Generated, name: str) -> None:
    round_trip_through_an_operation(gen31, name, CONSTRUCTS_31[name][1])


@pytest.mark.parametrize("name", sorted(CONSTRUCTS_30))
def test_30_body_and_response_round_trip(gen30: Generated, name: str) -> None:
    round_trip_through_an_operation(gen30, name, CONSTRUCTS_30[name][1])


def round_trip_through_an_operation(gen: Generated, name: str, value: Any) -> None:
    """The sample is sent as the body, comes back as the response and dumps to itself."""
    echo = Echo()
    api = gen.module.Client(
        base_url=BASE, http_client=httpx.Client(transport=httpx.MockTransport(echo))
    )
    parsed = getattr(api.positions, f"send_{name}")(json.loads(json.dumps(value)))
    assert json.loads(echo.requests[0].content or b"null") == value
    assert dump(gen, parsed) == value
    assert "Unrecognized" not in type(parsed).__name__


def form_text(value: Any) -> str:
    """A value in a query string: JSON's spelling of scalars, compact JSON for containers."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def form_pairs(value: Any) -> list[tuple[str, str]]:
    """OpenAPI's default for a query parameter ``q``: ``style: form, explode: true``."""
    if isinstance(value, dict):
        return [(k, form_text(v)) for k, v in value.items() if v is not None]
    if isinstance(value, list):
        return [("q", form_text(v)) for v in value if v is not None]
    return [] if value is None else [("q", form_text(value))]


@pytest.mark.parametrize("name", sorted(set(CONSTRUCTS_31) - NOT_A_PARAMETER))
def test_31_query_parameter_is_sent_in_form_style(gen31: Generated, name: str) -> None:
    value = CONSTRUCTS_31[name][1]
    echo = Echo()
    api = gen31.module.Client(
        base_url=BASE, http_client=httpx.Client(transport=httpx.MockTransport(echo))
    )
    getattr(api.positions, f"send_{name}")(value, q=value)
    assert echo.requests[0].url.params.multi_items() == form_pairs(value)


@pytest.mark.parametrize(
    ("gen_name", "constructs"), [("gen31", CONSTRUCTS_31), ("gen30", CONSTRUCTS_30)]
)
def test_model_fields_unions_and_maps_keep_every_value(
    gen_name: str, constructs: dict[str, tuple[Any, Any]], request: pytest.FixtureRequest
) -> None:
    gen: Generated = request.getfixturevalue(gen_name)
    data: dict[str, Any] = {}
    for name, (_, value) in constructs.items():
        data[name] = value
        data[f"{name}_or_marker"] = value
        data[f"{name}_by_key"] = {"k": value}
    first = next(iter(constructs))
    data[f"{first}_or_marker"] = {"marker": True}  # the other member of the union
    obj = gen.models.Holder.from_dict(json.loads(json.dumps(data)))
    assert obj.mismatched_fields == {}
    assert obj.additional_properties == {}
    assert obj.to_dict() == data

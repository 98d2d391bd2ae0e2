"""Names from the spec become valid, distinct, deterministic Python identifiers.

Property keys that are keywords, start with a digit, contain dashes or non-ASCII letters,
collide after normalisation, or collide with the generated methods; schema names that
collide after normalisation or with names the generated code itself uses; operationIds and
tags that are keywords: all generate a package that imports, and generating twice gives the
same names.
"""

from __future__ import annotations

import ast
import dataclasses
import json
import keyword
from typing import Any

import httpx
import pytest
from codegen_helpers import (
    Generated,
    assert_mypy_clean,
    build_model,
    generate_client,
    spec_31,
)

REF = "#/components/schemas/"
BASE = "https://api.example.test"

ODD_KEYS: dict[str, Any] = {
    "class": "c",
    "from": "f",
    "import": 1,
    "None": "n",
    "2fa": True,
    "x-rate-limit": 10,
    "naïve": "n",
    "日本": "j",
    "": "empty",
    "to_dict": "t",
    "from_dict": "f",
    "additional_properties": "a",
    "mismatched_fields": "m",
    "fooBar": "camel",
    "foo_bar": "snake",
    "foo-bar": "kebab",
    "FOO_BAR": "shout",
    "self": "s",
    "cls": "c",
    "src": "s",
    "bad": "b",
    "data": "d",
    "out": "o",
    "for_request": False,
    "field": "f",
    "str": "s",
    "list": [1],
    "dict": {"a": 1},
    "Any": "a",
    "UNSET": "u",
    "type": "t",
    "match": "m",
    "_": "underscore",
    "__init__": "dunder",
}
ODD_TYPES: dict[str, Any] = {
    "import": {"type": "integer"},
    "2fa": {"type": "boolean"},
    "x-rate-limit": {"type": "integer"},
    "for_request": {"type": "boolean"},
    "list": {"type": "array", "items": {"type": "integer"}},
    "dict": {"type": "object", "additionalProperties": {"type": "integer"}},
}

SCHEMAS: dict[str, Any] = {
    "foo-bar": {"type": "object", "properties": {"a": {"type": "string"}}},
    "FooBar": {"type": "object", "properties": {"b": {"type": "string"}}},
    "foo_bar": {"type": "object", "properties": {"c": {"type": "string"}}},
    "Odd": {
        "type": "object",
        "properties": {k: ODD_TYPES.get(k, {"type": "string"}) for k in ODD_KEYS}
        | {
            "uuid": {"type": "string", "format": "uuid"},
            "datetime": {"type": "string", "format": "date-time"},
            "date": {"type": "string", "format": "date"},
        },
    },
    "Unset": {"type": "object", "properties": {"x": {"type": "integer"}}},
    "Client": {"type": "object", "properties": {"x": {"type": "integer"}}},
}


def op(op_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "operationId": op_id,
        "tags": ["things"],
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": REF + "Odd"}}},
            }
        },
        **extra,
    }


PATHS: dict[str, Any] = {
    "/import": {"post": op("import")},
    "/class/{from}": {
        "get": op(
            "class",
            parameters=[
                {"name": "from", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "self", "in": "query", "schema": {"type": "string"}},
                {"name": "timeout", "in": "query", "schema": {"type": "integer"}},
                {"name": "options", "in": "query", "schema": {"type": "string"}},
                {"name": "body", "in": "query", "schema": {"type": "string"}},
                {"name": "X-Request-ID", "in": "header", "schema": {"type": "string"}},
            ],
        )
    },
    "/none": {"get": op("None")},
    "/raw": {"get": op("with_raw_response")},
    "/list": {"get": op("list-things")},
}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return spec_31(SCHEMAS, PATHS)


@pytest.fixture(scope="module")
def gen(spec: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(spec, tmp_path_factory.mktemp("names"), "c_names")


class Wire:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return httpx.Response(200, json=ODD_KEYS)


def client(gen: Generated, wire: Wire) -> Any:
    return gen.module.Client(
        base_url=BASE, http_client=httpx.Client(transport=httpx.MockTransport(wire))
    )


def names_of(spec: dict[str, Any]) -> dict[str, Any]:
    """Every name the generator hands out, keyed by what it was made from."""
    api, _ = build_model(spec)
    return {
        "models": {
            m.pointer: (m.name, m.module, [(f.key, f.name) for f in m.fields]) for m in api.models
        },
        "enums": {e.pointer: (e.name, [m.name for m in e.members]) for e in api.enums},
        "resources": {
            r.attr: (r.class_name, r.module, [(o.operation_id, o.method) for o in r.operations])
            for r in api.resources
        },
        "params": {
            o.operation_id: [(p.key, p.name) for p in o.params]
            + ([("<request body>", o.body.name)] if o.body else [])
            for r in api.resources
            for o in r.operations
        },
    }


def rebound_imports(gen: Generated) -> dict[str, list[str]]:
    """Per module, the names that two imports (or an import and a definition) both bind
    in the module's own scope (an import inside a function binds a local name)."""
    found: dict[str, list[str]] = {}
    for rel, source in gen.sources().items():
        seen: set[str] = set()
        twice: list[str] = []
        for node in _module_scope(ast.parse(source).body):
            bound: list[str] = []
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                bound = [(a.asname or a.name).split(".")[0] for a in node.names]
            elif isinstance(node, (ast.ClassDef, ast.FunctionDef)):
                bound = [node.name]
            for name in bound:
                if name in seen:
                    twice.append(name)
                seen.add(name)
        if twice:
            found[rel] = twice
    return found


def _module_scope(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements of a module's scope: its body, and the blocks of its ``if``s and
    ``try``s (``if TYPE_CHECKING:``, say), but not what functions and classes hold."""
    out: list[ast.stmt] = []
    for stmt in body:
        out.append(stmt)
        if isinstance(stmt, ast.If):
            out += _module_scope(stmt.body) + _module_scope(stmt.orelse)
        elif isinstance(stmt, ast.Try):
            blocks = [stmt.body, stmt.orelse, stmt.finalbody, *(h.body for h in stmt.handlers)]
            out += [s for block in blocks for s in _module_scope(block)]
    return out


def valid(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name)


def test_odd_property_keys_give_valid_distinct_fields(gen: Generated) -> None:
    fields = [f.name for f in dataclasses.fields(gen.models.Odd)]
    assert all(valid(f) for f in fields), [f for f in fields if not valid(f)]
    assert len(fields) == len(set(fields)) == len(SCHEMAS["Odd"]["properties"]) + 2
    assert fields[-2:] == ["additional_properties", "mismatched_fields"]
    assert "from_dict" not in fields[:-2] and "to_dict" not in fields[:-2]


def test_odd_property_keys_round_trip(gen: Generated) -> None:
    data = dict(ODD_KEYS)
    data.update(
        {
            "uuid": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            "datetime": "2024-05-07T15:08:12Z",
            "date": "2024-05-07",
        }
    )
    odd = gen.models.Odd.from_dict(data)
    assert odd.mismatched_fields == {} and odd.additional_properties == {}
    assert odd.to_dict() == data
    assert callable(odd.to_dict) and callable(gen.models.Odd.from_dict)


def test_field_names(gen: Generated) -> None:
    (odd,) = [m for m in gen.api.models if m.name == "Odd"]
    by_key = {f.key: f.name for f in odd.fields}
    assert by_key["class"] == "class_"
    assert by_key["from"] == "from_"
    assert by_key["import"] == "import_"
    assert by_key["naïve"] == "naive"
    assert by_key["x-rate-limit"] == "x_rate_limit"
    assert valid(by_key["2fa"]) and "2" in by_key["2fa"] and "fa" in by_key["2fa"]
    assert valid(by_key["日本"]) and valid(by_key[""])
    assert by_key["to_dict"] != "to_dict" and by_key["from_dict"] != "from_dict"
    snake = [by_key[k] for k in ("fooBar", "foo_bar", "foo-bar", "FOO_BAR")]
    assert len(set(snake)) == 4 and all(s.startswith("foo_bar") for s in snake)


def test_schema_names_that_clash_after_normalisation(gen: Generated) -> None:
    m = gen.models
    classes = {c.__name__: c for c in (getattr(m, n) for n in m.__all__) if isinstance(c, type)}
    by_field = {}
    for cls in classes.values():
        if dataclasses.is_dataclass(cls):
            own = [f.name for f in dataclasses.fields(cls)][:-2]
            by_field[tuple(own)] = cls.__name__
    assert {("a",), ("b",), ("c",)} <= set(by_field)
    names = [by_field[("a",)], by_field[("b",)], by_field[("c",)]]
    assert len(set(names)) == 3 and all(n.startswith("FooBar") for n in names)
    modules = {classes[n].__module__ for n in names}
    assert len(modules) == 3


def test_schemas_named_like_generated_runtime_names(gen: Generated) -> None:
    m = gen.models
    unset_model = [c for c in m.__all__ if c.startswith("Unset")]
    client_model = [c for c in m.__all__ if c.startswith("Client")]
    assert unset_model and client_model
    assert gen.module.UNSET is not None and gen.module.Client.__module__.endswith("_client")
    assert getattr(m, unset_model[0]).from_dict({"x": 1}).x == 1


def test_generating_twice_gives_the_same_names(spec: dict[str, Any]) -> None:
    first = names_of(spec)
    second = names_of(json.loads(json.dumps(spec)))
    assert first == second


def test_all_identifiers_valid(spec: dict[str, Any]) -> None:
    names = names_of(spec)
    for name, module, fields in names["models"].values():
        assert valid(name) and valid(module)
        assert all(valid(f) for _, f in fields)
    for attr, (cls, module, methods) in names["resources"].items():
        assert valid(attr) and valid(cls) and valid(module)
        assert all(valid(m) for _, m in methods)
    for params in names["params"].values():
        assert all(valid(p) for _, p in params)


def test_keyword_operation_ids_are_callable(gen: Generated) -> None:
    methods = dict(names_of(spec_31(SCHEMAS, PATHS))["resources"]["things"][2])
    assert methods["import"] == "import_"
    assert methods["class"] == "class_"
    assert valid(methods["None"]) and valid(methods["with_raw_response"])
    assert methods["with_raw_response"] != "with_raw_response"
    wire = Wire()
    api = client(gen, wire)
    result = getattr(api.things, methods["import"])()
    assert wire.requests[-1].method == "POST" and wire.requests[-1].url.path == "/import"
    assert result.to_dict() == ODD_KEYS
    getattr(api.things, methods["None"])()
    getattr(api.things, methods["with_raw_response"])()
    assert [r.url.path for r in wire.requests] == ["/import", "/none", "/raw"]
    assert hasattr(api.things.with_raw_response, methods["import"])


def test_keyword_and_reserved_parameter_names(gen: Generated) -> None:
    params = dict(names_of(spec_31(SCHEMAS, PATHS))["params"]["class"])
    assert params["from"] == "from_"
    assert all(valid(p) for p in params.values())
    assert params["timeout"] != "timeout" and params["self"] != "self"
    assert params["body"] == "body"  # no request body: nothing to clash with
    wire = Wire()
    api = client(gen, wire)
    kwargs = {params["self"]: "me", params["timeout"]: 5, params["options"]: "opt"}
    kwargs[params["X-Request-ID"]] = "rid"
    kwargs[params["body"]] = "b"
    api.things.class_("here", **kwargs, timeout=3.0)
    sent = wire.requests[-1]
    assert sent.url.path == "/class/here"
    assert sorted(sent.url.params.multi_items()) == [
        ("body", "b"),
        ("options", "opt"),
        ("self", "me"),
        ("timeout", "5"),
    ]
    assert sent.headers["X-Request-ID"] == "rid"


def test_no_module_binds_a_name_twice(gen: Generated) -> None:
    assert rebound_imports(gen) == {}


def test_generated_package_passes_mypy_strict(gen: Generated) -> None:
    assert_mypy_clean(gen)


def test_tag_that_is_a_keyword(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A tag such as ``import`` names a resource: ``client.import`` would not parse."""
    spec = spec_31(
        {},
        {
            "/imports": {
                "get": {
                    "tags": ["import"],
                    "operationId": "listImports",
                    "responses": {"204": {"description": "none"}},
                }
            },
            "/globals": {
                "get": {
                    "tags": ["global"],
                    "operationId": "listGlobals",
                    "responses": {"204": {"description": "none"}},
                }
            },
        },
    )
    gen = generate_client(spec, tmp_path_factory.mktemp("tagkw"), "c_names_tags")
    wire = Wire()
    api = client(gen, wire)
    attrs = [r.attr for r in gen.api.resources]
    assert all(valid(a) for a in attrs)
    for attr in attrs:
        resource = getattr(api, attr)
        method = next(n for n in dir(resource) if n.startswith("list_"))
        getattr(resource, method)()
    assert sorted(r.url.path for r in wire.requests) == ["/globals", "/imports"]


@pytest.mark.parametrize("name", ["Endpoint", "Timeout", "Sequence", "Mapping", "TypeAlias"])
def test_schema_named_like_a_name_the_generated_code_imports(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A schema may be called ``Endpoint`` or ``Timeout``: generated modules must still work."""
    schema: dict[str, Any] = {"type": "object", "properties": {"x": {"type": "integer"}}}
    if name == "TypeAlias":
        schema = {"oneOf": [{"type": "string"}, {"type": "integer"}]}
    spec = spec_31(
        {name: schema},
        {
            "/x": {
                "post": {
                    "tags": ["things"],
                    "operationId": "postX",
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": REF + name}}}
                    },
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": REF + name}}},
                        }
                    },
                }
            }
        },
    )
    gen = generate_client(spec, tmp_path_factory.mktemp(name), f"c_names_{name.lower()}")
    assert rebound_imports(gen) == {}
    wire_body = {"x": 1} if name != "TypeAlias" else 5

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=wire_body)

    api = gen.module.Client(
        base_url=BASE, http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    result = api.things.post_x(wire_body)
    assert gen.submodule("_serde").dump(result) == wire_body

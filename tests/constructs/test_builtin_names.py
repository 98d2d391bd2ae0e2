"""Spec names that are Python builtins never shadow a builtin the generated code uses.

A property named ``classmethod`` once became a class attribute ``classmethod`` declared
before ``@classmethod def from_dict``: the decorator was the field, and import failed.
``property``, ``staticmethod`` and ``super`` were not escaped either. Here one model has a
property for every public builtin name (and a few names generated code binds itself), one
operation a query parameter for each, and the package must import, type-check and
round-trip every key exactly.
"""

from __future__ import annotations

import ast
import builtins
import dataclasses
import keyword
from typing import Any

import httpx
import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31

BASE = "https://api.example.test"

#: Every public builtin (``classmethod``, ``property``, ``super``, ``isinstance``, ``dict``...).
BUILTINS = sorted(n for n in dir(builtins) if not n.startswith("_") and n.isidentifier()
                  and not keyword.iskeyword(n))  # fmt: skip
#: Names the generated modules bind or use besides the builtins.
OTHERS = ["self", "cls", "src", "bad", "out", "data", "v", "parsed", "field", "dataclass", "Any"]
NAMES = BUILTINS + OTHERS

SCHEMAS: dict[str, Any] = {
    "Everything": {
        "type": "object",
        "required": ["classmethod", "property"],
        "properties": {name: {"type": "string"} for name in NAMES},
    }
}
PATHS: dict[str, Any] = {
    "/things": {
        "get": {
            "tags": ["things"],
            "operationId": "listThings",
            "parameters": [
                {"name": name, "in": "query", "schema": {"type": "string"}} for name in NAMES
            ],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Everything"}}
                    },
                }
            },
        }
    }
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(spec_31(SCHEMAS, PATHS), tmp_path_factory.mktemp("bi"), "c_builtins")


def test_the_package_imports_and_type_checks(gen: Generated) -> None:
    assert callable(gen.models.Everything.from_dict)
    assert_mypy_clean(gen)


def class_scope_names(source: str, name: str) -> set[str]:
    """Names looked up in the class body: decorators, defaults, and every annotation
    (mypy resolves those of fields and method signatures in the class's scope)."""
    (cls,) = [n for n in ast.parse(source).body if isinstance(n, ast.ClassDef) and n.name == name]
    nodes: list[ast.AST] = []
    for stmt in cls.body:
        if isinstance(stmt, ast.FunctionDef):
            nodes += [
                *stmt.decorator_list,
                *(a.annotation for a in _arguments(stmt) if a.annotation),
            ]
            nodes += [stmt.returns] if stmt.returns else []
        elif isinstance(stmt, ast.AnnAssign):  # a field: its annotation and default
            nodes += [stmt.annotation, *([stmt.value] if stmt.value else [])]
        elif not isinstance(stmt, ast.Expr):  # anything else but docstrings
            nodes.append(stmt)
    names = {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name)}
    local = {  # a comprehension's own variables are looked up in its scope, not the class's
        n.id
        for node in nodes
        for c in ast.walk(node)
        if isinstance(c, ast.comprehension)
        for n in ast.walk(c.target)
        if isinstance(n, ast.Name)
    }
    return names - local


def _arguments(function: ast.FunctionDef) -> list[ast.arg]:
    a = function.args
    return [*a.posonlyargs, *a.args, *a.kwonlyargs, *filter(None, [a.vararg, a.kwarg])]


def test_no_field_shadows_a_name_the_class_body_uses(gen: Generated) -> None:
    cls = gen.models.Everything
    assert isinstance(vars(cls)["from_dict"], classmethod)
    used = class_scope_names(gen.source("models/everything.py"), "Everything")
    assert {"classmethod", "field", "dict", "str", "bool", "Any"} <= used
    fields = {f.name for f in dataclasses.fields(cls)}
    assert fields & used == set()
    assert {"classmethod_", "property_", "staticmethod_", "super_"} <= fields


def test_every_key_round_trips(gen: Generated) -> None:
    data = {name: f"value of {name}" for name in NAMES}
    obj = gen.models.Everything.from_dict(data)
    assert obj.classmethod_ == "value of classmethod"
    assert obj.super_ == "value of super"
    assert obj.additional_properties == {} and obj.mismatched_fields == {}
    assert obj.to_dict() == data


def test_parameters_named_like_builtins_are_sent_under_their_keys(gen: Generated) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"classmethod": "c", "property": "p"})

    http = httpx.Client(transport=httpx.MockTransport(answer))
    api = gen.module.Client(base_url=BASE, http_client=http)
    method = api.things.list_things
    arguments = {name: f"{name}!" for name in method.__annotations__ if name in _params(gen)}
    result = method(**arguments)
    assert dict(seen[0].url.params) == {_params(gen)[a]: v for a, v in arguments.items()}
    assert set(_params(gen).values()) == set(NAMES)
    assert (result.classmethod_, result.property_) == ("c", "p")


def _params(gen: Generated) -> dict[str, str]:
    """Python argument name -> query key, from the intermediate model."""
    (op,) = [op for r in gen.api.resources for op in r.operations]
    return {p.name: p.key for p in op.params}

"""Free-form JSON (``schema: {}``, ``type: object`` without properties) in every module.

``JsonValue`` and ``JsonObject`` are aliases of the runtime's ``_types``. Generated code once
named them in resource modules without importing them (a free-form response made the
package fail ``mypy --strict``, and ``typing.get_type_hints`` raise ``NameError``): the
import set of a module is now derived from the types it uses. Here they appear as a
response, a request body, a parameter, a model field and a webhook payload; every module
type-checks, every annotation resolves at run time, and the values pass through unchanged.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import json
from typing import Any

import httpx
import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31

BASE = "https://api.example.test"


def json_body(schema: Any) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


PATHS: dict[str, Any] = {
    "/any": {
        "get": {
            "tags": ["free"],
            "operationId": "getAny",
            "responses": {"200": {"description": "ok", **json_body({})}},
        },
        "put": {
            "tags": ["free"],
            "operationId": "putAny",
            "parameters": [{"name": "filter", "in": "query", "schema": {}}],
            "requestBody": {"required": True, **json_body({})},
            "responses": {"200": {"description": "ok", **json_body(True)}},
        },
    },
    "/object": {
        "post": {
            "tags": ["free"],
            "operationId": "postObject",
            "requestBody": {"required": True, **json_body({"type": "object"})},
            "responses": {
                "200": {
                    "description": "ok",
                    **json_body({"type": "object", "additionalProperties": True}),
                },
                "422": {"description": "bad", **json_body({"type": "object"})},
            },
        }
    },
    "/list": {
        "get": {
            "tags": ["lists"],
            "operationId": "getList",
            "responses": {"200": {"description": "ok", **json_body({"type": "array"})}},
        }
    },
}
SCHEMAS: dict[str, Any] = {
    "Envelope": {
        "type": "object",
        "properties": {"data": {}, "meta": {"type": "object"}},
    }
}
WEBHOOKS: dict[str, Any] = {
    "anything": {
        "post": {"requestBody": json_body({}), "responses": {"200": {"description": "ok"}}}
    }
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(SCHEMAS, PATHS, webhooks=WEBHOOKS)
    return generate_client(spec, tmp_path_factory.mktemp("free"), "c_free_form")


def test_generated_package_type_checks(gen: Generated) -> None:
    assert_mypy_clean(gen)


def unbound_names(function: Any, namespace: dict[str, Any]) -> set[str]:
    """Names in ``function``'s annotations that ``namespace`` and the builtins do not bind."""
    names: set[str] = set()
    for text in function.__annotations__.values():
        tree = ast.parse(text, mode="eval") if isinstance(text, str) else None
        names |= {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} if tree else set()
    return {n for n in names if n not in namespace and not hasattr(builtins, n)}


@pytest.mark.parametrize("module", ["resources.free", "resources.lists", "webhooks"])
def test_every_annotation_names_something_the_module_binds(gen: Generated, module: str) -> None:
    """A name used in an annotation but never imported would be unbound here."""
    mod = gen.submodule(module)
    own = [f for _, f in inspect.getmembers(mod, inspect.isfunction)]
    functions = [f for f in own if f.__module__ == mod.__name__]
    for _, cls in inspect.getmembers(mod, inspect.isclass):
        if cls.__module__ == mod.__name__:
            functions += [f for name, f in vars(cls).items() if inspect.isfunction(f)
                          and not name.startswith("_")]  # fmt: skip
    assert functions
    assert {f.__qualname__: unbound_names(f, vars(mod)) for f in functions} == {
        f.__qualname__: set() for f in functions
    }


def test_the_resource_module_imports_what_it_names(gen: Generated) -> None:
    source = gen.source("resources/free.py")
    assert "JsonValue" in source and "JsonObject" in source
    imports = [line for line in source.splitlines() if line.startswith("from .._types import")]
    assert imports and "JsonObject" in imports[0] and "JsonValue" in imports[0]


class Echo:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        if request.url.path == "/list":
            return httpx.Response(200, json=[1, "two", None, {"three": 3}])
        body = request.content or b'{"free": [1, {"form": null}]}'
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


def client(gen: Generated, echo: Echo) -> Any:
    return gen.module.Client(
        base_url=BASE, http_client=httpx.Client(transport=httpx.MockTransport(echo))
    )


def test_free_form_values_pass_through_unchanged(gen: Generated) -> None:
    echo = Echo()
    api = client(gen, echo)
    assert api.free.get_any() == {"free": [1, {"form": None}]}
    assert api.free.put_any([1, "a", None], filter="x") == [1, "a", None]
    assert json.loads(echo.requests[1].content) == [1, "a", None]
    assert echo.requests[1].url.params["filter"] == "x"
    assert api.free.post_object({"k": {"nested": [True]}}) == {"k": {"nested": [True]}}
    assert api.lists.get_list() == [1, "two", None, {"three": 3}]


def test_free_form_model_fields_and_webhooks(gen: Generated) -> None:
    data = {"data": [None, 1.5, "x"], "meta": {"page": {"n": 1}}}
    envelope = gen.models.Envelope.from_dict(data)
    assert envelope.data == data["data"] and envelope.meta == data["meta"]
    assert envelope.to_dict() == data
    assert gen.submodule("webhooks").parse_anything({"any": ["thing"]}) == {"any": ["thing"]}

"""Property test: any JSON a component schema of the main spec allows survives a round trip.

For every schema under ``components/schemas`` of the vendored spec, hypothesis builds random
JSON from the schema itself (types and type arrays, ``nullable``, enums plus values the enum
does not list, ``const``, ``date-time``/``date``/``uuid`` strings in several spellings,
objects with their required properties, a random subset of the optional ones and now and then
a property the spec does not declare, arrays, ``$ref``, ``allOf``/``oneOf``/``anyOf``). The
generated class reads it and ``to_dict()`` must give back exactly the same JSON: same keys,
same values, same JSON types (``1`` is not ``1.0`` is not ``true``), plain JSON containers only.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sendcloud_integrations.models as models
from conftest import ROOT, load_spec
from generator.build import build_api
from generator.config import load_config
from generator.names import alias_parser
from generator.problems import Problems
from sendcloud_integrations import _serde

SPEC = load_spec()
_PROBLEMS = Problems()
API = build_api(
    SPEC,
    load_config(ROOT / "spec" / "codegen.yaml", _PROBLEMS),
    _PROBLEMS,
    spec_file="spec",
    spec_sha256="0",
    fallback_package="sendcloud_integrations",
)
COMPONENTS: dict[str, Any] = SPEC["components"]["schemas"]
MAX_DEPTH = 6

# -- the generated reader and writer of each component -------------------------------------


def codec(key: str) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """``(parse, dump)`` of the class generated for ``#/components/schemas/<key>``.

    A nullable object schema is a model class that is ``Model | None`` wherever it is used:
    null is read as ``None`` by the field, not by ``from_dict``.
    """
    ptr = "#/components/schemas/" + key.replace("~", "~0").replace("/", "~1")
    for model in API.models:
        if model.pointer == ptr:
            from_dict = getattr(models, model.name).from_dict
            if "null" in types_of(COMPONENTS[key]):
                return (lambda v, read=from_dict: None if v is None else read(v)), _serde.dump
            return from_dict, lambda obj: obj.to_dict()
    for alias in API.aliases:
        if alias.pointer == ptr:
            return getattr(models, alias_parser(alias.name)), _serde.dump
    schema = COMPONENTS[key]
    for enum_ in API.enums:
        if enum_.pointer == ptr or [m.value for m in enum_.members] == [
            v for v in schema.get("enum", []) if v is not None
        ]:
            return getattr(models, enum_.name).parse, _serde.dump
    raise AssertionError(f"no generated class for {ptr}")


# -- JSON Schema -> hypothesis strategy ----------------------------------------------------


def deref(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        target: Any = SPEC
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def types_of(schema: dict[str, Any]) -> list[str]:
    t = schema.get("type")
    types = [t] if isinstance(t, str) else list(t) if isinstance(t, list) else []
    if schema.get("nullable") is True and "null" not in types:
        types.append("null")
    if not [x for x in types if x != "null"]:
        if "properties" in schema or "additionalProperties" in schema:
            types.append("object")
        elif "items" in schema:
            types.append("array")
    return types


JSON_SCALARS = st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=6)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def date_times(draw: st.DrawFn) -> str:
    moment = draw(
        st.datetimes(
            min_value=datetime.datetime(1900, 1, 1), max_value=datetime.datetime(2200, 1, 1)
        )
    )
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    text += draw(
        st.sampled_from(["", f".{moment.microsecond:06d}", f".{moment.microsecond // 1000:03d}"])
    )
    zone = draw(st.sampled_from(["Z", "z", "+00:00", "+02:00", "-05:30", "+14:00"]))
    return text + zone


def string_strategy(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    fmt = schema.get("format")
    if fmt == "date-time":
        return date_times()
    if fmt == "date":
        return st.dates().map(lambda d: d.isoformat())
    if fmt == "uuid":
        return st.uuids().flatmap(lambda u: st.sampled_from([str(u), str(u).upper()]))
    return st.text(max_size=8)


def strategy(node: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    if node is True or node == {}:
        return JSON_VALUES
    if node is False:
        return st.nothing()
    schema = node
    if "$ref" in schema:
        target = strategy(deref(schema), depth)
        return target | st.none() if "null" in types_of(schema) else target
    if "allOf" in schema:
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in [*schema["allOf"], {k: v for k, v in schema.items() if k != "allOf"}]:
            part = deref(part)
            merged["properties"].update(part.get("properties") or {})
            merged["required"] += part.get("required") or []
        return strategy(merged, depth)
    for keyword in ("oneOf", "anyOf"):
        if keyword in schema:
            options = [strategy(s, depth + 1) for s in schema[keyword]]
            if "null" in types_of(schema):
                options.append(st.none())
            return st.one_of(options)
    if "const" in schema:
        return st.just(schema["const"])
    types = types_of(schema)
    if isinstance(schema.get("enum"), list):
        values = list(schema["enum"])
        options = [st.sampled_from(values)]
        if all(isinstance(v, str) for v in values if v is not None):
            options.append(st.text(max_size=5))  # a value the enum does not list
        elif all(isinstance(v, int) and not isinstance(v, bool) for v in values if v is not None):
            options.append(st.integers(-100, 100))
        if "null" in types:
            options.append(st.none())
        return st.one_of(options)
    if not types:
        return JSON_VALUES
    return st.one_of([single(schema, t, depth) for t in types])


def single(schema: dict[str, Any], kind: str, depth: int) -> st.SearchStrategy[Any]:
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(-(2**53), 2**53)
    if kind == "number":
        return st.integers(-(10**6), 10**6) | st.floats(allow_nan=False, allow_infinity=False)
    if kind == "string":
        return string_strategy(schema)
    if kind == "array":
        items = schema.get("items", {})
        if depth >= MAX_DEPTH:
            return st.just([])
        return st.lists(strategy(items, depth + 1), max_size=3)
    if kind == "object":
        return object_strategy(schema, depth)
    return JSON_VALUES


def object_strategy(schema: dict[str, Any], depth: int) -> st.SearchStrategy[dict[str, Any]]:
    props: dict[str, Any] = schema.get("properties") or {}
    extra = schema.get("additionalProperties")
    if not props:
        if isinstance(extra, dict) and extra:
            return st.dictionaries(st.text(max_size=5), strategy(extra, depth + 1), max_size=3)
        return st.dictionaries(st.text(max_size=5), JSON_VALUES, max_size=3)
    required = [k for k in schema.get("required") or [] if k in props]
    optional = [k for k in props if k not in required]
    if depth >= MAX_DEPTH:
        optional = []
    base = st.fixed_dictionaries(
        {k: strategy(props[k], depth + 1) for k in required},
        optional={k: strategy(props[k], depth + 1) for k in optional},
    )
    unknown = st.dictionaries(
        st.sampled_from(["x_unknown", "zz-extra", "Unknown Key"]).filter(lambda k: k not in props),
        JSON_VALUES,
        max_size=1,
    )
    return st.tuples(base, st.one_of(st.just({}), unknown)).map(lambda pair: {**pair[1], **pair[0]})


# -- the check -------------------------------------------------------------------------------


def typed(value: Any) -> Any:
    """JSON with its exact JSON types spelled out, so ``1``, ``1.0`` and ``true`` differ."""
    kind = type(value)
    assert kind in (dict, list, str, int, float, bool, type(None)), f"not plain JSON: {value!r}"
    if kind is dict:
        assert all(type(k) is str for k in value)
        return ("object", sorted((k, typed(v)) for k, v in value.items()))
    if kind is list:
        return ("array", [typed(v) for v in value])
    return (kind.__name__, value)


@pytest.mark.parametrize("key", sorted(COMPONENTS))
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_component_round_trips(key: str, data: st.DataObject) -> None:
    parse, dump = codec(key)
    value = data.draw(strategy(COMPONENTS[key]), label=key)
    parsed = parse(value)
    if isinstance(parsed, enum.Enum):
        assert parsed.value == value
    out = dump(parsed)
    assert typed(out) == typed(value)
    if hasattr(parsed, "mismatched_fields"):
        assert parsed.mismatched_fields == {}, "valid JSON was kept as a mismatch"

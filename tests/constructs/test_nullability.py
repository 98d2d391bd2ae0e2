"""Null is allowed three ways, and each gives ``X | None`` that reads JSON null as ``None``.

* OpenAPI 3.1: ``"null"`` in a ``type`` array;
* OpenAPI 3.0: ``nullable: true``;
* OpenAPI 3.1: a ``$ref`` with a sibling ``type: [object, 'null']``.
"""

from __future__ import annotations

from typing import Any

import pytest
from codegen_helpers import Generated, generate_client, spec_31

CHILD: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}},
}

SCHEMAS_31: dict[str, Any] = {
    "Child": CHILD,
    "Holder": {
        "type": "object",
        "required": ["text", "child"],
        "properties": {
            "text": {"type": ["string", "null"]},
            "count": {"type": ["integer", "null"]},
            "when": {"type": ["string", "null"], "format": "date-time"},
            "items": {"type": ["array", "null"], "items": {"type": "integer"}},
            "child": {"$ref": "#/components/schemas/Child", "type": ["object", "null"]},
            "maybe_child": {"oneOf": [{"$ref": "#/components/schemas/Child"}, {"type": "null"}]},
            "any_child": {"anyOf": [{"$ref": "#/components/schemas/Child"}, {"type": "null"}]},
            "inline": {
                "type": ["object", "null"],
                "properties": {"x": {"type": "integer"}},
            },
            "only_null": {"type": "null"},
        },
    },
}

SCHEMAS_30: dict[str, Any] = {
    "Child": CHILD,
    "Holder": {
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": {"type": "string", "nullable": True},
            "count": {"type": "integer", "nullable": True},
            "ratio": {"type": "number", "nullable": True},
            "when": {"type": "string", "format": "date-time", "nullable": True},
            "items": {"type": "array", "nullable": True, "items": {"type": "string"}},
            "child": {"allOf": [{"$ref": "#/components/schemas/Child"}], "nullable": True},
            "inline": {
                "type": "object",
                "nullable": True,
                "properties": {"x": {"type": "integer"}},
            },
        },
    },
}


@pytest.fixture(scope="module")
def gen31(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(spec_31(SCHEMAS_31), tmp_path_factory.mktemp("n31"), "c_null_31")


@pytest.fixture(scope="module")
def gen30(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(SCHEMAS_30, openapi="3.0.3")
    return generate_client(spec, tmp_path_factory.mktemp("n30"), "c_null_30")


def members(annotation: str) -> list[str]:
    return [part.strip() for part in annotation.split("|")]


def non_null(annotation: str) -> str:
    parts = [p for p in members(annotation) if p not in ("None", "Unset")]
    return " | ".join(parts)


EXPECTED_31 = {
    "text": "str",
    "count": "int",
    "when": "datetime.datetime",
    "items": "list[int]",
    "child": "Child",
    "maybe_child": "Child",
    "any_child": "Child",
}


@pytest.mark.parametrize(("key", "inner"), sorted(EXPECTED_31.items()))
def test_31_annotation_is_optional(gen31: Generated, key: str, inner: str) -> None:
    ann = gen31.models.Holder.__annotations__[key]
    assert "None" in members(ann)
    assert non_null(ann) == inner


def test_31_ref_with_sibling_null_type(gen31: Generated) -> None:
    m = gen31.models
    ann = m.Holder.__annotations__["child"]
    assert members(ann) == ["Child", "None"]  # required: no Unset
    assert m.Holder.from_dict({"text": None, "child": None}).child is None
    parsed = m.Holder.from_dict({"text": None, "child": {"name": "n"}}).child
    assert isinstance(parsed, m.Child) and parsed.name == "n"


def test_31_inline_nullable_object(gen31: Generated) -> None:
    ann = gen31.models.Holder.__annotations__["inline"]
    assert "None" in members(ann)
    obj = gen31.models.Holder.from_dict({"text": "t", "child": None, "inline": None})
    assert obj.inline is None
    obj = gen31.models.Holder.from_dict({"text": "t", "child": None, "inline": {"x": 1}})
    assert obj.inline.x == 1


def test_31_only_null(gen31: Generated) -> None:
    ann = gen31.models.Holder.__annotations__["only_null"]
    assert members(ann) == ["None", "Unset"]
    obj = gen31.models.Holder.from_dict({"text": "t", "child": None, "only_null": None})
    assert obj.only_null is None and obj.mismatched_fields == {}


def test_31_every_field_reads_null(gen31: Generated) -> None:
    data: dict[str, Any] = {key: None for key in [*EXPECTED_31, "inline", "only_null"]}
    obj = gen31.models.Holder.from_dict(data)
    assert obj.mismatched_fields == {}
    for key in data:
        assert getattr(obj, key) is None, key
    assert obj.to_dict() == data  # null is written back, not dropped


def test_31_null_and_absent_differ(gen31: Generated) -> None:
    unset = gen31.module.UNSET
    obj = gen31.models.Holder.from_dict({"text": None, "child": None})
    assert obj.count is unset and obj.text is None
    assert obj.to_dict() == {"text": None, "child": None}


def test_31_values_still_parse(gen31: Generated) -> None:
    data = {
        "text": "t",
        "count": 3,
        "when": "2024-05-07T15:08:12Z",
        "items": [1, 2],
        "child": {"name": "a"},
        "maybe_child": {"name": "b"},
        "any_child": {"name": "c"},
    }
    obj = gen31.models.Holder.from_dict(data)
    assert obj.mismatched_fields == {}
    assert obj.count == 3 and obj.when.year == 2024
    assert isinstance(obj.maybe_child, gen31.models.Child)
    assert isinstance(obj.any_child, gen31.models.Child)
    assert obj.to_dict() == data


EXPECTED_30 = {
    "text": "str",
    "count": "int",
    "ratio": "float",
    "when": "datetime.datetime",
    "items": "list[str]",
    "child": "Child",
}


@pytest.mark.parametrize(("key", "inner"), sorted(EXPECTED_30.items()))
def test_30_nullable_annotation_is_optional(gen30: Generated, key: str, inner: str) -> None:
    ann = gen30.models.Holder.__annotations__[key]
    assert "None" in members(ann)
    assert non_null(ann) == inner


def test_30_nullable_reads_null(gen30: Generated) -> None:
    data: dict[str, Any] = {key: None for key in [*EXPECTED_30, "inline"]}
    obj = gen30.models.Holder.from_dict(data)
    assert obj.mismatched_fields == {}
    for key in data:
        assert getattr(obj, key) is None, key
    assert obj.to_dict() == data


def test_30_nullable_values_parse(gen30: Generated) -> None:
    data = {"text": "a", "count": 1, "ratio": 0.5, "items": ["x"], "child": {"name": "n"}}
    obj = gen30.models.Holder.from_dict(data)
    assert obj.mismatched_fields == {}
    assert isinstance(obj.child, gen30.models.Child)
    assert obj.to_dict() == data


def test_30_non_nullable_rejects_null(gen30: Generated) -> None:
    """Only ``nullable: true`` allows null: null in a plain string field is a mismatch."""
    obj = gen30.models.Child.from_dict({"name": None})
    assert obj.mismatched_fields == {"name": None}
    assert obj.to_dict() == {"name": None}

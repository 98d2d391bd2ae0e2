"""Array items that say little: ``items: {nullable: true}``, ``items: false``, ``items: {}``.

OpenAPI 3.0's ``nullable: true`` without a ``type`` means "any value, or null"; it was typed
``None``, so ``list[None]`` rejected every real value. ``items: false`` (3.1) means no item is
allowed: the array is always empty, ``tuple[()]``; it too was typed ``list[None]``. Both now
read real data without loss, and the package type-checks.
"""

from __future__ import annotations

from typing import Any

import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31

SCHEMAS_30: dict[str, Any] = {
    "Model": {
        "type": "object",
        "properties": {
            "values": {"type": "array", "items": {"nullable": True}},
            "anything": {"nullable": True},
            "maybe_texts": {"type": "array", "items": {"type": "string", "nullable": True}},
        },
    }
}
SCHEMAS_31: dict[str, Any] = {
    "Model": {
        "type": "object",
        "properties": {
            "nothing": {"type": "array", "items": False},
            "point": {
                "type": "array",
                "prefixItems": [{"type": "string"}, {"type": "integer"}],
                "items": False,
            },
            "anything": {"type": "array", "items": {}},
            "any_true": {"type": "array", "items": True},
        },
    }
}


@pytest.fixture(scope="module")
def gen30(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(SCHEMAS_30, openapi="3.0.3")
    return generate_client(spec, tmp_path_factory.mktemp("items30"), "c_items30")


@pytest.fixture(scope="module")
def gen31(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(spec_31(SCHEMAS_31), tmp_path_factory.mktemp("items31"), "c_items31")


def test_annotations(gen30: Generated, gen31: Generated) -> None:
    assert gen30.models.Model.__annotations__ == {
        "values": "list[JsonValue] | Unset",
        "anything": "JsonValue | Unset",
        "maybe_texts": "list[str | None] | Unset",
        "additional_properties": "dict[str, Any]",
        "mismatched_fields": "dict[str, Any]",
        "_FIELDS": "ClassVar[dict[str, str]]",
    }
    annotations = gen31.models.Model.__annotations__
    assert annotations["nothing"] == "tuple[()] | Unset"
    assert annotations["point"] == "tuple[str, int] | Unset"
    assert annotations["anything"] == annotations["any_true"] == "list[JsonValue] | Unset"


def test_both_packages_type_check(gen30: Generated, gen31: Generated) -> None:
    assert_mypy_clean(gen30)
    assert_mypy_clean(gen31)


def test_nullable_typeless_items_hold_any_value(gen30: Generated) -> None:
    data = {
        "values": [None, 1, "a", [2], {"b": None}],
        "anything": None,
        "maybe_texts": ["x", None],
    }
    obj = gen30.models.Model.from_dict(data)
    assert obj.values == data["values"] and obj.anything is None
    assert obj.mismatched_fields == {}
    assert obj.to_dict() == data
    assert gen30.models.Model.from_dict({"anything": {"k": [1]}}).anything == {"k": [1]}


def test_items_false_is_an_empty_tuple(gen31: Generated) -> None:
    obj = gen31.models.Model.from_dict({"nothing": [], "point": ["a", 1], "anything": [1, None]})
    assert obj.nothing == () and obj.point == ("a", 1) and obj.anything == [1, None]
    assert obj.mismatched_fields == {}
    assert obj.to_dict() == {"nothing": [], "point": ["a", 1], "anything": [1, None]}


def test_items_where_none_are_allowed_are_kept_as_received(gen31: Generated) -> None:
    obj = gen31.models.Model.from_dict({"nothing": [1], "point": ["a", 1, 2]})
    assert obj.mismatched_fields == {"nothing": [1], "point": ["a", 1, 2]}
    assert obj.to_dict() == {"nothing": [1], "point": ["a", 1, 2]}

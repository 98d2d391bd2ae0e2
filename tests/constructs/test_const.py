"""``const`` (and an ``enum`` whose values are not all strings or all integers) is a ``Literal``.

The value parses to itself and round-trips; any other value, even one Python considers equal
(``True == 1``), is kept as received in ``mismatched_fields``.
"""

from __future__ import annotations

import ast
from typing import Any

import pytest
from codegen_helpers import Generated, generate_client, spec_31

QUOTED = 'it\'s "quoted"\\'

SCHEMAS: dict[str, Any] = {
    "Kind": {"const": "dog"},
    "Pet": {
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {"$ref": "#/components/schemas/Kind"},
            "version": {"const": 1},
            "active": {"const": True},
            "nothing": {"const": None},
            "ratio": {"const": 1.5},
            "quoted": {"const": QUOTED},
            "mixed": {"enum": [1, "a", True]},
            "half": {"type": "number", "enum": [0.5, 1.5]},
        },
    },
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(spec_31(SCHEMAS), tmp_path_factory.mktemp("const"), "c_const")


def members(annotation: str) -> list[Any]:
    """``Literal['a'] | int | Unset`` -> ``[("Literal", 'a'), "int", "Unset"]``."""

    def walk(node: ast.expr) -> list[Any]:
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return walk(node.left) + walk(node.right)
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "Literal":
            return [("Literal", ast.literal_eval(node.slice))]
        return [ast.unparse(node)]

    return walk(ast.parse(annotation, mode="eval").body)


def test_annotations_are_literals(gen: Generated) -> None:
    ann = gen.models.Pet.__annotations__
    assert members(ann["kind"]) == [("Literal", "dog")]
    assert members(ann["version"]) == [("Literal", 1), "Unset"]
    assert members(ann["active"]) == [("Literal", True), "Unset"]
    assert members(ann["nothing"]) == ["None", "Unset"]
    assert members(ann["quoted"]) == [("Literal", QUOTED), "Unset"]
    assert not hasattr(gen.models, "Kind")  # a const is not a class


def test_mixed_enum_is_a_union_of_literals(gen: Generated) -> None:
    """``enum: [1, "a", true]``: ``true`` is not ``1``, so it must not be merged away."""
    mixed = members(gen.models.Pet.__annotations__["mixed"])
    assert mixed == [("Literal", 1), ("Literal", "a"), ("Literal", True), "Unset"]
    assert [type(m[1]) for m in mixed[:3]] == [int, str, bool]


def test_float_consts_are_valid_annotations(gen: Generated) -> None:
    """``Literal`` cannot hold a float (PEP 586), so a float const/enum is annotated ``float``."""
    ann = gen.models.Pet.__annotations__
    assert members(ann["ratio"]) == ["float", "Unset"]
    assert members(ann["half"]) == ["float", "Unset"]


VALID = {
    "kind": "dog",
    "version": 1,
    "active": True,
    "nothing": None,
    "ratio": 1.5,
    "quoted": QUOTED,
    "mixed": "a",
    "half": 0.5,
}


def test_const_values_parse_and_round_trip(gen: Generated) -> None:
    pet = gen.models.Pet.from_dict(dict(VALID))
    assert pet.mismatched_fields == {}
    for key, value in VALID.items():
        assert getattr(pet, key) == value and type(getattr(pet, key)) is type(value), key
    assert pet.to_dict() == VALID


@pytest.mark.parametrize("value", [1, True])
def test_each_mixed_enum_value_parses(gen: Generated, value: Any) -> None:
    pet = gen.models.Pet.from_dict({"kind": "dog", "mixed": value})
    assert pet.mismatched_fields == {}
    assert pet.mixed == value and type(pet.mixed) is type(value)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("kind", "cat"),
        ("kind", 5),
        ("version", 2),
        ("version", True),  # True == 1 in Python, but not in JSON
        ("version", "1"),
        ("active", 1),
        ("active", False),
        ("nothing", 0),
        ("ratio", 2),
        ("mixed", "b"),
        ("mixed", False),
        ("half", 2.5),
    ],
)
def test_other_values_are_kept(gen: Generated, key: str, value: Any) -> None:
    data = {**{"kind": "dog"}, key: value}
    pet = gen.models.Pet.from_dict(data)
    assert pet.mismatched_fields == {key: value}
    assert pet.to_dict() == data

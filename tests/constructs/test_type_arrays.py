"""``type`` given as an array of JSON types becomes a union of the member types.

Every member's values parse into it; a value of a JSON type the array does not list is kept
as received in ``mismatched_fields`` and written back unchanged by ``to_dict``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31

SCHEMAS: dict[str, Any] = {
    "Sample": {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": {"type": ["string", "integer"]},
            "note": {"type": ["string", "object", "null"]},
            "amount": {"type": ["integer", "number"]},
            "flag": {"type": ["boolean", "integer"]},
            "codes": {"type": ["array", "string"], "items": {"type": "integer"}},
            "tags": {"type": "array", "items": {"type": ["string", "integer"]}},
            "child": {
                "type": ["object", "string"],
                "properties": {"name": {"type": "string"}},
            },
        },
    }
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(spec_31(SCHEMAS), tmp_path_factory.mktemp("ta"), "c_type_arrays")


def members(annotation: str) -> set[str]:
    return {part.strip() for part in annotation.split("|")}


def test_annotations_are_unions(gen: Generated) -> None:
    ann = gen.models.Sample.__annotations__
    assert members(ann["id"]) == {"str", "int"}
    assert members(ann["note"]) == {"str", "JsonObject", "None", "Unset"}
    assert members(ann["amount"]) == {"int", "float", "Unset"}
    assert members(ann["flag"]) == {"bool", "int", "Unset"}
    assert members(ann["codes"]) == {"list[int]", "str", "Unset"}
    assert ann["tags"].replace(" ", "") == "list[str|int]|Unset"
    child = ann["child"]
    assert "str" in members(child) and "Unset" in members(child)
    (model_name,) = members(child) - {"str", "Unset"}
    assert hasattr(gen.models, model_name)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("id", "abc"),
        ("id", 7),
        ("note", "text"),
        ("note", {"any": ["json", 1, None]}),
        ("note", None),
        ("amount", 3),
        ("amount", 2.5),
        ("flag", True),
        ("flag", 0),
        ("codes", [1, 2]),
        ("codes", "1,2"),
        ("tags", ["a", 1, "b"]),
    ],
)
def test_each_member_parses(gen: Generated, key: str, value: Any) -> None:
    data = {"id": 1, key: value}
    obj = gen.models.Sample.from_dict(data)
    assert obj.mismatched_fields == {}
    assert getattr(obj, key) == value
    assert type(getattr(obj, key)) is type(value)
    assert obj.to_dict() == data


def test_a_list_is_written_as_a_copy_whether_or_not_it_is_a_union_member(
    gen: Generated,
) -> None:
    obj = gen.models.Sample.from_dict({"id": 1, "codes": [1], "tags": ["a"]})
    out = obj.to_dict()
    out["codes"].append(2)
    out["tags"].append("b")
    assert obj.codes == [1] and obj.tags == ["a"]


def test_bool_is_not_read_as_integer(gen: Generated) -> None:
    obj = gen.models.Sample.from_dict({"id": True})
    assert obj.mismatched_fields == {"id": True}
    assert obj.to_dict() == {"id": True}
    flag = gen.models.Sample.from_dict({"id": 1, "flag": False})
    assert flag.flag is False


def test_object_member_becomes_its_model(gen: Generated) -> None:
    obj = gen.models.Sample.from_dict({"id": 1, "child": {"name": "n", "extra": 1}})
    assert type(obj.child).__name__ != "dict"
    assert obj.child.name == "n"
    assert obj.child.additional_properties == {"extra": 1}
    assert obj.to_dict() == {"id": 1, "child": {"name": "n", "extra": 1}}
    plain = gen.models.Sample.from_dict({"id": 1, "child": "just text"})
    assert plain.child == "just text"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("id", 1.5),
        ("id", None),
        ("id", ["1"]),
        ("note", 3),
        ("note", ["x"]),
        ("amount", "3"),
        ("flag", "yes"),
        ("codes", {"a": 1}),
        ("codes", ["not", "ints"]),
        ("tags", ["a", True]),
        ("child", 5),
    ],
)
def test_other_json_type_is_kept_and_round_trips(gen: Generated, key: str, value: Any) -> None:
    data = {"id": "x", key: value}
    obj = gen.models.Sample.from_dict(data)
    assert obj.mismatched_fields == {key: value}
    assert obj.to_dict() == data


def test_generated_package_passes_mypy_strict(gen: Generated) -> None:
    assert_mypy_clean(gen)


def test_component_type_array_behind_ref(tmp_path: Path) -> None:
    """A top-level (component) type array is a union wherever it is referenced."""
    spec = spec_31(
        {
            "Id": {"type": ["string", "integer"]},
            "Holder": {"type": "object", "properties": {"id": {"$ref": "#/components/schemas/Id"}}},
        }
    )
    models = generate_client(spec, tmp_path, "c_type_arrays_ref").models
    assert members(models.Holder.__annotations__["id"]) == {"str", "int", "Unset"}
    assert models.Holder.from_dict({"id": 3}).id == 3
    assert models.Holder.from_dict({"id": "3"}).id == "3"
    assert models.Holder.from_dict({"id": False}).mismatched_fields == {"id": False}

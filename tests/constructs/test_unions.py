"""``oneOf``/``anyOf`` pick their member by, in order of precedence:

1. an explicit ``discriminator`` (its ``mapping``, or the member schema names without one);
2. an inferred discriminator: a property whose enum/const values are disjoint across the
   object members (``status: created|updated`` vs ``status: error``);
3. the required keys: the one member whose required keys are all present.

A value that no member claims, or that several could claim, comes back as ``Unrecognized``
holding the raw JSON, and is written back unchanged.
"""

from __future__ import annotations

from typing import Any

import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31

REF = "#/components/schemas/"


def obj(required: list[str], **props: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": props}


STR = {"type": "string"}
BOOL = {"type": "boolean"}

SCHEMAS: dict[str, Any] = {
    "Cat": obj(["pet_type", "meows"], pet_type=STR, meows=BOOL),
    "Dog": obj(["pet_type", "barks"], pet_type=STR, barks=BOOL),
    "Pet": {
        "oneOf": [{"$ref": REF + "Cat"}, {"$ref": REF + "Dog"}],
        "discriminator": {"propertyName": "pet_type"},
    },
    "MappedPet": {
        "oneOf": [{"$ref": REF + "Cat"}, {"$ref": REF + "Dog"}],
        "discriminator": {
            "propertyName": "pet_type",
            "mapping": {"cat": REF + "Cat", "dog": "Dog"},
        },
    },
    "Created": obj(
        ["status"],
        status={"type": "string", "enum": ["created", "updated"]},
        id={"type": "integer"},
    ),
    "Failed": obj(["status", "error"], status={"type": "string", "enum": ["error"]}, error=STR),
    "Log": {"oneOf": [{"$ref": REF + "Created"}, {"$ref": REF + "Failed"}]},
    "ByUuid": obj(["handle"], handle=STR),
    "ByIds": obj(["ids"], ids={"type": "array", "items": STR}),
    "Delete": {"oneOf": [{"$ref": REF + "ByUuid"}, {"$ref": REF + "ByIds"}]},
    "AnyDelete": {"anyOf": [{"$ref": REF + "ByUuid"}, {"$ref": REF + "ByIds"}]},
    "Scalar": {"oneOf": [{"type": "string"}, {"type": "integer"}, {"$ref": REF + "ByUuid"}]},
    "Holder": {
        "type": "object",
        "properties": {
            "pet": {"$ref": REF + "Pet"},
            "mapped": {"$ref": REF + "MappedPet"},
            "log": {"$ref": REF + "Log"},
            "delete": {"$ref": REF + "Delete"},
            "any_delete": {"$ref": REF + "AnyDelete"},
            "scalar": {"$ref": REF + "Scalar"},
            "logs": {"type": "array", "items": {"$ref": REF + "Log"}},
            "inline": {"oneOf": [{"$ref": REF + "Cat"}, {"$ref": REF + "Dog"}]},
            "maybe": {
                "oneOf": [{"$ref": REF + "ByUuid"}, {"$ref": REF + "ByIds"}, {"type": "null"}]
            },
        },
    },
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(spec_31(SCHEMAS), tmp_path_factory.mktemp("unions"), "c_unions")


def members(annotation: str) -> list[str]:
    return [part.strip() for part in annotation.split("|")]


def unrecognized(gen: Generated) -> Any:
    """The package's ``Unrecognized`` class."""
    return gen.module.Unrecognized


def test_union_aliases(gen: Generated) -> None:
    m = gen.models
    assert members(m.Pet) == ["Cat", "Dog", "Unrecognized"]
    assert members(m.Log) == ["Created", "Failed", "Unrecognized"]
    assert members(m.Delete) == ["ByUuid", "ByIds", "Unrecognized"]
    assert members(m.Scalar) == ["str", "int", "ByUuid", "Unrecognized"]
    ann = m.Holder.__annotations__
    assert members(ann["pet"]) == ["Pet", "Unset"]
    assert members(ann["inline"]) == ["Cat", "Dog", "Unrecognized", "Unset"]
    assert members(ann["maybe"]) == ["ByUuid", "ByIds", "Unrecognized", "None", "Unset"]


# -- 1. explicit discriminator -----------------------------------------------------------


def test_discriminator_without_mapping_uses_schema_names(gen: Generated) -> None:
    m = gen.models
    cat = m.parse_pet({"pet_type": "Cat", "meows": True})
    dog = m.parse_pet({"pet_type": "Dog", "barks": False})
    assert isinstance(cat, m.Cat) and cat.meows is True
    assert isinstance(dog, m.Dog) and dog.barks is False


def test_discriminator_with_mapping(gen: Generated) -> None:
    m = gen.models
    assert isinstance(m.parse_mapped_pet({"pet_type": "cat", "meows": True}), m.Cat)
    assert isinstance(m.parse_mapped_pet({"pet_type": "dog", "barks": True}), m.Dog)


def test_discriminator_beats_required_keys(gen: Generated) -> None:
    """The tag decides, even when the keys look like another member."""
    m = gen.models
    dog = m.parse_pet({"pet_type": "Dog", "meows": True})
    assert isinstance(dog, m.Dog)
    assert dog.additional_properties == {"meows": True}
    assert dog.to_dict() == {"pet_type": "Dog", "meows": True}


@pytest.mark.parametrize(
    "value",
    [
        {"pet_type": "Bird", "meows": True},
        {"meows": True},
        {"pet_type": None},
        {"pet_type": ["Cat"]},
        "Cat",
        None,
        3,
    ],
)
def test_unknown_tag_is_unrecognized(gen: Generated, value: Any) -> None:
    m = gen.models
    for parse in (m.parse_pet, m.parse_mapped_pet):
        result = parse(value)
        assert isinstance(result, unrecognized(gen)), value
        assert result.raw == value


# -- 2. inferred discriminator -------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "member"),
    [
        ({"status": "created", "id": 1}, "Created"),
        ({"status": "updated"}, "Created"),
        ({"status": "error", "error": "boom"}, "Failed"),
        # the tag decides even if a required key is missing
        ({"status": "error"}, "Failed"),
    ],
)
def test_inferred_discriminator(gen: Generated, value: dict[str, Any], member: str) -> None:
    result = gen.models.parse_log(value)
    assert type(result) is getattr(gen.models, member)
    assert result.to_dict() == value


@pytest.mark.parametrize("value", [{"status": "deleted"}, {"id": 1}, {"status": 1}])
def test_inferred_discriminator_unknown_value(gen: Generated, value: dict[str, Any]) -> None:
    result = gen.models.parse_log(value)
    assert isinstance(result, unrecognized(gen)) and result.raw == value


def test_inferred_discriminator_with_const(tmp_path_factory: pytest.TempPathFactory) -> None:
    spec = spec_31(
        {
            "Circle": obj(["kind"], kind={"const": "circle"}, r={"type": "number"}),
            "Square": obj(["kind"], kind={"const": "square"}, side={"type": "number"}),
            "Shape": {"oneOf": [{"$ref": REF + "Circle"}, {"$ref": REF + "Square"}]},
        }
    )
    m = generate_client(spec, tmp_path_factory.mktemp("shape"), "c_unions_const").models
    circle = m.parse_shape({"kind": "circle", "r": 1})
    square = m.parse_shape({"kind": "square", "side": 2, "r": 1})
    assert isinstance(circle, m.Circle) and circle.r == 1
    assert isinstance(square, m.Square) and square.additional_properties == {"r": 1}
    assert square.to_dict() == {"kind": "square", "side": 2, "r": 1}


# -- 3. required keys ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["parse_delete", "parse_any_delete"])
def test_required_keys_pick_the_member(gen: Generated, name: str) -> None:
    m = gen.models
    parse = getattr(m, name)
    by_uuid = parse({"handle": "u"})
    by_ids = parse({"ids": ["a", "b"]})
    assert isinstance(by_uuid, m.ByUuid) and by_uuid.handle == "u"
    assert isinstance(by_ids, m.ByIds) and by_ids.ids == ["a", "b"]


@pytest.mark.parametrize(
    "value", [{"handle": "u", "ids": []}, {}, {"other": 1}, [], "u", None, 1.5, True]
)
@pytest.mark.parametrize("name", ["parse_delete", "parse_any_delete"])
def test_ambiguous_or_unmatched_is_unrecognized(gen: Generated, name: str, value: Any) -> None:
    result = getattr(gen.models, name)(value)
    assert isinstance(result, unrecognized(gen))
    assert result.raw == value


def test_scalar_members(gen: Generated) -> None:
    m = gen.models
    assert m.parse_scalar("s") == "s"
    assert m.parse_scalar(3) == 3
    assert isinstance(m.parse_scalar({"handle": "x"}), m.ByUuid)
    for value in (True, 1.5, None, ["s"]):
        result = m.parse_scalar(value)
        assert isinstance(result, unrecognized(gen)) and result.raw == value


# -- round trips through a model -----------------------------------------------------------


def test_members_round_trip_inside_a_model(gen: Generated) -> None:
    data = {
        "pet": {"pet_type": "Cat", "meows": True},
        "mapped": {"pet_type": "dog", "barks": True},
        "log": {"status": "error", "error": "x"},
        "delete": {"ids": ["1"]},
        "any_delete": {"handle": "u"},
        "scalar": 5,
        "logs": [{"status": "created"}, {"status": "error", "error": "e"}],
        "inline": {"pet_type": "Dog", "barks": True},
        "maybe": None,
    }
    holder = gen.models.Holder.from_dict(data)
    assert holder.mismatched_fields == {}
    assert isinstance(holder.pet, gen.models.Cat)
    assert [type(x).__name__ for x in holder.logs] == ["Created", "Failed"]
    assert holder.maybe is None
    assert holder.to_dict() == data
    assert holder.to_dict(for_request=True) == data


def test_unrecognized_round_trips_inside_a_model(gen: Generated) -> None:
    data = {
        "pet": {"pet_type": "Bird", "wings": 2},
        "mapped": "not an object",
        "log": {"status": "unknown"},
        "delete": {"handle": "u", "ids": ["i"]},
        "any_delete": {},
        "scalar": [1, 2],
        "logs": [{"status": "created"}, {"weird": True}],
        "inline": {"pet_type": "Fish"},
        "maybe": {"handle": "u", "ids": []},
    }
    holder = gen.models.Holder.from_dict(data)
    assert holder.mismatched_fields == {}
    for key in ("pet", "mapped", "log", "delete", "any_delete", "scalar", "inline", "maybe"):
        value = getattr(holder, key)
        assert isinstance(value, unrecognized(gen)), key
        assert value.raw == data[key]
    assert isinstance(holder.logs[0], gen.models.Created)
    assert isinstance(holder.logs[1], unrecognized(gen))
    assert holder.to_dict() == data


def test_generated_package_passes_mypy_strict(gen: Generated) -> None:
    assert_mypy_clean(gen)

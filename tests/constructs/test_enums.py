"""``enum`` of strings or integers becomes an ``OpenStrEnum``/``OpenIntEnum`` subclass.

Unknown values are kept as members with ``is_known`` false and written back unchanged;
member names are valid, distinct identifiers whatever the values look like.
"""

from __future__ import annotations

import enum
import keyword
from typing import Any

import pytest
from codegen_helpers import Generated, generate_client, spec_31

TRICKY = [
    "a+",
    "a",
    "a-",
    "a plus",
    "with space",
    "with  space",
    "naïve",
    "naive",
    "日本",
    "中文",
    "None",
    "none",
    "class",
    "True",
    "",
    "empty",
    "-",
    "+",
    "_",
    "__init__",
    "mro",
    "name",
    "value",
    "UNKNOWN",
    "1",
    "-1",
]
INT_VALUES = [1, -1, 0, 10, -10, 2**40]

SCHEMAS: dict[str, Any] = {
    "Color": {"type": "string", "enum": ["red", "green", "dark-blue"]},
    "Level": {"type": "integer", "enum": [1, 2, 3]},
    "Mood": {"type": ["string", "null"], "enum": ["happy", "sad", None]},
    "Tricky": {"type": "string", "enum": TRICKY},
    "IntTricky": {"type": "integer", "enum": INT_VALUES},
    # OpenAPI 3.1 spelling of an enum whose values carry descriptions.
    "Speed": {
        "oneOf": [
            {"const": "slow", "description": "Takes a while."},
            {"const": "fast", "description": "Quick."},
        ]
    },
    # Same values as Color: still its own public name.
    "Colour": {"type": "string", "enum": ["red", "green", "dark-blue"]},
    "Paint": {
        "type": "object",
        "required": ["color"],
        "properties": {
            "color": {"$ref": "#/components/schemas/Color"},
            "level": {"$ref": "#/components/schemas/Level"},
            "mood": {"$ref": "#/components/schemas/Mood"},
            "finish": {"type": "string", "enum": ["matte", "gloss"]},
            "maybe": {"enum": ["x", "y", None]},
            "levels": {"type": "array", "items": {"$ref": "#/components/schemas/Level"}},
        },
    },
}

SCHEMAS_30: dict[str, Any] = {
    "Size": {"type": "string", "nullable": True, "enum": ["s", "m", None]},
    "Shirt": {
        "type": "object",
        "properties": {
            "size": {"$ref": "#/components/schemas/Size"},
            "fit": {"type": "integer", "nullable": True, "enum": [1, 2, None]},
        },
    },
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(spec_31(SCHEMAS), tmp_path_factory.mktemp("enums"), "c_enums")


@pytest.fixture(scope="module")
def gen30(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(SCHEMAS_30, openapi="3.0.3")
    return generate_client(spec, tmp_path_factory.mktemp("enums30"), "c_enums_30")


def members(annotation: str) -> list[str]:
    return [part.strip() for part in annotation.split("|")]


def test_string_enum_is_open_str_enum(gen: Generated) -> None:
    open_str = gen.submodule("_types").OpenStrEnum
    color = gen.models.Color
    assert issubclass(color, open_str) and issubclass(color, str)
    assert [m.value for m in color] == ["red", "green", "dark-blue"]
    assert color.parse("red") is color.RED
    assert color.parse("dark-blue").is_known
    assert color.RED.is_known


def test_dash_between_words_is_a_word_separator(gen: Generated) -> None:
    """``dark-blue`` is ``DARK_BLUE``; ``minus`` is only for a sign (``-1``) or a lone dash."""
    assert gen.models.Color.parse("dark-blue").name == "DARK_BLUE"
    assert gen.models.IntTricky.parse(-1).name == "MINUS_1"


def test_integer_enum_is_open_int_enum(gen: Generated) -> None:
    open_int = gen.submodule("_types").OpenIntEnum
    level = gen.models.Level
    assert issubclass(level, open_int) and issubclass(level, int)
    assert [m.value for m in level] == [1, 2, 3]
    assert level.parse(2) is level(2) and level(2).is_known


def test_one_of_consts_is_an_enum(gen: Generated) -> None:
    speed = gen.models.Speed
    assert issubclass(speed, gen.submodule("_types").OpenStrEnum)
    assert [m.value for m in speed] == ["slow", "fast"]
    assert speed.parse("fast").is_known and not speed.parse("warp").is_known


def test_field_annotations(gen: Generated) -> None:
    ann = gen.models.Paint.__annotations__
    assert members(ann["color"]) == ["Color"]
    assert members(ann["level"]) == ["Level", "Unset"]
    assert members(ann["mood"]) == ["Mood", "None", "Unset"]
    assert members(ann["levels"]) == ["list[Level]", "Unset"]
    finish = members(ann["finish"])
    assert finish[1:] == ["Unset"]
    assert issubclass(getattr(gen.models, finish[0]), gen.submodule("_types").OpenStrEnum)
    maybe = members(ann["maybe"])
    assert maybe[1:] == ["None", "Unset"]
    assert issubclass(getattr(gen.models, maybe[0]), gen.submodule("_types").OpenStrEnum)


def test_known_values_parse_and_round_trip(gen: Generated) -> None:
    m = gen.models
    data = {
        "color": "green",
        "level": 3,
        "mood": "sad",
        "finish": "gloss",
        "maybe": "y",
        "levels": [1, 2],
    }
    paint = m.Paint.from_dict(data)
    assert paint.mismatched_fields == {}
    assert paint.color is m.Color.GREEN
    assert paint.level is m.Level(3)
    assert paint.mood is m.Mood.SAD
    assert [type(x) for x in paint.levels] == [m.Level, m.Level]
    out = paint.to_dict()
    assert out == data
    assert type(out["color"]) is str and type(out["level"]) is int  # plain JSON, not members


@pytest.mark.parametrize(
    ("key", "value"), [("color", "purple"), ("level", 99), ("mood", "meh"), ("levels", [1, 42])]
)
def test_unknown_values_are_kept(gen: Generated, key: str, value: Any) -> None:
    data = {"color": "red", key: value}
    paint = gen.models.Paint.from_dict(data)
    assert paint.mismatched_fields == {}
    got = getattr(paint, key)
    for item, raw in zip(got, value, strict=True) if isinstance(value, list) else [(got, value)]:
        assert issubclass(type(item), enum.Enum)
        assert item.value == raw
        assert item.is_known is (raw in (1, 2, 3))
    assert paint.to_dict() == data


def test_unknown_member_behaves_like_its_value(gen: Generated) -> None:
    color = gen.models.Color.parse("ultraviolet")
    assert isinstance(color, gen.models.Color)
    assert not color.is_known
    assert color == "ultraviolet" and str(color) == "ultraviolet"
    assert not gen.models.Color("ultraviolet").is_known  # asking twice does not make it known
    assert "ultraviolet" not in [m.value for m in gen.models.Color]
    level = gen.models.Level.parse(-5)
    assert level == -5 and not level.is_known


@pytest.mark.parametrize(
    ("key", "value"), [("color", 5), ("level", "1"), ("level", True), ("level", 1.0)]
)
def test_wrong_json_type_is_a_mismatch(gen: Generated, key: str, value: Any) -> None:
    data = {"color": "red", key: value}
    paint = gen.models.Paint.from_dict(data)
    assert paint.mismatched_fields == {key: value}
    assert paint.to_dict() == data


def test_nullable_enum_reads_null(gen: Generated) -> None:
    paint = gen.models.Paint.from_dict({"color": "red", "mood": None, "maybe": None})
    assert paint.mood is None and paint.maybe is None and paint.mismatched_fields == {}
    assert paint.to_dict() == {"color": "red", "mood": None, "maybe": None}
    assert None not in [m.value for m in gen.models.Mood]


def test_nullable_enum_openapi_30(gen30: Generated) -> None:
    m = gen30.models
    assert issubclass(m.Size, gen30.submodule("_types").OpenStrEnum)
    assert members(m.Shirt.__annotations__["size"]) == ["Size", "None", "Unset"]
    fit = members(m.Shirt.__annotations__["fit"])
    assert fit[1:] == ["None", "Unset"]
    assert issubclass(getattr(m, fit[0]), gen30.submodule("_types").OpenIntEnum)
    data = {"size": None, "fit": None}
    shirt = m.Shirt.from_dict(data)
    assert shirt.size is None and shirt.fit is None and shirt.to_dict() == data
    shirt = m.Shirt.from_dict({"size": "m", "fit": 2})
    assert shirt.size is m.Size.M and shirt.fit == 2


@pytest.mark.parametrize("name", ["Tricky", "IntTricky"])
def test_member_names_are_valid_and_distinct(gen: Generated, name: str) -> None:
    cls = getattr(gen.models, name)
    values = TRICKY if name == "Tricky" else INT_VALUES
    names = list(cls.__members__)
    assert len(names) == len(values) == len(set(names))
    for member_name in names:
        assert member_name.isidentifier() and member_name.isascii(), member_name
        assert not keyword.iskeyword(member_name), member_name
        assert not member_name.startswith("_"), member_name
    for value in values:
        member = cls.parse(value)
        assert member.is_known, value
        assert member.value == value and type(member.value) is type(value)
        assert cls[member.name] is member


def test_tricky_values_round_trip(gen: Generated) -> None:
    dump = gen.submodule("_serde").dump
    for value in TRICKY:
        assert dump(gen.models.Tricky.parse(value)) == value
    for number in INT_VALUES:
        assert dump(gen.models.IntTricky.parse(number)) == number


def test_enum_components_with_equal_values_keep_their_names(gen: Generated) -> None:
    """``Colour`` lists the same values as ``Color``; it must still be importable by name."""
    m = gen.models
    assert hasattr(m, "Colour"), "component schema 'Colour' has no class in models"
    assert issubclass(m.Colour, gen.submodule("_types").OpenStrEnum)
    assert {x.value for x in m.Colour} == {"red", "green", "dark-blue"}


def test_member_labels_come_from_varnames_or_a_short_numbered_list_never_reworded_prose() -> None:
    from generator.schemas.enums import member_labels

    named = {"x-enum-varnames": ["Low", "High"]}
    assert member_labels(named, [1, 2]) == ["Low", "High"]
    listed = {"description": "Kinds:\n\n- `0` - Gift\n- `1` - Documents"}
    assert member_labels(listed, [0, 1]) == ["Gift", "Documents"]
    # text values name themselves, whatever the description says about them
    codes = {"description": "* VAT - Value added tax\n* EIN - Employer identification number"}
    assert member_labels(codes, ["VAT", "EIN"]) == ["VAT", "EIN"]
    # a sentence is not a name
    prose = {"description": "- 0 - Gift\n- 1 - " + "Documents that travel with the parcel " * 2}
    assert member_labels(prose, [0, 1]) == [0, 1]

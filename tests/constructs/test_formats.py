"""String formats: ``date-time`` -> ``datetime.datetime``, ``date`` -> ``datetime.date``,
``uuid`` -> ``uuid.UUID``; other formats (``uri``, ``email``...) stay ``str``.

Parsed values remember the text they were read from, so ``to_dict`` writes back exactly what
the server sent (``Z`` stays ``Z``, an uppercase UUID stays uppercase).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from codegen_helpers import Generated, generate_client, spec_31

UTC = datetime.timezone.utc

SCHEMAS: dict[str, Any] = {
    "Event": {
        "type": "object",
        "required": ["at"],
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "day": {"type": "string", "format": "date"},
            "id": {"type": "string", "format": "uuid"},
            "link": {"type": "string", "format": "uri"},
            "mail": {"type": "string", "format": "email"},
            "host": {"type": "string", "format": "hostname"},
            "blob": {"type": "string", "format": "byte"},
            "count": {"type": "integer", "format": "int64"},
            "ratio": {"type": "number", "format": "double"},
            "maybe_at": {"type": ["string", "null"], "format": "date-time"},
            "times": {"type": "array", "items": {"type": "string", "format": "date-time"}},
            "by_name": {
                "type": "object",
                "additionalProperties": {"type": "string", "format": "uuid"},
            },
        },
    }
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    return generate_client(spec_31(SCHEMAS), tmp_path_factory.mktemp("formats"), "c_formats")


def test_annotations(gen: Generated) -> None:
    ann = gen.models.Event.__annotations__
    assert ann["at"] == "datetime.datetime"
    assert ann["day"] == "datetime.date | Unset"
    assert ann["id"] == "uuid.UUID | Unset"
    for key in ("link", "mail", "host", "blob"):
        assert ann[key] == "str | Unset", key
    assert ann["count"] == "int | Unset"
    assert ann["ratio"] == "float | Unset"
    assert ann["maybe_at"] == "datetime.datetime | None | Unset"
    assert ann["times"] == "list[datetime.datetime] | Unset"
    assert ann["by_name"] == "dict[str, uuid.UUID] | Unset"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-07T15:08:12Z", datetime.datetime(2024, 5, 7, 15, 8, 12, tzinfo=UTC)),
        ("2024-05-07T15:08:12z", datetime.datetime(2024, 5, 7, 15, 8, 12, tzinfo=UTC)),
        ("2024-05-07t15:08:12Z", datetime.datetime(2024, 5, 7, 15, 8, 12, tzinfo=UTC)),
        ("2024-05-07T15:08:12+00:00", datetime.datetime(2024, 5, 7, 15, 8, 12, tzinfo=UTC)),
        ("2024-05-07T15:08:12-00:00", datetime.datetime(2024, 5, 7, 15, 8, 12, tzinfo=UTC)),
        (
            "2024-05-07T17:08:12+02:00",
            datetime.datetime(2024, 5, 7, 15, 8, 12, tzinfo=UTC),
        ),
        (
            "2024-05-07T09:38:12-05:30",
            datetime.datetime(2024, 5, 7, 15, 8, 12, tzinfo=UTC),
        ),
        ("2024-05-07T15:08:12.5Z", datetime.datetime(2024, 5, 7, 15, 8, 12, 500000, tzinfo=UTC)),
        (
            "2024-05-07T15:08:12.123Z",
            datetime.datetime(2024, 5, 7, 15, 8, 12, 123000, tzinfo=UTC),
        ),
        (
            "2024-05-07T15:08:12.123456Z",
            datetime.datetime(2024, 5, 7, 15, 8, 12, 123456, tzinfo=UTC),
        ),
        (
            "2024-05-07T15:08:12.123456789Z",
            datetime.datetime(2024, 5, 7, 15, 8, 12, 123456, tzinfo=UTC),
        ),
    ],
)
def test_date_time_parses_and_round_trips_exactly(
    gen: Generated, text: str, expected: datetime.datetime
) -> None:
    event = gen.models.Event.from_dict({"at": text})
    assert event.mismatched_fields == {}
    assert isinstance(event.at, datetime.datetime)
    assert event.at.tzinfo is not None
    assert event.at == expected
    assert (
        event.at.utcoffset()
        == datetime.datetime.fromisoformat(text.upper().replace("Z", "+00:00")).utcoffset()
    )
    assert event.to_dict() == {"at": text}


def test_offset_is_kept(gen: Generated) -> None:
    event = gen.models.Event.from_dict({"at": "2024-05-07T17:08:12+02:00"})
    assert event.at.utcoffset() == datetime.timedelta(hours=2)
    assert event.at.hour == 17


@pytest.mark.parametrize(
    "text", ["not a date", "2024-13-01T00:00:00Z", "2024-05-07T15:08:60Z", "", "Z"]
)
def test_bad_date_time_is_kept_as_received(gen: Generated, text: str) -> None:
    event = gen.models.Event.from_dict({"at": text})
    assert event.mismatched_fields == {"at": text}
    assert event.to_dict() == {"at": text}


def test_date(gen: Generated) -> None:
    event = gen.models.Event.from_dict({"at": "2024-05-07T15:08:12Z", "day": "2024-02-29"})
    assert event.mismatched_fields == {}
    assert type(event.day) is not datetime.datetime
    assert isinstance(event.day, datetime.date) and event.day == datetime.date(2024, 2, 29)
    assert event.to_dict()["day"] == "2024-02-29"
    bad = gen.models.Event.from_dict({"at": "2024-05-07T15:08:12Z", "day": "2023-02-29"})
    assert bad.mismatched_fields == {"day": "2023-02-29"}
    assert bad.to_dict()["day"] == "2023-02-29"


@pytest.mark.parametrize(
    "text",
    [
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        "3f2504E0-4f89-11D3-9a0c-0305e82C3301",
    ],
)
def test_uuid_parses_and_round_trips_as_given(gen: Generated, text: str) -> None:
    event = gen.models.Event.from_dict({"at": "2024-05-07T15:08:12Z", "id": text})
    assert event.mismatched_fields == {}
    assert isinstance(event.id, uuid.UUID)
    assert event.id == uuid.UUID("3f2504e0-4f89-11d3-9a0c-0305e82c3301")
    assert event.to_dict()["id"] == text


def test_bad_uuid_is_kept(gen: Generated) -> None:
    event = gen.models.Event.from_dict({"at": "2024-05-07T15:08:12Z", "id": "nope"})
    assert event.mismatched_fields == {"id": "nope"}
    assert event.to_dict()["id"] == "nope"


def test_other_formats_are_plain_strings(gen: Generated) -> None:
    data = {
        "at": "2024-05-07T15:08:12Z",
        "link": "https://example.com/a?b=c",
        "mail": "not-even-an-email",
        "host": "example.com",
        "blob": "aGVsbG8=",
        "count": 2**53 + 1,
        "ratio": 0.1,
    }
    event = gen.models.Event.from_dict(data)
    assert event.mismatched_fields == {}
    for key in ("link", "mail", "host", "blob"):
        assert type(getattr(event, key)) is str
    assert event.count == 2**53 + 1
    assert event.to_dict() == data


def test_formats_inside_containers_round_trip(gen: Generated) -> None:
    data = {
        "at": "2024-05-07T15:08:12Z",
        "maybe_at": None,
        "times": ["2024-05-07T15:08:12Z", "2024-05-07T17:08:12.000+02:00"],
        "by_name": {"a": "3F2504E0-4F89-11D3-9A0C-0305E82C3301"},
    }
    event = gen.models.Event.from_dict(data)
    assert event.mismatched_fields == {}
    assert all(isinstance(t, datetime.datetime) for t in event.times)
    assert event.times[0] == event.times[1]
    assert isinstance(event.by_name["a"], uuid.UUID)
    assert event.to_dict() == data


def test_values_built_in_python_are_written_as_iso_8601(gen: Generated) -> None:
    event = gen.models.Event(
        at=datetime.datetime(2024, 5, 7, 15, 8, 12, tzinfo=UTC),
        day=datetime.date(2024, 5, 7),
        id=uuid.UUID("3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
    )
    out = event.to_dict(for_request=True)
    assert out == {
        "at": "2024-05-07T15:08:12+00:00",
        "day": "2024-05-07",
        "id": "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    }
    again = gen.models.Event.from_dict(out)
    assert (again.at, again.day, again.id) == (event.at, event.day, event.id)


def test_changed_value_is_written_from_the_new_value(gen: Generated) -> None:
    """The remembered text only stands for the value it was read from."""
    event = gen.models.Event.from_dict({"at": "2024-05-07T15:08:12Z"})
    event.at = event.at + datetime.timedelta(hours=1)
    assert gen.models.Event.from_dict(event.to_dict()).at == datetime.datetime(
        2024, 5, 7, 16, 8, 12, tzinfo=UTC
    )
    event = gen.models.Event.from_dict({"at": "2024-05-07T15:08:12Z"})
    event.at = event.at.replace(year=2030)
    assert event.to_dict()["at"].startswith("2030-05-07T15:08:12")

"""Reading JSON into typed values and writing them back, tolerantly.

Generated ``from_dict`` methods call the ``as_*`` readers, which raise :class:`TypeMismatch`
when a value does not have its declared JSON type; the helpers in ``_model`` catch that and
keep the value exactly as received in the model's ``mismatched_fields``, so nothing the
server sends is lost and ``to_dict`` writes it back unchanged.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import enum
import logging
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar, cast

from ._constants import PACKAGE
from ._model import MISSING, Model
from ._types import UNSET, TypeMismatch, Unrecognized

__all__ = [
    "any_of",
    "as_bool",
    "as_const",
    "as_date",
    "as_datetime",
    "as_dict",
    "as_float",
    "as_int",
    "as_json",
    "as_json_object",
    "as_list",
    "as_none",
    "as_str",
    "as_tuple",
    "as_uuid",
    "dump",
    "dump_models",
    "locate",
    "finish",
    "one_of",
    "request_json",
    "warn_deprecated",
]

logger = logging.getLogger(PACKAGE)
T = TypeVar("T")
Parser = Callable[[Any], Any]


def _fail(expected: str, value: Any) -> TypeMismatch:
    return TypeMismatch(f"expected {expected}, got {type(value).__name__}")


# -- readers ---------------------------------------------------------------------------


def as_str(value: Any) -> str:
    if isinstance(value, str):
        return value
    raise _fail("a string", value)


def as_int(value: Any) -> int:
    if isinstance(value, int) and value.__class__ is not bool:
        return value
    raise _fail("an integer", value)


def as_float(value: Any) -> float:
    if isinstance(value, (int, float)) and value.__class__ is not bool:
        return value  # an int stays an int, so it is written back exactly as received
    raise _fail("a number", value)


def as_bool(value: Any) -> bool:
    if value is True or value is False:
        return value
    raise _fail("a boolean", value)


def as_none(value: Any) -> None:
    if value is None:
        return None
    raise _fail("null", value)


def as_const(value: Any, expected: Any) -> Any:
    same = value == expected or (value != value and expected != expected)  # NaN is NaN
    if same and type(value) is type(expected):
        return value
    raise TypeMismatch(f"expected {expected!r}, got {value!r}")


def as_json(value: Any) -> Any:
    return value


def as_json_object(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    raise _fail("an object", value)


def as_list(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    raise _fail("an array", value)


def as_tuple(
    value: Any, items: tuple[Callable[[Any], Any], ...], rest: Callable[[Any], Any] | None
) -> Any:
    """A JSON array read by position (``prefixItems``), then ``rest`` for any further items.

    Without ``rest`` the array must have exactly as many items as there are positions.
    """
    values = as_list(value)
    if len(values) < len(items) or (rest is None and len(values) > len(items)):
        raise _fail(f"an array of {len(items)} items", value)
    head = tuple(read(v) for read, v in zip(items, values[: len(items)], strict=True))
    return head + tuple(rest(v) for v in values[len(items) :]) if rest else head


def as_dict(value: Any) -> dict[str, Any]:
    """A JSON object, as the dict it is (models read it without changing it)."""
    if value.__class__ is dict:
        return cast("dict[str, Any]", value)
    if isinstance(value, Mapping):
        return dict(value)
    raise _fail("an object", value)


class _DateTime(datetime.datetime):
    """A datetime that remembers the text it was read from, to write it back unchanged."""

    __slots__ = ("source",)
    source: str

    def __repr__(self) -> str:
        return "datetime." + datetime.datetime.__repr__(self).replace(
            type(self).__name__, "datetime", 1
        )


class _Date(datetime.date):
    __slots__ = ("source",)
    source: str

    def __repr__(self) -> str:
        return f"datetime.date({self.year}, {self.month}, {self.day})"


class _UUID(uuid.UUID):
    __slots__ = ("source",)
    source: str

    def __repr__(self) -> str:
        return f"UUID({str(self)!r})"


_FRACTION = re.compile(r"^(\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d)\.(\d+)((?:[+-]\d\d:?\d\d)?)$")


def as_datetime(value: Any) -> datetime.datetime:
    if value.__class__ is not str:
        if isinstance(value, datetime.datetime):
            return value  # a model built from Python values, not from JSON text
        if not isinstance(value, str):
            raise _fail("a date-time string", value)
        value = str.__str__(value)  # a str subclass's text, kept as plain str for to_dict
    text = value[:-1] + "+00:00" if value[-1:] in ("Z", "z") else value
    try:
        parsed = _DateTime.fromisoformat(text)
    except ValueError:
        # Python 3.10 reads only 0, 3 or 6 digits of a fraction: give it exactly 6.
        match = _FRACTION.match(text)
        if match is None:
            raise _fail("an ISO 8601 date-time", value) from None
        head, digits, tail = match.groups()
        try:
            parsed = _DateTime.fromisoformat(f"{head}.{digits[:6].ljust(6, '0')}{tail}")
        except ValueError:
            raise _fail("an ISO 8601 date-time", value) from None
    parsed.source = value
    return parsed


def as_date(value: Any) -> datetime.date:
    if isinstance(value, datetime.date):
        return value.date() if isinstance(value, datetime.datetime) else value
    if not isinstance(value, str):
        raise _fail("a date string", value)
    value = str.__str__(value)  # the text of a str subclass too, kept as plain str
    try:
        parsed = _Date.fromisoformat(value)
    except ValueError:
        raise _fail("an ISO 8601 date", value) from None
    parsed.source = value
    return parsed


_HEX_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def as_uuid(value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if not isinstance(value, str):
        raise _fail("a UUID string", value)
    value = str.__str__(value)  # the text of a str subclass too, kept as plain str
    if _HEX_UUID.fullmatch(value):  # the usual form: built without UUID.__init__'s parsing
        parsed = _UUID.__new__(_UUID)
        object.__setattr__(parsed, "int", int(value.replace("-", ""), 16))
        object.__setattr__(parsed, "is_safe", uuid.SafeUUID.unknown)
    else:
        try:
            parsed = _UUID(value)
        except ValueError:
            raise _fail("a UUID", value) from None
    object.__setattr__(parsed, "source", value)
    return parsed


def _or_none(parse: Callable[[Any], T]) -> Callable[[Any], T | None]:
    def read(value: Any) -> T | None:
        return None if value is None else parse(value)

    read.__name__ = parse.__name__ + "_or_none"
    return read


as_str_or_none = _or_none(as_str)
as_int_or_none = _or_none(as_int)
as_float_or_none = _or_none(as_float)
as_bool_or_none = _or_none(as_bool)
as_datetime_or_none = _or_none(as_datetime)
as_date_or_none = _or_none(as_date)
as_uuid_or_none = _or_none(as_uuid)
as_json_object_or_none = _or_none(as_json_object)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list):
        return "list"
    return "object" if isinstance(value, Mapping) else "other"


_NO_MATCH: Any = object()


def _read(
    value: Any,
    scalars: tuple[tuple[str, Parser], ...],
    tag: str | None,
    tags: Mapping[Any, Parser] | None,
    objects: tuple[tuple[frozenset[str], Parser], ...],
) -> Any:
    """The value read by the one member that claims it, or ``_NO_MATCH``.

    Objects go by discriminator when there is one, else by required keys, and must match
    exactly one member. Scalars go to the members that accept their JSON type, in order.
    """
    kind = _json_kind(value)
    if kind == "object":
        if tag is not None and tags is not None:
            key = value.get(tag)
            parse = tags.get(key) if isinstance(key, (str, int, bool)) else None
        else:
            matches = [parse for keys, parse in objects if keys <= value.keys()]
            parse = matches[0] if len(matches) == 1 else None
        if parse is None:
            return _NO_MATCH
        try:
            return parse(value)
        except TypeMismatch:
            return _NO_MATCH
    for scalar_kind, parse in scalars:
        if scalar_kind == kind:
            try:
                return parse(value)
            except TypeMismatch:
                continue
    return _NO_MATCH


def one_of(
    value: Any,
    *,
    scalars: tuple[tuple[str, Parser], ...] = (),
    tag: str | None = None,
    tags: Mapping[Any, Parser] | None = None,
    objects: tuple[tuple[frozenset[str], Parser], ...] = (),
) -> Any:
    """Read a ``oneOf``/``anyOf``: by discriminator, then by required keys, else keep it raw.

    A value that no member claims, or that more than one could claim, comes back as
    :class:`Unrecognized` rather than being forced into the first member.
    """
    result = _read(value, scalars, tag, tags, objects)
    return Unrecognized(value) if result is _NO_MATCH else result


def any_of(
    value: Any,
    *,
    scalars: tuple[tuple[str, Parser], ...] = (),
    tag: str | None = None,
    tags: Mapping[Any, Parser] | None = None,
    objects: tuple[tuple[frozenset[str], Parser], ...] = (),
) -> Any:
    """Read a value whose ``type`` lists several JSON types; raise if none fits."""
    result = _read(value, scalars, tag, tags, objects)
    if result is _NO_MATCH:
        raise _fail("one of the declared types", value)
    return result


# -- writing ---------------------------------------------------------------------------


def request_json(body: Any, parse: Callable[[Any], Any] | None) -> Any:
    """A request body as JSON: plain mappings are read into their models first.

    Reading is exact and tolerant (unknown keys and odd values are kept), so the only
    change is that read-only fields are left out, as they are for model bodies. A value
    that cannot be sent fails here, before any request, naming where it is in the body.
    """
    if parse is not None and not hasattr(body, "to_dict"):
        with contextlib.suppress(TypeMismatch):
            body = parse(body)
    try:
        return dump(body, True)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"body{locate(body, exc)}: {exc}") from None


_PLAIN = frozenset({str, int, float, bool, type(None)})  # JSON values that dump leaves alone


def dump(value: Any, for_request: bool = False) -> Any:
    """Turn a typed value back into JSON-ready data (models, enums, dates, UUIDs...).

    Raises ``ValueError`` for a datetime without a time zone (the server could not know
    which moment it means) and ``TypeError`` for a value JSON has no form for.
    """
    cls = value.__class__
    if cls in _PLAIN:
        return value
    if cls is dict:  # free-form JSON and undeclared properties: plain values copied as they are
        return {
            str(k): v if v.__class__ in _PLAIN else dump(v, for_request) for k, v in value.items()
        }
    if cls is list:
        return [v if v.__class__ in _PLAIN else dump(v, for_request) for v in value]
    if isinstance(value, Model):
        return value.to_dict(for_request=for_request)
    if cls is _DateTime or cls is _Date or cls is _UUID:  # read from JSON: its own text
        return _date_text(value)
    if value is UNSET or value is MISSING:  # left out by finish()
        return value
    if isinstance(value, enum.Enum):
        return value._value_
    to_dict = getattr(value, "to_dict", None)
    if to_dict is not None:
        return to_dict(for_request=for_request)
    if isinstance(value, (datetime.date, uuid.UUID)):
        return _date_text(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")  # the exact text: never through a binary float
    if isinstance(value, Unrecognized):
        return dump(value.raw, for_request)
    if isinstance(value, Mapping):
        return {str(k): dump(v, for_request) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [dump(v, for_request) for v in value]
    if isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot send a {type(value).__name__} as JSON")


def dump_models(value: Any, model: type[Model], for_request: bool = False) -> Any:
    """An array of ``model`` as JSON data: :func:`dump` without a call per item that is a
    ``model`` as ``from_dict`` made it (anything else still goes through :func:`dump`)."""
    if value.__class__ is not list:
        return dump(value, for_request)
    return [
        v.to_dict(for_request=for_request) if v.__class__ is model else dump(v, for_request)
        for v in value
    ]


def _date_text(value: datetime.date | uuid.UUID) -> str:
    source = getattr(value, "source", None)
    if source:
        return str(source)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime.datetime) and value.utcoffset() is None:
        raise ValueError(
            f"the datetime {value.isoformat()} has no time zone, so the server cannot know "
            "which moment it means: pass an aware one, such as datetime.now(timezone.utc)"
        )
    return value.isoformat()


def locate(value: Any, exc: Exception, path: str = "") -> str:
    """Where in ``value`` the value that raised ``exc`` when dumped is, as ``.a[0].b``.

    Only called once dumping failed, so it may walk the body again, slowly.
    """
    fields = getattr(type(value), "_FIELDS", None)
    if isinstance(fields, Mapping):
        items: Iterable[tuple[str, Any]] = (
            (f".{name}", getattr(value, name, None)) for name in fields
        )
    elif isinstance(value, Mapping):
        items = ((f"[{k!r}]", v) for k, v in value.items())
    elif isinstance(value, (list, tuple)):
        items = ((f"[{i}]", v) for i, v in enumerate(value))
    else:
        return path
    for step, item in items:
        try:
            dump(item, True)
        except type(exc):
            return locate(item, exc, path + step)
    return path


def finish(out: dict[str, Any], model: Model, for_request: bool = False) -> dict[str, Any]:
    """``out`` with the values ``model`` keeps as received added back: mismatched ones, and
    undeclared properties.

    A value set on a field since it was read wins over the one kept as received, and a
    request carries none of the model's read-only keys (``_READ_ONLY``), not even as
    received values. What is not plain JSON is written through :func:`dump`, ``for_request``
    and all: a model set as an undeclared property leaves out its read-only fields in a
    request, as a field's does.
    """
    skip = model._READ_ONLY if for_request else ()
    for source in (model.mismatched_fields, model.additional_properties):
        for key, value in source.items():
            if key not in out and key not in skip:
                out[key] = value if value.__class__ in _PLAIN else dump(value, for_request)
    return out


def warn_deprecated(what: str, stacklevel: int = 3) -> None:
    """Warn that the caller uses something the spec marks deprecated.

    The default ``stacklevel`` points at whoever called the function that calls this.
    """
    import warnings

    warnings.warn(f"{what} is deprecated", DeprecationWarning, stacklevel=stacklevel)

"""Sentinels and small value types shared by the models and the client."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any, Final, TypeAlias, TypeVar

__all__ = [
    "NOT_GIVEN",
    "UNSET",
    "JsonObject",
    "JsonValue",
    "NotGiven",
    "OpenIntEnum",
    "OpenStrEnum",
    "TypeMismatch",
    "Unrecognized",
    "Unset",
]

JsonValue: TypeAlias = "None | bool | int | float | str | list[JsonValue] | dict[str, JsonValue]"
JsonObject: TypeAlias = "dict[str, JsonValue]"


class Unset(enum.Enum):
    """Type of :data:`UNSET`: a model field that is absent, as opposed to ``None`` (JSON null)."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = Unset.UNSET


class NotGiven(enum.Enum):
    """Type of :data:`NOT_GIVEN`: an argument the caller left out, as opposed to ``None``."""

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN: Final = NotGiven.NOT_GIVEN


@dataclass(frozen=True, slots=True)
class Unrecognized:
    """A value that no member of a ``oneOf``/``anyOf`` claimed, kept exactly as received."""

    raw: Any


class TypeMismatch(Exception):
    """Raised while parsing when a JSON value does not have the declared type."""


_E = TypeVar("_E", bound="OpenStrEnum")
_I = TypeVar("_I", bound="OpenIntEnum")


class OpenStrEnum(str, enum.Enum):
    """A string enum that keeps values it does not know instead of failing on them.

    ``Currency("XYZ")`` gives a member whose ``value`` is ``"XYZ"`` and whose ``is_known``
    is false, so a new value on the server never breaks the client and round-trips unchanged.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @classmethod
    def parse(cls: type[_E], value: Any) -> _E:
        if not isinstance(value, str):
            raise TypeMismatch(f"expected a string for {cls.__name__}, got {type(value).__name__}")
        known = cls._value2member_map_.get(value)  # the usual case, without Enum.__call__
        return known if known is not None else cls(value)  # type: ignore[return-value]

    @property
    def is_known(self) -> bool:
        return self._value_ in type(self)._value2member_map_

    def __str__(self) -> str:
        return str(self._value_)


class OpenIntEnum(int, enum.Enum):
    """An integer enum that keeps values it does not know; see :class:`OpenStrEnum`."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = "UNKNOWN"
        member._value_ = value
        return member

    @classmethod
    def parse(cls: type[_I], value: Any) -> _I:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeMismatch(
                f"expected an integer for {cls.__name__}, got {type(value).__name__}"
            )
        known = cls._value2member_map_.get(value)  # the usual case, without Enum.__call__
        return known if known is not None else cls(value)  # type: ignore[return-value]

    @property
    def is_known(self) -> bool:
        return self._value_ in type(self)._value2member_map_

    def __str__(self) -> str:
        return str(self._value_)

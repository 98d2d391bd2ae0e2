"""The base of every generated model, and the helpers its ``from_dict``/``to_dict`` call.

Generated models are slotted dataclasses whose ``from_dict`` reads each field on a straight
line: a value of the declared JSON type is taken as it is, and only anything else goes
through the tolerant path here (:func:`fix`, :func:`need`), which keeps the value exactly as
received in ``mismatched_fields``. So a value the annotation does not allow is never stored
in the attribute:

- an optional field that is missing, or null, or of the wrong type reads as its default
  (``None`` in a response model, ``UNSET`` in a model that is also sent);
- a required field that is missing or of the wrong type is left without a value: reading it
  raises an :class:`AttributeError` that says so (``hasattr`` tells, and ``to_dict`` leaves
  the key out, or writes back what was received).

``fields_set`` records which fields arrived, as openai-python's ``model_fields_set`` does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Final

from ._constants import PACKAGE
from ._types import UNSET, TypeMismatch

__all__ = ["MISSING", "Model", "arrived", "drop", "extra", "fix", "need"]

logger = logging.getLogger(PACKAGE)


class _Missing:
    """Type of :data:`MISSING`: a key that is not in the data at all."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


class Model:
    """What every generated model shares: comparison, ``repr``, and clear missing fields.

    ``_FIELDS`` maps each attribute to its JSON key; ``_KEYS`` maps the keys back.
    """

    __slots__ = ()
    _FIELDS: ClassVar[Mapping[str, str]] = {}
    _KEYS: ClassVar[Mapping[str, str]] = {}

    def __repr__(self) -> str:
        shown = (
            f"{name}={value!r}"
            for name in self._FIELDS
            if (value := getattr(self, name, MISSING)) is not MISSING and value is not UNSET
        )
        return f"{type(self).__name__}({', '.join(shown)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = (*self._FIELDS, "additional_properties", "mismatched_fields")
        return all(getattr(self, n, MISSING) == getattr(other, n, MISSING) for n in names)

    __hash__ = None  # type: ignore[assignment]  # mutable, like any dataclass with eq

    if not TYPE_CHECKING:  # type checkers must not believe every attribute exists

        def __getattr__(self, name: str) -> Any:
            key = type(self)._FIELDS.get(name)
            if key is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            raise AttributeError(
                f"{type(self).__name__}.{name} has no value: the required field {key!r} was "
                "missing from the data it was read from, or was not of its declared type "
                "(what was received is in mismatched_fields)"
            )


def fix(
    bad: dict[str, Any], key: str, value: Any, read: Callable[[Any], Any], default: Any = None
) -> Any:
    """An optional field whose value is not of the expected JSON type at first sight.

    ``read`` may still accept it (an integer where a number is declared); if it does not,
    the value is kept in ``bad`` and the field reads as ``default``.
    """
    try:
        return read(value)
    except TypeMismatch as exc:
        bad[key] = value
        logger.info("field %r kept as received: %s", key, exc)
        return default


def need(
    gone: list[str], bad: dict[str, Any], key: str, value: Any, read: Callable[[Any], Any]
) -> Any:
    """A required field: its value read by ``read``, or (missing or wrong) none at all.

    The field's key goes in ``gone``, and :func:`drop` takes the placeholder away again.
    """
    if value is MISSING:
        logger.info("required field %r is missing", key)
    else:
        try:
            return read(value)
        except TypeMismatch as exc:
            bad[key] = value
            logger.info("field %r kept as received: %s", key, exc)
    gone.append(key)
    return None


def drop(obj: Model, keys: Iterable[str]) -> None:
    """Leave the required fields of ``keys`` without a value (see :class:`Model`)."""
    for key in keys:
        delattr(obj, type(obj)._KEYS[key])


def extra(src: Mapping[str, Any], keys: Mapping[str, str]) -> dict[str, Any]:
    """The properties of ``src`` that the model does not declare, as received."""
    unknown = src.keys() - keys.keys()
    return {k: src[k] for k in src if k in unknown} if unknown else {}


def arrived(
    src: Mapping[str, Any], keys: Mapping[str, str], bad: Mapping[str, Any]
) -> frozenset[str]:
    """The attributes whose keys are in ``src`` and were read (not kept as received)."""
    found = src.keys() & keys.keys()
    if bad:
        found -= bad.keys()
    return frozenset(keys[k] for k in found)

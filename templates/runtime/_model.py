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

``fields_set`` says which fields arrived, as openai-python's ``model_fields_set`` does. A
model read from data keeps a view of the keys of that data to know it.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, ClassVar, Final

from ._constants import PACKAGE
from ._types import UNSET, TypeMismatch

__all__ = ["MISSING", "Model", "done", "extra", "fix", "fix_model", "lacking_to_dict", "need"]

logger = logging.getLogger(PACKAGE)


class _Missing:
    """Type of :data:`MISSING`: a key that is not in the data at all."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()


class Model:
    """What every generated model shares: comparison, ``repr``, ``fields_set``, and clear
    errors for required fields without a value.

    ``_FIELDS`` maps each attribute to its JSON key; ``_KEYS``, made from it for each class,
    maps the keys back. ``_READ_ONLY`` names the keys a request never carries.
    """

    __slots__ = ("_arrived", "_lacking")
    _FIELDS: ClassVar[Mapping[str, str]] = {}
    _KEYS: ClassVar[Mapping[str, str]] = {}
    _READ_ONLY: ClassVar[tuple[str, ...]] = ()
    _arrived: AbstractSet[str]  # the JSON keys that arrived (read from data), less mismatched
    _lacking: tuple[str, ...]  # required fields without a value
    mismatched_fields: dict[str, Any]  # each generated model declares these two as fields
    additional_properties: dict[str, Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._KEYS = {key: name for name, key in cls._FIELDS.items()}

    def __post_init__(self) -> None:  # built in Python, not read from data
        self._arrived = frozenset()
        self._lacking = ()

    def to_dict(self, *, for_request: bool = False) -> dict[str, Any]:
        """This model as JSON data (each generated model writes its own)."""
        raise NotImplementedError

    @property
    def fields_set(self) -> frozenset[str]:
        """The fields that arrived in the data this was read from (none when built in
        Python), as openai-python's ``model_fields_set``."""
        return frozenset(name for name, key in self._FIELDS.items() if key in self._arrived)

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


def fix_model(bad: dict[str, Any], key: str, value: Any, model: Any, default: Any = None) -> Any:
    """An optional field of a model type whose value is not a ``dict`` at first sight.

    Another mapping (or the model itself) is read as the model; anything else is kept in
    ``bad`` and the field reads as ``default``, as :func:`fix` does, without an exception.
    """
    if isinstance(value, (Mapping, model)):
        return model.from_dict(value)
    bad[key] = value
    logger.info("field %r kept as received: expected an object, got %s", key, type(value).__name__)
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


def done(obj: Model, src: Mapping[str, Any], bad: Mapping[str, Any], gone: Iterable[str]) -> None:
    """The end of ``from_dict``: remember which keys arrived, and leave the required fields
    whose keys are in ``gone`` without a value (see :class:`Model`)."""
    obj._arrived = src.keys() - bad.keys() if bad else src.keys()
    if not gone:  # the usual case, kept cheap: from_dict calls this for every object
        obj._lacking = ()
        return
    names = tuple(type(obj)._KEYS[key] for key in gone)
    for name in names:
        delattr(obj, name)
    obj._lacking = names


def lacking_to_dict(obj: Model, for_request: bool) -> dict[str, Any]:
    """``to_dict`` of a model with required fields without a value: they are left out."""
    stand_in = copy.copy(obj)
    for name in obj._lacking:
        setattr(stand_in, name, MISSING)
    stand_in._lacking = ()
    out = stand_in.to_dict(for_request=for_request)
    from ._serde import dump  # _serde imports this module

    for key in [k for k, v in out.items() if v is MISSING]:
        del out[key]
        if key in obj.mismatched_fields:  # a value of the wrong type: written back as it came
            out[key] = dump(obj.mismatched_fields[key], for_request)
    return out


def extra(src: Mapping[str, Any], keys: Mapping[str, str]) -> dict[str, Any]:
    """The properties of ``src`` that the model does not declare, as received."""
    return {k: v for k, v in src.items() if k not in keys}

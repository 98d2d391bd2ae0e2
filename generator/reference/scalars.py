"""Scalars a JSON example gives as strings, written as the Python objects a caller passes.

``"2019-08-24T14:15:22Z"`` becomes ``datetime.datetime(2019, 8, 24, 14, 15, 22,
tzinfo=datetime.timezone.utc)``, a ``date`` a ``datetime.date(...)``, a ``uuid`` a
``uuid.UUID("...")``: each parsed first, so only a value the type really holds is written
(else :class:`Mismatch`). Strings and bytes are written as black writes their literals.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable

from generator.layout import string
from generator.pycode import Atom, Expr, call

__all__ = ["SCALARS", "Mismatch", "bytes_literal", "string"]

_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?([Zz]|[+-]\d{2}:\d{2})"
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


class Mismatch(Exception):
    """The value does not fit the type; the message says where and why."""


def _datetime(value: str, path: str) -> Expr:
    match = _DATETIME.fullmatch(value)
    if match is None:
        raise Mismatch(f"{path}: {value!r} is not a date-time with an offset")
    fraction = (match.group(7) or "").ljust(6, "0")
    numbers = [int(g) for g in match.groups()[:6]] + [int(fraction or 0)]
    try:
        year, month, day, hour, minute, second, micro = numbers
        datetime.datetime(year, month, day, hour, minute, second, micro)
    except ValueError as exc:
        raise Mismatch(f"{path}: {value!r} is not a valid date-time") from exc
    while len(numbers) > 5 and numbers[-1] == 0:
        numbers.pop()  # 14:15:00 reads as (14, 15)
    args = [Atom(str(n)) for n in numbers]
    return call("datetime.datetime", *args, tzinfo=_timezone(match.group(8)))


def _date(value: str, path: str) -> Expr:
    match = _DATE.fullmatch(value)
    if match is None:
        raise Mismatch(f"{path}: {value!r} is not a date")
    parts = [int(g) for g in match.groups()]
    try:
        datetime.date(*parts)
    except ValueError as exc:
        raise Mismatch(f"{path}: {value!r} is not a valid date") from exc
    return call("datetime.date", *(Atom(str(p)) for p in parts))


def _uuid(value: str, path: str) -> Expr:
    try:
        uuid.UUID(value)
    except ValueError as exc:
        raise Mismatch(f"{path}: {value!r} is not a UUID") from exc
    return call("uuid.UUID", Atom(string(value)))


#: primitive kind -> (the module its code imports, how a JSON string is written)
SCALARS: dict[str, tuple[str, Callable[[str, str], Expr]]] = {
    "datetime": ("datetime", _datetime),
    "date": ("datetime", _date),
    "uuid": ("uuid", _uuid),
}


def bytes_literal(data: bytes) -> str:
    """A bytes literal as black writes it (double quotes)."""
    out = []
    for byte in data:
        char = chr(byte)
        if char in '"\\':
            out.append("\\" + char)
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append({"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(char, f"\\x{byte:02x}"))
    return 'b"' + "".join(out) + '"'


def _timezone(offset: str) -> Expr:
    if offset in ("Z", "z", "+00:00", "-00:00"):
        return Atom("datetime.timezone.utc")
    sign = -1 if offset[0] == "-" else 1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    parts = {"hours": Atom(str(sign * hours))} if hours else {}
    if minutes:
        parts["minutes"] = Atom(str(sign * minutes))
    return call("datetime.timezone", call("datetime.timedelta", **parts))

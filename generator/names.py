"""Turn arbitrary spec text into valid, stable Python identifiers.

Every function here is pure and deterministic: the same input always gives the same name,
whatever else is in the spec. Clashes are settled by :class:`NameRegistry` in a fixed order.
"""

from __future__ import annotations

import hashlib
import keyword
import re
import unicodedata

__all__ = [
    "MAX_MODULE_NAME",
    "NameRegistry",
    "alias_parser",
    "class_name",
    "enum_member_name",
    "is_identifier",
    "module_name",
    "singular",
    "snake_name",
    "words",
]

_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+")
# Names a generated attribute or argument must not take: in a class body they would shadow
# the generated methods, or the builtins and imports that later annotations refer to.
_RESERVED_ATTRS = frozenset({
    "from_dict", "to_dict", "additional_properties", "mismatched_fields", "fields_set", "field",
    "dataclass",
    "str", "int", "float", "bool", "bytes", "list", "dict", "set", "tuple", "frozenset",
    "datetime", "uuid", "builtins", "self", "cls", "classmethod", "staticmethod", "property",
    "super", "object",
})  # fmt: skip
_SOFT_KEYWORDS = frozenset({"match", "case", "type", "_"})


def _ascii(text: str) -> str:
    normalized = unicodedata.normalize("NFKD", text)
    return normalized.encode("ascii", "ignore").decode("ascii")


def words(text: str) -> list[str]:
    """Split ``text`` into words on case changes, digits and any non-alphanumeric character."""
    return _WORD.findall(_ascii(text).replace("'", ""))


def is_identifier(name: str) -> bool:
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name)


def class_name(text: str, fallback: str = "Model") -> str:
    """``country-codes`` -> ``CountryCodes``; a leading digit gets the fallback as prefix."""
    parts = words(text)
    name = "".join(p[:1].upper() + p[1:] for p in parts) or fallback
    if name[0].isdigit():
        name = fallback + name
    return name if is_identifier(name) else fallback


def snake_name(text: str, fallback: str = "value") -> str:
    """``shipmentUUID`` -> ``shipment_uuid``; keywords get a trailing underscore."""
    name = "_".join(p.lower() for p in words(text)) or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or name in _SOFT_KEYWORDS or name in _RESERVED_ATTRS:
        name += "_"
    return name


def singular(name: str) -> str:
    """``CountryCodes`` -> ``CountryCode``, ``Currencies`` -> ``Currency``; ``Status`` stays."""
    lower = name.lower()
    if lower.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and len(name) > 3:
        return name[:-1]
    return name


#: Longest module name (the file name less ``.py``); longer ones are cut, with a hash suffix.
MAX_MODULE_NAME = 80
# Device names Windows reserves in any folder, whatever the extension: "con.py" cannot exist.
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"{d}{n}" for d in ("com", "lpt") for n in range(1, 10)}
)


def module_name(text: str) -> str:
    """A module (file) name: snake case, not a keyword, a Windows device name or too long."""
    name = snake_name(text, fallback="module").rstrip("_") or "module"
    if keyword.iskeyword(name) or name in _SOFT_KEYWORDS or name in _WINDOWS_RESERVED:
        return name + "_"
    if len(name) > MAX_MODULE_NAME:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        name = f"{name[: MAX_MODULE_NAME - 9].rstrip('_')}_{digest}"
    return name


def alias_parser(name: str) -> str:
    """``ShipmentDeleteRequest`` -> ``parse_shipment_delete_request``."""
    return "parse_" + snake_name(name).rstrip("_")


def enum_member_name(value: object) -> str:
    """``"home_delivery"`` -> ``HOME_DELIVERY``; ``0`` -> ``VALUE_0``; ``"a+"`` -> ``A_PLUS``."""
    text = str(value)
    if re.search(r"\w", text):
        # "+" and a sign or lone "-" are spelled out ("a+" is not "a", "-1" is not "1"),
        # while a dash between words only separates them ("dark-blue" -> DARK_BLUE).
        text = text.replace("+", " plus ")
        text = re.sub(r"(?<![A-Za-z0-9])-|-(?![A-Za-z0-9])", " minus ", text)
    if not re.search(r"[A-Za-z0-9]", _ascii(text)):
        # Nothing to spell: name it after its code points ("-" -> U002D, "" -> EMPTY).
        return "_".join(f"U{ord(c):04X}" for c in text) or "EMPTY"
    name = "_".join(p.upper() for p in words(text)) or "EMPTY"
    if name[0].isdigit():
        name = "VALUE_" + name
    return name if is_identifier(name) else "VALUE"


class NameRegistry:
    """Hands out unique names, adding a numeric suffix on a clash (``Name``, ``Name2``...).

    With ``fold_case`` two names that differ only by case clash too: they become files,
    and not every file system tells them apart. Each claim is linear in the number of
    earlier claims of the same name, so thousands of values that sanitise alike stay cheap.
    """

    def __init__(self, taken: set[str] | None = None, *, fold_case: bool = False) -> None:
        self._fold = fold_case
        self._taken: set[str] = {self._key(n) for n in taken or ()}
        self._next: dict[str, int] = {}

    def _key(self, name: str) -> str:
        return name.casefold() if self._fold else name

    def claim(self, wanted: str, sep: str = "") -> str:
        name = wanted
        n = self._next.get(self._key(wanted), 2)
        while self._key(name) in self._taken or keyword.iskeyword(name):
            name = f"{wanted}{sep}{n}"
            n += 1
        self._next[self._key(wanted)] = n
        self._taken.add(self._key(name))
        return name

    def reserve(self, name: str) -> None:
        """Take ``name`` without handing it out: only whoever reserved it may use it."""
        self._taken.add(self._key(name))

    def taken(self) -> frozenset[str]:
        """Every name handed out or reserved so far."""
        return frozenset(self._taken)

    def __contains__(self, name: str) -> bool:
        return self._key(name) in self._taken

"""Primitive types in one table: how a JSON Schema ``type``/``format`` becomes Python.

Each :class:`Primitive` says everything the generator needs about one kind of scalar: its
annotation, the standard-library module the annotation needs, the JSON type it is read
from, the runtime reader in ``_serde`` and whether ``to_dict`` must convert it back. The
type algebra (``generator.types``), the Python spelling (``generator.syntax``) and the tests
that check the runtime has every reader all derive from this table, so adding a format
means adding one row.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PRIMITIVES", "Primitive", "primitive_for"]


@dataclass(frozen=True)
class Primitive:
    kind: str  # the name the type algebra uses: Prim(kind)
    annotation: str  # how it reads in Python
    module: str | None  # the module the annotation needs (``import <module>``)
    json: str  # the JSON value kind it is read from: str, int, float or bool
    reader: str  # the ``_serde`` function that reads it (raises TypeMismatch on a wrong type)
    converts: bool  # to_dict must turn it back into JSON (it is not a JSON value itself)
    schema_type: str  # the JSON Schema ``type`` it comes from
    schema_format: str | None = None  # ... and the ``format``, if any


PRIMITIVES: dict[str, Primitive] = {
    p.kind: p
    for p in (
        Primitive("str", "str", None, "str", "as_str", False, "string"),
        Primitive("int", "int", None, "int", "as_int", False, "integer"),
        Primitive("float", "float", None, "float", "as_float", False, "number"),
        Primitive("bool", "bool", None, "bool", "as_bool", False, "boolean"),
        Primitive(
            "datetime", "datetime.datetime", "datetime", "str", "as_datetime", True, "string",
            "date-time",
        ),
        Primitive("date", "datetime.date", "datetime", "str", "as_date", True, "string", "date"),
        Primitive("uuid", "uuid.UUID", "uuid", "str", "as_uuid", True, "string", "uuid"),
        # An exact amount, sent as text: read as the text it is; a Decimal may be sent too.
        Primitive("decimal", "str", None, "str", "as_str", True, "string", "decimal"),
    )
}  # fmt: skip

_BY_SCHEMA = {(p.schema_type, p.schema_format): p for p in PRIMITIVES.values()}


def primitive_for(schema_type: str, schema_format: object = None) -> Primitive | None:
    """The primitive for a JSON Schema ``type`` and ``format``; unknown formats fall back."""
    if isinstance(schema_format, str) and (schema_type, schema_format) in _BY_SCHEMA:
        return _BY_SCHEMA[(schema_type, schema_format)]
    return _BY_SCHEMA.get((schema_type, None))

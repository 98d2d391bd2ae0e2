"""How models, enums and type aliases read in Python, worked out before any template runs.

Each ``*_view`` function turns one class of the intermediate model into a view: the
annotations, readers, docstrings and import lines its template places as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.imports import ImportBlock, Location
from generator.model import Enum, Field, Model, UnionAlias
from generator.names import alias_parser
from generator.present.context import ApiContext
from generator.present.fields import FieldView, field_view, sends
from generator.syntax import Spelling, Symbol, annotation, literal, reader
from generator.text import docstring
from generator.types import Union

__all__ = [
    "AliasView",
    "EnumView",
    "ModelView",
    "alias_view",
    "enum_view",
    "model_view",
]

MODELS = Location(depth=1, in_models=True)


@dataclass
class ModelView:
    name: str
    pointer: str
    doc: str
    deprecated: bool
    fields: list[FieldView]
    private_readers: list[tuple[str, str, str]]  # function, annotation, expression
    read_only_keys: str  # a tuple literal, "" for none
    attributes: str  # the attribute -> JSON key mapping, as a dict literal
    has_required: bool
    imports: ImportBlock = field(default_factory=ImportBlock)


def model_view(model: Model, ctx: ApiContext) -> ModelView:
    sp = Spelling()
    for name in ("dataclass", "field"):
        sp.use(Symbol("from", "dataclasses", name))
    sp.use(Symbol("from", "typing", "Any"))
    sp.use(Symbol("from", "typing", "ClassVar"))
    sp.serde("as_dict")
    for name in ("Model", "extra", "arrived"):
        sp.runtime("_model", name)
    private: list[tuple[str, str, str]] = []
    fields = [field_view(f, model.direction, sp, private) for f in model.fields]
    for view, f in zip(fields, model.fields, strict=True):
        view.doc = docstring(f.description, " ".join(_notes(f)), indent=4)
        if f.deprecated:
            sp.serde("warn_deprecated")
    has_required = any(not v.default for v in fields)
    if has_required:
        sp.runtime("_model", "drop")
    keys = model.read_only_keys if sends(model.direction) else []
    attributes = ", ".join(f"{literal(f.name)}: {literal(f.key)}" for f in model.fields)
    return ModelView(
        name=model.name,
        pointer=docstring(model.pointer, indent=0),
        doc=docstring(model.description or model.name, indent=4),
        deprecated=model.deprecated,
        fields=fields,
        private_readers=private,
        read_only_keys=repr(tuple(keys)) if keys else "",
        attributes="{" + attributes + "}",
        has_required=has_required,
        imports=ctx.imports(sp, MODELS, model.name),
    )


def _notes(f: Field) -> list[str]:
    notes = []
    if f.deprecated:
        notes.append("Deprecated.")
    if f.read_only:
        notes.append("Read-only: never sent in requests.")
    if f.write_only:
        notes.append("Write-only: the server does not return it.")
    if f.default is not None:
        notes.append(f"Server default: {f.default!r}.")
    return notes


@dataclass
class EnumView:
    name: str
    pointer: str
    doc: str
    base: str  # OpenStrEnum or OpenIntEnum
    members: list[tuple[str, str]]  # name, value literal
    imports: ImportBlock = field(default_factory=ImportBlock)


def enum_view(enum: Enum, ctx: ApiContext) -> EnumView:
    sp = Spelling()
    base = sp.runtime("_types", "OpenStrEnum" if enum.base == "str" else "OpenIntEnum")
    return EnumView(
        name=enum.name,
        pointer=docstring(enum.pointer, indent=0),
        doc=docstring(enum.description or enum.name, indent=4),
        base=base,
        members=[(m.name, literal(m.value)) for m in enum.members],
        imports=ctx.imports(sp, MODELS, enum.name),
    )


@dataclass
class AliasView:
    name: str
    kind: str  # "union" or "type", for the module docstring
    pointer: str
    doc: str
    annotation: str  # as a string literal: the alias may name classes imported after it
    parser: str
    reader: str
    imports: ImportBlock = field(default_factory=ImportBlock)


def alias_view(alias: UnionAlias, ctx: ApiContext) -> AliasView:
    sp = Spelling()
    sp.use(Symbol("from", "typing", "Any"))
    sp.use(Symbol("from", "typing", "TypeAlias"))
    return AliasView(
        name=alias.name,
        kind="union" if isinstance(alias.type, Union) else "type",
        pointer=docstring(alias.pointer, indent=0),
        doc=docstring(alias.description, indent=0),
        annotation=repr(annotation(alias.type, sp)),
        parser=alias_parser(alias.name),
        reader=reader(alias.type, "v", sp),
        imports=ctx.imports(sp, MODELS, alias.name),
    )

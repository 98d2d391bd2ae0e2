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
from generator.syntax import Spelling, Symbol, annotation, literal, parser, reader
from generator.text import docstring
from generator.types import Union

__all__ = [
    "AliasView",
    "EnumView",
    "FieldView",
    "ModelView",
    "alias_view",
    "enum_view",
    "model_view",
]

MODELS = Location(depth=1, in_models=True)


@dataclass
class FieldView:
    name: str
    key: str  # the JSON key as a Python literal
    annotation: str
    optional: bool  # defaults to UNSET
    doc: str
    reader: str  # the expression from_dict uses
    condition: str  # when to_dict writes the field ("" for always)
    value: str  # what to_dict writes
    deprecated: bool


@dataclass
class ModelView:
    name: str
    pointer: str
    doc: str
    deprecated: bool
    fields: list[FieldView]
    private_readers: list[tuple[str, str, str]]  # function, annotation, expression
    read_only_keys: str  # a tuple literal, "" for none
    imports: ImportBlock = field(default_factory=ImportBlock)


def model_view(model: Model, ctx: ApiContext) -> ModelView:
    sp = Spelling()
    for name in ("dataclass", "field"):
        sp.use(Symbol("from", "dataclasses", name))
    sp.use(Symbol("from", "typing", "Any"))
    sp.serde("as_dict")
    fields: list[FieldView] = []
    private: list[tuple[str, str, str]] = []
    for f in model.fields:
        fields.append(_field_view(f, sp, private))
    keys = model.read_only_keys
    return ModelView(
        name=model.name,
        pointer=docstring(model.pointer, indent=0),
        doc=docstring(model.description or model.name, indent=4),
        deprecated=model.deprecated,
        fields=fields,
        private_readers=private,
        read_only_keys=literal(tuple(keys)) if keys else "",
        imports=ctx.imports(sp, MODELS, model.name),
    )


def _field_view(f: Field, sp: Spelling, private: list[tuple[str, str, str]]) -> FieldView:
    ann = annotation(f.type, sp)
    if not f.required:
        ann = f"{ann} | {sp.runtime('_types', 'Unset')}"
        sp.runtime("_types", "UNSET")
    conditions = [] if f.required else [f"self.{f.name} is not UNSET"]
    if f.read_only:
        conditions.append("not for_request")
    value = f"self.{f.name}"
    if f.type.needs_dump:
        value = f"{sp.serde('dump')}({value}, for_request)"
    if f.deprecated:
        sp.serde("warn_deprecated")
    return FieldView(
        name=f.name,
        key=literal(f.key),
        annotation=ann,
        optional=not f.required,
        doc=docstring(f.description, " ".join(_notes(f)), indent=4),
        reader=_field_reader(f, sp, private),
        condition=" and ".join(conditions),
        value=value,
        deprecated=f.deprecated,
    )


def _field_reader(f: Field, sp: Spelling, private: list[tuple[str, str, str]]) -> str:
    """``_s.optional(src, bad, "key", reader)``: takes the key out of ``src`` and reads it."""
    t = f.type
    fn = "required" if f.required else "optional"
    key = literal(f.key)
    if isinstance(t, Union) and t.is_optional:
        probe = Spelling(sp.shadowed)
        inner = parser(t.non_null[0], probe)
        if inner is not None:
            sp.needs |= probe.needs
            return f"{sp.serde(fn + '_or_none')}(src, bad, {key}, {inner})"
    callable_ = parser(t, sp)
    if callable_ is None:
        callable_ = f"_parse_{f.name}"
        private.append((callable_, annotation(t, sp), reader(t, "v", sp)))
    return f"{sp.serde(fn)}(src, bad, {key}, {callable_})"


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
        annotation=literal(annotation(alias.type, sp)),
        parser=alias_parser(alias.name),
        reader=reader(alias.type, "v", sp),
        imports=ctx.imports(sp, MODELS, alias.name),
    )

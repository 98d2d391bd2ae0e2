"""How models, enums and type aliases read in Python, worked out before any template runs.

Each ``*_view`` function turns one class of the intermediate model into a view: the
annotations, readers, docstrings and import lines its template places as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator import layout, pycode
from generator.format import LINE_LENGTH
from generator.imports import ImportBlock, Location
from generator.model import Enum, Field, Model, UnionAlias
from generator.names import alias_parser, is_identifier
from generator.present.context import ApiContext
from generator.present.fields import FieldView, field_view, is_required
from generator.pycode import Atom, Group, Item, assigned
from generator.syntax import (
    Spelling,
    Symbol,
    annotation,
    literal,
    member_terms,
    members,
    reader_expr,
)
from generator.text import docstring
from generator.types import Union

__all__ = [
    "AliasView",
    "EnumView",
    "ModelView",
    "ParamView",
    "alias_view",
    "enum_view",
    "model_view",
]

MODELS = Location(depth=1, in_models=True)


@dataclass
class ParamView:
    """The TypedDict twin of a model that is sent: the same data as a plain dict."""

    name: str
    class_form: bool  # every key is an identifier: a class statement, else TypedDict(...)
    items: list[tuple[str, str, str]]  # JSON key as a literal, the key itself, annotation
    # (in the TypedDict(...) form, the annotation as the string literal of its value)
    doc: str
    lines: list[str]  # the class form's ``key: annotation`` statements, laid out

    @property
    def class_line(self) -> str:
        """The class form's ``class`` line, laid out."""
        return layout.bracketed(f"class {self.name}", "TypedDict, total=False", ":", 0)


@dataclass
class ModelView:
    name: str
    pointer: str
    doc: str
    deprecated: bool
    fields: list[FieldView]
    private_readers: list[tuple[str, str, str]]  # function, def line(s), statement
    read_only: str  # the statement of ``_READ_ONLY``, the read-only keys, laid out; "" for none
    attributes: str  # the statement of ``_FIELDS``, attribute -> JSON key, laid out
    has_required: bool
    param: ParamView | None
    imports: ImportBlock = field(default_factory=ImportBlock)

    @property
    def exports(self) -> list[str]:
        return [self.name, self.param.name] if self.param else [self.name]

    @property
    def writes_v(self) -> bool:
        """Whether ``to_dict`` reads fields into ``v`` (declared ``Any``: it holds each in turn)."""
        return any(f.writes_v for f in self.fields)

    @property
    def class_line(self) -> str:
        """``class <name>(_m.Model):``, laid out."""
        return layout.bracketed(f"class {self.name}", "_m.Model", ":", 0)

    @property
    def from_dict_line(self) -> str:
        """``from_dict``'s ``def`` line, laid out."""
        return layout.bracketed("def from_dict", "cls, data: Any", f" -> {self.name}:", 4)


def model_view(model: Model, ctx: ApiContext) -> ModelView:
    sp = ctx.spelling()
    for name in ("dataclass", "field"):
        sp.use(Symbol("from", "dataclasses", name))
    sp.use(Symbol("from", "typing", "Any"))
    sp.use(Symbol("from", "typing", "ClassVar"))
    sp.serde("as_dict")
    for name in ("Model", "extra", "done"):
        sp.runtime("_model", name)  # the template uses them, whatever the fields
    private: list[tuple[str, str, str]] = []
    fields = [field_view(f, model.direction, sp, private) for f in model.fields]
    for view, f in zip(fields, model.fields, strict=True):
        view.doc = docstring(f.description, " ".join(_notes(f)), indent=4)
        if f.deprecated:
            sp.serde("warn_deprecated")
    has_required = any(not v.default for v in fields)
    if has_required:
        sp.runtime("_model", "lacking_to_dict")
    pairs = [(literal(f.name), literal(f.key)) for f in model.fields]
    attributes = layout.mapping("_FIELDS: ClassVar[dict[str, str]]", pairs, 4)
    return ModelView(
        name=model.name,
        pointer=docstring(model.pointer, indent=0),
        doc=docstring(model.description or model.name, indent=4),
        deprecated=model.deprecated,
        fields=fields,
        private_readers=private,
        read_only=_read_only(model.read_only_keys),
        attributes=attributes,
        has_required=has_required,
        param=_param_view(model, sp) if model.param else None,
        imports=ctx.imports(sp, MODELS, model.name),
    )


def _param_view(model: Model, sp: Spelling) -> ParamView:
    """``<Model>Param``: a TypedDict of the keys a request carries (read-only ones never)."""
    sp.use(Symbol("from", "typing", "TypedDict"))
    items, lines = [], []
    for f in model.fields:
        if f.read_only:
            continue
        ann = " | ".join(members(f.type, sp, inputs=True))
        union = member_terms(f.type, sp, inputs=True)
        if is_required(f, "request"):
            required = sp.use(Symbol("checking", "typing", "Required"))
            ann = f"{required}[{ann}]"
            lines.append(layout.subscripted(f.key, required, union, 4))
        else:
            lines.append(layout.annotated(f.key, union, "", 4))
        items.append((literal(f.key), f.key, ann))
    class_form = all(is_identifier(key) for _, key, _ in items)
    if not class_form:  # TypedDict(...) takes the annotations as values: strings, then
        items = [(key, raw, _string_value(key, ann)) for key, raw, ann in items]
    doc = f"{model.name} as a plain dict of its JSON keys, for the methods that send it."
    indent = 4 if class_form else 0
    return ParamView(model.param, class_form, items, docstring(doc, indent=indent), lines)


def _string_value(key: str, annotation: str) -> str:
    """``annotation`` as the string value of ``key`` in a dict display, laid out as black
    would: on the key's line if it fits, else in parentheses on a line of its own (black
    cannot split a string, so a line still too long says so to ruff)."""
    text = literal(annotation)
    if 8 + len(key) + 2 + len(text) + 1 <= LINE_LENGTH:
        return text
    noqa = "  # noqa: E501" if 12 + len(text) > LINE_LENGTH else ""
    return f"(\n            {text}{noqa}\n        )"


def _notes(f: Field) -> list[str]:
    notes = list(f.notes)
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
    literal: str  # the name of the Literal alias of its values ("" for none)
    literal_values: str  # the statement "XValue: TypeAlias = Literal['a', 'b']", laid out
    literal_doc: str
    imports: ImportBlock = field(default_factory=ImportBlock)

    @property
    def exports(self) -> list[str]:
        return [self.name, self.literal] if self.literal else [self.name]


def enum_view(enum: Enum, ctx: ApiContext) -> EnumView:
    sp = ctx.spelling()
    base = sp.runtime("_types", "OpenStrEnum" if enum.base == "str" else "OpenIntEnum")
    return EnumView(
        name=enum.name,
        pointer=docstring(enum.pointer, indent=0),
        doc=docstring(enum.description or enum.name, indent=4),
        base=base,
        members=[(m.name, literal(m.value)) for m in enum.members],
        literal=enum.literal,
        literal_values=_literal_values(enum, sp) if enum.literal else "",
        literal_doc=docstring(
            f"The values of :class:`{enum.name}` as plain literals: either may be sent.", indent=0
        ),
        imports=ctx.imports(sp, MODELS, enum.name),
    )


def _literal_values(enum: Enum, sp: Spelling) -> str:
    """``<Enum>Value: TypeAlias = Literal[...]``, laid out as black would."""
    alias = sp.use(Symbol("from", "typing", "TypeAlias"))
    items = tuple(Item(Atom(literal(m.value))) for m in enum.members)
    values = Group(f"{sp.use(Symbol('from', 'typing', 'Literal'))}[", items, "]")
    return "\n".join(pycode.layout(values, 0, f"{enum.literal}: {alias} = ", "", LINE_LENGTH))


@dataclass
class AliasView:
    name: str
    kind: str  # "union" or "type", for the module docstring
    pointer: str
    doc: str
    declaration: str  # ``Name: TypeAlias = "<annotation>"``, laid out; a string literal,
    # since the alias may name classes imported after it
    parser: str
    header: str  # the parser's ``def`` line(s), laid out
    reader: str  # the statement ``parsed: <name> = <reader>``, laid out
    imports: ImportBlock = field(default_factory=ImportBlock)

    @property
    def exports(self) -> list[str]:
        return [self.name, self.parser]


def alias_view(alias: UnionAlias, ctx: ApiContext) -> AliasView:
    sp = ctx.spelling()
    sp.use(Symbol("from", "typing", "Any"))
    sp.use(Symbol("from", "typing", "TypeAlias"))
    return AliasView(
        name=alias.name,
        kind="union" if isinstance(alias.type, Union) else "type",
        pointer=docstring(alias.pointer, indent=0),
        doc=docstring(alias.description, indent=0),
        declaration=layout.assignment(
            f"{alias.name}: TypeAlias", [literal(annotation(alias.type, sp))], 0
        ),
        parser=alias_parser(alias.name),
        header=layout.signature(alias_parser(alias.name), "v: Any", [alias.name]),
        reader=assigned(f"parsed: {alias.name}", reader_expr(alias.type, "v", sp), 4, LINE_LENGTH),
        imports=ctx.imports(sp, MODELS, alias.name),
    )


def _read_only(keys: list[str]) -> str:
    """``_READ_ONLY``: the keys ``to_dict`` leaves out of a request, even as values kept as
    received (in a model of any direction: a caller may send one read from a response)."""
    if not keys:
        return ""
    names: layout.Part = literal(tuple(keys))
    if len(keys) > 1:  # a call-like part, so that a long tuple is split as black splits it
        names = layout.Call("(", tuple(literal(k) for k in keys))
    return layout.assignment("_READ_ONLY: ClassVar[tuple[str, ...]]", [names], 4)

"""How the type algebra reads in Python: annotations, readers and the imports they need.

Nothing here is stored in the intermediate model. The render step calls these functions
(as Jinja filters) with a :class:`Spelling`, which records every :class:`Symbol` the text
uses; a module's import lines are then derived from those symbols, never from searching
the text. A spelling also knows which builtins a module shadows (a resource method named
``list``), and spells them ``builtins.list`` there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.formats import PRIMITIVES
from generator.layout import Sub, Term, string, union_flat
from generator.names import alias_parser
from generator.pycode import Atom, Comp, Expr, Group, Item
from generator.types import (
    AnyJson,
    Binary,
    Const,
    ListOf,
    MapOf,
    Null,
    Prim,
    Ref,
    TupleOf,
    Type,
    Union,
)

__all__ = [
    "MODULE_ALIASES",
    "Spelling",
    "Symbol",
    "annotation",
    "input_annotation",
    "literal",
    "literal_safe",
    "members",
    "member_terms",
    "parser",
    "reader",
    "reader_expr",
    "terms",
]


@dataclass(frozen=True, order=True)
class Symbol:
    """One name a generated module needs, and where it comes from.

    ``source`` is ``import`` (``import <module>``), ``from`` (``from <module> import
    <name>``), ``runtime`` (a name from one of the package's runtime modules), ``module``
    (a runtime module under a short alias: ``_serde`` as ``_s``, ``_model`` as ``_m``),
    ``checking`` (``from <module> import <name>`` for type checkers only: annotations are
    never evaluated), ``class`` (a generated class, by name) or ``parser``
    (the ``parse_*`` function of a generated type alias).
    """

    source: str
    module: str = ""
    name: str = ""


#: Runtime modules generated code refers to through a short alias, and the alias.
MODULE_ALIASES = {"_serde": "_s", "_model": "_m"}


@dataclass
class Spelling:
    """Collects the symbols some rendered text uses; see the module docstring.

    ``inputs`` maps a generated class to the companion a caller may pass instead of it
    (a model's ``Param`` TypedDict, an enum's ``Value`` literals): see :func:`input_annotation`.
    """

    shadowed: frozenset[str] = frozenset()
    needs: set[Symbol] = field(default_factory=set)
    inputs: Mapping[str, str] = field(default_factory=dict)

    def use(self, symbol: Symbol) -> str:
        """Record ``symbol`` and return how the text refers to it."""
        self.needs.add(symbol)
        if symbol.source == "import":
            return symbol.module
        if symbol.source == "module":
            return MODULE_ALIASES[symbol.module]
        if symbol.source == "parser":
            return alias_parser(symbol.name)
        if symbol.source == "class":
            return symbol.module or symbol.name
        return symbol.name

    def builtin(self, name: str) -> str:
        """A builtin such as ``list``, as ``builtins.list`` where the module shadows it."""
        if name in self.shadowed:
            return f"{self.use(Symbol('import', 'builtins'))}.{name}"
        return name

    def runtime(self, module: str, name: str) -> str:
        """A runtime name: through its module's alias when it has one (``_s.dump``)."""
        if module in MODULE_ALIASES:
            return f"{self.use(Symbol('module', module))}.{name}"
        return self.use(Symbol("runtime", module, name))

    def serde(self, function: str) -> str:
        return self.runtime("_serde", function)


def literal_safe(value: object) -> bool:
    """Whether ``value`` may appear in ``Literal[...]`` (an int of at most 64 bits)."""
    return not isinstance(value, int) or isinstance(value, bool) or -(2**63) <= value < 2**64


def literal(value: object) -> str:
    """A JSON scalar (or a tuple or list of them) as a Python literal, spelled as black
    would spell it, so that black has less to change; float specials become
    ``float("nan")`` and so on."""
    if isinstance(value, str):
        return string(value)
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return f'float("{value}")'
    if isinstance(value, tuple):
        items = [literal(v) for v in value]
        return f"({', '.join(items)}{',' if len(items) == 1 else ''})"
    if isinstance(value, list):
        return f"[{', '.join(literal(v) for v in value)}]"
    return repr(value)


def annotation(t: Type, sp: Spelling) -> str:
    """The annotation of ``t``."""
    if isinstance(t, Prim):
        prim = PRIMITIVES[t.kind]
        if prim.module is not None:
            sp.use(Symbol("import", prim.module))
            return prim.annotation
        return sp.builtin(prim.annotation)
    if isinstance(t, Null):
        return "None"
    if isinstance(t, AnyJson):
        return sp.runtime("_types", "JsonObject" if t.object_only else "JsonValue")
    if isinstance(t, Binary):
        return sp.builtin("bytes")
    if isinstance(t, Const):
        if t.value is None:
            return "None"
        if isinstance(t.value, float):
            return sp.builtin("float")  # PEP 586 allows no float literals; the reader checks
        if not literal_safe(t.value):
            return sp.builtin("int")  # type checkers take no huge literals; the reader checks
        # repr, not literal(): api-report.json records annotations, and a new spelling of
        # an unchanged type would read as a breaking change to the next release's diff.
        return f"{sp.use(Symbol('from', 'typing', 'Literal'))}[{t.value!r}]"
    if isinstance(t, ListOf):
        return f"{sp.builtin('list')}[{annotation(t.item, sp)}]"
    if isinstance(t, TupleOf):
        parts = [annotation(i, sp) for i in t.items]
        if t.rest is not None:
            # Python 3.10 cannot spell "these, then any number of those": widen the rest.
            rest = annotation(t.rest, sp)
            return f"{sp.builtin('tuple')}[{' | '.join(dict.fromkeys([*parts, rest]))}, ...]"
        return f"{sp.builtin('tuple')}[{', '.join(parts) or '()'}]"
    if isinstance(t, MapOf):
        return f"{sp.builtin('dict')}[{sp.builtin('str')}, {annotation(t.value, sp)}]"
    if isinstance(t, Ref):
        return sp.use(Symbol("class", name=t.name))
    if isinstance(t, Union):
        return " | ".join(members(t, sp))
    raise TypeError(f"no annotation for {t!r}")


def members(t: Type, sp: Spelling, inputs: bool = False) -> list[str]:
    """The annotations ``|`` joins at the top of ``t``'s annotation (of its
    ``input_annotation`` when ``inputs``), each once. The layout needs them apart."""
    if not isinstance(t, Union):
        return _input_members(t, sp) if inputs else [annotation(t, sp)]
    parts: list[str] = []
    for m in t.members:
        if not isinstance(m, Null):
            parts += _input_members(m, sp) if inputs else [annotation(m, sp)]
    if t.fallback and not inputs:
        parts.append(sp.runtime("_types", "Unrecognized"))
    if any(isinstance(m, Null) for m in t.members):
        parts.append("None")
    return list(dict.fromkeys(parts))


def terms(t: Type, sp: Spelling) -> list[str]:
    """The operands of the ``|`` at the top of ``t``'s annotation, which black may put on a
    line each: :func:`members`, with a member that is itself a union spelt as its own terms
    (``" | ".join(terms(t, sp)) == annotation(t, sp)``)."""
    if not isinstance(t, Union):
        return [annotation(t, sp)]
    spelt: dict[str, list[str]] = {}
    for m in t.members:
        if not isinstance(m, Null):
            spelt.setdefault(annotation(m, sp), terms(m, sp))
    if t.fallback:
        unrecognized = sp.runtime("_types", "Unrecognized")
        spelt.setdefault(unrecognized, [unrecognized])
    if any(isinstance(m, Null) for m in t.members):
        spelt.setdefault("None", ["None"])
    return [term for split in spelt.values() for term in split]


def member_terms(t: Type, sp: Spelling, inputs: bool = False) -> list[Term]:
    """:func:`members` as black sees them: a member that is a union spelt as its own
    members, an array or a map as a subscript of its item's terms, so the layout can split
    inside it (``union_flat(member_terms(...)) == " | ".join(members(...))``; where the
    two would differ, the members as they are)."""
    spelt = members(t, sp, inputs)
    found = _terms(t, sp, inputs)
    return found if union_flat(found) == " | ".join(spelt) else list(spelt)


def _terms(t: Type, sp: Spelling, inputs: bool) -> list[Term]:
    """The terms of ``t``'s annotation (its input annotation when ``inputs``), each member
    of a union once, as :func:`members` counts them."""
    if isinstance(t, Union):
        parts: dict[str, list[Term]] = {}
        for m in t.members:
            if isinstance(m, Null):
                continue
            if inputs and isinstance(m, (Prim, Ref)):
                for name in _input_members(m, sp):
                    parts.setdefault(name, [name])
            else:
                split = _terms(m, sp, inputs)
                parts.setdefault(union_flat(split), split)
        if t.fallback and not inputs:
            unrecognized = sp.runtime("_types", "Unrecognized")
            parts.setdefault(unrecognized, [unrecognized])
        if any(isinstance(m, Null) for m in t.members):
            parts.setdefault("None", ["None"])
        return [term for split in parts.values() for term in split]
    if isinstance(t, ListOf):
        if inputs:
            head = sp.use(Symbol("from", "collections.abc", "Sequence"))
        else:
            head = sp.builtin("list")
        return [Sub(head, (tuple(_terms(t.item, sp, inputs)),))]
    if isinstance(t, MapOf):
        if inputs:
            head = sp.use(Symbol("from", "collections.abc", "Mapping"))
        else:
            head = sp.builtin("dict")
        return [Sub(head, ((sp.builtin("str"),), tuple(_terms(t.value, sp, inputs))))]
    return list(_input_members(t, sp)) if inputs else [annotation(t, sp)]


def _input_members(t: Type, sp: Spelling) -> list[str]:
    """What a caller may send for ``t`` (no union): exact amounts also as Decimals, models
    also as their TypedDict, enums also as their values."""
    if isinstance(t, Prim) and t.kind == "decimal":
        return [sp.builtin("str"), f"{sp.use(Symbol('import', 'decimal'))}.Decimal"]
    if isinstance(t, Ref) and (companion := sp.inputs.get(t.name)):
        return [annotation(t, sp), sp.use(Symbol("class", name=companion))]
    return [annotation(t, sp) if isinstance(t, (Prim, Ref)) else input_annotation(t, sp)]


def input_annotation(t: Type, sp: Spelling) -> str:
    """The annotation of a value the caller sends: models also as their TypedDict, enums
    also as their literal values, arrays as any sequence, and exact amounts as Decimals."""
    if isinstance(t, (Prim, Ref)):
        return " | ".join(_input_members(t, sp))
    if isinstance(t, ListOf):
        sequence = sp.use(Symbol("from", "collections.abc", "Sequence"))
        return f"{sequence}[{input_annotation(t.item, sp)}]"
    if isinstance(t, MapOf):
        mapping = sp.use(Symbol("from", "collections.abc", "Mapping"))
        return f"{mapping}[{sp.builtin('str')}, {input_annotation(t.value, sp)}]"
    if isinstance(t, Union):
        return " | ".join(members(t, sp, inputs=True))
    return annotation(t, sp)


def parser(t: Type, sp: Spelling) -> str | None:
    """A callable that reads JSON into ``t``, when one exists without a closure."""
    if isinstance(t, Prim):
        return sp.serde(PRIMITIVES[t.kind].reader)
    if isinstance(t, Null):
        return sp.serde("as_none")
    if isinstance(t, AnyJson):
        return sp.serde("as_json_object" if t.object_only else "as_json")
    if isinstance(t, ListOf) and _is_identity(t.item):
        return sp.serde("as_list")
    if isinstance(t, MapOf) and _is_identity(t.value):
        return sp.serde("as_dict")
    if isinstance(t, Ref):
        if t.kind == "alias":
            return sp.use(Symbol("parser", name=t.name))
        name = sp.use(Symbol("class", name=t.name))
        return f"{name}.from_dict" if t.kind == "model" else f"{name}.parse"
    return None


def _is_identity(t: Type) -> bool:
    """Whether reading ``t`` leaves a JSON value as it is (free-form JSON)."""
    return isinstance(t, AnyJson) and not t.object_only


def reader(t: Type, v: str, sp: Spelling, depth: int = 0) -> str:
    """An expression that turns the JSON value in variable ``v`` into ``t``.

    It raises ``TypeMismatch`` (from ``_serde``) when the value has the wrong JSON type.
    """
    return reader_expr(t, v, sp, depth).flat()


def reader_expr(t: Type, v: str, sp: Spelling, depth: int = 0) -> Expr:
    """:func:`reader` as a tree of calls, tuples and comprehensions, for the layout to break
    the way black breaks it (see :mod:`generator.pycode`); its ``flat()`` is the reader."""
    if isinstance(t, Binary) or _is_identity(t):
        return Atom(v)
    if isinstance(t, Const):
        return Atom(f"{sp.serde('as_const')}({v}, {literal(t.value)})")
    if isinstance(t, Null):  # ``as_none(v)`` as a value: mypy says it "does not return a value"
        return Atom(f"{sp.serde('as_const')}({v}, None)")
    if isinstance(t, (ListOf, MapOf)):
        parts = _comprehension(t, v, sp, depth)
        if parts is None:  # JSON as it is: only the container's type is checked
            return Atom(f"{sp.serde('as_list' if isinstance(t, ListOf) else 'as_dict')}({v})")
        return parts
    if isinstance(t, TupleOf):
        return _tuple_reader(t, v, sp)
    if isinstance(t, Union):
        return _union_reader(t, v, sp, depth)
    callable_ = parser(t, sp)
    if callable_ is None:
        raise TypeError(f"no reader for {t!r}")
    return Atom(f"{callable_}({v})")


def _comprehension(t: ListOf | MapOf, v: str, sp: Spelling, depth: int) -> Comp | None:
    if _is_identity(t.item if isinstance(t, ListOf) else t.value):
        return None
    if isinstance(t, ListOf):
        i = f"i{depth}"
        element = reader_expr(t.item, i, sp, depth + 1)
        return Comp("[", element, f"for {i} in {sp.serde('as_list')}({v})", "]")
    k, x = f"k{depth}", f"x{depth}"
    value = reader_expr(t.value, x, sp, depth + 1)
    # ``k0: <reader>``: a dict comprehension's key goes before its value's first line
    keyed = _prefixed(f"{k}: ", value)
    return Comp("{", keyed, f"for {k}, {x} in {sp.serde('as_dict')}({v}).items()", "}")


def _prefixed(prefix: str, expr: Expr) -> Expr:
    """``prefix`` glued to ``expr``'s first bracket (``k0: f(`` stays on one line)."""
    if isinstance(expr, Group):
        return Group(prefix + expr.open, expr.items, expr.close, expr.magic)
    if isinstance(expr, Comp):
        return Comp(prefix + expr.open, expr.element, expr.clause, expr.close)
    return Atom(prefix + expr.text)


def _tuple_reader(t: TupleOf, v: str, sp: Spelling) -> Expr:
    """``_s.as_tuple(v, (reader, ...), rest)``: one reader per position, then the rest's."""
    fixed = Group("(", tuple(_member_parser(item, sp) for item in t.items), ")")
    rest = Item(Atom("None")) if t.rest is None else _member_parser(t.rest, sp)
    return Group(f"{sp.serde('as_tuple')}(", (Item(Atom(v)), Item(fixed), rest), ")")


def _member_parser(t: Type, sp: Spelling, prefix: str = "") -> Item:
    """A callable reading ``t``: its parser, else a lambda around its reader."""
    found = parser(t, sp)
    if found is not None:
        return Item(Atom(found), prefix)
    return Item(reader_expr(t, "x", sp), f"{prefix}lambda x: ")


def _union_reader(t: Union, v: str, sp: Spelling, depth: int) -> Expr:
    if t.is_optional:
        inner = t.non_null[0]
        if isinstance(inner, (Prim, AnyJson)):
            return Atom(f"{parser(inner, sp)}_or_none({v})")
        return Atom(f"None if {v} is None else {reader(inner, v, sp, depth)}")
    args: list[Item] = []
    scalars = [
        Item(Group("(", (Item(Atom(literal(kind))), _member_parser(t.members[index], sp)), ")"))
        for kind, index in _scalar_members(t)
    ]
    if scalars:  # written with a trailing comma, which black explodes
        args.append(Item(Group("(", tuple(scalars), ")", magic=True), "scalars="))
    objects = [i for i, m in enumerate(t.members) if "object" in m.json_kinds()]
    if t.discriminator is not None:
        tags = [_member_parser(t.members[i], sp, f"{literal(tag)}: ") for tag, i in t.mapping]
        args.append(Item(Atom(literal(t.discriminator)), "tag="))
        args.append(Item(Group("{", tuple(tags), "}"), "tags="))
    elif objects:
        entries = []
        for i in objects:
            keys = sorted(t.required_keys[i]) if i < len(t.required_keys) else []
            key_set: Expr = Atom("frozenset()")
            if keys:
                listed = Group("[", tuple(Item(Atom(literal(k))) for k in keys), "]")
                key_set = Group("frozenset(", (Item(listed),), ")")
            entries.append(Item(Group("(", (Item(key_set), _member_parser(t.members[i], sp)), ")")))
        args.append(Item(Group("(", tuple(entries), ")", magic=True), "objects="))
    fn = sp.serde("one_of" if t.fallback else "any_of")
    if not args:  # no member reads any JSON: kept as it always was spelt
        return Atom(f"{fn}({v}, )")
    return Group(f"{fn}(", (Item(Atom(v)), *args), ")")


def _scalar_members(t: Union) -> list[tuple[str, int]]:
    """Each non-object JSON kind with the members that read it, in member order."""
    pairs = [
        (kind, index)
        for index, member in enumerate(t.members)
        for kind in sorted(member.json_kinds() - {"object"})
    ]
    return sorted(pairs)

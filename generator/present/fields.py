"""How one model field reads in Python: its annotation, its default, how it is read and written.

A field of a model that is only read from responses is ``X | None = None`` when optional
(``fields_set`` says whether it arrived); a field of a model that is also sent is
``X | Unset = UNSET``, so that leaving it out and sending null stay two things. A required
field is ``X`` either way: if the data lacks it, or has a value of the wrong JSON type, the
attribute has no value at all (``generator``'s runtime ``_model`` explains).

``from_dict`` reads each field on one straight line: a value of the declared JSON type (or
the default) is taken as it is, and anything else goes through the tolerant path.
``to_dict`` writes a model, an enum member, a date read from JSON or an amount the same
way: what ``from_dict`` made is written on the line itself, and anything else a caller may
have set goes through ``dump``.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import layout
from generator.format import LINE_LENGTH
from generator.model import Direction, Field
from generator.present.private import private_reader
from generator.syntax import Spelling, Symbol, literal, member_terms, parser
from generator.types import AnyJson, ListOf, MapOf, Null, Prim, Ref, Type, Union

__all__ = ["FieldView", "field_view", "sends"]

_CONTAINERS = frozenset({"list", "object"})  # JSON kinds whose values to_dict must copy


@dataclass(frozen=True)
class Is:
    """An identity test, ``subject is value`` (or ``is not``), which the layout can negate."""

    subject: str
    value: str
    negated: bool = False

    @property
    def text(self) -> str:
        return f"{self.subject} is {'not ' if self.negated else ''}{self.value}"

    def negate(self) -> Is:
        return Is(self.subject, self.value, not self.negated)


def _is_a(kind: str) -> Is:
    return Is("v.__class__", kind)


# The tests, any of which shows that ``v`` already is a value of the primitive, as JSON gives it.
_CHECKS = {
    "str": (_is_a("str"),),
    "int": (_is_a("int"),),
    "bool": (_is_a("bool"),),
    "float": (_is_a("float"), _is_a("int")),
    "decimal": (_is_a("str"),),  # an amount is read as the text it is
}


@dataclass(frozen=True)
class Reading:
    """How ``from_dict`` turns the raw value ``v`` into the field's value.

    ``v`` stays as it is when any test of ``keep`` holds (as ``kept``: ``v``, or the default
    it was just tested to be); else it becomes ``fast`` when its test holds (a model or an
    open enum read from its own JSON type, which cannot fail); else it goes through ``slow``,
    the tolerant call. Without ``slow``, ``v`` is taken as it is.
    """

    keep: tuple[Is, ...] = ()
    kept: str = "v"
    fast: tuple[Is, str] | None = None
    slow: layout.Call | None = None

    def expression(self) -> list[layout.Part]:
        """The operands of one conditional expression: ``kept if keep else fast if ...``."""
        if self.slow is None:
            return ["v"]
        otherwise = layout.Call(f"else {self.slow.head}", self.slow.args)
        tail: list[layout.Part] | None = None
        if self.fast is not None:
            tail = [self.fast[1], f"if {self.fast[0].text}", otherwise]
        if not self.keep:
            return tail or [self.slow]
        kept: list[layout.Part] = [self.kept, f"if {' or '.join(t.text for t in self.keep)}"]
        return [*kept, layout.Nested("else ", tuple(tail))] if tail else [*kept, otherwise]

    def statement(self, target: str, indent: int) -> str:
        """``target = <expression>`` when it fits on a line (or is a lone call); otherwise
        ``v`` is read again first: as ``v = <expression>`` where that fits and is a plain
        if/else (ruff's SIM108 asks for it), else in an ``if`` chain. All are laid out as
        black writes them, and short lines cost black much less than a split expression."""
        flat = layout.assignment(target, self.expression(), indent)
        if "\n" not in flat or self.slow is None or not (self.keep or self.fast):
            return flat
        if not self.keep:  # ruff (SIM108) wants ``v = fast if test else slow`` where it fits
            rebound = layout.assignment("v", self.expression(), indent)
            if "\n" not in rebound:
                return f"{rebound}\n{' ' * indent}{target} = v"
        branches: list[tuple[list[str], layout.Part]] = []
        if self.fast is not None:
            branches.append(([self.fast[0].text], self.fast[1]))
        branches.append(([t.negate().text for t in self.keep], self.slow))
        return layout.rebinding("v", branches, f"{' ' * indent}{target} = v", indent)


@dataclass(frozen=True)
class Writing:
    """How ``to_dict`` writes the field's value, read into ``v`` first: ``fast`` when ``test``
    holds (a value such as ``from_dict`` makes), else ``dump``, which writes whatever a
    caller may have set instead."""

    test: str
    fast: layout.Part

    def statement(self, target: str, value: str, dump: str, indent: int) -> str | None:
        """``v = <value>``, then ``target = fast if test else dump(v, for_request)`` when it
        fits on a line, else the same as an ``if``/``else`` statement of unsplit lines;
        ``None`` when those do not fit either (the field is then written through ``dump``
        alone, as black would otherwise split them)."""
        pad = " " * indent
        fast, slow = layout.flat([self.fast]), f"{dump}(v, for_request)"
        line = f"{pad}{target} = {fast} if {self.test} else {slow}"
        if layout.width(line) > LINE_LENGTH:
            lines = [f"{pad}if {self.test}:", f"{pad}    {target} = {fast}"]
            lines += [f"{pad}else:", f"{pad}    {target} = {slow}"]
            if any(layout.width(text) > LINE_LENGTH for text in lines):
                return None
            line = "\n".join(lines)
        return f"{pad}v = {value}\n{line}"


@dataclass
class FieldView:
    name: str
    key: str  # the JSON key as a Python literal
    default: str  # "" (required), "None" or "UNSET"
    declaration: str  # ``name: annotation = default`` in the class body, laid out
    doc: str
    fetch: str  # the expression that takes the raw value out of the data (as ``v``)
    read: str  # from_dict's statement for the field: ``obj.<name> = ...``, laid out
    raw: bool  # the statement takes the value as it is (then it is ``obj.x = <fetch>``)
    condition: str  # the ``if`` line before to_dict writes the field ("" for always)
    write: str  # to_dict's ``out[key] = ...`` statement(s), laid out (under the condition)
    writes_v: bool  # the write reads the value into ``v`` first (``to_dict`` declares it)
    deprecated: bool


def sends(direction: Direction) -> bool:
    """Whether a model of this direction may be sent in requests (and so keeps ``UNSET``).

    A class no operation uses (``none``) may still be built and sent by hand: it is treated
    as both sent and read.
    """
    return direction != "response"


def is_required(f: Field, direction: Direction) -> bool:
    """Whether the field must have a value: required, unless read-only in a sent model."""
    return f.required and not (sends(direction) and f.read_only)


def field_view(
    f: Field, direction: Direction, sp: Spelling, private: list[tuple[str, str, str]]
) -> FieldView:
    sent = sends(direction)
    required = is_required(f, direction)  # a request never carries read-only fields
    default = "" if required else ("UNSET" if sent else "None")
    # a model only ever sent takes what callers send (an enum's values, a model's TypedDict)
    union = member_terms(f.type, sp, inputs=direction == "request")
    if default == "UNSET":
        union.append(sp.runtime("_types", "Unset"))
        sp.runtime("_types", "UNSET")
    elif default == "None" and not _nullable(f.type):
        union.append("None")
    value = f"self.{f.name}"
    if required:
        terms = []
    elif default == "UNSET":
        terms = [f"self.{f.name} is not UNSET"]
    else:  # None is written back only when it arrived as null
        terms = [f"self.{f.name} is not None", f"{literal(f.key)} in self._arrived"]
    if f.read_only and terms:
        condition = layout.condition(terms, "and not for_request", 8)
    elif f.read_only:
        condition = "        if not for_request:"
    else:
        condition = layout.condition(terms, "", 8) if terms else ""
    indent = 12 if condition else 8
    target = f"out[{literal(f.key)}]"
    writing = _writing(f.type, sp)
    typed = writing.statement(target, value, sp.serde("dump"), indent) if writing else None
    write = typed or layout.assignment(target, [_written(f.type, value, sp)], indent)
    reading = _read(f, required, default, sp, private)
    return FieldView(
        name=f.name,
        key=literal(f.key),
        default=default,
        declaration=layout.annotated(f.name, union, default, 4),
        doc="",  # filled in by the model view, which knows the notes
        fetch=_fetch(f, required, default, sp),
        read=reading.statement(f"obj.{f.name}", 8),
        raw=reading.slow is None,
        condition=condition,
        write=write,
        writes_v=typed is not None,
        deprecated=f.deprecated,
    )


def _writing(t: Type, sp: Spelling) -> Writing | None:
    """The class test and the direct write for a value of ``t`` as ``from_dict`` makes it."""
    inner, _ = _split(t)
    if isinstance(inner, Ref) and inner.kind in ("model", "enum"):
        test = f"v.__class__ is {sp.use(Symbol('class', name=inner.name))}"
        if inner.kind == "enum":  # a member, or one made for a value the spec does not list
            return Writing(test, "v._value_")
        return Writing(test, layout.Call("v.to_dict(", ("for_request=for_request",)))
    if isinstance(inner, Prim) and inner.kind in ("datetime", "date", "uuid"):
        # Read from JSON, it keeps its text (``source``); one made in Python has none.
        return Writing('getattr(v, "source", None)', "v.source")
    if isinstance(inner, Prim) and inner.kind == "decimal":  # read as text; or a Decimal
        return Writing("v.__class__ is str", "v")
    if _of_plain_values(inner):  # copied, so that the data written shares nothing with it
        container = "list" if isinstance(inner, ListOf) else "dict"
        return Writing(f"v.__class__ is {container}", "v.copy()")
    return None


def _of_plain_values(t: Type) -> bool:
    """A list or map whose values are JSON scalars written as they are: a copy writes it."""
    if not isinstance(t, (ListOf, MapOf)) or t.needs_dump:
        return False
    return not t.children()[0].json_kinds() & _CONTAINERS


def _written(t: Type, value: str, sp: Spelling) -> layout.Part:
    """The value to write for a type without a :class:`Writing`: as it is, or dumped."""
    inner, _ = _split(t)
    if isinstance(inner, ListOf) and isinstance(inner.item, Ref) and inner.item.kind == "model":
        model = sp.use(Symbol("class", name=inner.item.name))
        return layout.Call(f"{sp.serde('dump_models')}(", (value, model, "for_request"))
    if t.needs_dump or t.json_kinds() & _CONTAINERS:  # a container: written as a copy
        return layout.Call(f"{sp.serde('dump')}(", (value, "for_request"))
    return value


def _fetch(f: Field, required: bool, default: str, sp: Spelling) -> str:
    """``src.get(key, ...)``: missing reads as the default (``MISSING`` when required)."""
    key = literal(f.key)
    if required:
        return f"src.get({key}, {sp.runtime('_model', 'MISSING')})"
    return f"src.get({key}, UNSET)" if default == "UNSET" else f"src.get({key})"


def _read(
    f: Field, required: bool, default: str, sp: Spelling, private: list[tuple[str, str, str]]
) -> Reading:
    """How ``from_dict`` reads the field from the raw value ``v``: ``v`` itself when it already
    has the declared JSON type (or is the default), else what the tolerant path makes of it."""
    key = literal(f.key)
    inner, nullable = _split(f.type)
    need, fix = sp.runtime("_model", "need"), sp.runtime("_model", "fix")
    if isinstance(inner, AnyJson) and not inner.object_only:
        if required:
            missing = sp.runtime("_model", "MISSING")
            call = layout.Call(f"{need}(", ("gone", "bad", key, "v", sp.serde("as_json")))
            return Reading(keep=(Is("v", missing, negated=True),), slow=call)
        return Reading()
    checks = _CHECKS.get(inner.kind, ()) if isinstance(inner, Prim) else ()
    read = _callable(f, inner, sp, private)  # null is taken care of on the line itself
    direct = _direct(inner, read)
    null = (Is("v", "None"),) if nullable else ()
    if direct is not None and not required:
        unset = ("UNSET",) if default == "UNSET" else ()
        if isinstance(inner, Ref) and inner.kind == "model":  # kept without an exception
            fix_model = sp.runtime("_model", "fix_model")
            model = read.removesuffix(".from_dict")
            call = layout.Call(f"{fix_model}(", ("bad", key, "v", model, *unset))
        else:
            call = layout.Call(f"{fix}(", ("bad", key, "v", read, *unset))
        return Reading(keep=(Is("v", default), *null), fast=direct, slow=call)
    if required:
        call = layout.Call(f"{need}(", ("gone", "bad", key, "v", read))
        if direct is not None:
            return Reading(keep=null, fast=direct, slow=call)
        return Reading(keep=(*null, *checks), slow=call)
    if default == "None":  # a response model: null, missing and wrong all read as None
        call = layout.Call(f"{fix}(", ("bad", key, "v", read))
        keep = (Is("v", "None"), *checks)
    else:
        call = layout.Call(f"{fix}(", ("bad", key, "v", read, "UNSET"))
        keep = (Is("v", "UNSET"), *null, *checks)
    if len(keep) == 1:  # nothing to take as it is but the default itself
        return Reading(keep=keep, kept=keep[0].value, slow=call)
    return Reading(keep=keep, slow=call)


def _direct(t: Type, read: str) -> tuple[Is, str] | None:
    """A test that ``v`` has the JSON kind ``read`` never refuses, and the plain call.

    A model reads any object, and an open enum any value of its JSON type, without raising:
    on those, the tolerant path can be skipped.
    """
    if isinstance(t, Ref) and t.kind == "model":
        return _is_a("dict"), f"{read}(v)"
    if isinstance(t, Ref) and t.kind == "enum" and len(t.json) == 1:
        (kind,) = t.json
        return _is_a(kind), f"{read}(v)"
    return None


def _split(t: Type) -> tuple[Type, bool]:
    """The type without null, and whether null is allowed."""
    if isinstance(t, Union) and t.is_optional:
        return t.non_null[0], True
    return t, _nullable(t)


def _nullable(t: Type) -> bool:
    return isinstance(t, Null) or (
        isinstance(t, Union) and any(isinstance(m, Null) for m in t.members)
    )


def _callable(f: Field, t: Type, sp: Spelling, private: list[tuple[str, str, str]]) -> str:
    """A callable that reads ``t``: a runtime or class parser, else a private function."""
    found = parser(t, sp)
    if isinstance(t, Union) and t.is_optional and isinstance(t.non_null[0], Prim):
        found = f"{parser(t.non_null[0], sp)}_or_none"
    if found is not None:
        return found
    name = f"_parse_{f.name}"
    if all(p[0] != name for p in private):
        private.append(private_reader(name, t, sp))
    return name

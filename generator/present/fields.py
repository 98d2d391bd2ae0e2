"""How one model field reads in Python: its annotation, its default, how it is read and written.

A field of a model that is only read from responses is ``X | None = None`` when optional
(``fields_set`` says whether it arrived); a field of a model that is also sent is
``X | Unset = UNSET``, so that leaving it out and sending null stay two things. A required
field is ``X`` either way: if the data lacks it, or has a value of the wrong JSON type, the
attribute has no value at all (``generator``'s runtime ``_model`` explains).

``from_dict`` reads each field on one straight line: a value of the declared JSON type (or
the default) is taken as it is, and anything else goes through the tolerant path.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import layout
from generator.model import Direction, Field
from generator.present.private import private_reader
from generator.syntax import Spelling, literal, member_terms, parser
from generator.types import AnyJson, Null, Prim, Ref, Type, Union

__all__ = ["FieldView", "field_view", "sends"]

# The expression that is true when ``v`` already is a value of the primitive, as JSON gives it.
_CHECKS = {
    "str": "v.__class__ is str",
    "int": "v.__class__ is int",
    "bool": "v.__class__ is bool",
    "float": "(v.__class__ is float or v.__class__ is int)",
    "decimal": "v.__class__ is str",  # an amount is read as the text it is
}


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
    write: str  # to_dict's ``out[key] = ...`` statement, laid out (under the condition)
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
    written: layout.Part = value
    if f.type.needs_dump:
        written = layout.Call(f"{sp.serde('dump')}(", (value, "for_request"))
    parts = _read(f, required, default, sp, private)
    return FieldView(
        name=f.name,
        key=literal(f.key),
        default=default,
        declaration=layout.annotated(f.name, union, default, 4),
        doc="",  # filled in by the model view, which knows the notes
        fetch=_fetch(f, required, default, sp),
        read=layout.assignment(f"obj.{f.name}", parts, 8),
        raw=parts == ["v"],
        condition=condition,
        write=layout.assignment(f"out[{literal(f.key)}]", [written], 12 if condition else 8),
        deprecated=f.deprecated,
    )


def _fetch(f: Field, required: bool, default: str, sp: Spelling) -> str:
    """``src.get(key, ...)``: missing reads as the default (``MISSING`` when required)."""
    key = literal(f.key)
    if required:
        return f"src.get({key}, {sp.runtime('_model', 'MISSING')})"
    return f"src.get({key}, UNSET)" if default == "UNSET" else f"src.get({key})"


def _read(
    f: Field, required: bool, default: str, sp: Spelling, private: list[tuple[str, str, str]]
) -> list[layout.Part]:
    """What ``from_dict`` assigns, from the raw value ``v``, as the operands of a conditional
    expression: ``v`` itself when it already has the declared JSON type (or is the default),
    else what the tolerant path makes of it."""
    key = literal(f.key)
    inner, nullable = _split(f.type)
    need, fix = sp.runtime("_model", "need"), sp.runtime("_model", "fix")
    if isinstance(inner, AnyJson) and not inner.object_only:
        if required:
            missing = sp.runtime("_model", "MISSING")
            call = layout.Call(f"else {need}(", ("gone", "bad", key, "v", sp.serde("as_json")))
            return ["v", f"if v is not {missing}", call]
        return ["v"]
    check = _check(inner)
    read = _callable(f, inner, sp, private)  # null is taken care of on the line itself
    direct = _direct(inner, read)
    if direct is not None and not required:
        taken = [f"v is {default}", *(["v is None"] if nullable else [])]
        unset = ("UNSET",) if default == "UNSET" else ()
        if isinstance(inner, Ref) and inner.kind == "model":  # kept without an exception
            fix_model = sp.runtime("_model", "fix_model")
            model = read.removesuffix(".from_dict")
            call = layout.Call(f"else {fix_model}(", ("bad", key, "v", model, *unset))
        else:
            call = layout.Call(f"else {fix}(", ("bad", key, "v", read, *unset))
        fast: list[layout.Part] = [direct[1], f"if {direct[0]}", call]
        return ["v", f"if {' or '.join(taken)}", layout.Nested("else ", tuple(fast))]
    if required:
        call = layout.Call(f"{need}(", ("gone", "bad", key, "v", read))
        otherwise = layout.Call(f"else {call.head}", call.args)
        if direct is not None:
            fast = [direct[1], f"if {direct[0]}", otherwise]
            return ["v", "if v is None", layout.Nested("else ", tuple(fast))] if nullable else fast
        accepts = [*(["v is None"] if nullable else []), *([check] if check else [])]
        return ["v", f"if {' or '.join(accepts)}", otherwise] if accepts else [call]
    if default == "None":  # a response model: null, missing and wrong all read as None
        call = layout.Call(f"else {fix}(", ("bad", key, "v", read))
        accepts = ["v is None", *([check] if check else [])]
    else:
        call = layout.Call(f"else {fix}(", ("bad", key, "v", read, "UNSET"))
        accepts = ["v is UNSET", *(["v is None"] if nullable else []), *([check] if check else [])]
    if len(accepts) == 1:  # nothing to take as it is but the default itself
        return [accepts[0].split(" is ")[1], f"if {accepts[0]}", call]
    return ["v", f"if {' or '.join(accepts)}", call]


def _direct(t: Type, read: str) -> tuple[str, str] | None:
    """A test that ``v`` has the JSON kind ``read`` never refuses, and the plain call.

    A model reads any object, and an open enum any value of its JSON type, without raising:
    on those, the tolerant path can be skipped.
    """
    if isinstance(t, Ref) and t.kind == "model":
        return "v.__class__ is dict", f"{read}(v)"
    if isinstance(t, Ref) and t.kind == "enum" and len(t.json) == 1:
        (kind,) = t.json
        return f"v.__class__ is {kind}", f"{read}(v)"
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


def _check(t: Type) -> str | None:
    """A fast test that ``v`` already is a ``t``, or None when it must be read."""
    if isinstance(t, Prim) and t.kind in _CHECKS:
        return _CHECKS[t.kind]
    return None


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

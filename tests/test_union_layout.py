"""Reader functions (``_parse_x``, an alias's ``parse_x``, a webhook's parser) come out as
black writes them.

A union reader is a call such as ``_s.one_of(v, scalars=(...,), tags={...})``, whose
``scalars=`` and ``objects=`` tuples carry a trailing comma that black always explodes; the
generator builds it as a tree (``generator.pycode``) and lays it out, with the ``def`` line,
the way black 26 does at line length 100. For any type, of any name lengths, two things must
hold: black turns the layout into exactly what it turns the one-line text into (the layout
never changes the client), and, when every line fits, black leaves the layout as it is (the
module is formatted once, not twice).
"""

from __future__ import annotations

from keyword import iskeyword

import black
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import layout
from generator.format import LINE_LENGTH
from generator.formats import PRIMITIVES
from generator.present.private import private_reader
from generator.syntax import Spelling, annotation, reader, terms
from generator.types import (
    AnyJson,
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

MODE = black.Mode(line_length=LINE_LENGTH, target_versions={black.TargetVersion.PY310})

identifiers = st.from_regex(r"[a-z][a-z_0-9]{0,30}", fullmatch=True).filter(
    lambda n: not iskeyword(n)
)
classes = st.from_regex(r"[A-Z][A-Za-z0-9]{0,45}", fullmatch=True).filter(
    lambda n: not iskeyword(n)  # None, True and False
)
leaves: st.SearchStrategy[Type] = st.one_of(
    st.sampled_from(sorted(PRIMITIVES)).map(Prim),
    st.just(Null()),
    st.booleans().map(AnyJson),
    classes.map(lambda n: Ref(n, "model")),
    classes.map(lambda n: Ref(n, "enum", frozenset({"str"}))),
    # (a string constant's annotation is spelt with repr, which black requotes: not a layout)
    st.sampled_from([1, True]).map(Const),
)


@st.composite
def unions(draw: st.DrawFn, children: st.SearchStrategy[Type]) -> Union:
    members = tuple(draw(st.lists(children, min_size=2, max_size=5)))
    objects = [i for i, m in enumerate(members) if "object" in m.json_kinds()]
    keys = st.lists(identifiers, max_size=3, unique=True).map(tuple)
    required = tuple(draw(keys) for _ in members)
    discriminator, mapping = None, ()
    if objects and draw(st.booleans()):
        discriminator = draw(identifiers)
        tags = draw(st.lists(identifiers, min_size=1, max_size=6, unique=True))
        mapping = tuple((tag, draw(st.sampled_from(objects))) for tag in tags)
    return Union(members, draw(st.booleans()), discriminator, mapping, required)


def composites(children: st.SearchStrategy[Type]) -> st.SearchStrategy[Type]:
    return st.one_of(
        unions(children),
        children.map(ListOf),
        children.map(MapOf),
        st.tuples(st.lists(children, max_size=3), st.none() | children).map(
            lambda ir: TupleOf(tuple(ir[0]), ir[1])
        ),
    )


types = st.recursive(leaves, composites, max_leaves=12)


def _source(header: str, body: str) -> str:
    return f"{header}\n{body}\n    return parsed\n"


def _check(name: str, t: Type) -> None:
    sp = Spelling()
    _, header, body = private_reader(name, t, sp)
    laid_out = _source(header, body)
    ann = annotation(t, sp)
    assert " | ".join(terms(t, sp)) == ann
    flat = _source(f"def {name}(v: Any) -> {ann}:", f"    parsed: {ann} = {reader(t, 'v', sp)}")
    formatted = black.format_str(flat, mode=MODE)
    assert black.format_str(laid_out, mode=MODE) == formatted  # the same client either way
    if all(layout.width(line) <= LINE_LENGTH for line in laid_out.splitlines()):
        assert laid_out == formatted  # and black has nothing to change


A, B, C = "A" * 30, "B" * 30, "C" * 30
EXPLODED = Union((Prim("str"), Prim("int"), Ref("Model", "model")))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(identifiers.map(lambda n: f"_parse_{n}"), types)
# one line
@example(name="_parse_x", t=Union((Prim("str"), Ref("A", "model")), fallback=True))
# the arguments on one indented line
@example(name="_parse_x", t=Union((Ref(A, "model"), Ref(B, "model")), required_keys=(("a",), ())))
# the scalars tuple, written with a trailing comma, one item per line whatever the width
@example(name="_parse_x", t=EXPLODED)
# nested groups exploding: the objects tuple, then an entry, then its frozenset's list
@example(
    name="_parse_x",
    t=Union(
        (Ref(A, "model"), Ref(B, "model"), Ref(C, "model")),
        required_keys=(("a" * 30, "b" * 30, "c" * 30), ("d",), ()),
    ),
)
# a discriminator's tags, one per line; the def line split, the union in parentheses
@example(
    name="_parse_x",
    t=Union(
        (Ref(A, "model"), Ref(B, "model"), Ref(C, "model")),
        True,
        "kind",
        (("a" * 20, 0), ("b" * 20, 1), ("c" * 20, 2)),
    ),
)
# a list of a union: the def line split at ``list[``, the comprehension at its bracket, then
# its element apart from its ``for`` clause, and the element at its own bracket
@example(name="_parse_x", t=ListOf(Union((Ref(A, "model"), Ref(B, "model"), Prim("str")), True)))
# a lambda around a comprehension, inside an exploded tuple
@example(name="_parse_x", t=Union((ListOf(Ref(A, "model")), Prim("str"), Prim("int"))))
# a map of a union, and a tuple
@example(name="_parse_x", t=MapOf(EXPLODED))
@example(name="_parse_x", t=TupleOf((EXPLODED, Ref(A, "model")), ListOf(Ref(B, "model"))))
# the head ``parsed: <annotation> = _s.one_of(`` too long: the annotation split first, in
# parentheses or at its bracket, then the rest after its closing bracket
@example(name="_parse_x", t=Union(tuple(Ref(n * 40, "model") for n in "ABC"), True))
@example(name="_parse_x", t=ListOf(Union(tuple(Ref(n * 40, "model") for n in "ABC"), True)))
# ... unless ``parsed: <annotation> = (`` fits: then the reader goes in parentheses (at 100
# wide; at 101, the annotation splits)
@example(name="_parse_x", t=Union((Ref(A, "model"), Ref(B, "model"), Prim("str")), True))
@example(name="_parse_x", t=Union((Ref(A, "model"), Ref(B + "B", "model"), Prim("str")), True))
# a union nested in a union: its members are operands of the same ``|``
@example(
    name="_parse_x",
    t=ListOf(Union((Prim("bool"), Union((Ref(A, "model"), Ref(B, "model"))), Ref(C, "model")))),
)
# a name too long for any line: left for black
@example(name="_parse_x", t=Union((Ref("A" * 99, "model"), Prim("str"))))
# an optional list: a conditional expression, left for black
@example(name="_parse_x" * 9, t=Union((Null(), ListOf(Ref(A, "model")))))
def test_a_private_reader_is_blacks(name: str, t: Type) -> None:
    _check(name, t)


names = st.from_regex(r"[a-z][a-z_0-9]{0,90}", fullmatch=True).filter(lambda n: not iskeyword(n))
members = st.one_of(
    classes,
    classes.map(lambda n: f"list[{n} | None]"),
    st.sampled_from(["None", "Unrecognized", "str"]),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(names, st.lists(members, min_size=1, max_size=5), st.sampled_from(["", "list", "dict"]))
@example(name="f", returns=["X"], wrapper="")  # one line
@example(name="f" * 80, returns=["X" * 30], wrapper="")  # ``def f(`` / ``v: Any,`` / ``) -> X:``
@example(name="f" * 40, returns=["X" * 40, "Y" * 40], wrapper="")  # ``) -> (``, one line
@example(name="f", returns=["X" * 40, "Y" * 40, "Z" * 40], wrapper="")  # one member per line
@example(name="f", returns=["X" * 40, "Y" * 40, "Z" * 40], wrapper="list")  # ``) -> list[``
@example(name="f", returns=["X" * 40, "Y" * 40], wrapper="dict")  # ``dict[str, ...]``: black's
def test_a_def_line_is_blacks(name: str, returns: list[str], wrapper: str) -> None:
    around = {"": ("", ""), "list": ("list[", "]"), "dict": ("dict[str, ", "]")}[wrapper]
    header = layout.signature(name, "v: Any", returns, around)
    flat = f"def {name}(v: Any) -> {around[0]}{' | '.join(returns)}{around[1]}:\n    pass\n"
    source = f"{header}\n    pass\n"
    formatted = black.format_str(flat, mode=MODE)
    assert black.format_str(source, mode=MODE) == formatted
    if all(layout.width(line) <= LINE_LENGTH for line in source.splitlines()):
        assert source == formatted

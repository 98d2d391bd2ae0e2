"""The examples' code is laid out exactly as black would lay it out.

``generator.pycode`` breaks expressions itself rather than running black at render
time. Any tree of calls, lists, dicts and tuples, of any width, must come out the way black
formats the same expression written on one line: otherwise the docs would show code that
reads as if nobody formatted it, and ``black --check`` on a copied example would fail.
"""

from __future__ import annotations

from keyword import iskeyword

import black
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.layout import string
from generator.pycode import WIDTH, Atom, Expr, Group, Item, call, statement

MODE = black.Mode(line_length=WIDTH)

names = st.from_regex(r"[a-z][a-z_]{0,24}", fullmatch=True).filter(lambda n: not iskeyword(n))
atoms = st.one_of(
    names.map(Atom),
    st.integers(-(10**12), 10**12).map(lambda n: Atom(str(n))),
    st.text(min_size=0, max_size=40).map(lambda s: Atom(string(s))),
)


def groups(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
    items = st.lists(children, max_size=4)
    keyword = st.tuples(names, children).map(lambda kv: Item(kv[1], f"{kv[0]}="))
    return st.one_of(
        st.tuples(names, st.lists(keyword, max_size=4, unique_by=lambda i: i.prefix)).map(
            lambda fk: Group(f"models.{fk[0]}(", tuple(fk[1]), ")")
        ),
        items.map(lambda xs: Group("[", tuple(Item(x) for x in xs), "]")),
        items.map(lambda xs: Group("(", tuple(Item(x) for x in xs), ")")),
        st.lists(st.tuples(st.text(max_size=12), children), max_size=4).map(
            lambda kvs: Group("{", tuple(Item(v, f"{string(k)}: ") for k, v in kvs), "}")
        ),
    )


expressions = st.recursive(atoms, groups, max_leaves=30)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(expressions, st.sampled_from(["result = ", "for item in ", ""]))
def test_layout_is_blacks(expr: Expr, lead: str) -> None:
    trail = ":" if lead.startswith("for") else ""
    body = "\n    pass" if trail else ""
    code = statement(lead, call("client.things.create", expr), trail) + body
    flat = f"{lead}client.things.create({expr.flat()}){trail}{body}"
    assert black.format_str(flat, mode=MODE).rstrip("\n") == code


def test_an_indented_statement_is_laid_out_for_its_column() -> None:
    expr = call("client.things.create", Atom(string("x" * 70)))
    lines = statement("result = await ", expr, "", indent=8).split("\n")
    assert lines[0] == "        result = await client.things.create("
    assert all(len(line) <= WIDTH for line in lines)

"""Annotations with subscripts inside their unions come out as black writes them.

A field, a TypedDict key or a parameter whose annotation is too long is split by black at
its parentheses, then between the members of the union, then at the bracket of a member
too long for its line (``list[`` / the item's union / ``]``; ``dict[`` / ``str,`` / the
value's union ``,`` / ``]``). ``generator.layout`` builds that from the annotation's terms
(``generator.syntax.member_terms``). For any names: black turns the layout into exactly
what it turns the one-line text into, and, when every line fits, leaves it as it is.
"""

from __future__ import annotations

from keyword import iskeyword

import black
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator import layout
from generator.format import LINE_LENGTH
from generator.layout import Sub, Term

MODE = black.Mode(line_length=LINE_LENGTH, target_versions={black.TargetVersion.PY310})

names = st.from_regex(r"[a-z][a-z_0-9]{0,30}", fullmatch=True).filter(lambda n: not iskeyword(n))
classes = st.from_regex(r"[A-Z][A-Za-z0-9]{0,50}", fullmatch=True).filter(
    lambda n: not iskeyword(n)  # None, True and False
)
atoms: st.SearchStrategy[Term] = st.one_of(
    classes, st.sampled_from(["None", "Unset", "Unrecognized", "str", "int"])
)


def _subscripts(children: st.SearchStrategy[Term]) -> st.SearchStrategy[Term]:
    union = st.lists(children, min_size=1, max_size=4).map(tuple)
    return st.one_of(
        st.tuples(st.sampled_from(["list", "Sequence"]), union).map(lambda p: Sub(p[0], (p[1],))),
        st.tuples(st.sampled_from(["dict", "Mapping"]), union).map(
            lambda p: Sub(p[0], (("str",), p[1]))
        ),
    )


terms: st.SearchStrategy[Term] = st.recursive(atoms, _subscripts, max_leaves=8)
unions = st.lists(terms, min_size=1, max_size=4)

A, B, C = "A" * 40, "B" * 40, "C" * 40
LIST = Sub("list", ((A, B, C),))
SEQ = Sub("Sequence", ((A, B),))
DICT = Sub("dict", (("str",), (A, B)))
BIG_DICT = Sub("dict", (("str",), (A, B, "C" * 70)))
NESTED = Sub("list", ((Sub("dict", (("str",), (A, B, C))),),))


def _same_as_black(source: str, one_line: str) -> None:
    """black makes of the layout what it makes of the one-line text, and leaves a layout
    whose lines all fit as it is."""
    formatted = black.format_str(source, mode=MODE)
    assert formatted == black.format_str(one_line, mode=MODE)
    if all(layout.width(line) <= LINE_LENGTH for line in source.splitlines()):
        assert formatted == source


@settings(max_examples=400, deadline=None)
@given(names, unions, st.sampled_from(["", "UNSET", "None"]))
@example("x", ["int", "None"], "None")  # one line
@example("tools", [SEQ, "None", "Unset"], "UNSET")  # the union in parentheses, split inside
@example("tools", [SEQ, "Unset"], "UNSET")  # the default apart
@example("tools", [LIST], "")  # a lone subscript split at its bracket
@example("tools", [LIST], "UNSET")  # the same, with a default after its bracket
@example("t", [Sub("list", ((A, B),))], "UNSET")  # the default apart from a lone subscript
@example("m", [DICT, "None"], "None")  # a map's arguments on one line
@example("m", [BIG_DICT, "None"], "None")  # a map's arguments one per line
@example("m", [NESTED, "None"], "None")  # a subscript in a subscript
@example("n", ["N" * 100, SEQ], "")  # a name too long: left for black
def test_a_field_declaration_is_blacks(name: str, members: list[Term], default: str) -> None:
    tail = f" = {default}" if default else ""
    one = f"class C:\n    {name}: {layout.union_flat(members)}{tail}\n"
    _same_as_black(f"class C:\n{layout.annotated(name, members, default, 4)}\n", one)


@settings(max_examples=300, deadline=None)
@given(names, unions)
@example("k", [A, B, C])  # the union split inside the bracket
@example("k", [LIST, "None"])  # a member split at its own bracket
def test_a_required_key_is_blacks(name: str, members: list[Term]) -> None:
    one = f"class C:\n    {name}: Required[{layout.union_flat(members)}]\n"
    _same_as_black(f"class C:\n{layout.subscripted(name, 'Required', members, 4)}\n", one)


@settings(max_examples=400, deadline=None)
@given(names, unions, st.sampled_from(["", "NOT_GIVEN", "None"]))
@example("x", ["int", "NotGiven"], "NOT_GIVEN")  # one line
@example("tools", [SEQ, "None", "NotGiven"], "NOT_GIVEN")  # in parentheses, split inside
@example("tools", [LIST], "")  # a lone subscript split at its bracket
@example("tools", [LIST, "NotGiven"], "NOT_GIVEN")  # never the default apart
@example("m", [BIG_DICT, "NotGiven"], "NOT_GIVEN")  # a map's arguments one per line
@example("n", ["N" * 100, SEQ], "")  # a name too long: left for black
def test_a_parameter_line_is_blacks(name: str, members: list[Term], default: str) -> None:
    def source(line: str) -> str:
        return f"class C:\n    def f(\n        self,\n{line}\n    ) -> None:\n        pass\n"

    flat = f"        {name}: {layout.union_flat(members)}{' = ' + default if default else ''},"
    _same_as_black(source(layout.parameter(name, members, default, 8)), source(flat))

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
from types import SimpleNamespace

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


@settings(max_examples=300, deadline=None)
@given(classes, st.integers(0, 2))
@example("Short", 0)  # one line
@example("C" * 80, 0)  # the base on a line of its own
@example("C" * 80, 1)  # the TypedDict's two arguments on a line of their own
@example("C" * 90, 2)  # the parameters on a line of their own
@example("C" * 100, 2)  # ``) -> <name>:`` too long: left for black
def test_a_class_line_and_a_from_dict_line_are_blacks(name: str, shape: int) -> None:
    if shape < 2:
        inner = "_m.Model" if shape == 0 else "TypedDict, total=False"
        laid = layout.bracketed(f"class {name}", inner, ":", 0)
        one = f"class {name}({inner}):"
        _same_as_black(f"{laid}\n    x: int\n", f"{one}\n    x: int\n")
    else:
        laid = layout.bracketed("def from_dict", "cls, data: Any", f" -> {name}:", 4)
        one = f"    def from_dict(cls, data: Any) -> {name}:"
        body = "        return cls()\n"
        _same_as_black(
            f"class C:\n    @classmethod\n{laid}\n{body}",
            f"class C:\n    @classmethod\n{one}\n{body}",
        )


@settings(max_examples=200, deadline=None)
@given(st.lists(names, min_size=1, max_size=12), st.lists(names, max_size=3), st.booleans())
@example(["cursor"], ["integration_id"], True)  # one line
@example([f"parameter_{i}" for i in range(8)], ["integration_id"], True)  # arguments hugged
@example([f"a_long_query_parameter_{i}" for i in range(8)], ["x"], False)  # one per line
@example(["q" * 90], [], False)  # a one-item tuple split
def test_endpoint_and_request_arguments_are_blacks(
    query: list[str], path: list[str], body: bool
) -> None:
    from generator.present.endpoint import _request_expr, _tuple_argument  # noqa: PLC0415
    from generator.pycode import layout as expr_layout  # noqa: PLC0415

    keys = [f'"{q}"' for q in query]
    arg = _tuple_argument("query_params", keys)
    flat = f"query_params=({', '.join(keys)}{',' if len(keys) == 1 else ''})"
    endpoint = "E = Endpoint(\n    {},\n    parse=f,\n)\n"
    _same_as_black(endpoint.format(arg), endpoint.format(flat))

    params = [SimpleNamespace(name=n, location="path") for n in path]
    params += [SimpleNamespace(name=n, location="query") for n in query]
    op = SimpleNamespace(  # the little of an Operation the request call reads
        method="list_things",
        batch_size=0,
        params=params,
        body=SimpleNamespace(name="body") if body else None,
    )
    expr = _request_expr(op)  # type: ignore[arg-type]
    lines = "\n".join(expr_layout(expr, 12, "", ",", LINE_LENGTH))
    call = "class C:\n    def f(self):\n        return self._client.request(\n{}\n"
    call += "            o,\n        )\n"
    _same_as_black(call.format(lines), call.format(f"            {expr.flat()},"))

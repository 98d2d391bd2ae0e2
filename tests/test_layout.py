"""The statements the model template repeats come out as black writes them.

``generator.layout`` lays out ``from_dict``'s conditional assignments, ``to_dict``'s ``if``
lines, the attribute table and dict entries of tuples, so that black leaves a model module
as it is and formats it once instead of twice. For any names, of any length, the text must
be a fixed point of black: black run on it changes nothing. (A single term too long for a
line of its own is left to black, which then formats the module twice.)
"""

from __future__ import annotations

import textwrap
from keyword import iskeyword

import black
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from generator import layout
from generator.format import LINE_LENGTH
from generator.present.fields import Is, Reading, Writing
from generator.syntax import literal

MODE = black.Mode(line_length=LINE_LENGTH, target_versions={black.TargetVersion.PY310})

names = st.from_regex(r"[a-z][a-z_0-9]{0,44}", fullmatch=True).filter(lambda n: not iskeyword(n))
keys = st.text(min_size=1, max_size=40)


def stable(body: str) -> None:
    """``body`` (statements at 8 spaces) is unchanged by black, inside a method."""
    source = f"class C:\n    def f(self):\n{body}\n"
    assert black.format_str(source, mode=MODE) == source


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=20))
@example("'\"")
@example('\\\'""')
def test_string_literals_are_blacks_and_mean_the_text(text: str) -> None:
    spelt = literal(text)
    assert eval(spelt) == text  # noqa: S307 - a literal the test just built
    source = f"x = {spelt}\n"
    assert black.format_str(source, mode=MODE) == source


def _read_parts(name: str, key: str, reader: str, shape: int) -> list[layout.Part]:
    """The shapes ``generator.present.fields`` builds (plain, lone call, nested)."""
    k = literal(key)
    fix = layout.Call("else _m.fix(", ("bad", k, "v", reader, "UNSET"))
    if shape == 0:
        return ["v", f"if v is UNSET or v is None or v.__class__ is {name}", fix]
    if shape == 1:
        return [layout.Call("_m.need(", ("gone", "bad", k, "v", reader))]
    nested = (f"{reader}(v)", "if v.__class__ is dict", fix)
    return ["v", "if v is UNSET or v is None", layout.Nested("else ", nested)]


@settings(max_examples=150, deadline=None)
@given(names, keys, names, st.integers(0, 2))
def test_from_dict_assignments_are_blacks(name: str, key: str, reader: str, shape: int) -> None:
    parts = _read_parts(name, key, reader, shape)
    stable(layout.assignment(f"obj.{name}", parts, 8))


def _reading(name: str, key: str, reader: str, shape: int) -> Reading:
    """The readings ``generator.present.fields`` builds: kept or fixed, read fast or needed."""
    k = literal(key)
    fix = layout.Call("_m.fix(", ("bad", k, "v", reader, "UNSET"))
    need = layout.Call("_m.need(", ("gone", "bad", k, "v", reader))
    unset, null = Is("v", "UNSET"), Is("v", "None")
    number = (Is("v.__class__", "float"), Is("v.__class__", "int"))
    fast = (Is("v.__class__", "dict"), f"{reader}(v)")
    return [
        Reading(keep=(unset, null, *number), slow=fix),
        Reading(keep=(unset,), kept="UNSET", slow=fix),
        Reading(keep=(unset, null), fast=fast, slow=fix),
        Reading(fast=fast, slow=need),
        Reading(keep=(null,), fast=fast, slow=need),
        Reading(slow=need),
    ][shape]


@settings(max_examples=300, deadline=None)
@given(names, keys, names, st.integers(0, 5))
@example(name="a" * 40, key="b" * 40, reader="c" * 40, shape=0)
@example(name="a" * 30, key="b" * 30, reader="c" * 30, shape=4)
@example(name="a" * 40, key="b" * 10, reader="c" * 10, shape=3)  # fits as ``v = ...`` only
def test_from_dict_readings_are_blacks_and_read_the_same(
    name: str, key: str, reader: str, shape: int
) -> None:
    """On one line when it fits, else an ``if`` chain: black keeps either as it is, and
    the chain gives the field what the one expression gives, for every kind of value. A
    plain ``if``/``else`` comes only where ``v = <expression>`` would not fit either, as
    ruff's SIM108 asks."""
    assume(reader not in {"v", "obj", "bad", "gone"})
    reading = _reading(name, key, reader, shape)
    statement = reading.statement(f"obj.{name}", 8)
    stable(statement)
    expression = f"obj.{name} = {layout.flat(reading.expression())}"
    if "\n        else:\n" in statement:
        assert layout.width(f"        v = {layout.flat(reading.expression())}") > LINE_LENGTH

    class Obj:
        pass

    helpers = {
        "UNSET": object(),
        "_m": type("M", (), {"fix": staticmethod(lambda *a: ("fix", a[-2])),
                              "need": staticmethod(lambda *a: ("need", a[-1]))}),
        reader: lambda v: ("read", v),
    }  # fmt: skip
    for value in (helpers["UNSET"], None, 1, 1.5, "s", {"a": 1}, [1]):
        results = []
        for code in (statement, expression):
            scope: dict[str, object] = {**helpers, "v": value, "obj": Obj(), "bad": {}, "gone": []}
            exec(textwrap.dedent(code), scope)  # noqa: S102 - code the test just built
            results.append(getattr(scope["obj"], name))
        assert results[0] == results[1], (value, statement)


@settings(max_examples=150, deadline=None)
@given(names, keys, st.booleans())
@example(name="a", key="'\"", read_only=False)  # as many escapes either way: black's double
def test_to_dict_conditions_are_blacks(name: str, key: str, read_only: bool) -> None:
    terms = [f"self.{name} is not None", f"{literal(key)} in self._arrived"]
    assume(all(layout.width(f"            or {t}") <= LINE_LENGTH for t in terms))  # else black
    line = layout.condition(terms, "and not for_request" if read_only else "", 8)
    stable(f"{line}\n            pass")


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(names, keys), max_size=12))
def test_the_attribute_table_is_blacks(pairs: list[tuple[str, str]]) -> None:
    table = [(literal(n), literal(k)) for n, k in pairs]
    source = f"class C:\n{layout.mapping('_FIELDS: ClassVar[dict[str, str]]', table, 4)}\n"
    assert black.format_str(source, mode=MODE) == source


@settings(max_examples=100, deadline=None)
@given(names, st.lists(names, min_size=1, max_size=5))
def test_tuple_entries_are_blacks(module: str, items: list[str]) -> None:
    entry = layout.tuple_entry(literal(module), [literal(i) for i in items], 4)
    source = f"X = {{\n{entry}\n}}\n"
    assert black.format_str(source, mode=MODE) == source


@settings(max_examples=150, deadline=None)
@given(st.lists(st.from_regex(r"[A-Za-z_][A-Za-z_0-9]{0,90}", fullmatch=True), max_size=6))
def test_an_all_list_is_blacks(names: list[str]) -> None:
    source = layout.names_list("__all__", names) + "\n"
    assert black.format_str(source, mode=MODE) == source


long_names = st.from_regex(r"[A-Z][A-Za-z0-9]{0,70}", fullmatch=True).filter(
    lambda n: not iskeyword(n)  # None, True and False
)
members = st.one_of(
    long_names,
    long_names.map(lambda n: f"list[{n} | None]"),
    st.sampled_from(["None", "Unset", "str", "Sequence[str]"]),
)
unions = st.lists(members, min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(names, unions, st.sampled_from(["", "UNSET", "None"]))
def test_a_field_declaration_is_blacks(name: str, members: list[str], default: str) -> None:
    source = f"class C:\n{layout.annotated(name, members, default, 4)}\n"
    assume(all(layout.width(line) <= LINE_LENGTH for line in source.splitlines()))  # else black
    assert black.format_str(source, mode=MODE) == source


@settings(max_examples=300, deadline=None)
@given(names, unions, st.sampled_from(["Required", "NotRequired"]))
def test_a_required_key_is_blacks(name: str, members: list[str], wrapper: str) -> None:
    source = f"class C:\n{layout.subscripted(name, wrapper, members, 4)}\n"
    assume(all(layout.width(line) <= LINE_LENGTH for line in source.splitlines()))  # else black
    assert black.format_str(source, mode=MODE) == source


@settings(max_examples=150, deadline=None)
@given(long_names, st.lists(long_names, min_size=1, max_size=8))
def test_a_type_alias_is_blacks(name: str, union: list[str]) -> None:
    """The alias names its members in a string (they may be imported after it): black cannot
    split a string, so one too long goes in parentheses on a line of its own."""
    source = layout.assignment(f"{name}: TypeAlias", [literal(" | ".join(union))], 0) + "\n"
    assert black.format_str(source, mode=MODE) == source


@settings(max_examples=200, deadline=None)
@given(names, keys, st.booleans(), st.booleans())
@example(name="k" * 40, key="k" * 40, dumped=True, nested=True)  # split at the call
def test_a_to_dict_write_is_blacks(name: str, key: str, dumped: bool, nested: bool) -> None:
    value: layout.Part = f"self.{name}"
    if dumped:
        value = layout.Call("_s.dump(", (f"self.{name}", "for_request"))
    line = layout.assignment(f"out[{literal(key)}]", [value], 12 if nested else 8)
    body = f"        if x:\n{line}" if nested else line
    assume(all(layout.width(text) <= LINE_LENGTH for text in line.splitlines()))  # else black
    stable(body)


@settings(max_examples=200, deadline=None)
@given(
    st.from_regex(r"[a-z][a-z_0-9]{0,110}", fullmatch=True).filter(lambda n: not iskeyword(n)),
    st.booleans(),
)
@example(method="a" * 100, is_async=False)  # even ``self.<method> = raw_wrapper(`` is too long
@example(method="a" * 80, is_async=True)
def test_a_raw_wrapper_line_is_blacks(method: str, is_async: bool) -> None:
    """A lone argument too long for its own line stays so: black cannot split it."""
    wrapper = "async_raw_wrapper" if is_async else "raw_wrapper"
    call = layout.Call(f"{wrapper}(", (f"resource.{method}",))
    stable(layout.assignment(f"self.{method}", [call], 8))


@settings(max_examples=300, deadline=None)
@given(names, unions, st.sampled_from(["", "NOT_GIVEN", "None"]))
def test_a_parameter_line_is_blacks(name: str, members: list[str], default: str) -> None:
    line = layout.parameter(name, members, default, 8)
    assume(all(layout.width(text) <= LINE_LENGTH for text in line.splitlines()))  # else black
    source = f"class C:\n    def f(\n        self,\n{line}\n    ) -> None:\n        pass\n"
    assert black.format_str(source, mode=MODE) == source


_TO_DICT = layout.Call("v.to_dict(", ("for_request=for_request",))
_WRITES = {
    "model": lambda name: Writing(f"v.__class__ is {name}", _TO_DICT),
    "enum": lambda name: Writing(f"v.__class__ is {name}", "v._value_"),
    "date": lambda name: Writing('getattr(v, "source", None)', "v.source"),
    "amount": lambda name: Writing("v.__class__ is str", "v"),
}


@settings(max_examples=300, deadline=None)
@given(names, keys, long_names, st.sampled_from(sorted(_WRITES)), st.booleans())
@example(name="a", key="k" * 40, model="M" * 40, kind="model", nested=True)  # an if statement
@example(name="a", key="k", model="M" * 90, kind="enum", nested=True)  # its if line too long
def test_a_typed_to_dict_write_is_blacks(
    name: str, key: str, model: str, kind: str, nested: bool
) -> None:
    """On one line when it fits, else as an ``if``/``else`` statement; either way black's.
    When a line of that statement would not fit, there is none (``dump`` writes the field)."""
    writing = _WRITES[kind](model)
    indent = 12 if nested else 8
    text = writing.statement(f"out[{literal(key)}]", f"self.{name}", "_s.dump", indent)
    if text is None:
        target = f"{' ' * indent}    out[{literal(key)}] = "
        lines = [f"{' ' * indent}if {writing.test}:", target + layout.flat([writing.fast])]
        lines.append(target + "_s.dump(v, for_request)")
        assert any(layout.width(line) > LINE_LENGTH for line in lines)
        return
    stable(f"        if x:\n{text}" if nested else text)

"""Reading the spec: YAML as OpenAPI's JSON data model, within bounds, never a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hostile_specs import deep_flow_nesting, recursive_anchor

from conftest import ROOT
from generator.load import MAX_DEPTH, MAX_NODES, parse_spec
from generator.problems import Problems


def parse(text: str, name: str = "spec.yaml") -> tuple[object, Problems]:
    problems = Problems()
    return parse_spec(text.encode(), name, problems), problems


def only_problem(problems: Problems) -> str:
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems.items[0])


def test_a_recursive_anchor_is_refused_at_the_node_that_contains_itself() -> None:
    name, raw = recursive_anchor()
    problems = Problems()
    assert parse_spec(raw, name, problems) is None
    assert only_problem(problems) == (
        "error: #/components/schemas/Loop/properties/next: "
        "recursive YAML anchor: this node contains itself [E-YAML]"
    )


def test_a_shared_anchor_is_fine() -> None:
    spec, problems = parse("a: &x {k: [1, 2]}\nb: *x\nc: [*x, *x]\n")
    assert not problems.items
    assert spec == {"a": {"k": [1, 2]}, "b": {"k": [1, 2]}, "c": [{"k": [1, 2]}] * 2}


def test_50000_levels_of_flow_nesting_are_refused_before_the_composer_runs(
    tmp_path: Path,
) -> None:
    """libyaml's composer recursed in C and crashed: run it in a child process to be sure."""
    name, raw = deep_flow_nesting()
    path = tmp_path / name
    path.write_bytes(raw)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--spec",
            str(path),
            "--out",
            str(tmp_path / "o"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,  # a hang guard only
    )
    assert result.returncode == 2, result.stderr
    assert (
        f"error: #: the document nests deeper than {MAX_DEPTH} levels (line 4)"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("style", ["flow", "block"])
def test_nesting_is_limited_in_every_yaml_style(style: str) -> None:
    depth = MAX_DEPTH + 5
    if style == "flow":
        text = "a: " + "[" * depth + "]" * depth
    else:
        text = "a:\n" + "".join("  " * (i + 1) + "- x:\n" for i in range(depth))
    spec, problems = parse(text)
    assert spec is None
    assert "nests deeper than" in only_problem(problems)


def test_nesting_built_from_aliases_is_measured_too() -> None:
    half = MAX_DEPTH // 2 + 5
    text = "a: &deep " + "[" * half + "]" * half + "\n"
    text += "b: " + "[" * half + "*deep" + "]" * half + "\n"
    spec, problems = parse(text)
    assert spec is None
    assert "nests deeper than" in only_problem(problems)
    assert "#/b/0/0" in only_problem(problems)


def test_json_nesting_is_limited() -> None:
    depth = MAX_DEPTH + 1
    spec, problems = parse('{"a": ' + "[" * depth + "]" * depth + "}", "spec.json")
    assert spec is None
    assert f"nests deeper than {MAX_DEPTH} levels" in only_problem(problems)


def test_an_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    spec, problems = parse("\n".join(lines))
    assert spec is None
    assert f"expands to more than {MAX_NODES} nodes" in only_problem(problems)


def test_integer_status_codes_become_strings_with_a_warning() -> None:
    spec, problems = parse(
        "paths:\n  /ping:\n    get:\n      responses:\n        200: {description: ok}\n"
        "        '404': {description: missing}\n"
    )
    assert isinstance(spec, dict)
    responses = spec["paths"]["/ping"]["get"]["responses"]
    assert list(responses) == ["200", "404"]
    assert all(type(key) is str for key in responses)
    assert only_problem(problems) == (
        "warning: #/paths/~1ping/get/responses/200: key 200 is an integer in YAML; "
        "read as the string '200' (quote it to say so) [W-KEY-TYPE]"
    )


def test_keys_keep_their_text_where_yaml_would_read_another_type() -> None:
    spec, problems = parse("properties:\n  yes: {}\n  on: {}\n  1.10: {}\n  null: {}\n")
    assert isinstance(spec, dict)
    assert list(spec["properties"]) == ["yes", "on", "1.10", "null"]
    assert len(problems.warnings) == 4


def test_a_duplicate_key_is_a_warning_at_its_pointer() -> None:
    spec, problems = parse(
        "responses:\n  200: {a: 1}\n  '200': {b: 2}\n  x: {k: 1, k: 2}\n"
    )
    assert spec == {"responses": {"200": {"b": 2}, "x": {"k": 2}}}
    assert {(p.pointer, p.code) for p in problems} == {
        ("#/responses/200", "W-KEY-TYPE"),
        ("#/responses/200", "W-DUPLICATE-KEY"),
        ("#/responses/x/k", "W-DUPLICATE-KEY"),
    }


def test_a_duplicate_key_in_json_is_a_warning_too() -> None:
    spec, problems = parse('{"a": {"k": 1, "k": 2}}', "spec.json")
    assert spec == {"a": {"k": 2}}
    assert [str(p) for p in problems] == [
        "warning: #/a/k: duplicate key 'k'; the last value is used [W-DUPLICATE-KEY]"
    ]


def test_timestamps_stay_strings() -> None:
    spec, problems = parse("example: 2024-01-31\nwhen: 2024-01-31T10:00:00Z\n")
    assert spec == {"example": "2024-01-31", "when": "2024-01-31T10:00:00Z"}
    assert not problems.items


def test_a_parse_error_names_its_line() -> None:
    spec, problems = parse("openapi: 3.1.0\ninfo: [unclosed\n")
    assert spec is None
    message = only_problem(problems)
    assert message.startswith("error: #: cannot parse spec.yaml:") and "line" in message


def test_the_top_level_must_be_a_mapping() -> None:
    spec, problems = parse(json.dumps([1, 2]), "spec.json")
    assert spec is None
    assert "top level is not a mapping" in only_problem(problems)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("", "spec.yaml"),
        ("\n# only a comment\n", "spec.yaml"),
        ("null", "spec.json"),
        ("~\n", "x.yml"),
    ],
)
def test_an_empty_document_is_refused_with_a_message(text: str, name: str) -> None:
    data, problems = parse(text, name)
    assert data is None
    message = only_problem(problems)
    assert (
        "E-PARSE" in message
        and "holds no OpenAPI document" in message
        and name in message
    )

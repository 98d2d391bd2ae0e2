"""The generator config is checked like the spec, and can acknowledge warnings of the spec."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from generator import pipeline
from generator.config import Acknowledgement, Config, load_config
from generator.problems import Level, Problems


def load(tmp_path: Path, text: str) -> tuple[Config, Problems]:
    path = tmp_path / "codegen.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    problems = Problems()
    return load_config(path, problems), problems


def test_the_repository_config_is_valid() -> None:
    problems = Problems()
    config = load_config(ROOT / "spec" / "codegen.yaml", problems)
    assert not problems.items
    assert config.operations["sc-public-v2-orders-post-delete_a_shipment"].idempotent is True
    assert all(a.reason for a in config.acknowledge)


def test_an_unknown_key_is_an_error_at_its_pointer_with_a_suggestion(tmp_path: Path) -> None:
    config, problems = load(
        tmp_path,
        """
        packge: x
        operations:
          x: {idempotnt: true}
        """,
    )
    assert [str(p) for p in problems] == [
        "error: codegen.yaml#/operations/x/idempotnt: unknown key 'idempotnt' "
        "(did you mean 'idempotent'?) [E-CONFIG]",
        "error: codegen.yaml#/packge: unknown key 'packge' (did you mean 'package'?) [E-CONFIG]",
    ]
    assert all(p.source == "codegen.yaml" for p in problems)


@pytest.mark.parametrize("value", ['"false"', "0", "no-thanks", "null"])
def test_a_boolean_must_be_a_boolean(tmp_path: Path, value: str) -> None:
    config, problems = load(tmp_path, f"operations:\n  x: {{idempotent: {value}, deletes: true}}\n")
    assert [p.pointer for p in problems.errors] == ["#/operations/x/idempotent"]
    assert "must be true or false" in problems.errors[0].message
    assert config.operations["x"].idempotent is False  # never True from a string
    assert config.operations["x"].deletes is True


@pytest.mark.parametrize(
    ("text", "pointer", "message"),
    [
        ("version: 1.0\n", "#/version", "must be a string, not a number (quote it)"),
        ("package: my-pkg\n", "#/package", "'my-pkg' is not a valid Python identifier"),
        ("operations: [a]\n", "#/operations", "must be a mapping, not a list"),
        ("operations:\n  x: {batch_size: 0}\n", "#/operations/x/batch_size", "positive integer"),
        ("auth: {bearer: {}}\n", "#/auth/bearer", "unknown key 'bearer'"),
        ("names: {'#/a': 'not an identifier'}\n", "#/names/#~1a", "not a valid Python"),
        (
            "acknowledge: [{code: E-REF, pointer: '#/x', reason: r}]\n",
            "#/acknowledge/0/code",
            "errors cannot be acknowledged",
        ),
        ("acknowledge: [{code: W-X, pointer: '#/x'}]\n", "#/acknowledge/0", "missing 'reason'"),
        ("- a\n", "#", "must be a mapping"),
    ],
)
def test_wrong_types_are_errors_with_their_pointer(
    tmp_path: Path, text: str, pointer: str, message: str
) -> None:
    _, problems = load(tmp_path, text)
    assert [p.pointer for p in problems.errors] == [pointer]
    assert message in problems.errors[0].message


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Acks", "version": "1"},
    "paths": {},
    "components": {"schemas": {"Flag": {"type": "boolean", "default": "false"}}},
}
DEFAULT = "#/components/schemas/Flag/default"


def run(config: Config) -> Problems:
    problems = Problems()
    result = pipeline.generate(
        json.dumps(SPEC).encode(),
        config,
        spec_name="spec.json",
        problems=problems,
        render_files=False,
    )
    assert result.api is not None, [str(p) for p in problems]
    return problems


def test_an_acknowledged_warning_becomes_a_note() -> None:
    problems = run(Config(acknowledge=[Acknowledgement("W-DEFAULT", DEFAULT, "known")]))
    assert problems.warnings == []
    assert [(p.level, p.pointer, p.code) for p in problems.notes] == [
        (Level.NOTE, DEFAULT, "W-DEFAULT")
    ]


def test_an_acknowledgement_matches_code_and_pointer_exactly() -> None:
    problems = run(
        Config(
            acknowledge=[
                Acknowledgement("W-EXAMPLE", DEFAULT, "wrong code"),
                Acknowledgement("W-DEFAULT", DEFAULT + "/x", "wrong pointer"),
            ]
        )
    )
    assert [(p.pointer, p.code) for p in problems.warnings] == [
        (DEFAULT, "W-DEFAULT"),
        ("#/acknowledge/0", "W-CONFIG-ACKNOWLEDGE"),
        ("#/acknowledge/1", "W-CONFIG-ACKNOWLEDGE"),
    ]
    assert {p.source for p in problems.warnings} == {"", "codegen.yaml"}


def test_names_that_point_at_nothing_are_warnings_in_the_config() -> None:
    problems = run(Config(names={"#/components/schemas/Flag": "Toggle", "#/nowhere": "Lost"}))
    found = [p for p in problems.warnings if p.code == "W-CONFIG-NAME"]
    assert [(p.source, p.pointer) for p in found] == [("codegen.yaml", "#/names/#~1nowhere")]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_strict_fails_on_warnings_but_not_on_acknowledged_ones(tmp_path: Path) -> None:
    spec = tmp_path / "acks.json"
    spec.write_text(json.dumps(SPEC), encoding="utf-8")
    config = tmp_path / "codegen.yaml"
    base = ["--spec", str(spec), "--config", str(config), "--package", "acks", "--strict"]

    config.write_text("{}\n", encoding="utf-8")
    result = cli(*base, "--out", str(tmp_path / "a"))
    assert result.returncode == 1
    assert f"acks.json: warning: {DEFAULT}: default does not match its schema" in result.stderr

    config.write_text(
        f"acknowledge:\n  - {{code: W-DEFAULT, pointer: '{DEFAULT}', reason: a doc flaw}}\n",
        encoding="utf-8",
    )
    result = cli(*base, "--out", str(tmp_path / "b"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # acknowledged warnings are not printed


def test_the_cli_names_the_config_file_of_a_config_problem(tmp_path: Path) -> None:
    config = tmp_path / "mine.yaml"
    config.write_text("operations:\n  x: {idempotent: 'false'}\n", encoding="utf-8")
    spec = ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml"
    result = cli("--spec", str(spec), "--config", str(config), "--out", str(tmp_path / "o"))
    assert result.returncode == 2
    assert (
        "mine.yaml: error: #/operations/x/idempotent: must be true or false, "
        "not a string 'false' [E-CONFIG]"
    ) in result.stderr.splitlines()

"""``mypy --strict`` passes on the generator and the generated client, on an application
written the way the README teaches, and catches the mistakes the types exist to catch."""

from __future__ import annotations

import re

from mypy import api

from conftest import ROOT

TYPING = ROOT / "tests" / "typing"


def test_mypy_strict_passes_on_generator_and_generated_client() -> None:
    stdout, stderr, status = api.run(
        [
            "--strict",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            str(ROOT / "generator"),
            str(ROOT / "generated" / "sendcloud_integrations"),
        ]
    )
    assert status == 0, stdout + stderr


def _mypy(path: str) -> tuple[str, int]:
    stdout, stderr, status = api.run(
        ["--strict", "--config-file", str(ROOT / "pyproject.toml"), "--no-error-summary", path]
    )
    return stdout + stderr, status


def test_the_readme_style_application_type_checks_without_casts() -> None:
    code = (TYPING / "app.py").read_text(encoding="utf-8").split('"""', 2)[2]  # past the docstring
    for shortcut in ("cast(", "type: ignore", "Unset", "Any"):
        assert shortcut not in code, shortcut
    report, status = _mypy(str(TYPING / "app.py"))
    assert status == 0, report


def test_mistakes_are_type_errors() -> None:
    report, status = _mypy(str(TYPING / "mistakes.py"))
    assert status == 1
    errors = re.findall(r"^.*mistakes\.py:(\d+): error: (.*)  \[([a-z-]+)\]$", report, re.M)
    by_line = {int(line): (message, code) for line, message, code in errors}
    # a misspelt key: the dict is not an IntegrationUpdateParam
    message, code = by_line[9]
    assert code == "arg-type" and "IntegrationUpdateParam" in message
    # a value the enum does not list
    message, code = by_line[18]
    assert code == "typeddict-item" and '"origin_country"' in message and "'XX'" in message
    # a required key left out
    assert by_line[24] == (
        'Missing key "message" for TypedDict "ShipmentBlobStatusParam"',
        "typeddict-item",
    )
    # names the packages import lazily are still known to mypy, so a typo is an error
    message, code = by_line[29]
    assert code == "attr-defined" and '"Integratoin"' in message, report
    message, code = by_line[30]
    assert code == "attr-defined" and '"integratoins"' in message, report
    assert sorted(by_line) == [9, 18, 24, 29, 30], report

"""Golden records: small feature specs generate exactly the committed output.

Each folder under ``tests/golden/`` holds a spec (``openapi.yaml``) and the package the
generator made from it (``expected/``). Any change to the generator or the templates that
changes generated code therefore shows up as a reviewable diff of these files, as in
openapi-python-client's end-to-end tests. After an intended change, refresh them with
``make golden`` and review the diff.

- ``features``: webhooks, bearer and API key auth (and an operation with ``security: []``),
  form and bytes bodies, header and cookie parameters, a read-only field.
- ``types``: a discriminated union, an anyOf, string and integer enums, a recursive model,
  a recursive union alias, a map of it and a tuple (``prefixItems``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from codegen_helpers import run_mypy_on

from generator.cli import main
from generator.write import MANIFEST

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "openapi.yaml").is_file())


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the manifest (it fingerprints the generator itself)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != MANIFEST and "__pycache__" not in p.parts
    }


def test_there_are_golden_records() -> None:
    assert CASES == ["features", "types"]


@pytest.mark.parametrize("name", CASES)
def test_generation_matches_the_golden_record(name: str, tmp_path: Path) -> None:
    out = tmp_path / name
    status = main(["--spec", str(GOLDEN / name / "openapi.yaml"), "--out", str(out), "-q"])
    assert status == 0
    expected, actual = tree(GOLDEN / name / "expected"), tree(out)
    assert sorted(actual) == sorted(expected), "run `make golden` and review the diff"
    changed = [rel for rel in expected if expected[rel] != actual[rel]]
    assert not changed, f"{changed} differ: run `make golden` and review the diff"


@pytest.mark.parametrize("name", CASES)
def test_golden_packages_pass_mypy_strict(name: str) -> None:
    result = run_mypy_on(GOLDEN / name / "expected", f"golden_{name}_client")
    assert result.returncode == 0, result.stdout + result.stderr

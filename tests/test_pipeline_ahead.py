"""A first generation builds and renders its code ahead of validation, to format it meanwhile.

``generator.pipeline.generate(on_code=...)`` hands the rendered code out before validating,
so that black runs on other cores while validation runs here. None of that may show: the
files and problems are those of a run that validated first, a spec validation refuses is
refused for its own problems alone (whatever building it found or raised), and a build that
fails on a valid spec fails as it always did.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from conftest import ROOT, SPEC_PATH
from generator import pipeline
from generator.config import Config
from generator.problems import Problems
from generator.rendered import Rendered

pytestmark = pytest.mark.long  # every hostile spec, generated twice


def _run(raw: bytes, ahead: bool) -> tuple[pipeline.Result, list[dict[str, Rendered]]]:
    handed: list[dict[str, Rendered]] = []
    result = pipeline.generate(
        raw, Config(), spec_name="spec.yaml", on_code=handed.append if ahead else None
    )
    return result, handed


def _said(problems: Problems) -> list[str]:
    return [str(p) for p in problems]


def test_the_code_handed_ahead_is_the_code_written_and_nothing_else_changes() -> None:
    raw = SPEC_PATH.read_bytes()
    ahead, handed = _run(raw, ahead=True)
    after, none = _run(raw, ahead=False)
    assert ahead.ok and after.ok and none == []
    assert ahead.files == after.files
    assert _said(ahead.problems) == _said(after.problems)
    (code,) = handed
    assert code and all(ahead.files[rel] == file for rel, file in code.items())
    assert {"README.md", "api.md", "pyproject.toml"}.isdisjoint(code)  # they wait for the docs


def _broken_spec() -> bytes:
    """Valid but for schemas whose keywords have the wrong types: the build, run on them
    unvalidated, finds problems of its own, or fails outright."""
    spec: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    schemas = spec["components"]["schemas"]
    schemas["Integration"]["properties"] = ["not", "a", "map"]
    schemas["IntegrationLog"]["required"] = {"base_url": True}
    return yaml.safe_dump(spec).encode()


def test_a_spec_validation_refuses_is_refused_for_its_own_problems_alone() -> None:
    raw = _broken_spec()
    ahead, _ = _run(raw, ahead=True)
    after, _ = _run(raw, ahead=False)
    assert ahead.api is None and after.api is None
    assert ahead.problems.errors  # validation's, with their pointers
    assert _said(ahead.problems) == _said(after.problems)


def test_a_build_that_fails_on_a_valid_spec_fails_as_before(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a generator bug")

    monkeypatch.setattr(pipeline, "build_api", broken)
    for ahead in (True, False):
        with pytest.raises(RuntimeError, match="a generator bug"):
            _run(SPEC_PATH.read_bytes(), ahead)
    refused, handed = _run(_broken_spec(), ahead=True)  # unless the spec is refused anyway
    assert refused.api is None and refused.problems.errors and handed == []


def test_held_back_problems_count_once_and_as_acknowledged() -> None:
    """A replay reports each problem as if found in the run: repeats drop, and a limit or
    an acknowledgement of the run applies to it."""
    held = Problems(limit=None)
    for n in range(5):
        held.warn("#/a", "same", code="W-X")
        held.warn(f"#/b/{n}", "other", code="W-Y")
    run = Problems(limit=3)
    run.acknowledge([("W-X", "#/a")])
    held.replay(into=run)
    assert [(p.level.value, p.pointer) for p in run.items] == [
        ("note", "#/a"),
        ("warning", "#/b/0"),
        ("warning", "#/b/1"),
        ("warning", "#/b/2"),
    ]
    assert run.count(run.items[1].level) == 5 and run.unmatched_acknowledgements() == []


def _outcome(raw: bytes, name: str, handed: list[dict[str, Rendered]] | None) -> object:
    try:
        result = pipeline.generate(
            raw, Config(), spec_name=name, on_code=None if handed is None else handed.append
        )
    except Exception as exc:  # noqa: BLE001 - compared between the two runs
        return ("raised", type(exc).__name__, str(exc))
    files = {rel: file.body for rel, file in result.files.items()}
    return (result.ok, _said(result.problems), files)


def test_every_hostile_spec_ends_as_it_does_when_validation_comes_first() -> None:
    """The hostile corpus's specs (odd, invalid, injected, pathological) are built unvalidated
    ahead of validation; each run must end exactly as one that validated first."""
    specs = sorted(
        path
        for path in (ROOT / "tests" / "hostile" / "cases").rglob("*")
        if path.is_file() and path.suffix in (".yaml", ".yml", ".json")
    )
    assert len(specs) > 400
    handed: list[dict[str, Rendered]] = []
    differ = [
        str(path.relative_to(ROOT))
        for path in specs
        if _outcome(path.read_bytes(), path.name, handed)
        != _outcome(path.read_bytes(), path.name, None)
    ]
    assert differ == []
    assert len(handed) > 300  # most were built ahead (not those with broken references)

"""``mypy --strict`` passes on the generator and on the generated client."""

from __future__ import annotations

from mypy import api

from conftest import ROOT


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

"""The corpus check on a few representative specs of ``../shared/corpus``.

``python -m tests.corpus`` (``make corpus``) runs every spec; this keeps a subset in the
pytest suite: OpenAPI 3.0, 3.1 with webhooks (twice: a small and a realistic one) and a
Sendcloud v3 spec full of ``allOf``/``oneOf``. Each spec costs a generator run, an import
check and a ``mypy --strict`` run (a few seconds).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CORPUS_DIR, check_spec, render_report

SPECS = [
    "oai-petstore-expanded.yaml",  # OpenAPI 3.0
    "oai31-tictactoe.yaml",  # 3.1, webhooks
    "bump-train-travel.yaml",  # 3.1, webhooks, oneOf with const tags, x- extensions
    "sendcloud-v3-orders-openapi.yml",  # allOf, oneOf, named unions
]

pytestmark = pytest.mark.skipif(not CORPUS_DIR.is_dir(), reason=f"no corpus folder at {CORPUS_DIR}")


@pytest.mark.parametrize("name", SPECS)
def test_spec_generates_a_clean_client(name: str, tmp_path: Path) -> None:
    result = check_spec(CORPUS_DIR / name, tmp_path / "out")
    assert result.passed, render_report([result])

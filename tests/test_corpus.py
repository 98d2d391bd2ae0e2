"""The corpus check on a few representative specs of the shared corpus.

``python -m tests.corpus`` (``make corpus``) runs every spec of ``../shared/corpus``; this
keeps a subset in the pytest suite, from byte-for-byte copies in ``tests/fixtures/corpus``
(so it runs in any copy of the repository): OpenAPI 3.0, 3.1 with webhooks (twice: a small
and a realistic one) and a Sendcloud v3 spec full of ``allOf``/``oneOf``. Each spec costs
a generator run, an import check and a ``mypy --strict`` run (a few seconds).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import check_spec, render_report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "corpus"

SPECS = [
    "oai-petstore-expanded.yaml",  # OpenAPI 3.0
    "oai31-tictactoe.yaml",  # 3.1, webhooks
    "bump-train-travel.yaml",  # 3.1, webhooks, oneOf with const tags, x- extensions
    "sendcloud-v3-orders-openapi.yml",  # allOf, oneOf, named unions
]



@pytest.mark.parametrize("name", SPECS)
def test_spec_generates_a_clean_client(name: str, tmp_path: Path) -> None:
    result = check_spec(FIXTURES / name, tmp_path / "out")
    assert result.passed, render_report([result])


def test_the_fixture_copies_match_the_shared_corpus() -> None:
    """Where the shared corpus is present, the fixtures are exact copies of it."""
    shared = Path(__file__).resolve().parents[2] / "shared" / "corpus"
    if not shared.is_dir():
        return  # a copy of the repository without ../shared: the fixtures stand in for it
    for name in SPECS:
        assert (FIXTURES / name).read_bytes() == (shared / name).read_bytes(), name

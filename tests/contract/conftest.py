"""Fixtures for the contract tests: one Prism mock server per test session.

The server is started lazily, by the first test that asks for ``prism_url``, and a missing
Node.js or ``node_modules`` fails that test with instructions instead of skipping it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .prism import PrismServer, running_prism


@pytest.fixture(scope="session")
def prism_server() -> Iterator[PrismServer]:
    """The running Prism process (for its ``output()`` or ``pid`` in assertions)."""
    with running_prism() as server:
        yield server


@pytest.fixture(scope="session")
def prism_url(prism_server: PrismServer) -> str:
    """Base URL of the Prism mock, e.g. ``http://127.0.0.1:38217`` (no trailing slash)."""
    return prism_server.base_url

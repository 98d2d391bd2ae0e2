"""Shared fixtures: the vendored spec, its examples, and clients wired to a mock transport."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml"
SHARED = ROOT.parent / "shared"

if str(ROOT / "generated") not in sys.path:  # when the package is not installed editable
    sys.path.insert(0, str(ROOT / "generated"))

# The generator's cache (generator.cache) goes to a folder of the test run's own, never the
# user's: the command-line tests and the processes they start all read it from here.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="codegen-test-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files marked ``long`` first, the rest in their order (a stable sort).

    ``make test`` hands whole files to two workers in this order, so the long ones start
    first, one on each worker: a long file started last would run alone at the end while the
    other worker sat idle.
    """
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def load_spec() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return load_spec()


Handler = Callable[[httpx.Request], httpx.Response]


class Recorder:
    """A mock transport that answers from a handler and remembers every request."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.handler(request)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def json(self, index: int = -1) -> Any:
        return json.loads(self.requests[index].content)


@pytest.fixture
def recorder() -> Iterator[Callable[[Handler], Recorder]]:
    yield Recorder

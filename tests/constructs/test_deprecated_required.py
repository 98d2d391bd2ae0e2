"""A required parameter marked ``deprecated: true``.

The method once guarded its deprecation warning with ``if x is not NOT_GIVEN`` although a
required argument's type has no ``NotGiven``: ``mypy --strict`` rejected the package (4
specs of the peer corpus). A required argument is always passed, so the warning is
unconditional; an optional deprecated one still warns only when given.
"""

from __future__ import annotations

import warnings
from typing import Any

import httpx
import pytest
from codegen_helpers import Generated, assert_mypy_clean, generate_client, spec_31

BASE = "https://api.example.test"

PATHS: dict[str, Any] = {
    "/find/{legacy_id}": {
        "get": {
            "tags": ["finder"],
            "operationId": "find",
            "parameters": [
                {"name": "legacy_id", "in": "path", "required": True, "deprecated": True,
                 "schema": {"type": "integer"}},
                {"name": "status", "in": "query", "required": True, "deprecated": True,
                 "schema": {"type": "string"}},
                {"name": "X-Old", "in": "header", "required": True, "deprecated": True,
                 "schema": {"type": "boolean"}},
                {"name": "page", "in": "query", "deprecated": True, "schema": {"type": "integer"}},
            ],
            "responses": {"204": {"description": "nothing"}},
        }
    }
}  # fmt: skip


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(None, PATHS, openapi="3.0.3")
    return generate_client(spec, tmp_path_factory.mktemp("depreq"), "c_deprecated_required")


def call(gen: Generated, **arguments: Any) -> httpx.Request:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    api = gen.module.Client(
        base_url=BASE, http_client=httpx.Client(transport=httpx.MockTransport(answer))
    )
    assert api.finder.find(**arguments) is None
    return seen[0]


def test_generated_package_type_checks(gen: Generated) -> None:
    assert_mypy_clean(gen)


def test_required_deprecated_arguments_are_sent_and_each_warns(gen: Generated) -> None:
    with pytest.warns(DeprecationWarning) as record:
        request = call(gen, legacy_id=7, status="open", x_old=True)
    assert request.url.path == "/find/7"
    assert dict(request.url.params) == {"status": "open"}
    assert request.headers["X-Old"] == "true"
    messages = " ".join(str(w.message) for w in record)
    assert all(name in messages for name in ("legacy_id", "status", "x_old"))
    assert "page" not in messages


def test_an_optional_deprecated_argument_warns_only_when_given(gen: Generated) -> None:
    with pytest.warns(DeprecationWarning) as record:
        request = call(gen, legacy_id=1, status="s", x_old=False, page=2)
    assert [w for w in record if "page" in str(w.message)]
    assert request.url.params["page"] == "2"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call(gen, legacy_id=1, status="s", x_old=False)
    assert not [w for w in caught if "page" in str(w.message)]

"""Security schemes beyond Basic and OAuth2: bearer tokens, API keys, and the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from codegen_helpers import generate_client


def spec(schemes: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Keys", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "tags": ["things"],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {"securitySchemes": schemes},
    }


def call(pkg: Any, **kwargs: Any) -> httpx.Request:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    client = pkg.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs)
    client.things.list_things()
    assert "secret-value" not in repr(client)
    return seen[0]


def test_bearer_token_and_its_environment_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pkg = generate_client(
        spec({"token": {"type": "http", "scheme": "bearer"}}), tmp_path, "auth_bearer"
    ).module
    assert call(pkg, bearer_token="secret-value").headers["authorization"] == "Bearer secret-value"
    monkeypatch.setenv("AUTH_BEARER_BEARER_TOKEN", "secret-value")
    assert call(pkg).headers["authorization"] == "Bearer secret-value"


@pytest.mark.parametrize("location", ["header", "query", "cookie"])
def test_api_key_goes_where_the_scheme_says(tmp_path: Path, location: str) -> None:
    schemes = {"key": {"type": "apiKey", "in": location, "name": "X-Api-Key"}}
    pkg = generate_client(spec(schemes), tmp_path, f"auth_key_{location}").module
    request = call(pkg, api_key="secret-value")
    if location == "header":
        assert request.headers["x-api-key"] == "secret-value"
    elif location == "query":
        assert request.url.params["X-Api-Key"] == "secret-value"
    else:
        assert request.headers["cookie"] == "X-Api-Key=secret-value"


def test_any_httpx_auth_can_be_passed(tmp_path: Path) -> None:
    pkg = generate_client(spec({}), tmp_path, "auth_custom").module
    request = call(pkg, auth=httpx.BasicAuth("u", "p"))
    assert request.headers["authorization"].startswith("Basic ")


def test_a_scheme_that_is_not_built_in_is_reported(tmp_path: Path) -> None:
    schemes = {
        "tls": {"type": "mutualTLS"},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x"},
    }
    gen = generate_client(spec(schemes), tmp_path, "auth_unknown")
    assert gen.warnings_at("#/components/securitySchemes/tls")
    assert gen.warnings_at("#/components/securitySchemes/oidc")

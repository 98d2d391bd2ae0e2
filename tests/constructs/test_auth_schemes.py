"""Security schemes: each kind, per-operation requirements, secrets, and plain-http warnings."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import httpx
import pytest
from codegen_helpers import assert_mypy_clean, build_model, generate_client

from generator.cli import main
from generator.security import operation_security

SECRET = "secret-VALUE-1"


def spec(schemes: dict[str, Any], **extra: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
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
    document.update(extra)
    return document


def call(pkg: Any, status: int = 200, **kwargs: Any) -> httpx.Request:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, json={"detail": "nope"} if status >= 400 else None)

    client = pkg.Client(http_client=httpx.Client(transport=httpx.MockTransport(handler)), **kwargs)
    assert SECRET not in repr(client)
    client.things.list_things(max_retries=0)
    return seen[0]


def test_bearer_token_and_its_environment_fallback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gen = generate_client(spec({"token": {"type": "http", "scheme": "bearer"}}), tmp_path, "au_b")
    pkg = gen.module
    assert call(pkg, bearer_token=SECRET).headers["authorization"] == f"Bearer {SECRET}"
    monkeypatch.setenv("AU_B_BEARER_TOKEN", SECRET)
    assert call(pkg).headers["authorization"] == f"Bearer {SECRET}"
    assert "BearerAuth" in pkg.__all__ and "APIKeyAuth" not in pkg.__all__
    assert "OAuth2ClientCredentials" not in pkg.__all__, "exports follow the spec's schemes"


@pytest.mark.parametrize("location", ["header", "query", "cookie"])
def test_api_key_goes_where_the_scheme_says(tmp_path: Path, location: str) -> None:
    schemes = {"key": {"type": "apiKey", "in": location, "name": "X-Api-Key"}}
    pkg = generate_client(spec(schemes), tmp_path, f"au_key_{location}").module
    request = call(pkg, api_key=SECRET)
    if location == "header":
        assert request.headers["x-api-key"] == SECRET
    elif location == "query":
        assert request.url.params["X-Api-Key"] == SECRET
    else:
        assert request.headers["cookie"] == f"X-Api-Key={SECRET}"


def test_any_httpx_auth_can_be_passed(tmp_path: Path) -> None:
    pkg = generate_client(spec({}), tmp_path, "au_custom").module
    request = call(pkg, auth=httpx.BasicAuth("u", "p"))
    assert request.headers["authorization"].startswith("Basic ")


def test_a_scheme_that_is_not_built_in_is_reported(tmp_path: Path) -> None:
    schemes = {
        "tls": {"type": "mutualTLS"},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x"},
    }
    gen = generate_client(spec(schemes), tmp_path, "au_unknown")
    assert gen.warnings_at("#/components/securitySchemes/tls")
    assert gen.warnings_at("#/components/securitySchemes/oidc")


def test_several_schemes_of_one_kind_get_arguments_named_after_their_keys() -> None:
    schemes = {
        "adminKey": {"type": "apiKey", "in": "header", "name": "X-Admin"},
        "userKey": {"type": "apiKey", "in": "query", "name": "user_key"},
        "timeout": {"type": "http", "scheme": "bearer"},
    }
    api, _ = build_model(spec(schemes), package="multi")
    arguments = [(c.argument, c.env) for c in api.auth.arguments]
    assert arguments == [
        ("admin_key", "MULTI_ADMIN_KEY"),
        ("user_key", "MULTI_USER_KEY"),
        ("bearer_token", "MULTI_BEARER_TOKEN"),
    ]
    assert api.auth.secret_headers == ["x-admin"] and api.auth.secret_query_params == ["user_key"]


def test_operation_security_reads_alternatives_and_combinations() -> None:
    assert operation_security({}) is None
    assert operation_security({"security": []}) == ()
    assert operation_security({"security": [{"a": []}, {"c": [], "b": []}, {}]}) == (
        "a",
        "b+c",
        "",
    )


def test_the_top_level_requirements_are_the_clients_default(tmp_path: Path) -> None:
    schemes = {
        "basic": {"type": "http", "scheme": "basic"},
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
    }
    gen = generate_client(spec(schemes, security=[{"key": []}]), tmp_path, "au_default")
    assert gen.api.auth.default == ("key",)
    request = call(gen.module, username="u", password="p", api_key=SECRET)
    assert request.headers["x-key"] == SECRET and "authorization" not in request.headers


def test_an_operation_without_security_sends_no_credentials(tmp_path: Path) -> None:
    """``security: []``: what ``Endpoint(security=())`` does in a generated client."""
    schemes = {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    gen = generate_client(spec(schemes), tmp_path, "au_public")
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = gen.module.Client(api_key=SECRET, http_client=http)
    endpoint_module = gen.submodule("_endpoint")
    opts = endpoint_module.options(None, None, 5.0, 0)
    for security in [(), ("key",)]:
        endpoint = endpoint_module.Endpoint("x.y", "GET", "/things", security=security)
        client.request(endpoint.request(), opts)
    assert "x-key" not in seen[0].headers and seen[1].headers["x-key"] == SECRET


def test_secret_headers_and_query_parameters_are_redacted_everywhere(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    schemes = {
        "token": {"type": "apiKey", "in": "header", "name": "X-Custom-Token"},
        "key": {"type": "apiKey", "in": "query", "name": "sig"},
    }
    gen = generate_client(spec(schemes, security=[{"token": [], "key": []}]), tmp_path, "au_red")
    pkg = gen.module
    with caplog.at_level(logging.DEBUG), pytest.raises(pkg.APIStatusError) as info:
        call(pkg, status=403, token=SECRET, key=SECRET)
    error = info.value
    for text in (caplog.text, str(error), repr(error), repr(error.request)):
        assert SECRET not in text
    assert "sig=<redacted>" in caplog.text and "'x-custom-token': '<redacted>'" in caplog.text
    assert any(r.name == "httpx" and "sig=<redacted>" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://api.example.com", True),
        ("HTTP://{host}/v1", True),
        ("https://api.example.com", False),
        ("http://localhost:8080", False),
        ("http://127.0.0.1/v1", False),
        ("http://[::1]:3000", False),
    ],
)
def test_a_plain_http_server_is_a_warning(url: str, warned: bool) -> None:
    servers = [{"url": url, "variables": {"host": {"default": "api.example.com"}}}]
    _, problems = build_model(spec({}, servers=servers), package="plain")
    found = [p for p in problems.warnings if p.pointer == "#/servers/0/url"]
    assert bool(found) is warned
    if warned:
        assert "unencrypted" in found[0].message


def test_a_plain_http_token_url_is_a_warning() -> None:
    flows = {"clientCredentials": {"tokenUrl": "http://id.example.com/token", "scopes": {}}}
    _, problems = build_model(spec({"o": {"type": "oauth2", "flows": flows}}), package="tok")
    pointers = [p.pointer for p in problems.warnings]
    assert "#/components/securitySchemes/o/flows/clientCredentials/tokenUrl" in pointers


def test_strict_fails_on_a_plain_http_server(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec({}, servers=[{"url": "http://api.example.com"}])))
    out = tmp_path / "out"
    args = ["--spec", str(spec_file), "--out", str(out), "--package", "plain_cli", "--quiet"]
    assert main(args) == 0, "by default it is only a warning"
    assert "warning: #/servers/0/url" in capsys.readouterr().err
    assert main([*args, "--strict"]) == 1


@pytest.mark.parametrize(
    ("security", "operation_security", "required"),
    [
        (None, None, True),  # nothing said: the client sends what it has, and needs it
        ([{"key": []}], None, True),
        ([{}, {"key": []}], None, False),  # optional everywhere
        ([{"key": []}], [], False),  # the one operation is public
        (None, [{}], False),
        (None, [{"key": []}], True),
    ],
)
def test_credentials_are_required_only_if_some_operation_needs_them(
    security: Any, operation_security: Any, required: bool
) -> None:
    document = spec({"key": {"type": "apiKey", "in": "header", "name": "X-Key"}})
    if security is not None:
        document["security"] = security
    if operation_security is not None:
        document["paths"]["/things"]["get"]["security"] = operation_security
    api, _ = build_model(document, package="needed")
    assert api.auth.required is required


def test_a_client_of_public_operations_needs_no_credentials(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schemes = {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    document = spec(schemes)
    document["paths"]["/things"]["get"]["security"] = []
    public = generate_client(document, tmp_path, "au_public_only").module
    monkeypatch.delenv("AU_PUBLIC_ONLY_API_KEY", raising=False)
    assert repr(public.Client()).endswith("auth=none)")
    private = generate_client(spec(schemes), tmp_path, "au_private").module
    with pytest.raises(private.MissingCredentialsError, match=r"pass api_key \(or set AU_PRIVATE"):
        private.Client()


def test_a_client_with_every_kind_of_scheme_passes_mypy_strict(tmp_path: Path) -> None:
    flows = {"clientCredentials": {"tokenUrl": "https://id.example.com/t", "scopes": {"a": ""}}}
    schemes = {
        "basic": {"type": "http", "scheme": "basic"},
        "bearer": {"type": "http", "scheme": "bearer"},
        "header": {"type": "apiKey", "in": "header", "name": "X-Key"},
        "query": {"type": "apiKey", "in": "query", "name": "key"},
        "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
        "oauth": {"type": "oauth2", "flows": flows},
    }
    gen = generate_client(spec(schemes, security=[{"header": [], "query": []}]), tmp_path, "au_all")
    assert_mypy_clean(gen)
    client = gen.module.Client(header="h", query="q", http_client=httpx.Client())
    assert repr(client).endswith("auth=api key in header 'X-Key', api key in query 'key')")

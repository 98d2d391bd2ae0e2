"""Families about secrets in generated clients: insecure ``http://`` URLs, and API keys with
odd names that must be redacted from logs, ``repr``s and exception messages.
"""

from __future__ import annotations

from typing import Any

from hostile.corpus_base import Entry, base_spec, ptr

__all__ = ["insecure_http_cases", "redaction_cases"]

Spec = dict[str, Any]


def _token_url(url: str) -> Spec:
    spec = base_spec()
    flows = {"clientCredentials": {"tokenUrl": url, "scopes": {}}}
    spec["components"]["securitySchemes"] = {"oauth": {"type": "oauth2", "flows": flows}}
    spec["security"] = [{"oauth": []}]
    return spec


def _server(url: str, index: int = 0, variables: Spec | None = None) -> Spec:
    spec = base_spec()
    servers = spec["servers"] + [{"url": "https://backup.example.com"}]
    servers[index] = {"url": url, **({"variables": variables} if variables else {})}
    spec["servers"] = servers
    return spec


_TOKEN = ptr("components", "securitySchemes", "oauth", "flows", "clientCredentials", "tokenUrl")
_INSECURE: dict[str, tuple[Spec, str]] = {
    "server": (_server("http://api.example.com/v1"), ptr("servers", 0, "url")),
    "second-server": (_server("http://backup.example.com", 1), ptr("servers", 1, "url")),
    "server-upper-scheme": (_server("HTTP://API.EXAMPLE.COM"), ptr("servers", 0, "url")),
    "server-localhost-lookalike": (
        _server("http://localhost.evil.example"), ptr("servers", 0, "url")
    ),
    "server-variable-scheme": (
        _server("{scheme}://api.example.com", variables={"scheme": {"default": "http"}}),
        ptr("servers", 0),
    ),
    "token-url": (_token_url("http://auth.example.com/token"), _TOKEN),
    "token-url-ip": (_token_url("http://203.0.113.7/token"), _TOKEN),
}  # fmt: skip
_LOCAL = {
    "server-localhost": _server("http://localhost:8080"),
    "server-127": _server("http://127.0.0.1:8000/v1"),
    "server-ipv6-loopback": _server("http://[::1]:8000"),
    "token-url-localhost": _token_url("http://localhost:9000/token"),
    "https-everywhere": _token_url("https://auth.example.com/token"),
}


def insecure_http_cases() -> list[Entry]:
    """Default mode warns about an http:// URL (exit 0), --strict fails on it (exit 1)."""
    cases = []
    for name, (spec, pointer) in _INSECURE.items():
        warn = [{"pointer": pointer, "level": "warning", "when": [0]}]
        cases.append(Entry(f"http--{name}--default", "insecure-http", spec, [0], warn))
        strict = [{"pointer": pointer, "level": "any", "when": [1, 2]}]
        cases.append(
            Entry(f"http--{name}--strict", "insecure-http", spec, [1], strict, args=["--strict"])
        )
    for name, spec in _LOCAL.items():
        cases.append(Entry(f"http--{name}--strict", "insecure-http", spec, [0], args=["--strict"]))
    return cases


_SCHEMES: dict[str, list[tuple[str, str]]] = {
    "header-x-auth-token": [("header", "X-Auth-Token")],
    "header-private-token": [("header", "Private-Token")],
    "header-odd-case": [("header", "x-WEIRD_secret-Name")],
    "header-apikey": [("header", "apikey")],
    "header-x-authorization": [("header", "X-Authorization")],
    "query-sig": [("query", "sig")],
    "query-access-token": [("query", "access_token")],
    "query-key": [("query", "key")],
    "query-x-api-key": [("query", "X-Api-Key")],
    "cookie-sessionid": [("cookie", "sessionid")],
    "cookie-host-prefix": [("cookie", "__Host-token")],
    "three-schemes": [("header", "X-Auth-Token"), ("query", "sig"), ("cookie", "sid")],
    "header-and-query": [("header", "X-Client-Secret"), ("query", "api_token")],
}


def redaction_cases() -> list[Entry]:
    """API keys under odd names: the secret never reaches logs, reprs or exception messages."""
    cases = []
    for name, schemes in _SCHEMES.items():
        spec = base_spec()
        spec["components"]["securitySchemes"] = {
            f"key{i}": {"type": "apiKey", "in": where, "name": key}
            for i, (where, key) in enumerate(schemes)
        }
        spec["security"] = [{f"key{i}": []} for i in range(len(schemes))]
        runtime = {"redaction": [list(s) for s in schemes], "call": ["things", "list_things"]}
        cases.append(Entry(f"redaction--{name}", "redaction", spec, [0], runtime=runtime))
    return cases

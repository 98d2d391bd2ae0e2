"""The runtime source is what every client gets: verbatim, formatted, with matching constants."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from generator import pipeline
from generator.config import Config
from generator.format import format_source
from generator.render import DEFAULT_TEMPLATES, public_names, runtime_sources

from .conftest import SHIM

SOURCES = runtime_sources(DEFAULT_TEMPLATES)
SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Keys", "version": "1"},
    "servers": [{"url": "https://api.example.com"}],
    "paths": {},
    "components": {
        "securitySchemes": {
            "token": {"type": "apiKey", "in": "header", "name": "X-Auth-Token"},
            "key": {"type": "apiKey", "in": "query", "name": "key"},
        }
    },
}


def top_level(source: str) -> dict[str, str]:
    """Name -> annotation ("" for none) of every module-level assignment or import."""
    found: dict[str, str] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ImportFrom):
            found.update({a.asname or a.name: f"from {node.module}" for a in node.names})
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            found[node.target.id] = ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign):
            found.update({t.id: "" for t in node.targets if isinstance(t, ast.Name)})
    return found


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    result = pipeline.generate(
        json.dumps(SPEC).encode(), Config(), spec_name="spec.json", package="keys_client"
    )
    assert result.api is not None, [str(p) for p in result.problems]
    return {path: f.body for path, f in result.files.items()}


def test_there_is_a_runtime() -> None:
    assert {"_base_client.py", "_transport.py", "_security.py", "errors.py"} <= set(SOURCES)


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_each_module_is_copied_verbatim(rendered: dict[str, str], name: str) -> None:
    assert rendered[f"keys_client/{name}"] == SOURCES[name]


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_each_module_is_committed_formatted(name: str) -> None:
    """black leaves it alone, so formatting it again in a client changes nothing."""
    assert format_source(name, SOURCES[name]) == SOURCES[name]


def test_the_shim_constants_define_what_the_template_does(rendered: dict[str, str]) -> None:
    generated = top_level(rendered["keys_client/_constants.py"])
    shim = top_level((SHIM / "_constants.py").read_text(encoding="utf-8"))
    assert generated == shim


def test_generated_constants_name_the_specs_secret_header_and_query(
    rendered: dict[str, str],
) -> None:
    values = {
        node.target.id: ast.unparse(node.value)
        for node in ast.parse(rendered["keys_client/_constants.py"]).body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value
    }
    assert values["SECRET_HEADERS"] == "frozenset({'x-auth-token'})"
    assert values["SECRET_QUERY_PARAMS"] == "frozenset({'key'})"


def test_the_package_exports_each_public_modules_all_and_the_auth_it_uses(
    rendered: dict[str, str],
) -> None:
    exported = set(public_names(rendered["keys_client/__init__.py"]))
    for module in ("errors", "_pagination", "_response", "_types"):
        assert set(public_names(SOURCES[f"{module}.py"])) <= exported
    assert "APIKeyAuth" in exported
    assert "OAuth2ClientCredentials" not in exported and "BearerAuth" not in exported


def test_no_template_is_left_for_a_runtime_module() -> None:
    package = DEFAULT_TEMPLATES / "package"
    for name in SOURCES:
        assert not (package / f"{Path(name).stem}.py.jinja").exists(), name

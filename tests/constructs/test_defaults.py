"""Spec text reaches generated code only as inert literals.

``default`` values (quotes, backslashes, newlines, triple quotes...) appear only inside
docstrings, escaped; descriptions with ``\"\"\"``, backslashes and a trailing backslash are
harmless; so are property keys and paths with such characters, which end up in docstrings and
string literals too. Every generated module must parse and import, and contain no code that
the spec text smuggled in.
"""

from __future__ import annotations

import ast
from typing import Any

import pytest
from codegen_helpers import Generated, generate_client, spec_31

NASTY = '"""; raise SystemExit("pwned") #'
DEFAULTS: dict[str, Any] = {
    "quote": 'say "hi"',
    "single": "it's",
    "backslash": "C:\\path\\",
    "newline": "line1\nline2\r\n\tend",
    "triple": NASTY,
    "triple_single": "'''; raise SystemExit('pwned') #",
    "control": "bell\x07nul\x00",
    "unicode": "naïve ☃ \u2028 sep",
    "number": 1.5,
    "integer": -3,
    "flag": True,
    "off": False,
    "items": ["a", 'b"c', "d\\"],
    "mapping": {"k": 'v"""'},
}
TYPES: dict[str, dict[str, Any]] = {
    "number": {"type": "number"},
    "integer": {"type": "integer"},
    "flag": {"type": "boolean"},
    "off": {"type": "boolean"},
    "items": {"type": "array", "items": {"type": "string"}},
    "mapping": {"type": "object"},
}
DESCRIPTION = 'Ends with """ and \\ and \\N{BULLET} and \\x and a trailing backslash \\'

SCHEMAS: dict[str, Any] = {
    "Settings": {
        "type": "object",
        "description": DESCRIPTION,
        "title": 'Title """ \\',
        "properties": {
            key: {
                **TYPES.get(key, {"type": "string"}),
                "default": value,
                "description": DESCRIPTION,
            }
            for key, value in DEFAULTS.items()
        },
    },
    "Mode": {"type": "string", "enum": ["a", "b"], "default": "a", "description": DESCRIPTION},
}
PATHS: dict[str, Any] = {
    "/settings": {
        "get": {
            "tags": ["settings"],
            "operationId": "getSettings",
            "summary": 'Get """settings""" \\',
            "description": DESCRIPTION,
            "parameters": [
                {
                    "name": "mode",
                    "in": "query",
                    "description": DESCRIPTION,
                    "schema": {"type": "string", "default": NASTY},
                }
            ],
            "responses": {
                "200": {
                    "description": DESCRIPTION,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Settings"}}
                    },
                }
            },
        }
    }
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(SCHEMAS, PATHS)
    spec["info"]["title"] = 'API """ \\'
    spec["info"]["description"] = DESCRIPTION
    return generate_client(spec, tmp_path_factory.mktemp("defaults"), "c_defaults")


def smuggled(source: str) -> list[str]:
    """Calls or raises that no template writes: what injected text would look like."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Raise) and "SystemExit" in ast.unparse(node):
            found.append(ast.unparse(node))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "SystemExit":
            found.append(ast.unparse(node))
    return found


def strings(source: str) -> list[str]:
    return [
        n.value
        for n in ast.walk(ast.parse(source))
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_module_parses_and_holds_no_injected_code(gen: Generated) -> None:
    sources = gen.sources()
    assert "models/settings.py" in sources
    for rel, source in sources.items():
        assert smuggled(source) == [], rel
    gen.submodule("models.settings")
    gen.submodule("resources.settings")


def test_defaults_reach_docstrings_as_their_repr(gen: Generated) -> None:
    docs = [flat(s) for s in strings(gen.source("models/settings.py"))]
    for key, value in DEFAULTS.items():
        if key == "mapping":
            continue
        expected = flat(f"Server default: {value!r}.")
        assert any(expected in d for d in docs), (key, expected)


def test_defaults_are_not_applied_client_side(gen: Generated) -> None:
    """A default is the server's business: an absent field reads as None (Settings is only
    read from responses) and is not written back."""
    settings = gen.models.Settings.from_dict({})
    for key in DEFAULTS:
        assert getattr(settings, key) is None
    assert settings.fields_set == frozenset()
    assert settings.to_dict() == {} and settings.to_dict(for_request=True) == {}


def test_values_equal_to_the_nasty_defaults_round_trip(gen: Generated) -> None:
    settings = gen.models.Settings.from_dict(dict(DEFAULTS))
    assert settings.mismatched_fields == {}
    assert settings.to_dict() == DEFAULTS


def test_description_text_survives_unchanged(gen: Generated) -> None:
    docs = [flat(s) for s in strings(gen.source("models/settings.py"))]
    assert any(flat(DESCRIPTION) in d for d in docs)
    assert gen.models.Settings.__doc__ is not None
    assert flat(DESCRIPTION) in flat(gen.models.Settings.__doc__)
    assert flat(DESCRIPTION) in flat(gen.models.Mode.__doc__ or "")


def test_operation_docstring_survives_unchanged(gen: Generated) -> None:
    resource_cls = gen.submodule("resources.settings").SettingsResource
    doc = flat(resource_cls.get_settings.__doc__ or "")
    assert flat('Get """settings""" \\') in doc
    assert flat(DESCRIPTION) in doc


def test_package_docstring_survives(gen: Generated) -> None:
    doc = flat(gen.module.__doc__ or "")
    assert 'API """ \\' in doc
    assert flat(DESCRIPTION) in doc


def test_property_keys_and_paths_with_quotes_and_backslashes(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Keys end up in JSON pointers, docstrings and string literals: all must stay inert."""
    key = 'a"""b\\N'
    spec = spec_31(
        {
            "Odd": {
                "type": "object",
                "properties": {
                    key: {"type": "object", "properties": {"z": {"type": "string"}}},
                    "tail\\": {"type": "string"},
                },
            }
        },
        {
            '/odd/"""{id}\\': {
                "get": {
                    "operationId": "getOdd",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {"x": {"type": "integer"}},
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
    )
    gen = generate_client(spec, tmp_path_factory.mktemp("oddkeys"), "c_defaults_keys")
    for rel, source in gen.sources().items():
        assert smuggled(source) == [], rel
    data = {key: {"z": "1"}, "tail\\": "t"}
    assert gen.models.Odd.from_dict(data).to_dict() == data

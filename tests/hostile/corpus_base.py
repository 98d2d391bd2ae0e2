"""What every corpus family builds on: a small valid spec, the payloads, and the case record.

Each case gets a unique ``info.title`` (``hx0001``...), so each generated package has a name
of its own (``hx0001_client``) and every package of a run can be type-checked in one mypy run.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "CODE",
    "PAYLOADS",
    "Entry",
    "base_spec",
    "next_tag",
    "ptr",
    "reset_tags",
]

_counter = [itertools.count(1)]


def reset_tags() -> None:
    """Start the title tags again at hx0001 (the writer does, so every run is the same)."""
    _counter[0] = itertools.count(1)


def next_tag() -> str:
    """A fresh title tag; families call it in a fixed order, so tags are deterministic."""
    return f"hx{next(_counter[0]):04d}"


def ptr(*parts: str | int) -> str:
    """A JSON pointer (RFC 6901) in the ``#/...`` form the generator reports."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "#/" + "/".join(escaped) if parts else "#"


# What an injected payload tries to run. If it ever executes, on import of the generated
# package, it leaves a file named HOSTILE-PWNED in the working folder.
CODE = '__import__("pathlib").Path("HOSTILE-PWNED").touch()'

PAYLOADS: dict[str, str] = {
    "tq": f'end """\n{CODE}\n""" x',
    "sq3": f"end '''\n{CODE}\n''' x",
    "dq": f'x"); {CODE}; ("',
    "bs": "ends with a backslash \\",
    "nl": f"first line\n{CODE}\n# ",
    "cr": f"first\r{CODE}\r# ",
    "jinja": "{{ 7 * 7 }} {% for i in range(3) %}{{ i }}{% endfor %} {# c #} "
    "{{ cycler.__init__.__globals__.os.system('touch HOSTILE-PWNED') }} {% raw %}",
    "ctrl": "nul\x00 bell\x07 esc\x1b[2J del\x7f vt\x0b ff\x0c us\x1f",
    "bidi": "ok\u202e\u2066 }; " + CODE + "\u2069\u202c nel\x85 ls\u2028 ps\u2029 "
    "bom\ufeff zw\u200b",
    "long": "A" * 3000 + " " + "b" * 3000,
    "surrogate": "lone \ud800 surrogate \udfff",
    "toml": 'x"\n[tool.evil]\nk = "v',
}


def base_spec(tag: str | None = None) -> dict[str, Any]:
    """A small valid OpenAPI 3.1 document: two operations, a model, an enum, an error body."""
    thing_ref = {"$ref": "#/components/schemas/Thing"}
    json_body = {"application/json": {"schema": thing_ref}}
    return copy.deepcopy({
        "openapi": "3.1.0",
        "info": {"title": tag or next_tag(), "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "tags": ["things"],
                    "summary": "List things",
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": thing_ref}
                                }
                            },
                        },
                        "404": {
                            "description": "missing",
                            "content": {"application/json": {
                                "schema": {"$ref": "#/components/schemas/Error"}
                            }},
                        },
                    },
                },
                "post": {
                    "operationId": "createThing",
                    "tags": ["things"],
                    "requestBody": {"required": True, "content": json_body},
                    "responses": {"201": {"description": "created", "content": json_body}},
                },
            },
        },
        "components": {
            "schemas": {
                "Thing": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string", "description": "The name."},
                        "kind": {"$ref": "#/components/schemas/Kind"},
                    },
                },
                "Kind": {"type": "string", "enum": ["small", "large"]},
                "Error": {"type": "object", "properties": {"message": {"type": "string"}}},
            }
        },
    })  # fmt: skip


@dataclass
class Entry:
    """One case as the corpus writer builds it; ``spec`` is a dict (JSON) or YAML text."""

    id: str
    family: str
    spec: dict[str, Any] | str | None
    exit: list[int]
    report: list[dict[str, Any]] = field(default_factory=list)
    file_name: str | None = None
    file_name_hex: str | None = None
    args: list[str] = field(default_factory=list)
    recipe: dict[str, Any] | None = None
    isolate: bool = False
    tree: dict[str, Any] = field(default_factory=dict)
    pregen: bool = False
    keep: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    out: str = "out"
    env: dict[str, str] = field(default_factory=dict)
    runtime: dict[str, Any] = field(default_factory=dict)
    note: str = ""

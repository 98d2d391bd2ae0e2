"""Families where spec text must never become code: payloads in every text and name position,
the spec's file name, float specials, and emoji in the title.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from hostile.corpus_base import CODE, PAYLOADS, Entry, base_spec, next_tag, ptr

__all__ = ["file_name_cases", "float_cases", "injection_cases", "title_cases"]

Spec = dict[str, Any]
Place = Callable[[Spec, str], str]

_G = ("paths", "/things", "get")
_S = ("components", "schemas")


def _get(spec: Spec) -> Spec:
    op: Spec = spec["paths"]["/things"]["get"]
    return op


def _schemas(spec: Spec) -> Spec:
    schemas: Spec = spec["components"]["schemas"]
    return schemas


def _title(spec: Spec, text: str) -> str:
    spec["info"]["title"] = f"{text} {spec['info']['title']}"  # keep the unique tag
    return ptr("info", "title")


def _at(*path: str | int) -> Place:
    def place(spec: Spec, text: str) -> str:
        node: Any = spec
        for part in path[:-1]:
            node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
        node[path[-1]] = text
        return ptr(*path)

    return place


def _enum_value(spec: Spec, text: str) -> str:
    _schemas(spec)["Kind"]["enum"].append(text)
    return ptr(*_S, "Kind", "enum", 2)


def _tag(spec: Spec, text: str) -> str:
    _get(spec)["tags"] = [text]
    return ptr(*_G, "tags", 0)


def _param_name(location: str) -> Place:
    def place(spec: Spec, text: str) -> str:
        param = {"name": text, "in": location, "schema": {"type": "string"}}
        _get(spec)["parameters"].append(param)
        return ptr(*_G, "parameters", 2)

    return place


def _property_name(spec: Spec, text: str) -> str:
    _schemas(spec)["Thing"]["properties"][text] = {"type": "string"}
    return ptr(*_S, "Thing", "properties", text)


def _media_type(spec: Spec, text: str) -> str:
    content = _get(spec)["responses"]["200"]["content"]
    content[text] = {"schema": {"type": "string"}}
    return ptr(*_G, "responses", "200", "content", text)


def _server_url(spec: Spec, text: str) -> str:
    spec["servers"] = [{"url": "https://api.example.com/" + text}]
    return ptr("servers", 0, "url")


def _scheme_name(spec: Spec, text: str) -> str:
    spec["components"]["securitySchemes"] = {
        text: {"type": "apiKey", "in": "header", "name": "X-Key"}
    }
    spec["security"] = [{text: []}]
    return ptr("components", "securitySchemes", text)


def _discriminator_value(spec: Spec, text: str) -> str:
    schemas = _schemas(spec)
    schemas["Cat"] = {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"const": text}, "lives": {"type": "integer"}},
    }
    schemas["Pet"] = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}],
        "discriminator": {"propertyName": "kind", "mapping": {text: "#/components/schemas/Cat"}},
    }
    schemas["Thing"]["properties"]["pet"] = {"$ref": "#/components/schemas/Pet"}
    return ptr(*_S, "Pet", "discriminator", "mapping", text)


def _path_segment(spec: Spec, text: str) -> str:
    spec["paths"]["/extra/" + text] = {
        "get": {"operationId": "extra", "responses": {"204": {"description": "none"}}}
    }
    return ptr("paths", "/extra/" + text)


def _example(spec: Spec, text: str) -> str:
    _schemas(spec)["Thing"]["example"] = {"id": 1, "name": text}
    return ptr(*_S, "Thing", "example")


# Plain text: it must be escaped for its context; refusing it would be wrong (exit 0 only).
TEXT_PLACES: dict[str, Place] = {
    "title": _title,
    "info-description": _at("info", "description"),
    "op-summary": _at(*_G, "summary"),
    "op-description": _at(*_G, "description"),
    "property-description": _at(*_S, "Thing", "properties", "name", "description"),
    "enum-value": _enum_value,
    "default": _at(*_S, "Thing", "properties", "name", "default"),
    "example": _example,
}
# Text that also becomes a name or a literal in code: escaping or a refusal with a pointer.
NAME_PLACES: dict[str, Place] = {
    "tag": _tag,
    "operation-id": _at(*_G, "operationId"),
    "query-param": _param_name("query"),
    "header-param": _param_name("header"),
    "property-name": _property_name,
    "media-type": _media_type,
    "server-url": _server_url,
    "security-scheme-name": _scheme_name,
    "discriminator-value": _discriminator_value,
    "path-segment": _path_segment,
}
MISC_PLACES: dict[str, Place] = {
    "info-version": _at("info", "version"),
    "server-description": _at("servers", 0, "description"),
    "schema-title": _at(*_S, "Thing", "title"),
    "response-description": _at(*_G, "responses", "200", "description"),
    "tag-description": lambda s, t: (s.setdefault("tags", []).append(
        {"name": "things", "description": t}) or ptr("tags", 0, "description")),
    "const": _at(*_S, "Thing", "properties", "fixed", "const"),
    "schema-name": _at(*_S, "Thing", "properties", "odd", "$ref"),
}  # fmt: skip
_NAMED_BY_KEY = frozenset({
    "tag", "property-name", "media-type", "security-scheme-name", "discriminator-value",
    "path-segment",
})  # fmt: skip
NAME_PAYLOADS = ("tq", "nl", "jinja", "ctrl", "bidi", "surrogate", "long")
MISC_PAYLOADS = ("tq", "nl", "toml", "surrogate")


# Titles whose payload is also tried as the source of the package name; for the others the
# package is named on the command line, so the run costs one render, not a full reformat.
_TITLE_NAMES_PACKAGE = ("jinja", "long", "surrogate", "bidi")


def _inject(family: str, place: str, fn: Place, payload: str, exit_: list[int]) -> Entry:
    spec = base_spec()
    args = []
    if place == "title" and payload not in _TITLE_NAMES_PACKAGE:
        args = ["--package", f"{spec['info']['title']}_client"]
    text = PAYLOADS[payload]
    if place == "schema-name":
        _schemas(spec)[text] = {"type": "string"}
        text = "#/components/schemas/" + text.replace("~", "~0").replace("/", "~1")
    pointer = fn(spec, text)
    if place == "schema-name":
        pointer = ptr(*_S)  # the validator checks component names as keys of this map
    elif place in _NAMED_BY_KEY:
        pointer = pointer[: pointer.rindex("/")]  # a bad key may be reported at its map
    report = [{"pointer": pointer, "level": "error", "when": [2]}]
    return Entry(f"{family}--{place}--{payload}", family, spec, exit_, report, args=args)


def injection_cases() -> list[Entry]:
    cases = [
        _inject("inject-text", place, fn, payload, [0])
        for place, fn in TEXT_PLACES.items()
        for payload in PAYLOADS
    ]
    cases += [
        _inject("inject-name", place, fn, payload, [0, 2])
        for place, fn in NAME_PLACES.items()
        for payload in NAME_PAYLOADS
    ]
    cases += [
        _inject("inject-misc", place, fn, payload, [0, 2])
        for place, fn in MISC_PLACES.items()
        for payload in MISC_PAYLOADS
    ]
    return cases


_FILE_NAMES: dict[str, tuple[str, list[int]]] = {
    "newline-code": (f"x\n{CODE.replace('/', '')}\n#.json", [0, 2]),
    "newline-toml": ('x"\n[tool.evil]\nk = "v.json', [0, 2]),
    "cr-code": (f"x\r{CODE}\r#.json", [0, 2]),
    "double-quote": ('spec"quoted".json', [0]),
    "single-quote": ("spec'quoted'.json", [0]),
    "triple-double": ('spec""".json', [0]),
    "triple-single": ("spec'''.json", [0]),
    "backslash": ("spec\\.json", [0]),
    "backslash-n": ("a\\nb\\u0041.json", [0]),
    "emoji": ("\U0001f680 spec.json", [0]),
    "zwj-emoji": ("spec-\U0001f468\u200d\U0001f469\u200d\U0001f467.json", [0]),
    "jinja": ("{{ 7*7 }}{% if 1 %}x{% endif %}.json", [0]),
    "bidi": ("spec\u202eNOSJ.json", [0, 2]),
    "escape-seq": ("spec\x1b[31mred\x1b[0m.json", [0, 2]),
    "tab": ("spec\tx.json", [0, 2]),
    "line-separator": ("spec\u2028x\u0085y.json", [0, 2]),
    "long": ("s" * 240 + ".json", [0]),
    "leading-dashes": ("--version.json", [0]),
    "shell": ("$(touch HOSTILE-PWNED)`id`.json", [0]),
    "percent": ("spec%00%0a.json", [0]),
    "dot-dot-name": ("..spec.json", [0]),
}
_RAW_FILE_NAMES: dict[str, bytes] = {
    "non-utf8": b"spec-\xff\xfe.json",
    "non-utf8-overlong": b"spec-\xc0\xaf.json",
    "non-utf8-half": b"spec-\xe2\x82.json",
}


def file_name_cases() -> list[Entry]:
    cases = [
        Entry(f"file-name--{name}", "file-name", base_spec(), exit_, file_name=file_name)
        for name, (file_name, exit_) in _FILE_NAMES.items()
    ]
    cases += [
        Entry(f"file-name--{name}", "file-name", base_spec(), [0, 2], file_name_hex=raw.hex())
        for name, raw in _RAW_FILE_NAMES.items()
    ]
    return cases


_JSON_SPECIALS = {"nan": "NaN", "inf": "Infinity", "neg-inf": "-Infinity", "1e400": "1e400"}
_YAML_SPECIALS = {"nan": ".nan", "inf": ".inf", "neg-inf": "-.inf", "1e400": "1.0e+400"}
_FLOAT_PLACES = {
    "const": ("fixed", '{"type": "number", "const": %s}'),
    "enum": ("level", '{"type": "number", "enum": [1.5, %s]}'),
    "default": ("ratio", '{"type": "number", "default": %s}'),
    "example": ("weight", '{"type": "number", "example": %s}'),
    "maximum": ("size", '{"type": "number", "maximum": %s}'),
    "int-enum": ("count", '{"type": "integer", "enum": [1, %s]}'),
}


def _json_with(schema_text: str, name: str) -> str:
    """The base spec as JSON text with one property whose schema is raw JSON (NaN...)."""
    spec = base_spec()
    spec["components"]["schemas"]["Thing"]["properties"][name] = "@RAW@"
    return json.dumps(spec, indent=1, ensure_ascii=True).replace('"@RAW@"', schema_text) + "\n"


def float_cases() -> list[Entry]:
    cases = []
    for place, (prop, template) in _FLOAT_PLACES.items():
        pointer = ptr(*_S, "Thing", "properties", prop)
        report = [{"pointer": pointer, "level": "error", "when": [2]}]
        for value, literal in _JSON_SPECIALS.items():
            text = _json_with(template % literal, prop)
            cases.append(Entry(f"float--{place}--{value}", "float-special", text, [0, 2], report))
    for value, literal in _YAML_SPECIALS.items():
        tag = next_tag()
        text = (
            f"openapi: 3.0.3\ninfo: {{title: {tag}, version: '1'}}\npaths: {{}}\n"
            "components:\n  schemas:\n    Level:\n      type: number\n"
            f"      enum: [1.5, {literal}]\n      default: {literal}\n"
        )
        pointer = ptr(*_S, "Level")
        report = [{"pointer": pointer, "level": "error", "when": [2]}]
        cases.append(
            Entry(f"float--yaml-enum-default--{value}", "float-special", text, [0, 2], report,
                  file_name="openapi.yaml")
        )  # fmt: skip
    for name, literal, exit_ in (("neg-zero", "-0.0", [0]), ("int-400-digits", "9" * 400, [0, 2]),
                                 ("int-5000-digits", "9" * 5000, [2])):  # fmt: skip
        text = _json_with(f'{{"type": "number", "const": {literal}}}', "big")
        report = [{"pointer": "#", "level": "error", "when": [2]}]
        cases.append(Entry(f"float--const--{name}", "float-special", text, exit_, report))
    return cases


_TITLES = {
    "rocket": "\U0001f680 Rocket API",
    "suffix": "API \U0001f4a5 Boom",
    "only-emoji": "\U0001f389\U0001f389\U0001f389",
    "zwj-family": "\U0001f468\u200d\U0001f469\u200d\U0001f467 Family",
    "flag": "\U0001f1f3\U0001f1f1 Dutch Shipping",
    "math-letters": "\U0001d518\U0001d52b\U0001d526 API",
    "cjk": "\u65e5\u672c\u8a9e API",
    "accent-emoji": "Caf\u00e9 \u2615 Orders",
    "variation-selector": "Heart \u2764\ufe0f API",
    "many-emoji": "\U0001f600" * 300,
}


def title_cases() -> list[Entry]:
    """Emoji in ``info.title``: the package name and pyproject.toml derive from it."""
    cases = []
    for name, title in _TITLES.items():
        spec = base_spec()
        spec["info"]["title"] = title
        spec["info"]["description"] = f"All about {title}."
        cases.append(Entry(f"title--{name}", "title-emoji", spec, [0]))
    return cases

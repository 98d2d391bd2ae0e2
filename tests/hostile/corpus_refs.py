"""Family ``external-ref``: a ``$ref`` that leaves the document, in every position.

Placeholders are filled in at test time: ``@SANDBOX@`` (the case's sandbox folder), and
``@HTTP_PORT@``, ``@HTTPS_PORT@``, ``@FTP_PORT@`` (canary servers on 127.0.0.1 that record
every connection). The sandbox holds canary files in ``secrets/`` and beside the spec
(``specs/creds.yaml``, ``specs/creds.json``); none of them may ever be opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hostile.corpus_base import Entry, base_spec, ptr

__all__ = ["external_ref_cases"]

Spec = dict[str, Any]
Place = Callable[[Spec, Any], str]  # puts the ref somewhere, returns the pointer to report

FORMS = {
    "file-abs": "file://@SANDBOX@/secrets/creds.yaml",
    "rel-parent": "../secrets/creds.yaml",
    "rel-same": "creds.json#/components/schemas/Secret",
    "http": "http://127.0.0.1:@HTTP_PORT@/spec.json#/components/schemas/Secret",
    "https": "https://127.0.0.1:@HTTPS_PORT@/spec.json",
    "ftp": "ftp://127.0.0.1:@FTP_PORT@/spec.json",
}
EXTRA_FORMS = {
    "protocol-relative": "//127.0.0.1:@HTTP_PORT@/spec.json",
    "upper-scheme": "HTTP://127.0.0.1:@HTTP_PORT@/spec.json",
    "localhost": "http://localhost:@HTTP_PORT@/spec.json",
    "ipv6": "http://[::1]:@HTTP_PORT@/spec.json",
    "dns": "http://canary.invalid/spec.json",
    "file-localhost": "file://localhost@SANDBOX@/secrets/creds.yaml",
    "file-one-slash": "file:@SANDBOX@/secrets/creds.yaml",
    "abs-path": "@SANDBOX@/secrets/creds.yaml",
    "pct-encoded": "%2e%2e/secrets/creds.yaml",
    "pct-slash": "..%2Fsecrets%2Fcreds.yaml",
    "data-url": "data:application/json,%7B%22type%22%3A%22object%22%7D",
}


def _op(spec: Spec, method: str = "get") -> Spec:
    op: Spec = spec["paths"]["/things"][method]
    return op


def _thing(spec: Spec) -> Spec:
    thing: Spec = spec["components"]["schemas"]["Thing"]
    return thing


def _ok_200(spec: Spec) -> Spec:
    resp: Spec = _op(spec)["responses"]["200"]
    return resp


S = ("components", "schemas")
G = ("paths", "/things", "get")
P = ("paths", "/things", "post")


def _set(path: tuple[str | int, ...], value_of: Callable[[Any], Any]) -> Place:
    """A place that sets the node at ``path`` (creating maps on the way) to ``value_of(ref)``."""

    def place(spec: Spec, ref: Any) -> str:
        node: Any = spec
        for part in path[:-1]:
            node = node.setdefault(part, {}) if isinstance(node, dict) else node[part]
        node[path[-1]] = value_of(ref)
        return ptr(*path)

    return place


def _as_ref(ref: Any) -> Any:
    return {"$ref": ref}


def _param(spec: Spec, ref: Any) -> str:
    _op(spec)["parameters"].append({"$ref": ref})
    return ptr(*G, "parameters", 2)


def _all_of(spec: Spec, ref: Any) -> str:
    spec["components"]["schemas"]["Mixed"] = {
        "allOf": [{"$ref": "#/components/schemas/Thing"}, {"$ref": ref}]
    }
    return ptr(*S, "Mixed", "allOf", 1)


def _discriminator(spec: Spec, ref: Any) -> str:
    spec["components"]["schemas"]["Pick"] = {
        "oneOf": [{"$ref": "#/components/schemas/Thing"}],
        "discriminator": {"propertyName": "name", "mapping": {"ext": ref}},
    }
    return ptr(*S, "Pick", "discriminator", "mapping", "ext")


def _oauth(spec: Spec, ref: Any) -> str:
    flows = {"clientCredentials": {"tokenUrl": ref, "scopes": {}}}
    spec["components"]["securitySchemes"] = {"oauth": {"type": "oauth2", "flows": flows}}
    return ptr("components", "securitySchemes", "oauth", "flows", "clientCredentials", "tokenUrl")


_200 = (*G, "responses", "200")
_MEDIA = (*_200, "content", "application/json")

# A $ref object where the spec allows one: refused today already (regression guard).
REF_PLACES: dict[str, Place] = {
    "schema": _set((*S, "Ext"), _as_ref),
    "property": _set((*S, "Thing", "properties", "ext"), _as_ref),
    "items": _set((*S, "Thing", "properties", "list"),
                  lambda r: {"type": "array", "items": {"$ref": r}}),
    "all-of": _all_of,
    "additional-properties": _set(
        (*S, "Bag"), lambda r: {"type": "object", "additionalProperties": {"$ref": r}}
    ),
    "path-item": _set(("paths", "/ext"), _as_ref),
    "parameter": _param,
    "request-body": _set((*P, "requestBody"), _as_ref),
    "response": _set(_200, _as_ref),
    "media-schema": _set((*_MEDIA, "schema"), _as_ref),
    "header": _set((*_200, "headers", "X-Rate"), _as_ref),
    "security-scheme": _set(("components", "securitySchemes", "ext"), _as_ref),
    "example-object": _set((*_MEDIA, "examples", "one"), _as_ref),
    "link": _set((*_200, "links", "next"), _as_ref),
    "callback": _set((*P, "callbacks", "done"), _as_ref),
    "webhook": _set(("webhooks", "hook"), _as_ref),
    "path-items-component": _set(("components", "pathItems", "item"), _as_ref),
}  # fmt: skip
# A "$ref" key inside a map of names: skipped by the generator's check today.
NAME_MAP_PLACES: dict[str, Place] = {
    "schemas-map": _set((*S, "$ref"), lambda r: r),
    "paths-map": _set(("paths", "$ref"), lambda r: r),
    "properties-map": _set((*S, "Thing", "properties", "$ref"), lambda r: r),
    "responses-map": _set((*G, "responses", "$ref"), lambda r: r),
    "content-map": _set((*_200, "content", "$ref"), lambda r: r),
    "parameters-map": _set(("components", "parameters", "$ref"), lambda r: r),
    "headers-map": _set((*_200, "headers", "$ref"), lambda r: r),
    "security-schemes-map": _set(("components", "securitySchemes", "$ref"), lambda r: r),
}
# Literal data and URLs that are only data: must never be followed, refusing is optional.
LITERAL_PLACES: dict[str, Place] = {
    "default": _set((*S, "Thing", "properties", "meta"),
                    lambda r: {"type": "object", "default": {"$ref": r}}),
    "example": _set((*S, "Thing", "example"), _as_ref),
    "enum": _set((*S, "Choice"), lambda r: {"enum": [{"$ref": r}]}),
    "const": _set((*S, "Thing", "properties", "fixed"), lambda r: {"const": {"$ref": r}}),
    "x-extension": _set((*S, "Thing", "x-meta"), _as_ref),
    "examples-list": _set((*S, "Thing", "examples"), lambda r: [{"$ref": r}]),
    "example-value": _set((*_MEDIA, "examples", "one"), lambda r: {"value": {"$ref": r}}),
    "discriminator-mapping": _discriminator,
    "dollar-schema": _set((*S, "Thing", "$schema"), lambda r: r),
    "json-schema-dialect": _set(("jsonSchemaDialect",), lambda r: r),
    "external-docs": _set(("externalDocs",), lambda r: {"url": r}),
    "token-url": _oauth,
}  # fmt: skip


def _entry(case_id: str, spec: Spec, exit_: list[int], pointer: str | None, **kw: Any) -> Entry:
    report = [{"pointer": pointer, "level": "error", "when": [2]}] if pointer else []
    return Entry(case_id, "external-ref", spec, exit_, report, file_name="openapi.json", **kw)


def _case(place_name: str, place: Place, form: str, ref: str, strict: bool) -> Entry:
    spec = base_spec()
    pointer = place(spec, ref)
    if place_name in NAME_MAP_PLACES:
        pointer = pointer.rsplit("/", 1)[0]  # the map that holds the "$ref" key
    if strict:
        return _entry(f"extref--{place_name}--{form}", spec, [2], pointer)
    return _entry(f"extref--{place_name}--{form}", spec, [0, 2], pointer)


def _id_relative() -> Entry:
    spec = base_spec()
    spec["components"]["schemas"]["Based"] = {
        "$id": "http://127.0.0.1:@HTTP_PORT@/base/",
        "type": "object",
        "properties": {"x": {"$ref": "x.json"}},
    }
    return _entry("extref--id-relative--http", spec, [2], ptr(*S, "Based", "properties", "x"))


def _allowed_dir_cases() -> list[Entry]:
    """``--allow-external-refs DIR``: files under DIR only, never the network."""
    args = ["--allow-external-refs", "@SANDBOX@/specs/shared"]
    refs = {
        "outside": ("../secrets/creds.yaml", [2]),
        "traversal": ("shared/../../secrets/creds.yaml", [2]),
        "symlink-escape": ("shared/evil.yaml", [2]),
        "nested-escape": ("shared/outer.yaml", [2]),
        "file-abs-outside": ("file://@SANDBOX@/secrets/creds.yaml", [2]),
        "http": ("http://127.0.0.1:@HTTP_PORT@/spec.json", [2]),
        "inside": ("shared/pet.yaml", [0]),
        "inside-fragment": ("shared/defs.yaml#/Pet", [0]),
    }
    out = []
    for name, (ref, exit_) in refs.items():
        spec = base_spec()
        spec["components"]["schemas"]["Pet"] = {"$ref": ref}
        spec["components"]["schemas"]["Thing"]["properties"]["pet"] = {
            "$ref": "#/components/schemas/Pet"
        }
        pointer = ptr(*S, "Pet") if exit_ == [2] else None
        out.append(_entry(f"extref-allowed--{name}", spec, exit_, pointer, args=args))
    spec = base_spec()
    NAME_MAP_PLACES["schemas-map"](spec, "../secrets/creds.yaml")
    out.append(_entry("extref-allowed--schemas-map", spec, [2], ptr(*S), args=args))
    return out


def external_ref_cases() -> list[Entry]:
    cases: list[Entry] = []
    for name, place in REF_PLACES.items():
        for form in ("file-abs", "http"):
            cases.append(_case(name, place, form, FORMS[form], strict=True))
    for name, place in NAME_MAP_PLACES.items():
        for form, ref in FORMS.items():
            cases.append(_case(name, place, form, ref, strict=True))
    for name, place in LITERAL_PLACES.items():
        for form in ("file-abs", "http"):
            cases.append(_case(name, place, form, FORMS[form], strict=False))
    for form, ref in EXTRA_FORMS.items():
        cases.append(_case("schemas-map", NAME_MAP_PLACES["schemas-map"], form, ref, strict=True))
    cases.append(_id_relative())
    cases.extend(_allowed_dir_cases())
    return cases

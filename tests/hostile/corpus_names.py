"""Families about names: client attributes, reserved words, Windows device names, names that
differ only by case, very long names, and odd status-code keys under ``responses``.
"""

from __future__ import annotations

import json
from typing import Any

from hostile.corpus_base import Entry, base_spec, next_tag, ptr

__all__ = [
    "case_collision_cases",
    "client_attr_cases",
    "long_name_cases",
    "reserved_name_cases",
    "status_code_cases",
    "windows_name_cases",
]

Spec = dict[str, Any]
_G = ("paths", "/things", "get")

CLIENT_ATTRS = (
    "close", "request", "base_url", "max_retries", "timeout", "send", "request_batched",
    "parse", "with_options", "__init__", "__enter__", "_http", "auth", "copy",
    "with_raw_response", "is_closed", "default_headers", "__class__", "__dict__", "_owns_http",
)  # fmt: skip
RESOURCE_ATTRS = ("with_raw_response", "_client", "__init__", "__class__", "request")
OPTION_PARAMS = ("timeout", "max_retries", "extra_headers", "extra_query", "self", "body")
RESERVED_PROPS = (
    "to_dict", "from_dict", "additional_properties", "mismatched_fields", "self", "__class__",
    "None", "_",
)  # fmt: skip
MORE_PROPS = (
    "cls", "__init__", "True", "match", "type", "dataclass", "field", "UNSET", "Unset",
    "typing", "Any", "datetime", "builtins", "list", "str", "int", "annotations", "__dict__",
)  # fmt: skip


def _tagged(tag: str) -> Spec:
    spec = base_spec()
    spec["paths"]["/things"]["get"]["tags"] = [tag]
    return spec


def client_attr_cases() -> list[Entry]:
    """Tags named like client attributes, operationIds like resource attributes."""
    cases = [
        Entry(f"client-attr--tag--{name}", "client-attr", _tagged(name), [0],
              runtime={"client": True})
        for name in CLIENT_ATTRS
    ]  # fmt: skip
    for name in RESOURCE_ATTRS:
        spec = base_spec()
        spec["paths"]["/things"]["get"]["operationId"] = name
        cases.append(
            Entry(f"client-attr--operation-id--{name}", "client-attr", spec, [0],
                  runtime={"client": True})
        )  # fmt: skip
    return cases


def reserved_name_cases() -> list[Entry]:
    """Property, parameter and enum names that are Python keywords, builtins or our own API."""
    cases = []
    for name in RESERVED_PROPS:
        spec = base_spec()
        spec["components"]["schemas"]["Thing"]["properties"][name] = {"type": "string"}
        cases.append(Entry(f"reserved--property--{name}", "reserved-name", spec, [0]))
    spec = base_spec()
    props = spec["components"]["schemas"]["Thing"]["properties"]
    props.update({name: {"type": "integer"} for name in MORE_PROPS})
    cases.append(Entry("reserved--property--many", "reserved-name", spec, [0]))
    for name in OPTION_PARAMS:
        spec = base_spec()
        spec["paths"]["/things"]["get"]["parameters"].append(
            {"name": name, "in": "query", "schema": {"type": "string"}}
        )
        cases.append(Entry(f"reserved--query-param--{name}", "reserved-name", spec, [0]))
    spec = base_spec()
    spec["components"]["schemas"]["Kind"]["enum"] = [
        "name", "value", "_missing_", "mro", "__init__", "None", "True", "_generate_next_value_",
    ]  # fmt: skip
    cases.append(Entry("reserved--enum-values", "reserved-name", spec, [0]))
    return cases


WINDOWS_TAGS = (
    "con", "CON", "Nul", "aux", "prn", "com1", "COM9", "lpt1", "LPT9", "con.txt",
    "com\u00b9", "lpt\u00b2", "Aux Things",
)  # fmt: skip
WINDOWS_SCHEMAS = {"Con": "model", "Nul": "enum", "Aux": "alias", "Prn": "model", "Com1": "enum",
                   "Lpt1": "alias"}  # fmt: skip


def _schema_of(kind: str) -> Spec:
    if kind == "enum":
        return {"type": "string", "enum": ["a", "b"]}
    if kind == "alias":
        return {"type": "array", "items": {"type": "string"}}
    return {"type": "object", "properties": {"x": {"type": "string"}}}


def windows_name_cases() -> list[Entry]:
    cases = [
        Entry(f"windows--tag--{name}", "windows-name", _tagged(name), [0]) for name in WINDOWS_TAGS
    ]
    for name, kind in WINDOWS_SCHEMAS.items():
        spec = base_spec()
        spec["components"]["schemas"][name] = _schema_of(kind)
        spec["components"]["schemas"]["Thing"]["properties"]["dev"] = {
            "$ref": f"#/components/schemas/{name}"
        }
        cases.append(Entry(f"windows--{kind}--{name}", "windows-name", spec, [0]))
    return cases


def _schemas_named(*names: str, kind: str = "model") -> Spec:
    spec = base_spec()
    schemas = spec["components"]["schemas"]
    for index, name in enumerate(names):
        schemas[name] = _schema_of(kind)
        schemas["Thing"]["properties"][f"ref{index}"] = {"$ref": f"#/components/schemas/{name}"}
    return spec


def _ops_named(*operation_ids: str, tags: tuple[str, ...] = ()) -> Spec:
    spec = base_spec()
    for index, op_id in enumerate(operation_ids):
        op: Spec = {"operationId": op_id, "responses": {"204": {"description": "none"}}}
        if tags:
            op["tags"] = [tags[index]]
        spec["paths"][f"/op{index}"] = {"get": op}
    return spec


def case_collision_cases() -> list[Entry]:
    specs: dict[str, Spec] = {
        "models": _schemas_named("Pet", "pet", "PET"),
        "enums": _schemas_named("Color", "color", "COLOR", kind="enum"),
        "aliases": _schemas_named("Tags", "tags", "TAGS", kind="alias"),
        "mixed-kinds": _schemas_named("Abc", "ABC"),
        "separators": _schemas_named("FooBar", "Foo_Bar", "foo-bar", "foo.bar", "FOO_BAR"),
        "tags": _ops_named("a", "b", "c", tags=("Pets", "pets", "PETS")),
        "tags-separators": _ops_named("a", "b", "c", tags=("Foo Bar", "foo_bar", "FooBar")),
        "operation-ids": _ops_named("getPet", "GetPet", "get_pet", "GET_PET"),
    }
    spec = base_spec()
    spec["components"]["schemas"]["Thing"]["properties"].update(
        {"Id": {"type": "string"}, "ID": {"type": "string"}, "i_d": {"type": "string"}}
    )
    specs["properties"] = spec
    spec = base_spec()
    spec["components"]["schemas"]["Kind"]["enum"] = ["a", "A", "foo-bar", "foo_bar", "FooBar"]
    specs["enum-values"] = spec
    return [Entry(f"case--{name}", "case-collision", s, [0]) for name, s in specs.items()]


def long_name_cases() -> list[Entry]:
    a300, b300 = "A" * 299 + "x", "A" * 299 + "y"
    specs: dict[str, Spec] = {
        "schema-300": _schemas_named("A" * 300),
        "schema-camel-300": _schemas_named("Ab" * 150),
        "schema-1000": _schemas_named("Long" * 250),
        "schemas-differ-at-end": _schemas_named(a300, b300),
        "enum-300": _schemas_named("E" * 300, kind="enum"),
        "alias-300": _schemas_named("L" * 300, kind="alias"),
        "tag-300": _tagged("t" * 300),
        "tags-differ-at-end": _ops_named("a", "b", tags=("t" * 299 + "x", "t" * 299 + "y")),
        "tag-accents-300": _tagged("\u00e9" * 300),
        "operation-id-300": _ops_named("op" * 150),
        "inline-model-300": _ops_named("Get" + "Very" * 80),
        "path-300": base_spec(),
        "title-300": base_spec(),
        "property-300": base_spec(),
    }
    specs["inline-model-300"]["paths"]["/op0"]["get"]["responses"] = {
        "200": {"description": "ok", "content": {"application/json": {"schema": {
            "type": "object", "properties": {"x": {"type": "string"}}}}}}
    }  # fmt: skip
    specs["path-300"]["paths"]["/" + "p" * 300] = {
        "get": {"operationId": "deep", "responses": {"204": {"description": "none"}}}
    }
    specs["title-300"]["info"]["title"] = "Title" * 60 + " " + next_tag()
    specs["property-300"]["components"]["schemas"]["Thing"]["properties"]["p" * 300] = {
        "type": "string"
    }
    return [Entry(f"long--{name}", "long-name", s, [0]) for name, s in specs.items()]


_VALID_STATUS = ("2XX", "default", "1XX", "5XX", "201")
_ODD_STATUS = (
    "999", "x-foo", "x-200", "x-", "404\n", "4XX\n", "default\n", "2xx", "abc", " 200", "200 ",
    "2000", "20", "-1", "0x1F", "1e2", "200.0", "\uff12\uff10\uff10", "\u0662\u0660\u0660",
    "6XX", "0XX", "DEFAULT", "", "40X", "4X0", "200\u0000", "\u00b2\u00b9",
)  # fmt: skip
_YAML_KEYS = {  # YAML 1.1 resolves these keys to non-strings
    "octal-012": ("012", [0, 2], True), "hex": ("0x1F", [0, 2], True),
    "underscore-2_00": ("2_00", [0, 2], False), "plus-200": ("+200", [0, 2], False),
    "bool": ("true", [0, 2], True), "null": ("null", [0, 2], True),
    "float": ("2.5", [0, 2], True), "int-200": ("200", [0], False),
    "sequence-key": ("[1, 2]", [2], False), "mapping-key": ("{a: 1}", [2], False),
}  # fmt: skip


def _with_status(key: str, value: Any | None = None) -> Spec:
    spec = base_spec()
    spec["paths"]["/things"]["get"]["responses"][key] = value or {
        "description": "odd",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    return spec


def _slug(key: str) -> str:
    """An ASCII, space-free spelling of a status key for the case id."""
    return json.dumps(key)[1:-1].replace(" ", "\\u0020") or "empty"


def status_code_cases() -> list[Entry]:
    report = [{"pointer": ptr(*_G, "responses"), "level": "any", "when": [0, 1, 2]}]
    cases = [
        Entry(f"status--valid--{k}", "status-code", _with_status(k), [0]) for k in _VALID_STATUS
    ]
    cases += [
        Entry(f"status--odd--{_slug(k)}", "status-code", _with_status(k),
              [0, 2], report)
        for k in _ODD_STATUS
    ]  # fmt: skip
    cases.append(Entry("status--odd--x-scalar", "status-code", _with_status("x-note", "text"),
                       [0, 2], report))  # fmt: skip
    for name, (key, exit_, must_report) in _YAML_KEYS.items():
        text = json.dumps(_with_status("@KEY@"), indent=1, ensure_ascii=True)
        text = text.replace('"@KEY@"', "? " + key if "[" in key or "{" in key else key)
        cases.append(
            Entry(f"status--yaml--{name}", "status-code", text, exit_,
                  report if must_report else [], file_name="openapi.yaml")
        )  # fmt: skip
    return cases

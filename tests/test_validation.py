"""Validation: errors for what the client is built from, warnings for the rest, each at its node.

Minimal specs reproduce what refused real APIs (OpenAI, Xero, PagerDuty) or crashed the
validator (the polymorphism pattern, integer status codes), and the hostile inputs that made
it take minutes (allOf fan-out, 20,000 errors).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hostile_specs import allof_fanout, many_errors

from conftest import ROOT
from generator import pipeline
from generator.cli import MAX_REPORTED, _report
from generator.config import Config
from generator.problems import Level, Problems


def check(doc: dict[str, Any], name: str = "spec.json") -> Problems:
    """Run the pipeline up to the model (no rendering); every problem it found."""
    problems = Problems()
    raw = json.dumps(doc).encode() if name.endswith(".json") else doc["__yaml__"].encode()
    pipeline.generate(raw, Config(), spec_name=name, problems=problems, render_files=False)
    return problems


def doc(
    schemas: dict[str, Any] | None = None,
    paths: dict[str, Any] | None = None,
    openapi: str = "3.1.0",
    **components: Any,
) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "openapi": openapi,
        "info": {"title": "Validation", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas or {}, **components},
    }
    return spec


def lines(problems: Problems, level: Level | None = None) -> list[str]:
    return [str(p) for p in problems if level is None or p.level is level]


def get(op_id: str, **extra: Any) -> dict[str, Any]:
    return {"operationId": op_id, "responses": {"204": {"description": "ok"}}, **extra}


# --- literal data: warnings at their exact pointer, generation goes on ---------------------


def test_a_default_of_the_wrong_type_is_a_warning_at_its_pointer() -> None:
    """Xero: ``default: "false"`` on a boolean; PagerDuty: a prose default on an integer."""
    problems = check(
        doc(
            {
                "Account": {
                    "type": "object",
                    "properties": {
                        "HasAttachments": {
                            "type": "boolean",
                            "default": "false",
                            "example": "false",
                        }
                    },
                }
            },
            parameters={
                "limit": {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "default": "20 - incident_summary"},
                }
            },
        )
    )
    assert not problems.errors
    assert lines(problems) == [
        "warning: #/components/parameters/limit/schema/default: default does not match its "
        "schema: '20 - incident_summary' is not of type 'integer' [W-DEFAULT]",
        "warning: #/components/schemas/Account/properties/HasAttachments/default: default "
        "does not match its schema: 'false' is not of type 'boolean' [W-DEFAULT]",
        "warning: #/components/schemas/Account/properties/HasAttachments/example: example "
        "does not match its schema: 'false' is not of type 'boolean' [W-EXAMPLE]",
    ]


def test_openai_flaws_are_warnings() -> None:
    """Duplicate ``required`` entries; a list default on a string items schema."""
    problems = check(
        doc(
            {
                "Container": {
                    "type": "object",
                    "required": ["id", "name", "id"],
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                },
                "Session": {
                    "type": "object",
                    "properties": {
                        "modalities": {
                            "type": "array",
                            "items": {
                                "type": "string",
                                "enum": ["text", "audio"],
                                "default": ["text", "audio"],
                            },
                        }
                    },
                },
            }
        )
    )
    assert not problems.errors
    found = {(p.pointer, p.code) for p in problems.warnings}
    assert found == {
        ("#/components/schemas/Container/required", "W-DUPLICATE-REQUIRED"),
        ("#/components/schemas/Session/properties/modalities/items/default", "W-DEFAULT"),
    }


def test_examples_of_parameters_and_media_types_are_checked() -> None:
    body = {
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "examples": {"bad": {"value": {"n": "one"}}, "good": {"value": {"n": 1}}},
            }
        }
    }
    problems = check(doc(paths={"/x": {"post": get("x", requestBody=body)}}))
    assert lines(problems) == [
        "warning: #/paths/~1x/post/requestBody/content/application~1json/examples/bad/value/n: "
        "example does not match its schema: 'one' is not of type 'integer' [W-EXAMPLE]"
    ]


def test_enum_members_and_const_are_checked_against_their_own_schema() -> None:
    problems = check(
        doc(
            {
                "Mode": {"type": "string", "enum": ["a", 2, "a"]},
                "Fixed": {"type": "integer", "const": "seven"},
            }
        )
    )
    assert {(p.pointer, p.code) for p in problems} == {
        ("#/components/schemas/Mode/enum/1", "W-ENUM"),
        ("#/components/schemas/Mode/enum/2", "W-DUPLICATE-ENUM"),
        ("#/components/schemas/Fixed/const", "W-CONST"),
    }


def test_keywords_the_client_does_not_read_are_warnings() -> None:
    problems = check(
        doc({"N": {"type": "number", "exclusiveMinimum": True, "$recursiveAnchor": True}})
    )
    assert not problems.errors
    assert {p.pointer for p in problems.warnings} == {
        "#/components/schemas/N/exclusiveMinimum",
        "#/components/schemas/N/$recursiveAnchor",
    }
    assert {p.code for p in problems.warnings} == {"W-SCHEMA"}


# --- structure: errors, exit 2 --------------------------------------------------------------


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_wrong_type_keyword_is_an_error_at_the_keyword(version: str) -> None:
    spec = doc(
        {"Pet": {"type": "object", "properties": {"id": {"type": "bogus"}}}}, openapi=version
    )
    problems = check(spec)
    errors = problems.errors
    assert [(p.pointer, p.code) for p in errors] == [
        ("#/components/schemas/Pet/properties/id/type", "E-SCHEMA")
    ]
    assert "'bogus' is not one of" in errors[0].message


def test_a_parameter_without_in_is_an_error_at_the_parameter() -> None:
    param = {"name": "q", "schema": {"type": "string"}}
    problems = check(doc(paths={"/x": {"get": get("x", parameters=[param])}}))
    assert [(p.pointer, p.code) for p in problems.errors] == [
        ("#/paths/~1x/get/parameters/0", "E-SPEC")
    ]
    assert "'in' is a required property" in problems.errors[0].message


def test_a_missing_info_concerns_the_root() -> None:
    spec = doc()
    del spec["info"]
    assert [(p.pointer, p.message) for p in check(spec).errors] == [
        ("#", "'info' is a required property")
    ]


@pytest.mark.parametrize("code", ["404\n", "20", "ok"])
def test_a_response_code_must_be_exactly_one(code: str) -> None:
    responses = {code: {"description": "x"}, "x-vendor": {"anything": True}}
    problems = check(doc(paths={"/x": {"get": {"operationId": "x", "responses": responses}}}))
    where = "#/paths/~1x/get/responses/" + code
    assert [str(p) for p in problems.errors if p.pointer == where] == [
        f"error: {where}: {code!r} is not a response code: use 'default', '1XX'-'5XX' or "
        "three digits [E-SPEC]"
    ]
    assert not [p for p in problems if "x-vendor" in p.pointer]


# --- what used to crash the validator -----------------------------------------------------


def polymorphism(cat_type: str = "object") -> dict[str, Any]:
    """The standard pattern: the parent oneOf its children, each child allOf the parent."""
    ref = "#/components/schemas/"
    return doc(
        {
            "Pet": {
                "oneOf": [{"$ref": ref + "Cat"}, {"$ref": ref + "Dog"}],
                "discriminator": {"propertyName": "kind"},
                "required": ["kind"],
                "properties": {"kind": {"type": "string"}},
            },
            "Cat": {
                "allOf": [
                    {"$ref": ref + "Pet"},
                    {"type": cat_type, "properties": {"purrs": {"type": "boolean"}}},
                ],
                "required": ["kind", "purrs"],
            },
            "Dog": {
                "allOf": [
                    {"$ref": ref + "Pet"},
                    {"type": "object", "properties": {"barks": {"type": "boolean"}}},
                ],
                "required": ["barks", "tail"],
            },
        }
    )


def test_the_polymorphism_pattern_validates_without_recursing() -> None:
    problems = check(polymorphism())
    assert not problems.errors
    assert [str(p) for p in problems.warnings if p.code != "W-SPEC"] == [
        "warning: #/components/schemas/Dog/required: required lists properties that neither "
        "this schema nor its allOf declare: 'tail' [W-REQUIRED-UNDEFINED]"
    ]


def test_the_polymorphism_pattern_is_still_validated() -> None:
    problems = check(polymorphism(cat_type="kitten"))
    assert [p.pointer for p in problems.errors] == ["#/components/schemas/Cat/allOf/1/type"]


def test_integer_status_codes_are_read_as_strings_and_other_errors_still_show() -> None:
    yaml_text = """\
openapi: 3.0.3
info: {title: Codes, version: '1'}
paths:
  /ping:
    get:
      operationId: ping
      responses:
        200:
          description: ok
          content: {application/json: {schema: {type: bogus}}}
"""
    problems = check({"__yaml__": yaml_text}, name="spec.yaml")
    pointer = "#/paths/~1ping/get/responses/200"
    assert [(p.pointer, p.code) for p in problems.warnings] == [(pointer, "W-KEY-TYPE")]
    assert [(p.pointer, p.code) for p in problems.errors] == [
        (pointer + "/content/application~1json/schema/type", "E-SCHEMA")
    ]


def test_a_validator_crash_is_reported_at_the_node_being_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator import checks

    original = checks.SchemaChecks._check_schema

    def crash(self: Any, path: Any, node: Any) -> None:
        if path == ("components", "schemas", "Boom"):
            raise TypeError("expected string or bytes-like object, got 'int'")
        original(self, path, node)

    monkeypatch.setattr(checks.SchemaChecks, "_check_schema", crash)
    problems = check(doc({"Boom": {"type": "string"}, "Fine": {"type": "string"}}))
    assert lines(problems) == [
        "error: #/components/schemas/Boom: the validator could not check this node: "
        "expected string or bytes-like object, got 'int' [E-VALIDATOR]"
    ]


# --- unknown keywords and fields -----------------------------------------------------------


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_misspelled_keyword_is_a_warning_with_a_suggestion(version: str) -> None:
    spec = doc(
        {
            "Thing": {
                "type": "object",
                "properties": {"n": {"typ": "integer"}},
                "x-fine": 1,
                "additionalproperties": False,
            }
        },
        openapi=version,
    )
    problems = check(spec)
    assert not problems.errors
    assert lines(problems) == [
        "warning: #/components/schemas/Thing/additionalproperties: unknown keyword "
        "'additionalproperties' in a Schema Object (did you mean 'additionalProperties'?) "
        "[W-UNKNOWN-KEYWORD]",
        "warning: #/components/schemas/Thing/properties/n/typ: unknown keyword 'typ' in a "
        "Schema Object (did you mean 'type'?) [W-UNKNOWN-KEYWORD]",
    ]


def test_an_unknown_field_of_an_operation_is_a_warning_with_a_suggestion() -> None:
    problems = check(doc(paths={"/x": {"get": get("x", summery="typo")}}))
    assert lines(problems) == [
        "warning: #/paths/~1x/get/summery: unknown field 'summery' (did you mean 'summary'?) "
        "[W-UNKNOWN-FIELD]"
    ]


def test_no_problem_points_at_the_root_unless_it_concerns_the_root() -> None:
    flawed = polymorphism(cat_type="kitten")
    flawed["paths"] = {"/x": {"get": get("x", summery="typo", parameters=[{"name": "q"}])}}
    flawed["components"]["schemas"]["Pet"]["default"] = 5
    problems = check(flawed)
    assert problems.errors and problems.warnings
    assert all(p.pointer != "#" for p in problems)


# --- bounded work -----------------------------------------------------------------------------


def test_allof_fan_out_is_validated_in_linear_time_and_a_costly_value_is_skipped() -> None:
    name, raw = allof_fanout(depth=40)
    problems = check(json.loads(raw))
    assert not problems.errors
    assert lines(problems) == [
        "warning: #/components/schemas/S0/default: not checked: matching it to its schema "
        "takes over 10000 steps [W-CHECK-BUDGET]"
    ]


def test_twenty_thousand_errors_are_all_counted_and_the_report_is_capped(
    capsys: pytest.CaptureFixture[str],
) -> None:
    name, raw = many_errors(20_000)
    problems = check(json.loads(raw))
    assert problems.count(Level.ERROR) == 20_000
    _report(problems, Path(name))
    err = capsys.readouterr().err.splitlines()
    assert len(err) == MAX_REPORTED + 2
    assert err[0] == (
        "many-errors.json: error: #/components/schemas/S0/type: 'bogus' is not one of "
        "['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'] [E-SCHEMA]"
    )
    assert err[-2:] == [f"...and {20_000 - MAX_REPORTED} more", "20000 error(s), 0 warning(s)"]


# --- the fast path ----------------------------------------------------------------------------


def test_the_drift_check_on_an_unchanged_tree_imports_no_validator_nor_renderer() -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "generator", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "inputs unchanged" in result.stdout
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "generator.fingerprint" in imported  # the import log is what we think it is
    heavy = ("jinja2", "black", "openapi_spec_validator", "jsonschema", "generator.checks", "yaml")
    for module in (*heavy, "generator.config"):  # the config is not even read
        assert module not in imported

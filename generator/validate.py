"""Step 2: check the document against the OpenAPI 3.0/3.1 specification, offline and bounded.

Two passes, neither of which follows a reference outside the document:

1. the whole document against the official OpenAPI schema that openapi-spec-validator ships
   (``generator.metaschema``: a crawled registry that retrieves nothing);
2. every Schema Object and literal value on its own (``generator.checks``), instead of
   openapi-spec-validator's reference-following walk, which recursed without end on the
   polymorphism pattern and went exponential on allOf fan-out.

Each problem gets the pointer of its node and a level by what the client depends on:

- **errors** (exit 2): the structure the client is built from: the document's own shape
  (``E-SPEC``: missing ``paths``, a parameter without ``in``...), Schema Object keywords the
  types come from (``E-SCHEMA``: ``type``, ``properties``, ``items``, ``allOf``...), references
  (``E-REF``, from ``generator.resolve``);
- **warnings**: literal data (``W-DEFAULT``, ``W-EXAMPLE``, ``W-ENUM``, ``W-CONST``), keywords
  the client never reads (``W-SCHEMA``: ``minimum``, ``pattern``, ``$recursiveAnchor``...),
  duplicates (``W-DUPLICATE-REQUIRED``...), unknown fields and keywords (``W-UNKNOWN-FIELD``,
  ``W-UNKNOWN-KEYWORD``), documentation (``W-DOCS``).
"""

from __future__ import annotations

import re
from typing import Any

from generator.lint import suggest
from generator.problems import Level, Problems, pointer
from generator.walk import LITERAL, Path, kinds_along

__all__ = ["classify", "validate_spec"]

#: Schema Object keywords the generated types are built from: their problems are errors.
_TYPE_KEYWORDS = frozenset({
    "type", "$ref", "properties", "additionalProperties", "patternProperties", "items",
    "prefixItems", "allOf", "anyOf", "oneOf", "not", "nullable", "discriminator", "required",
    "enum", "const", "format", "readOnly", "writeOnly", "$defs", "definitions",
})  # fmt: skip
#: Validators that only constrain how many or how unique: never structural.
_SOFT_VALIDATORS = frozenset({"uniqueItems", "minItems", "maxItems", "minProperties", "format"})
_LITERAL_CODES = {
    "default": "W-DEFAULT", "example": "W-EXAMPLE", "examples": "W-EXAMPLE", "value": "W-EXAMPLE",
    "enum": "W-ENUM", "const": "W-CONST", "parameters": "W-LINK", "requestBody": "W-LINK",
}  # fmt: skip
_DOC_KINDS = {"example": "W-EXAMPLE", "link": "W-LINK"}
_DOC_KEYS = frozenset({"externalDocs", "contact", "license", "xml"})
_OAS_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
_NAME_RULES = {
    "paths": "is not a path: paths start with '/'",
    "responses": "is not a response code: use 'default', '1XX'-'5XX' or three digits",
}


def validate_spec(spec: dict[str, Any], problems: Problems) -> None:
    """Record every problem of ``spec`` against the OpenAPI version it declares."""
    from generator.checks import SchemaChecks
    from generator.metaschema import document_validator

    version = _version(spec, problems)
    if version is None:
        return
    report = _Reporter(spec, problems)
    try:
        for err in document_validator(version).iter_errors(spec):
            report((), err)
    except Exception as exc:  # a validator bug: keep what was found, say where it stopped
        problems.error(
            "#", f"the validator could not process the document: {exc}", code="E-VALIDATOR"
        )
    SchemaChecks(spec, version, problems, report).run()


def _version(spec: dict[str, Any], problems: Problems) -> str | None:
    version = str(spec.get("openapi", ""))
    for known in ("3.0", "3.1"):
        if re.fullmatch(re.escape(known) + r"\.\d+(-.+)?", version):
            dialect = spec.get("jsonSchemaDialect")
            if known == "3.1" and dialect not in (None, _OAS_DIALECT):
                problems.warn(
                    pointer("jsonSchemaDialect"),
                    f"schemas are checked as OpenAPI 3.1's own dialect, not {dialect!r}",
                    code="W-SCHEMA-DIALECT",
                )
            return known
    problems.error(
        pointer("openapi"), f"unsupported OpenAPI version {version!r}; need 3.0 or 3.1",
        code="E-VERSION",
    )  # fmt: skip
    return None


class _Reporter:
    """Turns a jsonschema error at an absolute path into a problem with its level and code."""

    def __init__(self, spec: dict[str, Any], problems: Problems) -> None:
        self.spec = spec
        self.problems = problems

    def __call__(self, base: Path, err: Any) -> None:
        """Report ``err``, found by validating the node at ``base``."""
        for leaf in _leaves(err):
            self._one((*base, *leaf.absolute_path), leaf)

    def _one(self, path: Path, err: Any) -> None:
        unknown = _unknown_fields(err)
        if unknown:
            self._unknown(path, unknown)
            return
        verdict = classify(self.spec, path, str(err.validator))
        if verdict is not None:
            level, code = verdict
            self.problems.add(level, pointer(*path), _summary(err), code=code)

    def _unknown(self, path: Path, unknown: list[tuple[str, str | None]]) -> None:
        kind = kinds_along(self.spec, path)[-1]
        if kind == "schema":
            return  # unknown Schema Object keywords are reported by generator.lint
        for key, close in unknown:
            where = pointer(*path, key)
            if kind in _NAME_RULES:
                self.problems.error(where, f"{key!r} {_NAME_RULES[kind]}", code="E-SPEC")
                continue
            hint = f" (did you mean {close!r}?)" if close else ""
            self.problems.warn(where, f"unknown field {key!r}{hint}", code="W-UNKNOWN-FIELD")


def classify(spec: Any, path: Path, validator: str) -> tuple[Level, str] | None:
    """The level and code of a validator error at ``path``; ``None`` to leave it to lint."""
    kinds = kinds_along(spec, path)
    for index, kind in enumerate(kinds[1:], start=1):
        key = str(path[index - 1])
        if kind == LITERAL:
            code = "W-EXTENSION" if key.startswith("x-") else _LITERAL_CODES.get(key, "W-EXAMPLE")
            return Level.WARNING, code
        if kind in _DOC_KINDS:
            return Level.WARNING, _DOC_KINDS[kind]
        if key in _DOC_KEYS:
            return Level.WARNING, "W-DOCS"
    last = max((i for i, kind in enumerate(kinds) if kind == "schema"), default=None)
    if last is None:
        return Level.ERROR, "E-SPEC"
    if last == len(path):  # the Schema Object itself
        return Level.ERROR, "E-SCHEMA"
    keyword = str(path[last])
    if keyword == "required" and validator == "uniqueItems":
        return Level.WARNING, "W-DUPLICATE-REQUIRED"
    if keyword in _TYPE_KEYWORDS and validator not in _SOFT_VALIDATORS:
        return Level.ERROR, "E-SCHEMA"
    return Level.WARNING, "W-SCHEMA"


def _unknown_fields(err: Any) -> list[tuple[str, str | None]]:
    """For "additional/unevaluated properties" errors: each unexpected key and a suggestion."""
    if err.validator not in ("additionalProperties", "unevaluatedProperties"):
        return []
    if not isinstance(err.instance, dict) or not isinstance(err.schema, dict):
        return []
    known = set(err.schema.get("properties") or {})
    patterns = list(err.schema.get("patternProperties") or {})
    unexpected = [
        str(key)
        for key in err.instance
        if key not in known
        and not str(key).startswith("x-")
        and not any(re.search(p, str(key)) for p in patterns)
    ]
    return [(key, suggest(key, known) if known else None) for key in unexpected]


def _leaves(err: Any) -> list[Any]:
    """The errors that explain a failed ``oneOf``/``anyOf``: those of the branch that fits.

    The OpenAPI 3.0 schema wraps every Schema Object in ``oneOf: [Schema, Reference]``; the
    useful error is the one inside the branch whose shape the node has (``type: bogus``
    inside Schema), not "is not valid under any of the given schemas".
    """
    if err.validator not in ("oneOf", "anyOf") or not err.context:
        return [err]
    branches: dict[Any, list[Any]] = {}
    for sub in err.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    fitting = [
        errs
        for errs in branches.values()
        if not any(not e.relative_path and e.validator in ("required", "type") for e in errs)
    ]
    if not fitting:
        return [err]
    best = min(fitting, key=len)
    return [leaf for sub in best for leaf in _leaves(sub)]


def _summary(err: Any) -> str:
    message = " ".join(str(err.message).split())
    return message if len(message) <= 300 else message[:297] + "..."

"""Unknown keywords in Schema Objects: a misspelling such as ``typ: integer`` is not silent.

JSON Schema ignores keywords it does not know, so ``typ: integer`` quietly makes a field
untyped. Every keyword outside the OpenAPI version's Schema Object vocabulary (and not an
``x-`` extension) is a ``W-UNKNOWN-KEYWORD`` warning, with a "did you mean" suggestion when
a known keyword is close. The keyword lists are those of the official metaschemas (a test
checks them against the files openapi-spec-validator ships).
"""

from __future__ import annotations

import difflib

__all__ = ["KEYWORDS_30", "KEYWORDS_31", "suggest", "unknown_keyword_message"]

#: The properties of the OpenAPI 3.0 Schema Object (``definitions/Schema`` of its schema), and
#: ``$ref``.
KEYWORDS_30 = frozenset({
    "$ref", "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxProperties",
    "minProperties", "required", "enum", "type", "not", "allOf", "oneOf", "anyOf", "items",
    "properties", "additionalProperties", "description", "format", "default", "nullable",
    "discriminator", "readOnly", "writeOnly", "example", "externalDocs", "deprecated", "xml",
})  # fmt: skip

#: The keywords of the OpenAPI 3.1 Schema Object dialect: JSON Schema 2020-12's vocabularies,
#: the keywords its metaschema keeps from older drafts, and the OpenAPI base vocabulary.
KEYWORDS_31 = frozenset({
    # core
    "$id", "$schema", "$ref", "$anchor", "$dynamicRef", "$dynamicAnchor", "$vocabulary",
    "$comment", "$defs",
    # applicator
    "prefixItems", "items", "contains", "additionalProperties", "properties",
    "patternProperties", "dependentSchemas", "propertyNames", "if", "then", "else", "allOf",
    "anyOf", "oneOf", "not",
    # unevaluated
    "unevaluatedItems", "unevaluatedProperties",
    # validation
    "type", "const", "enum", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
    "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems", "minItems",
    "uniqueItems", "maxContains", "minContains", "maxProperties", "minProperties", "required",
    "dependentRequired",
    # meta-data, format, content
    "title", "description", "default", "deprecated", "readOnly", "writeOnly", "examples",
    "format", "contentEncoding", "contentMediaType", "contentSchema",
    # kept by the 2020-12 metaschema from earlier drafts
    "definitions", "dependencies", "$recursiveAnchor", "$recursiveRef",
    # OpenAPI base vocabulary
    "example", "discriminator", "externalDocs", "xml",
})  # fmt: skip


def suggest(word: str, known: frozenset[str] | set[str]) -> str | None:
    """The known word closest to ``word`` (case-insensitively), if one is close enough."""
    by_lower = {k.lower(): k for k in known}
    if word.lower() in by_lower:
        return by_lower[word.lower()]
    close = difflib.get_close_matches(word.lower(), sorted(by_lower), n=1, cutoff=0.75)
    return by_lower[close[0]] if close else None


def unknown_keyword_message(keyword: str, version: str) -> str | None:
    """Why ``keyword`` is not a Schema Object keyword of OpenAPI ``version``; ``None`` if it is."""
    known = KEYWORDS_31 if version == "3.1" else KEYWORDS_30
    if keyword in known or keyword.startswith("x-"):
        return None
    if version == "3.1" and keyword == "nullable":
        return "'nullable' is an OpenAPI 3.0 keyword; in 3.1 write type: [<type>, 'null']"
    if version != "3.1" and keyword in KEYWORDS_31:
        return f"{keyword!r} is a keyword of OpenAPI 3.1 Schema Objects, not of 3.0's"
    close = suggest(keyword, known)
    hint = f" (did you mean {close!r}?)" if close else ""
    return f"unknown keyword {keyword!r} in a Schema Object{hint}"

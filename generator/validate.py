"""Step 2: check the document against the OpenAPI 3.0/3.1 schema with openapi-spec-validator.

The validator reports errors inside Schema Objects relative to that schema, not to the
document. Such errors are located again here, so every message carries an absolute JSON pointer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from generator.problems import Problems, pointer

__all__ = ["validate_spec"]

_TOP_LEVEL = {
    "openapi", "info", "servers", "paths", "webhooks", "components", "security", "tags",
    "externalDocs", "jsonSchemaDialect",
}  # fmt: skip


def validate_spec(spec: dict[str, Any], problems: Problems) -> None:
    # Imported here: it is slow to import, and the up-to-date fast path never needs it.
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = str(spec.get("openapi", ""))
    if version.startswith("3.1"):
        validator: Any = OpenAPIV31SpecValidator(spec)
    elif version.startswith("3.0"):
        validator = OpenAPIV30SpecValidator(spec)
    else:
        problems.error(
            pointer("openapi"), f"unsupported OpenAPI version {version!r}; need 3.0 or 3.1"
        )
        return
    try:
        errors = list(validator.iter_errors())
    except Exception as exc:  # the validator can trip over very broken documents
        problems.error("#", f"the validator could not process the document: {exc}")
        return
    for err in errors:
        path = list(err.absolute_path)
        if not path or path[0] not in _TOP_LEVEL:
            path = _locate(spec, path, err.instance) or path
        problems.error(pointer(*path), _summary(err))


def _summary(err: Any) -> str:
    message = " ".join(str(err.message).split())
    return message if len(message) <= 300 else message[:297] + "..."


def _locate(spec: Any, relative: Sequence[Any], instance: Any) -> list[Any] | None:
    """Find the node whose ``relative`` path leads to ``instance`` itself (by identity)."""
    for path, node in _walk(spec, []):
        target = node
        for part in relative:
            try:
                target = target[part]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if target is instance:
                return path + list(relative)
    return None


def _walk(node: Any, path: list[Any]) -> Iterator[tuple[list[Any], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, (dict, list)):
                yield from _walk(value, [*path, key])
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                yield from _walk(value, [*path, index])

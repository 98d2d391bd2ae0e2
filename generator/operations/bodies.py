"""Request bodies and responses: the media type each is read in, and its type.

JSON media types (``application/json``, ``application/*+json``, ``*/*``) are modelled;
form bodies are sent from a mapping; anything else is sent or returned as raw bytes,
with a warning.
"""

from __future__ import annotations

import re
from typing import Any

from generator.model import RequestBody, Response
from generator.names import class_name, words
from generator.operations.context import OperationContext, mapping_at, text
from generator.schemas.keywords import escape
from generator.text import one_line
from generator.types import AnyJson, Binary

__all__ = ["request_body", "responses"]

_JSON = re.compile(r"^application/([\w.+-]+\+)?json$|^application/json;", re.IGNORECASE)
_STATUS = re.compile(r"[1-5](?:[0-9][0-9]|XX)")


def _pick_media(content: dict[str, Any]) -> tuple[str, Any] | None:
    for media, node in content.items():
        if isinstance(media, str) and (_JSON.match(media) or media == "*/*"):
            return media, node
    return None


def _is_binary(media_node: Any) -> bool:
    """A media type whose schema says "bytes" (or says nothing): raw bytes lose nothing."""
    schema = media_node.get("schema") if isinstance(media_node, dict) else None
    if schema is None or schema == {}:
        return True
    return (
        isinstance(schema, dict)
        and schema.get("type") == "string"
        and schema.get("format") in ("binary", "byte")
        or isinstance(schema, dict)
        and schema.get("contentEncoding") in ("binary", "base64")
    )


def request_body(
    c: OperationContext, op_spec: dict[str, Any], ptr: str, hint: str, arg: str
) -> RequestBody | None:
    raw = op_spec.get("requestBody")
    if raw is None:
        return None
    try:
        node, node_ptr = c.resolver.follow(raw, ptr + "/requestBody")
    except LookupError:
        return None
    content = node.get("content") if isinstance(node, dict) else None
    if not isinstance(content, dict) or not content:
        return None
    required = node.get("required", True) is not False
    desc = text(node.get("description"))
    picked = _pick_media(content)
    if picked is not None:
        media, media_node = picked
        schema = media_node.get("schema") if isinstance(media_node, dict) else None
        schema_ptr = f"{node_ptr}/content/{escape(media)}/schema"
        t = c.schemas.type_of(schema if schema is not None else {}, schema_ptr, hint + "Request")
        return RequestBody(arg, media, t, "json", required, desc)
    media = str(next(iter(content)))
    if media == "application/x-www-form-urlencoded":
        return RequestBody(arg, media, AnyJson(object_only=True), "form", required, desc)
    if not _is_binary(content[media]):
        c.problems.warn(
            f"{node_ptr}/content/{escape(media)}",
            f"request media type {media!r} is not modelled; the method takes raw bytes",
            code="W-MEDIA-TYPE",
        )
    return RequestBody(arg, media, Binary(), "bytes", required, desc)


def responses(
    c: OperationContext, op_spec: dict[str, Any], ptr: str, hint: str
) -> tuple[Response, list[Response]]:
    """The success response (the lowest 2xx, else ``default``) and the error responses."""
    raw = mapping_at(op_spec, "responses")
    built: list[Response] = []
    for status, resp in raw.items():
        status = str(status)
        status_ptr = f"{ptr}/responses/{escape(status)}"
        if status.startswith("x-"):
            c.problems.warn(
                status_ptr, "an extension among the responses is not a response; ignored",
                code="W-STATUS",
            )  # fmt: skip
            continue
        if status != "default" and not _STATUS.fullmatch(status):
            c.problems.warn(
                status_ptr,
                f"{status!r} is not a status code ('default', '1XX'-'5XX' or three digits); "
                "the response is ignored",
                code="W-STATUS",
            )
            continue
        response = _response(c, status, resp, status_ptr, hint)
        if response is not None:
            built.append(response)
    ok = sorted((r for r in built if r.status.startswith("2")), key=lambda r: r.status)
    default = next((r for r in built if r.status == "default"), None)
    success = ok[0] if ok else default or Response("200", "", None, None, "none")
    errors = [r for r in built if r is not success and not r.status.startswith(("1", "2", "3"))]
    errors.sort(key=lambda r: (r.status == "default", r.status))
    return success, errors


def _response(
    c: OperationContext, status: str, resp: Any, status_ptr: str, hint: str
) -> Response | None:
    try:
        node, node_ptr = c.resolver.follow(resp, status_ptr)
    except LookupError:
        return None
    if not isinstance(node, dict):
        return None
    content = node.get("content") if isinstance(node.get("content"), dict) else {}
    description = one_line(node.get("description"))
    if not content:
        return Response(status, description, None, None, "none")
    picked = _pick_media(content)
    if picked is None:
        media = str(next(iter(content)))
        if status.startswith("2") and not _is_binary(content[media]):
            c.problems.warn(
                f"{node_ptr}/content/{escape(media)}",
                f"response media type {media!r} is not modelled; returned as raw bytes",
                code="W-MEDIA-TYPE",
            )
        return Response(status, description, media, Binary(), "bytes")
    media, media_node = picked
    schema = media_node.get("schema") if isinstance(media_node, dict) else None
    schema_ptr = f"{node_ptr}/content/{escape(media)}/schema"
    t = c.schemas.type_of(
        schema if schema is not None else {}, schema_ptr, _name(node_ptr, status, hint)
    )
    return Response(status, description, media, t, "json")


def _name(node_ptr: str, status: str, hint: str) -> str:
    """A class name for a response body: after a component response, else the operation."""
    if node_ptr.startswith("#/components/responses/"):
        key = node_ptr.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")
        ws = words(key)
        return class_name(
            "".join(w.title() for w in ws if not w.isdigit())
            + "".join(w for w in ws if w.isdigit())
            + "Response"
        )
    return hint + ("Response" if status.startswith("2") else f"{status.upper()}Response")

"""What the generator cannot model is still reachable, and reported, never dropped.

A request or response body in a media type other than JSON gives a method that takes or
returns ``bytes``, with a warning carrying the JSON pointer of the media type. A spec with
only ``webhooks`` (no ``paths``), or without ``components``, still generates and imports.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from codegen_helpers import Generated, generate_client, spec_31

REF = "#/components/schemas/"
BASE = "https://api.example.test"


def body(media: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"required": True, "content": {media: {"schema": schema or {"type": "string"}}}}


def answer(media: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "200": {"description": "ok", "content": {media: {"schema": schema or {"type": "string"}}}}
    }


PATHS: dict[str, Any] = {
    "/upload": {
        "post": {
            "tags": ["files"],
            "operationId": "upload",
            "requestBody": body("application/octet-stream", {"type": "string", "format": "binary"}),
            "responses": answer("application/xml"),
        }
    },
    "/xml": {
        "put": {
            "tags": ["files"],
            "operationId": "putXml",
            "requestBody": body(
                "application/xml", {"type": "object", "properties": {"a": {"type": "string"}}}
            ),
            "responses": answer("application/json", {"type": "object"}),
        }
    },
    "/report": {
        "get": {
            "tags": ["files"],
            "operationId": "getReport",
            "responses": answer("text/csv"),
        }
    },
}


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    spec = spec_31(None, PATHS)
    return generate_client(spec, tmp_path_factory.mktemp("loss"), "c_no_loss")


class Wire:
    def __init__(self, status: int, content: bytes, media: str) -> None:
        self.response = (status, content, media)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        status, content, media = self.response
        return httpx.Response(status, content=content, headers={"Content-Type": media})


def client(gen: Generated, wire: Wire) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(wire))
    return gen.module.Client(base_url=BASE, http_client=http)


def test_octet_stream_request_takes_bytes_and_xml_response_returns_bytes(gen: Generated) -> None:
    wire = Wire(200, b"<ok/>", "application/xml")
    payload = bytes(range(256))
    result = client(gen, wire).files.upload(payload)
    sent = wire.requests[0]
    assert sent.method == "POST" and sent.url.path == "/upload"
    assert sent.content == payload
    assert sent.headers["Content-Type"] == "application/octet-stream"
    assert result == b"<ok/>" and type(result) is bytes


def test_xml_request_takes_bytes(gen: Generated) -> None:
    wire = Wire(200, b'{"any": [1]}', "application/json")
    result = client(gen, wire).files.put_xml(b"<a>x</a>")
    assert wire.requests[0].content == b"<a>x</a>"
    assert wire.requests[0].headers["Content-Type"] == "application/xml"
    assert result == {"any": [1]}


def test_text_response_returns_bytes(gen: Generated) -> None:
    wire = Wire(200, b"a,b\n1,2\n", "text/csv")
    assert client(gen, wire).files.get_report() == b"a,b\n1,2\n"


def test_signatures_say_bytes(gen: Generated) -> None:
    resource = gen.submodule("resources.files").FilesResource
    assert resource.upload.__annotations__["body"] == "bytes"
    assert resource.upload.__annotations__["return"] == "bytes"
    assert resource.put_xml.__annotations__["body"] == "bytes"
    assert resource.get_report.__annotations__["return"] == "bytes"


@pytest.mark.parametrize(
    "pointer",
    [
        "#/paths/~1upload/post/responses/200/content/application~1xml",
        "#/paths/~1xml/put/requestBody/content/application~1xml",
        "#/paths/~1report/get/responses/200/content/text~1csv",
    ],
)
def test_each_unmodelled_media_type_is_a_warning_with_its_pointer(
    gen: Generated, pointer: str
) -> None:
    found = [w for w in gen.warnings if w.pointer == pointer]
    assert len(found) == 1, [str(w) for w in gen.warnings]
    assert "bytes" in found[0].message


def test_a_binary_body_is_bytes_without_a_warning(gen: Generated) -> None:
    """A ``format: binary`` string in a non-JSON media type is modelled exactly as bytes."""
    at = "#/paths/~1upload/post/requestBody"
    assert [str(w) for w in gen.warnings if w.pointer.startswith(at)] == []


def test_json_and_xml_offered_picks_json_without_warning(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    schema = {"type": "object", "properties": {"a": {"type": "string"}}}
    paths = {
        "/both": {
            "post": {
                "operationId": "both",
                "requestBody": {
                    "content": {
                        "application/xml": {"schema": schema},
                        "application/json": {"schema": schema},
                    }
                },
                "responses": {"204": {"description": "none"}},
            }
        }
    }
    gen = generate_client(spec_31(None, paths), tmp_path_factory.mktemp("both"), "c_no_loss_both")
    assert gen.warnings == []
    (op,) = [o for r in gen.api.resources for o in r.operations]
    assert op.body is not None and op.body.kind == "json"
    assert op.body.media_type == "application/json"


WEBHOOK_ONLY: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Hooks only", "version": "1"},
    "webhooks": {
        "petCreated": {
            "post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": REF + "Pet"}}}},
                "responses": {"200": {"description": "ok"}},
            }
        },
        "petDeleted": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["id"],
                                "properties": {"id": {"type": "integer"}},
                            }
                        }
                    }
                },
                "responses": {"200": {"description": "ok"}},
            }
        },
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["id"],
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
            }
        }
    },
}


def test_webhook_only_spec_generates_and_imports(tmp_path_factory: pytest.TempPathFactory) -> None:
    gen = generate_client(WEBHOOK_ONLY, tmp_path_factory.mktemp("hooks"), "c_no_loss_hooks")
    assert gen.api.resources == []
    pet = gen.models.Pet.from_dict({"id": 1, "name": "n"})
    assert pet.to_dict() == {"id": 1, "name": "n"}
    client = gen.module.Client(base_url=BASE)
    client.close()
    assert gen.submodule("resources").__all__ == []


def test_webhook_payloads_are_modelled_or_reported(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The inline payload of ``petDeleted`` is a schema too: model it, or say it was skipped."""
    gen = generate_client(WEBHOOK_ONLY, tmp_path_factory.mktemp("hooks2"), "c_no_loss_hooks2")
    pointer = "#/webhooks/petDeleted/post/requestBody/content/application~1json/schema"
    modelled = [m for m in gen.api.models if m.pointer == pointer]
    reported = [w for w in gen.warnings if w.pointer.startswith("#/webhooks/petDeleted")]
    assert modelled or reported


def test_spec_without_components(tmp_path_factory: pytest.TempPathFactory) -> None:
    paths = {
        "/pets/{id}": {
            "get": {
                "tags": ["pets"],
                "operationId": "getPet",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["id"],
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "tags": {"type": "array", "items": {"type": "string"}},
                                    },
                                }
                            }
                        },
                    }
                },
            }
        }
    }
    spec = spec_31(None, paths)
    assert "components" not in spec
    gen = generate_client(spec, tmp_path_factory.mktemp("nocomp"), "c_no_loss_nocomp")
    wire = Wire(200, b'{"id": 3, "tags": ["a"], "extra": true}', "application/json")
    pet = client(gen, wire).pets.get_pet(3)
    assert wire.requests[0].url.path == "/pets/3"
    assert pet.id == 3 and pet.tags == ["a"] and pet.additional_properties == {"extra": True}
    assert pet.to_dict() == {"id": 3, "tags": ["a"], "extra": True}


def test_spec_with_nothing_but_info(tmp_path_factory: pytest.TempPathFactory) -> None:
    spec = {"openapi": "3.1.0", "info": {"title": "Empty", "version": "0"}, "paths": {}}
    gen = generate_client(spec, tmp_path_factory.mktemp("empty"), "c_no_loss_empty")
    assert gen.models.__all__ == []
    gen.module.Client(base_url=BASE).close()

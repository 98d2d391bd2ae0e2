"""``$ref`` never leaves the document: no file outside it is read, no socket is opened.

Only ``--allow-external-refs DIR`` lets files under DIR in, and never a URL. The guarantees
are checked three ways: a listening socket that records every connection, a canary file
whose content must not appear anywhere, and (in a child process) Python's audit hooks, which
see every ``open`` and every socket call, whoever makes it.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_specs import ref_chain

from conftest import ROOT
from generator import pipeline
from generator.bundle import bundle_external
from generator.config import Config
from generator.problems import Problems
from generator.resolve import Resolver

CANARY = "SECRET-CANARY-7f3a"


class Listener:
    """A TCP server on 127.0.0.1 that accepts and records connections until closed."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.accepted: list[Any] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, addr = self.sock.accept()
            except OSError:
                continue
            self.accepted.append(addr)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def doc_with_refs(target: str) -> dict[str, Any]:
    """A document that references ``target`` in every kind of position."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Refs", "version": "1"},
        "paths": {
            "/a": {
                "get": {
                    "operationId": "a",
                    "parameters": [{"$ref": target}],
                    "responses": {
                        "200": {"$ref": target},
                        "201": {"description": "x", "content": {"$ref": target}},
                    },
                }
            },
            "/b": {"$ref": target},
            "$ref": target,
        },
        "components": {
            "schemas": {
                "$ref": target,
                "A": {"$ref": target},
                "B": {"type": "object", "properties": {"$ref": target, "p": {"$ref": target}}},
                "C": {
                    "oneOf": [{"$ref": target}],
                    "discriminator": {"propertyName": "k", "mapping": {"x": target}},
                },
                "Literal": {
                    "type": "object",
                    "default": {"$ref": target},
                    "example": {"$ref": target},
                    "x-vendor": {"$ref": target},
                },
            },
            "responses": {"$ref": target},
        },
    }


def run_pipeline(doc: dict[str, Any], **options: Any) -> Problems:
    problems = Problems()
    result = pipeline.generate(
        json.dumps(doc).encode(),
        Config(),
        spec_name="spec.json",
        problems=problems,
        render_files=False,
        **options,
    )
    assert (result.api is not None) == (not problems.errors)
    return problems


EXPECTED_REF_ERRORS = {
    "#/paths/~1a/get/parameters/0/$ref",
    "#/paths/~1a/get/responses/200/$ref",
    "#/paths/~1a/get/responses/201/content/$ref",
    "#/paths/~1b/$ref",
    "#/paths/$ref",
    "#/components/schemas/$ref",
    "#/components/schemas/A/$ref",
    "#/components/schemas/B/properties/$ref",
    "#/components/schemas/B/properties/p/$ref",
    "#/components/schemas/C/oneOf/0/$ref",
    "#/components/schemas/C/discriminator/mapping/x",
    "#/components/responses/$ref",
}


@pytest.mark.parametrize("scheme", ["http", "https", "ftp"])
def test_a_url_reference_opens_no_connection_in_any_position(
    listener: Listener, scheme: str
) -> None:
    target = f"{scheme}://127.0.0.1:{listener.port}/x.json"
    problems = run_pipeline(doc_with_refs(target))
    refs = {p.pointer for p in problems.errors if p.code == "E-REF"}
    assert refs == EXPECTED_REF_ERRORS
    assert all("is not followed" in p.message for p in problems.errors if p.code == "E-REF")
    literal = "#/components/schemas/Literal"
    assert not [p for p in problems.errors if p.pointer.startswith(literal)]
    assert listener.accepted == []


def canary_tree(tmp_path: Path) -> tuple[Path, Path]:
    """``secret/creds.yaml`` holding the canary, and an empty ``api/`` folder beside it."""
    secret = tmp_path / "secret"
    secret.mkdir()
    creds = secret / "creds.yaml"
    creds.write_text(f"{CANARY}\n", encoding="utf-8")
    api = tmp_path / "api"
    api.mkdir()
    return creds, api


def run_audited(args: list[str], watched: Path) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the CLI in a child process that logs every open under ``watched`` and every socket."""
    code = textwrap.dedent(
        f"""
        import sys
        watched = {str(watched)!r}
        seen = []
        def hook(event, args):
            if event == "open" and args and watched in str(args[0]):
                seen.append(f"open {{args[0]}}")
            elif event.startswith("socket."):
                seen.append(event)
        sys.addaudithook(hook)
        from generator.cli import main
        status = main({args!r})
        print("AUDIT:", seen, file=sys.stderr)
        sys.exit(status)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    audit = [line for line in result.stderr.splitlines() if line.startswith("AUDIT:")]
    assert audit, result.stderr
    return result, audit[-1]


@pytest.mark.parametrize("form", ["relative", "file-uri", "absolute"])
def test_a_file_outside_the_document_is_never_read(tmp_path: Path, form: str) -> None:
    creds, api = canary_tree(tmp_path)
    target = {
        "relative": "../secret/creds.yaml",
        "file-uri": creds.as_uri(),
        "absolute": str(creds),
    }[form]
    spec = api / "spec.json"
    spec.write_text(json.dumps(doc_with_refs(target)), encoding="utf-8")
    result, audit = run_audited(["--spec", str(spec), "--out", str(tmp_path / "out")], creds.parent)
    assert result.returncode == 2
    assert audit == "AUDIT: []"
    assert CANARY not in result.stdout + result.stderr
    assert "is not followed" in result.stderr
    assert not (tmp_path / "out").exists()


def test_with_allow_external_refs_files_outside_the_folder_are_still_not_read(
    tmp_path: Path, listener: Listener
) -> None:
    creds, api = canary_tree(tmp_path)
    (api / "inside").symlink_to(creds)  # a symlink out of the folder does not count as inside
    spec = api / "spec.yaml"
    spec.write_text(
        yaml.safe_dump(
            {
                "openapi": "3.1.0",
                "info": {"title": "Refs", "version": "1"},
                "paths": {},
                "components": {
                    "schemas": {
                        "Escape": {"$ref": "../secret/creds.yaml"},
                        "Link": {"$ref": "inside"},
                        "Url": {"$ref": f"http://127.0.0.1:{listener.port}/x.yaml"},
                    }
                },
            }
        ),
        encoding="utf-8",
    )
    args = ["--spec", str(spec), "--out", str(tmp_path / "out"), "--allow-external-refs", str(api)]
    result, audit = run_audited(args, creds.parent)
    assert result.returncode == 2
    assert audit == "AUDIT: []", "neither the canary nor its folder was opened, no socket either"
    assert listener.accepted == []
    assert CANARY not in result.stdout + result.stderr
    err = result.stderr
    assert "#/components/schemas/Escape/$ref: external reference '../secret/creds.yaml' is " in err
    assert "outside" in err
    assert "#/components/schemas/Link/$ref" in err
    assert "#/components/schemas/Url/$ref" in err and "only files are read" in err


def test_allowed_files_are_bundled_into_the_document(tmp_path: Path) -> None:
    api = tmp_path / "api"
    (api / "common").mkdir(parents=True)
    (api / "common" / "pet.yaml").write_text(
        textwrap.dedent(
            """
            Pet:
              type: object
              properties:
                name: {type: string}
                owner: {$ref: 'people.yaml#/Person'}
                parent: {$ref: '#/Pet'}
            """
        ),
        encoding="utf-8",
    )
    (api / "common" / "people.yaml").write_text(
        "Person: {type: object, properties: {id: {type: integer}}}\n", encoding="utf-8"
    )
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Pets", "version": "1"},
        "paths": {
            "/pets": {
                "get": {
                    "operationId": "list_pets",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "common/pet.yaml#/Pet"},
                                    }
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Also": {"$ref": "./common/pet.yaml#/Pet"}}},
    }
    problems = run_pipeline(doc, package="pets", allow_external_refs=api, spec_dir=api)
    assert not problems.errors, [str(p) for p in problems]
    # The same bundling, looked at directly: copied once, references rewritten to point in.
    bundle_external(doc, api, api, problems)
    schemas = doc["components"]["schemas"]
    assert set(schemas) == {"Also", "Pet", "Person"}
    assert schemas["Also"] == {"$ref": "#/components/schemas/Pet"}
    items = doc["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]
    assert items["schema"]["items"] == {"$ref": "#/components/schemas/Pet"}
    assert schemas["Pet"]["properties"]["owner"] == {"$ref": "#/components/schemas/Person"}
    assert schemas["Pet"]["properties"]["parent"] == {"$ref": "#/components/schemas/Pet"}


def test_without_the_flag_the_same_files_are_an_error(tmp_path: Path) -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "Pets", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Pet": {"$ref": "common/pet.yaml#/Pet"}}},
    }
    problems = run_pipeline(doc)
    assert [str(p) for p in problems.errors] == [
        "error: #/components/schemas/Pet/$ref: external reference 'common/pet.yaml#/Pet' is not "
        "followed: only references inside the document ('#/...') are followed; pass "
        "--allow-external-refs DIR to read files under DIR [E-REF]"
    ]


def test_a_property_named_ref_is_a_name_not_a_reference() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "Names", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Odd": {"type": "object", "properties": {"$ref": {"type": "string"}}},
            }
        },
    }
    assert not run_pipeline(doc).errors


def test_a_long_reference_chain_resolves_in_linear_time() -> None:
    name, raw = ref_chain(5_000)
    doc = json.loads(raw)
    resolver = Resolver(doc)
    problems = Problems()
    assert resolver.check_all(problems) == []
    node, ptr = resolver.follow(doc["components"]["schemas"]["S0"])
    assert node == {"type": "string"} and ptr == "#/components/schemas/S5000"
    assert not run_pipeline(doc).errors


def test_a_reference_cycle_is_an_error_at_each_reference() -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "Cycle", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "A": {"$ref": "#/components/schemas/B"},
                "B": {"$ref": "#/components/schemas/A"},
            }
        },
    }
    errors = [p for p in run_pipeline(doc).errors if p.code == "E-REF"]
    assert {p.pointer for p in errors} == {
        "#/components/schemas/A/$ref",
        "#/components/schemas/B/$ref",
    }
    assert all("reference cycle" in p.message for p in errors)


def test_control_the_audit_sees_a_file_that_is_allowed_and_read(tmp_path: Path) -> None:
    """The same run with the canary's folder allowed: its open shows up in the audit."""
    creds, api = canary_tree(tmp_path)
    spec = api / "spec.json"
    spec.write_text(json.dumps(doc_with_refs("../secret/creds.yaml")), encoding="utf-8")
    args = ["--spec", str(spec), "--out", str(tmp_path / "out")]
    result, audit = run_audited([*args, "--allow-external-refs", str(tmp_path)], creds.parent)
    assert f"open {creds}" in audit
    assert "cannot use '../secret/creds.yaml': " in result.stderr  # a string, not a mapping

"""The user's cache folder: compiled templates and what validation found, reused only exactly.

A cache is a shortcut, never a second source of truth: a run that uses it must write the
same files and report the same problems as one that does not, and a damaged, foreign or
unwritable cache is only a miss.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cli, revalidate
from generator.bytecode import BUILTIN_TEMPLATES, GENERATOR, TemplateCache, template_cache
from generator.cache import Cache
from generator.config import Config
from generator.pipeline import generate
from generator.problems import Problems
from generator.revalidate import ValidationMemo, structural_key

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "sendcloud-v2-integrations-openapi.yml"

MINI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Mini", "version": "1", "description": "About it."},
    "paths": {
        "/pets/{id}": {
            "get": {
                "operationId": "getPet",
                "summary": "One pet",
                "description": "Reads a pet.",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": {
                    "200": {
                        "description": "The pet",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Pet"},
                                "example": {"name": 5},
                            }
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "description": "A pet.",
                "properties": {
                    "name": {"type": "string", "description": "Its name."},
                    "description": {"type": "string"},
                },
            }
        }
    },
}


def _mini(**changes: Any) -> dict[str, Any]:
    spec = copy.deepcopy(MINI)
    for path, value in changes.items():
        *parents, last = path.split(".")
        node = spec
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[last] = value
    return spec


# -- the structural key ------------------------------------------------------------------


def test_prose_does_not_change_the_key_and_the_document_is_left_as_it_was() -> None:
    spec = _mini()
    before = copy.deepcopy(spec)
    key = structural_key(spec)
    assert spec == before and repr(spec) == repr(before)  # values and key order restored
    op = "paths./pets/{id}.get"
    for change in (
        {"info.description": "Other words."},
        {f"{op}.summary": "Another summary"},
        {f"{op}.description": "Reads one pet."},
        {f"{op}.responses.200.description": "A pet"},
        {"components.schemas.Pet.properties.name.description": "What it answers to."},
    ):
        assert structural_key(_mini(**change)) == key, change


@pytest.mark.parametrize(
    "change",
    [
        {"info.title": "Maxi"},  # names the package
        {"components.schemas.Pet.properties.name.type": "integer"},
        {"paths./pets/{id}.get.responses.200.content.application/json.example": {"name": "x"}},
        {"paths./pets/{id}.get.operationId": "readPet"},
        # a property named "description" is a schema, not prose
        {"components.schemas.Pet.properties.description": {"type": "integer"}},
        # prose that is not a string any more is not prose
        {"info.description": 5},
    ],
)
def test_anything_but_prose_changes_the_key(change: dict[str, Any]) -> None:
    assert structural_key(_mini(**change)) != structural_key(_mini())


def test_the_key_tells_apart_what_json_would_not() -> None:
    ints = _mini(**{"paths./pets/{id}.get.responses": {200: {"description": "x"}}})
    strings = _mini(**{"paths./pets/{id}.get.responses": {"200": {"description": "x"}}})
    assert structural_key(ints) != structural_key(strings)


def test_a_document_inside_itself_has_no_key() -> None:
    spec = _mini()
    spec["components"]["schemas"]["Pet"]["x-self"] = spec["components"]
    assert structural_key(spec) is None


# -- validation, replayed ----------------------------------------------------------------


def _validated(spec: dict[str, Any], cache: Cache) -> tuple[list[Any], ValidationMemo]:
    problems = Problems()
    memo = ValidationMemo.load(cache, spec)
    memo.validate(spec, problems)
    memo.save()
    return list(problems), memo


def test_a_prose_change_replays_validation_without_running_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = Cache(tmp_path)
    first, _ = _validated(_mini(), cache)
    assert any(p.code == "W-EXAMPLE" for p in first)  # the example's name is not a string

    def refuse(*args: object) -> None:
        raise AssertionError("validation ran although its result was in the cache")

    monkeypatch.setattr("generator.validate.validate_spec", refuse)
    again, _ = _validated(_mini(**{"info.description": "Changed."}), cache)
    assert again == first
    with pytest.raises(AssertionError, match="validation ran"):
        _validated(_mini(**{"info.title": "Changed"}), cache)


def test_problems_that_could_quote_prose_are_never_replayed(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    odd = _mini(**{"info.description": 5})  # a problem at .../description itself
    found, _ = _validated(odd, cache)
    assert any(p.pointer == "#/info/description" for p in found)
    assert not list(tmp_path.rglob("*.json"))
    quoting = ["warning", "#/x", "{'description': 'a'} is bad", "", ""]
    assert revalidate._may_quote_prose(quoting)
    assert not revalidate._may_quote_prose(["warning", "#/x", "'in' is required", "", ""])


def test_a_hit_reports_exactly_what_a_run_without_the_cache_reports(tmp_path: Path) -> None:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    cache = Cache(tmp_path)
    cold, _ = _validated(copy.deepcopy(spec), cache)
    warm, memo = _validated(copy.deepcopy(spec), cache)
    assert memo.problems is not None and warm == cold
    uncached = Problems()
    ValidationMemo.load(None, spec).validate(spec, uncached)
    assert list(uncached) == cold


@pytest.mark.parametrize(
    "damage",
    [b"not json", b'{"problems": [["fatal", "#", "x", "", ""]], "omitted": {}, "samples": {}}',
     b'{"problems": [], "omitted": {}, "samples": {"k": ["#/x", 1]}}', b"[]"],
)  # fmt: skip
def test_a_damaged_entry_is_a_miss(tmp_path: Path, damage: bytes) -> None:
    cache = Cache(tmp_path)
    found, _ = _validated(_mini(), cache)
    (entry,) = tmp_path.rglob("*.json")
    entry.write_bytes(damage)
    again, memo = _validated(_mini(), cache)
    assert again == found


# -- whole runs --------------------------------------------------------------------------


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_a_regenerate_from_the_cache_writes_what_one_without_it_writes(tmp_path: Path) -> None:
    changed = tmp_path / "spec.yml"
    text = SPEC.read_text(encoding="utf-8")
    changed.write_text(text.replace("description: ID of an integration", "description: ID!", 1))
    cache = tmp_path / "cache"
    base = ["--quiet", "--package", "sendcloud_integrations", "--config", str(tmp_path / "none")]
    assert cli.main([*base, "--spec", str(SPEC), "--out", str(tmp_path / "a"),
                     "--cache-dir", str(cache)]) == 0  # fmt: skip
    assert list((cache / "v1" / "validation").glob("*.json"))
    with_cache = [*base, "--spec", str(changed), "--out", str(tmp_path / "b")]
    assert cli.main([*with_cache, "--cache-dir", str(cache)]) == 0
    assert cli.main([*with_cache[:-1], str(tmp_path / "c"), "--no-cache"]) == 0
    assert _tree(tmp_path / "b") == _tree(tmp_path / "c")


def test_a_regenerate_whose_checks_all_hit_imports_no_validator(tmp_path: Path) -> None:
    """What makes a regenerate fast: neither openapi-spec-validator's schemas nor
    openapi-schema-validator (0.3 s to import) are loaded when the cache has the answers."""
    changed = tmp_path / "spec.yml"
    text = SPEC.read_text(encoding="utf-8")
    changed.write_text(text.replace("description: ID of an integration", "description: ID!", 1))
    script = (
        "import sys; from generator.cli import main; "
        "status = main(sys.argv[1:]); "
        "print(status, 'openapi_schema_validator' in sys.modules, 'jsonschema' in sys.modules)"
    )
    common = ["--quiet", "--no-cache"]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def run(spec: Path, out: str, *options: str) -> str:
        cmd = [sys.executable, "-c", script, "--spec", str(spec), "--out", str(tmp_path / out)]
        done = subprocess.run(
            [*cmd, "--config", str(tmp_path / "none"), *options],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return done.stdout.strip().splitlines()[-1]

    assert run(SPEC, "a") == "0 True True"
    assert run(changed, "b") == "0 False False"
    assert run(changed, "c", *common) == "0 True True"  # --no-cache: validated in full


def test_a_cache_folder_that_cannot_be_written_is_no_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    out = tmp_path / "out"
    argv = ["--quiet", "--spec", str(SPEC), "--out", str(out), "--config", str(tmp_path / "none")]
    assert cli.main([*argv, "--cache-dir", str(blocked)]) == 0
    assert (out / ".codegen-manifest.json").exists()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is a POSIX notion")
def test_template_byte_code_others_can_write_is_not_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    assert TemplateCache(folder, "x", write=True)._folder_is_ours()
    folder.chmod(0o777)
    assert not TemplateCache(folder, "x", write=True)._folder_is_ours()


def test_generating_in_process_with_a_cache_gives_the_same_files(tmp_path: Path) -> None:
    raw = SPEC.read_bytes()
    config = Config()
    plain = generate(raw, config, spec_name=SPEC.name)
    cached = generate(raw, config, spec_name=SPEC.name, cache=Cache(tmp_path))
    again = generate(raw, config, spec_name=SPEC.name, cache=Cache(tmp_path))
    texts = {path: r.body for path, r in plain.files.items()}
    assert {path: r.body for path, r in cached.files.items()} == texts
    assert {path: r.body for path, r in again.files.items()} == texts
    assert list(again.problems) == list(plain.problems)


def test_the_generators_own_templates_compile_to_where_its_byte_code_lives(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    own = template_cache(BUILTIN_TEMPLATES, "o", Cache(tmp_path))
    assert own is not None and own.folder == GENERATOR / "__pycache__" / "templates"
    assert own.write is not sys.dont_write_bytecode
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # python -B: read, never write
    own = template_cache(BUILTIN_TEMPLATES, "o", None)
    assert own is not None and not own.write
    assert own.folder == tmp_path / "prefix" / GENERATOR.relative_to("/") / "templates"
    assert template_cache(tmp_path, "o", None) is None  # another folder, no cache: none


def _copy_templates(tmp_path: Path) -> Path:
    mine = tmp_path / "templates"
    shutil.copytree(BUILTIN_TEMPLATES, mine, ignore=shutil.ignore_patterns("__pycache__"))
    return mine


def test_another_templates_folders_byte_code_goes_to_the_cache_not_beside_it(
    tmp_path: Path,
) -> None:
    mine = _copy_templates(tmp_path)
    before = sorted(mine.rglob("*"))
    raw = SPEC.read_bytes()
    plain = generate(raw, Config(), mine, spec_name=SPEC.name)
    cached = generate(raw, Config(), mine, spec_name=SPEC.name, cache=Cache(tmp_path / "c"))
    again = generate(raw, Config(), mine, spec_name=SPEC.name, cache=Cache(tmp_path / "c"))
    assert sorted(mine.rglob("*")) == before
    assert list((tmp_path / "c" / "v1" / "templates").glob("*.jinja"))
    texts = {p: r.body for p, r in plain.files.items()}
    assert {p: r.body for p, r in cached.files.items()} == texts
    assert {p: r.body for p, r in again.files.items()} == texts


def test_damaged_template_byte_code_is_compiled_again(tmp_path: Path) -> None:
    mine = _copy_templates(tmp_path)
    raw = SPEC.read_bytes()
    first = generate(raw, Config(), mine, spec_name=SPEC.name, cache=Cache(tmp_path / "c"))
    entries = list((tmp_path / "c").rglob("*.jinja"))
    assert entries
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:40])  # cut short: the magic, half a checksum
    again = generate(raw, Config(), mine, spec_name=SPEC.name, cache=Cache(tmp_path / "c"))
    assert {p: r.body for p, r in again.files.items()} == {
        p: r.body for p, r in first.files.items()
    }

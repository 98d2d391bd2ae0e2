"""The command line: exit codes, JSON pointers in errors, and the drift check."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT, SPEC_PATH, load_spec


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def write_spec(tmp_path: Path, spec: object, name: str = "broken.yml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def test_invalid_spec_exits_2_and_reports_every_problem_with_its_pointer(tmp_path: Path) -> None:
    spec = load_spec()
    get = spec["paths"]["/integrations"]["get"]
    get["parameters"][0]["in"] = "nowhere"
    spec["components"]["schemas"]["Integration"]["properties"]["id"]["type"] = "bogus"
    items = get["responses"]["200"]["content"]["application/json"]["schema"]["items"]
    items["$ref"] = "#/components/schemas/Missing"
    result = run("--spec", str(write_spec(tmp_path, spec)), "--out", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    err = result.stderr
    assert "#/paths/~1integrations/get/parameters/0/in" in err
    assert "#/components/schemas/Integration/properties/id/type" in err
    assert (
        "#/paths/~1integrations/get/responses/200/content/application~1json/schema/items/$ref"
        in err
    )
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists(), "nothing is written for an invalid spec"


def test_unparseable_file_exits_2_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.yml"
    path.write_text("openapi: 3.1.0\ninfo: [unclosed\n", encoding="utf-8")
    result = run("--spec", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "error: #:" in result.stderr and "Traceback" not in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = run("--spec", str(tmp_path / "nope.yml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr


def test_check_names_a_hand_edited_file_and_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(
        ROOT / "generated", out, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    assert run("--out", str(out), "--check").returncode == 0
    edited = out / "sendcloud_integrations" / "models" / "integration.py"
    edited.write_text(edited.read_text() + "\n# a hand edit\n", encoding="utf-8")
    result = run("--out", str(out), "--check")
    assert result.returncode == 1
    assert "would change: sendcloud_integrations/models/integration.py" in result.stdout
    assert "+# a hand edit" not in result.stdout  # the diff shows what regenerating would do
    assert "-# a hand edit" in result.stdout
    assert edited.read_text().endswith("# a hand edit\n"), "--check writes nothing"


def test_check_reports_stale_and_missing_files(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(
        ROOT / "generated", out, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    (out / "sendcloud_integrations" / "models" / "stale.py").write_text("x = 1\n")
    (out / "sendcloud_integrations" / "models" / "tax_number.py").unlink()
    result = run("--out", str(out), "--check")
    assert result.returncode == 1
    assert "would remove: sendcloud_integrations/models/stale.py" in result.stdout
    assert "would change: sendcloud_integrations/models/tax_number.py" in result.stdout
    assert run("--out", str(out)).returncode == 0
    assert not (out / "sendcloud_integrations" / "models" / "stale.py").exists()
    assert run("--out", str(out), "--check").returncode == 0


def test_regenerating_an_unchanged_tree_formats_nothing(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(
        ROOT / "generated", out, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    result = run("--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "inputs unchanged" in result.stdout  # nothing was loaded, rendered or formatted
    # With the input fingerprint gone, everything is rendered again, but no file is
    # formatted: each render still matches the hash recorded beside its output.
    manifest = out / ".codegen-manifest.json"
    data = json.loads(manifest.read_text())
    data["inputs"] = "stale"
    manifest.write_text(json.dumps(data))
    result = run("--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "0 written" in result.stdout and "(0 formatted)" in result.stdout
    assert run("--out", str(out), "--check").returncode == 0


def test_spec_is_vendored_unchanged() -> None:
    original = ROOT.parent / "shared" / "spec" / SPEC_PATH.name
    assert SPEC_PATH.read_bytes() == original.read_bytes()


def test_warnings_are_reported_with_level_and_pointer_and_strict_makes_them_fatal(
    tmp_path: Path,
) -> None:
    spec = load_spec()
    post = spec["paths"]["/integrations/{id}/logs"]["post"]
    post["requestBody"]["content"] = {"application/xml": {"schema": {"type": "string"}}}
    path = write_spec(tmp_path, spec, "xml.yml")
    pointer = "#/paths/~1integrations~1{id}~1logs/post/requestBody/content/application~1xml"
    relaxed = run("--spec", str(path), "--out", str(tmp_path / "relaxed"))
    assert relaxed.returncode == 0, relaxed.stderr
    assert f"warning: {pointer}: request media type 'application/xml' is not modelled" in (
        relaxed.stderr
    )
    strict = run("--spec", str(path), "--out", str(tmp_path / "strict"), "--strict")
    assert strict.returncode == 1
    assert f"warning: {pointer}" in strict.stderr
    # The method still exists and takes raw bytes: nothing is dropped.
    resource = tmp_path / "relaxed" / "integrations_client" / "resources" / "integrations.py"
    assert "body: bytes" in resource.read_text()


def test_a_one_field_change_formats_only_the_files_it_touches(tmp_path: Path) -> None:
    """Every header names the new spec hash, but only changed bodies go through black."""
    spec_text = SPEC_PATH.read_text(encoding="utf-8")
    old = "          description: The delivery date required by the end-consumer\n"
    assert spec_text.count(old) == 1
    changed = tmp_path / "spec.yml"
    changed.write_text(spec_text.replace(old, old[:-1] + " (changed)\n"), encoding="utf-8")
    config = str(ROOT / "spec" / "codegen.yaml")
    out = tmp_path / "generated"
    shutil.copytree(
        ROOT / "generated", out, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    result = run("--spec", str(changed), "--config", config, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "(1 formatted)" in result.stdout
    fresh = tmp_path / "fresh"
    assert run("--spec", str(changed), "--config", config, "--out", str(fresh)).returncode == 0
    for path in sorted(fresh.rglob("*")):
        if path.is_file():
            assert (out / path.relative_to(fresh)).read_bytes() == path.read_bytes(), path

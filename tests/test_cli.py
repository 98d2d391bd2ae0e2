"""The command line: exit codes, JSON pointers in errors, and the drift check."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import tomllib
import yaml

from conftest import ROOT, SHARED, SPEC_PATH, load_spec


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


def copy_generated(tmp_path: Path) -> Path:
    out = tmp_path / "generated"
    shutil.copytree(
        ROOT / "generated", out, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    return out


def test_check_names_a_hand_edited_file_and_exits_1(tmp_path: Path) -> None:
    out = copy_generated(tmp_path)
    assert run("--out", str(out), "--check").returncode == 0
    edited = out / "sendcloud_integrations" / "models" / "integration.py"
    edited.write_text(edited.read_text() + "\n# a hand edit\n", encoding="utf-8")
    result = run("--out", str(out), "--check")
    assert result.returncode == 1
    assert (
        "  edited   sendcloud_integrations/models/integration.py  +0 -2  "
        "(edited by hand: regenerating needs --force)\n"
    ) in result.stdout
    assert "+# a hand edit" not in result.stdout  # the diff shows what regenerating would do
    assert "-# a hand edit" in result.stdout
    assert edited.read_text().endswith("# a hand edit\n"), "--check writes nothing"
    refused = run("--out", str(out))
    assert refused.returncode == 2
    assert "integration.py was edited by hand" in refused.stderr and "--force" in refused.stderr
    assert edited.read_text().endswith("# a hand edit\n")
    assert run("--out", str(out), "--force").returncode == 0
    assert run("--out", str(out), "--check").returncode == 0


def test_check_reports_stale_and_missing_files_and_leaves_unknown_ones_alone(
    tmp_path: Path,
) -> None:
    out = copy_generated(tmp_path)
    models = out / "sendcloud_integrations" / "models"
    (models / "stale.py").write_text("x = 1\n")  # as if an earlier run had written it
    manifest = json.loads((out / ".codegen-manifest.json").read_text())
    manifest["files"]["sendcloud_integrations/models/stale.py"] = {
        "render": "0",
        "output": hashlib.sha256(b"x = 1\n").hexdigest(),
    }
    (out / ".codegen-manifest.json").write_text(json.dumps(manifest))
    (models / "custom_helpers.py").write_text("y = 2\n")  # never written by the generator
    (models / "tax_number.py").unlink()
    result = run("--out", str(out), "--check")
    assert result.returncode == 1
    assert "  removed  sendcloud_integrations/models/stale.py  +0 -1\n" in result.stdout
    assert "  added    sendcloud_integrations/models/tax_number.py" in result.stdout
    assert "custom_helpers.py  +" not in result.stdout
    assert "left alone, not written by the generator: " in result.stdout
    assert run("--out", str(out)).returncode == 0
    assert not (models / "stale.py").exists()
    assert (models / "custom_helpers.py").read_text() == "y = 2\n"
    in_sync = run("--out", str(out), "--check")
    assert in_sync.returncode == 0
    assert "sendcloud_integrations/models/custom_helpers.py" in in_sync.stdout


def test_check_prints_a_summary_then_diffs_smallest_first(tmp_path: Path) -> None:
    out = copy_generated(tmp_path)
    pkg = out / "sendcloud_integrations"
    small = pkg / "models" / "costs_object.py"
    small.write_text(small.read_text().replace('"""', '"""X', 1))
    (pkg / "_base_client.py").unlink()  # a long diff: the whole file
    result = run("--out", str(out), "--check")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert re.fullmatch(rf"{re.escape(str(out))}: 2 files would change \(\+\d+ -1\):", lines[0])
    assert [line.split()[:2] for line in lines[1:3]] == [
        ["added", "sendcloud_integrations/_base_client.py"],
        ["edited", "sendcloud_integrations/models/costs_object.py"],
    ]
    diffs = [line for line in lines if line.startswith("+++ ")]
    assert diffs[-1] == "+++ b/sendcloud_integrations/_base_client.py", "longest last"
    assert sum(line.startswith("… ") for line in lines) == 1
    assert lines[-1].endswith("run `make regenerate` and commit the result.")
    full = run("--out", str(out), "--check", "--full-diff")
    assert full.returncode == 1 and "… " not in full.stdout
    base = (ROOT / "generated" / "sendcloud_integrations" / "_base_client.py").read_text()
    assert full.stdout.count("\n+") >= len(base.splitlines())


def test_check_strict_never_says_in_sync_when_it_fails(tmp_path: Path) -> None:
    spec = load_spec()
    post = spec["paths"]["/integrations/{id}/logs"]["post"]
    post["requestBody"]["content"] = {"application/xml": {"schema": {"type": "string"}}}
    path = write_spec(tmp_path, spec, "xml.yml")
    out = tmp_path / "out"
    assert run("--spec", str(path), "--out", str(out)).returncode == 0
    relaxed = run("--spec", str(path), "--out", str(out), "--check")
    assert relaxed.returncode == 0 and "in sync" in relaxed.stdout
    strict = run("--spec", str(path), "--out", str(out), "--check", "--strict")
    assert strict.returncode == 1
    assert "in sync" not in strict.stdout + strict.stderr
    assert "--strict fails on" in strict.stderr and "warning: #/paths" in strict.stderr


def test_the_fast_path_imports_neither_jinja2_nor_black_nor_the_validator(
    tmp_path: Path,
) -> None:
    out = copy_generated(tmp_path)
    probe = (
        "import sys\n"
        "from generator.cli import main\n"
        f"status = main(['--check', '--out', {str(out)!r}])\n"
        "heavy = ['jinja2', 'black', 'openapi_spec_validator', 'generator.pipeline', 'yaml']\n"
        "print(status, [m for m in heavy if m in sys.modules])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "0 []"
    assert "inputs unchanged" in result.stdout


def test_the_quick_check_trusts_only_byte_identical_inputs(tmp_path: Path) -> None:
    """The in-sync check that reads no config takes the spec the manifest names from
    beside the config: any change to the config, the spec, or its name is drift."""
    config_dir = tmp_path / "spec"
    shutil.copytree(ROOT / "spec", config_dir)
    config = config_dir / "codegen.yaml"
    out = tmp_path / "out"
    assert run("--config", str(config), "--out", str(out), "--quiet").returncode == 0
    check = ("--check", "--config", str(config), "--out", str(out))
    assert "inputs unchanged" in run(*check).stdout
    spec = config_dir / SPEC_PATH.name
    config.write_text(config.read_text(encoding="utf-8") + "\n# a comment\n", encoding="utf-8")
    assert run(*check).returncode == 1  # the config changed: the manifest records its hash
    assert run("--config", str(config), "--out", str(out), "--quiet").returncode == 0
    assert "inputs unchanged" in run(*check).stdout
    spec.write_bytes(spec.read_bytes() + b"\n# more\n")
    assert run(*check).returncode == 1  # the spec changed
    renamed = config_dir / "renamed.yml"  # same bytes, another name: _version.py says it
    spec.rename(renamed)
    text = config.read_text(encoding="utf-8").replace(SPEC_PATH.name, renamed.name)
    config.write_text(text, encoding="utf-8")
    assert run(*check).returncode == 1
    shutil.copy(renamed, spec)  # the old name back beside the config, with those bytes
    assert run(*check).returncode == 1  # still the renamed spec the config names


def test_a_hostile_spec_file_name_never_becomes_code(tmp_path: Path) -> None:
    """A newline, quotes, triple quotes, a byte that is not UTF-8 and an emoji in the name."""
    raw_name = b'evil\n"\'"""\xff\xf0\x9f\x98\x80.yml'
    name = os.fsdecode(raw_name)
    spec = load_spec()
    spec["info"]["title"] = 'Emoji \U0001f600 "quoted" \\ API'
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C"}
    for args in ([], ["--check"]):
        result = subprocess.run(
            [sys.executable, "-m", "generator", "--spec", str(path), "--out", str(out), *args],
            cwd=ROOT,
            capture_output=True,
            timeout=300,
            env=env,
        )
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in result.stderr
    (version_file,) = out.glob("*/_version.py")
    pyproject = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
    assert 'Emoji \U0001f600 "quoted" \\ API' in pyproject["project"]["description"]
    for source in sorted(out.rglob("*.py")):
        text = source.read_text(encoding="utf-8")
        compile(text, str(source), "exec")
        assert "evil" not in text or source.name == "_version.py", source
    check = (
        "import sys, os\n"
        f"import {version_file.parent.name}._version as v\n"
        f"assert v.SPEC_FILE == os.fsdecode({raw_name!r}), ascii(v.SPEC_FILE)\n"
        "print(v.SPEC_SHA256)\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", check], cwd=out, capture_output=True, text=True, timeout=60
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == hashlib.sha256(path.read_bytes()).hexdigest()
    assert "evil" not in (out / "pyproject.toml").read_text(encoding="utf-8")
    manifest = json.loads((out / ".codegen-manifest.json").read_text(encoding="ascii"))
    assert manifest["spec_file"] == name


def test_regenerating_an_unchanged_tree_formats_nothing(tmp_path: Path) -> None:
    out = copy_generated(tmp_path)
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


#: SHA-256 of the upstream spec as vendored; used where ../shared is absent (a copy of the repo).
UPSTREAM_SPEC_SHA256 = "c994756d397dd461463af20a523fceb294de986652549b3df51abef0e6507041"


def test_spec_is_vendored_unchanged() -> None:
    """spec/ holds the upstream file byte for byte: compared with ../shared when it exists
    (it needs it for that), else with the hash recorded when the file was vendored."""
    original = SHARED / "spec" / SPEC_PATH.name
    if original.exists():
        assert SPEC_PATH.read_bytes() == original.read_bytes()
    else:
        assert hashlib.sha256(SPEC_PATH.read_bytes()).hexdigest() == UPSTREAM_SPEC_SHA256


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
    """Only the files whose text changes go through black."""
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
    # The changed model and _version.py (the spec's new hash, the version) are formatted;
    # pyproject.toml, CHANGELOG.md and api-report.json are written with the patch release.
    assert re.search(r": 5 written, 0 removed, \d+ unchanged \(2 formatted\)", result.stdout)
    assert "### Changed" in (out / "CHANGELOG.md").read_text(encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert run("--spec", str(changed), "--config", config, "--out", str(fresh)).returncode == 0
    # Files taken from disk are exactly what formatting gives; only the release files differ,
    # because a fresh folder has no earlier release to count from.
    history = {
        "CHANGELOG.md",
        "api-report.json",
        "pyproject.toml",
        "_version.py",
        ".codegen-manifest.json",
    }
    for path in sorted(fresh.rglob("*")):
        if path.is_file() and path.name not in history:
            assert (out / path.relative_to(fresh)).read_bytes() == path.read_bytes(), path

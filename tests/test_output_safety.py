"""``--out`` owns exactly what it wrote (issue 8): the writer's rules, on fake trees in tmp.

The writer is driven in-process with small hand-made renders and an identity formatter, so
each rule is checked in milliseconds; a few command-line checks at the end make sure the
refusals reach the user as one line and exit status 2, never as a traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from conftest import ROOT
from generator.cli import main
from generator.manifest import MANIFEST
from generator.outdir import OutputError, resolve_out
from generator.rendered import Rendered
from generator.write import Plan, plan_tree, sync_tree, up_to_date

HEADER = "# generated\n"


def render(files: Mapping[str, str]) -> dict[str, Rendered]:
    return {rel: Rendered(HEADER, body) for rel, body in files.items()}


def same(_path: str, text: str) -> str:
    return text


def sync(out: Path, files: Mapping[str, str], *, check: bool = False, force: bool = False) -> Plan:
    return sync_tree(out, render(files), "fmt 1", same, check=check, inputs="in", force=force)


def plan(out: Path, files: Mapping[str, str], *, force: bool = False) -> Plan:
    return plan_tree(out, render(files), "fmt 1", same, inputs="in", force=force)


def snapshot(root: Path) -> dict[str, bytes | str]:
    """Every entry under ``root``: file bytes, or the target of a link (never followed)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = path.read_bytes()
    return found


FIRST = {"pkg/__init__.py": "A = 1\n", "pkg/old.py": "OLD = 1\n", "pyproject.toml": "[x]\n"}
SECOND = {"pkg/__init__.py": "A = 2\n", "pkg/new.py": "NEW = 1\n", "pyproject.toml": "[x]\n"}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """A folder generated once from FIRST."""
    folder = tmp_path / "out"
    sync(folder, FIRST)
    return folder


def test_a_regenerate_replaces_and_removes_only_its_own_unchanged_files(out: Path) -> None:
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (out / ".env").write_text("SECRET=1\n")
    (out / "src").mkdir()
    (out / "src" / "app.py").write_text("print('mine')\n")
    (out / "pkg" / "custom_helpers.py").write_text("def helper(): ...\n")
    (out / "pkg" / "tests").mkdir()
    (out / "pkg" / "tests" / "test_x.py").write_text("def test(): ...\n")
    result = sync(out, SECOND)
    assert sorted(c.path for c in result.changes) == [
        MANIFEST,
        "pkg/__init__.py",
        "pkg/new.py",
        "pkg/old.py",
    ]
    assert result.removals == ["pkg/old.py"]
    assert not (out / "pkg" / "old.py").exists()
    assert (out / "pkg" / "new.py").read_text() == HEADER + "NEW = 1\n"
    for mine in (".git/HEAD", ".env", "src/app.py", "pkg/custom_helpers.py", "pkg/tests/test_x.py"):
        assert (out / mine).exists(), mine
    assert "pkg/custom_helpers.py" in result.unknown and ".env" in result.unknown
    assert ".git/HEAD" not in result.unknown  # version control is never even listed


def test_the_manifest_lists_one_sorted_line_per_file(out: Path) -> None:
    lines = (out / MANIFEST).read_text(encoding="ascii").splitlines()
    rows = [line for line in lines if line.startswith("  ")]
    assert [json.loads("{" + row.rstrip(",") + "}").popitem()[0] for row in rows] == sorted(FIRST)
    data = json.loads((out / MANIFEST).read_text())
    assert data["header"] == HEADER and data["inputs"] == "in"


def test_a_hand_edited_file_stops_the_run_untouched_unless_forced(out: Path) -> None:
    edited = out / "pkg" / "__init__.py"
    edited.write_text(HEADER + "A = 1  # mine\n")
    before = snapshot(out)
    with pytest.raises(OutputError, match=r"pkg/__init__\.py was edited by hand.*--force"):
        sync(out, SECOND)
    assert snapshot(out) == before, "a refusal leaves the whole tree as it was"
    result = plan(out, SECOND)
    assert [c.kind for c in result.changes if c.path == "pkg/__init__.py"] == ["edited"]
    sync(out, SECOND, force=True)
    assert edited.read_text() == HEADER + "A = 2\n"


def test_a_hand_edited_file_that_is_no_longer_generated_is_kept_unless_forced(out: Path) -> None:
    (out / "pkg" / "old.py").write_text("OLD = 'mine'\n")
    with pytest.raises(OutputError, match=r"pkg/old\.py is no longer generated but was edited"):
        sync(out, SECOND)
    assert (out / "pkg" / "old.py").read_text() == "OLD = 'mine'\n"
    assert not (out / "pkg" / "new.py").exists()
    sync(out, SECOND, force=True)
    assert not (out / "pkg" / "old.py").exists()


def test_a_file_in_the_way_is_never_overwritten_even_with_force(out: Path) -> None:
    (out / "pkg" / "new.py").write_text("MINE = 1\n")  # not in the manifest: not ours
    before = snapshot(out)
    for force in (False, True):
        result = plan(out, SECOND, force=force)
        assert any("pkg/new.py was not written by the generator" in r for r in result.refused)
        with pytest.raises(OutputError):
            sync(out, SECOND, force=force)
        assert snapshot(out) == before


def test_a_folder_without_manifest_is_refused_unless_empty_or_forced(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    (empty / "__pycache__").mkdir(parents=True)  # tool folders do not count
    sync(empty, FIRST)
    assert (empty / MANIFEST).exists()

    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine\n")
    (busy / "pkg").mkdir()
    (busy / "pkg" / "__init__.py").write_text(HEADER + "A = 1\n")  # same bytes: adopted
    with pytest.raises(OutputError, match=r"already holds files and has no \.codegen-manifest"):
        sync(busy, FIRST)
    assert sorted(snapshot(busy)) == ["notes.txt", "pkg/__init__.py"]
    sync(busy, FIRST, force=True)
    assert (busy / "notes.txt").read_text() == "mine\n"
    assert (busy / "pkg" / "old.py").exists() and (busy / MANIFEST).exists()
    sync(busy, SECOND)  # the adopted file is now the generator's, notes.txt still is not
    assert (busy / "pkg" / "__init__.py").read_text() == HEADER + "A = 2\n"
    assert (busy / "notes.txt").read_text() == "mine\n"


def test_an_unreadable_or_tampered_manifest_owns_nothing(out: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    data = json.loads((out / MANIFEST).read_text())
    data["files"]["../victim.txt"] = {"render": "x", "output": "y"}
    (out / MANIFEST).write_text(json.dumps(data))
    result = plan(out, SECOND)
    assert any("has an unreadable manifest" in line for line in result.blocked)
    assert any("pkg/__init__.py was not written by the generator" in r for r in result.refused)
    sync(out, FIRST, force=True)  # the same bytes as on disk: nothing is in the way
    assert victim.read_text() == "keep\n"


@pytest.mark.parametrize("where", ["/", "home", "home-parent", "cwd", "cwd-parent"])
def test_system_home_and_parent_folders_are_refused_whatever_the_flags(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home" / "me"
    work = home / "project" / "sub"
    work.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    target = {
        "/": Path("/"),
        "home": home,
        "home-parent": home.parent,
        "cwd": work,
        "cwd-parent": Path(".."),
    }[where]

    def no_listing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the folder was looked into before it was refused")

    for name in ("scandir", "listdir", "open", "mkdir", "unlink", "replace"):
        monkeypatch.setattr(os, name, no_listing)
    for force in (False, True):
        with pytest.raises(OutputError, match="refusing --out"):
            sync(target, FIRST, force=force)
        with pytest.raises(OutputError, match="refusing --out"):
            sync(target, FIRST, check=True)
    assert not up_to_date(target, "in")
    monkeypatch.undo()
    assert snapshot(home.parent) == {}, "nothing was written"


def test_a_folder_beside_the_current_one_is_fine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    assert resolve_out(Path("../there")) == (tmp_path / "there").resolve()


def test_a_symlinked_manifest_is_refused_and_its_target_untouched(
    out: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text('{"files": {}}')
    (out / MANIFEST).unlink()
    (out / MANIFEST).symlink_to(secret)
    before = snapshot(out)
    for check in (False, True):
        with pytest.raises(OutputError, match=r"\.codegen-manifest\.json is a symbolic link"):
            sync(out, SECOND, check=check, force=True)
    assert secret.read_text() == '{"files": {}}' and snapshot(out) == before


def test_a_symlinked_folder_on_the_way_is_refused_before_the_first_write(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "pkg").symlink_to(elsewhere, target_is_directory=True)
    result = plan(out, SECOND, force=True)
    assert result.refused == [
        f"{out / 'pkg'} is a symbolic link; the generator never follows one: "
        "refusing to write there (move it away)"
    ]  # once, not once per file under it
    with pytest.raises(OutputError):
        sync(out, SECOND, force=True)
    assert list(elsewhere.iterdir()) == [] and sorted(snapshot(out)) == ["pkg"]


def test_a_symlinked_file_target_is_refused(out: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.py"
    elsewhere.write_text("precious\n")
    (out / "pkg" / "new.py").symlink_to(elsewhere)
    with pytest.raises(OutputError, match="new.py is a symbolic link"):
        sync(out, SECOND, force=True)
    assert elsewhere.read_text() == "precious\n"


def test_links_that_are_not_in_the_way_are_left_alone_and_never_followed(
    out: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "old.py").write_bytes((out / "pkg" / "old.py").read_bytes())
    (out / "docs").symlink_to(elsewhere, target_is_directory=True)
    data = json.loads((out / MANIFEST).read_text())
    data["files"]["docs/old.py"] = data["files"]["pkg/old.py"]  # a stale entry, behind a link
    (out / MANIFEST).write_text(json.dumps(data))
    result = sync(out, SECOND)
    assert (elsewhere / "old.py").exists(), "nothing is deleted through a link"
    assert "docs" in result.unknown and "docs/old.py" not in result.removals


def test_tool_folders_are_never_touched(out: Path) -> None:
    caches = ["pkg/__pycache__/old.cpython-311.pyc", "pkg.egg-info/PKG-INFO", "build/lib/x.py"]
    for rel in caches:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text("cache\n")
    result = sync(out, SECOND)
    assert all((out / rel).read_text() == "cache\n" for rel in caches)
    hidden = ("build/", "pkg.egg-info/", "pkg/__pycache__/")
    assert not any(rel.startswith(hidden) for rel in result.unknown)
    with pytest.raises(OutputError, match="not a plain path"):
        sync(out, {"build/__init__.py": "X = 1\n"})


def test_writes_are_atomic_and_leave_no_temporary_files(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (out / "pkg" / "__init__.py").read_bytes()

    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sync(out, SECOND)
    assert (out / "pkg" / "__init__.py").read_bytes() == before
    assert not [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    monkeypatch.undo()
    sync(out, SECOND)  # the interrupted run is finished by running again
    assert (out / "pkg" / "__init__.py").read_text() == HEADER + "A = 2\n"
    umask = os.umask(0)
    os.umask(umask)
    assert (out / "pkg" / "new.py").stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's


def test_check_writes_nothing_and_classifies_every_change(out: Path) -> None:
    (out / "pkg" / "__init__.py").write_text("edited\n")
    before = snapshot(out)
    result = sync(out, SECOND, check=True)
    assert snapshot(out) == before
    kinds = {c.path: c.kind for c in result.changes}
    assert kinds == {
        "pkg/__init__.py": "edited",
        "pkg/new.py": "added",
        "pkg/old.py": "removed",
        MANIFEST: "changed",
    }


def test_an_unchanged_render_is_not_formatted_again(out: Path) -> None:
    calls: list[str] = []

    def counting(path: str, text: str) -> str:
        calls.append(path)
        return text

    plan_tree(out, render(FIRST), "fmt 1", counting, inputs="other")
    assert calls == []
    plan_tree(out, render(SECOND), "fmt 1", counting, inputs="other")
    assert calls == ["pkg/__init__.py", "pkg/new.py"]
    calls.clear()
    plan_tree(out, render(FIRST), "fmt 2", counting, inputs="other")
    assert sorted(calls) == sorted(FIRST), "a new formatter formats everything again"


# --------------------------------------------------------------------------- command line


def test_out_pointing_at_a_file_exits_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    assert main(["--out", str(a_file)]) == 2
    assert capsys.readouterr().err == f"error: --out {a_file} is not a folder\n"
    assert main(["--out", str(a_file / "sub"), "--check"]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_a_refusal_on_the_command_line_is_one_line_per_problem(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "sendcloud_integrations").mkdir(parents=True)
    (out / "sendcloud_integrations" / "__init__.py").write_text("# mine\n")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--out", str(out), "--force"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: {out}/sendcloud_integrations/__init__.py was not written by the generator, "
        "which would write a file there: move it away (it is never overwritten, even with "
        "--force)"
    ]
    assert "Traceback" not in result.stderr
    assert sorted(snapshot(out)) == ["sendcloud_integrations/__init__.py"]

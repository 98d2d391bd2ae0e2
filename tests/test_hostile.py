"""The hostile corpus (``tests/hostile/``): every case must leave the machine unharmed.

Each case is one test. The first test to run generates every selected case (in process,
through ``generator.cli.main``), then imports and type-checks all generated packages in one
batch (see ``hostile/session.py``); each test then reports its own case's failures. The
rules (exit 0/1/2, no traceback, nothing written outside ``--out``, no canary read or
echoed, no connection, code that compiles, imports without side effects and passes
``mypy --strict``) are in ``hostile/checks.py`` and ``hostile/code.py``; the families are
listed in ``hostile/README.md``.
"""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import pytest
from hostile import speedups
from hostile.canary import CanaryServers
from hostile.cases import Case, Report, load_cases
from hostile.checks import pointer_named
from hostile.code import Package, import_batch, static_problems
from hostile.guard import guard
from hostile.normalize import without_docstrings
from hostile.session import CaseResult, run_corpus
from hostile.typecheck import finish_mypy, start_mypy

from generator.workers import helper_command

pytestmark = pytest.mark.long  # the whole corpus, then one mypy run over what it generated

CASES = load_cases()
_INDEX = {case.id: index for index, case in enumerate(CASES)}


@pytest.fixture(scope="session")
def hostile_results(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, CaseResult]:
    """Run every case selected in this session (all of them, unless -k narrows it)."""
    selected = {
        case.id
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and item.originalname == "test_hostile_case"
        and isinstance(case := item.callspec.params.get("case"), Case)
    }
    indexed = [(_INDEX[c.id], c) for c in CASES if c.id in selected]
    return run_corpus(indexed, tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_case(case: Case, hostile_results: dict[str, CaseResult]) -> None:
    failures = hostile_results[case.id].all_failures
    assert not failures, f"{case.id} ({case.family}):\n  " + "\n  ".join(failures)


def test_corpus_covers_every_family_with_at_least_300_cases() -> None:
    families = {c.family for c in CASES}
    expected = {
        "external-ref", "file-name", "inject-text", "inject-name", "inject-misc",
        "float-special", "title-emoji", "client-attr", "reserved-name", "windows-name",
        "case-collision", "long-name", "status-code", "recursive-anchor", "bounded-work",
        "insecure-http", "redaction", "out-folder",
    }  # fmt: skip
    assert families == expected
    assert len(CASES) >= 300


def test_committed_corpus_is_what_the_writer_writes(tmp_path: Path) -> None:
    """make_corpus.py is deterministic, and the committed cases are exactly its output."""
    from hostile import make_corpus

    make_corpus.write_corpus(tmp_path)
    here = make_corpus.HERE
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(
        p.relative_to(here) for p in (here / "cases").rglob("*") if p.is_file()
    ) + [Path("manifest.json")]
    assert written == sorted(committed)
    for rel in written:
        assert (tmp_path / rel).read_bytes() == (here / rel).read_bytes(), rel


# -- the harness itself: each detector must see what it is there to see ---------------------


def test_guard_sees_writes_outside_canary_reads_connections_and_processes(tmp_path: Path) -> None:
    out, canary, victim = tmp_path / "out", tmp_path / "creds.txt", tmp_path / "victim.txt"
    out.mkdir()
    canary.write_text("secret")
    victim.write_text("mine")
    (out / "link").symlink_to(victim)
    with CanaryServers() as servers, guard([str(out)], [str(canary)]) as g:
        (out / "ok.txt").write_text("fine")
        (tmp_path / "outside.txt").write_text("bad")
        with open(out / "link", "w") as f:  # through a symlink that leads outside
            f.write("bad")
        canary.read_text()
        with socket.create_connection(("127.0.0.1", servers.ports["HTTP"]), timeout=5):
            pass
        subprocess.run(["true"], check=True)
        helper = helper_command()  # the formatting helper is allowed, as it is and only so
        subprocess.run([*helper[:2], "pass"], check=True)
        subprocess.run([*helper[:2], helper[2]], input="", text=True, check=True)
        accepted = servers.accepted_since(dict.fromkeys(servers.ports, 0))
    text = "\n".join(g.violations)
    assert "ok.txt" not in text
    assert "outside.txt" in text and "link" in text and "creds.txt" in text
    assert "started a process" in text
    assert text.count("started a process") == 2  # "true", and the helper's python told "pass"
    assert "'pass'" in text and "serve()" not in text
    assert any("socket.connect" in n for n in g.network)
    assert len(accepted) == 1


def test_import_check_sees_side_effects_and_survives_a_package_that_exits(tmp_path: Path) -> None:
    bodies = {
        "hx_prints": "print('hello')\n",
        "hx_touches": "open('HOSTILE-PWNED', 'w').close()\n",
        "hx_exits": "import os\nos._exit(3)\n",
        "hx_quiet": "X = 1\n",
    }
    packages = []
    for name, body in bodies.items():
        (tmp_path / name / name).mkdir(parents=True)
        (tmp_path / name / name / "__init__.py").write_text(body)
        packages.append(Package(name, tmp_path / name, name))
    import_batch(packages, tmp_path)
    found = {p.name: "\n".join(p.problems) for p in packages}
    assert "printed on import" in found["hx_prints"]
    assert "opened for writing" in found["hx_touches"]
    assert "ended the interpreter" in found["hx_exits"]
    assert "import side effect" not in found["hx_quiet"]
    assert "client check failed" in found["hx_quiet"]  # it has no Client: the check ran


def test_static_checks_see_unportable_paths_bad_toml_and_broken_code(tmp_path: Path) -> None:
    pkg = tmp_path / "hx_pkg"
    (pkg / "models").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "models" / "con.py").write_text("")
    (pkg / "models" / ("a" * 120 + ".py")).write_text("")
    (pkg / "models" / "Pet.py").write_text("")
    (pkg / "models" / "pet.py").write_text("x = (\n")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "\\ud83d"\n')
    problems, broken = static_problems(tmp_path, ["hx_pkg"])
    text = "\n".join(problems)
    assert "Windows device name" in text and "characters (over 100)" in text
    assert "differ only by case" in text and "pyproject.toml does not parse" in text
    assert "does not compile" in text and broken == {"hx_pkg"}


def test_a_pointer_is_matched_at_its_node_or_under_it() -> None:
    report = Report(pointer="#/paths/~1a/get", level="error")
    assert pointer_named("x.json: error: #/paths/~1a/get/responses: bad", report)
    assert pointer_named("x.json: error: #/paths/~1a/get: bad", report)
    assert not pointer_named("x.json: error: #/paths/~1a/getter: bad", report)
    assert not pointer_named("x.json: warning: #/paths/~1a/get: bad", report)


def test_the_black_memo_gives_exactly_what_black_gives() -> None:
    import black

    original = black.format_str
    remove = speedups.install()
    try:
        mode = black.Mode(line_length=100)
        texts = [
            f"import logging\nlogger=logging.getLogger('hx{n:04d}_client')\n"
            f"def f(a,b):\n  return {{'hx{n:04d}-client':a,'HX{n:04d}_CLIENT_KEY':b}}\n"
            for n in (1, 2)
        ]
        assert [black.format_str(t, mode=mode) for t in texts] == [
            original(t, mode=mode) for t in texts
        ]
    finally:
        remove()
    assert black.format_str is original


def test_only_docstrings_are_left_out_of_the_type_check_digest() -> None:
    clean = b'"""Doc."""\nclass A:\n    """Doc of A."""\n\n    x: int = 1  # type: ignore\n'
    other_doc = clean.replace(b"Doc of A.", b"Another text entirely")
    escaped = clean.replace(b'"""Doc of A."""', b'"""Doc"""\n    __import__("os")')
    assert without_docstrings(clean) == without_docstrings(other_doc)
    assert without_docstrings(clean) != without_docstrings(escaped)
    assert b"# type: ignore" in without_docstrings(clean)


def test_a_package_read_through_stubs_gets_the_reference_errors_and_its_own(
    tmp_path: Path,
) -> None:
    runtime = 'X: int = "not an int"\n\n\ndef f() -> int:\n    return 1\n'
    own = {"hx_ref": "from .._types import f\n\nY: int = f()\n",
           "hx_other": "from .._types import f\n\nY: str = f()\n"}  # fmt: skip
    for name, models in own.items():
        pkg = tmp_path / name / name
        (pkg / "models").mkdir(parents=True)
        (pkg / "__init__.py").write_text("")
        (pkg / "_types.py").write_text(runtime)
        (pkg / "models" / "__init__.py").write_text(models)
    ref, other = packages = [Package(n, tmp_path / n, n) for n in own]
    run = start_mypy(packages, tmp_path)
    finish_mypy(run)
    assert run.stubbed_modules == 1  # hx_other/_types.py was read from hx_ref
    assert any("_types.py" in p and "Incompatible" in p for p in ref.problems)
    assert any("_types.py" in p and "Incompatible" in p for p in other.problems)
    assert any("models/__init__.py" in p and '"int"' in p for p in other.problems)
    assert not any("models/__init__.py" in p for p in ref.problems)

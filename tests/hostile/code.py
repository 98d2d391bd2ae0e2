"""Checks on the code a case generated: static ones here, imports and mypy in batches.

Static (per case, in process): every module compiles, ``pyproject.toml`` parses with
``tomllib``, the package name is an identifier, and every path is portable (no Windows
device names, no name over 100 characters, no two paths that differ only by case).

Batches (all cases at once, in subprocesses run side by side): ``importcheck.py`` imports
every package, and one ``mypy --strict`` run checks them all. See :func:`start_mypy` for why
packages that are identical up to their name are type-checked once.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

from hostile.cases import HOSTILE_DIR

__all__ = [
    "MypyRun",
    "Package",
    "find_packages",
    "finish_mypy",
    "import_batch",
    "start_mypy",
    "static_problems",
    "without_docstrings",
]

MAX_NAME = 100
_DEVICE = re.compile(r"^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3]|"
                     r"conin\$|conout\$|clock\$)$", re.IGNORECASE)  # fmt: skip
_PORTABLE = re.compile(r"^[A-Za-z0-9_.][A-Za-z0-9_.-]*$")


@dataclass
class Package:
    """One generated package of one case, and what the batches found wrong with it."""

    case_id: str
    out: Path
    name: str
    runtime: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.out / self.name


def find_packages(out: Path) -> list[str]:
    """Top-level folders of ``out`` that are Python packages (symlinks are not followed)."""
    if not out.is_dir() or out.is_symlink():
        return []
    return sorted(
        p.name for p in out.iterdir()
        if p.is_dir() and not p.is_symlink() and (p / "__init__.py").is_file()
    )  # fmt: skip


def _path_problems(out: Path) -> list[str]:
    problems = []
    seen: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(out):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in dirnames + filenames:
            rel = os.path.relpath(os.path.join(dirpath, name), out)
            stem = name.split(".")[0]
            if _DEVICE.match(stem):
                problems.append(f"Windows device name: {rel}")
            if len(stem) > MAX_NAME:
                problems.append(f"name of {len(stem)} characters (over {MAX_NAME}): {rel[:120]}...")
            if not _PORTABLE.match(name) or name.endswith((".", " ")):
                problems.append(f"not a portable file name: {rel!r}")
            other = seen.setdefault(rel.lower(), rel)
            if other != rel:
                problems.append(f"differ only by case: {other} and {rel}")
    return problems


def static_problems(out: Path, packages: Iterable[str]) -> tuple[list[str], set[str]]:
    """What is wrong with the tree, and the packages too broken to import or type-check."""
    problems = _path_problems(out)
    broken: set[str] = set()
    try:
        toml = tomllib.loads((out / "pyproject.toml").read_text(encoding="utf-8"))
        if not isinstance(toml.get("project", {}).get("name"), str):
            problems.append("pyproject.toml has no project.name")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        problems.append(f"pyproject.toml does not parse: {exc}")
    for name in packages:
        if not (name.isidentifier() and name.isascii()):
            problems.append(f"package name {name!r} is not an identifier")
            broken.add(name)
        for path in sorted((out / name).rglob("*.py")):
            error = _compile_error(path)
            if error is not None:
                problems.append(f"{path.relative_to(out)} does not compile: {error}")
                broken.add(name)
    return problems, broken


_TAG = re.compile(rb"hx\d{4}", re.IGNORECASE)


def _same_width_tag(data: bytes) -> bytes:
    """Blank the ``hxNNNN`` title tag with a same-width placeholder (if it is the only one)."""
    tags = {m.group(0).lower() for m in _TAG.finditer(data)}
    if len(tags) != 1 or b"hx9999" in data.lower():
        return data
    return _TAG.sub(lambda m: m.group(0)[:2] + b"9999", data)


_SPEC_HASH = re.compile(rb"^# spec sha256: [0-9a-f]{64}$", re.MULTILINE)
_COMPILED: dict[bytes, str | None] = {}


def _compile_error(path: Path) -> str | None:
    """Why the module does not compile, or None; cached by text up to the title tag."""
    key = _SPEC_HASH.sub(b"# spec sha256: -", _same_width_tag(path.read_bytes()))
    if key not in _COMPILED:
        try:
            compile(key, str(path), "exec", dont_inherit=True)
            _COMPILED[key] = None
        except (SyntaxError, ValueError) as exc:
            _COMPILED[key] = str(exc)
    return _COMPILED[key]


_DOCLESS: dict[bytes, bytes] = {}


def without_docstrings(source: bytes) -> bytes:
    """The module with every docstring replaced by ``...``: what mypy's verdict depends on.

    A docstring is the first statement of a module, class or function body when it is a
    string constant. mypy gives it no type meaning, so its text cannot change the verdict.
    Comments are kept (``# type: ignore`` does change it). Text that escaped its docstring is
    no longer a docstring and stays.
    """
    if source not in _DOCLESS:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            _DOCLESS[source] = source
            return source
        lines = source.split(b"\n")
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if not isinstance(body, list) or not body or not isinstance(body[0], ast.Expr):
                continue
            value = body[0].value
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                continue
            first, last = value.lineno - 1, (value.end_lineno or value.lineno) - 1
            end = value.end_col_offset or 0
            if lines[first][: value.col_offset].strip() or lines[last][end:].strip():
                continue  # it shares a line with other code: keep it as it is
            lines[first] = b" " * value.col_offset + b"..."
            for index in range(first + 1, last + 1):
                lines[index] = b""
        _DOCLESS[source] = b"\n".join(lines)
    return _DOCLESS[source]


def _normalized_digest(pkg: Package) -> str:
    """A hash of what mypy's verdict on the package depends on, its name left out.

    That is every file with the package name and the ``hxNNNN`` title tag blanked, the
    spec's hash in the header comment blanked (a comment that is neither ``# type:`` nor
    ``# mypy:`` means nothing to mypy), and every docstring replaced by ``...`` (see
    :func:`without_docstrings`).
    """
    digest = hashlib.sha256()
    for path in sorted(pkg.path.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        data = path.read_bytes().replace(pkg.name.encode(), b"_" * len(pkg.name))
        data = _SPEC_HASH.sub(b"# spec sha256: -", _same_width_tag(data))
        if path.suffix == ".py":
            data = without_docstrings(data)
        rel = path.relative_to(pkg.path).as_posix().encode()
        digest.update(b"%d:%s:%d:" % (len(rel), rel, len(data)) + data)
    return digest.hexdigest()


def _collision_free(packages: list[Package]) -> list[list[Package]]:
    """Split packages into groups in which no two share a name (one import path each)."""
    groups: list[list[Package]] = []
    for pkg in packages:
        for group in groups:
            if all(p.name != pkg.name for p in group):
                group.append(pkg)
                break
        else:
            groups.append([pkg])
    return groups


def _mypy_cmd(cache: Path, targets: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "mypy", "--strict", "--config-file", "", "--python-version",
        "3.11", "--no-error-summary", "--show-error-codes", "--no-color-output",
        "--cache-dir", str(cache), *targets,
    ]  # fmt: skip


@dataclass
class MypyRun:
    """mypy batches (one per group of distinct names), and who shares whose verdict."""

    groups: list[list[Package]]
    shared: dict[str, list[Package]]  # representative case id -> packages with its verdict
    workdir: Path
    first: subprocess.Popen[str] | None = None

    @property
    def checked(self) -> int:
        """How many packages mypy actually checks (one per set of identical ones)."""
        return sum(len(g) for g in self.groups)


def _start(group: list[Package], workdir: Path) -> subprocess.Popen[str]:
    targets = [os.path.relpath(p.path, workdir) for p in group]
    cmd = _mypy_cmd(workdir / ".mypy_cache", targets)
    return subprocess.Popen(
        cmd, cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def start_mypy(packages: list[Package], workdir: Path) -> MypyRun:
    """Start ``mypy --strict`` on every distinct package; :func:`finish_mypy` collects it.

    mypy's verdict on a package is a function of its files. Two packages whose files are
    byte-identical once the package name (and the ``hxNNNN`` title tag it came from) is
    blanked get the same verdict, so only the first of each such set is checked and the
    others share its result. Nothing else is deduplicated: a package that differs by one
    docstring is checked on its own. Packages that share a name (titles that sanitise alike)
    cannot be in one mypy run; they go to a second, small run after the first.
    """
    reps: dict[str, Package] = {}
    shared: dict[str, list[Package]] = {}
    for pkg in packages:
        rep = reps.setdefault(_normalized_digest(pkg), pkg)
        shared.setdefault(rep.case_id, []).append(pkg)
    groups = _collision_free(list(reps.values()))
    run = MypyRun(groups, shared, workdir)
    if groups:
        run.first = _start(groups[0], workdir)
    return run


def _collect(proc: subprocess.Popen[str], group: list[Package], workdir: Path) -> None:
    output, _ = proc.communicate()
    (workdir / f"mypy-{proc.pid}.txt").write_text(output, encoding="utf-8")
    by_prefix = {os.path.relpath(p.path, workdir) + os.sep: p for p in group}
    for line in output.splitlines():
        if ": error:" not in line and "Traceback" not in line and "INTERNAL" not in line:
            continue
        owners = [p for prefix, p in by_prefix.items() if line.startswith(prefix)]
        for pkg in owners or group:
            pkg.problems.append(f"mypy: {line[:300]}")
    if proc.returncode not in (0, 1):
        for pkg in group:
            pkg.problems.append(f"mypy stopped (status {proc.returncode}); see mypy-{proc.pid}.txt")


def finish_mypy(run: MypyRun) -> None:
    """Wait for mypy and hand each package the errors in its files."""
    if run.first is None:
        return
    _collect(run.first, run.groups[0], run.workdir)  # it filled the cache the others reuse
    rest = [(_start(group, run.workdir), group) for group in run.groups[1:]]
    for proc, group in rest:
        _collect(proc, group, run.workdir)
    for rep_id, members in run.shared.items():
        rep = members[0]
        for pkg in members[1:]:
            pkg.problems += [f"{p} (as {rep_id}, identical up to its name)" for p in rep.problems
                             if p.startswith("mypy")]  # fmt: skip


def import_batch(packages: list[Package], workdir: Path) -> None:
    """Import and exercise every package (``importcheck.py``); a crash costs one package."""
    for index, group in enumerate(_collision_free(packages)):
        pending = list(group)
        while pending:
            jobs = [{"key": p.case_id, "root": str(p.out), "package": p.name, **p.runtime}
                    for p in pending]  # fmt: skip
            job_file = workdir / f"imports-{index}.json"
            results = workdir / f"imports-{index}.jsonl"
            job_file.write_text(json.dumps(jobs), encoding="utf-8")
            results.write_text("", encoding="utf-8")
            cmd = [sys.executable, str(HOSTILE_DIR / "importcheck.py"), str(job_file),
                   str(results), str(workdir / f"cwd-{index}")]  # fmt: skip
            proc = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=600)
            pending = _collect_imports(pending, results, proc)


def _collect_imports(
    pending: list[Package], results: Path, proc: subprocess.CompletedProcess[str]
) -> list[Package]:
    """Record results; return the packages still to run after a crash (the crasher excluded)."""
    by_key = {p.case_id: p for p in pending}
    done: set[str] = set()
    started: str | None = None
    for line in results.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if "start" in record:
            started = record["start"]
            continue
        by_key[record["key"]].problems += record["problems"]
        done.add(record["key"])
    if started is None or started in done:
        if proc.returncode != 0 and len(done) < len(pending):
            for pkg in pending:
                pkg.problems.append(f"import check failed: {proc.stderr[-500:]}")
        return []
    by_key[started].problems.append(
        f"importing it ended the interpreter (status {proc.returncode}): {proc.stderr[-500:]}"
    )
    done.add(started)
    return [p for p in pending if p.case_id not in done]

"""Checks on the code a case generated: static ones here, imports and mypy in batches.

Static (per case, in process): every module compiles, ``pyproject.toml`` parses with
``tomllib``, the package name is an identifier, and every path is portable (no Windows
device names, no name over 100 characters, no two paths that differ only by case).

The import check runs every package at once in one subprocess (``importcheck.py``), side by
side with the one ``mypy --strict`` run of ``typecheck.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomllib

from hostile.cases import HOSTILE_DIR

__all__ = [
    "SPEC_HASH",
    "Package",
    "collision_free",
    "find_packages",
    "import_batch",
    "same_width_tag",
    "static_problems",
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


def same_width_tag(data: bytes) -> bytes:
    """Blank the ``hxNNNN`` title tag with a same-width placeholder (if it is the only one)."""
    tags = {m.group(0).lower() for m in _TAG.finditer(data)}
    if len(tags) != 1 or b"hx9999" in data.lower():
        return data
    return _TAG.sub(lambda m: m.group(0)[:2] + b"9999", data)


SPEC_HASH = re.compile(rb"^# spec sha256: [0-9a-f]{64}$", re.MULTILINE)
_COMPILED: dict[bytes, str | None] = {}


def _compile_error(path: Path) -> str | None:
    """Why the module does not compile, or None; cached by text up to the title tag."""
    key = SPEC_HASH.sub(b"# spec sha256: -", same_width_tag(path.read_bytes()))
    if key not in _COMPILED:
        try:
            compile(key, str(path), "exec", dont_inherit=True)
            _COMPILED[key] = None
        except (SyntaxError, ValueError) as exc:
            _COMPILED[key] = str(exc)
    return _COMPILED[key]


def collision_free(packages: list[Package]) -> list[list[Package]]:
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


#: Seconds one import-check process may run before it is stopped (each import has its own
#: 30 s alarm inside; this only catches an interpreter that no longer answers at all).
_IMPORT_BATCH_LIMIT = 600.0


def import_batch(packages: list[Package], workdir: Path) -> float:
    """Import and exercise every package (``importcheck.py``); a crash costs one package.

    Returns the CPU seconds the check took.
    """
    cpu = 0.0
    for index, group in enumerate(collision_free(packages)):
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
            proc = subprocess.Popen(cmd, cwd=workdir, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, text=True)  # fmt: skip
            assert proc.stderr is not None
            watchdog = threading.Timer(_IMPORT_BATCH_LIMIT, proc.kill)
            watchdog.start()
            stderr = proc.stderr.read()
            _, status, usage = os.wait4(proc.pid, 0)
            watchdog.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu += usage.ru_utime + usage.ru_stime
            pending = _collect_imports(pending, results, proc.returncode, stderr)
    return cpu


def _collect_imports(
    pending: list[Package], results: Path, status: int, stderr: str
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
        if status != 0 and len(done) < len(pending):
            for pkg in pending:
                pkg.problems.append(f"import check failed: {stderr[-500:]}")
        return []
    by_key[started].problems.append(
        f"importing it ended the interpreter (status {status}): {stderr[-500:]}"
    )
    done.add(started)
    return [p for p in pending if p.case_id not in done]

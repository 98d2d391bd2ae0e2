"""Vet one spec of a corpus: generate it, count its operations, import it, type-check it.

:func:`check_spec` runs ``python -m generator`` on a spec in a subprocess and judges the run:

- **generated**: exit 0, every operation of the spec has a method, every module imports in a
  clean interpreter and ``mypy --strict`` finds nothing;
- **refused**: exit 2 with at least one ``error:`` line. That is an acceptable outcome for a
  spec that is really unusable, so long as every problem names its node;

and the generated code must also pass ``ruff check`` with the rules ``make lint`` applies to
``generated/``;

and in both cases every ``warning:``/``error:`` line must carry a JSON pointer, which may be
the bare ``#`` only for the problems that concern the document as a whole (:data:`ROOT_CODES`).
Anything else (another exit status, a traceback, a timeout) fails.

The work happens in subprocesses, so a thread pool is enough to run several specs at once.
``mypy_cache`` lets consecutive checks share mypy's cache of the standard library and httpx
(a cache must not be used by two checks at the same time).
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import unquote

import yaml

__all__ = [
    "REPO_ROOT",
    "ROOT_CODES",
    "SpecResult",
    "check_spec",
    "count_generated_operations",
    "count_spec_operations",
    "unpointed_problems",
]

REPO_ROOT = Path(__file__).resolve().parents[1]

HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})

GENERATE_TIMEOUT = 180.0
IMPORT_TIMEOUT = 120.0
MYPY_TIMEOUT = 900.0

#: How many diagnostic lines of one step are kept in :attr:`SpecResult.details`.
DETAIL_LINES = 25

#: Problems about the document as a whole (it cannot be read, parsed, or lacks a top-level
#: field): the only ones that may be reported at the bare ``#``.
ROOT_CODES = frozenset({"E-READ", "E-PARSE", "E-YAML", "E-DEPTH", "E-SIZE", "E-SPEC"})

# ``file.yml: warning: #/pointer: message [CODE]``; the file prefix is missing on a few lines.
_PROBLEM_RE = re.compile(r"^(?:\S+: )?(?P<level>warning|error): (?P<rest>.*)$")
_CODE_RE = re.compile(r" \[(?P<code>[EW]-[A-Z0-9-]+)\]$")
_MYPY_ERROR_RE = re.compile(r"^[^:\s][^:]*:\d+(?::\d+)?: error: ")

# Run in a subprocess by the import check: argv = [package]; prints a JSON report on stdout.
_IMPORT_SCRIPT = """\
import importlib, json, pkgutil, sys, traceback

def last_lines(text, n=8):
    return "".join(text.splitlines(keepends=True)[-n:])

name = sys.argv[1]
failures = []
modules = [name]
def on_error(module):
    failures.append({"module": module, "error": last_lines(traceback.format_exc())})
try:
    package = importlib.import_module(name)
except BaseException:
    on_error(name)
else:
    for info in pkgutil.walk_packages(package.__path__, name + ".", onerror=on_error):
        modules.append(info.name)
    for module in modules[1:]:
        try:
            importlib.import_module(module)
        except BaseException:
            on_error(module)
print(json.dumps({"modules": modules, "failures": failures}))
"""


@dataclass(frozen=True)
class SpecResult:
    """What :func:`check_spec` found for one spec.

    ``None`` in a count means that step could not run (or timed out); that is a failure too,
    except after a refusal, which ends the check.
    """

    spec: str
    exit_code: int | None
    corpus: str = ""
    warnings: int = 0
    errors: int = 0
    #: Problem lines without a pointer, or at ``#`` while not about the whole document.
    unpointed: tuple[str, ...] = ()
    traceback: bool = False
    ops_in_spec: int | None = None
    ops_generated: int | None = None
    package: str | None = None
    modules: int | None = None
    import_failures: tuple[str, ...] = ()
    mypy_errors: int | None = None
    mypy_exit: int | None = None
    #: ``ruff check`` findings with the rules ``make lint`` applies to ``generated/``.
    ruff_findings: int | None = None
    seconds: float = 0.0
    #: Diagnostics worth reading when the spec fails: generator stderr, tracebacks, mypy errors.
    details: tuple[str, ...] = field(default=(), repr=False)

    @property
    def refused(self) -> bool:
        """The generator refused the spec (exit 2, with errors) and wrote nothing to check."""
        return self.exit_code == 2 and self.errors > 0

    @property
    def failures(self) -> list[str]:
        """Why the spec fails, one short reason each; empty when it passes."""
        reasons: list[str] = []
        if self.unpointed:
            reasons.append(f"{len(self.unpointed)} problem(s) not at their node")
        if self.traceback:
            reasons.append("traceback")
        if self.refused:
            return reasons
        if self.exit_code != 0:
            reasons.append(
                "generator timed out" if self.exit_code is None else f"exit {self.exit_code}"
            )
            return reasons
        if self.ops_in_spec is None:
            reasons.append("spec operations could not be counted")
        if self.ops_generated is None:
            reasons.append("generated operations could not be counted")
        elif self.ops_in_spec is not None and self.ops_generated != self.ops_in_spec:
            reasons.append(f"{self.ops_generated}/{self.ops_in_spec} operations generated")
        if self.modules is None:
            reasons.append("import check did not run")
        elif self.import_failures:
            reasons.append(f"{len(self.import_failures)} module(s) fail to import")
        if self.mypy_errors is None:
            reasons.append("mypy did not run")
        elif self.mypy_errors:
            reasons.append(f"{self.mypy_errors} mypy error(s)")
        elif self.mypy_exit != 0:
            reasons.append(f"mypy exit {self.mypy_exit}")
        if self.ruff_findings is None:
            reasons.append("ruff did not run")
        elif self.ruff_findings:
            reasons.append(f"{self.ruff_findings} ruff finding(s)")
        return reasons

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def outcome(self) -> str:
        """``generated``, ``refused`` (with every problem at its node) or ``FAIL``."""
        if not self.passed:
            return "FAIL"
        return "refused" if self.refused else "generated"


# --------------------------------------------------------------------------- spec side


def _load_document(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # a safe loader


def _resolve_pointer(document: Any, fragment: str) -> Any:
    """The node at JSON pointer ``fragment`` (``/a/b``, already without ``#``)."""
    node = document
    for raw in fragment.split("/")[1:] if fragment else []:
        token = unquote(raw).replace("~1", "/").replace("~0", "~")
        node = node[int(token)] if isinstance(node, list) else node[token]
    return node


class _Documents:
    """Loads each referenced file once, to follow ``$ref`` across files."""

    def __init__(self) -> None:
        self._cache: dict[Path, Any] = {}

    def get(self, path: Path) -> Any:
        path = path.resolve()
        if path not in self._cache:
            self._cache[path] = _load_document(path)
        return self._cache[path]

    def follow(self, node: Any, base: Path) -> tuple[Any, Path]:
        """Follow ``node``'s ``$ref`` chain; returns the target and the file it lives in."""
        seen: set[tuple[Path, str]] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            target, _, fragment = ref.partition("#")
            file = (base.parent / target).resolve() if target else base.resolve()
            if (file, fragment) in seen:
                raise ValueError(f"$ref cycle at {ref}")
            seen.add((file, fragment))
            node, base = _resolve_pointer(self.get(file), fragment), file
        return node, base


def count_spec_operations(spec_path: Path) -> int:
    """Every HTTP method of every path item under ``paths`` (path-item ``$ref`` followed)."""
    documents = _Documents()
    spec = documents.get(spec_path)
    paths = spec.get("paths") if isinstance(spec, dict) else None
    total = 0
    for item in (paths or {}).values():
        resolved, _ = documents.follow(item, spec_path)
        if isinstance(resolved, dict):
            total += sum(1 for key in resolved if str(key).lower() in HTTP_METHODS)
    return total


def unpointed_problems(stderr: str) -> list[str]:
    """The ``warning:``/``error:`` lines of generator output that do not point at their node.

    A problem points at its node when its location holds a JSON pointer (``#/paths/...``,
    or ``codegen.yaml#/...`` for the config). The bare ``#`` is accepted only for the codes
    of :data:`ROOT_CODES`: "the validator could not process the document" at ``#`` is the
    kind of message this rules out.
    """
    bad: list[str] = []
    for line in stderr.splitlines():
        match = _PROBLEM_RE.match(line)
        if match is None:
            continue
        location, _, _ = match["rest"].partition(": ")
        code = _CODE_RE.search(line)
        at_root = location.endswith("#") and (code is None or code["code"] not in ROOT_CODES)
        if "#" not in location or at_root:
            bad.append(line)
    return bad


# --------------------------------------------------------------------------- generated side


def _is_operation(node: ast.stmt) -> TypeGuard[ast.FunctionDef]:
    """A public, plain sync method that is not a property, overload stub or ``__init__``."""
    if not isinstance(node, ast.FunctionDef):  # ``async def`` lives in the Async classes
        return False
    if node.name.startswith("_") or node.name == "with_raw_response":
        return False
    decorators = {
        d.attr if isinstance(d, ast.Attribute) else getattr(d, "id", "")
        for d in node.decorator_list
    }
    return not decorators & {"property", "overload", "staticmethod", "classmethod"}


def count_generated_operations(package_dir: Path) -> tuple[int, list[str]]:
    """Operation methods of the sync resource classes, and notes on anything odd.

    A resource is a class ``XxxResource`` in ``resources/*.py`` (``AsyncXxxResource`` and
    ``XxxResourceWithRawResponse`` repeat the same operations). A name defined twice in one
    class counts once, since only the last definition is reachable; it is reported in the notes.
    """
    total = 0
    notes: list[str] = []
    for module in sorted((package_dir / "resources").glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"), filename=str(module))
        for cls in tree.body:
            if not (
                isinstance(cls, ast.ClassDef)
                and cls.name.endswith("Resource")
                and not cls.name.startswith("Async")
            ):
                continue
            names = [node.name for node in cls.body if _is_operation(node)]
            for dup in sorted({n for n in names if names.count(n) > 1}):
                notes.append(f"{module.name}: {cls.name}.{dup} is defined {names.count(dup)} times")
            total += len(set(names))
    return total, notes


def _find_package(out: Path) -> Path | None:
    """The one package folder the generator wrote into ``out``."""
    found = [p for p in sorted(out.iterdir()) if p.is_dir() and (p / "__init__.py").is_file()]
    return found[0] if len(found) == 1 else None


# --------------------------------------------------------------------------- subprocesses


def _clean_env() -> dict[str, str]:
    """The environment without variables that would change what is imported or checked."""
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "MYPYPATH"}}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def _run(args: Sequence[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str] | None:
    """Run ``args``; ``None`` when it times out (the child is killed)."""
    try:
        return subprocess.run(
            list(args),
            cwd=cwd,
            env=_clean_env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return None


def _tail(text: str, limit: int = DETAIL_LINES) -> list[str]:
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], f"... ({len(lines) - limit} more lines)"]


# --------------------------------------------------------------------------- one spec


def check_spec(
    path: Path, workdir: Path, *, corpus: str = "", mypy_cache: Path | None = None
) -> SpecResult:
    """Generate ``path`` into ``workdir`` (a fresh or empty folder) and vet the result."""
    started = time.monotonic()
    workdir.mkdir(parents=True, exist_ok=True)
    details: list[str] = []
    result: dict[str, Any] = {"spec": path.name, "corpus": corpus}

    def done() -> SpecResult:
        return SpecResult(seconds=time.monotonic() - started, details=tuple(details), **result)

    try:
        result["ops_in_spec"] = count_spec_operations(path)
    except Exception as exc:  # a spec this script cannot read is still worth generating
        details.append(f"counting spec operations: {type(exc).__name__}: {exc}")

    _generate(path, workdir, result, details)
    if result["exit_code"] != 0:
        return done()
    package_dir = _find_package(workdir)
    if package_dir is None:
        details.append("no single package folder was generated")
        return done()
    result["package"] = package_dir.name
    try:
        result["ops_generated"], notes = count_generated_operations(package_dir)
        details += notes
    except (OSError, SyntaxError) as exc:
        details.append(f"counting generated operations: {type(exc).__name__}: {exc}")
    _check_imports(package_dir, result, details)
    _check_types(package_dir, mypy_cache, result, details)
    _check_style(package_dir, result, details)
    return done()


def _generate(path: Path, workdir: Path, result: dict[str, Any], details: list[str]) -> None:
    """Steps 1-2: run the generator; count its problems and check where they point."""
    proc = _run(
        [sys.executable, "-m", "generator", "--spec", str(path), "--out", str(workdir)],
        cwd=REPO_ROOT,
        timeout=GENERATE_TIMEOUT,
    )
    result["exit_code"] = proc.returncode if proc else None
    if proc is None:
        details.append(f"generator: timed out after {GENERATE_TIMEOUT:.0f}s")
        return
    levels = [m["level"] for m in map(_PROBLEM_RE.match, proc.stderr.splitlines()) if m]
    result["warnings"] = levels.count("warning")
    result["errors"] = levels.count("error")
    result["unpointed"] = tuple(unpointed_problems(proc.stderr))
    result["traceback"] = "Traceback (most recent call last)" in proc.stderr
    details += [f"not at its node: {line}" for line in result["unpointed"][:DETAIL_LINES]]
    if proc.returncode != 0 or result["traceback"]:
        details += [f"generator: {line}" for line in _tail(proc.stderr)]


def _check_imports(package_dir: Path, result: dict[str, Any], details: list[str]) -> None:
    """Step 4: import the package and every module under it in an isolated interpreter.

    ``-I``: no cwd, PYTHONPATH or user site on ``sys.path``; ``-B``: no ``__pycache__`` left
    in the output.
    """
    workdir = package_dir.parent
    bootstrap = f"import sys; sys.path.insert(0, {str(workdir)!r})\n"
    proc = _run(
        [sys.executable, "-I", "-B", "-c", bootstrap + _IMPORT_SCRIPT, package_dir.name],
        cwd=workdir,
        timeout=IMPORT_TIMEOUT,
    )
    if proc is None:
        details.append(f"imports: timed out after {IMPORT_TIMEOUT:.0f}s")
        return
    try:
        report = json.loads(proc.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        details += [f"imports: {line}" for line in _tail(proc.stderr or proc.stdout)]
        return
    result["modules"] = len(report["modules"])
    failures = tuple(f"{f['module']}: {f['error'].strip()}" for f in report["failures"])
    result["import_failures"] = failures
    details += [f"import {failure}" for failure in failures]


def _check_types(
    package_dir: Path, cache: Path | None, result: dict[str, Any], details: list[str]
) -> None:
    """Step 5: ``mypy --strict``; ``--config-file=`` keeps any config around the folder out."""
    args = [sys.executable, "-m", "mypy", "--strict", "--config-file="]
    if cache is not None:
        args.append(f"--cache-dir={cache}")
    proc = _run([*args, package_dir.name], cwd=package_dir.parent, timeout=MYPY_TIMEOUT)
    if proc is None:
        details.append(f"mypy: timed out after {MYPY_TIMEOUT:.0f}s")
        return
    errors = [line for line in proc.stdout.splitlines() if _MYPY_ERROR_RE.match(line)]
    result["mypy_errors"] = len(errors)
    result["mypy_exit"] = proc.returncode
    if errors:
        details += [f"mypy: {line}" for line in _tail("\n".join(errors))]
    elif proc.returncode != 0:
        details += [f"mypy: {line}" for line in _tail(proc.stdout + proc.stderr)]


#: The rules ``make lint`` holds ``generated/`` to (``[tool.ruff]`` in ``pyproject.toml``).
RUFF_RULES = ["--select=E,F,I,UP,B,SIM", "--line-length=100", "--target-version=py310"]


def _check_style(package_dir: Path, result: dict[str, Any], details: list[str]) -> None:
    """Step 6: ``ruff check`` with the project's rules (``--isolated``: no other config)."""
    args = [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", *RUFF_RULES]
    proc = _run([*args, "--output-format=concise", package_dir.name], package_dir.parent, 120)
    if proc is None or proc.returncode not in (0, 1):
        details.append("ruff: " + ("timed out" if proc is None else proc.stderr.strip()[-300:]))
        return
    findings = [line for line in proc.stdout.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]
    result["ruff_findings"] = len(findings)
    details += [f"ruff: {line}" for line in findings[:DETAIL_LINES]]

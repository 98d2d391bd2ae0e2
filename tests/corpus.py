"""Generality check: generate a client for every spec in ``../shared/corpus`` and vet it.

Run from the repository root::

    .venv/bin/python -m tests.corpus [--only NAME ...] [--jobs N] [--keep DIR]

For each spec, in a fresh folder, this

1. runs the generator (``python -m generator --spec SPEC --out DIR``) in a subprocess,
2. records its exit status and counts the ``warning:`` / ``error:`` lines on its stderr,
3. counts the operations of the spec (every HTTP method of every path item under ``paths``,
   following path-item ``$ref``; webhooks are not operations) and the operations generated
   (the public methods of the sync ``XxxResource`` classes in ``resources/*.py``),
4. imports the package and every module under it in a clean subprocess,
5. runs ``mypy --strict`` on the package and counts its ``error:`` lines,

then prints a Markdown table, the reasons and diagnostics of every failure, and a summary
line. The exit status is 1 when any spec fails, 2 on a usage error.

A spec passes when the generator exits 0, every operation of the spec has a method, every
module imports and mypy finds nothing. :func:`check_spec` runs one spec and is what the
pytest suite (``tests/test_corpus.py``) calls.

The work of each spec happens in subprocesses (generator, import check, mypy), so a small
thread pool is enough to run specs in parallel.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard
from urllib.parse import unquote

import yaml

__all__ = [
    "CORPUS_DIR",
    "REPO_ROOT",
    "SpecResult",
    "check_spec",
    "corpus_specs",
    "count_generated_operations",
    "count_spec_operations",
    "main",
    "render_report",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = Path(__file__).resolve().parents[2] / "shared" / "corpus"

SPEC_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})

GENERATE_TIMEOUT = 180.0
IMPORT_TIMEOUT = 120.0
MYPY_TIMEOUT = 900.0

#: How many diagnostic lines of one step are kept in :attr:`SpecResult.details`.
DETAIL_LINES = 25

# ``file.yml: warning: #/pointer: message``; the file prefix is missing on a few top-level errors.
_PROBLEM_RE = re.compile(r"^(?:\S+: )?(?P<level>warning|error): ")
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

    ``None`` in a count means that step could not run (or timed out); that is a failure too.
    """

    spec: str
    exit_code: int | None
    warnings: int = 0
    errors: int = 0
    ops_in_spec: int | None = None
    ops_generated: int | None = None
    package: str | None = None
    modules: int | None = None
    import_failures: tuple[str, ...] = ()
    mypy_errors: int | None = None
    mypy_exit: int | None = None
    seconds: float = 0.0
    #: Diagnostics worth reading when the spec fails: generator stderr, tracebacks, mypy errors.
    details: tuple[str, ...] = field(default=(), repr=False)

    @property
    def failures(self) -> list[str]:
        """Why the spec fails, one short reason each; empty when it passes."""
        reasons: list[str] = []
        if self.exit_code != 0:
            reasons.append(
                "generator timed out" if self.exit_code is None else f"exit {self.exit_code}"
            )
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
        return reasons

    @property
    def passed(self) -> bool:
        return not self.failures


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


def check_spec(path: Path, workdir: Path) -> SpecResult:
    """Generate ``path`` into ``workdir`` (a fresh or empty folder) and vet the result."""
    started = time.monotonic()
    workdir.mkdir(parents=True, exist_ok=True)
    details: list[str] = []
    result: dict[str, Any] = {"spec": path.name}

    try:
        result["ops_in_spec"] = count_spec_operations(path)
    except Exception as exc:  # a spec this script cannot read is still worth generating
        details.append(f"counting spec operations: {type(exc).__name__}: {exc}")

    # 1-2. generate
    proc = _run(
        [sys.executable, "-m", "generator", "--spec", str(path), "--out", str(workdir)],
        cwd=REPO_ROOT,
        timeout=GENERATE_TIMEOUT,
    )
    result["exit_code"] = proc.returncode if proc else None
    if proc is None:
        details.append(f"generator: timed out after {GENERATE_TIMEOUT:.0f}s")
    else:
        levels = [m["level"] for m in map(_PROBLEM_RE.match, proc.stderr.splitlines()) if m]
        result["warnings"] = levels.count("warning")
        result["errors"] = levels.count("error")
        if proc.returncode != 0:
            details += [f"generator: {line}" for line in _tail(proc.stderr)]

    package_dir = _find_package(workdir)
    if package_dir is None:
        details.append("no single package folder was generated")
        return SpecResult(seconds=time.monotonic() - started, details=tuple(details), **result)
    result["package"] = package_dir.name

    # 3. operations generated
    try:
        result["ops_generated"], notes = count_generated_operations(package_dir)
        details += notes
    except (OSError, SyntaxError) as exc:
        details.append(f"counting generated operations: {type(exc).__name__}: {exc}")

    # 4. imports, in an isolated interpreter (-I: no cwd, PYTHONPATH or user site on sys.path;
    # -B: no __pycache__ left in the output)
    bootstrap = f"import sys; sys.path.insert(0, {str(workdir)!r})\n"
    proc = _run(
        [sys.executable, "-I", "-B", "-c", bootstrap + _IMPORT_SCRIPT, package_dir.name],
        cwd=workdir,
        timeout=IMPORT_TIMEOUT,
    )
    if proc is None:
        details.append(f"imports: timed out after {IMPORT_TIMEOUT:.0f}s")
    else:
        try:
            report = json.loads(proc.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            details += [f"imports: {line}" for line in _tail(proc.stderr or proc.stdout)]
        else:
            result["modules"] = len(report["modules"])
            failures = tuple(f"{f['module']}: {f['error'].strip()}" for f in report["failures"])
            result["import_failures"] = failures
            details += [f"import {failure}" for failure in failures]

    # 5. mypy --strict; --config-file= keeps any config around the temp folder out of it
    proc = _run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file=", package_dir.name],
        cwd=workdir,
        timeout=MYPY_TIMEOUT,
    )
    if proc is None:
        details.append(f"mypy: timed out after {MYPY_TIMEOUT:.0f}s")
    else:
        errors = [line for line in proc.stdout.splitlines() if _MYPY_ERROR_RE.match(line)]
        result["mypy_errors"] = len(errors)
        result["mypy_exit"] = proc.returncode
        if errors:
            details += [f"mypy: {line}" for line in _tail("\n".join(errors))]
        elif proc.returncode != 0:
            details += [f"mypy: {line}" for line in _tail(proc.stdout + proc.stderr)]

    return SpecResult(seconds=time.monotonic() - started, details=tuple(details), **result)


# --------------------------------------------------------------------------- the corpus


def corpus_specs(corpus: Path = CORPUS_DIR) -> list[Path]:
    """The spec files of the corpus, by name."""
    return sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix in SPEC_SUFFIXES)


def _select(specs: list[Path], only: Iterable[str]) -> list[Path]:
    """The specs named in ``only`` (file name or stem); raises ``KeyError`` for unknown names."""
    wanted = list(only)
    if not wanted:
        return specs
    by_name = {p.name: p for p in specs} | {p.stem: p for p in specs}
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        raise KeyError(", ".join(unknown))
    return sorted({by_name[name] for name in wanted})


def _check_in_temp(path: Path, keep: Path | None) -> SpecResult:
    if keep is not None:
        workdir = keep / path.stem
        if workdir.exists():
            raise FileExistsError(f"{workdir} exists; --keep needs a fresh folder")
        return check_spec(path, workdir)
    with tempfile.TemporaryDirectory(prefix=f"corpus-{path.stem}-") as tmp:
        return check_spec(path, Path(tmp))


def _bold_if(text: str, failed: bool) -> str:
    return f"**{text}**" if failed else text


def _row(r: SpecResult) -> str:
    exit_cell = _bold_if("timeout" if r.exit_code is None else str(r.exit_code), r.exit_code != 0)
    warn_cell = str(r.warnings) + (f" (+{r.errors} errors)" if r.errors else "")
    ops_ok = r.ops_generated is not None and r.ops_generated == r.ops_in_spec
    ops_cell = _bold_if(
        f"{'?' if r.ops_generated is None else r.ops_generated}/"
        f"{'?' if r.ops_in_spec is None else r.ops_in_spec}",
        not ops_ok,
    )
    if r.modules is None:
        imports_cell = "**not run**"
    elif r.package is not None and r.modules == 1 and r.import_failures:
        imports_cell = "**package fails**"
    elif r.import_failures:
        imports_cell = f"**{len(r.import_failures)} of {r.modules} fail**"
    else:
        imports_cell = f"ok ({r.modules})"
    if r.mypy_errors is None:
        mypy_cell = "**not run**"
    elif r.mypy_errors == 0 and r.mypy_exit != 0:
        mypy_cell = f"**exit {r.mypy_exit}**"
    else:
        mypy_cell = _bold_if(str(r.mypy_errors), r.mypy_errors > 0)
    cells = [r.spec, exit_cell, warn_cell, ops_cell, imports_cell, mypy_cell]
    return "| " + " | ".join(cells) + " |"


def render_report(results: Sequence[SpecResult], seconds: float | None = None) -> str:
    """The Markdown table, the failure details and a summary line."""
    lines = [
        "| spec | exit | warnings | ops generated/in spec | imports | mypy errors |",
        "|---|---:|---:|---:|---|---:|",
        *(_row(r) for r in results),
    ]
    failed = [r for r in results if not r.passed]
    if failed:
        lines += ["", "## Failures"]
        for r in failed:
            lines += ["", f"### {r.spec}: {'; '.join(r.failures)}", "", "```"]
            lines += list(r.details) or ["(no diagnostics)"]
            lines.append("```")
    took = f" in {seconds:.0f}s" if seconds is not None else ""
    summary = f"{len(results) - len(failed)}/{len(results)} specs passed{took}"
    if failed:
        summary += f"; failed: {', '.join(r.spec for r in failed)}"
    lines += ["", summary]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tests.corpus", description=(__doc__ or "").split("\n")[0]
    )
    p.add_argument(
        "--only",
        nargs="+",
        action="extend",
        default=[],
        metavar="NAME",
        help="check only these specs (file name or stem)",
    )
    p.add_argument("--jobs", type=int, default=2, help="specs checked in parallel (default 2)")
    p.add_argument("--keep", type=Path, help="generate into DIR/<spec stem> and keep the output")
    p.add_argument("--corpus", type=Path, default=CORPUS_DIR, help=argparse.SUPPRESS)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    if not args.corpus.is_dir():
        print(f"error: no corpus folder at {args.corpus}", file=sys.stderr)
        return 2
    specs = corpus_specs(args.corpus)
    try:
        specs = _select(specs, args.only)
    except KeyError as exc:
        names = ", ".join(p.name for p in specs)
        print(f"error: unknown spec(s): {exc.args[0]}; the corpus has: {names}", file=sys.stderr)
        return 2
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    results: dict[Path, SpecResult] = {}
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(_check_in_temp, spec, args.keep): spec for spec in specs}
        for done, future in enumerate(as_completed(futures), start=1):
            spec = futures[future]
            result = results[spec] = future.result()
            verdict = "pass" if result.passed else "FAIL: " + "; ".join(result.failures)
            print(
                f"[{done}/{len(specs)}] {spec.name}: {verdict} ({result.seconds:.1f}s)",
                file=sys.stderr,
                flush=True,
            )
    ordered = [results[spec] for spec in specs]
    print(render_report(ordered, time.monotonic() - started))
    return 0 if all(r.passed for r in ordered) else 1


if __name__ == "__main__":
    sys.exit(main())

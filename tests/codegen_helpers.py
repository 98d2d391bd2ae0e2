"""Generate a small client from an inline spec dict, in-process, and import it.

The pipeline is the one ``python -m generator`` runs (``generator.pipeline.generate``):
check the references, validate, build the intermediate model and render; then format and
write. The result is
imported from a fresh folder under ``tmp_path``; every call must use its own package name, so
two tests (or two generations in one test) never see each other's modules.

Usage::

    from codegen_helpers import generate, generate_client

    pkg = generate(spec, tmp_path, "enums_basic")          # the imported package
    gen = generate_client(spec, tmp_path, "enums_warn")     # package + problems + sources
    assert gen.warnings_at("#/components/schemas/Foo")
"""

from __future__ import annotations

import atexit
import importlib
import json
import shutil
import subprocess
import sys
import tempfile
import types
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import pipeline
from generator.config import load_config
from generator.format import format_source, formatter_id
from generator.model import Api
from generator.problems import Problem, Problems
from generator.write import sync_tree

__all__ = [
    "Generated",
    "SpecRejected",
    "assert_mypy_clean",
    "build_model",
    "generate",
    "generate_client",
    "run_mypy",
    "run_mypy_on",
    "spec_31",
]

_USED: set[str] = set()
_MYPY_CACHE: list[Path] = []  # one cache for the session: stdlib and httpx are checked once


class SpecRejected(AssertionError):
    """The generator refused the spec (an error-level problem); carries every problem."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Generated:
    """One generated client: the imported package and everything that led to it."""

    module: types.ModuleType
    package: str
    out: Path  # the folder that holds the package (added to sys.path)
    api: Api
    problems: Problems
    files: dict[str, str]  # relative path -> rendered body (unformatted, without the header)

    @property
    def models(self) -> types.ModuleType:
        return importlib.import_module(f"{self.package}.models")

    def submodule(self, dotted: str) -> types.ModuleType:
        """``gen.submodule("resources.pets")`` imports ``<package>.resources.pets``."""
        return importlib.import_module(f"{self.package}.{dotted}")

    def source(self, rel: str) -> str:
        """The formatted text of a generated file, relative to the package folder."""
        return (self.out / self.package / rel).read_text(encoding="utf-8")

    def sources(self) -> dict[str, str]:
        """Every generated ``.py`` file of the package, relative path -> formatted text."""
        root = self.out / self.package
        return {
            p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*.py"))
        }

    @property
    def warnings(self) -> list[Problem]:
        return self.problems.warnings

    def warnings_at(self, pointer: str) -> list[Problem]:
        """Warnings whose JSON pointer is ``pointer`` or lies under it."""
        return [
            p
            for p in self.problems.warnings
            if p.pointer == pointer or p.pointer.startswith(pointer.rstrip("/") + "/")
        ]


def spec_31(
    schemas: dict[str, Any] | None = None,
    paths: dict[str, Any] | None = None,
    *,
    openapi: str = "3.1.0",
    **extra: Any,
) -> dict[str, Any]:
    """A minimal valid document around some component schemas and/or paths."""
    spec: dict[str, Any] = {
        "openapi": openapi,
        "info": {"title": "Construct test", "version": "1.0.0"},
        "paths": paths or {},
    }
    if schemas is not None:
        spec["components"] = {"schemas": schemas}
    spec.update(extra)
    return spec


def build_model(spec: dict[str, Any], package: str = "p") -> tuple[Api, Problems]:
    """Only the intermediate model (no rendering, no import): cheap, for checking names."""
    problems = Problems()
    result = pipeline.generate(
        _spec_bytes(spec),
        load_config(None, problems),
        spec_name="spec.json",
        package=package,
        problems=problems,
        validate=False,
        render_files=False,
    )
    assert result.api is not None, "\n".join(str(p) for p in problems)
    return result.api, problems


def _spec_bytes(spec: dict[str, Any]) -> bytes:
    return json.dumps(spec, indent=1).encode("utf-8")


def generate_client(
    spec: dict[str, Any], tmp_path: Path, package: str, *, validate: bool = True
) -> Generated:
    """Run the whole pipeline on ``spec`` and import the result as ``package``.

    Raises :class:`SpecRejected` when the generator reports an error (as the CLI would exit 2).
    """
    if not package.isidentifier() or package in _USED or package in sys.modules:
        raise ValueError(f"package name {package!r} is not a fresh identifier: pick another")
    _USED.add(package)
    problems = Problems()
    workdir = tmp_path / f"gen_{package}"
    workdir.mkdir(parents=True, exist_ok=False)
    spec_file = workdir / "spec.json"
    spec_file.write_bytes(_spec_bytes(spec))
    result = pipeline.generate(
        spec_file.read_bytes(),
        load_config(None, problems),
        spec_name=spec_file.name,
        package=package,
        problems=problems,
        validate=validate,
    )
    if result.api is None or problems.errors:
        raise SpecRejected(problems)
    out = workdir / "out"
    sync_tree(out, result.files, formatter_id(), format_source, check=False)
    if str(out) not in sys.path:
        sys.path.insert(0, str(out))
    importlib.invalidate_caches()
    module = importlib.import_module(package)
    files = {k: f.body for k, f in result.files.items()}
    return Generated(module, package, out, result.api, problems, files)


def generate(spec: dict[str, Any], tmp_path: Path, package: str) -> types.ModuleType:
    """Generate ``spec`` as ``package`` under ``tmp_path`` and return the imported package."""
    return generate_client(spec, tmp_path, package).module


def run_mypy(
    gen: Generated, *extra: str, timeout: float = 600.0
) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on the generated package (seconds: use sparingly).

    Returns the finished process; ``returncode == 0`` means mypy found nothing.
    """
    return run_mypy_on(gen.out, gen.package, *extra, timeout=timeout)


def run_mypy_on(
    folder: Path, package: str, *extra: str, timeout: float = 600.0
) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on ``package``, found in ``folder``."""
    cmd = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--python-version",
        "3.11",
        "--no-error-summary",
        "--show-error-codes",
        "--cache-dir",
        str(_mypy_cache()),
        "--config-file",
        "",  # ignore the repository's and the generated package's settings
        "-p",
        package,
        *extra,
    ]
    return subprocess.run(
        cmd, cwd=folder, capture_output=True, text=True, timeout=timeout, check=False
    )


def _mypy_cache() -> Path:
    if not _MYPY_CACHE:
        path = Path(tempfile.mkdtemp(prefix="codegen-tests-mypy-"))
        atexit.register(shutil.rmtree, path, ignore_errors=True)
        _MYPY_CACHE.append(path)
    return _MYPY_CACHE[0]


def assert_mypy_clean(gen: Generated) -> None:
    """Fail with mypy's own report unless ``mypy --strict`` accepts the generated package."""
    result = run_mypy(gen)
    report = (result.stdout + result.stderr).strip()
    assert result.returncode == 0, f"mypy --strict on {gen.package}:\n{report}"

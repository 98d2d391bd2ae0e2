"""``python -m generator``: spec in, client package out (or, with ``--check``, a drift report).

Exit status:

- 0: done, or (``--check``) in sync;
- 1: ``--check`` found drift, or ``--strict`` found warnings;
- 2: the spec or config is invalid, or the output folder cannot be used as asked (it is a
  file, a system or parent folder, holds files the generator did not write where it would
  write, or holds generated files edited by hand and ``--force`` was not given);
- 3: internal error: the rendered code does not parse. That is a bug in the generator or
  its templates, never in the spec: please report it with the spec.

Every problem of a run is reported together, each with its level and the JSON pointer of
the node it concerns. Nothing is written before every check has passed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.cache import Cache, default_cache_dir
from generator.fingerprint import fingerprint
from generator.format import (
    FormatError,
    format_ahead,
    format_source,
    formatter_id,
    helpers_wanted,
    warm_helpers,
)
from generator.manifest import MANIFEST, read_manifest, unknown_files, up_to_date
from generator.namelock import dump_lock, lock_path
from generator.names import is_identifier
from generator.outdir import OutputError, resolve_out, shown
from generator.problems import Level, Problems
from generator.summary import LockUpdate, print_summary
from generator.write import Plan, apply_plan, plan_tree

if TYPE_CHECKING:
    from generator.config import Config
    from generator.rendered import Rendered

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "spec" / "codegen.yaml"
DEFAULT_TEMPLATES = ROOT / "templates"
_LISTED = 10  # unknown files named in a note before "… and N more"
#: Problems printed before the rest is summarised as "...and N more".
MAX_REPORTED = 200


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description=__doc__.split("\n")[0])
    p.add_argument(
        "--spec", type=Path, help="OpenAPI file (default: the one spec/codegen.yaml names)"
    )
    p.add_argument("--out", type=Path, default=ROOT / "generated", help="output folder")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if out would change")
    p.add_argument(
        "--full-diff", action="store_true", help="with --check: print every diff in full"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="overwrite generated files edited by hand, and write into a folder without a "
        "manifest (files the generator did not write are still never touched)",
    )
    p.add_argument("--templates", type=Path, default=DEFAULT_TEMPLATES, help="templates folder")
    p.add_argument(
        "--config",
        type=Path,
        help="generator config (default: spec/codegen.yaml " "when it is the config of --spec)",
    )
    p.add_argument("--package", help="import package name when no config gives one")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 1)")
    p.add_argument(
        "--allow-external-refs",
        type=Path,
        metavar="DIR",
        help="follow $refs to files under DIR (never URLs); by default only '#/...' refs",
    )
    p.add_argument(
        "--cache-dir",
        type=Path,
        help="where compiled templates and validation results are kept for the next run "
        "(default: $XDG_CACHE_HOME/sendcloud-codegen, else ~/.cache/sendcloud-codegen)",
    )
    p.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems and drift")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a file name need not be valid in any encoding
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except RecursionError:
        print("error: #: the spec nests too deeply to process", file=sys.stderr)
        return 2
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. no permission, or the disk is full
        where = f"{shown(exc.filename)}: " if exc.filename else ""
        print(f"error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except FormatError as exc:
        print(f"internal error (a generator bug, please report it): {exc}", file=sys.stderr)
        return 3


@dataclass
class _Inputs:
    """What one run reads before anything is generated."""

    config: Config
    config_path: Path | None  # the config that belongs to the spec (and so its name lock)
    spec_path: Path
    raw: bytes


def _read_inputs(args: argparse.Namespace, problems: Problems) -> _Inputs | None:
    """The config and the spec's bytes (None, after saying why, when there is no spec)."""
    from generator.config import load_config  # YAML: the quick check does without it
    from generator.load import read_spec

    config_path = args.config
    if config_path is None and DEFAULT_CONFIG.exists():
        config_path = DEFAULT_CONFIG
    config = load_config(config_path, problems)
    spec_path: Path | None = args.spec
    if spec_path is None:
        if not config.spec:
            print("error: no --spec given and spec/codegen.yaml names none", file=sys.stderr)
            return None
        spec_path = (config_path.parent if config_path else ROOT / "spec") / config.spec
    elif args.config is None and config.spec and Path(config.spec).name != spec_path.name:
        config = load_config(None, problems)  # the default config belongs to another spec
    raw = read_spec(spec_path, problems)
    if raw is None:
        _report(problems, spec_path)
        return None
    return _Inputs(config, config_path if config.spec else None, spec_path, raw)


def _run(args: argparse.Namespace) -> int:
    problems = Problems()
    if args.package is not None and not is_identifier(args.package):
        print(
            f"error: --package {args.package!r} is not a valid Python identifier", file=sys.stderr
        )
        return 2
    out = resolve_out(args.out)  # refuses a system or parent folder before anything is read
    fast = not args.strict and args.allow_external_refs is None  # inputs cover only the spec
    quick = _in_sync_as_before(args, out) if fast else None
    if quick is not None:
        return _in_sync(args, out, quick)
    given = _read_inputs(args, problems)
    if given is None:
        return 2
    locked = lock_path(given.config_path)
    inputs = fingerprint(
        given.raw, [given.config_path, locked], args.templates, args.package, given.spec_path.name
    )
    if fast and not problems.errors and up_to_date(out, inputs):
        return _in_sync(args, out, given.spec_path.name)
    return _generate(args, given, out, inputs, locked, problems)


def _in_sync(args: argparse.Namespace, out: Path, spec_name: str) -> int:
    if not args.quiet:
        print(f"{shown(args.out)}: in sync with {shown(spec_name)} (inputs unchanged)")
        _note_unknown(args.out, unknown_files(out))
    return 0


def _in_sync_as_before(args: argparse.Namespace, out: Path) -> str | None:
    """The spec's name when ``out`` is in sync with the inputs of the run that wrote it,
    found without reading the config (so without importing YAML); None to look properly.

    It applies when the config names the spec (no ``--spec``). The manifest names the spec
    file the last run read; if that file beside the config, the config and everything else
    hash to the manifest's ``inputs``, the config is byte for byte the one of that run, so
    it names that same spec, and regenerating would write the same bytes.
    """
    config_path = args.config or (DEFAULT_CONFIG if DEFAULT_CONFIG.exists() else None)
    if args.spec is not None or config_path is None:
        return None
    try:
        manifest, _ = read_manifest(out)
        if manifest is None or not manifest.spec_file or "/" in manifest.spec_file:
            return None
        raw = (config_path.parent / manifest.spec_file).read_bytes()
    except (OutputError, OSError):
        return None
    sources = [config_path, lock_path(config_path)]
    inputs = fingerprint(raw, sources, args.templates, args.package, manifest.spec_file)
    return manifest.spec_file if up_to_date(out, inputs) else None


def _generate(
    args: argparse.Namespace,
    given: _Inputs,
    out: Path,
    inputs: str,
    locked: Path | None,
    problems: Problems,
) -> int:
    # Formatters start now on the other cores, and import black while this process runs
    # the pipeline: one per core for a first generation, one for a regenerate.
    first = not args.check and not (out / MANIFEST).exists()
    with warm_helpers(helpers_wanted(first, len(given.raw))):
        return _run_pipeline(args, given, out, inputs, locked, problems, first)


def _format_ahead(code: dict[str, Rendered]) -> None:
    """A first generation formats all the code: the helpers start on it during validation."""
    format_ahead([(rel, file.body) for rel, file in code.items() if not file.verbatim])


def _run_pipeline(
    args: argparse.Namespace,
    given: _Inputs,
    out: Path,
    inputs: str,
    locked: Path | None,
    problems: Problems,
    first: bool,
) -> int:
    # The pipeline is imported only now: the up-to-date check needs none of its steps.
    from generator.namelock import load_lock
    from generator.pipeline import generate
    from generator.release import read_previous

    result = generate(
        given.raw,
        given.config,
        args.templates,
        spec_name=given.spec_path.name,
        package=args.package,
        problems=problems,
        previous=read_previous(out),
        lock=load_lock(locked, problems),
        allow_external_refs=args.allow_external_refs,
        spec_dir=given.spec_path.parent,
        cache=_cache(args),
        on_code=_format_ahead if first else None,
    )
    _report(problems, given.spec_path)
    if result.api is None or problems.errors:
        return 2
    plan = plan_tree(
        out,
        result.files,
        formatter_id(),
        format_source,
        inputs=inputs,
        spec_file=result.api.spec_file,
        spec_sha256=result.api.spec_sha256,
        force=args.force,
    )
    failing = len(problems.warnings) if args.strict else 0
    lock = LockUpdate.of(locked, dump_lock(result.api.lock))
    if args.check:
        return _check(args, plan, failing, lock)
    status = _write(args, plan, failing, lock)
    if status != 2 and not args.quiet:
        print_summary(result, locked is not None)
    return status


def _cache(args: argparse.Namespace) -> Cache | None:
    if args.no_cache:
        return None
    folder = args.cache_dir or default_cache_dir()
    return Cache(folder) if folder is not None else None


def _refused(lines: list[str]) -> int:
    for line in lines:
        print(f"error: {line}", file=sys.stderr)
    return 2


def _check(args: argparse.Namespace, plan: Plan, failing: int, lock: LockUpdate) -> int:
    """Report what regenerating would do, and write nothing.

    ``failing`` counts the warnings that fail the run under ``--strict``; then the run never
    claims to be in sync, it says what fails instead.
    """
    if plan.refused:
        return _refused(plan.refused)
    if lock.changed:
        print(f"would change: {shown(lock.path or '')} (the names published by this spec)")
    if not plan.in_sync or lock.changed:
        from generator.drift import drift_report  # difflib: only needed when there is drift

        if not plan.in_sync:
            sys.stdout.write(drift_report(shown(args.out), plan.changes, full=args.full_diff))
        for line in plan.blocked:
            print(f"note: {line}")
        if not args.quiet:
            _note_unknown(args.out, plan.unknown)
        print(f"{shown(args.out)} is out of date: run `make regenerate` and commit the result.")
        return 1
    if failing:
        print(
            f"{shown(args.out)}: regenerating would change nothing, but --strict fails on "
            f"{failing} warning(s), listed above",
            file=sys.stderr,
        )
        return 1
    if not args.quiet:
        print(f"{shown(args.out)}: in sync ({plan.files} files)")
        _note_unknown(args.out, plan.unknown)
    return 0


def _write(args: argparse.Namespace, plan: Plan, failing: int, lock: LockUpdate) -> int:
    if plan.refused or plan.blocked:
        return _refused(plan.refused + plan.blocked)
    if lock.refused:
        return _refused([lock.refused])
    apply_plan(plan)
    lock.write()
    if not args.quiet:
        written = sum(1 for rel in plan.writes if rel != MANIFEST)
        print(
            f"{shown(args.out)}: {written} written, {len(plan.removals)} removed, "
            f"{plan.files - written} unchanged ({plan.formatted} formatted)"
        )
        _note_unknown(args.out, plan.unknown)
    if failing:
        print(f"--strict: {failing} warning(s), listed above, fail the run", file=sys.stderr)
        return 1
    return 0


def _note_unknown(out: Path, unknown: list[str]) -> None:
    """Name the files in ``out`` the generator did not write (and so leaves alone)."""
    if not unknown:
        return
    names = ", ".join(shown(rel) for rel in unknown[:_LISTED])
    more = f" … and {len(unknown) - _LISTED} more" if len(unknown) > _LISTED else ""
    print(f"{shown(out)}: left alone, not written by the generator: {names}{more}")


def _report(problems: Problems, spec_path: Path) -> None:
    """Print errors, then warnings, one line each: ``file: level: pointer: message [code]``.

    The file is the spec or the generator config. Acknowledged warnings (notes) are not
    printed. After :data:`MAX_REPORTED` lines the rest is only counted.
    """
    shown = [p for p in problems if p.level is not Level.NOTE]
    for problem in shown[:MAX_REPORTED]:
        code = f" [{problem.code}]" if problem.code else ""
        where = problem.source or spec_path.name
        line = f"{where}: {problem.level.value}: {problem.pointer}: {problem.message}{code}"
        print(line, file=sys.stderr)
    errors, warnings = problems.count(Level.ERROR), problems.count(Level.WARNING)
    hidden = errors + warnings - min(len(shown), MAX_REPORTED)
    if hidden:
        print(f"...and {hidden} more", file=sys.stderr)
    if errors or hidden:
        notes = problems.count(Level.NOTE)
        acknowledged = f", {notes} acknowledged" if notes else ""
        print(f"{errors} error(s), {warnings} warning(s){acknowledged}", file=sys.stderr)

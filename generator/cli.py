"""``python -m generator``: spec in, client package out (or, with ``--check``, a drift report).

Exit status: 0 done (or in sync); 1 ``--check`` found drift, or ``--strict`` found warnings;
2 the spec (or config) is invalid. Every problem of a run is reported together, each with
its level and the JSON pointer of the node it concerns.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

from generator.config import load_config
from generator.format import FormatError, format_source, formatter_id
from generator.load import read_spec
from generator.names import is_identifier
from generator.problems import Level, Problems
from generator.write import sync_tree, up_to_date

__all__ = ["main"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "spec" / "codegen.yaml"
DEFAULT_TEMPLATES = ROOT / "templates"
#: Problems printed before the rest is summarised as "...and N more".
MAX_REPORTED = 200


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator", description=__doc__.split("\n")[0])
    p.add_argument(
        "--spec", type=Path, help="OpenAPI file (default: the one spec/codegen.yaml names)"
    )
    p.add_argument("--out", type=Path, default=ROOT / "generated", help="output folder")
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 if out would change")
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
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems and drift")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except RecursionError:
        print("error: #: the spec nests too deeply to process", file=sys.stderr)
        return 2
    except FormatError as exc:
        print(f"internal error: {exc}", file=sys.stderr)
        return 3


def _run(args: argparse.Namespace) -> int:
    problems = Problems()
    if args.package is not None and not is_identifier(args.package):
        print(
            f"error: --package {args.package!r} is not a valid Python identifier", file=sys.stderr
        )
        return 2
    config_path = args.config
    if config_path is None and DEFAULT_CONFIG.exists():
        config_path = DEFAULT_CONFIG
    config = load_config(config_path, problems)
    spec_path: Path | None = args.spec
    if spec_path is None:
        if not config.spec:
            print("error: no --spec given and spec/codegen.yaml names none", file=sys.stderr)
            return 2
        spec_path = (config_path.parent if config_path else ROOT / "spec") / config.spec
    elif args.config is None and config.spec and Path(config.spec).name != spec_path.name:
        config = load_config(None, problems)  # the default config belongs to another spec

    raw = read_spec(spec_path, problems)
    if raw is None:
        _report(problems, spec_path)
        return 2
    inputs = fingerprint(raw, config_path if config.spec else None, args)
    fast = not args.strict and args.allow_external_refs is None  # inputs cover only the spec
    if fast and not problems.errors and up_to_date(args.out, inputs):
        if not args.quiet:
            print(f"{args.out}: in sync with {spec_path.name} (inputs unchanged)")
        return 0

    # The pipeline is imported only now: the up-to-date check above needs none of its steps.
    from generator.pipeline import generate

    result = generate(
        raw,
        config,
        args.templates,
        spec_name=spec_path.name,
        package=args.package,
        problems=problems,
        allow_external_refs=args.allow_external_refs,
        spec_dir=spec_path.parent,
    )
    _report(problems, spec_path)
    if result.api is None or problems.errors:
        return 2
    api, files = result.api, result.files
    about = {
        "generated_from": f"spec/{api.spec_file}",
        "spec_sha256": api.spec_sha256,
        "note": "Written by sendcloud-codegen. Do not edit: run `make regenerate`.",
    }
    outcome = sync_tree(
        args.out, files, formatter_id(), format_source, check=args.check, inputs=inputs, about=about
    )
    if args.check:
        if outcome.in_sync:
            if not args.quiet:
                print(f"{args.out}: in sync with {spec_path.name} ({len(files)} files)")
        else:
            for rel in outcome.changed:
                print(f"would change: {rel}")
            for rel in outcome.removed:
                print(f"would remove: {rel}")
            for diff in outcome.diffs:
                sys.stdout.write(diff if diff.endswith("\n") else diff + "\n")
            print(f"{args.out} is out of date: run `make regenerate` and commit the result.")
            return 1
    elif not args.quiet:
        print(
            f"{args.out}: {len(outcome.changed)} written, {len(outcome.removed)} removed, "
            f"{len(files) - len(outcome.changed)} unchanged ({outcome.formatted} formatted)"
        )
    if args.strict and problems.warnings:
        return 1
    return 0


def fingerprint(spec: bytes, config_path: Path | None, args: argparse.Namespace) -> str:
    """A hash of everything the output depends on: spec, config, generator, templates, black."""
    digest = hashlib.sha256(b"spec:%d:" % len(spec) + spec)
    sources = [config_path] if config_path else []
    sources += sorted(Path(__file__).parent.glob("*.py"))
    sources += sorted(p for p in Path(args.templates).rglob("*") if p.is_file())
    for path in sources:
        try:
            data = path.read_bytes()
        except OSError:
            data = b"<missing>"
        digest.update(f"{path.name}:{len(data)}:".encode())
        digest.update(data)
    digest.update(f"{formatter_id()}|{args.package}|{sys.version_info[:2]}".encode())
    return digest.hexdigest()


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

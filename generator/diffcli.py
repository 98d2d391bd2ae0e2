"""``python -m generator diff``: what a spec change does to the client's callers.

Builds the public surface (``generator.surface``) from a base spec and from the current
one, compares them (``generator.apidiff``) and prints every change with its kind, spec
pointer, Python symbol and whether it breaks callers, plus the version bump it calls for.

    python -m generator diff [--base GIT_REF | --base-spec FILE] [--format text|md|json]
                             [--fail-on-breaking]

The default base is the spec as committed in ``HEAD``. Both sides are named with the
config and name lock of their own revision (a ``--base-spec`` file with today's), so a
name the lock keeps is compared as the same name. Exit status: 0, or 1 with
``--fail-on-breaking`` when a change breaks callers; 2 when a spec cannot be read.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from generator.apidiff import Change, bump, diff_surfaces
from generator.config import Config, load_config
from generator.namelock import LOCK_SUFFIX, NameLock, load_lock
from generator.outdir import shown
from generator.problems import Problems
from generator.surface import Surface, surface

__all__ = ["main", "render_report"]

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "spec" / "codegen.yaml"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator diff", description=__doc__.split("\n")[0])
    base = p.add_mutually_exclusive_group()
    base.add_argument("--base", default="HEAD", help="git revision of the base (default HEAD)")
    base.add_argument("--base-spec", type=Path, help="a spec file to use as the base")
    p.add_argument("--spec", type=Path, help="the current spec (default: codegen.yaml's)")
    p.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="generator config")
    p.add_argument("--format", choices=("text", "md", "json"), default="text")
    p.add_argument("--fail-on-breaking", action="store_true", help="exit 1 on a breaking change")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    problems = Problems()
    config = load_config(args.config if args.config.exists() else None, problems)
    spec_path = args.spec or (args.config.parent / (config.spec or "openapi.yaml"))
    lock = load_lock(args.config.with_name(args.config.stem + LOCK_SUFFIX), problems)
    try:
        current_bytes = spec_path.read_bytes()
        if args.base_spec is not None:
            base_bytes, base_name = args.base_spec.read_bytes(), args.base_spec.name
            base_config, base_lock = config, lock
        else:
            base_bytes, base_config, base_lock = _at_revision(args, spec_path, problems)
            base_name = f"{spec_path.name}@{args.base}"
    except (OSError, _GitError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    old = _surface(base_bytes, spec_path.name, base_config, base_lock, base_name)
    new = _surface(current_bytes, spec_path.name, config, lock, spec_path.name)
    if isinstance(old, str) or isinstance(new, str):
        print(f"error: {old if isinstance(old, str) else new}", file=sys.stderr)
        return 2
    changes = diff_surfaces(old, new)
    sys.stdout.write(render_report(changes, args.format, base_name, spec_path.name, old.version))
    return 1 if args.fail_on_breaking and any(c.breaking for c in changes) else 0


class _GitError(Exception):
    pass


def _git_show(revision: str, path: Path) -> bytes | None:
    """The file at ``path`` as committed in ``revision`` (None: not in that revision)."""
    try:
        rel = path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        raise _GitError(f"{shown(path)} is not inside the repository") from None
    try:
        done = subprocess.run(
            ["git", "show", f"{revision}:{rel}"], cwd=ROOT, capture_output=True, check=False
        )
    except OSError as exc:
        raise _GitError(f"git cannot be run: {exc}") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        if "does not exist" in message or "exists on disk, but not in" in message:
            return None
        raise _GitError(f"git show {revision}:{rel}: {' '.join(message.split())}")
    return done.stdout


def _at_revision(
    args: argparse.Namespace, spec_path: Path, problems: Problems
) -> tuple[bytes, Config, NameLock]:
    spec = _git_show(args.base, spec_path)
    if spec is None:
        raise _GitError(f"{shown(spec_path)} is not in revision {args.base}")
    with tempfile.TemporaryDirectory() as folder:
        config_file = Path(folder) / args.config.name
        lock_file = config_file.with_name(config_file.stem + LOCK_SUFFIX)
        for source, target in (
            (args.config, config_file),
            (args.config.with_name(lock_file.name), lock_file),
        ):
            data = _git_show(args.base, source)
            if data is not None:
                target.write_bytes(data)
        config = load_config(config_file if config_file.exists() else None, problems)
        return spec, config, load_lock(lock_file, problems)


def _surface(raw: bytes, name: str, config: Config, lock: NameLock, label: str) -> Surface | str:
    from generator.pipeline import generate  # imported here: the validator is slow to import

    problems = Problems()
    result = generate(raw, config, spec_name=name, problems=problems, lock=lock, render_files=False)
    if result.api is None:
        first = problems.errors[0] if problems.errors else "it could not be read"
        return f"{shown(label)} is not a valid spec: {first}"
    return surface(result.api)


def render_report(changes: list[Change], form: str, base: str, current: str, version: str) -> str:
    """The report as text, Markdown or JSON (a list of change objects)."""
    if form == "json":
        rows = [
            {
                "kind": c.kind,
                "pointer": c.pointer,
                "symbol": c.symbol,
                "breaking": c.breaking,
                "message": c.message,
            }
            for c in changes
        ]
        return json.dumps(rows, indent=1, ensure_ascii=False) + "\n"
    breaking = sum(c.breaking for c in changes)
    after = bump(version, changes)
    head = f"{len(changes)} change(s), {breaking} breaking, from {shown(base)} to {shown(current)}"
    head += f"; version {version} -> {after}" if after != version else "; no new version"
    groups = [
        (g, [c for c in changes if c.group == g]) for g in ("Breaking", "Added", "Changed", "Fixed")
    ]
    if form == "md":
        lines = ["## API changes", "", head.replace("->", "→"), ""]
        for group, items in groups:
            if items:
                lines += [f"### {group}", ""]
                lines += [
                    f"- `{_md_code(c.symbol)}`: {_md(c.message)} (`{_md_code(c.pointer)}`)"
                    for c in items
                ]
                lines.append("")
        return "\n".join(lines)
    lines = [head]
    for group, items in groups:
        if items:
            lines += ["", f"{group}:"]
            lines += [f"  - {shown(c.message)}\n    {c.kind} at {shown(c.pointer)}" for c in items]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    flat = " ".join(text.split())
    for char in "\\`*[]<>":
        flat = flat.replace(char, "\\" + char)
    return flat


def _md_code(text: str) -> str:
    return " ".join(text.split()).replace("`", "'")

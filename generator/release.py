"""Versions and the changelog: each regenerate compares the client with the last one.

The output folder keeps the last release: ``api-report.json`` (the public surface, as
:mod:`generator.surface` describes it, with its version) and ``CHANGELOG.md``. A regenerate
compares the new surface with that report. When something changed, the version is bumped
(major for a break, minor for an addition, else patch) and a section is prepended to the
changelog; when nothing did, both stay as they are. So regenerating twice gives the same
bytes, and the drift check stays green.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.apidiff import Change, bump, diff_surfaces
from generator.surface import Surface, surface_from_json

__all__ = [
    "CHANGELOG",
    "REPORT",
    "Previous",
    "Release",
    "next_release",
    "read_previous",
]

REPORT = "api-report.json"
CHANGELOG = "CHANGELOG.md"
_TITLE = "# Changelog\n"


@dataclass
class Previous:
    """What the output folder says about the last release."""

    surface: Surface | None
    changelog: str = ""


@dataclass
class Release:
    version: str
    changes: list[Change] = field(default_factory=list)
    changelog: str = ""  # the whole CHANGELOG.md


def read_previous(out: Path) -> Previous | None:
    """The last release in ``out`` (None: nothing generated there yet, or no report)."""
    try:
        data = json.loads((out / REPORT).read_text(encoding="utf-8"))
        found = surface_from_json(data) if isinstance(data, dict) else None
    except (OSError, ValueError, TypeError, KeyError):
        found = None
    try:
        changelog = (out / CHANGELOG).read_text(encoding="utf-8")
    except (OSError, ValueError):
        changelog = ""
    if found is None and not changelog:
        return None
    return Previous(found, changelog)


def next_release(
    previous: Previous | None, current: Surface, configured: str, title: str
) -> Release:
    """The version and changelog for ``current``, given the last release.

    ``configured`` is the version ``spec/codegen.yaml`` asks for: the first release uses
    it, and a later one never goes below it (so a maintainer can bump by hand).
    """
    if previous is None or previous.surface is None:
        section = f"## {configured}\n\nFirst release, generated from the {title} spec.\n"
        return Release(configured, [], _join(section, previous.changelog if previous else ""))
    if previous.surface.format != current.format:
        # A report of another generator's layout cannot be compared item by item: take
        # the new one as the baseline, at the same version.
        version = _max_version(previous.surface.version, configured)
        return Release(version, [], previous.changelog or _join("", ""))
    changes = diff_surfaces(previous.surface, current)
    version = _max_version(bump(previous.surface.version, changes), configured)
    if not changes and version == previous.surface.version:
        return Release(version, [], previous.changelog or _join("", ""))
    return Release(version, changes, _join(_section(version, changes), previous.changelog))


def _section(version: str, changes: list[Change]) -> str:
    lines = [f"## {version}", ""]
    for group in ("Breaking", "Added", "Changed", "Fixed"):
        items = [c for c in changes if c.group == group]
        if items:
            lines += [f"### {group}", ""]
            lines += [f"- {_markdown(c.message)}" for c in items]
            lines.append("")
    if len(lines) == 2:
        lines += ["The version was raised in `spec/codegen.yaml`.", ""]
    return "\n".join(lines)


def _markdown(text: str) -> str:
    """Spec text in a Markdown list item: one line, with Markdown's specials escaped."""
    flat = " ".join(text.split())
    for char in "\\`*[]<>":
        flat = flat.replace(char, "\\" + char)
    return flat


def _join(section: str, previous: str) -> str:
    body = previous.removeprefix(_TITLE).lstrip("\n")
    parts = [p for p in (section.strip("\n"), body.strip("\n")) if p]
    return _TITLE + "\n" + "\n\n".join(parts) + "\n"


def _key(version: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in (version.split(".") + ["0", "0"])[:3])


def _max_version(a: str, b: str) -> str:
    return a if _key(a) >= _key(b) else b

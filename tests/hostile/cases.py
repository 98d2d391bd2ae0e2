"""The hostile corpus as data: one :class:`Case` per entry of ``manifest.json``.

A case is a spec (a committed file under ``cases/``, or a recipe for a big input that is
built at test time), the name the spec file gets in the sandbox (the attack, for some), extra
command-line arguments, and what must happen: the exit statuses allowed, the problems that
must be reported with their JSON pointer, the files that must survive, and which run-time
checks the generated client gets. ``make_corpus.py`` writes the manifest; README.md explains
each field and family.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["HOSTILE_DIR", "MANIFEST", "Case", "Report", "load_cases"]

HOSTILE_DIR = Path(__file__).resolve().parent
MANIFEST = HOSTILE_DIR / "manifest.json"


@dataclass(frozen=True)
class Report:
    """A problem that must be reported: at ``pointer`` or under it, when the exit is in ``when``.

    ``level`` is ``error``, ``warning`` or ``any``. ``text`` instead of a pointer asks for a
    line of the report that contains it (for refusals that concern a file, not a spec node).
    """

    pointer: str | None = None
    level: str = "any"
    when: tuple[int, ...] = (0, 1, 2)
    text: str | None = None


@dataclass(frozen=True)
class Case:
    id: str
    family: str
    spec: str | None  # path under HOSTILE_DIR; None when ``recipe`` builds it
    file_name: str  # what the spec file is called in the sandbox (str; see file_name_hex)
    file_name_hex: str | None  # raw bytes of a file name that is not valid UTF-8
    args: tuple[str, ...]
    exit: tuple[int, ...]
    reports: tuple[Report, ...]
    recipe: dict[str, Any] | None = None
    isolate: bool = False  # run in a subprocess with a watchdog and a memory limit
    tree: dict[str, Any] = field(default_factory=dict)  # files/symlinks put in the sandbox first
    pregen: bool = False  # generate into the output folder once before the run under test
    keep: tuple[str, ...] = ()  # sandbox paths whose bytes must be unchanged afterwards
    changed: tuple[str, ...] = ()  # sandbox paths that must differ afterwards (--force)
    out: str = "out"  # --out, relative to the sandbox ("." is the sandbox itself)
    env: dict[str, str] = field(default_factory=dict)
    runtime: dict[str, Any] = field(default_factory=dict)  # extra checks on the client
    note: str = ""

    @property
    def raw_file_name(self) -> bytes:
        if self.file_name_hex is not None:
            return bytes.fromhex(self.file_name_hex)
        return self.file_name.encode("utf-8", "surrogateescape")


def _report(data: dict[str, Any]) -> Report:
    return Report(
        pointer=data.get("pointer"),
        level=data.get("level", "any"),
        when=tuple(data.get("when", (0, 1, 2))),
        text=data.get("text"),
    )


def _case(data: dict[str, Any]) -> Case:
    return Case(
        id=data["id"],
        family=data["family"],
        spec=data.get("spec"),
        file_name=data.get("file_name", "openapi.json"),
        file_name_hex=data.get("file_name_hex"),
        args=tuple(data.get("args", ())),
        exit=tuple(data["exit"]),
        reports=tuple(_report(r) for r in data.get("report", ())),
        recipe=data.get("recipe"),
        isolate=bool(data.get("isolate", False)),
        tree=dict(data.get("tree", {})),
        pregen=bool(data.get("pregen", False)),
        keep=tuple(data.get("keep", ())),
        changed=tuple(data.get("changed", ())),
        out=data.get("out", "out"),
        env=dict(data.get("env", {})),
        runtime=dict(data.get("runtime", {})),
        note=data.get("note", ""),
    )


def load_cases(manifest: Path = MANIFEST) -> list[Case]:
    data = json.loads(manifest.read_text(encoding="utf-8"))
    return [_case(entry) for entry in data["cases"]]

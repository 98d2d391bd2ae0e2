"""Problems found while reading a spec, collected as values instead of raised one at a time.

Every step appends to a shared :class:`Problems` so that one run reports everything it found,
each with its level, a short code (``E-REF``, ``W-DEFAULT``...), the JSON pointer of the node it
concerns and the file it is in (the spec, or the generator config).

Errors refuse the spec (exit 2). Warnings let generation go on (``--strict`` makes them fail).
A warning that the config acknowledges (``acknowledge:`` in ``spec/codegen.yaml``, by code and
pointer) becomes a note: it is kept, but fails nothing and is not printed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

__all__ = ["MAX_PER_LEVEL", "Level", "Problem", "Problems", "pointer"]

#: At most this many problems of each level are kept; the rest are only counted.
MAX_PER_LEVEL = 5_000


class Level(enum.Enum):
    NOTE = "note"  # an acknowledged warning
    WARNING = "warning"
    ERROR = "error"


_DEFAULT_CODE = {Level.ERROR: "E-SPEC", Level.WARNING: "W-SPEC", Level.NOTE: "W-SPEC"}


@dataclass(frozen=True, slots=True)
class Problem:
    level: Level
    pointer: str  # "#/paths/~1pets/get": a JSON pointer inside ``source``
    message: str
    code: str = ""
    source: str = ""  # "" for the spec; the config's file name for config problems

    @property
    def location(self) -> str:
        """The pointer, prefixed with its file when that is not the spec."""
        return f"{self.source}{self.pointer}"

    def __str__(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        return f"{self.level.value}: {self.location}: {self.message}{code}"


@dataclass(slots=True)
class Problems:
    """Every problem of a run, deduplicated, in a deterministic order.

    Deduplication uses a set, so reporting thousands of problems stays linear. Beyond
    :data:`MAX_PER_LEVEL` problems of one level, further ones are only counted (``omitted``).
    """

    items: list[Problem] = field(default_factory=list)
    omitted: dict[Level, int] = field(default_factory=dict)
    limit: int | None = MAX_PER_LEVEL  # per level; None keeps every problem (see replay)
    _seen: set[Problem] = field(default_factory=set)
    _counts: dict[Level, int] = field(default_factory=dict)
    _acknowledged: set[tuple[str, str, str]] = field(default_factory=set)
    _matched: set[tuple[str, str, str]] = field(default_factory=set)

    def error(self, ptr: str, message: str, *, code: str = "", source: str = "") -> None:
        self.add(Level.ERROR, ptr, message, code=code, source=source)

    def warn(self, ptr: str, message: str, *, code: str = "", source: str = "") -> None:
        self.add(Level.WARNING, ptr, message, code=code, source=source)

    def add(
        self, level: Level, ptr: str, message: str, *, code: str = "", source: str = ""
    ) -> None:
        if not source and not ptr.startswith("#") and "#" in ptr:
            source, ptr = ptr.split("#", 1)  # "codegen.yaml#/operations": a config problem
            ptr = "#" + ptr
        code = code or _DEFAULT_CODE[level]
        if level is Level.WARNING and (code, ptr, source) in self._acknowledged:
            self._matched.add((code, ptr, source))
            level = Level.NOTE
        problem = Problem(level, ptr, message, code, source)
        if problem in self._seen:
            return  # a shared component reached from several places is reported once
        if self.limit is not None and self._counts.get(level, 0) >= self.limit:
            self.omitted[level] = self.omitted.get(level, 0) + 1
            return
        self._seen.add(problem)
        self._counts[level] = self._counts.get(level, 0) + 1
        self.items.append(problem)

    def acknowledge(self, entries: Iterable[tuple[str, str]], source: str = "") -> None:
        """Turn the warnings with these ``(code, pointer)`` pairs into notes, now and later."""
        self._acknowledged.update((code, ptr, source) for code, ptr in entries)
        for index, problem in enumerate(self.items):
            key = (problem.code, problem.pointer, problem.source)
            if problem.level is not Level.WARNING or key not in self._acknowledged:
                continue
            self._matched.add(key)
            note = Problem(Level.NOTE, *_fields(problem))
            self._seen.discard(problem)
            self._seen.add(note)
            self.items[index] = note
            self._counts[Level.WARNING] -= 1
            self._counts[Level.NOTE] = self._counts.get(Level.NOTE, 0) + 1

    def replay(self, into: Problems) -> None:
        """Report everything found here into ``into``, in order, as if it had been found there
        (so its acknowledgements and limit apply): for problems held back until they count."""
        for p in self.items:
            into.add(p.level, p.pointer, p.message, code=p.code, source=p.source)
        for level, n in self.omitted.items():
            into.omitted[level] = into.omitted.get(level, 0) + n

    def unmatched_acknowledgements(self) -> list[tuple[str, str]]:
        """The acknowledged ``(code, pointer)`` pairs that no warning of this run matched."""
        return sorted((c, p) for c, p, _ in self._acknowledged - self._matched)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level is Level.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """Warnings that no config acknowledges: the ones ``--strict`` fails on."""
        return [p for p in self.items if p.level is Level.WARNING]

    @property
    def notes(self) -> list[Problem]:
        """Acknowledged warnings."""
        return [p for p in self.items if p.level is Level.NOTE]

    def count(self, level: Level) -> int:
        """How many problems of ``level`` were found, the omitted ones included."""
        return self._counts.get(level, 0) + self.omitted.get(level, 0)

    def __iter__(self) -> Iterator[Problem]:
        order = {Level.ERROR: 0, Level.WARNING: 1, Level.NOTE: 2}
        return iter(
            sorted(self.items, key=lambda p: (order[p.level], p.source, p.pointer, p.message))
        )

    def __len__(self) -> int:
        return len(self.items)


def _fields(problem: Problem) -> tuple[str, str, str, str]:
    return problem.pointer, problem.message, problem.code, problem.source


def pointer(*parts: str | int) -> str:
    """Build a JSON pointer fragment (RFC 6901) such as ``#/paths/~1integrations/get``."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "#/" + "/".join(escaped) if parts else "#"

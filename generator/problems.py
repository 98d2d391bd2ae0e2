"""Problems found while reading a spec, collected as values instead of raised one at a time.

Every step appends to a shared :class:`Problems` list so that one run reports everything it
found, each with its level and the JSON pointer of the node it concerns.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["Level", "Problem", "Problems", "SpecError", "pointer"]


class Level(enum.Enum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Problem:
    level: Level
    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.level.value}: {self.pointer}: {self.message}"


@dataclass(slots=True)
class Problems:
    items: list[Problem] = field(default_factory=list)

    def error(self, ptr: str, message: str) -> None:
        self._add(Problem(Level.ERROR, ptr, message))

    def warn(self, ptr: str, message: str) -> None:
        self._add(Problem(Level.WARNING, ptr, message))

    def _add(self, problem: Problem) -> None:
        # A shared component reached from several places is reported once.
        if problem not in self.items:
            self.items.append(problem)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level is Level.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level is Level.WARNING]

    def __iter__(self) -> Iterator[Problem]:
        return iter(sorted(self.items, key=lambda p: (p.level.value, p.pointer, p.message)))

    def __len__(self) -> int:
        return len(self.items)


class SpecError(Exception):
    """Raised when a step cannot go on; carries every problem found so far."""

    def __init__(self, problems: Problems) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def pointer(*parts: str | int) -> str:
    """Build a JSON pointer fragment (RFC 6901) such as ``#/paths/~1integrations/get``."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "#/" + "/".join(escaped) if parts else "#"

"""One change of the public surface, as the API-diff report and the changelog show it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Change"]


@dataclass(frozen=True, order=True)
class Change:
    kind: str  # e.g. "parameter-removed", "field-became-required"
    pointer: str
    symbol: str
    breaking: bool
    message: str

    @property
    def group(self) -> str:
        """The changelog section: Breaking, Added, Changed or Fixed."""
        if self.breaking:
            return "Breaking"
        if self.kind.endswith("-added"):
            return "Added"
        return "Changed"

"""Compare two public surfaces and say, in Python terms, what changes for callers.

Each :class:`Change` has a kind, the spec pointer, the Python symbol it concerns
(``client.shipments.list(order_number=)``, ``models.ParcelItems.sku``), whether it breaks
callers, and one sentence for the user. Whether a change breaks callers follows the
direction of the data:

- removing or renaming a method, argument, class, field or module breaks callers, and so
  does a type change, or an argument or request field that becomes required;
- removing an enum value breaks callers (the member is gone); a new one does not, because
  the generated enums are open;
- a field that may now be missing or null breaks typed callers that read it (responses);
  one that may no longer be null or missing breaks callers that send it (requests);
- anything new and optional is reported, but breaks nobody; so are documentation changes.
"""

from __future__ import annotations

from generator.apidiff.change import Change
from generator.apidiff.classes import class_changes
from generator.apidiff.methods import method_changes
from generator.surface import Surface

__all__ = ["Change", "bump", "diff_surfaces"]


def diff_surfaces(old: Surface, new: Surface) -> list[Change]:
    """Every change from ``old`` to ``new``, breaking ones first, then by symbol."""
    changes = method_changes(old, new) + class_changes(old, new)
    return sorted(changes, key=lambda c: (not c.breaking, c.symbol, c.kind))


def bump(version: str, changes: list[Change]) -> str:
    """The next semantic version: major for a break, minor for an addition, else patch."""
    if not changes:
        return version
    parts = [int(p) if p.isdigit() else 0 for p in version.split(".")[:3]]
    major, minor, patch = (parts + [0, 0, 0])[:3]
    if any(c.breaking for c in changes):
        return f"{major + 1}.0.0"
    if any(c.group == "Added" for c in changes):
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"

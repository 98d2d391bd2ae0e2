"""What presenting any one module needs to know about the whole API."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.imports import ImportBlock, Location, cycles, import_block
from generator.model import Api
from generator.syntax import Spelling

__all__ = ["ApiContext"]


@dataclass
class ApiContext:
    """Where each generated class lives, and which classes refer to each other in a cycle."""

    module_of: dict[str, str]
    component: dict[str, int]  # class name -> strongly connected component
    inputs: dict[str, str]  # class -> the companion callers may send instead
    members: dict[int, frozenset[str]] = field(default_factory=dict)  # component -> classes

    def spelling(
        self, shadowed: frozenset[str] = frozenset(), sp: Spelling | None = None
    ) -> Spelling:
        """A spelling for one module (sharing the needs of ``sp``, when given)."""
        return Spelling(shadowed, sp.needs if sp else set(), self.inputs)

    @classmethod
    def of(cls, api: Api) -> ApiContext:
        graph: dict[str, set[str]] = {}
        for m in api.models:
            graph[m.name] = set().union(*(f.type.refs() for f in m.fields)) - {m.name}
        for a in api.aliases:
            graph[a.name] = a.type.refs() - {a.name}
        component = cycles(graph)
        members: dict[int, set[str]] = {}
        for name, index in component.items():
            members.setdefault(index, set()).add(name)
        frozen = {i: frozenset(n) for i, n in members.items()}
        return cls(api.module_of(), component, api.input_names(), frozen)

    def imports(self, sp: Spelling, location: Location, owner: str = "") -> ImportBlock:
        """The import lines for what ``sp`` recorded; ``owner`` is the class the module holds.

        Classes in the owner's own cycle are imported after the class (they import it back).
        """
        late: frozenset[str] = frozenset()
        if owner in self.component:  # looked up, not searched: a large API has thousands
            cycle = self.members.get(self.component[owner], frozenset()) - {owner}
            late = frozenset(cycle | {self.inputs[n] for n in cycle if n in self.inputs})
        own = self.module_of.get(owner, "")
        return import_block(sp.needs, location, self.module_of, own=own, late_classes=late)

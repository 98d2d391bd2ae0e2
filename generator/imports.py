"""Import lines of a generated module, derived from the symbols its text uses.

:class:`~generator.syntax.Spelling` records a :class:`~generator.syntax.Symbol` for every
name the rendered text refers to; :func:`import_block` turns those into import lines in the
order ruff's isort rules expect, so generated code passes ``ruff check``. Models refer to
each other freely, recursive schemas included: imports between classes of one strongly
connected component go to the bottom of the module, after the class, so any import order
works (:func:`cycles`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from generator.format import LINE_LENGTH
from generator.names import alias_parser
from generator.syntax import MODULE_ALIASES, Symbol

__all__ = [
    "LATE",
    "ImportBlock",
    "Location",
    "cycles",
    "from_import",
    "import_block",
    "isort_names",
]


@dataclass(frozen=True)
class Location:
    """Where a module sits in the package, which decides its relative imports.

    ``depth`` is 0 for a module at the package root, 1 inside ``models/`` or
    ``resources/``; ``in_models`` says whether generated classes are siblings.
    """

    depth: int
    in_models: bool = False

    @property
    def runtime(self) -> str:
        return "." * (self.depth + 1)

    def class_module(self, module: str) -> str:
        if self.in_models:
            return f".{module}"
        return f"{self.runtime}models.{module}"


@dataclass
class ImportBlock:
    """The import lines of one module: those at the top, those only type checkers need
    (under ``if TYPE_CHECKING:``), and those after its classes."""

    top: list[str] = field(default_factory=list)
    late: list[str] = field(default_factory=list)
    checking: list[str] = field(default_factory=list)


def isort_names(names: Iterable[str]) -> list[str]:
    """Names in the order isort (and ruff's ``I`` rules) expect: CONSTANTS, Classes, others."""

    def rank(name: str) -> tuple[int, str]:
        bare = name.split(" as ")[0]
        if bare.isupper() and len(bare) > 1:
            return 0, name
        return (1 if bare[:1].isupper() else 2), name

    return sorted(set(names), key=rank)


def import_block(
    needs: Iterable[Symbol],
    location: Location,
    module_of: Mapping[str, str],
    *,
    own: str = "",
    late_classes: frozenset[str] = frozenset(),
) -> ImportBlock:
    """The import lines for ``needs``; ``own`` is the module itself (never imported)."""
    plain: set[str] = set()
    std: dict[str, set[str]] = {}
    checking: dict[str, set[str]] = {}
    local: dict[str, set[str]] = {}
    late: dict[str, set[str]] = {}
    for symbol in needs:
        if symbol.source == "import":
            plain.add(symbol.module)
        elif symbol.source == "from":
            std.setdefault(symbol.module, set()).add(symbol.name)
        elif symbol.source == "checking":  # needed by annotations only, which are never run
            checking.setdefault(symbol.module, set()).add(symbol.name)
            std.setdefault("typing", set()).add("TYPE_CHECKING")
        elif symbol.source == "module":
            alias = MODULE_ALIASES[symbol.module]
            local.setdefault(location.runtime, set()).add(f"{symbol.module} as {alias}")
        elif symbol.source == "runtime":
            local.setdefault(location.runtime + symbol.module, set()).add(symbol.name)
        else:  # a generated class, or the parser of a generated alias
            module = module_of.get(symbol.name)
            if module is None or module == own:
                continue
            name = symbol.name if symbol.source == "class" else alias_parser(symbol.name)
            target = late if symbol.name in late_classes else local
            target.setdefault(location.class_module(module), set()).add(name)
    top = [f"import {m}" for m in sorted(plain)]
    top += [from_import(m, n) for m, n in sorted(std.items())]
    if local:
        top += [""] if top else []
        top += [from_import(m, n) for m, n in sorted(local.items(), key=_relative_order)]
    late_lines = [
        from_import(m, n, comment=LATE) for m, n in sorted(late.items(), key=_relative_order)
    ]
    checking_lines = [from_import(m, n) for m, n in sorted(checking.items())]
    return ImportBlock(top, late_lines, checking_lines)


#: The comment on an import placed after the classes: ruff must not ask to move it up.
LATE = "# noqa: E402"


def from_import(module: str, names: Iterable[str], *, comment: str = "", indent: int = 0) -> str:
    """``from module import a, b`` (isort order) as black writes it at the top level.

    Each aliased name (``x as y``) gets a statement of its own, as isort has it. A statement
    is one line when it fits in black's line length, else one name per line in parentheses
    with a trailing comma; ``comment`` stays on the first line, where ruff looks for a
    ``noqa``; ``indent`` is where the statement starts (inside an ``if``, say). Written this
    way black has nothing to change, so it formats the module once instead of twice (the
    output is black's either way).
    """
    names = list(names)
    plain = isort_names([n for n in names if " as " not in n])
    groups = [plain] if plain else []
    groups += [[n] for n in sorted(n for n in names if " as " in n)]
    return "\n".join(_statement(module, group, comment, indent) for group in groups)


def _statement(module: str, ordered: list[str], comment: str, indent: int) -> str:
    suffix = f"  {comment}" if comment else ""
    line = f"from {module} import {', '.join(ordered)}{suffix}"
    if indent + len(line) <= LINE_LENGTH:
        return line
    return "\n".join([f"from {module} import ({suffix}", *(f"    {n}," for n in ordered), ")"])


def _relative_order(item: tuple[str, set[str]]) -> tuple[int, str]:
    """Relative imports furthest first (``..`` before ``.``), then by module name."""
    module = item[0]
    dots = len(module) - len(module.lstrip("."))
    return -dots, module.lstrip(".")


def cycles(graph: Mapping[str, set[str]]) -> dict[str, int]:
    """Tarjan's strongly connected components; returns the component index of each node."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    comp: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    counter = [0, 0]

    def push(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)

    for root in sorted(graph):
        if root in index:
            continue
        push(root)
        work = [(root, iter(sorted(graph.get(root, ()))))]
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    push(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        comp[member] = counter[1]
                        if member == node:
                            break
                    counter[1] += 1
    return comp

"""What the inlined writer's speed would cost in generated code.

``bench/write_inlined.py`` is the fastest writer the bench has that keeps every check
``to_dict`` makes: it writes each nested model inside its parent, with no method call per
object. A generator
that wrote ``to_dict`` that way would copy each nested model's writer into every parent
that holds it, once per field (``CustomsInformation`` holds four ``CostsObject`` fields),
and down the tree. :func:`flattened_lines` counts what that would come to, by reading the
generated models with :mod:`ast`: the body lines of each ``to_dict`` (the ``def`` line and
the docstring left out), and the body lines it would take with its nested models inline.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

__all__ = ["FlattenCost", "flattened_lines"]


@dataclass(frozen=True)
class FlattenCost:
    """Body lines of every model's ``to_dict``: as generated, with every nested model written
    inline, and with only single nested objects inline (arrays of models keep their call)."""

    models: int
    lines: int
    flattened: int
    objects_only: int


def _to_dict(cls: ast.ClassDef) -> ast.FunctionDef | None:
    return next(
        (f for f in cls.body if isinstance(f, ast.FunctionDef) and f.name == "to_dict"), None
    )


def _body_lines(fn: ast.FunctionDef) -> int:
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return (body[-1].end_lineno or body[-1].lineno) - body[0].lineno + 1 if body else 0


def _held(fn: ast.FunctionDef, models: set[str]) -> list[tuple[str, bool]]:
    """The models ``fn`` writes by calling their ``to_dict``, each with whether it is the
    item of an array: one per class test of a field (``v.__class__ is Model``) and one per
    ``_s.dump_models(value, Model, ...)``."""
    held: list[tuple[ast.expr, bool]] = []
    for node in ast.walk(fn):
        match node:
            case ast.Compare(left=ast.Attribute(attr="__class__"), ops=[ast.Is()]):
                held += [(c, False) for c in node.comparators]
            case ast.Call(func=ast.Attribute(attr="dump_models"), args=[_, model, *_]):
                held.append((model, True))
    return [(m.id, item) for m, item in held if isinstance(m, ast.Name) and m.id in models]


def flattened_lines(models_dir: Path) -> FlattenCost:
    """Count, over the modules of a generated ``models`` package, what flattening costs."""
    lines: dict[str, int] = {}
    functions: dict[str, ast.FunctionDef] = {}
    for path in sorted(models_dir.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            fn = _to_dict(node) if isinstance(node, ast.ClassDef) else None
            if isinstance(node, ast.ClassDef) and fn is not None:
                lines[node.name], functions[node.name] = _body_lines(fn), fn
    held = {name: _held(fn, set(functions)) for name, fn in functions.items()}

    def flat(name: str, inside: frozenset[str], items: bool) -> int:
        """A model that holds itself, directly or further down, keeps its call there; so
        does the item of an array unless ``items``."""
        inner = inside | {name}
        return lines[name] + sum(
            flat(m, inner, items)
            for m, item in held[name]
            if m not in inner and (items or not item)
        )

    def total(items: bool) -> int:
        return sum(flat(name, frozenset(), items) for name in lines)

    return FlattenCost(len(lines), sum(lines.values()), total(True), total(False))

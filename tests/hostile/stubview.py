"""What mypy reads for a package whose runtime modules are copies of another package's.

Every generated package carries the same runtime modules (``_base_client``, ``_serde``,
``_types``, ``errors``...): about nine tenths of its code, identical in every package up to
the package's name (and, once the runtime is copied verbatim, identical byte for byte).
Type-checking hundreds of copies of them costs most of mypy's time and can only repeat one
verdict. So one package, the *reference*, is type-checked whole; for each other package,
mypy reads a *view*: a copy of the package in which every runtime module that is the same
as the reference's (up to name, title tag, header hash and docstrings, see
``typecheck.normalized``), and that imports only such modules, is replaced by a stub that
re-exports the reference's module, name for name.

Why the verdict is the same: such a module has the same code as the reference's, so mypy
finds in it exactly the errors it finds in the reference's copy (reported there), and the
package's own modules (models, resources, the client, ``__init__``, and any runtime module
that differs) see the same types through the stub as through their own copy. A stubbed
module imports only stubbed modules, so every type the package's own modules meet comes
from one copy, never a mix of the reference's and their own. A module that differs in any
way (code, a comment that could be ``# type:``) is checked in the package itself.
"""

from __future__ import annotations

import ast
import shutil
from dataclasses import dataclass
from pathlib import Path

from hostile.code import Package
from hostile.normalize import normalized

__all__ = ["Reference", "build_view", "runtime_modules"]


def runtime_modules(pkg: Path) -> dict[str, Path]:
    """The top-level modules of a package, ``__init__`` aside."""
    return {p.stem: p for p in pkg.glob("*.py") if p.name != "__init__.py"}


def _sibling_imports(tree: ast.Module, package: str) -> set[str]:
    """Modules of the same package a module imports (``from .x``, ``from . import x``, or
    ``from <package>.x``); ``..`` for anything further away."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                found.add(node.module.split(".")[0])
            else:
                found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 1:
            found.add("..")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else [
                a.name for a in node.names
            ]
            for module in modules:
                parts = module.split(".")
                if parts[0] == package:
                    found.add(parts[1] if len(parts) > 1 else "..")
    return found


def _exported_names(body: list[ast.stmt]) -> set[str]:
    """Names a module exports at its top level (in ``if``/``try`` blocks too): what it
    defines, and what it imports as ``import x as x`` (re-exported under ``--strict``)."""
    names: set[str] = set()
    for node in body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                names |= {n.id for n in ast.walk(target) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", "") != (
            "__future__"
        ):
            names |= {a.asname for a in node.names if a.asname and a.asname == a.name}
        elif isinstance(node, (ast.If, ast.Try)):
            for block in (node.body, node.orelse, getattr(node, "finalbody", [])):
                names |= _exported_names(block)
            for handler in getattr(node, "handlers", []):
                names |= _exported_names(handler.body)
    return names


def _all_names(tree: ast.Module) -> set[str]:
    """The names ``__all__`` lists, when it is a literal list or tuple of strings."""
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ) and isinstance(node.value, (ast.List, ast.Tuple)):
            return {e.value for e in node.value.elts if isinstance(e, ast.Constant)
                    and isinstance(e.value, str)}  # fmt: skip
    return set()


def _stub(reference: str, module: str, tree: ast.Module, source: str) -> str:
    names = sorted((_exported_names(tree.body) | _all_names(tree)) - {"__all__"})
    lines = [f"# A view of {reference}.{module}: see tests/hostile/stubview.py."]
    lines += [f"from {reference}.{module} import {name} as {name}" for name in names]
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            lines.append(ast.get_source_segment(source, node) or "")
    return "\n".join(lines) + "\n"


@dataclass
class _Module:
    """One runtime module of the reference: what a copy must equal, what it imports, its stub."""

    normalized: bytes
    imports: set[str]
    stub: str


class Reference:
    """The package type-checked whole, and its runtime modules, each read once."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.modules: dict[str, _Module] = {}
        for name, path in runtime_modules(package.path).items():
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source)
            self.modules[name] = _Module(
                normalized(package, path),
                _sibling_imports(tree, package.name),
                _stub(package.name, name, tree, source),
            )

    def stubbable(self, pkg: Package) -> set[str]:
        """The runtime modules of ``pkg`` that may read the reference's."""
        same = {
            name for name, path in runtime_modules(pkg.path).items()
            if name in self.modules and normalized(pkg, path) == self.modules[name].normalized
        }  # fmt: skip
        changed = True
        while changed:  # drop modules that import a module that is not stubbed
            keep = {n for n in same if self.modules[n].imports <= same}
            changed, same = keep != same, keep
        return same


def build_view(pkg: Package, reference: Reference, root: Path) -> tuple[Path, set[str]]:
    """Write ``pkg``'s view under ``root``; returns its package folder and stubbed modules."""
    view = root / pkg.case_id.replace("/", "_")[:80] / pkg.name
    shutil.copytree(pkg.path, view, ignore=shutil.ignore_patterns("__pycache__"))
    stubbed = reference.stubbable(pkg)
    for name in stubbed:
        (view / f"{name}.py").unlink()
        (view / f"{name}.pyi").write_text(reference.modules[name].stub, encoding="utf-8")
    return view, stubbed

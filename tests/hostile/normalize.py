"""What mypy's verdict on a generated package depends on, with everything else blanked.

mypy reads a package's code and comments, not its docstrings (string constants with no
type meaning), and of the comments only ``# type:`` and ``# mypy:`` ones mean anything to
it. So two packages (or two modules) that are the same once their package name, the
``hxNNNN`` title tag it came from, the spec's hash in the header comment and their
docstrings are blanked get the same verdict, and importing them runs the same code. Text
that escaped its docstring is code, not a docstring, and is never blanked: an injection
always shows. The package name is replaced by one fixed identifier, whatever its length:
mypy does not care how long a name is.
"""

from __future__ import annotations

import ast
import hashlib
import json
from pathlib import Path

from hostile.code import SPEC_HASH, Package, same_width_tag

__all__ = ["digest", "normalized", "same_verdict_groups", "share_results", "without_docstrings"]

_DOCLESS: dict[bytes, bytes] = {}


def without_docstrings(source: bytes) -> bytes:
    """The module with every docstring replaced by ``...``: what mypy's verdict depends on.

    A docstring is the first statement of a module, class or function body when it is a
    string constant. mypy gives it no type meaning, so its text cannot change the verdict.
    Comments are kept (``# type: ignore`` does change it). Text that escaped its docstring is
    no longer a docstring and stays.
    """
    if source not in _DOCLESS:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError):
            _DOCLESS[source] = source
            return source
        lines = source.split(b"\n")
        for node in ast.walk(tree):
            body = getattr(node, "body", None)
            if not isinstance(body, list) or not body or not isinstance(body[0], ast.Expr):
                continue
            value = body[0].value
            if not (isinstance(value, ast.Constant) and isinstance(value.value, str)):
                continue
            first, last = value.lineno - 1, (value.end_lineno or value.lineno) - 1
            end = value.end_col_offset or 0
            if lines[first][: value.col_offset].strip() or lines[last][end:].strip():
                continue  # it shares a line with other code: keep it as it is
            lines[first] = b" " * value.col_offset + b"..."
            for index in range(first + 1, last + 1):
                lines[index] = b""
        _DOCLESS[source] = b"\n".join(lines)
    return _DOCLESS[source]


def digest(pkg: Package) -> str:
    """A hash of what mypy's verdict on the package depends on, its name left out.

    That is every file with the package name and the ``hxNNNN`` title tag blanked, the
    spec's hash in the header comment blanked (a comment that is neither ``# type:`` nor
    ``# mypy:`` means nothing to mypy), and every docstring replaced by ``...`` (see
    :func:`without_docstrings`).
    """
    hashed = hashlib.sha256()
    for path in sorted(pkg.path.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        data = normalized(pkg, path)
        rel = path.relative_to(pkg.path).as_posix().encode()
        hashed.update(b"%d:%s:%d:" % (len(rel), rel, len(data)) + data)
    return hashed.hexdigest()


def normalized(pkg: Package, path: Path) -> bytes:
    """One file of ``pkg`` as mypy's verdict sees it (see :func:`digest`)."""
    data = path.read_bytes().replace(pkg.name.encode(), b"__pkg__")
    data = SPEC_HASH.sub(b"# spec sha256: -", same_width_tag(data))
    return without_docstrings(data) if path.suffix == ".py" else data


def same_verdict_groups(packages: list[Package]) -> dict[str, list[Package]]:
    """Packages that must behave alike, keyed by the case id of the first (the one checked).

    Alike means: the same files once name, tag, spec hash and docstrings are blanked (see
    the module docstring), and the same run-time checks asked of them. Importing runs the
    same code and mypy reads the same code, so one check answers for all of them.
    """
    groups: dict[str, list[Package]] = {}
    first: dict[str, str] = {}
    for pkg in packages:
        key = digest(pkg) + json.dumps(pkg.runtime, sort_keys=True)
        groups.setdefault(first.setdefault(key, pkg.case_id), []).append(pkg)
    return groups


def share_results(groups: dict[str, list[Package]]) -> None:
    """Hand the checked package's import and mypy problems to the others of its group."""
    for rep_id, (rep, *others) in groups.items():
        for pkg in others:
            pkg.problems += [f"{p} (as {rep_id}, identical up to its name)" for p in rep.problems]



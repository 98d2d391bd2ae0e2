"""What the docs say about the runtime, read from the runtime's own source.

Which exception a status raises (``errors._BY_STATUS``), which statuses are retried
(``_retry.RETRY_STATUSES``) and the default timeout and retry count (``_endpoint``) are
literals in the runtime modules. The docs read them there rather than repeat them, so the
two cannot drift apart; a runtime whose literals moved is a generator bug, raised as such.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["RuntimeFacts"]


@dataclass(frozen=True)
class RuntimeFacts:
    by_status: dict[int, str]  # status -> exception class name
    retried: tuple[int, ...]  # statuses a call is retried on
    timeout: float  # seconds
    max_retries: int

    @classmethod
    def read(cls, runtime: Path) -> RuntimeFacts:
        def source(name: str) -> str:
            return (runtime / name).read_text(encoding="utf-8")

        errors, retry, endpoint = source("errors.py"), source("_retry.py"), source("_endpoint.py")
        table = _literal(errors, "_BY_STATUS", ast.Dict)
        by_status = {
            k.value: v.id
            for k, v in zip(table.keys, table.values, strict=True)
            if isinstance(k, ast.Constant) and isinstance(k.value, int) and isinstance(v, ast.Name)
        }
        retried = _literal(retry, "RETRY_STATUSES", ast.Call)
        return cls(
            by_status=by_status,
            retried=tuple(sorted(ast.literal_eval(retried.args[0]))),
            timeout=float(ast.literal_eval(_literal(endpoint, "DEFAULT_TIMEOUT", ast.Constant))),
            max_retries=int(
                ast.literal_eval(_literal(endpoint, "DEFAULT_MAX_RETRIES", ast.Constant))
            ),
        )

    def exception(self, status: str) -> str:
        """The class a response status (``"404"``, ``"4XX"``, ``"default"``) raises."""
        if status.isdigit():
            code = int(status)
            if code in self.by_status:
                return self.by_status[code]
            return "InternalServerError" if code >= 500 else "APIStatusError"
        return "InternalServerError" if status.upper() == "5XX" else "APIStatusError"


def _literal(source: str, name: str, kind: type[Any]) -> Any:
    """The value assigned to module-level ``name``, which must be a ``kind`` node."""
    for node in ast.parse(source).body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == name and isinstance(value, kind):
            return value
    raise ValueError(f"the runtime has no literal {name} ({kind.__name__}) any more")

"""Run-time checks on a generated client (run by ``importcheck.py`` in a subprocess).

* Every client: built on a mock transport, it closes as a context manager, its ``repr``
  works, no resource attribute shadows an attribute or method of the client classes, and
  each resource still reaches its client and its ``with_raw_response``.
* ``redaction`` jobs: the API key (and a secret for every other key a security scheme
  declares, sent as an extra header or query parameter) never appears in log records
  (the package's, httpx's or httpcore's, at DEBUG), in ``repr``s or in exception messages.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import logging
from pathlib import Path
from typing import Any

__all__ = ["check_client"]


def _self_assignments(path: str) -> dict[str, set[str]]:
    """Per class of a module: the attributes its methods assign on ``self``."""
    tree = ast.parse(Path(path).read_bytes())
    found: dict[str, set[str]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        names = found.setdefault(node.name, set())
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Attribute)
                and isinstance(inner.ctx, ast.Store)
                and isinstance(inner.value, ast.Name)
                and inner.value.id == "self"
            ):
                names.add(inner.attr)
    return found


def _base_names(cls: type) -> set[str]:
    """Names the client classes define or assign on ``self``, resource attributes excluded."""
    names = set(vars(cls))
    modules: dict[str, dict[str, set[str]]] = {}
    for klass in cls.__mro__[1:]:
        if klass is object:
            continue
        names |= set(vars(klass))
        path = inspect.getsourcefile(klass)
        if path is None:
            continue
        if path not in modules:
            modules[path] = _self_assignments(path)
        names |= modules[path].get(klass.__name__, set())
    return names


def _client(pkg: Any, httpx: Any, handler: Any, **kwargs: Any) -> Any:
    transport = httpx.MockTransport(handler)
    return pkg.Client(http_client=httpx.Client(transport=transport), **kwargs)


def _structure(pkg: Any, httpx: Any) -> list[str]:
    problems = []
    client = _client(pkg, httpx, lambda request: httpx.Response(200, json={}))
    prefix = pkg.__name__ + ".resources"
    resources = {n: v for n, v in vars(client).items() if type(v).__module__.startswith(prefix)}
    shadowed = sorted(set(resources) & _base_names(type(client)))
    if shadowed:
        problems.append(f"resource attributes shadow the client's own: {shadowed}")
    for name, res in resources.items():
        if getattr(res, "_client", None) is not client:
            problems.append(f"client.{name} lost its reference to the client")
        if not isinstance(inspect.getattr_static(type(res), "with_raw_response", None), property):
            problems.append(f"client.{name}.with_raw_response is shadowed")
    repr(client)
    with client:
        pass
    return problems


class _Keep(logging.Handler):
    """A log handler that keeps every record."""

    def __init__(self, level: int) -> None:
        super().__init__(level)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _redaction(job: dict[str, Any], pkg: Any, httpx: Any) -> list[str]:
    schemes = [tuple(s) for s in job["redaction"]]
    secrets = [f"SECRET-APIKEY-{i}-9d41" for i in range(len(schemes))]
    handler = _Keep(logging.DEBUG)
    records = handler.records
    loggers = [logging.getLogger(n) for n in (pkg.__name__, "httpx", "httpcore")]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    texts: list[str] = []
    problems: list[str] = []
    try:
        client = _client(pkg, httpx, lambda request: httpx.Response(500, json={"message": "no"}),
                         **_credentials(pkg, secrets))  # fmt: skip
        headers = {n: s for (w, n), s in zip(schemes, secrets, strict=True) if w == "header"}
        query = {n: s for (w, n), s in zip(schemes, secrets, strict=True) if w == "query"}
        resource, method = job["call"]
        call = getattr(getattr(client, resource), method)
        try:
            call(extra_headers=headers, extra_query=query, max_retries=0)
            problems.append("a 500 response raised nothing")
        except Exception as exc:  # noqa: BLE001 - the error the client raises, whatever it is
            texts += [str(exc), repr(exc), repr(getattr(exc, "request", None)), repr(exc.args)]
        texts.append(repr(client))
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    texts += [f"{r.name}: {r.getMessage()}" for r in records]
    return problems + [
        f"secret of the {where} key {name!r} appears in: {next(t for t in texts if s in t)[:200]}"
        for (where, name), s in zip(schemes, secrets, strict=True)
        if any(s in t for t in texts)
    ]


def _credentials(pkg: Any, secrets: list[str]) -> dict[str, str]:
    """A secret for each credential argument the client takes (they come before the ``*``),
    in the order of the spec's security schemes, as the generator writes them."""
    params = [
        p.name
        for p in inspect.signature(pkg.Client.__init__).parameters.values()
        if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"
    ]
    return {name: secrets[i % len(secrets)] for i, name in enumerate(params)}


def check_client(job: dict[str, Any], httpx: Any) -> list[str]:
    try:
        pkg = importlib.import_module(job["package"])
        problems = _structure(pkg, httpx)
        if job.get("redaction"):
            problems += _redaction(job, pkg, httpx)
    except Exception as exc:  # noqa: BLE001 - any failure of the client is the finding
        return [f"client check failed: {type(exc).__name__}: {exc}"[:500]]
    return problems

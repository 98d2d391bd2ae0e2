"""A hypothesis mutator over the main spec: no mutation may crash the generator.

Each example applies one to three mutations to ``spec/sendcloud-v2-integrations-openapi.yml``
(swap a node's type, delete a key, inject a hostile string as a value or a key, add a
``$ref`` cycle, duplicate a key in the text, replace a subtree with an odd scalar), writes
the result as JSON or YAML, and runs the pipeline in process (``generator.pipeline.generate``,
as the command line does, without formatting, which is only black's business). The run must
end with a result (the CLI's exit 0/1/2), never an exception, and when it produces code,
every module must compile, no injected code may appear in it, and ``pyproject.toml`` must
parse. Examples are few and derandomized, so CI runs the same ones every time.
"""

from __future__ import annotations

import ast
import copy
import json
import math
from dataclasses import dataclass
from typing import Any

import tomllib
import yaml
from hostile.corpus_base import PAYLOADS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import load_spec
from generator.config import load_config
from generator.pipeline import generate
from generator.problems import Problems

SPEC = load_spec()
Path_ = tuple[str | int, ...]


def _paths(node: Any, path: Path_ = ()) -> list[Path_]:
    found = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*path, index))
    return found


PATHS = _paths(SPEC)[1:]
ODD_SCALARS: list[Any] = [
    None, True, False, 0, -1, 2**70, 1.5, -0.0, math.nan, math.inf, -math.inf, 1e308, "",
    "x" * 5000, "\x00", [], {}, [None], {"": None}, {"$ref": ""}, {"$ref": "#"},
]  # fmt: skip
TYPE_SWAPS: list[Any] = ["a string", 42, 4.2, True, None, ["list"], {"key": "value"}]


@dataclass(frozen=True)
class Mutation:
    kind: str
    path: Path_
    choice: int


def _lookup(spec: Any, path: Path_) -> Any:
    node = spec
    for part in path:
        node = node[part]
    return node


def _parent(spec: Any, path: Path_) -> tuple[Any, str | int] | None:
    """The container of the node at ``path`` and its key, if an earlier change left it."""
    try:
        parent = _lookup(spec, path[:-1])
        parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        return None
    return parent, path[-1]


def _pointer(path: Path_) -> str:
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _apply(spec: dict[str, Any], m: Mutation, duplicates: list[tuple[Path_, Any]]) -> None:
    found = _parent(spec, m.path)
    if found is None:
        return  # an earlier mutation removed this node
    parent, key = found
    payload = list(PAYLOADS.values())[m.choice % len(PAYLOADS)]
    if m.kind == "swap-type":
        parent[key] = TYPE_SWAPS[m.choice % len(TYPE_SWAPS)]
    elif m.kind == "odd-scalar":
        parent[key] = ODD_SCALARS[m.choice % len(ODD_SCALARS)]
    elif m.kind == "delete" and isinstance(parent, dict):
        del parent[key]
    elif m.kind == "inject-value":
        parent[key] = payload
    elif m.kind == "inject-key" and isinstance(parent, dict):
        parent[payload] = parent.pop(key)
    elif m.kind == "ref-cycle" and isinstance(parent[key], dict):
        ancestors = [m.path[:i] for i in range(len(m.path) + 1)]
        parent[key]["$ref"] = _pointer(ancestors[m.choice % len(ancestors)])
    elif m.kind == "ref-cycle-pair":
        schemas = spec.get("components", {}).get("schemas", {})
        if isinstance(schemas, dict):
            schemas["CycleA"] = {"$ref": "#/components/schemas/CycleB"}
            schemas["CycleB"] = {"allOf": [{"$ref": "#/components/schemas/CycleA"}]}
            parent[key] = {"$ref": "#/components/schemas/CycleA"}
    elif m.kind == "duplicate-key" and isinstance(parent, dict):
        duplicates.append((m.path, payload))


KINDS = ("swap-type", "odd-scalar", "delete", "inject-value", "inject-key", "ref-cycle",
         "ref-cycle-pair", "duplicate-key")  # fmt: skip
mutations = st.builds(
    Mutation, st.sampled_from(KINDS), st.sampled_from(PATHS), st.integers(0, 1000)
)


def _json_with_duplicates(node: Any, path: Path_, duplicates: dict[Path_, Any]) -> str:
    """JSON text; where asked, a key appears twice (first with a hostile value)."""
    if isinstance(node, dict):
        items = []
        for key, value in node.items():
            child = (*path, key)
            if child in duplicates:
                items.append(f"{json.dumps(str(key))}: {json.dumps(duplicates[child])}")
            text = _json_with_duplicates(value, child, duplicates)
            items.append(f"{json.dumps(str(key))}: {text}")
        return "{" + ", ".join(items) + "}"
    if isinstance(node, list):
        return "[" + ", ".join(_json_with_duplicates(v, (*path, i), duplicates)
                               for i, v in enumerate(node)) + "]"  # fmt: skip
    return json.dumps(node)


def _serialize(
    spec: dict[str, Any], duplicates: list[tuple[Path_, Any]], as_yaml: bool
) -> tuple[bytes, str]:
    if as_yaml and not duplicates:
        try:
            return yaml.safe_dump(spec).encode("utf-8"), "mutant.yaml"
        except (yaml.YAMLError, UnicodeEncodeError):
            pass  # lone surrogates and the like: JSON can carry them
    text = _json_with_duplicates(spec, (), dict(duplicates))
    return text.encode("utf-8"), "mutant.json"


def _check_code(files: dict[str, Any]) -> None:
    for rel, rendered in files.items():
        text = rendered.header + rendered.body
        if rel.endswith(".toml"):
            tomllib.loads(text)
        elif rel.endswith(".py"):
            tree = ast.parse(text, rel)
            calls = [n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id == "__import__"]
            assert not calls, f"injected code reached {rel}"


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(mutations, min_size=1, max_size=3), st.booleans())
def test_mutated_main_spec_never_crashes_the_generator(
    changes: list[Mutation], as_yaml: bool
) -> None:
    spec = copy.deepcopy(SPEC)
    duplicates: list[tuple[Path_, Any]] = []
    for change in changes:
        _apply(spec, change, duplicates)
    raw, name = _serialize(spec, duplicates, as_yaml)
    problems = Problems()
    result = generate(raw, load_config(None, problems), spec_name=name, package="mutant",
                      problems=problems)  # fmt: skip
    if result.ok:
        _check_code(result.files)
    else:
        assert problems.errors, "refused without saying why"
        assert all(p.pointer.startswith("#") for p in problems.errors)

"""What building any one operation needs: the spec's resolver, the schemas, config, problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.config import Config
from generator.namelock import NameLock
from generator.problems import Problems
from generator.resolve import Resolver
from generator.schemas import SchemaBuilder

__all__ = ["OperationContext", "mapping_at", "sequence_at", "text"]


@dataclass
class OperationContext:
    resolver: Resolver
    schemas: SchemaBuilder
    config: Config
    problems: Problems
    lock: NameLock = field(default_factory=NameLock)
    # Operations named from the spec (not the config or the lock): op id, pointer,
    # resource, method. The regenerate summary suggests naming them in codegen.yaml.
    derived: list[tuple[str, str, str, str]] = field(default_factory=list)


def text(value: object) -> str:
    """Documentation text from the spec, kept as written (it is escaped where it is placed)."""
    return value if isinstance(value, str) else ""


def mapping_at(node: dict[str, Any], key: str) -> dict[Any, Any]:
    """``node[key]`` when it is a mapping, else an empty one (the validator reports it)."""
    value = node.get(key)
    return value if isinstance(value, dict) else {}


def sequence_at(node: dict[str, Any], key: str) -> list[Any]:
    """``node[key]`` when it is a list, else an empty one (the validator reports it)."""
    value = node.get(key)
    return value if isinstance(value, list) else []

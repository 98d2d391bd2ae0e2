"""Step 1: read the spec file (YAML or JSON) into plain JSON-like Python data, within bounds.

The spec is untrusted input, so every limit is checked before a recursive step could trip on it:

- nesting deeper than :data:`MAX_DEPTH` levels is refused *before* the YAML composer (which
  recurses in C and crashes on tens of thousands of levels) runs: a first pass reads only the
  parser's events, which libyaml produces without recursion;
- a recursive YAML anchor (a node that contains itself) is refused: no later step could walk it;
- a document that expands to more than :data:`MAX_NODES` nodes once aliases are followed (an
  alias "bomb") is refused.

YAML is read as the JSON data model that OpenAPI defines: timestamps stay strings, and a key
that YAML would read as a number or boolean (``200:``, ``yes:``) keeps its text as a string key,
with a warning (the same normalisation openapi-spec-validator's own loader does).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml

from generator.problems import Problems, pointer

__all__ = ["MAX_DEPTH", "MAX_NODES", "parse_spec", "read_spec", "yaml_loader"]

#: Upper bound on the number of nodes the document may expand to once aliases are followed.
MAX_NODES = 2_000_000
#: Deepest nesting of mappings and lists accepted (real specs stay well under 40).
MAX_DEPTH = 120

_STR_TAG = "tag:yaml.org,2002:str"
_TYPE_NAMES = {
    "int": "an integer",
    "float": "a number",
    "bool": "a boolean",
    "null": "null",
}
_CLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _RawKey(str):
    """A mapping key that YAML would have read as a non-string; holds its text and tag."""

    tag: str


class _Loader(_CLoader):  # type: ignore[misc, valid-type]
    """SafeLoader without timestamps, whose non-string scalar keys keep their source text.

    It also notes each duplicate key (YAML keeps the last value), for a warning with its
    pointer once the document is walked.
    """

    duplicates: dict[int, list[str]]  # id of a constructed mapping -> its repeated keys
    _repeated: dict[int, list[str]]  # id of a mapping node -> its repeated keys

    def construct_yaml_map(self, node: yaml.MappingNode) -> Any:
        data: dict[Any, Any] = {}
        yield data  # first, so that aliases (recursive ones too) can refer to it
        data.update(self.construct_mapping(node))
        if id(node) in self._repeated:
            self.duplicates[id(data)] = self._repeated.pop(id(node))

    yaml_implicit_resolvers = {
        first: [
            (tag, regexp)
            for tag, regexp in resolvers
            if tag != "tag:yaml.org,2002:timestamp"
        ]
        for first, resolvers in _CLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(
        self, node: yaml.MappingNode, deep: bool = False
    ) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _STR_TAG:
                key: Any = _RawKey(key_node.value)
                key.tag = key_node.tag.rsplit(":", 1)[-1]
            else:
                key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping",
                    node.start_mark,
                    "found a mapping key that is not a scalar",
                    key_node.start_mark,
                )
            if key in mapping:
                self._repeated.setdefault(id(node), []).append(str(key))
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)


def yaml_loader() -> type[yaml.SafeLoader]:
    """The loader used for specs (the external files of ``--allow-external-refs`` too)."""
    return _Loader


def read_spec(path: Path, problems: Problems) -> bytes | None:
    """The spec file's bytes, or ``None`` after recording why it could not be read."""
    try:
        return path.read_bytes()
    except OSError as exc:
        problems.error("#", f"cannot read {path}: {exc.strerror or exc}", code="E-READ")
        return None


def parse_spec(raw: bytes, name: str, problems: Problems) -> dict[str, Any] | None:
    """The parsed document, or ``None`` after recording why it is not a usable one."""
    data = _parse(raw, name, problems)
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.error(
            "#",
            f"{name} is not an OpenAPI document (top level is not a mapping)",
            code="E-PARSE",
        )
        return None
    return data if _inspect(data, problems) else None


def _parse(raw: bytes, name: str, problems: Problems) -> Any:
    duplicates: dict[int, list[str]] = {}  # id of a mapping -> its repeated keys
    try:
        if name.lower().endswith(".json"):
            data = json.loads(
                raw, object_pairs_hook=lambda pairs: _mapping(pairs, duplicates)
            )
        else:
            if not _yaml_depth_ok(raw, problems):
                return None
            loader = _Loader(raw)
            loader.duplicates, loader._repeated = duplicates, {}
            try:
                data = loader.get_single_data()
            finally:
                loader.dispose()
        if data is None:  # parsed fine, to nothing: only whitespace and comments
            message = f"{name} holds no OpenAPI document: it is empty, or only null"
            problems.error("#", message, code="E-PARSE")
        if duplicates:
            _report_duplicates(data, duplicates, problems)
        return data
    except (ValueError, yaml.YAMLError) as exc:
        problems.error("#", f"cannot parse {name}: {_one_line(exc)}", code="E-PARSE")
    except RecursionError:
        problems.error(
            "#", f"{name} nests deeper than {MAX_DEPTH} levels", code="E-DEPTH"
        )
    return None


def _mapping(
    pairs: list[tuple[str, Any]], duplicates: dict[int, list[str]]
) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) < len(pairs):
        seen: set[str] = set()
        repeated = duplicates[id(mapping)] = []
        for key, _ in pairs:
            if key in seen:
                repeated.append(key)
            seen.add(key)
    return mapping


def _report_duplicates(
    data: Any, duplicates: dict[int, list[str]], problems: Problems
) -> None:
    """Warn at each duplicate key: the parsers keep the last value; nothing is silently lost."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    seen: set[int] = set()
    while stack and duplicates:
        node, path = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        for key in duplicates.pop(id(node), []) if isinstance(node, dict) else []:
            where = pointer(*path, key)
            problems.warn(
                where,
                f"duplicate key {key!r}; the last value is used",
                code="W-DUPLICATE-KEY",
            )
        items = node.items() if isinstance(node, dict) else enumerate(node)
        stack.extend((v, (*path, k)) for k, v in items if isinstance(v, (dict, list)))


def _yaml_depth_ok(raw: bytes, problems: Problems) -> bool:
    """Check the nesting depth from the parser's events alone (libyaml does not recurse)."""
    depth = 0
    for event in yaml.parse(raw, Loader=_Loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else "?"
                problems.error(
                    "#",
                    f"the document nests deeper than {MAX_DEPTH} levels (line {line})",
                    code="E-DEPTH",
                )
                return False
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return True


# A path to a node, as a linked list (parent, key): cheap to extend, spelled out only when needed.
_Link = tuple[Any, Any] | None


def _pointer(link: _Link) -> str:
    parts: list[Any] = []
    while link is not None:
        link, key = link
        parts.append(key)
    return pointer(*reversed(parts))


def _inspect(root: dict[str, Any], problems: Problems) -> bool:
    """Refuse cycles, alias bombs and deep nesting; turn YAML's non-string keys into strings.

    One iterative depth-first walk (no recursion, whatever the input), visiting each shared
    node once: ``size`` counts nodes as a naive walk would see them (aliases expanded), and
    ``height`` the levels below each node, so nesting built from aliases is measured too.
    """
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Any, _Link, int, bool]] = [(root, None, 1, False)]
    while stack:
        node, link, depth, leaving = stack.pop()
        if leaving:
            open_nodes.discard(id(node))
            children = [c for c in _children(node) if isinstance(c, (dict, list))]
            expanded = 1 + len(node) + sum(size[id(c)] - 1 for c in children)
            size[id(node)] = min(expanded, MAX_NODES + 1)
            height[id(node)] = 1 + max((height[id(c)] for c in children), default=0)
            continue
        if id(node) in open_nodes:
            problems.error(
                _pointer(link),
                "recursive YAML anchor: this node contains itself",
                code="E-YAML",
            )
            return False
        if id(node) in height:  # shared through an alias: measured already
            if depth - 1 + height[id(node)] > MAX_DEPTH:
                return _too_deep(link, problems)
            continue
        if depth > MAX_DEPTH:
            return _too_deep(link, problems)
        if isinstance(node, dict) and any(type(key) is not str for key in node):
            _normalise_keys(node, link, problems)
        _replace_surrogates(node, link, problems)
        open_nodes.add(id(node))
        stack.append((node, link, depth, True))
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, child in items:
            if isinstance(child, (dict, list)):
                stack.append((child, (link, key), depth + 1, False))
    if size[id(root)] > MAX_NODES:
        problems.error(
            "#", f"the document expands to more than {MAX_NODES} nodes (YAML alias bomb?)",
            code="E-SIZE",
        )  # fmt: skip
        return False
    return True


def _children(node: Any) -> Any:
    return node.values() if isinstance(node, dict) else node


def _too_deep(link: _Link, problems: Problems) -> bool:
    problems.error(
        _pointer(link), f"nests deeper than {MAX_DEPTH} levels", code="E-DEPTH"
    )
    return False


def _normalise_keys(node: dict[Any, Any], link: _Link, problems: Problems) -> None:
    """Replace the :class:`_RawKey` keys of ``node`` by plain strings, in place, with warnings."""
    items = list(node.items())
    node.clear()
    for key, value in items:
        text = str(key)
        if isinstance(key, _RawKey):
            problems.warn(
                _pointer((link, text)),
                f"key {text} is {_TYPE_NAMES.get(key.tag, 'not a string')} in YAML; "
                f"read as the string {text!r} (quote it to say so)",
                code="W-KEY-TYPE",
            )
        node[text] = value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(node: Any, link: _Link, problems: Problems) -> None:
    """Lone surrogates (``"\\ud800"`` in JSON) are no text: no file can hold them. Each one in
    a key or a string value becomes U+FFFD, with a warning at its pointer."""
    if isinstance(node, dict):
        if any(_SURROGATE.search(k) for k in node):
            for key in [k for k in node if _SURROGATE.search(k)]:
                fixed = _SURROGATE.sub("\ufffd", key)
                problems.warn(_pointer((link, fixed)), _SURROGATE_NOTE, code="W-TEXT")
                node[fixed] = node.pop(key)
        items: Any = node.items()
    else:
        items = enumerate(node)
    for key, value in list(items):
        if isinstance(value, str) and _SURROGATE.search(value):
            problems.warn(_pointer((link, key)), _SURROGATE_NOTE, code="W-TEXT")
            node[key] = _SURROGATE.sub("\ufffd", value)


_SURROGATE_NOTE = "holds a lone surrogate, which is not text; read as U+FFFD"


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())

"""Families about bounded work: recursive YAML anchors and inputs that are big by design.

Both run isolated (a subprocess with a watchdog and a memory limit): today some of them loop
forever, crash libyaml, or go exponential. Big inputs are recipes (see ``recipes.py``).
"""

from __future__ import annotations

from typing import Any

from hostile.corpus_base import Entry, next_tag

__all__ = ["anchor_cases", "bounded_cases"]

_HEAD = "openapi: 3.1.0\ninfo: {title: %s, version: '1'}\n"
_ANCHORS = {
    "schema-self": "paths: {}\ncomponents:\n  schemas:\n    Loop: &a\n      type: object\n"
    "      properties:\n        self: *a\n",
    "list-self": "paths: {}\nx-list: &l [1, *l]\n",
    "mutual": "paths: {}\ncomponents:\n  schemas:\n    A: &a\n      type: object\n"
    "      properties:\n        b: &b\n          type: object\n          properties: {a: *a}\n"
    "    B: *b\n",
    "paths-self": "paths: &p\n  /a:\n    get:\n      responses:\n        '200':\n"
    "          description: ok\n          x-back: *p\n",
    "all-of-self": "paths: {}\ncomponents:\n  schemas:\n    Base: &b\n      allOf: [*b]\n",
    "example-self": "paths: {}\ncomponents:\n  schemas:\n    Ex:\n      type: object\n"
    "      example: &e {self: *e}\n",
    "extension-self": "paths: {}\nx-meta: &m {again: *m}\n",
    "undefined-alias": "paths: {}\nx-root: *root\n",  # an alias to an anchor never defined
    "merge-key": "paths: {}\nx-base: &base {a: 1}\nx-merged: &m\n  <<: *base\n  self: *m\n",
    "items-self": "paths: {}\ncomponents:\n  schemas:\n    List: &l\n      type: array\n"
    "      items: *l\n",
}
_ALIAS_BOMB = "paths: {}\nx-a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"x-{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)
_SHARED = (
    "paths: {}\ncomponents:\n  schemas:\n    Base: &base\n      type: object\n"
    "      properties: {x: {type: string}}\n    Copy1: *base\n    Copy2: *base\n"
)


def anchor_cases() -> list[Entry]:
    cases = []
    for name, body in _ANCHORS.items():
        text = (_HEAD % next_tag()) + body
        cases.append(
            Entry(f"anchor--{name}", "recursive-anchor", text, [2], [{"pointer": "#", "level":
                  "error", "when": [2]}], file_name="openapi.yaml", isolate=True)
        )  # fmt: skip
    cases.append(
        Entry("anchor--alias-bomb", "recursive-anchor", (_HEAD % next_tag()) + _ALIAS_BOMB, [2],
              file_name="openapi.yaml", isolate=True, note="9^9 nodes once aliases expand")
    )  # fmt: skip
    cases.append(
        Entry("anchor--shared-not-recursive", "recursive-anchor", (_HEAD % next_tag()) + _SHARED,
              [0], file_name="openapi.yaml", isolate=True, note="aliases without a cycle are fine")
    )  # fmt: skip
    return cases


_RECIPES: dict[str, tuple[dict[str, Any], list[int], str]] = {
    "yaml-flow-list-50000": ({"kind": "yaml-flow-nesting", "shape": "list", "depth": 50000}, [2],
                             "yaml"),
    "yaml-flow-map-50000": ({"kind": "yaml-flow-nesting", "shape": "map", "depth": 50000}, [2],
                            "yaml"),
    "yaml-flow-list-1000": ({"kind": "yaml-flow-nesting", "shape": "list", "depth": 1000}, [0, 2],
                            "yaml"),
    "json-list-50000": ({"kind": "json-nesting", "shape": "list", "depth": 50000}, [2], "json"),
    "json-map-50000": ({"kind": "json-nesting", "shape": "map", "depth": 50000}, [2], "json"),
    "schema-nesting-3000": ({"kind": "schema-nesting", "depth": 3000}, [0, 2], "json"),
    "schema-nesting-200": ({"kind": "schema-nesting", "depth": 200}, [0, 2], "json"),
    "allof-fanout": ({"kind": "allof-fanout", "levels": 40, "width": 4}, [0, 2], "json"),
    "ref-chain-5000": ({"kind": "ref-chain", "length": 5000}, [0, 2], "json"),
    "validation-errors-20000": ({"kind": "validation-errors", "count": 20000}, [2], "json"),
    "broken-refs-20000": ({"kind": "broken-refs", "count": 20000}, [2], "json"),
    "enum-same-name-65000": ({"kind": "enum-same-name", "count": 65000}, [0, 2], "json"),
    "props-same-name-20000": ({"kind": "props-same-name", "count": 20000}, [0, 2], "json"),
    "long-description-1mb": ({"kind": "long-description", "size": 1_000_000}, [0, 2], "json"),
}  # fmt: skip
_CAPPED = {"validation-errors-20000", "broken-refs-20000"}


def bounded_cases() -> list[Entry]:
    cases = []
    for name, (recipe, exit_, ext) in _RECIPES.items():
        report: list[dict[str, Any]] = [{"pointer": "#", "level": "error", "when": [2]}]
        if name in _CAPPED:  # reporting stops after a cap with "...and N more"
            report.append({"text": "more", "when": [2]})
        cases.append(
            Entry(f"bounded--{name}", "bounded-work", None, exit_, report,
                  file_name=f"openapi.{ext}", recipe={**recipe, "title": next_tag()},
                  isolate=True)
        )  # fmt: skip
    return cases

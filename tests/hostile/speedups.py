"""Two caches that make hundreds of in-process generator runs affordable, and change nothing.

* **black**: the generator formats every file of every run, and most files (the runtime
  modules) are the same in every case except for the package name and the ``hxNNNN`` title
  tag it comes from. :func:`install` wraps ``black.format_str`` in a memo keyed by the text
  with that tag replaced by a placeholder of the same length and the same kind of
  characters (letters and digits), and puts the tag back in the result. black decides
  layout from tokens and their widths; a same-width renaming of one identifier part in
  every place changes neither, so the result is exactly what black gives for the original
  text. Texts that already contain the placeholder, or more than one tag, go to black as
  they are.
* **Jinja2**: the renderer builds a new template environment (and compiles every template)
  on each run. The environment depends only on the templates folder, and Jinja2's loader
  reloads a template whose file changed, so one environment per folder is reused (without
  the byte-code cache the command line gives it: the memo does that work here).

Both are installed for the harness only (see ``session.py``); the generator is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

__all__ = ["install"]

_TAG = re.compile(r"hx(\d{4})", re.IGNORECASE)
_PLACE = "9999"


def _memo_format(original: Callable[..., str]) -> Callable[..., str]:
    cache: dict[tuple[str, Any], str] = {}

    def format_str(src_contents: str, *, mode: Any) -> str:
        tags = {m.group(1) for m in _TAG.finditer(src_contents)}
        if len(tags) != 1 or _PLACE in tags or f"hx{_PLACE}" in src_contents.lower():
            key, tag = src_contents, None
        else:
            tag = tags.pop()
            key = _TAG.sub(lambda m: m.group(0)[:2] + _PLACE, src_contents)
        if (key, mode) not in cache:
            cache[(key, mode)] = original(key, mode=mode)
        result = cache[(key, mode)]
        if tag is None:
            return result
        return re.sub(r"(hx|HX|hX|Hx)" + _PLACE, lambda m: m.group(1) + tag, result)

    return format_str


def install() -> Callable[[], None]:
    """Install both caches; returns the function that removes them."""
    import black

    import generator.render as render

    undo: list[Callable[[], None]] = []
    original_format = black.format_str
    black.format_str = _memo_format(original_format)
    undo.append(lambda: setattr(black, "format_str", original_format))
    environment = getattr(render, "_environment", None)
    if callable(environment):
        envs: dict[str, Any] = {}

        def cached(templates: Any, cache: Any = None) -> Any:
            # This memo stands in for the run's byte-code cache (``cache``), which would
            # tie the shared environment to the folder of the first case that made it.
            key = str(templates)
            if key not in envs:
                envs[key] = environment(templates)
            return envs[key]

        render._environment = cached
        undo.append(lambda: setattr(render, "_environment", environment))

    def remove() -> None:
        for step in reversed(undo):
            step()

    return remove

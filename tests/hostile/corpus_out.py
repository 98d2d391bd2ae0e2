"""Family ``out-folder``: ``--out`` owns exactly what it wrote, on fake trees in the sandbox.

Each case lays out a tree (``tree``: sandbox path -> text, ``{"symlink": target}``, or
``{"append": text}`` to edit a file an earlier generation wrote, or ``{"forged_manifest":
[paths]}``), optionally generates once first (``pregen``), then runs the generator and
checks that every path in ``keep`` is exactly as before (bytes, link target, or absence).
Never a real system folder: the "home" is ``$HOME`` pointed into the sandbox.
"""

from __future__ import annotations

from typing import Any

from hostile.corpus_base import Entry, base_spec

__all__ = ["out_folder_cases"]

_FOREIGN = {"out/.git/HEAD": "ref: refs/heads/main\n", "out/src/app.py": "print('mine')\n",
            "out/.env": "TOKEN=mine\n"}  # fmt: skip


def _fill(value: Any, package: str) -> Any:
    """``value`` with every ``@PKG@`` (in strings, keys and lists) replaced by the package."""
    if isinstance(value, str):
        return value.replace("@PKG@", package)
    if isinstance(value, list):
        return [_fill(v, package) for v in value]
    if isinstance(value, dict):
        return {_fill(k, package): _fill(v, package) for k, v in value.items()}
    return value


def _case(
    name: str,
    exit_: list[int],
    *,
    tree: dict[str, Any] | None = None,
    keep: list[str] | None = None,
    changed: list[str] | None = None,
    report: list[dict[str, Any]] | None = None,
    args: list[str] | None = None,
    pregen: bool = False,
    out: str = "out",
    env: dict[str, str] | None = None,
) -> Entry:
    spec = base_spec()
    package = f"{spec['info']['title']}_client"
    return Entry(
        f"out--{name}", "out-folder", spec, exit_, _fill(report or [], package),
        args=args or [], tree=_fill(tree or {}, package), pregen=pregen,
        keep=_fill(keep or [], package), changed=_fill(changed or [], package), out=out,
        env=env or {},
    )  # fmt: skip


def out_folder_cases() -> list[Entry]:
    thing = "out/@PKG@/models/thing.py"
    edit = {"append": "\n# edited by hand\n"}
    victim = "victim.txt"
    return [
        _case("foreign-files-no-manifest", [2], tree=dict(_FOREIGN), keep=list(_FOREIGN)),
        _case("foreign-files-force", [0], tree=dict(_FOREIGN), keep=list(_FOREIGN),
              args=["--force"]),
        _case("lookalike-no-manifest", [2], tree={"out/@PKG@/__init__.py": "mine = 1\n"},
              keep=["out/@PKG@/__init__.py"]),
        _case("empty-folder", [0], tree={"out/": {"dir": True}}),
        _case("nested-new-folder", [0], out="new/deeper/out"),
        _case("custom-files-kept", [0], pregen=True,
              tree={"out/@PKG@/custom_helpers.py": "X = 1\n", "out/@PKG@/tests/test_mine.py":
                    "def test() -> None: ...\n", "out/notes.md": "mine\n"},
              keep=["out/@PKG@/custom_helpers.py", "out/@PKG@/tests/test_mine.py",
                    "out/notes.md"]),
        _case("hand-edit-reported", [0, 1, 2], pregen=True, tree={thing: edit}, keep=[thing],
              report=[{"text": "thing.py", "when": [0, 1, 2]}]),
        _case("hand-edit-force", [0], pregen=True, tree={thing: edit}, changed=[thing],
              args=["--force"]),
        _case("manifest-symlink", [0, 2], tree={"out/.codegen-manifest.json": {"symlink":
              "../victim.txt"}}, keep=[victim, "out/.codegen-manifest.json"]),
        _case("package-dir-symlink", [2], tree={"elsewhere/keep.py": "X = 1\n",
              "out/@PKG@": {"symlink": "../elsewhere"}},
              keep=["elsewhere/keep.py", "elsewhere/__init__.py", "out/@PKG@"]),
        _case("file-symlink-after-pregen", [0, 2], pregen=True,
              tree={thing: {"symlink": "../../../victim.txt"}}, keep=[victim, thing]),
        _case("dangling-dir-symlink", [0, 2], tree={"out/@PKG@/models": {"symlink":
              "../../newdir"}}, keep=["newdir", "out/@PKG@/models"]),
        _case("forged-manifest", [0, 1, 2], pregen=True,
              tree={"out/.codegen-manifest.json": {"forged_manifest": ["../victim.txt",
                    "@SANDBOX@/victim.txt", "../home/.bashrc"]}},
              keep=[victim, "home/.bashrc"]),
        _case("out-is-a-file", [2], tree={"out": "not a folder\n"}, keep=["out"]),
        _case("out-is-ancestor-of-cwd", [2], out=".", keep=["cwd/mine.txt", "home/.bashrc",
              "specs/creds.yaml", victim]),
        _case("out-is-home", [2], out="home", env={"HOME": "@SANDBOX@/home"},
              keep=["home/.bashrc", "home/.ssh/id_ed25519"]),
    ]  # fmt: skip

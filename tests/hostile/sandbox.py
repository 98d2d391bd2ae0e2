"""One folder per case, holding the spec, canary files, a fake home and the output folder.

Layout (``@SANDBOX@`` in a case is this folder)::

    cwd/mine.txt            the working folder of the run
    specs/<file name>       the spec under test; specs/creds.{yaml,json} are canaries
    specs/shared/           what --allow-external-refs may read (evil.yaml links out of it)
    secrets/creds.{yaml,json}   canaries: never opened, their text never echoed
    victim.txt, home/...    files a run must never touch
    out/                    the default --out (absent until a case's tree makes it)
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hostile import recipes
from hostile.cases import HOSTILE_DIR, Case

__all__ = ["CANARY", "Sandbox", "Snapshot", "make_sandbox", "snapshot"]

CANARY = "SECRET-CANARY-7f3a9c2e"
_CREDS = {
    "type": "object",
    "description": CANARY,
    "properties": {"token": {"type": "string", "default": CANARY}},
    "components": {"schemas": {"Secret": {"type": "object", "description": CANARY}}},
    "openapi": CANARY,
}
_PET = {"type": "object", "properties": {"name": {"type": "string"}}}
_FIXED_FILES = {
    "cwd/mine.txt": "mine\n",
    "secrets/creds.yaml": json.dumps(_CREDS),  # JSON is YAML too
    "secrets/creds.json": json.dumps(_CREDS),
    "specs/creds.yaml": json.dumps(_CREDS),
    "specs/creds.json": json.dumps(_CREDS),
    "specs/shared/pet.yaml": json.dumps(_PET),
    "specs/shared/defs.yaml": json.dumps({"Pet": _PET}),
    "specs/shared/outer.yaml": json.dumps({"$ref": "../../secrets/creds.yaml"}),
    "victim.txt": "victim: must never change\n",
    "home/.bashrc": "export PS1='$ '\n",
    "home/.ssh/id_ed25519": "not a real key\n",
}

Snapshot = dict[str, tuple[str, str]]  # relative path -> (kind, sha256 or link target)


@dataclass
class Sandbox:
    root: Path
    spec: Path  # may hold bytes that are not UTF-8 (surrogate-escaped)
    out: Path
    cwd: Path
    placeholders: dict[str, str]

    @property
    def cache(self) -> Path:
        """The run's cache folder (``--cache-dir``): beside the sandbox, where writing is fine."""
        return self.root.parent / f"{self.root.name}.cache"

    @property
    def canaries(self) -> list[str]:
        return [str(self.root / p) for p in ("specs/creds.yaml", "specs/creds.json")]

    @property
    def canary_dirs(self) -> list[str]:
        return [str(self.root / "secrets")]

    def fill(self, text: str) -> str:
        for key, value in self.placeholders.items():
            text = text.replace(key, value)
        return text


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_sandbox(case: Case, root: Path, ports: dict[str, int]) -> Sandbox:
    """Lay out the sandbox and the spec (placeholders filled); the case's tree comes later."""
    placeholders = {"@SANDBOX@": str(root)} | {f"@{k}_PORT@": str(v) for k, v in ports.items()}
    for rel, text in _FIXED_FILES.items():
        _write(root / rel, text)
    (root / "specs/shared/evil.yaml").symlink_to("../../secrets/creds.yaml")
    box = Sandbox(root, Path(), root / "out", root / "cwd", placeholders)
    if case.recipe is not None:
        data = recipes.build(case.recipe)
    else:
        assert case.spec is not None, case.id
        raw = (HOSTILE_DIR / case.spec).read_bytes().decode("utf-8", "surrogatepass")
        data = box.fill(raw).encode("utf-8", "surrogatepass")
    spec_dir = os.fsencode(root / "specs")
    spec_path = os.path.join(spec_dir, case.raw_file_name)
    with open(spec_path, "wb") as f:
        f.write(data)
    box.spec = Path(os.fsdecode(spec_path))
    box.out = (root / box.fill(case.out)).resolve() if case.out != "." else root
    return box


def apply_tree(box: Sandbox, tree: dict[str, Any]) -> None:
    """Create the case's files, folders and symlinks; edit or forge what a pregen wrote."""
    for rel, value in tree.items():
        path = box.root / box.fill(rel)
        if isinstance(value, str):
            _write(path, value)
        elif value.get("dir"):
            path.mkdir(parents=True, exist_ok=True)
        elif "symlink" in value:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_symlink() or path.is_file():
                path.unlink()
            path.symlink_to(box.fill(value["symlink"]))
        elif "append" in value:
            with path.open("a", encoding="utf-8") as f:
                f.write(value["append"])
        elif "forged_manifest" in value:
            _forge_manifest(box, path, [box.fill(p) for p in value["forged_manifest"]])
        else:
            raise ValueError(f"unknown tree entry {rel}: {value!r}")


def _forge_manifest(box: Sandbox, manifest: Path, claims: list[str]) -> None:
    """A manifest that claims files outside --out, with their true hashes (so they look owned)."""
    data = json.loads(manifest.read_text(encoding="utf-8"))
    for claim in claims:
        target = (box.out / claim) if not os.path.isabs(claim) else Path(claim)
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
        data["files"][claim] = {"render": digest, "body": digest, "output": digest}
    manifest.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def snapshot(root: Path) -> Snapshot:
    """Every file, folder and symlink under ``root``, without following links."""
    result: Snapshot = {}
    if not os.path.lexists(root):
        return result
    if not root.is_dir() or root.is_symlink():
        return {".": _entry(root)}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            full = os.path.join(dirpath, name)
            result[os.path.relpath(full, root)] = _entry(Path(full))
    return result


def _entry(path: Path) -> tuple[str, str]:
    if path.is_symlink():
        return ("link", os.readlink(path))
    if path.is_dir():
        return ("dir", "")
    try:
        return ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    except OSError as exc:
        return ("unreadable", str(exc))

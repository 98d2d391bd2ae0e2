"""The generated client as a package: built by hatchling from the tree as it is.

``pip install ./generated`` once built with setuptools, whose ``build/`` folder in the
source tree then shipped a module that had been deleted. hatchling builds straight from
the tree, writes nothing into it, and the wheel holds exactly the files the generator
wrote: these tests build the wheel (offline, with the hatchling the lock pins) and compare.
The metadata carries the README as the long description, the licence and the URLs, from
the spec and the config (``license:``, ``urls:``), both checked like every config key.
"""

from __future__ import annotations

import email
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest
import tomllib
from codegen_helpers import generate_client, spec_31

from conftest import ROOT
from generator.config import load_config
from generator.problems import Problems

GENERATED = ROOT / "generated"
PACKAGES = {
    "generated": (GENERATED, "sendcloud_integrations"),
    "golden-features": (ROOT / "tests/golden/features/expected", "golden_features_client"),
    "golden-types": (ROOT / "tests/golden/types/expected", "golden_types_client"),
}
_IGNORED = {"__pycache__", ".mypy_cache"}


def build_wheel(project: Path, out: Path) -> Path:
    """The project's wheel, built by its PEP 517 backend into ``out`` (no isolation)."""
    backend = tomllib.loads((project / "pyproject.toml").read_text("utf-8"))["build-system"]
    assert backend == {"requires": ["hatchling==1.33.0"], "build-backend": "hatchling.build"}
    script = "import sys, hatchling.build as b; print(b.build_wheel(sys.argv[1]))"
    result = subprocess.run(
        [sys.executable, "-c", script, str(out)],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out / result.stdout.strip().splitlines()[-1]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not _IGNORED & set(p.relative_to(folder).parts)
    }


@pytest.mark.parametrize("name", PACKAGES)
def test_the_wheel_holds_exactly_the_package_and_the_tree_is_untouched(
    name: str, tmp_path: Path
) -> None:
    project, package = PACKAGES[name]
    before = tree(project)
    wheel = build_wheel(project, tmp_path)
    assert tree(project) == before, "building wrote into the source tree"
    with zipfile.ZipFile(wheel) as archive:
        shipped = {n: archive.read(n) for n in archive.namelist() if ".dist-info/" not in n}
    on_disk = {f"{package}/{k}": v for k, v in tree(project / package).items()}
    assert shipped == on_disk


def test_the_wheel_ships_only_what_the_generator_wrote(tmp_path: Path) -> None:
    manifest = json.loads((GENERATED / ".codegen-manifest.json").read_text("utf-8"))
    written = {p for p in manifest["files"] if p.startswith("sendcloud_integrations/")}
    with zipfile.ZipFile(build_wheel(GENERATED, tmp_path)) as archive:
        shipped = {n for n in archive.namelist() if ".dist-info/" not in n}
    assert shipped == written


def test_the_wheel_metadata_has_readme_licence_and_urls(tmp_path: Path) -> None:
    with zipfile.ZipFile(build_wheel(GENERATED, tmp_path)) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        metadata = email.message_from_bytes(archive.read(name))
    assert metadata["Name"] == "sendcloud-integrations"
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata.get_all("Project-URL") == [
        "Support, https://www.sendcloud.dev",
        "License, https://www.apache.org/licenses/LICENSE-2.0.html",
    ]
    assert metadata.get_all("Requires-Dist") == ["httpx<1,>=0.27"]
    assert metadata["Description-Content-Type"] == "text/markdown"
    readme = (GENERATED / "README.md").read_text("utf-8")
    assert metadata.get_payload() == readme


def test_two_builds_give_the_same_wheel(tmp_path: Path) -> None:
    first = build_wheel(GENERATED, tmp_path / "a").read_bytes()
    assert build_wheel(GENERATED, tmp_path / "b").read_bytes() == first


# -- where the metadata comes from -------------------------------------------------------


def pyproject(
    tmp_path: Path, spec: dict[str, Any], package: str
) -> tuple[dict[str, Any], Problems]:
    gen = generate_client(spec, tmp_path, package)
    text = (gen.out / "pyproject.toml").read_text("utf-8")
    return tomllib.loads(text)["project"], gen.problems


def test_the_specs_licence_identifier_and_urls_are_used(tmp_path: Path) -> None:
    spec = spec_31(paths={})
    spec["info"] |= {
        "license": {"name": "MIT License", "identifier": "MIT"},  # 3.1: identifier, or url
        "contact": {"name": "Support", "url": "https://help.test"},
    }
    spec["externalDocs"] = {"url": "https://docs.test/api"}
    project, problems = pyproject(tmp_path, spec, "meta_identifier")
    assert project["license"] == "MIT"
    assert project["readme"] == "README.md"
    assert project["urls"] == {
        "Documentation": "https://docs.test/api",
        "Support": "https://help.test",
    }
    assert not problems.warnings


def test_a_licence_name_is_free_text_and_a_bad_url_is_left_out(tmp_path: Path) -> None:
    spec = spec_31(paths={})
    spec["info"] |= {
        "license": {"name": "Proprietary \"licence\""},
        "contact": {"url": "javascript:alert(1)"},
    }
    project, problems = pyproject(tmp_path, spec, "meta_free_text")
    assert project["license"] == {"text": 'Proprietary "licence"'}
    assert "urls" not in project
    assert [(p.pointer, p.code) for p in problems.warnings] == [
        ("#/info/contact/url", "W-DOCS")
    ]


def load(tmp_path: Path, text: str) -> tuple[object, Problems]:
    path = tmp_path / "codegen.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    problems = Problems()
    return load_config(path, problems), problems


def test_the_config_sets_licence_and_urls(tmp_path: Path) -> None:
    config, problems = load(
        tmp_path,
        """
        license: MIT OR Apache-2.0
        urls:
          Source: https://git.test/client
          Issues: http://git.test/client/issues
        """,
    )
    assert not problems.items
    assert config.license == "MIT OR Apache-2.0"  # type: ignore[attr-defined]
    assert config.urls == {  # type: ignore[attr-defined]
        "Source": "https://git.test/client",
        "Issues": "http://git.test/client/issues",
    }


@pytest.mark.parametrize(
    ("text", "pointer", "message"),
    [
        ("license: Apache 2.0\n", "#/license", "is not an SPDX licence expression"),
        ("license: [MIT]\n", "#/license", "is not an SPDX licence expression"),
        ("urls:\n  Docs: javascript:alert(1)\n", "#/urls/Docs", "is not an http(s) URL"),
        ('urls:\n  Docs: "https://x.test/a b"\n', "#/urls/Docs", "is not an http(s) URL"),
        ("urls: [https://x.test]\n", "#/urls", "must be a mapping"),
        ("url: {}\n", "#/url", "unknown key 'url' (did you mean 'urls'?)"),
    ],
)
def test_bad_licence_or_urls_are_config_errors(
    tmp_path: Path, text: str, pointer: str, message: str
) -> None:
    _, problems = load(tmp_path, text)
    assert [(p.pointer, p.code) for p in problems] == [(pointer, "E-CONFIG")]
    assert message in problems.errors[0].message

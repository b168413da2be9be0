"""A non-editable install ships the rulesets, the schemas and the compiled engine, and works from another directory;
the sdist carries the vendored engine sources, so building it needs only a C compiler."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.skipif(os.environ.get("KEMITRAAN_SKIP_PACKAGING") == "1", reason="packaging test disabled")
def test_wheel_install_works_from_another_directory(tmp_path: Path) -> None:
    """pip install (non-editable) into a fresh target, then evaluate an example from an unrelated folder."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(target), str(ROOT)],
        check=True,
        capture_output=True,
    )
    installed = target / "kemitraan_rules"
    assert (installed / "rulesets" / "catalogue.yaml").is_file()
    assert (installed / "schemas" / "scenario.schema.json").is_file()
    work = tmp_path / "elsewhere"
    work.mkdir()
    example = ROOT / "examples" / "scenarios" / "inti_plasma.yaml"
    code = (
        "import kemitraan_rules, sys; import kemitraan_rules._durable_engine; from kemitraan_rules import Engine;"
        f"assert kemitraan_rules.__file__.startswith({str(target)!r}), kemitraan_rules.__file__;"
        f"print(Engine().evaluate({str(example)!r}).best('legal').pattern);"
        # the engine is our compiled copy, whatever durable-rules may also be installed
        "assert 'durable' not in sys.modules and 'durable_rules_engine' not in sys.modules, sorted(sys.modules);"
        f"assert kemitraan_rules._durable_engine.__file__.startswith({str(target)!r})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env={**os.environ, "PYTHONPATH": str(target)}, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "inti_plasma"


@pytest.mark.skipif(os.environ.get("KEMITRAAN_SKIP_PACKAGING") == "1", reason="packaging test disabled")
def test_wheel_and_sdist_contents(tmp_path: Path) -> None:
    """The wheel holds the extension, the vendored host, rulesets (subfolders too), schemas and the vendored licence;
    the sdist holds the C sources and headers, the licence and the patch list."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("kemitraan_rules-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert any(n.startswith("kemitraan_rules/_durable_engine.") and n.endswith((".so", ".pyd")) for n in names), sorted(names)
    for expected in (
        "kemitraan_rules/_durable/engine.py",
        "kemitraan_rules/rulesets/catalogue.yaml",
        "kemitraan_rules/rulesets/lifecycle/steps.yaml",
        "kemitraan_rules/rulesets/settings/network.yaml",
        "kemitraan_rules/schemas/scenario.schema.json",
    ):
        assert expected in names, expected
    assert any(n.endswith("licenses/vendor/durable_rules/LICENSE") for n in names)
    assert not any(n.startswith(("durable/", "durable_rules_engine")) for n in names)

    sdists = tmp_path / "sdist"
    code = f"from setuptools import build_meta; print(build_meta.build_sdist({str(sdists)!r}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    with tarfile.open(sdists / result.stdout.strip().splitlines()[-1]) as archive:
        members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for expected in (
        "setup.py",
        "vendor/durable_rules/LICENSE",
        "vendor/durable_rules/PATCHES.md",
        "vendor/durable_rules/src/rules/rete.c",
        "vendor/durable_rules/src/rules/rete.h",
        "vendor/durable_rules/src/rulespy/rules.c",
        "rulesets/lifecycle/steps.yaml",
        "kemitraan_rules/schemas/scenario.schema.json",
    ):
        assert expected in members, expected

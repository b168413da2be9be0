"""A non-editable install ships the rulesets and schemas and works from another directory."""

from __future__ import annotations

import os
import subprocess
import sys
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
        "import kemitraan_rules, sys; from kemitraan_rules import Engine;"
        f"assert kemitraan_rules.__file__.startswith({str(target)!r}), kemitraan_rules.__file__;"
        f"print(Engine().evaluate({str(example)!r}).best('legal').pattern)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env={**os.environ, "PYTHONPATH": str(target)}, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "inti_plasma"

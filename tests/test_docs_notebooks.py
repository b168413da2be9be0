"""docs/notebooks.md runs: its examples are executed as a doctest from the repository root."""

from __future__ import annotations

import doctest
import os
from pathlib import Path

import pytest

from kemitraan_rules import options

ROOT = Path(__file__).parents[1]


def test_notebooks_page_examples_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example of docs/notebooks.md gives the output the page shows."""
    pytest.importorskip("pandas")
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(options, "_lang", "id")
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    result = doctest.testfile(os.fspath(ROOT / "docs" / "notebooks.md"), module_relative=False, optionflags=flags, verbose=False)
    assert result.attempted >= 15
    assert result.failed == 0

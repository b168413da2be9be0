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


def test_tour_notebook_explores_through_the_public_api_and_stores_its_outputs() -> None:
    """examples/notebooks/01_tour.ipynb asks what-if, counterfactual and sensitivity questions with the engine's
    methods and tabulates with reports_to_frame (no scenario dicts copied and edited by hand), and it is stored
    executed: every code cell has its outputs, none an error (CI re-runs it with ``pytest --nbmake``)."""
    import json

    notebook = json.loads((ROOT / "examples" / "notebooks" / "01_tour.ipynb").read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    source = "\n".join("".join(cell["source"]) for cell in code)
    for api in ("engine.what_if(", "engine.counterfactual(", "engine.sensitivity(", "reports_to_frame("):
        assert api in source, api
    assert "deepcopy" not in source and "to_dict()" not in source
    assert all(cell["outputs"] for cell in code)
    assert not [output for cell in code for output in cell["outputs"] if output.get("output_type") == "error"]

"""The command line: output formats, languages, exit codes, and errors without tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kemitraan_rules.cli import main

from .conftest import make_scenario


def _write(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_evaluate_prints_text_in_both_languages(tmp_path: Path) -> None:
    """Text output is Indonesian by default and English with --lang en."""
    path = _write(tmp_path, make_scenario(agreement="draf_mou"))
    runner = CliRunner()
    indonesian = runner.invoke(main, ["evaluate", str(path)])
    english = runner.invoke(main, ["evaluate", str(path), "--lang", "en"])
    assert indonesian.exit_code == 0 and english.exit_code == 0
    assert "Prasyarat" in indonesian.output and "Preconditions" in english.output


def test_evaluate_json_matches_the_library(tmp_path: Path, engine) -> None:  # type: ignore[no-untyped-def]
    """--format json prints exactly [Report.to_dict()] (a list, as for several files)."""
    data = make_scenario(agreement="draf_mou")
    result = CliRunner().invoke(main, ["evaluate", str(_write(tmp_path, data)), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == [json.loads(json.dumps(engine.evaluate(data).to_dict()))]


def test_invalid_scenario_exits_2_without_traceback(tmp_path: Path) -> None:
    """An invalid scenario: exit 2, the problem with its path on stderr, no traceback."""
    data = make_scenario()
    data["parties"][0]["scale"] = "tiny"
    result = CliRunner().invoke(main, ["evaluate", str(_write(tmp_path, data))])
    assert result.exit_code == 2
    assert "parties[0].scale" in result.output and "Traceback" not in result.output


def test_broken_rule_directory_exits_2(tmp_path: Path) -> None:
    """--rules with a broken rule file: exit 2 naming the file and line."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "bad.yaml").write_text(
        "ruleset: bad\nversion: '1'\nrules:\n  - id: x.y\n    when: [{smaller.scael: kecil}]\n"
        "    then: {warn: {drawback: ketergantungan}}\n    text: {id: a, en: b}\n    source: {author: A}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["evaluate", str(_write(tmp_path, make_scenario())), "--rules", str(rules), "--lang", "en"])
    assert result.exit_code == 2
    assert "bad.yaml:5" in result.output and "did you mean 'smaller.scale'" in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """A file that does not exist is invalid input, exit 2."""
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "nope.yaml" in result.output

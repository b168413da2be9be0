"""Conventions every command keeps: light imports, standard input as ``-``, one JSON shape, whole piped output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemitraan_rules.cli import main

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples" / "scenarios"

_PROBE = """
import sys
from kemitraan_rules.cli import main
try:
    main(sys.argv[1:], prog_name="kemitraan")
except SystemExit as exc:
    code = exc.code
heavy = sorted(name for name in ("networkx", "matplotlib", "pandas", "rich", "tqdm", "jsonschema") if name in sys.modules)
print("HEAVY=" + ",".join(heavy), file=sys.stderr)
print("LOADED=" + ",".join(sorted(sys.modules)), file=sys.stderr)
"""


def _modules_after(*args: str) -> list[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=env, check=False, cwd=ROOT)
    line = [text for text in result.stderr.splitlines() if text.startswith("HEAVY=")]
    assert line, result.stderr
    return [name for name in line[-1].removeprefix("HEAVY=").split(",") if name]


@pytest.mark.parametrize(
    "args",
    [("--help",), ("evaluate", str(EXAMPLES / "inti_plasma.yaml"), "--format", "json"), ("rules", "check")],
    ids=["help", "evaluate", "rules-check"],
)
def test_help_and_evaluate_import_no_optional_dependency(args: tuple[str, ...]) -> None:
    """`kemitraan --help`, `evaluate` and `rules check` load none of networkx, matplotlib, pandas, rich, tqdm, jsonschema."""
    assert _modules_after(*args) == []


def _loaded_after(*args: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=env, check=False, cwd=ROOT)
    line = [text for text in result.stderr.splitlines() if text.startswith("LOADED=")]
    assert line, result.stderr
    return set(line[-1].removeprefix("LOADED=").split(","))


def test_evaluate_loads_only_what_an_evaluation_needs() -> None:
    """`kemitraan evaluate` (most of its time is start-up) loads no other command's modules, no parallel-batch
    machinery and no logging; `kemitraan batch` does load the batch module (the probe sees what a command needs)."""
    loaded = _loaded_after("evaluate", str(EXAMPLES / "inti_plasma.yaml"), "--format", "json")
    unwanted = {
        "kemitraan_rules.batch",
        "kemitraan_rules.explore",
        "kemitraan_rules.authoring",
        "kemitraan_rules.network",
        "kemitraan_rules.lifecycle",
        "kemitraan_rules.cli.rules",
        "kemitraan_rules.cli.batch",
        "multiprocessing",
        "concurrent.futures",
        "logging",
        "random",
    }
    assert "kemitraan_rules.engine" in loaded
    assert sorted(unwanted & loaded) == []
    assert "kemitraan_rules.cli.batch" in _loaded_after("batch", "--help")


def test_the_program_freezes_the_collector_on_its_way_out_and_main_does_not(monkeypatch: pytest.MonkeyPatch) -> None:
    """`run` (the console script and ``python -m kemitraan_rules``) freezes what the command built before the process
    exits, so the interpreter's last collection skips it; `main`, which tests and embedding code call and then carry
    on, never freezes anything (its objects must stay collectable)."""
    import gc

    from kemitraan_rules.cli import run

    gc.unfreeze()
    try:
        CliRunner().invoke(main, ["--version"])
        assert gc.get_freeze_count() == 0
        monkeypatch.setattr(sys, "argv", ["kemitraan", "--version"])
        with pytest.raises(SystemExit) as stopped:
            run()
        assert stopped.value.code == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_the_program_prints_the_whole_report_when_piped() -> None:
    """Frozen out of the last collection, the program still writes its whole output: the JSON of a report, complete."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kemitraan_rules", "evaluate", str(EXAMPLES / "inti_plasma.yaml"), "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    reports = json.loads(result.stdout)
    assert [report["scenario"] for report in reports] == ["inti_plasma"]
    assert reports[0]["recommendations"]


def test_network_command_is_the_one_that_loads_networkx() -> None:
    """The probe sees networkx when a command does need it (so an empty list above is not a blind probe)."""
    assert "networkx" in _modules_after("network", str(ROOT / "examples" / "networks" / "lkp_network.yaml"))


def test_evaluate_reads_stdin_and_json_is_always_a_list() -> None:
    """`-` reads a scenario from standard input; --format json prints a list for one file as for several."""
    text = (EXAMPLES / "inti_plasma.yaml").read_text(encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(main, ["evaluate", "-", "--format", "json"], input=text)
    assert one.exit_code == 0, one.output
    two = runner.invoke(main, ["evaluate", "-", str(EXAMPLES / "pola_asuh.yaml"), "--format", "json"], input=text)
    assert two.exit_code == 0, two.output
    first, both = json.loads(one.output), json.loads(two.output)
    assert isinstance(first, list) and len(first) == 1 and len(both) == 2
    assert first[0] == both[0] and first[0]["scenario"] == "inti_plasma"


def test_evaluate_jsonl_is_one_report_a_line() -> None:
    """--format jsonl prints one compact report per line, equal to the JSON list's items."""
    files = [str(EXAMPLES / "inti_plasma.yaml"), str(EXAMPLES / "pola_asuh.yaml")]
    runner = CliRunner()
    lines = runner.invoke(main, ["evaluate", *files, "--format", "jsonl"]).output.splitlines()
    listed = json.loads(runner.invoke(main, ["evaluate", *files, "--format", "json"]).output)
    assert [json.loads(line) for line in lines] == listed


def test_invalid_stdin_names_stdin() -> None:
    """An invalid scenario on standard input exits 2 and its problems are located in 'stdin'."""
    result = CliRunner().invoke(main, ["evaluate", "-"], input="parties: [{id: a, kind: lkpx}]\n")
    assert result.exit_code == 2 and "stdin:1:" in result.output and "Traceback" not in result.output


def test_network_text_is_whole_when_piped_and_indonesian_by_default(tmp_path: Path) -> None:
    """Piped (not a terminal) output keeps every cell whole, however wide; the headers follow --lang (default id)."""
    long_a, long_b = "lembaga_kursus_dan_pelatihan_melati_kabupaten_bandung_barat", "perseroan_terbatas_garmen_nusantara_jaya_abadi"
    data = {
        "id": "lebar",
        "parties": [{"id": long_a, "kind": "lkp"}, {"id": long_b, "kind": "dudi"}],
        "partnerships": [{"party": long_a, "partner": long_b, "share": 0.9}],
    }
    path = tmp_path / "net.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    runner = CliRunner()
    indonesian = runner.invoke(main, ["network", str(path)])
    english = runner.invoke(main, ["network", str(path), "--lang", "en"])
    assert indonesian.exit_code == 0, indonesian.output
    assert long_a in indonesian.output and long_b in indonesian.output
    assert "pihak" in indonesian.output.splitlines()[1] and "party" in english.output.splitlines()[1]


def test_batch_reads_jsonl_from_stdin(tmp_path: Path) -> None:
    """`kemitraan batch -` reads JSONL from standard input; a line that is not JSON is reported with its number."""
    from kemitraan_rules._yaml import load_document
    from kemitraan_rules.errors import ScenarioError

    good = json.dumps(load_document(EXAMPLES / "inti_plasma.yaml", error=ScenarioError).data)
    result = CliRunner().invoke(main, ["batch", "-", "-w", "1", "--lang", "en"], input=f"not json\n{good}\n\n{{oops\n{good}\n")
    items = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["index"] for item in items] == [0, 1, 2, 3] and result.exit_code == 1
    assert items[0]["error"].startswith("stdin: line 1: not JSON: ") and items[2]["error"].startswith("stdin: line 4: not JSON: ")
    assert "report" in items[1] and "report" in items[3]


def test_rules_init_scaffolds_a_folder_that_checks_and_tests_clean(tmp_path: Path) -> None:
    """`rules init DIR`: a rule file whose modeline names the schema beside it, a passing scenario test; no overwrite."""
    from xml.etree import ElementTree as ET

    from kemitraan_rules import authoring

    folder = tmp_path / "Aturan-Daerah"
    runner = CliRunner()
    created = runner.invoke(main, ["rules", "init", str(folder)])
    assert created.exit_code == 0, created.output
    rule_file = folder / "aturan_daerah.yaml"
    assert rule_file.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=ruleset.schema.json"
    assert json.loads((folder / "ruleset.schema.json").read_text(encoding="utf-8")) == authoring.ruleset_json_schema()
    check = runner.invoke(main, ["rules", "check", str(folder), "--format", "json"])
    assert check.exit_code == 0 and json.loads(check.stdout) == []
    test = runner.invoke(main, ["rules", "test", str(folder), "--format", "junit"])
    suite = ET.fromstring(test.stdout).find("testsuite")
    assert test.exit_code == 0 and suite is not None and suite.get("tests") == "1" and suite.get("failures") == "0"
    again = runner.invoke(main, ["rules", "init", str(folder), "--lang", "en"])
    assert again.exit_code == 2 and "already exists" in again.output


def test_rules_check_lint_and_test_report_failures_as_json_and_junit(tmp_path: Path) -> None:
    """A broken rule is a JSON record with file and line and a JUnit failure; a failing scenario test likewise."""
    from xml.etree import ElementTree as ET

    folder = tmp_path / "aturan"
    runner = CliRunner()
    assert runner.invoke(main, ["rules", "init", str(folder)]).exit_code == 0
    rule_file = folder / "aturan.yaml"
    rule_file.write_text(rule_file.read_text(encoding="utf-8").replace("larger.provides", "larger.provide"), encoding="utf-8")
    check = runner.invoke(main, ["rules", "check", str(folder), "--format", "json"])
    (record,) = json.loads(check.stdout)
    assert check.exit_code == 1 and record["file"].endswith("aturan.yaml") and record["line"] and "larger.provide" in record["message"]
    junit = runner.invoke(main, ["rules", "check", str(folder), "--format", "junit"])
    suite = ET.fromstring(junit.stdout).find("testsuite")
    assert junit.exit_code == 1 and suite is not None and suite.get("failures") == "1"
    test_file = folder / "tests" / "aturan.yaml"
    assert runner.invoke(main, ["rules", "init", str(tmp_path / "ok"), "--name", "aturan"]).exit_code == 0
    (folder / "aturan.yaml").write_text((tmp_path / "ok" / "aturan.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    expectation = test_file.read_text(encoding="utf-8").replace("recommended: [aturan_magang]", "not_recommended: [aturan_magang]")
    test_file.write_text(expectation, encoding="utf-8")
    failed = runner.invoke(main, ["rules", "test", str(folder), "--format", "json"])
    (result,) = json.loads(failed.stdout)
    assert failed.exit_code == 1 and result["passed"] is False and result["failures"]
    lint = runner.invoke(main, ["rules", "lint", str(folder), "--format", "json"])
    assert isinstance(json.loads(lint.stdout), list)


def test_pytest_plugin_collects_rule_scenario_tests(tmp_path: Path) -> None:
    """pytest with the plugin runs a rules folder's scenario tests as items: one passes, a broken one fails with why."""
    folder = tmp_path / "aturan"
    assert CliRunner().invoke(main, ["rules", "init", str(folder)]).exit_code == 0
    (tmp_path / "notes.yaml").write_text("tests: [not, a, rules, folder]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # An installed kemitraan-rules registers the plugin itself (entry point pytest11); a source checkout on
    # PYTHONPATH names it with -p.  Either way it must load once.
    from importlib.metadata import entry_points

    installed = any(ep.value == "kemitraan_rules.authoring.pytest_plugin" for ep in entry_points(group="pytest11"))
    plugin = [] if installed else ["-p", "kemitraan_rules.authoring.pytest_plugin"]
    command = [sys.executable, "-m", "pytest", *plugin, "-p", "no:cacheprovider", "-q", str(tmp_path)]
    passed = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert passed.returncode == 0 and "1 passed" in passed.stdout, passed.stdout + passed.stderr
    test_file = folder / "tests" / "aturan.yaml"
    test_file.write_text(test_file.read_text(encoding="utf-8").replace("recommended: [", "not_recommended: ["), encoding="utf-8")
    failed = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert failed.returncode == 1 and "1 failed" in failed.stdout and "aturan_magang" in failed.stdout, failed.stdout


def test_network_reads_stdin() -> None:
    """`kemitraan network -` reads a network file from standard input and gives the same summary as the file."""
    path = ROOT / "examples" / "networks" / "lkp_network.yaml"
    runner = CliRunner()
    piped = runner.invoke(main, ["network", "-", "--format", "json"], input=path.read_text(encoding="utf-8"))
    named = runner.invoke(main, ["network", str(path), "--format", "json"])
    assert piped.exit_code == 0 and json.loads(piped.stdout)["findings"] == json.loads(named.stdout)["findings"]


LIFECYCLE = ROOT / "examples" / "lifecycle"
_LIFECYCLE_COMMANDS = {
    "map": (["map"], LIFECYCLE / "profile.yaml"),
    "screen": (["screen", str(LIFECYCLE / "profile.yaml")], LIFECYCLE / "candidates.yaml"),
    "plan": (["plan"], LIFECYCLE / "partnership.yaml"),
}


@pytest.mark.parametrize("command", sorted(_LIFECYCLE_COMMANDS))
def test_lifecycle_commands_read_stdin_and_json_is_always_a_list(command: str) -> None:
    """map, screen and plan read `-` as standard input and, like evaluate, print a JSON list for one input as for
    several; jsonl is the same records a line each; --lang is accepted as by evaluate."""
    head, path = _LIFECYCLE_COMMANDS[command]
    extra = ["--no-engine"] if command in ("screen", "plan") else []
    runner = CliRunner()
    one = runner.invoke(main, [*head, "-", *extra, "--format", "json"], input=path.read_text(encoding="utf-8"))
    assert one.exit_code == 0, one.output
    two = runner.invoke(main, [*head, str(path), str(path), *extra, "--format", "json", "--lang", "en"])
    assert two.exit_code == 0, two.output
    lines = runner.invoke(main, [*head, str(path), str(path), *extra, "--format", "jsonl", "--lang", "en"]).output.splitlines()
    first, both = json.loads(one.output), json.loads(two.output)
    assert isinstance(first, list) and len(first) == 1 and isinstance(both, list) and len(both) == 2
    assert both[0] == both[1] and [json.loads(line) for line in lines] == both


@pytest.mark.parametrize("command", sorted(_LIFECYCLE_COMMANDS))
def test_lifecycle_commands_name_stdin_in_problems_and_refuse_two_stdins(command: str) -> None:
    """Invalid input on standard input is located in 'stdin' (exit 2, no traceback); `-` twice is a usage error, not
    a second input read as empty."""
    head, path = _LIFECYCLE_COMMANDS[command]
    runner = CliRunner()
    bad = runner.invoke(main, [*head, "-"], input="id: [\n")
    assert bad.exit_code == 2 and "stdin" in bad.output and "Traceback" not in bad.output
    twice = runner.invoke(main, [*head, "-", "-"], input=path.read_text(encoding="utf-8"))
    assert twice.exit_code == 2 and "only once" in twice.output

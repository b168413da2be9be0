"""Rule authoring, part 1: ``check`` (the validator), the shipped JSON Schema, and their agreement on a corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from kemitraan_rules import authoring
from kemitraan_rules._yaml import load_document
from kemitraan_rules.cli.rules import rules
from kemitraan_rules.errors import RulesetError
from kemitraan_rules.rules import builtin, load_rulesets

CORPUS = Path(__file__).parent / "data" / "rulesets"
GOOD = sorted((CORPUS / "good").iterdir())
BAD = sorted((CORPUS / "bad").iterdir())
BAD_SEMANTIC = sorted((CORPUS / "bad_semantic").iterdir())
VALIDATOR = jsonschema.Draft202012Validator(json.loads(authoring.SCHEMA_PATH.read_text(encoding="utf-8")))
LOCATED = re.compile(r"^\S+:\d+:\d+: ")


def _expected(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), path
    return first.removeprefix("# expect: ")


def _schema_errors(path: Path) -> list[str]:
    data = load_document(path, error=RulesetError).data
    return [error.message for error in VALIDATOR.iter_errors(data)]


def _loader_problems(path: Path) -> list[str]:
    try:
        load_rulesets([path])
    except RulesetError as exc:
        return [p.message for p in exc.problems]
    return []


# --- the shipped schema -------------------------------------------------------------------------------------------


def test_shipped_schema_equals_generated() -> None:
    """The schema file in the package is exactly what ruleset_json_schema() generates (refresh: 'rules schema -o')."""
    assert authoring.SCHEMA_PATH.read_text(encoding="utf-8") == authoring.schema_text()


def test_schema_is_valid_draft_2020_12() -> None:
    """The shipped schema is itself a valid draft 2020-12 schema."""
    jsonschema.Draft202012Validator.check_schema(json.loads(authoring.SCHEMA_PATH.read_text(encoding="utf-8")))


def test_schema_lists_operators_conclusions_and_fields_for_autocompletion() -> None:
    """Editors can offer every field, operator and conclusion kind the loader knows."""
    schema = authoring.ruleset_json_schema()
    condition = schema["$defs"]["condition"]
    assert "relation.trust" in condition["properties"] and "smaller.provides" in condition["properties"]
    operators = condition["properties"]["relation.scale_gap"]["oneOf"][1]["properties"]
    assert {"gt", "gte", "lt", "lte", "eq", "in", "exists", "missing"} <= set(operators)
    assert "contains" not in operators  # list operators are not offered on an int field
    assert set(schema["$defs"]["conclusion"]["properties"]) == {
        "recommend",
        "exclude",
        "out_of_scope",
        "precondition",
        "principle",
        "element",
        "key",
        "warn",
        "derive",
    }


def test_cli_schema_command_writes_the_schema(tmp_path: Path) -> None:
    """'kemitraan rules schema -o FILE' writes the same schema as the shipped one."""
    target = tmp_path / "ruleset.schema.json"
    result = CliRunner().invoke(rules, ["schema", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8") == authoring.SCHEMA_PATH.read_text(encoding="utf-8")


# --- schema and validator agree ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_good_files_pass_schema_and_validator(path: Path) -> None:
    """A good rule file is accepted by both the loader and the schema."""
    assert _loader_problems(path) == []
    assert _schema_errors(path) == []


@pytest.mark.parametrize("path", BAD, ids=lambda p: p.name)
def test_bad_files_fail_schema_and_validator(path: Path) -> None:
    """A structurally bad file is refused by both, and the loader says what is wrong (the '# expect:' line)."""
    problems = _loader_problems(path)
    assert any(_expected(path) in message for message in problems), problems
    assert _schema_errors(path), f"the schema accepts {path.name}"


@pytest.mark.parametrize("path", BAD_SEMANTIC, ids=lambda p: p.name)
def test_cross_file_problems_are_left_to_the_validator(path: Path) -> None:
    """What needs all rulesets together (declared concepts, derived facts, ids) only the loader can see."""
    problems = _loader_problems(path)
    assert any(_expected(path) in message for message in problems), problems
    assert _schema_errors(path) == []


def test_builtin_rulesets_pass_the_schema() -> None:
    """Every shipped rule file validates against the shipped schema."""
    files = authoring.rule_files([], include_builtin=True)
    assert files
    for path in files:
        assert _schema_errors(path) == [], path.name


# --- check ---------------------------------------------------------------------------------------------------------


def test_check_accepts_builtin_rulesets() -> None:
    """The built-in rulesets check clean and the result carries the loaded rule base."""
    result = authoring.check([])
    assert result.ok and result.base is not None and result.base.rules


def test_check_reports_every_problem_with_location(tmp_path: Path) -> None:
    """check() returns all problems of a bad file, each located at file:line:column."""
    bad = tmp_path / "bad.yaml"
    bad.write_text((CORPUS / "bad" / "unknown_field.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = authoring.check([bad], include_builtin=False)
    assert not result.ok and result.base is None
    (problem,) = result.problems
    assert (problem.file, problem.line) == (str(bad), 13) and problem.column is not None
    line = authoring.format_problem(problem)
    assert LOCATED.match(line) and ": rule 'x.satu': " in line and "unknown field 'relation.trustt'" in line
    assert "did you mean 'relation.trust'?" in line
    assert re.search(r", \.\.\. \(\d+ in all\)\)", line)  # a long 'allowed' list is cut, not printed whole
    assert len(line) - len(str(bad)) < 450


def test_one_problem_prints_the_same_everywhere(tmp_path: Path) -> None:
    """The message of a RulesetError (what 'evaluate --rules' prints) and 'rules check' show the same problem line."""
    bad = tmp_path / "bad.yaml"
    bad.write_text((CORPUS / "bad" / "unknown_field.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (problem,) = authoring.check([bad], include_builtin=False).problems
    with pytest.raises(RulesetError) as caught:
        load_rulesets([bad])
    assert authoring.format_problem(problem) in str(caught.value).splitlines()[1]
    checked = CliRunner().invoke(rules, ["check", str(bad), "--no-builtin", "--lang", "en"])
    assert authoring.format_problem(problem) in checked.stdout


def test_check_missing_path_is_unusable_input() -> None:
    """A path that does not exist raises RulesetError (the CLI exits 2)."""
    with pytest.raises(RulesetError, match="no such rule file or directory"):
        authoring.check(["/no/such/dir"])


def test_check_does_not_load_a_builtin_file_twice() -> None:
    """Naming a built-in file explicitly does not make its ruleset name collide with itself."""
    one = next(p for p in builtin().iterdir() if p.suffix == ".yaml")
    assert authoring.check([one]).ok


def test_cli_check_exit_codes_and_output(tmp_path: Path) -> None:
    """'rules check' exits 0 on good files, 1 with compiler-style lines on bad ones, 2 on a missing path."""
    runner = CliRunner()
    good = runner.invoke(rules, ["check", str(CORPUS / "good" / "full.yaml"), "--no-builtin"])
    assert good.exit_code == 0, good.output
    bad = runner.invoke(rules, ["check", str(CORPUS / "bad" / "zero_weight.yaml"), "--no-builtin", "--lang", "en"])
    assert bad.exit_code == 1
    lines = [line for line in bad.stdout.splitlines() if line]
    assert lines and all(LOCATED.match(line) for line in lines)
    assert "rule 'x.satu': " in bad.stdout and "weight must be a non-zero number" in bad.stdout
    missing = runner.invoke(rules, ["check", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output


def test_cli_check_refuses_malformed_yaml_without_traceback(tmp_path: Path) -> None:
    """A file that is not YAML is a located problem (exit 1), not a crash."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("ruleset: x\nrules: [\n", encoding="utf-8")
    result = CliRunner().invoke(rules, ["check", str(broken), "--no-builtin", "--lang", "en"])
    assert result.exit_code == 1 and "not valid YAML/JSON" in result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit)

"""The ``kemitraan rules`` command group: check, lint, test and show rulesets from the shell.

Thin wrappers over :mod:`kemitraan_rules.authoring`: each command calls one function and prints its records.
Output lines read like a compiler's (``file:line:column: rule-id: message``) so editors and CI annotate them.

Exit status: 0 when all is well, 1 when problems, warnings or failing tests were found, 2 when the input is
unusable (a path that does not exist, rules that do not load where they are needed, an unknown rule id).  Errors
never show a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from .. import authoring
from ..errors import Problem, format_problem, message, suggest
from ..rules import RuleBase, builtin, load_rulesets
from ..vocabulary import Text
from .common import LocalisedGroup, error_word, handle_errors, lang_option

__all__ = ["rules"]

F = TypeVar("F", bound=Callable[..., Any])
_PATHS = click.Path(exists=True, path_type=Path)


def _base(extra: Sequence[Path], include_builtin: bool) -> RuleBase:
    return load_rulesets(authoring.rule_files(extra, include_builtin=include_builtin))


_no_builtin = click.option("--no-builtin", is_flag=True, help="Do not load the built-in rulesets with the given ones.")
_rules_option = click.option(
    "--rules",
    "rule_dirs",
    multiple=True,
    type=_PATHS,
    help="A rule directory or file to add to the built-in rulesets (repeatable).",
)


_format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "junit"]),
    default="text",
    show_default=True,
    help="json: a list of records; junit: JUnit XML for CI test reports.",
)


def _problem_record(problem: Problem, level: str = "error", lang: str = "id") -> dict[str, Any]:
    """A problem or lint warning as a plain record (the JSON output); its message in ``lang``."""
    return {
        "level": level,
        "code": problem.code,
        "file": problem.file,
        "line": problem.line,
        "column": problem.column,
        "rule": problem.rule,
        "message": format_problem(problem, lang) if isinstance(problem, Problem) else problem.text(lang),
    }


def _junit(suite: str, cases: Sequence[tuple[str, str, str | None]]) -> str:
    """JUnit XML of ``cases`` (name, classname, failure text or None) in one test suite named ``suite``."""
    from xml.etree import ElementTree as ET

    failures = sum(1 for _, _, failure in cases if failure is not None)
    root = ET.Element("testsuites")
    element = ET.SubElement(root, "testsuite", name=suite, tests=str(len(cases)), failures=str(failures), errors="0")
    for name, classname, failure in cases:
        case = ET.SubElement(element, "testcase", name=name, classname=classname)
        if failure is not None:
            ET.SubElement(case, "failure", message=failure.splitlines()[0] if failure else "failed").text = failure
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _emit_findings(command: str, fmt: str, files: Sequence[str], findings: Sequence[tuple[Any, str]], lang: str) -> None:
    """Print problems and warnings (``(item, level)``) as text lines, a JSON list, or JUnit XML (one case per
    finding; one passing case per checked file when there is none); problems in ``lang``."""
    if fmt == "json":
        records = [_problem_record(item, level, lang) for item, level in findings]
        click.echo(json.dumps(records, indent=2, ensure_ascii=False, sort_keys=True))
    elif fmt == "junit":
        cases: list[tuple[str, str, str | None]] = [
            (
                f"{item.code}: {item.rule or item.file or '-'}",
                str(item.file or command),
                format_problem(item, lang) if isinstance(item, Problem) else item.text(lang),
            )
            for item, _ in findings
        ]
        click.echo(
            _junit(f"kemitraan rules {command}", cases or [(str(name), command, None) for name in files] or [(command, command, None)]), nl=False
        )
    else:
        for item, _ in findings:
            click.echo(format_problem(item, lang) if isinstance(item, Problem) else item.text(lang))


@click.group(name="rules", cls=LocalisedGroup)
def rules() -> None:
    """Check, lint, test and show rulesets (see docs/rule-authoring.md)."""


@rules.command()
@click.argument("paths", nargs=-1, type=_PATHS)
@_no_builtin
@_format_option
@lang_option
@handle_errors
def check(paths: tuple[Path, ...], no_builtin: bool, fmt: str, lang: str) -> None:
    """Validate rule files: structure, ids, fields, operators and value types.

    PATHS are rule directories or files (default: the built-in rulesets).  Every problem is printed as
    file:line:column: rule-id: message; the exit status is 1 when there is any.
    """
    result = authoring.check(paths, include_builtin=not no_builtin)
    _emit_findings("check", fmt, [str(f) for f in result.files], [(problem, "error") for problem in result.problems], lang)
    count = len(result.problems)
    click.echo(message("check_summary" if count != 1 else "check_summary_one", lang, files=len(result.files), count=count), err=True)
    if count:
        raise SystemExit(1)


@rules.command()
@click.argument("paths", nargs=-1, type=_PATHS)
@_no_builtin
@click.option("--all", "show_all", is_flag=True, help="Also report warnings in the built-in rulesets.")
@_format_option
@lang_option
@handle_errors
def lint(paths: tuple[Path, ...], no_builtin: bool, show_all: bool, fmt: str, lang: str) -> None:
    """Find what is valid but probably wrong: rules that never fire, shadowed or conflicting rules, gaps, ...

    PATHS are rule directories or files (default: the built-in rulesets).  Exit status 1 when anything is found.
    """
    report = authoring.lint(paths or [builtin()], include_builtin=not no_builtin, only_paths=not show_all)
    findings = [(problem, "error") for problem in report.problems] + [(warning, "warning") for warning in report.warnings]
    _emit_findings("lint", fmt, [str(path) for path in paths] or ["rulesets"], findings, lang)
    click.echo(message("lint_summary", lang, problems=len(report.problems), warnings=len(report.warnings)), err=True)
    if not report.ok:
        raise SystemExit(1)


@rules.command(name="test")
@click.argument("dirs", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@_no_builtin
@click.option("-v", "--verbose", is_flag=True, help="List passing tests too.")
@_format_option
@lang_option
@handle_errors
def test_command(dirs: tuple[Path, ...], no_builtin: bool, verbose: bool, fmt: str, lang: str) -> None:
    """Run the scenario tests in DIR/tests/*.yaml against the rules of each DIR (default: the built-in ones).

    Each failing expectation is printed with the rules that fired and why the expected ones did not.
    """
    directories = list(dirs) or [builtin()]
    run = authoring.run_scenario_tests(directories, include_builtin=not no_builtin, lang=lang)
    if fmt != "text":
        _emit_test_run(run, fmt, lang)
        if not run.results and not run.problems:
            raise SystemExit(1)
        if not run.passed:
            raise SystemExit(1)
        return
    for problem in run.problems:
        click.echo(format_problem(problem, lang))
    for result in run.results:
        where = f"{result.file}:{result.line}" if result.line else result.file
        if result.passed:
            if verbose:
                click.echo(f"{where}: {result.name}: " + message("test_ok", lang))
            continue
        click.echo(f"{where}: {result.name}: " + message("test_failed", lang))
        for failure in result.failures:
            click.echo(f"    {failure}")
        click.echo("    " + message("rules_fired", lang, rules=", ".join(result.fired) or message("none", lang)))
    failed = len(run.failed)
    passed = len(run.results) - failed
    if not run.results and not run.problems:
        click.echo(message("no_scenario_tests", lang), err=True)
        raise SystemExit(1)
    click.echo(message("test_summary", lang, passed=passed, failed=failed, problems=len(run.problems)), err=True)
    if not run.passed:
        raise SystemExit(1)


def _emit_test_run(run: authoring.ScenarioTestRun, fmt: str, lang: str) -> None:
    """Scenario test results as a JSON list (one record per test; problems in test files as error records) or JUnit."""
    if fmt == "json":
        records: list[dict[str, Any]] = [_problem_record(problem, lang=lang) for problem in run.problems]
        records += [
            {
                "name": r.name,
                "file": r.file,
                "line": r.line,
                "passed": r.passed,
                "failures": [str(f) for f in r.failures],
                "fired": list(r.fired),
            }
            for r in run.results
        ]
        click.echo(json.dumps(records, indent=2, ensure_ascii=False, sort_keys=True))
        return
    cases: list[tuple[str, str, str | None]] = [(p.code, str(p.file or "tests"), format_problem(p, lang)) for p in run.problems]
    for r in run.results:
        fired = message("rules_fired", lang, rules=", ".join(r.fired) or message("none", lang))
        failure = None if r.passed else "\n".join([*(str(f) for f in r.failures), fired])
        cases.append((r.name, r.file, failure))
    click.echo(_junit("kemitraan rules test", cases), nl=False)


@rules.command()
@click.argument("rule_id", required=False)
@lang_option
@_rules_option
@handle_errors
def show(rule_id: str | None, lang: str, rule_dirs: tuple[Path, ...]) -> None:
    """Show a rule (or every rule) as readable text, with its ruleset, location and source."""
    base = _base(rule_dirs, True)
    try:
        text = authoring.show_rules(base, rule_id, lang=lang)
    except KeyError:
        text = message("unknown_choice", lang, what=Text("id aturan", "rule id"), shown=repr(rule_id))
        hint = suggest(rule_id, [rule.id for rule in base.rules])
        if hint is not None:
            text += "; " + message("_did_you_mean", lang, hint=repr(hint))
        click.echo(f"{error_word(lang)}: {text}", err=True)
        raise SystemExit(2) from None
    click.echo(text)


@rules.command()
@_rules_option
@click.option("--json", "as_json", is_flag=True, help="Print the fields as JSON.")
@handle_errors
def fields(rule_dirs: tuple[Path, ...], as_json: bool) -> None:
    """List every fact field rules can test, with its type and values (derived facts included)."""
    base = _base(rule_dirs, True)
    rows = authoring.field_rows(base)
    if as_json:
        data = [{"field": f.name, "type": f.type, "values": list(f.values), "description": f.description} for f in rows]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    width = max(len(f.name) for f in rows)
    for f in rows:
        values = f" [{', '.join(f.values)}]" if f.values else ""
        click.echo(f"{f.name.ljust(width)}  {f.type:<6}  {f.description}{values}")


@rules.command(name="schema")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
def schema(output: Path | None) -> None:
    """Print (or write) the JSON Schema of rule files, for editors such as VS Code YAML."""
    if output is None:
        click.echo(authoring.schema_text(), nl=False)
    else:
        authoring.write_ruleset_schema(output)


_INIT_RULES = """# yaml-language-server: $schema=ruleset.schema.json
# {title}
# Check: kemitraan rules check {dir}   Lint: kemitraan rules lint {dir}   Test: kemitraan rules test {dir}
# Use:   kemitraan evaluate SCENARIO --rules {dir}
ruleset: {name}
version: "0.1.0"
description: {{id: "Aturan tambahan.", en: "Additional rules."}}
concepts:
  pattern:
    {name}_magang:
      layer: legal
      label: {{id: "Magang industri", en: "Industry apprenticeship"}}
      description: {{id: "Peserta kursus magang di industri mitra.", en: "Course learners apprentice at the partner firm."}}
rules:
  - id: {name}.magang_job_order
    when:
      - larger.provides: job_order
      - smaller.kind: {{in: [lkp, pkbm]}}
    then:
      - recommend: {{pattern: {name}_magang, weight: 5}}
    text: {{id: "Mitra memberi job order kepada lembaga kursus.", en: "The partner gives job orders to a course centre."}}
    source: {{author: "ganti dengan sumber Anda / replace with your source", year: 2024}}
"""

_INIT_TEST = """# Scenario tests of the rules in this folder: kemitraan rules test {dir}
tests:
  - name: job_order_to_course_centre
    scenario:
      parties:
        - {{id: lkp, kind: lkp, scale: kecil}}
        - {{id: hotel, kind: dudi, scale: besar}}
      relationship: {{seeker: lkp, candidate: hotel, provides: {{hotel: [job_order]}}}}
    expect:
      recommended: [{name}_magang]
      fired: [{name}.magang_job_order]
"""

_INIT_DONE = {
    "id": "dibuat {dir}: {files}. Periksa dengan: kemitraan rules check {dir} && kemitraan rules test {dir}",
    "en": "created {dir}: {files}. Check with: kemitraan rules check {dir} && kemitraan rules test {dir}",
}
_INIT_EXISTS = {
    "id": "{path} sudah ada; tidak ada yang ditimpa (pilih folder lain atau hapus berkasnya)",
    "en": "{path} already exists; nothing was overwritten (choose another folder or remove the file)",
}


@rules.command(name="init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", default=None, help="Ruleset name (default: the folder's name, as a lowercase id).")
@lang_option
def init(directory: Path, name: str | None, lang: str) -> None:
    """Create a user rules folder: a rule file with an example rule, a scenario test, and the JSON Schema beside them.

    The rule file's first line points editors (VS Code YAML and others) at ``ruleset.schema.json`` in the same folder,
    so completion works outside a checkout of kemitraan-rules; the loader ignores ``*.schema.json`` files.
    """
    import re

    ruleset = name or re.sub(r"[^a-z0-9_]+", "_", directory.resolve().name.lower()).strip("_") or "aturan_saya"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", ruleset):
        ruleset = f"aturan_{ruleset}"
    files = {
        directory / f"{ruleset}.yaml": _INIT_RULES.format(title=ruleset, dir=directory, name=ruleset),
        directory / "tests" / f"{ruleset}.yaml": _INIT_TEST.format(dir=directory, name=ruleset),
        directory / "ruleset.schema.json": authoring.schema_text(),
    }
    for path in files:
        if path.exists():
            click.echo(f"{error_word(lang)}: " + _INIT_EXISTS[lang].format(path=path), err=True)
            raise SystemExit(2)
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    click.echo(_INIT_DONE[lang].format(dir=directory, files=", ".join(str(p.relative_to(directory)) for p in files)), err=True)

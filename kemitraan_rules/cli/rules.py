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
from ..errors import format_problem
from ..rules import RuleBase, builtin, load_rulesets
from .common import handle_errors

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


@click.group(name="rules")
def rules() -> None:
    """Check, lint, test and show rulesets (see docs/rule-authoring.md)."""


@rules.command()
@click.argument("paths", nargs=-1, type=_PATHS)
@_no_builtin
@handle_errors
def check(paths: tuple[Path, ...], no_builtin: bool) -> None:
    """Validate rule files: structure, ids, fields, operators and value types.

    PATHS are rule directories or files (default: the built-in rulesets).  Every problem is printed as
    file:line:column: rule-id: message; the exit status is 1 when there is any.
    """
    result = authoring.check(paths, include_builtin=not no_builtin)
    for problem in result.problems:
        click.echo(format_problem(problem))
    count = len(result.problems)
    click.echo(f"{len(result.files)} rule files checked, {count} problem{'s' if count != 1 else ''}", err=True)
    if count:
        raise SystemExit(1)


@rules.command()
@click.argument("paths", nargs=-1, type=_PATHS)
@_no_builtin
@click.option("--all", "show_all", is_flag=True, help="Also report warnings in the built-in rulesets.")
@handle_errors
def lint(paths: tuple[Path, ...], no_builtin: bool, show_all: bool) -> None:
    """Find what is valid but probably wrong: rules that never fire, shadowed or conflicting rules, gaps, ...

    PATHS are rule directories or files (default: the built-in rulesets).  Exit status 1 when anything is found.
    """
    report = authoring.lint(paths or [builtin()], include_builtin=not no_builtin, only_paths=not show_all)
    for problem in report.problems:
        click.echo(format_problem(problem))
    for warning in report.warnings:
        click.echo(str(warning))
    click.echo(f"{len(report.problems)} problems, {len(report.warnings)} warnings", err=True)
    if not report.ok:
        raise SystemExit(1)


@rules.command(name="test")
@click.argument("dirs", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@_no_builtin
@click.option("-v", "--verbose", is_flag=True, help="List passing tests too.")
@handle_errors
def test_command(dirs: tuple[Path, ...], no_builtin: bool, verbose: bool) -> None:
    """Run the scenario tests in DIR/tests/*.yaml against the rules of each DIR (default: the built-in ones).

    Each failing expectation is printed with the rules that fired and why the expected ones did not.
    """
    directories = list(dirs) or [builtin()]
    run = authoring.run_scenario_tests(directories, include_builtin=not no_builtin)
    for problem in run.problems:
        click.echo(format_problem(problem))
    for result in run.results:
        where = f"{result.file}:{result.line}" if result.line else result.file
        if result.passed:
            if verbose:
                click.echo(f"{where}: {result.name}: ok")
            continue
        click.echo(f"{where}: {result.name}: FAILED")
        for failure in result.failures:
            click.echo(f"    {failure}")
        click.echo("    rules fired: " + (", ".join(result.fired) or "(none)"))
    failed = len(run.failed)
    passed = len(run.results) - failed
    if not run.results and not run.problems:
        click.echo("no scenario tests found (write them in <rules dir>/tests/*.yaml)", err=True)
        raise SystemExit(1)
    click.echo(f"{passed} passed, {failed} failed, {len(run.problems)} problems in test files", err=True)
    if not run.passed:
        raise SystemExit(1)


@rules.command()
@click.argument("rule_id", required=False)
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True, help="Language of the text.")
@_rules_option
@handle_errors
def show(rule_id: str | None, lang: str, rule_dirs: tuple[Path, ...]) -> None:
    """Show a rule (or every rule) as readable text, with its ruleset, location and source."""
    base = _base(rule_dirs, True)
    try:
        text = authoring.show_rules(base, rule_id, lang=lang)
    except KeyError as exc:
        click.echo(f"error: {exc.args[0]}", err=True)
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

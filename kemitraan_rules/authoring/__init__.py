"""The rule-authoring wing: check, lint, test and show rulesets, and the JSON Schema of rule files.

Rule authors (researchers, ministry staff, consultants) adapt the rulesets without writing Python.  This package
gives them what rule-authoring tools such as Drools and DMN give theirs, as plain functions that return typed,
frozen records (the ``kemitraan rules ...`` commands in :mod:`kemitraan_rules.cli.rules` only print them):

* :func:`check` (module ``check``) validates rule files with the loader and returns every problem;
* :func:`lint` (``lint``) finds what is valid but probably wrong: rules that can never fire, shadowed or
  conflicting rules, gaps in the inventory, unused or underived derived facts, cycles, duplicate ids;
* :func:`run_scenario_tests` (``scenario_tests``) runs the scenario tests authors write beside their rules;
* :func:`show_rules` (``show``) renders rules as readable text in Indonesian or English, with their source;
* :func:`ruleset_json_schema` (``schema``) builds the JSON Schema shipped as ``schemas/ruleset.schema.json`` from
  the same tables the loader validates with, so that editors autocomplete exactly what the loader accepts.
"""

from __future__ import annotations

from ..errors import format_problem
from ..rules import rule_files
from .check import CheckResult, check
from .lint import LintReport, LintWarning, lint
from .scenario_tests import ExpectationFailure, ScenarioTestResult, ScenarioTestRun, run_scenario_tests, scenario_test_files
from .schema import SCHEMA_PATH, ruleset_json_schema, schema_text, write_ruleset_schema
from .show import condition_text, field_rows, rule_text, show_rules

__all__ = [
    "SCHEMA_PATH",
    "CheckResult",
    "ExpectationFailure",
    "LintReport",
    "LintWarning",
    "ScenarioTestResult",
    "ScenarioTestRun",
    "check",
    "condition_text",
    "field_rows",
    "format_problem",
    "lint",
    "rule_files",
    "rule_text",
    "ruleset_json_schema",
    "run_scenario_tests",
    "scenario_test_files",
    "schema_text",
    "show_rules",
    "write_ruleset_schema",
]

"""A pytest plugin: rule authors' scenario tests (``<rules dir>/tests/*.yaml``) collected as pytest items.

Registered through the ``pytest11`` entry point, so ``pytest`` in a project that keeps its own rules folder runs the
same tests as ``kemitraan rules test DIR`` and reports them with the rest (``-k``, JUnit XML, IDEs).  A YAML file is
collected only when it sits in a ``tests`` folder whose parent holds a rule file (a top-level ``ruleset:`` key), so
other YAML files are never touched.  Each rules folder runs once; each of its tests becomes one item.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from ..errors import format_problem
from ..rules import rule_files
from .scenario_tests import ScenarioTestResult, ScenarioTestRun, run_scenario_tests

__all__ = ["ScenarioTestFile", "ScenarioTestItem", "pytest_collect_file"]


def _is_rules_folder(folder: Path) -> bool:
    for path in rule_files([folder], include_builtin=False):
        head = path.read_text(encoding="utf-8", errors="replace")
        if any(line.startswith("ruleset:") for line in head.splitlines()):
            return True
    return False


@cache
def _run(folder: Path) -> ScenarioTestRun:
    """The scenario tests of one rules folder, run once per pytest session (whatever number of files it has)."""
    return run_scenario_tests([folder])


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    """Collect ``<rules dir>/tests/*.yaml`` (and ``.yml``) scenario test files."""
    if file_path.suffix in (".yaml", ".yml") and file_path.parent.name == "tests" and _is_rules_folder(file_path.parent.parent):
        return ScenarioTestFile.from_parent(parent, path=file_path)
    return None


class ScenarioTestFile(pytest.File):
    """One scenario test file; its items are the tests it names."""

    def collect(self) -> Iterator[pytest.Item]:
        run = _run(self.path.parent.parent.resolve())
        mine = self.path.resolve()
        for problem in run.problems:
            if problem.file and Path(problem.file).resolve() == mine:
                yield ScenarioTestItem.from_parent(self, name=f"{problem.code}:{problem.line}", result=None, problem=format_problem(problem))
        for result in run.results:
            if Path(result.file).resolve() == mine:
                yield ScenarioTestItem.from_parent(self, name=result.name, result=result, problem=None)


class ScenarioTestFailed(Exception):
    """A scenario test's expectations were not met (or its entry in the test file is invalid)."""


class ScenarioTestItem(pytest.Item):
    """One scenario test: passes when every expectation holds."""

    def __init__(self, *, result: ScenarioTestResult | None, problem: str | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.result = result
        self.problem = problem

    def runtest(self) -> None:
        if self.problem is not None:
            raise ScenarioTestFailed(self.problem)
        assert self.result is not None
        if not self.result.passed:
            lines = [str(failure) for failure in self.result.failures]
            lines.append("rules fired: " + (", ".join(self.result.fired) or "(none)"))
            raise ScenarioTestFailed("\n".join(lines))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioTestFailed):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.result.line if self.result is not None and self.result.line else None
        return self.path, None if line is None else line - 1, f"scenario test {self.name}"

"""Checking rule files: gather them, validate them with the loader, return every problem as a record."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import attrs

from ..errors import Problem, RulesetError
from ..rules import (
    RuleBase,
    load_rulesets,
    rule_files,
)

# --------------------------------------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class CheckResult:
    """The outcome of :func:`check`: every problem found, and the rule base when there was none."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]
    base: RuleBase | None

    @property
    def ok(self) -> bool:
        return not self.problems


def check(paths: Sequence[str | Path], *, include_builtin: bool = True) -> CheckResult:
    """Validate the rule files in ``paths`` (with the built-in rulesets, which user rules usually refer to).

    Structure, ids, fact fields, operators and value types are checked by :func:`kemitraan_rules.rules.load_rulesets`;
    this function only gathers the files and turns the exception into a result.  A path that does not exist raises
    :class:`RulesetError` (unusable input, not a problem of a rule file).
    """
    files = rule_files(paths, include_builtin=include_builtin)
    names = tuple(str(f) for f in files)
    try:
        base = load_rulesets(files)
    except RulesetError as exc:
        return CheckResult(names, exc.problems, None)
    return CheckResult(names, (), base)

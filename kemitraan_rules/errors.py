"""Errors raised by kemitraan-rules.

Every error the library raises on purpose derives from :class:`KemitraanError`, so an application can catch
one type.  Errors about input carry a list of :class:`Problem` records: each names *where* the problem is
(a file, a line and column when known, a path of fields such as ``parties[1].scale``), *what* was found and
*what would be valid*.  The message lists every problem, not just the first, so a user can fix a file in one go.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from difflib import get_close_matches
from typing import Any

import attrs

__all__ = [
    "EvaluationError",
    "KemitraanError",
    "LifecycleError",
    "MissingExtraError",
    "NetworkError",
    "Problem",
    "ReportDataError",
    "RulesetError",
    "ScenarioError",
    "UnknownIdError",
    "format_problem",
    "require_extra",
    "suggest",
]


def suggest(value: object, allowed: Iterable[str]) -> str | None:
    """Return the allowed value closest to ``value`` ("did you mean ...?"), or ``None``."""
    if not isinstance(value, str):
        return None
    matches = get_close_matches(value, list(allowed), n=1, cutoff=0.6)
    return matches[0] if matches else None


@attrs.frozen
class Problem:
    """One problem found in an input: where it is, what is wrong, and what would be valid.

    ``path`` is a field path (``parties[1].scale``, ``rules[3].when[0]``); ``file``, ``line`` and ``column``
    (1-based) locate it in a source file when the input came from one.  ``allowed`` lists the valid values when
    the set is small enough to print.
    """

    path: str
    message: str
    value: object = None
    allowed: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None
    column: int | None = None
    rule: str | None = None
    #: A machine-readable code (``unknown_value``, ``missing``, ``wrong_type``, ...) for tools and tests to match on.
    code: str = "invalid"

    def location(self) -> str:
        """``file:line:column`` (as much of it as is known), or the empty string."""
        if self.file is None:
            return ""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return format_problem(self)


#: How many allowed values a problem line lists before it only counts them (a longer list hides the message).
MAX_ALLOWED_SHOWN = 12


def format_problem(problem: Problem) -> str:
    """One problem as one compiler-style line, the same from every command and every error.

    ``file:line:column: rule 'id': path: message (allowed: a, b, ...); did you mean 'x'?`` -- each part only when
    known.  At most :data:`MAX_ALLOWED_SHOWN` allowed values are listed, then their count.
    """
    location = problem.location()
    text = f"{location}: " if location else ""
    if problem.rule:
        text += f"rule '{problem.rule}': "
    if problem.path:
        text += f"{problem.path}: "
    text += problem.message
    if problem.allowed:
        shown = ", ".join(problem.allowed[:MAX_ALLOWED_SHOWN])
        more = f", ... ({len(problem.allowed)} in all)" if len(problem.allowed) > MAX_ALLOWED_SHOWN else ""
        text += f" (allowed: {shown}{more})"
    hint = suggest(problem.value, problem.allowed)
    if hint is not None and hint != problem.value:
        text += f"; did you mean '{hint}'?"
    return text


class KemitraanError(Exception):
    """Base class of every error raised by kemitraan-rules."""


class _ProblemsError(KemitraanError, ValueError):
    """An error about input that lists every problem found (see :class:`Problem`)."""

    title = "invalid input"

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self._format())

    def _format(self) -> str:
        where = f" in {self.source}" if self.source else ""
        count = len(self.problems)
        head = f"{self.title}{where}: {count} problem{'s' if count != 1 else ''}"
        return head + "".join(f"\n  - {format_problem(problem)}" for problem in self.problems)


class ScenarioError(_ProblemsError):
    """A scenario (the parties and the relationship to evaluate) is malformed; nothing was evaluated."""

    title = "invalid scenario"


class RulesetError(_ProblemsError):
    """A rule file is malformed, refers to unknown ids or fields, or is too large for the engine."""

    title = "invalid ruleset"


class NetworkError(_ProblemsError):
    """A partner network (parties and partnerships) is malformed: unknown party, bad share, self-loop, ..."""

    title = "invalid network"


class LifecycleError(_ProblemsError):
    """A partnership record or a step transition is invalid."""

    title = "invalid partnership"


class ReportDataError(_ProblemsError):
    """Data given to ``Report.from_dict`` does not have the layout of ``Report.to_dict()`` (its JSON Schema)."""

    title = "invalid report data"


class MissingExtraError(KemitraanError, ImportError):
    """An optional dependency is not installed; the message names the extra that installs it."""

    def __init__(self, module: str, extra: str, purpose: str) -> None:
        self.module, self.extra = module, extra
        super().__init__(f"{purpose} needs {module}, which is not installed: pip install 'kemitraan-rules[{extra}]'", name=module)


def require_extra(module: str, extra: str, purpose: str) -> Any:
    """Import ``module`` (an optional dependency) or raise :class:`MissingExtraError` naming ``extra``."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(module, extra, purpose) from None


class EvaluationError(KemitraanError, RuntimeError):
    """The inference engine failed while evaluating a scenario.

    Names the scenario and, when known, the rules involved, so the failure can be reproduced.
    """

    def __init__(self, message: str, *, scenario: str | None = None, rules: Sequence[str] = ()) -> None:
        self.scenario = scenario
        self.rules = tuple(rules)
        parts = [message]
        if scenario is not None:
            parts.append(f"scenario: {scenario}")
        if self.rules:
            parts.append("rules: " + ", ".join(self.rules))
        super().__init__("; ".join(parts))


class UnknownIdError(KemitraanError, KeyError):
    """An id (pattern, precondition, drawback, ...) that the rulesets do not declare."""

    def __init__(self, kind: str, value: str, allowed: tuple[str, ...]) -> None:
        hint = suggest(value, allowed)
        text = f"unknown {kind} id {value!r} (known: {', '.join(allowed)})"
        if hint:
            text += f"; did you mean {hint!r}?"
        self.kind, self.value, self.allowed = kind, value, allowed
        super().__init__(text)

    def __str__(self) -> str:
        return str(self.args[0])

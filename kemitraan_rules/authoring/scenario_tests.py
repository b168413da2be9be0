"""Scenario tests that rule authors write beside their rules (``<dir>/tests/*.yaml``), and their runner."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .. import vocabulary as v
from .. import wording
from .._yaml import FieldPath, SourceMap, load_document
from ..engine import Engine
from ..errors import Problem, RulesetError, ScenarioError, UnknownIdError, message, shown, type_word
from ..facts import extract_facts
from ..operators import holds
from ..report import ASSESSMENT_GROUPS, Recommendation, Report
from ..rules import (
    RULE_FILE_SUFFIXES,
    RuleBase,
    RuleSpec,
    load_rulesets,
    rule_files,
)
from ..scenario import Scenario, load_scenario, scenario_from_dict
from ..vocabulary import Text

#: The concept kinds an expectation names, in both languages (for "unknown precondition ..." problems).
_KIND_WORDS = {
    "precondition": Text("prasyarat", "precondition"),
    "principle": Text("prinsip", "principle"),
    "element": Text("unsur", "element"),
}

# --------------------------------------------------------------------------------------------------------------------
# Scenario tests
# --------------------------------------------------------------------------------------------------------------------

_EXPECT_LISTS = (
    "recommended",
    "not_recommended",
    "excluded",
    "warnings_present",
    "warnings_absent",
    "fired",
    "not_fired",
)
_EXPECT_STATUS = ASSESSMENT_GROUPS
_EXPECT_KEYS = ("top", *_EXPECT_LISTS, *_EXPECT_STATUS)
_TEST_KEYS = ("name", "description", "scenario", "scenario_file", "expect")
_ASSESSMENT_STATUSES = ("met", "unmet", "unknown")


@attrs.frozen
class ExpectationFailure:
    """One expectation of a scenario test that did not hold, with what was found and why.

    ``expectation`` names it as the test file writes it (``recommended inti_plasma``, ``top.legal``); ``expected``,
    ``actual`` and the ``explanation`` lines are worded in :attr:`lang`, the language the tests were run in
    (:func:`run_scenario_tests`), concepts by their label with the id in brackets.
    """

    expectation: str
    expected: str
    actual: str
    explanation: tuple[str, ...] = ()
    lang: str = "en"

    def __str__(self) -> str:
        text = message("test.failure", self.lang, expectation=self.expectation, expected=self.expected, actual=self.actual)
        return text + "".join(f"\n      {line}" for line in self.explanation)


@attrs.frozen
class ScenarioTestResult:
    """The outcome of one scenario test: its name and location, the failures, and the rules that fired."""

    name: str
    file: str
    line: int | None
    failures: tuple[ExpectationFailure, ...]
    fired: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures


@attrs.frozen
class ScenarioTestRun:
    """The outcome of :func:`run_scenario_tests`: each test's result and the problems of malformed test files."""

    results: tuple[ScenarioTestResult, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.problems and all(r.passed for r in self.results)

    @property
    def failed(self) -> tuple[ScenarioTestResult, ...]:
        return tuple(r for r in self.results if not r.passed)


def scenario_test_files(directory: str | Path) -> list[Path]:
    """The scenario test files of a rules directory: ``<directory>/tests/*.yaml`` (and ``.yml``, ``.json``)."""
    tests = Path(directory) / "tests"
    if not tests.is_dir():
        return []
    return sorted(p for p in tests.iterdir() if p.is_file() and p.suffix in RULE_FILE_SUFFIXES)


@attrs.define
class _TestCase:
    name: str
    file: str
    line: int | None
    scenario: Scenario
    expect: dict[str, Any]


class _TestReader:
    """Reads and validates scenario test files against a rule base (ids must exist, statuses must be valid)."""

    def __init__(self, base: RuleBase) -> None:
        self.base = base
        self.problems: list[Problem] = []
        self.rule_ids = {r.id for r in base.rules}

    def read(self, file: Path) -> list[_TestCase]:
        try:
            document = load_document(file, error=RulesetError)
        except RulesetError as exc:
            self.problems.extend(exc.problems)
            return []
        data, source = document.data, document.source
        if not isinstance(data, Mapping) or not isinstance(data.get("tests"), list) or set(data) - {"tests", "description"}:
            self.problems.append(source.problem((), "bad_test_file"))
            return []
        cases: list[_TestCase] = []
        names: set[str] = set()
        for index, item in enumerate(data["tests"]):
            case = self.case(file, source, ("tests", index), item)
            if case is None:
                continue
            if case.name in names:
                self.problems.append(source.problem(("tests", index, "name"), "listed_twice", value=case.name))
                continue
            names.add(case.name)
            cases.append(case)
        return cases

    def bad(self, source: SourceMap, path: FieldPath, code: str, value: object = None, allowed: Sequence[str] = (), **params: object) -> None:
        """Record the problem ``code`` (:data:`~kemitraan_rules.errors.MESSAGES`) at ``path`` of a test file."""
        self.problems.append(source.problem(path, code, value=value, allowed=tuple(allowed), **params))

    def case(self, file: Path, source: SourceMap, path: FieldPath, item: object) -> _TestCase | None:
        if not isinstance(item, Mapping):
            self.bad(source, path, "bad_scenario_test")
            return None
        before = len(self.problems)
        for key in item:
            if key not in _TEST_KEYS:
                self.bad(source, (*path, key), "unknown_key", key, _TEST_KEYS, key=repr(key))
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            self.bad(source, path, "missing_field", field="'name'")
        scenario = self.scenario(file, source, path, item)
        expect = item.get("expect")
        if not isinstance(expect, Mapping) or not expect:
            self.bad(
                source,
                (*path, "expect") if "expect" in item else path,
                "key_must_be",
                allowed=_EXPECT_KEYS,
                key="'expect'",
                expected=Text("pemetaan harapan yang tidak kosong", "a non-empty mapping of expectations"),
                got=shown(expect),
            )
        else:
            self.expectations(source, (*path, "expect"), expect)
        if len(self.problems) > before or scenario is None:
            return None
        assert isinstance(name, str) and isinstance(expect, Mapping)
        line, _ = source.locate(path)
        return _TestCase(name, str(file), line, scenario, dict(expect))

    def scenario(self, file: Path, source: SourceMap, path: FieldPath, item: Mapping[str, Any]) -> Scenario | None:
        has_inline, has_file = "scenario" in item, "scenario_file" in item
        if has_inline == has_file:
            self.bad(
                source,
                path,
                "one_scenario",
            )
            return None
        try:
            if has_file:
                relative = item["scenario_file"]
                if not isinstance(relative, str):
                    self.bad(
                        source,
                        (*path, "scenario_file"),
                        "key_must_be",
                        key="'scenario_file'",
                        expected=Text("jalur berkas", "a path"),
                        got=shown(relative),
                    )
                    return None
                target = (file.parent / relative).resolve()
                if not target.is_relative_to(file.parent.resolve()):  # '../../etc/passwd' was read
                    self.bad(source, (*path, "scenario_file"), "scenario_file_outside", relative, folder=file.parent, got=repr(relative))
                    return None
                if not target.is_file():
                    self.bad(source, (*path, "scenario_file"), "no_scenario_file", target=target)
                    return None
                return load_scenario(target)
            inline = item["scenario"]
            if not isinstance(inline, Mapping):
                self.bad(
                    source,
                    (*path, "scenario"),
                    "key_must_be",
                    key="'scenario'",
                    expected=Text("pemetaan (sebuah skenario, seperti dalam berkas skenario)", "a mapping (a scenario, as in a scenario file)"),
                    got=type_word(inline),
                )
                return None
            name = item.get("name")
            data = dict(inline)
            if "id" not in data and isinstance(name, str) and name.strip():
                data["id"] = name.strip().replace(" ", "_")
            return scenario_from_dict(data, source=f"{file}:{source.locate((*path, 'scenario'))[0]}")
        except ScenarioError as exc:
            key = "scenario_file" if has_file else "scenario"
            for problem in exc.problems:
                where = f"{problem.path}: " if problem.path else ""
                inner = Text(where + problem.text("id"), where + problem.text("en"))
                self.bad(source, (*path, key), "nested_scenario", problem.value, problem.allowed, problem=inner)
            return None

    def expectations(self, source: SourceMap, path: FieldPath, expect: Mapping[str, Any]) -> None:
        patterns = self.base.concept_ids("pattern")
        drawbacks = self.base.concept_ids("drawback")
        for key, value in expect.items():
            kpath = (*path, key)
            if key not in _EXPECT_KEYS:
                self.bad(source, kpath, "unknown_choice", key, _EXPECT_KEYS, what=Text("harapan", "expectation"))
            elif key == "top":
                if not isinstance(value, Mapping) or not value:
                    self.bad(
                        source,
                        kpath,
                        "bad_top",
                    )
                    continue
                for layer, pattern in value.items():
                    if layer not in v.LAYERS:
                        self.bad(source, (*kpath, layer), "unknown_choice", layer, v.LAYERS, what=Text("lapisan", "layer"))
                    elif pattern is not None and pattern not in patterns:
                        self.bad(source, (*kpath, layer), "unknown_choice", pattern, patterns, what=Text("pola", "pattern"))
            elif key in _EXPECT_LISTS:
                if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                    self.bad(source, kpath, "key_must_be", key=repr(key), expected=Text("daftar id", "a list of ids"), got=shown(value))
                    continue
                known: Sequence[str] = (
                    sorted(self.rule_ids) if key in ("fired", "not_fired") else drawbacks if key.startswith("warnings") else patterns
                )
                for index, item in enumerate(value):
                    if item not in known:
                        what = (
                            Text("id aturan", "rule id")
                            if key in ("fired", "not_fired")
                            else Text("kelemahan", "drawback")
                            if key.startswith("warnings")
                            else Text("pola", "pattern")
                        )
                        self.bad(source, (*kpath, index), "unknown_choice", item, known, what=what)
            else:
                kind = key[:-1]
                known = self.base.concept_ids(kind)
                if not isinstance(value, Mapping) or not value:
                    self.bad(source, kpath, "bad_assessment_map", key=repr(key), statuses=", ".join(_ASSESSMENT_STATUSES))
                    continue
                for concept_id, status in value.items():
                    if concept_id not in known:
                        self.bad(source, (*kpath, concept_id), "unknown_choice", concept_id, known, what=_KIND_WORDS.get(kind, Text(kind, kind)))
                    elif status not in _ASSESSMENT_STATUSES:
                        self.bad(source, (*kpath, concept_id), "unknown_choice", status, _ASSESSMENT_STATUSES, what=Text("status", "status"))


def _why_rule_did_not_fire(rule: RuleSpec, base: RuleBase, facts: Mapping[str, Any], lang: str = "en") -> str:
    """Why ``rule`` did not fire on ``facts``: each failed condition as a sentence (labels, the value the scenario has)."""
    failed = []
    for cond in rule.conditions:
        if not holds(cond.op, cond.field in facts, facts.get(cond.field), cond.operand):
            spec = base.fields.get(cond.field)
            derived = dict(spec.labels) if spec is not None and spec.derived else None
            failed.append(wording.condition_sentence(cond.field, cond.op, cond.operand, facts.get(cond.field), lang, derived))
    if not failed:
        return message("test.all_hold", lang, rule=rule.id)
    return message("test.did_not_fire", lang, rule=rule.id, failed="; ".join(failed))


class _Evaluation:
    """A report and the facts behind it, with helpers that explain why a rule or a pattern did not come out, in
    ``lang``."""

    def __init__(self, base: RuleBase, report: Report, scenario: Scenario, lang: str = "en") -> None:
        self.base = base
        self.report = report
        self.lang = lang
        self.fired: tuple[str, ...] = tuple(sorted(report.fired))
        facts: dict[str, Any] = dict(report.facts) if report.facts else dict(extract_facts(scenario))
        self.facts = facts

    def say(self, code: str, **params: object) -> str:
        """The sentence ``code`` of the message table in the run's language."""
        return message(code, self.lang, **params)

    def concept(self, kind: str, concept_id: str) -> str:
        """A concept by its label in the run's language, the id in brackets (the id alone when it has no label)."""
        found = self.base.concepts.get((kind, concept_id))
        label = found.label.get(self.lang) if found is not None else None
        return f"{label} [{concept_id}]" if label else concept_id

    def why_not_rule(self, rule_id: str) -> str:
        return _why_rule_did_not_fire(self.base.rule(rule_id), self.base, self.facts, self.lang)

    def why_not_pattern(self, pattern: str) -> list[str]:
        """The engine's why-not for a pattern: score and threshold, exclusions, and each unfired supporting rule."""
        try:
            why = self.report.why_not(pattern)
        except KeyError:
            return []
        lines = [self.say("test.why_not", pattern=self.concept("pattern", pattern), score=f"{why.score:g}", threshold=f"{why.threshold:g}")]
        if why.excluded_by:
            lines.append("  " + self.say("test.excluded_by", rules=", ".join(r.id for r in why.excluded_by)))
        if why.against:
            lines.append("  " + self.say("test.against", rules=", ".join(f"{r.id} ({r.weight:+g})" for r in why.against)))
        for unfired in why.unfired:
            failed = "; ".join(f.text.get(self.lang) or f"'{f.condition}'" for f in unfired.failed)
            lines.append("  " + self.say("test.did_not_fire", rule=unfired.rule.id, failed=failed or self.say("test.held_check_derived")))
        return lines

    def recommendation(self, pattern: str) -> Recommendation | None:
        """The report's entry for ``pattern``, or ``None`` for a pattern the rule base does not know."""
        try:
            return self.report.recommendation(pattern)
        except UnknownIdError:
            return None

    def rec_state(self, pattern: str) -> str:
        rec = self.recommendation(pattern)
        if rec is None:
            return self.say("test.not_scored")
        state = "test.excluded" if rec.excluded else "test.recommended" if rec.recommended else "test.not_recommended"
        return self.say("test.state_score", state=self.say(state), score=f"{rec.score:g}")

    def supporting(self, pattern: str) -> list[str]:
        rec = self.recommendation(pattern)
        if rec is None:
            return []
        lines = []
        for attr, code in (("supporting", "test.supporting"), ("against", "test.pattern_against"), ("excluded_by", "test.pattern_excluded_by")):
            refs = getattr(rec, attr, ())
            if refs:
                rules = ", ".join(f"{r.id} ({r.weight:+g})" if attr != "excluded_by" else r.id for r in refs)
                lines.append(self.say(code, pattern=self.concept("pattern", pattern), rules=rules))
        return lines

    def assessment(self, kind: str, concept_id: str) -> str:
        """The status of an assessed concept as the test file writes it (``met``, ``unmet``, ``unknown``)."""
        for item in getattr(self.report, kind):
            if item.id == concept_id:
                return str(item.status)
        return "unknown"

    def status(self, status: str) -> str:
        """An assessment status (``met``, ``unmet``, ``unknown``) in the run's language."""
        return self.say(f"test.{status}") if status in _ASSESSMENT_STATUSES else status


def _check_case(case: _TestCase, evaluation: _Evaluation) -> list[ExpectationFailure]:
    failures: list[ExpectationFailure] = []
    expect, report, say, concept = case.expect, evaluation.report, evaluation.say, evaluation.concept

    def fail(name: str, expected: str, actual: str, *extra: str) -> None:
        failures.append(ExpectationFailure(name, expected, actual, tuple(extra), evaluation.lang))

    def top(pattern: str | None) -> str:
        return concept("pattern", pattern) if pattern is not None else say("test.no_recommendation")

    for layer, pattern in (expect.get("top") or {}).items():
        best = report.best(layer)
        actual = best.pattern if best is not None else None
        if actual != pattern:
            extra: list[str] = []
            if actual is not None:
                extra += evaluation.supporting(actual)
            if pattern is not None:
                extra += [
                    f"{concept('pattern', pattern)}: {evaluation.rec_state(pattern)}",
                    *evaluation.supporting(pattern),
                    *evaluation.why_not_pattern(pattern),
                ]
            fail(f"top.{layer}", top(pattern), top(actual), *extra)
    for pattern in expect.get("recommended", []):
        rec = evaluation.recommendation(pattern)
        if rec is None or not rec.recommended:
            fail(
                f"recommended {pattern}",
                say("test.recommended"),
                evaluation.rec_state(pattern),
                *evaluation.supporting(pattern),
                *evaluation.why_not_pattern(pattern),
            )
    for pattern in expect.get("not_recommended", []):
        rec = evaluation.recommendation(pattern)
        if rec is not None and rec.recommended:
            fail(
                f"not_recommended {pattern}",
                say("test.not_recommended"),
                evaluation.rec_state(pattern),
                *evaluation.supporting(pattern),
            )
    for pattern in expect.get("excluded", []):
        rec = evaluation.recommendation(pattern)
        if rec is None or not rec.excluded:
            fail(f"excluded {pattern}", say("test.excluded"), evaluation.rec_state(pattern), *evaluation.why_not_pattern(pattern))
    warned = {w.drawback: w for w in report.warnings}
    for drawback in expect.get("warnings_present", []):
        if drawback not in warned:
            rules = [r for r in evaluation.base.rules if any(c.kind == "warn" and c.target == drawback for c in r.conclusions)]
            fail(f"warnings_present {drawback}", say("test.a_warning"), say("test.nothing"), *(evaluation.why_not_rule(r.id) for r in rules))
    for drawback in expect.get("warnings_absent", []):
        if drawback in warned:
            fail(f"warnings_absent {drawback}", say("test.no_warning"), say("test.warned_by", rule=warned[drawback].rule))
    for key in _EXPECT_STATUS:
        for concept_id, status in (expect.get(key) or {}).items():
            actual = evaluation.assessment(key, concept_id)
            if actual != status:
                kind = key[:-1]
                rules = [r for r in evaluation.base.rules if any(c.kind == kind and c.target == concept_id for c in r.conclusions)]
                extra = [
                    say("test.fired_with", rule=r.id, status=evaluation.status(str(next(c.status for c in r.conclusions if c.target == concept_id))))
                    if r.id in evaluation.fired
                    else evaluation.why_not_rule(r.id)
                    for r in rules
                ]
                fail(f"{key}.{concept_id}", evaluation.status(status), evaluation.status(actual), *extra)
    fired = set(evaluation.fired)
    for rule_id in expect.get("fired", []):
        if rule_id not in fired:
            fail(f"fired {rule_id}", say("test.fired"), say("test.did_not_fire_state"), evaluation.why_not_rule(rule_id))
    for rule_id in expect.get("not_fired", []):
        if rule_id in fired:
            fail(f"not_fired {rule_id}", say("test.not_fired"), say("test.fired"))
    return failures


def run_scenario_tests(
    directories: Sequence[str | Path],
    *,
    include_builtin: bool = True,
    engine_factory: Callable[[RuleBase], Engine] | None = None,
    lang: str = "en",
) -> ScenarioTestRun:
    """Run the scenario tests of each rules directory (``<dir>/tests/*.yaml``) against its rules.

    Each directory's tests run on the built-in rulesets plus that directory's rulesets (the built-in directory's on
    its own).  The rules must load: a :class:`RulesetError` is raised otherwise, since no test could run.
    ``engine_factory`` builds the engine from a rule base (by default :class:`kemitraan_rules.engine.Engine`).
    The failures are worded in ``lang`` (``"id"`` or ``"en"``; English by default, as ``str()`` of an error in the
    Python API; ``kemitraan rules test`` passes its ``--lang``, Indonesian unless told otherwise).
    """
    factory: Callable[[RuleBase], Engine] = engine_factory or (lambda base: Engine(rulesets=base))

    results: list[ScenarioTestResult] = []
    problems: list[Problem] = []
    for directory in directories:
        files = rule_files([directory], include_builtin=include_builtin)
        base = load_rulesets(files)
        engine = factory(base)
        reader = _TestReader(base)
        for file in scenario_test_files(directory):
            for case in reader.read(file):
                report = engine.evaluate(case.scenario)
                evaluation = _Evaluation(base, report, case.scenario, lang)
                failures = _check_case(case, evaluation)
                results.append(ScenarioTestResult(case.name, case.file, case.line, tuple(failures), evaluation.fired))
        problems.extend(reader.problems)
    return ScenarioTestRun(tuple(results), tuple(problems))

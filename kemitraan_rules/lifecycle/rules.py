"""The process knowledge of the library as data: loading and validating ``rulesets/lifecycle/*.yaml``.

The lifecycle modules (:mod:`~kemitraan_rules.lifecycle.mapping`, :mod:`~kemitraan_rules.lifecycle.record`,
:mod:`~kemitraan_rules.lifecycle.plc`) contain no domain knowledge of their own.  Which partners to map for a need, what a step
requires, what to do next, when monitoring becomes a finding and where an LKP stands in its Program Life Cycle all
come from five data files.  The code only defines small *closed* sets of check kinds (the names in
:data:`REQUIREMENT_CHECKS`, :data:`EVALUATION_CHECKS`, :data:`SCREENING_MEASURES`, :data:`PLC_CONDITIONS`); the data
chooses among them and sets their parameters.  That split keeps a rule author from writing code, and keeps every
check testable on its own.

The files live in a subdirectory of the rulesets so that the engine's ruleset loader, which reads only the top
level, never mistakes them for pattern rulesets.  Every file is validated when loaded; problems are reported all at
once as a :class:`~kemitraan_rules.errors.LifecycleError` naming ``file:line:column`` and the field.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .. import vocabulary as v
from .._cache import load_cached_document
from .._resources import builtin_rulesets_dir
from .._validate import A_MAPPING, A_TEXT, Validator
from .._yaml import FieldPath
from ..errors import LifecycleError, Problem, shown, type_word
from ..vocabulary import Text

__all__ = [
    "EVALUATION_CHECKS",
    "GAIN_LEVELS",
    "OUTCOMES",
    "PLC_CONDITIONS",
    "REQUIREMENT_CHECKS",
    "SCREENING_MEASURES",
    "SEVERITIES",
    "Criterion",
    "EvaluationRule",
    "LifecycleRules",
    "MappedPartner",
    "Measure",
    "NeedRule",
    "PlcCondition",
    "Recommendation",
    "Requirement",
    "StepAction",
    "StepRules",
    "builtin_lifecycle_dir",
    "load_lifecycle_rules",
]

#: Requirement checks a step's entry condition may use, with the parameters each accepts (name -> type).
REQUIREMENT_CHECKS: Mapping[str, Mapping[str, str]] = {
    "step_done": {"step": "step"},
    "pattern_chosen": {},
    "plan_roles_for_all_parties": {},
    "plan_has_activities": {"min": "count"},
    "mou_drafted": {},
    "mou_roles_for_all_parties": {},
    "mou_period_set": {},
    "mou_signed_by_all": {},
    "preconditions_met": {"block_on": "statuses"},
    "monitoring_recorded": {"min": "count"},
    "evaluation_done": {},
    "evaluation_not_end": {},
}
#: Evaluation checks and their parameters.
EVALUATION_CHECKS: Mapping[str, Mapping[str, str]] = {
    "activity_completion": {"below": "ratio"},
    "goal_attainment": {"below": "ratio"},
    "party_gain": {"levels": "gains"},
    "commitment_kept": {"below": "ratio"},
    "decision_dominance": {"above": "ratio", "min_decisions": "count"},
    "share_growth": {"rise": "ratio", "reach": "ratio"},
    "problems_without_cause": {"at_least": "count"},
}
#: Screening measures and their parameters.
SCREENING_MEASURES: Mapping[str, Mapping[str, str]] = {
    "level": {"field": "level_field"},
    "flag": {"field": "bool_field"},
    "scored": {"field": "enum_field", "scores": "score_table"},
    "vision_overlap": {},
    "needs_covered": {"direction": "direction"},
}
#: Conditions of a Program Life Cycle stage and their parameters.
PLC_CONDITIONS: Mapping[str, Mapping[str, str]] = {
    "aspects_strong": {"aspects": "aspects"},
    "indicator_in": {"indicator": "indicator", "values": "indicator_values"},
    "indicator_at_least": {"indicator": "indicator", "value": "indicator_value"},
}

SEVERITIES: tuple[str, ...] = v.SEVERITIES
OUTCOMES: tuple[str, ...] = ("continue", "revise_mou", "end")
#: What a party can gain in a monitoring period: nothing, or a level.
GAIN_LEVELS: tuple[str, ...] = ("tidak_ada", *v.LEVELS)
ASSESSMENT_STATUSES: tuple[str, ...] = ("met", "unmet", "unknown")
NEED_TYPES: Mapping[str, tuple[str, ...]] = {"reason": v.REASONS, "aspect": v.LKP_ASPECTS, "provision": v.PROVISIONS}
#: Indicators of the LKP cycle: the type of each and, for enumerations, its values.
PLC_INDICATORS: Mapping[str, tuple[str, tuple[Any, ...]]] = {
    "enrolment_trend": ("enum", ("naik", "tetap", "turun")),
    "satisfaction": ("level", v.LEVELS),
    "graduates_placed": ("ratio", ()),
    "quality_improvement": ("bool", (True, False)),
}
_LEVEL_FIELDS = ("capital", "people", "facilities", "technology", "management", "market_access")
_SCREEN_FIELDS: Mapping[str, tuple[str, ...]] = {
    "level_field": (
        *(f"candidate.{name}" for name in _LEVEL_FIELDS),
        "relationship.trust",
        "relationship.commitment",
    ),
    "bool_field": (
        "candidate.has_csr_funds",
        "relationship.two_way_communication",
        "relationship.roles_agreed",
        "relationship.shared_vision",
    ),
    "enum_field": ("candidate.scale", "relationship.agreement"),
}
_ENUM_VALUES: Mapping[str, tuple[str, ...]] = {
    "candidate.scale": v.SCALES,
    "relationship.agreement": v.AGREEMENT_STATUSES,
}


# --------------------------------------------------------------------------------------------------------------------
# Records
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class MappedPartner:
    """A kind of partner worth mapping for a need, its weight (1-3) and why."""

    kind: str
    weight: int
    why: Text


@attrs.frozen
class NeedRule:
    """The partner kinds for one need (a reason, a weak LKP aspect or a lacking provision), with its source."""

    need: str
    type: str
    source: str
    partners: tuple[MappedPartner, ...]


@attrs.frozen
class Requirement:
    """An entry requirement of a step: a check from :data:`REQUIREMENT_CHECKS`, its parameters and its text."""

    id: str
    check: str
    params: Mapping[str, Any]
    text: Text


@attrs.frozen
class StepAction:
    """An action to take during a step; dropped once the check named by ``unless`` holds."""

    id: str
    text: Text
    unless: str | None = None


@attrs.frozen
class StepRules:
    """What entering a step requires and what to do while in it."""

    step: str
    requires: tuple[Requirement, ...]
    actions: tuple[StepAction, ...]


@attrs.frozen
class EvaluationRule:
    """A rule that turns monitoring records into a finding (see ``rulesets/lifecycle/evaluation.yaml``)."""

    id: str
    check: str
    params: Mapping[str, Any]
    severity: str
    persistent_severity: str | None
    concept: str | None
    source: str
    finding: Text
    change: Text


@attrs.frozen
class Recommendation:
    """One entry of the recommendation table: an outcome and when it applies (``None``: always)."""

    outcome: str
    severities: tuple[str, ...] | None
    at_least: int
    text: Text


@attrs.frozen
class Measure:
    """A screening measure: a kind from :data:`SCREENING_MEASURES`, its parameters and its weight."""

    kind: str
    params: Mapping[str, Any]
    weight: float


@attrs.frozen
class Criterion:
    """A screening criterion: weighted measures, its own weight, its label."""

    id: str
    weight: float
    label: Text
    measures: tuple[Measure, ...]


@attrs.frozen
class PlcCondition:
    """A condition of a healthy Program Life Cycle stage (kind from :data:`PLC_CONDITIONS`)."""

    kind: str
    params: Mapping[str, Any]


@attrs.frozen
class LifecycleRules:
    """Every lifecycle rule file, validated: mapping, steps, evaluation, screening, Program Life Cycle."""

    needs: Mapping[str, NeedRule]
    learn: tuple[tuple[str, Text], ...]
    approaches: tuple[tuple[str, Text], ...]
    steps: Mapping[str, StepRules]
    evaluation: tuple[EvaluationRule, ...]
    recommendation: tuple[Recommendation, ...]
    levels: Mapping[str, float]
    criteria: tuple[Criterion, ...]
    strong: float
    weak: float
    engine_adjustment: Mapping[str, float]
    plc_stages: Mapping[str, tuple[tuple[PlcCondition, ...], Text]]
    cycle_complete: Text
    files: tuple[str, ...]


# --------------------------------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------------------------------


class _Checker(Validator):
    """The validation kit, with the readers of lifecycle rule files; a mapping with an unknown key is not used."""

    strict_mappings = True

    def text(self, data: object, path: FieldPath) -> Text | None:
        mapping = self.mapping(data, path, ("id", "en"))
        if mapping is None:
            return None
        for key in ("id", "en"):
            if not isinstance(mapping[key], str) or not mapping[key].strip():
                self.add((*path, key), "wrong_type", mapping[key], expected=A_TEXT, got=shown(mapping[key]))
                return None
        return Text(mapping["id"].strip(), mapping["en"].strip())

    def params(self, raw: Mapping[str, Any], path: FieldPath, spec: Mapping[str, str], reserved: Sequence[str]) -> dict[str, Any] | None:
        """Check the parameters of a check kind: each key in ``spec`` is required, nothing else is allowed."""
        result: dict[str, Any] = {}
        ok = True
        for key in raw:
            if key not in spec and key not in reserved:
                self.add((*path, key), "unknown_field", key, (*spec, *reserved), field=repr(key))
                ok = False
        for key, kind in spec.items():
            if key not in raw:
                self.add(path, "missing_parameter_key", key=repr(key))
                ok = False
                continue
            value = self.param(raw[key], (*path, key), kind, raw)
            if value is None:
                ok = False
            else:
                result[key] = value
        return result if ok else None

    def param(self, value: Any, path: FieldPath, kind: str, raw: Mapping[str, Any]) -> Any:
        if kind == "step":
            return self.choice(value, path, v.STEPS, "step")
        if kind == "count":
            return self.count(value, path)
        if kind == "ratio":
            return self.number(value, path, 0.0, 1.0)
        if kind in ("statuses", "gains", "aspects", "indicator_values"):
            allowed: tuple[Any, ...] = {
                "statuses": ASSESSMENT_STATUSES,
                "gains": GAIN_LEVELS,
                "aspects": v.LKP_ASPECTS,
            }.get(kind, ())
            if kind == "indicator_values":
                indicator = str(raw.get("indicator"))
                allowed = PLC_INDICATORS[indicator][1] if indicator in PLC_INDICATORS else ()
                if PLC_INDICATORS.get(str(indicator), ("",))[0] not in ("enum", "bool", "level"):
                    return None  # the indicator itself is reported
            items = self.sequence(value, path)
            if not items:
                self.add(path, "wrong_type", value, expected=Text("daftar yang tidak kosong", "a non-empty list"), got=shown(value))
                return None
            checked = []
            for index, item in enumerate(items):
                if item not in allowed:
                    self.add((*path, index), "unknown_value", item, tuple(str(a) for a in allowed))
                    return None
                checked.append(item)
            return tuple(checked)
        if kind == "indicator":
            return self.choice(value, path, tuple(PLC_INDICATORS), "indicator")
        if kind == "indicator_value":
            indicator = str(raw.get("indicator"))
            if indicator not in PLC_INDICATORS:
                return None
            type_, values = PLC_INDICATORS[indicator]
            if type_ == "ratio":
                return self.number(value, path, 0.0, 1.0)
            if type_ == "level":
                return self.choice(value, path, values, "level")
            self.add(path, "indicator_unordered", value, indicator=repr(indicator))
            return None
        if kind in _SCREEN_FIELDS:
            return self.choice(value, path, _SCREEN_FIELDS[kind], "field")
        if kind == "score_table":
            if not isinstance(value, Mapping) or not value:
                self.add(
                    path,
                    "wrong_type",
                    value,
                    expected=Text("pemetaan dari nilai ke skor yang tidak kosong", "a non-empty mapping from value to score"),
                    got=shown(value),
                )
                return None
            table = dict(value)
            field = str(raw.get("field"))
            if field not in _ENUM_VALUES:
                return None
            allowed_values = _ENUM_VALUES[field]
            scores: dict[str, float] = {}
            for key, score in table.items():
                if self.choice(key, (*path, key), allowed_values) is None:
                    return None
                number = self.number(score, (*path, key), 0.0, 1.0)
                if number is None:
                    return None
                scores[key] = number
            return scores
        if kind == "direction":
            return self.choice(value, path, ("seeker", "candidate", "both"), "direction")
        raise AssertionError(kind)  # pragma: no cover


def _header(check: _Checker, data: object, kind: str) -> dict[str, Any] | None:
    if not isinstance(data, Mapping):
        check.add((), "wrong_type", data, expected=A_MAPPING, got=type_word(data))
        return None
    if data.get("kind") != kind:
        check.add(("kind",), "wrong_type", data.get("kind"), expected=repr(kind), got=shown(data.get("kind")))
    if not isinstance(data.get("version"), str):
        check.add(("version",), "bad_version", data.get("version"), got=shown(data.get("version")))
    return dict(data)


# --------------------------------------------------------------------------------------------------------------------
# One reader per file
# --------------------------------------------------------------------------------------------------------------------


def _read_mapping(check: _Checker, data: object) -> tuple[dict[str, NeedRule], tuple[tuple[str, Text], ...], tuple[tuple[str, Text], ...]]:
    top = _header(check, data, "lifecycle.mapping")
    needs: dict[str, NeedRule] = {}
    if top is None or check.mapping(top, (), ("kind", "version", "needs", "learn", "approaches")) is None:
        return needs, (), ()
    for index, raw in enumerate(check.sequence(top["needs"], ("needs",))):
        path: FieldPath = ("needs", index)
        entry = check.mapping(raw, path, ("need", "type", "source", "partners"))
        if entry is None:
            continue
        need_type = check.choice(entry["type"], (*path, "type"), tuple(NEED_TYPES), "need type")
        if need_type is None:
            continue
        need = check.choice(entry["need"], (*path, "need"), NEED_TYPES[need_type], need_type)
        source = check.string(entry["source"], (*path, "source"))
        if need is not None and need in needs:
            check.add((*path, "need"), "listed_twice", need)
            need = None
        partners: list[MappedPartner] = []
        seen: set[str] = set()
        for p_index, raw_partner in enumerate(check.sequence(entry["partners"], (*path, "partners"))):
            p_path: FieldPath = (*path, "partners", p_index)
            partner = check.mapping(raw_partner, p_path, ("kind", "weight", "why"))
            if partner is None:
                continue
            kind = check.choice(partner["kind"], (*p_path, "kind"), v.PARTY_KINDS, "party kind")
            weight = partner["weight"]
            if isinstance(weight, bool) or weight not in (1, 2, 3):
                check.add((*p_path, "weight"), "wrong_type", weight, expected=Text("1, 2 atau 3", "1, 2 or 3"), got=shown(weight))
                kind = None
            why = check.text(partner["why"], (*p_path, "why"))
            if kind is not None and kind in seen:
                check.add((*p_path, "kind"), "listed_twice", kind)
                continue
            if kind is not None and why is not None:
                seen.add(kind)
                partners.append(MappedPartner(kind, int(weight), why))
        if need is not None and source is not None:
            needs[need] = NeedRule(need, need_type, source, tuple(partners))
    lists: list[tuple[tuple[str, Text], ...]] = []
    for key in ("learn", "approaches"):
        items: list[tuple[str, Text]] = []
        for index, raw in enumerate(check.sequence(top[key], (key,))):
            entry = check.mapping(raw, (key, index), ("id", "text"))
            if entry is None:
                continue
            item_id = check.string(entry["id"], (key, index, "id"))
            text = check.text(entry["text"], (key, index, "text"))
            if item_id is not None and text is not None:
                items.append((item_id, text))
        lists.append(tuple(items))
    return needs, lists[0], lists[1]


def _read_steps(check: _Checker, data: object) -> dict[str, StepRules]:
    top = _header(check, data, "lifecycle.steps")
    steps: dict[str, StepRules] = {}
    if top is None or check.mapping(top, (), ("kind", "version", "steps")) is None:
        return steps
    raw_steps = check.mapping(top["steps"], ("steps",), v.STEPS)
    if raw_steps is None:
        return steps
    for step in v.STEPS:
        path: FieldPath = ("steps", step)
        entry = check.mapping(raw_steps[step], path, ("requires", "actions"))
        if entry is None:
            continue
        requires: list[Requirement] = []
        for index, raw in enumerate(check.sequence(entry["requires"], (*path, "requires"))):
            r_path: FieldPath = (*path, "requires", index)
            if not isinstance(raw, Mapping):
                check.add(r_path, "wrong_type", raw, expected=A_MAPPING, got=type_word(raw))
                continue
            kind = check.choice(raw.get("check"), (*r_path, "check"), tuple(REQUIREMENT_CHECKS), "check")
            if kind is None:
                continue
            params = check.params(raw, r_path, REQUIREMENT_CHECKS[kind], ("id", "check", "text"))
            req_id = check.string(raw.get("id"), (*r_path, "id"))
            text = check.text(raw.get("text"), (*r_path, "text"))
            if params is not None and req_id is not None and text is not None:
                requires.append(Requirement(req_id, kind, params, text))
        actions: list[StepAction] = []
        for index, raw in enumerate(check.sequence(entry["actions"], (*path, "actions"))):
            a_path: FieldPath = (*path, "actions", index)
            action = check.mapping(raw, a_path, ("id", "text"), ("unless",))
            if action is None:
                continue
            unless = action.get("unless")
            if unless is not None:
                unless = check.choice(unless, (*a_path, "unless"), tuple(REQUIREMENT_CHECKS), "check")
                if unless is None:
                    continue
            action_id = check.string(action["id"], (*a_path, "id"))
            text = check.text(action["text"], (*a_path, "text"))
            if action_id is not None and text is not None:
                actions.append(StepAction(action_id, text, unless))
        steps[step] = StepRules(step, tuple(requires), tuple(actions))
    return steps


def _read_evaluation(check: _Checker, data: object) -> tuple[tuple[EvaluationRule, ...], tuple[Recommendation, ...]]:
    top = _header(check, data, "lifecycle.evaluation")
    if top is None or check.mapping(top, (), ("kind", "version", "rules", "recommendation")) is None:
        return (), ()
    concepts = (*v.DRAWBACKS, *v.PRINCIPLES, *v.ELEMENTS, *v.PRECONDITIONS)
    rules: list[EvaluationRule] = []
    seen: set[str] = set()
    reserved = ("id", "check", "severity", "persistent_severity", "concept", "source", "finding", "change")
    for index, raw in enumerate(check.sequence(top["rules"], ("rules",))):
        path: FieldPath = ("rules", index)
        if not isinstance(raw, Mapping):
            check.add(path, "wrong_type", raw, expected=A_MAPPING, got=type_word(raw))
            continue
        kind = check.choice(raw.get("check"), (*path, "check"), tuple(EVALUATION_CHECKS), "check")
        if kind is None:
            continue
        params = check.params(raw, path, EVALUATION_CHECKS[kind], reserved)
        rule_id = check.string(raw.get("id"), (*path, "id"))
        if rule_id is not None and rule_id in seen:
            check.add((*path, "id"), "listed_twice", rule_id)
            rule_id = None
        severity = check.choice(raw.get("severity"), (*path, "severity"), SEVERITIES, "severity")
        persistent = raw.get("persistent_severity")
        if persistent is not None:
            persistent = check.choice(persistent, (*path, "persistent_severity"), SEVERITIES, "severity")
        concept = raw.get("concept")
        if concept is not None:
            concept = check.choice(concept, (*path, "concept"), concepts, "concept")
        source = check.string(raw.get("source"), (*path, "source"))
        finding = check.text(raw.get("finding"), (*path, "finding"))
        change = check.text(raw.get("change"), (*path, "change"))
        if None not in (params, rule_id, severity, source, finding, change):
            assert params is not None and rule_id is not None and severity is not None
            assert source is not None and finding is not None and change is not None
            seen.add(rule_id)
            rules.append(EvaluationRule(rule_id, kind, params, severity, persistent, concept, source, finding, change))
    table: list[Recommendation] = []
    raw_table = check.sequence(top["recommendation"], ("recommendation",))
    for index, raw in enumerate(raw_table):
        path = ("recommendation", index)
        entry = check.mapping(raw, path, ("outcome", "text"), ("when",))
        if entry is None:
            continue
        outcome = check.choice(entry["outcome"], (*path, "outcome"), OUTCOMES, "outcome")
        text = check.text(entry["text"], (*path, "text"))
        severities: tuple[str, ...] | None = None
        at_least = 0
        if "when" in entry:
            when = check.mapping(entry["when"], (*path, "when"), ("severity", "at_least"))
            if when is None:
                continue
            items = check.sequence(when["severity"], (*path, "when", "severity"))
            severities = tuple(s for i, s in enumerate(items) if check.choice(s, (*path, "when", "severity", i), SEVERITIES, "severity"))
            counted = check.count(when["at_least"], (*path, "when", "at_least"))
            at_least = counted if counted is not None else 0
        elif index != len(raw_table) - 1:
            check.add(path, "only_last_without_when")
        if outcome is not None and text is not None:
            table.append(Recommendation(outcome, severities, at_least, text))
    if raw_table and (not table or table[-1].severities is not None):
        check.add(("recommendation",), "last_without_when")
    return tuple(rules), tuple(table)


def _read_screening(check: _Checker, data: object) -> tuple[dict[str, float], tuple[Criterion, ...], float, float, dict[str, float]]:
    empty: tuple[dict[str, float], tuple[Criterion, ...], float, float, dict[str, float]] = ({}, (), 0.7, 0.35, {})
    top = _header(check, data, "lifecycle.screening")
    if top is None or check.mapping(top, (), ("kind", "version", "levels", "criteria", "thresholds", "engine")) is None:
        return empty
    levels: dict[str, float] = {}
    raw_levels = check.mapping(top["levels"], ("levels",), v.LEVELS)
    if raw_levels is not None:
        for level in v.LEVELS:
            number = check.number(raw_levels[level], ("levels", level), 0.0, 1.0)
            levels[level] = number if number is not None else 0.0
    criteria: list[Criterion] = []
    for index, raw in enumerate(check.sequence(top["criteria"], ("criteria",))):
        path: FieldPath = ("criteria", index)
        entry = check.mapping(raw, path, ("id", "weight", "label", "measures"))
        if entry is None:
            continue
        crit_id = check.string(entry["id"], (*path, "id"))
        weight = check.number(entry["weight"], (*path, "weight"), 0.0, 100.0)
        label = check.text(entry["label"], (*path, "label"))
        measures: list[Measure] = []
        for m_index, raw_measure in enumerate(check.sequence(entry["measures"], (*path, "measures"))):
            m_path: FieldPath = (*path, "measures", m_index)
            if not isinstance(raw_measure, Mapping):
                check.add(m_path, "wrong_type", raw_measure, expected=A_MAPPING, got=type_word(raw_measure))
                continue
            kind = check.choice(raw_measure.get("kind"), (*m_path, "kind"), tuple(SCREENING_MEASURES), "measure")
            if kind is None:
                continue
            params = check.params(raw_measure, m_path, SCREENING_MEASURES[kind], ("kind", "weight"))
            m_weight = check.number(raw_measure.get("weight", 1), (*m_path, "weight"), 0.0, 100.0)
            if params is not None and m_weight is not None:
                measures.append(Measure(kind, params, m_weight))
        if crit_id is not None and weight is not None and label is not None:
            criteria.append(Criterion(crit_id, weight, label, tuple(measures)))
    thresholds = check.mapping(top["thresholds"], ("thresholds",), ("strong", "weak"))
    strong, weak = 0.7, 0.35
    if thresholds is not None:
        strong = check.number(thresholds["strong"], ("thresholds", "strong"), 0.0, 1.0) or strong
        weak = check.number(thresholds["weak"], ("thresholds", "weak"), 0.0, 1.0) or weak
    engine: dict[str, float] = {}
    keys = ("ready_bonus", "per_unmet_precondition", "per_high_warning")
    raw_engine = check.mapping(top["engine"], ("engine",), keys)
    if raw_engine is not None:
        for key in keys:
            number = check.number(raw_engine[key], ("engine", key), -1.0, 1.0)
            engine[key] = number if number is not None else 0.0
    return levels, tuple(criteria), strong, weak, engine


def _read_plc(check: _Checker, data: object) -> tuple[dict[str, tuple[tuple[PlcCondition, ...], Text]], Text]:
    top = _header(check, data, "lifecycle.plc")
    stages: dict[str, tuple[tuple[PlcCondition, ...], Text]] = {}
    fallback = Text("", "")
    if top is None or check.mapping(top, (), ("kind", "version", "stages", "cycle_complete")) is None:
        return stages, fallback
    raw_stages = check.mapping(top["stages"], ("stages",), v.PLC_STAGES)
    if raw_stages is not None:
        for stage in v.PLC_STAGES:
            path: FieldPath = ("stages", stage)
            entry = check.mapping(raw_stages[stage], path, ("healthy", "guidance"))
            if entry is None:
                continue
            conditions: list[PlcCondition] = []
            for index, raw in enumerate(check.sequence(entry["healthy"], (*path, "healthy"))):
                c_path: FieldPath = (*path, "healthy", index)
                if not isinstance(raw, Mapping):
                    check.add(c_path, "wrong_type", raw, expected=A_MAPPING, got=type_word(raw))
                    continue
                kind = check.choice(raw.get("kind"), (*c_path, "kind"), tuple(PLC_CONDITIONS), "condition")
                if kind is None:
                    continue
                params = check.params(raw, c_path, PLC_CONDITIONS[kind], ("kind",))
                if params is not None:
                    conditions.append(PlcCondition(kind, params))
            guidance = check.text(entry["guidance"], (*path, "guidance"))
            if guidance is not None:
                stages[stage] = (tuple(conditions), guidance)
    complete = check.text(top["cycle_complete"], ("cycle_complete",))
    return stages, complete or fallback


# --------------------------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------------------------

_FILES = ("mapping", "steps", "evaluation", "screening", "plc")


def builtin_lifecycle_dir() -> Path:
    """The directory of the shipped lifecycle rule files (``rulesets/lifecycle``)."""
    return builtin_rulesets_dir() / "lifecycle"


def _find(directory: Path, name: str) -> Path:
    for suffix in (".yaml", ".yml", ".json"):
        candidate = directory / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    return directory / f"{name}.yaml"


def load_lifecycle_rules(directory: str | Path | None = None) -> LifecycleRules:
    """Load and validate the five lifecycle rule files of ``directory`` (default: the shipped ones).

    Raises :class:`LifecycleError` listing every problem of every file.  The shipped rules are loaded once and
    cached; pass a directory to use your own copy (for example to translate the texts or change a threshold).
    """
    if directory is None:
        return _builtin()
    return _load(Path(directory))


@functools.lru_cache(maxsize=1)
def _builtin() -> LifecycleRules:
    return _load(builtin_lifecycle_dir())


def _load(directory: Path) -> LifecycleRules:
    problems: list[Problem] = []
    checkers: dict[str, tuple[_Checker, object]] = {}
    files = []
    for name in _FILES:
        path = _find(directory, name)
        files.append(str(path))
        try:
            document = load_cached_document(path, error=LifecycleError)
        except LifecycleError as exc:
            problems.extend(exc.problems)
            continue
        checkers[name] = (_Checker(document.source, problems), document.data)
    if problems:
        raise LifecycleError(problems, str(directory))
    needs, learn, approaches = _read_mapping(*checkers["mapping"])
    steps = _read_steps(*checkers["steps"])
    evaluation, recommendation = _read_evaluation(*checkers["evaluation"])
    levels, criteria, strong, weak, engine = _read_screening(*checkers["screening"])
    plc_stages, complete = _read_plc(*checkers["plc"])
    if problems:
        raise LifecycleError(problems, str(directory))
    return LifecycleRules(
        needs=needs,
        learn=learn,
        approaches=approaches,
        steps=steps,
        evaluation=evaluation,
        recommendation=recommendation,
        levels=levels,
        criteria=criteria,
        strong=strong,
        weak=weak,
        engine_adjustment=engine,
        plc_stages=plc_stages,
        cycle_complete=complete,
        files=tuple(files),
    )

"""Exploration: what-if, sensitivity and counterfactuals over one scenario.

Why: a researcher asks "what if the trust were high?", "which inputs matter?", "what would it take to get
*inti plasma*?".  Written by hand these go wrong: the schema enums mix ids and English aliases, so a naive sweep
evaluates duplicates, and a naive edit of a list raises "listed twice".  Here every change goes through the
scenario validator, sweeps use canonical ids only (:func:`allowed_values`), and the answers are explained.

* :func:`what_if` applies changes given as dotted paths (``parties.lkp_melati.capital``,
  ``relationship.trust``, ``relationship.gains.lkp_melati``) and returns the new report with a
  :class:`ReportDiff` (patterns that moved, warnings that came or went, assessments and status that changed).
* :func:`sensitivity` changes one input at a time to each of its other allowed values and records what moved.
* :func:`counterfactual` searches the smallest sets of changes (up to ``max_changes``) that make a pattern
  recommended (or top of its layer).  It does not enumerate blindly: the candidate inputs come from the pattern's
  why-not (the failed conditions of its unfired supporting rules, and the conditions of the rules that fired
  against or excluded it), mapped from facts back to the scenario's fields, and pairs are only tried among the
  single changes that moved the pattern most.

Engines expose these as :meth:`Engine.what_if`, :meth:`Engine.sensitivity` and :meth:`Engine.counterfactual`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from . import vocabulary as v
from ._validate import JOINT, Field, Validator
from ._yaml import SourceMap
from .errors import Problem, ScenarioError, UnknownIdError
from .facts import party_views
from .report import ASSESSMENT_GROUPS
from .scenario import PARTY_FIELDS, RELATIONSHIP_FIELDS, Scenario, scenario_from_dict

if TYPE_CHECKING:
    from .engine import Engine
    from .report import DrawbackWarning, Report

__all__ = [
    "AssessmentChange",
    "Change",
    "Counterfactual",
    "PatternChange",
    "ReportDiff",
    "allowed_values",
    "apply_changes",
    "counterfactual",
    "diff_reports",
    "input_paths",
    "sensitivity",
    "sensitivity_records",
    "what_if",
]

#: What the exploration functions take as a scenario: a Scenario, a mapping or a file path.
ScenarioLike = Scenario | Mapping[str, Any] | str | Path
_PARTY = {f.name: f for f in PARTY_FIELDS if f.name != "id"}
_RELATION = {f.name: f for f in RELATIONSHIP_FIELDS}
_MAPS = ("provides", "shares", "gains")
_SWEEP_TYPES = ("enum", "bool", "ref_or_joint")
_TOP = ("title", "description")


# --- paths and values ------------------------------------------------------------------------------------------------
@attrs.frozen
class _Target:
    """Where a dotted path points: a party field, a relationship field, or one party's entry of a relationship map."""

    path: str
    field: Field
    party: str | None = None  # parties.<party>.<field>
    key: str | None = None  # relationship.<map>.<key>

    def get(self, scenario: Scenario) -> Any:
        if self.party is not None:
            value = getattr(scenario.party(self.party), self.field.name)
        elif self.field.name in _TOP:
            value = getattr(scenario, self.field.name)
        else:
            value = getattr(scenario.relationship, self.field.name)
            if self.key is not None:
                value = value.get(self.key)
        return list(value) if isinstance(value, tuple) else value


def _problem(path: str, code: str, value: object = None, allowed: Sequence[str] = (), **params: str) -> ScenarioError:
    """A change path that names nothing in the scenario: the problem ``code`` (:data:`~kemitraan_rules.errors.MESSAGES`)."""
    return ScenarioError([Problem.at(path, code, value=value, allowed=tuple(allowed), **params)])


def _target(scenario: Scenario, path: str) -> _Target:
    """Resolve a dotted path against this scenario (party ids may themselves contain dots)."""
    if path in _TOP:
        return _Target(path, Field(path, "text"))
    head, _, rest = path.partition(".")
    if head == "parties":
        for party in sorted(scenario.party_ids, key=len, reverse=True):
            if rest.startswith(party + "."):
                name = rest[len(party) + 1 :]
                if name not in _PARTY:
                    raise _problem(path, "unknown_party_field", name, sorted(_PARTY), field=repr(name))
                return _Target(path, _PARTY[name], party=party)
        raise _problem(path, "path_without_party", rest, [f"parties.{p}.<field>" for p in scenario.party_ids])
    if head == "relationship":
        name, _, key = rest.partition(".")
        if name not in _RELATION:
            raise _problem(path, "unknown_relationship_field", name, sorted(_RELATION), field=repr(name))
        if name in _MAPS:
            if key not in scenario.party_ids:
                raise _problem(path, "needs_party_id", key, [f"relationship.{name}.{p}" for p in scenario.party_ids], name=name)
            return _Target(path, _RELATION[name].item or _RELATION[name], key=key)
        if key:
            raise _problem(path, "field_without_parts", key, name=name)
        return _Target(path, _RELATION[name])
    raise _problem(path, "unknown_path", path, ["parties.<party>.<field>", "relationship.<field>", "relationship.<map>.<party>", *_TOP])


def allowed_values(field: str, scenario: Scenario | None = None) -> tuple[Any, ...]:
    """The canonical values of an input field, ids only (no English aliases), in vocabulary order.

    ``field`` is a party or relationship field name (``scale``, ``trust``, ``offers``) or a dotted path
    (``parties.lkp_melati.capital``, ``relationship.gains.lkp_melati``).  Booleans give ``(True, False)``.
    ``decisions_by`` and ``rules_set_by`` need the ``scenario`` (their values are its party ids and ``bersama``).
    Free text and numbers have no finite set: an :class:`UnknownIdError` names the fields that do.
    """
    if "." in field:
        if scenario is None:
            head, _, rest = field.partition(".")
            name = rest.rsplit(".", 1)[-1] if head == "parties" else rest.split(".", 1)[0]
            spec = _PARTY.get(name) if head == "parties" else _RELATION.get(name)
            if spec is not None and spec.item is not None:
                spec = spec.item
        else:
            spec = _target(scenario, field).field
    else:
        spec = _RELATION.get(field) or _PARTY.get(field)
        if spec is not None and spec.item is not None:
            spec = spec.item
    finite = sorted({f.name for f in (*_PARTY.values(), *_RELATION.values()) if f.type in (*_SWEEP_TYPES, "enum_list") or f.item})
    if spec is None or spec.type not in (*_SWEEP_TYPES, "enum_list"):
        raise UnknownIdError("field with a finite set of values", field, tuple(finite))
    if spec.type == "bool":
        return (True, False)
    if spec.type == "ref_or_joint":
        if scenario is None:
            raise UnknownIdError("field (give the scenario: its values are the party ids and 'bersama')", field, ())
        return (*scenario.party_ids, JOINT)
    return tuple(spec.values)


# --- applying changes ------------------------------------------------------------------------------------------------
@attrs.frozen
class Change:
    """One input change: the dotted ``path``, the value ``before`` (``None``: unknown) and ``after``.

    ``party_name`` is what texts call the party the path names (``parties.<id>...``, ``relationship.<map>.<id>``):
    its name in the scenario, so a rendered change reads "modal LKP Terampil", not the party's id.
    """

    path: str
    before: Any
    after: Any
    party_name: str = attrs.field(default="", eq=False)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "before": self.before, "after": self.after}


def _normalise_changes(changes: Mapping[str, Any] | None, keywords: Mapping[str, Any]) -> dict[str, Any]:
    """Dotted paths from a mapping and from keywords (``trust="tinggi"`` or ``parties__x__capital="tinggi"``)."""
    result = dict(changes or {})
    for name, value in keywords.items():
        path = name.replace("__", ".")
        if "." not in path and path in _RELATION:
            path = f"relationship.{path}"
        result[path] = value
    return result


def apply_changes(scenario: Scenario, changes: Mapping[str, Any]) -> tuple[Scenario, tuple[Change, ...]]:
    """The scenario with ``changes`` applied (``None`` makes a field unknown), validated, and the changes made.

    A bad path or value is a :class:`ScenarioError` naming the dotted path and the allowed values; nothing is
    applied then.
    """
    data = scenario.to_dict()
    check = Validator(SourceMap(None))
    made: list[Change] = []
    for path in sorted(changes):
        value = changes[path]
        target = _target(scenario, path)
        if value is not None:
            value = check.value(target.field, value, tuple(path.split(".")), scenario.party_ids)
            if value is None:
                continue
            value = sorted(value) if isinstance(value, tuple) else value  # lists are sets: canonical order
        before = target.get(scenario)
        if target.party is not None:
            record = next(p for p in data["parties"] if p["id"] == target.party)
        elif target.field.name in _TOP:
            record = data
        else:
            record = data["relationship"]
        if target.key is not None:
            entries = record.setdefault(target.field.name, {})
            record, name = entries, target.key
        else:
            name = target.field.name
        if value is None:
            record.pop(name, None)
        else:
            record[name] = value
        if before != value:
            party = target.party or target.key
            made.append(Change(path, before, value, scenario.party_name(party) if party in scenario.party_ids else ""))
    if check.problems:
        raise ScenarioError(check.problems)
    return scenario_from_dict(data, source=f"what-if of {scenario.id}"), tuple(made)


# --- diffs -----------------------------------------------------------------------------------------------------------
@attrs.frozen
class PatternChange:
    """A pattern whose rank, score or recommendation changed."""

    pattern: str
    layer: str
    label: Mapping[str, str]
    rank_before: int
    rank_after: int
    score_before: float
    score_after: float
    recommended_before: bool
    recommended_after: bool

    def to_dict(self) -> dict[str, Any]:
        return {k: (dict(x) if k == "label" else x) for k, x in attrs.asdict(self).items()}


@attrs.frozen
class AssessmentChange:
    """A precondition, principle or element whose status changed."""

    kind: str
    id: str
    label: Mapping[str, str]
    before: str
    after: str


@attrs.frozen
class ReportDiff:
    """What changed between two reports of (versions of) one scenario; renders as text, HTML and a record."""

    scenario: str
    changes: tuple[Change, ...]
    patterns: tuple[PatternChange, ...]
    warnings_added: tuple[DrawbackWarning, ...]
    warnings_removed: tuple[DrawbackWarning, ...]
    assessments: tuple[AssessmentChange, ...]
    status_before: str
    status_after: str
    fired_added: tuple[str, ...]
    fired_removed: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """Whether anything in the report changed (patterns, warnings, assessments, status or rules fired)."""
        return bool(self.patterns or self.warnings_added or self.warnings_removed or self.assessments or self.fired_added or self.fired_removed)

    def to_record(self) -> dict[str, Any]:
        """One flat row: the changes, status before/after, patterns moved and recommendations gained or lost."""
        return {
            "scenario": self.scenario,
            "changes": ",".join(f"{c.path}={_value(c.after)}" for c in self.changes),
            "status_before": self.status_before,
            "status_after": self.status_after,
            "status_changed": self.status_before != self.status_after,
            "patterns_moved": ",".join(p.pattern for p in self.patterns),
            "recommended_gained": ",".join(p.pattern for p in self.patterns if p.recommended_after and not p.recommended_before),
            "recommended_lost": ",".join(p.pattern for p in self.patterns if p.recommended_before and not p.recommended_after),
            "warnings_added": ",".join(w.rule for w in self.warnings_added),
            "warnings_removed": ",".join(w.rule for w in self.warnings_removed),
            "assessments_changed": ",".join(f"{a.kind}:{a.id}" for a in self.assessments),
            "fired_added": len(self.fired_added),
            "fired_removed": len(self.fired_removed),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "changes": [c.to_dict() for c in self.changes],
            "patterns": [p.to_dict() for p in self.patterns],
            "warnings_added": [w.to_dict() for w in self.warnings_added],
            "warnings_removed": [w.to_dict() for w in self.warnings_removed],
            "assessments": [attrs.asdict(a) for a in self.assessments],
            "status_before": self.status_before,
            "status_after": self.status_after,
            "fired_added": list(self.fired_added),
            "fired_removed": list(self.fired_removed),
        }

    def render(self, lang: str | None = None) -> str:
        """The diff as text in Indonesian (default) or English."""
        from .display import diff_text

        return diff_text(self, lang)

    def to_html(self, lang: str | None = None) -> str:
        from .html import diff_html

        return diff_html(self, lang)

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        from .display import short_repr

        return short_repr(self)

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_markdown_(self) -> str:
        """The diff as Markdown: input changes, status, patterns moved, warnings and assessments (language of ``kemitraan_rules.options``)."""
        from .display import to_markdown

        return to_markdown(self)


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + " ".join(str(x) for x in value) + "]"
    return str(value)


def diff_reports(before: Report, after: Report, changes: Iterable[Change] = ()) -> ReportDiff:
    """The :class:`ReportDiff` from ``before`` to ``after`` (patterns in ranking order of ``after``)."""
    old = {r.pattern: r for r in before.recommendations}
    moved = []
    for entry in after.recommendations:
        prior = old.get(entry.pattern)
        if prior is None or (prior.rank, prior.score, prior.recommended) != (entry.rank, entry.score, entry.recommended):
            moved.append(
                PatternChange(
                    entry.pattern,
                    entry.layer,
                    entry.label,
                    prior.rank if prior else 0,
                    entry.rank,
                    prior.score if prior else 0.0,
                    entry.score,
                    prior.recommended if prior else False,
                    entry.recommended,
                )
            )
    before_rules = {w.rule: w for w in before.warnings}
    after_rules = {w.rule: w for w in after.warnings}
    assessments = []
    for group in ASSESSMENT_GROUPS:
        statuses = {a.id: a.status for a in getattr(before, group)}
        for a in getattr(after, group):
            if statuses.get(a.id, "unknown") != a.status:
                assessments.append(AssessmentChange(a.kind, a.id, a.label, statuses.get(a.id, "unknown"), a.status))
    return ReportDiff(
        scenario=after.scenario,
        changes=tuple(changes),
        patterns=tuple(moved),
        warnings_added=tuple(w for w in after.warnings if w.rule not in before_rules),
        warnings_removed=tuple(w for w in before.warnings if w.rule not in after_rules),
        assessments=tuple(assessments),
        status_before=before.partnership_status,
        status_after=after.partnership_status,
        fired_added=tuple(sorted(set(after.fired) - set(before.fired))),
        fired_removed=tuple(sorted(set(before.fired) - set(after.fired))),
    )


def _scenario(scenario: ScenarioLike) -> Scenario:
    from .engine import _as_scenario

    return _as_scenario(scenario)


def what_if(engine: Engine, scenario: ScenarioLike, changes: Mapping[str, Any] | None = None, /, **keywords: Any) -> tuple[Report, ReportDiff]:
    """Evaluate ``scenario`` with ``changes`` (dotted paths, or keywords) and return the new report and the diff."""
    base = _scenario(scenario)
    changed, made = apply_changes(base, _normalise_changes(changes, keywords))
    before = engine.evaluate(base)
    after = engine.evaluate(changed)
    return after, diff_reports(before, after, made)


# --- sensitivity -----------------------------------------------------------------------------------------------------
def input_paths(scenario: Scenario) -> tuple[str, ...]:
    """The dotted paths a sweep varies by default: the finite fields of seeker and candidate, and of the relationship."""
    rel = scenario.relationship
    parties = [p for p in (rel.seeker, rel.candidate) if p is not None]
    paths = [f"parties.{p}.{f.name}" for p in parties for f in PARTY_FIELDS if f.type in _SWEEP_TYPES]
    for f in RELATIONSHIP_FIELDS:
        if f.type in _SWEEP_TYPES:
            paths.append(f"relationship.{f.name}")
        elif f.item is not None and f.item.type in _SWEEP_TYPES:
            paths += [f"relationship.{f.name}.{p}" for p in parties]
    return tuple(paths)


def sensitivity_records(engine: Engine, scenario: ScenarioLike, fields: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """For each input path and each of its other allowed values: what changed (one :meth:`ReportDiff.to_record` row).

    A list field (``parties.<id>.offers``, ``relationship.provides.<id>``) is varied one item at a time: each allowed
    item added when absent, removed when present.
    """
    base = _scenario(scenario)
    before = engine.evaluate(base)
    rows = []
    for path in fields if fields is not None else input_paths(base):
        target = _target(base, path)
        current = target.get(base)
        for value in _sweep(target, base, current):
            changed, made = apply_changes(base, {path: value})
            after = engine.evaluate(changed)
            diff = diff_reports(before, after, made)
            record = diff.to_record()
            record.update({"field": path, "value": value, "previous": current})
            for layer in v.LAYERS:
                best = after.best(layer)
                record[f"best_{layer}"] = best.pattern if best else None
            rows.append(record)
    return rows


def _sweep(target: _Target, scenario: Scenario, current: Any) -> list[Any]:
    """The other values of a field: every other allowed value; for a list, each allowed item added or removed."""
    values = allowed_values(target.path, scenario)
    if target.field.type == "enum_list":
        items = set(current or ())
        return [sorted(items ^ {item}) for item in values]
    return [value for value in values if value != current]


def sensitivity(engine: Engine, scenario: ScenarioLike, fields: Sequence[str] | None = None) -> Any:
    """:func:`sensitivity_records` as a pandas DataFrame (extra ``kemitraan-rules[analysis]``), first columns
    ``field``, ``value``, ``previous``."""
    from .tables import pandas

    rows = sensitivity_records(engine, scenario, fields)
    frame = pandas().DataFrame(rows)
    if rows:
        first = ["field", "value", "previous", "status_after", "best_family", "best_legal"]
        frame = frame[first + [c for c in frame.columns if c not in first]]
    return frame


# --- counterfactuals -------------------------------------------------------------------------------------------------
@attrs.frozen
class Counterfactual:
    """A smallest set of input changes that gets ``pattern`` recommended (or to the top of its layer)."""

    pattern: str
    changes: tuple[Change, ...]
    report: Report
    rules: tuple[str, ...]  # the supporting rules of the pattern that fire after the changes and did not before

    @property
    def diff_paths(self) -> tuple[str, ...]:
        return tuple(c.path for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        entry = self.report.recommendation(self.pattern)
        return {
            "pattern": self.pattern,
            "changes": [c.to_dict() for c in self.changes],
            "score": entry.score,
            "rank": entry.rank,
            "recommended": entry.recommended,
            "rules": list(self.rules),
        }

    def render(self, lang: str | None = None) -> str:
        from .display import counterfactual_text

        return counterfactual_text(self, lang)

    def __str__(self) -> str:
        return self.render()


def _fact_paths(fact: str, scenario: Scenario, engine: Engine, depth: int = 0) -> set[str]:
    """The scenario paths that decide a fact field (``smaller.capital`` -> ``parties.<id>.capital``)."""
    views = {view: party.id for view, party in party_views(scenario).items()}
    head, _, name = fact.partition(".")
    rel = scenario.relationship
    if head in ("seeker", "candidate", "smaller", "larger"):
        party = views.get(head)
        if party is None:
            return set()
        other = next((p for view, p in views.items() if view in ("seeker", "candidate") and p != party), None)
        if name in _PARTY and name != "kind":
            return {f"parties.{party}.{name}"}
        if name in ("kind", "category"):
            return {f"parties.{party}.kind"}
        if name == "provides":
            return {f"relationship.provides.{party}"}
        if name == "receives" and other:
            return {f"relationship.provides.{other}"}
        if name == "share":
            return {f"relationship.shares.{party}"}
        if name == "gain":
            return {f"relationship.gains.{party}"}
        if name == "needs_met" and other:
            return {f"parties.{party}.needs", f"parties.{other}.offers", f"relationship.provides.{other}"}
        return set()
    if head == "relation":
        if name in _RELATION and name not in _MAPS:
            return {f"relationship.{name}"}
        pair = [p for p in (rel.seeker, rel.candidate) if p is not None]
        if name == "step_number":
            return {"relationship.step"}
        if name in ("vision_overlap", "shared_vision"):
            return {"relationship.shared_vision"}
        if name == "scale_gap":
            return {f"parties.{p}.scale" for p in pair}
        if name == "capacity_gap":
            return {f"parties.{p}.{n}" for p in pair for n in ("capital", "people", "technology", "management")}
        if name in ("mutual_need", "both_provide"):
            return {f"relationship.provides.{p}" for p in pair} | {f"parties.{p}.needs" for p in pair}
        return set()
    if head == "derived" and depth < 3:
        paths: set[str] = set()
        for rule in engine.rulebase.rules:
            if any(c.kind == "derive" and c.target == name for c in rule.conclusions):
                for condition in rule.conditions:
                    paths |= _fact_paths(condition.field, scenario, engine, depth + 1)
        return paths
    return set()


def _candidate_values(path: str, scenario: Scenario, operands: Iterable[Any]) -> list[Any]:
    """Values worth trying at ``path``: every allowed value of a finite field, else the operands of the conditions."""
    target = _target(scenario, path)
    current = target.get(scenario)
    kind = target.field.type
    if kind in _SWEEP_TYPES:
        return [x for x in allowed_values(path, scenario) if x != current]
    if kind == "enum_list":
        items = list(current or [])
        values: list[Any] = []
        for operand in operands:
            group = [x for x in (operand if isinstance(operand, (list, tuple)) else [operand]) if x in target.field.values]
            for item in group:
                values.append(sorted({*items, item}) if item not in items else sorted(set(items) - {item}))
            if len(group) > 1:  # contains_all: every item at once
                values.append(sorted({*items, *group}))
        unique: list[Any] = []
        for value in values:
            if value not in unique and value != sorted(items):
                unique.append(value)
        return unique
    numbers = [x for x in operands if isinstance(x, (int, float)) and not isinstance(x, bool)]
    if kind == "share":
        return sorted({min(1.0, max(0.0, round(x + d, 4))) for x in numbers for d in (-0.01, 0.0, 0.01)} - {current})
    if kind == "int":
        low = target.field.minimum or 0
        return sorted({max(low, int(x) + d) for x in numbers for d in (-1, 0, 1)} - {current})
    return []


def _goal(report: Report, pattern: str, target: str) -> bool:
    entry = report.recommendation(pattern)
    return entry.recommended and (target == "recommended" or entry.rank == 1)


def _progress(report: Report, pattern: str) -> tuple[int, float, int]:
    entry = report.recommendation(pattern)
    return (int(entry.recommended) - int(entry.excluded), entry.score, -entry.rank)


def counterfactual(
    engine: Engine,
    scenario: ScenarioLike,
    pattern: str,
    max_changes: int = 2,
    *,
    target: str = "recommended",
    beam: int = 12,
    limit: int = 10,
) -> list[Counterfactual]:
    """The smallest sets of input changes (at most ``max_changes``) that make ``pattern`` recommended.

    ``target="top"`` asks for the top of its layer instead.  Candidates come from ``why_not(pattern)``: the
    fields of the failed conditions of its unfired supporting rules and the conditions of the rules that fired
    against or excluded it, traced back to scenario paths; larger sets only combine the ``beam`` single changes
    that moved the pattern most.  Answers are sorted by size, then by the pattern's score; at most ``limit``.
    An answer with no changes means the pattern already meets the target.
    """
    if target not in ("recommended", "top"):
        raise UnknownIdError("counterfactual target", target, ("recommended", "top"))
    base = _scenario(scenario)
    before = engine.evaluate(base)
    before.recommendation(pattern)  # an unknown pattern is an UnknownIdError naming the known ones
    if _goal(before, pattern, target):
        return [Counterfactual(pattern, (), before, ())]
    why = before.why_not(pattern)
    conditions: list[tuple[str, Any]] = [(f.field, None) for f in why.failed_conditions]
    for unfired in why.unfired:
        rule = engine.rulebase.rule(unfired.rule.id)
        conditions += [(c.field, c.operand) for c in rule.conditions]
    blocking = {r.id for r in (*why.against, *why.excluded_by)}
    if target == "top":
        entry = before.recommendation(pattern)
        for rival in before.layer(entry.layer):
            if rival.rank < entry.rank:
                blocking |= {r.id for r in rival.supporting}
    for rule_id in sorted(blocking):
        conditions += [(c.field, c.operand) for c in engine.rulebase.rule(rule_id).conditions]
    operands: dict[str, list[Any]] = {}
    for fact, operand in conditions:
        for path in sorted(_fact_paths(fact, base, engine)):
            operands.setdefault(path, [])
            if operand is not None:
                operands[path].append(operand)

    singles: list[tuple[tuple[int, float, int], dict[str, Any]]] = []
    answers: list[Counterfactual] = []
    old_support = {r.id for r in before.recommendation(pattern).supporting}

    def attempt(changes: dict[str, Any]) -> tuple[Report, tuple[Change, ...]] | None:
        try:
            changed, made = apply_changes(base, changes)
        except ScenarioError:  # e.g. a value a cross-field check refuses
            return None
        return engine.evaluate(changed), made

    def answer(report: Report, made: tuple[Change, ...]) -> Counterfactual:
        fired = tuple(r.id for r in report.recommendation(pattern).supporting if r.id not in old_support)
        return Counterfactual(pattern, made, report, fired)

    for path in sorted(operands):
        for value in _candidate_values(path, base, operands[path]):
            result = attempt({path: value})
            if result is None:
                continue
            report, made = result
            if _goal(report, pattern, target):
                answers.append(answer(report, made))
            else:
                singles.append((_progress(report, pattern), {path: value}))
    if max_changes >= 2 and not answers:
        baseline = _progress(before, pattern)
        ranked = [change for score, change in sorted(singles, key=lambda s: s[0], reverse=True) if score > baseline][:beam]
        seen: set[tuple[tuple[str, str], ...]] = set()
        for i, first in enumerate(ranked):
            for second in ranked[i + 1 :]:
                if set(first) & set(second):
                    continue
                combined = {**first, **second}
                key = tuple(sorted((k, repr(x)) for k, x in combined.items()))
                if key in seen:
                    continue
                seen.add(key)
                result = attempt(combined)
                if result is not None and _goal(result[0], pattern, target):
                    answers.append(answer(*result))
    answers.sort(key=lambda a: (len(a.changes), -a.report.recommendation(pattern).score, [c.path for c in a.changes]))
    return answers[:limit]

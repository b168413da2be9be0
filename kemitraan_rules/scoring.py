"""Scoring: from what fired during one evaluation to the frozen :class:`~kemitraan_rules.report.Report`.

The engine records firings in a :class:`Firings` (rules fired, probe conditions that held, facts derived);
:func:`build_report` turns them into the report.

Scoring
    A pattern's score is the sum of the weights of the rules that fired for it (negative weights count against
    it), summed in rule-id order and rounded to 6 decimals.  It is *recommended* when no fired rule excludes it and
    its score reaches the ``recommendation_threshold`` setting of the rulesets.  Within a layer, patterns rank by
    recommended first, then score, then inventory order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from . import vocabulary as v
from . import wording
from .facts import party_views
from .report import (
    DEFAULT_THRESHOLD,
    UNKNOWN,
    Assessment,
    DrawbackWarning,
    FailedCondition,
    Recommendation,
    Report,
    RuleRef,
    UnfiredRule,
    WhyNot,
)
from .rules import RuleSpec

if TYPE_CHECKING:
    from .compiler import CompiledRuleBase
    from .scenario import Scenario

__all__ = ["Firings", "build_report"]


def _ref(rule: RuleSpec, weight: float | None = None) -> RuleRef:
    return RuleRef(rule.id, rule.ruleset, rule.text, str(rule.source), weight)


class Firings:
    """What happened during one evaluation: rules fired, conditions that held (probes), facts derived."""

    def __init__(self, compiled: CompiledRuleBase) -> None:
        self.compiled = compiled
        self.fired: set[str] = set()
        self.tests_held: set[int] = set()
        self.derivers: dict[str, set[str]] = defaultdict(set)
        self._derived: list[tuple[str, str, Any]] = []

    def rule_fired(self, rule_id: str) -> None:
        if rule_id in self.fired:
            return
        self.fired.add(rule_id)
        for conclusion in self.compiled.rules_by_id[rule_id].conclusions:
            if conclusion.kind == "derive":
                field = f"derived.{conclusion.target}"
                self._derived.append((rule_id, field, conclusion.value))
                self.derivers[field].add(rule_id)

    def take_derived(self) -> list[tuple[str, str, Any]]:
        """The facts derived since the last call, in rule-id order (so conflicts are reported deterministically)."""
        derived = sorted(self._derived, key=lambda item: (item[0], item[1]))
        self._derived = []
        return derived


def build_report(scenario: Scenario, compiled: CompiledRuleBase, known: Mapping[str, Any], firings: Firings) -> Report:
    """Assemble the report of one evaluation from the rules that fired and the conditions that held."""
    rulebase = compiled.rulebase
    threshold = rulebase.setting("recommendation_threshold", DEFAULT_THRESHOLD)
    fired = sorted(firings.fired)
    rules = compiled.rules_by_id

    support: dict[str, list[RuleRef]] = defaultdict(list)
    against: dict[str, list[RuleRef]] = defaultdict(list)
    excluded: dict[str, list[RuleRef]] = defaultdict(list)
    statuses: dict[tuple[str, str], dict[str, list[RuleRef]]] = defaultdict(lambda: {"met": [], "unmet": []})
    warnings: list[DrawbackWarning] = []
    views = _subjects(scenario)
    for rule_id in fired:
        rule = rules[rule_id]
        for conclusion in rule.conclusions:
            if conclusion.kind == "recommend":
                bucket = support if conclusion.weight > 0 else against
                bucket[conclusion.target].append(_ref(rule, conclusion.weight))
            elif conclusion.kind == "exclude":
                excluded[conclusion.target].append(_ref(rule))
            elif conclusion.kind in ("precondition", "principle", "element"):
                statuses[(conclusion.kind, conclusion.target)][conclusion.status].append(_ref(rule))
            elif conclusion.kind == "warn":
                concept = rulebase.concept("drawback", conclusion.target)
                warnings.append(
                    DrawbackWarning(
                        drawback=conclusion.target,
                        rule=rule.id,
                        severity=conclusion.severity,
                        label=concept.label,
                        reason=rule.text,
                        mitigation=concept.mitigation,
                        source=str(rule.source),
                        subject=_rule_subject(rule, views),
                    )
                )

    layers: dict[str, list[Recommendation]] = defaultdict(list)
    explanations: dict[str, WhyNot] = {}
    patterns = rulebase.concept_ids("pattern")
    order = {pattern: index for index, pattern in enumerate(patterns)}
    for pattern in patterns:
        contributions = support[pattern] + against[pattern]
        score = round(sum(r.weight or 0.0 for r in sorted(contributions, key=lambda r: r.id)), 6) + 0.0
        is_excluded = bool(excluded[pattern])
        recommended = not is_excluded and score >= threshold
        layer = rulebase.pattern_layer(pattern)
        layers[layer].append(
            Recommendation(
                pattern=pattern,
                layer=layer,
                label=rulebase.concept("pattern", pattern).label,
                score=score,
                recommended=recommended,
                excluded=is_excluded,
                rank=0,
                supporting=tuple(support[pattern]),
                against=tuple(against[pattern]),
                excluded_by=tuple(excluded[pattern]),
            )
        )
        explanations[pattern] = WhyNot(
            pattern=pattern,
            recommended=recommended,
            score=score,
            threshold=threshold,
            excluded_by=tuple(excluded[pattern]),
            against=tuple(against[pattern]),
            unfired=_unfired_support(pattern, compiled, firings, known),
        )
    ranked: list[Recommendation] = []
    for layer in (*v.LAYERS, *sorted(set(layers) - set(v.LAYERS))):
        entries = sorted(layers.get(layer, []), key=lambda r: (not r.recommended, -r.score, order[r.pattern]))
        ranked.extend(attrs.evolve(entry, rank=index + 1) for index, entry in enumerate(entries))

    def assess(kind: str) -> tuple[Assessment, ...]:
        result = []
        for concept_id in rulebase.concept_ids(kind):
            found = statuses.get((kind, concept_id), {"met": [], "unmet": []})
            status = "unmet" if found["unmet"] else "met" if found["met"] else UNKNOWN
            concept = rulebase.concept(kind, concept_id)
            result.append(
                Assessment(
                    kind,
                    concept_id,
                    concept.label,
                    status,
                    tuple(found["met"]),
                    tuple(found["unmet"]),
                    concept.remedy_steps if status != "met" else (),
                )
            )
        return tuple(result)

    drawback_order = {d: i for i, d in enumerate(rulebase.concept_ids("drawback"))}
    warnings.sort(key=lambda w: (drawback_order[w.drawback], w.rule))
    return Report(
        scenario=scenario.id,
        title=scenario.title,
        recommendations=tuple(ranked),
        preconditions=assess("precondition"),
        principles=assess("principle"),
        elements=assess("element"),
        warnings=tuple(warnings),
        fired=tuple(fired),
        facts=dict(sorted(known.items())),
        threshold=threshold,
        rulesets=tuple((info.name, info.version) for info in rulebase.rulesets),
        explanations=explanations,
    )


def _unfired_support(pattern: str, compiled: CompiledRuleBase, firings: Firings, known: Mapping[str, Any]) -> tuple[UnfiredRule, ...]:
    result = []
    for rule, weight in compiled.supporting_rules(pattern):
        if rule.id in firings.fired:
            continue
        result.append(UnfiredRule(_ref(rule, weight), _failed_conditions(rule, compiled, firings, known, 0)))
    return tuple(result)


# --- failed conditions in words ----------------------------------------------------------------------------------
#: How far an explanation follows a derived fact down to the facts that would derive it (derived facts are at most
#: two levels deep in the built-in rulesets; the bound keeps user rulesets from producing endless explanations).
_VIA_DEPTH = 2


def _failed_conditions(
    rule: RuleSpec, compiled: CompiledRuleBase, firings: Firings, known: Mapping[str, Any], depth: int
) -> tuple[FailedCondition, ...]:
    """The conditions of ``rule`` that did not hold, each with its sentence in every language."""
    fields = compiled.rulebase.fields
    failed = []
    for condition, index in zip(rule.conditions, compiled.rule_tests[rule.id], strict=True):
        if index in firings.tests_held:
            continue
        actual = known.get(condition.field)
        spec = fields.get(condition.field)
        derived = dict(spec.labels) if spec is not None and spec.derived else None
        text = {lang: wording.condition_sentence(condition.field, condition.op, condition.operand, actual, lang, derived) for lang in wording.LANGS}
        via: tuple[tuple[FailedCondition, ...], ...] = ()
        if derived is not None and actual is None and depth < _VIA_DEPTH:
            groups = (
                _failed_conditions(d, compiled, firings, known, depth + 1) for d in _derivers(compiled, condition.field) if d.id not in firings.fired
            )
            unique: dict[tuple[str, ...], tuple[FailedCondition, ...]] = {}
            for group in groups:  # two derivers failing on the same conditions are said once
                if group:
                    unique.setdefault(tuple(f.condition for f in group), group)
            via = tuple(unique.values())
        failed.append(FailedCondition(str(condition), condition.field, actual, text, via))
    return tuple(failed)


def _derivers(compiled: CompiledRuleBase, field: str) -> tuple[RuleSpec, ...]:
    """The rules that derive the fact ``field`` (``derived.<name>``), by id."""
    target = field.split(".", 1)[1]
    return tuple(
        sorted(
            (rule for rule in compiled.rulebase.rules if any(c.kind == "derive" and c.target == target for c in rule.conclusions)),
            key=lambda rule: rule.id,
        )
    )


def _subjects(scenario: Scenario) -> dict[str, str]:
    return {view: party.id for view, party in party_views(scenario).items()}


def _rule_subject(rule: RuleSpec, views: Mapping[str, str]) -> tuple[str, ...]:
    """The party ids a rule speaks about (from the views its conditions test), sorted."""
    ids = {views[c.field.split(".", 1)[0]] for c in rule.conditions if c.field.split(".", 1)[0] in views}
    return tuple(sorted(ids))

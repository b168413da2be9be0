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
from .facts import assess_strength, party_views
from .law import replaced_law_note
from .report import (
    DEFAULT_THRESHOLD,
    UNKNOWN,
    Assessment,
    Benefit,
    DrawbackWarning,
    FailedCondition,
    Recommendation,
    Report,
    RuleRef,
    UnfiredRule,
    WhyNot,
)
from .rules import RuleBase, RuleSpec

if TYPE_CHECKING:
    from .compiler import CompiledRuleBase
    from .scenario import Scenario

__all__ = ["Firings", "build_report"]


def _ref(rule: RuleSpec, weight: float | None = None) -> RuleRef:
    basis = rule.basis
    return RuleRef(rule.id, rule.ruleset, rule.text, str(rule.source), weight, basis.kind if basis else None, basis.note if basis else {})


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
    out_of_scope: dict[str, list[RuleRef]] = defaultdict(list)
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
            elif conclusion.kind == "out_of_scope":
                out_of_scope[conclusion.target].append(_ref(rule))
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
                        basis=rule.basis.kind if rule.basis else None,
                        basis_note=rule.basis.note if rule.basis else {},
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
        is_out_of_scope = bool(out_of_scope[pattern])
        recommended = not is_excluded and not is_out_of_scope and score >= threshold
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
                out_of_scope=is_out_of_scope,
                out_of_scope_by=tuple(out_of_scope[pattern]),
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
            out_of_scope_by=tuple(out_of_scope[pattern]),
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

    strength = assess_strength(scenario)
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
        strength=strength.status,
        strength_evidence=strength.evidence,
        stronger=strength.stronger,
        benefits=_benefits(rulebase, ranked),
        law=rulebase.law,
        law_note=replaced_law_note(rulebase.law, [str(rules[rule_id].source) for rule_id in fired]),
    )


def _benefits(rulebase: RuleBase, ranked: list[Recommendation]) -> tuple[Benefit, ...]:
    """What the recommended patterns can bring: each benefit tied to a recommended pattern, and, when any pattern is
    recommended, those the paper names for any partnership; in catalogue order."""
    recommended = [r.pattern for r in ranked if r.recommended]
    if not recommended:
        return ()
    result = []
    for benefit_id in rulebase.concept_ids("benefit"):
        concept = rulebase.concept("benefit", benefit_id)
        patterns = tuple(p for p in recommended if p in concept.patterns) if concept.patterns else ()
        if concept.patterns and not patterns:
            continue
        source = str(concept.source) if concept.source is not None else ""
        result.append(Benefit(benefit_id, concept.label, concept.description, source, tuple(sorted(patterns))))
    return tuple(result)


def _unfired_support(pattern: str, compiled: CompiledRuleBase, firings: Firings, known: Mapping[str, Any]) -> tuple[UnfiredRule, ...]:
    result = []
    for rule, weight in compiled.supporting_rules(pattern):
        if rule.id in firings.fired:
            continue
        failed = tuple(
            FailedCondition(str(condition), condition.field, known.get(condition.field))
            for condition, index in zip(rule.conditions, compiled.rule_tests[rule.id], strict=True)
            if index not in firings.tests_held
        )
        result.append(UnfiredRule(_ref(rule, weight), failed))
    return tuple(result)


def _subjects(scenario: Scenario) -> dict[str, str]:
    return {view: party.id for view, party in party_views(scenario).items()}


def _rule_subject(rule: RuleSpec, views: Mapping[str, str]) -> tuple[str, ...]:
    """The party ids a rule speaks about (from the views its conditions test), sorted."""
    ids = {views[c.field.split(".", 1)[0]] for c in rule.conditions if c.field.split(".", 1)[0] in views}
    return tuple(sorted(ids))

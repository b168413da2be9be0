"""Scoring: from what fired during one evaluation to the frozen :class:`~kemitraan_rules.report.Report`.

The engine records firings in a :class:`Firings` (rules fired, facts derived); :func:`build_report` turns them
into the report.

Why-not, lazily
    Which conditions of an unfired supporting rule failed is computed on first use of a pattern's explanation
    (:class:`LazyExplanations`), from the final facts with :func:`kemitraan_rules.operators.holds`, the Python
    semantics of each condition (``missing`` tests the ``scenario.unknown`` list, exactly as the compiled rule does).
    Earlier versions compiled every distinct condition a second time as a one-condition durable-rules "probe" rule
    and recorded the probes that fired: that doubled the engine's matching work for an answer most callers never
    read.  The two agree: ``tests/test_operators.py`` checks durable-rules against ``holds`` operator by operator,
    and ``benchmarks/evaluate.py`` checks the fired rules against an interpreter on thousands of scenarios.

Scoring
    A pattern's score is the sum of the weights of the rules that fired for it (negative weights count against
    it), summed in rule-id order and rounded to 6 decimals.  It is *recommended* when no fired rule excludes it and
    its score reaches the ``recommendation_threshold`` setting of the rulesets (and no fired rule puts it outside
    the law's scope).  Within a layer, patterns rank by
    recommended first, then score, then inventory order.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import vocabulary as v
from . import wording
from .compiler import UNKNOWN_FIELD
from .facts import assess_strength, party_views
from .law import replaced_law_note
from .operators import holds
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
from .rules import ASSESSED_KINDS, Concept, Condition, RuleBase, RuleSpec

if TYPE_CHECKING:
    from .compiler import CompiledRuleBase
    from .scenario import Scenario

__all__ = ["Firings", "LazyExplanations", "build_report"]


def _ref(rulebase: RuleBase, rule: RuleSpec, weight: float | None = None) -> RuleRef:
    """The citation of a rule of ``rulebase`` with a weight: immutable, so every report of the rule base shares it.

    Kept in the rule base's memo (:func:`_memo`), so it goes when the rule base leaves that bounded table.  (A table
    of its own, by rule object and bounded only at 100,000 entries, kept the rules of every rule base a process had
    built alive: 0.4 MiB of RSS more per distinct rule base, ``benchmarks/rule_bases.py``.)
    """

    def make() -> RuleRef:
        basis = rule.basis
        return RuleRef(rule.id, rule.ruleset, rule.text, str(rule.source), weight, basis.kind if basis else None, basis.note if basis else {})

    result: RuleRef = _memo(rulebase, "ref", f"{rule.id}\x00{weight!r}", make)
    return result


class Firings:
    """What happened during one evaluation: rules fired, facts derived."""

    def __init__(self, compiled: CompiledRuleBase) -> None:
        self.compiled = compiled
        self.fired: set[str] = set()
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


class _Static:
    """What :func:`build_report` needs of a rule base that no scenario changes, computed once per rule base.

    The threshold, the patterns with their layer, label and inventory order, the drawbacks' order, the rulesets, and
    for each rule what its firing adds to a report (its conclusions sorted into buckets, with their citations).
    Building these for every report was about a third of the report's own time; they are immutable, so every
    report may share them (see :func:`_memo`).
    """

    __slots__ = ("assessed", "drawback_order", "effects", "labels", "layers", "order", "patterns", "rulesets", "sources", "threshold")

    def __init__(self, compiled: CompiledRuleBase) -> None:
        rulebase = compiled.rulebase
        self.threshold: float = rulebase.setting("recommendation_threshold", DEFAULT_THRESHOLD)
        self.patterns = _concept_ids(rulebase, "pattern")
        self.order = {pattern: index for index, pattern in enumerate(self.patterns)}
        self.layers = {pattern: rulebase.pattern_layer(pattern) for pattern in self.patterns}
        self.labels = {pattern: rulebase.concept("pattern", pattern).label for pattern in self.patterns}
        self.drawback_order = {d: i for i, d in enumerate(_concept_ids(rulebase, "drawback"))}
        self.rulesets = tuple((info.name, info.version) for info in rulebase.rulesets)
        #: Per assessed kind, in inventory order: each concept's id, the concept, and the assessment shared by every
        #: report in which no rule spoke about it.
        self.assessed: dict[str, tuple[tuple[str, Concept, Assessment], ...]] = {}
        for kind in ASSESSED_KINDS:
            entries = []
            for concept_id in _concept_ids(rulebase, kind):
                concept = rulebase.concept(kind, concept_id)
                unknown = Assessment(kind, concept_id, concept.label, UNKNOWN, (), (), concept.remedy_steps)
                entries.append((concept_id, concept, unknown))
            self.assessed[kind] = tuple(entries)
        #: Per rule id, its conclusions as ``(bucket, key, citation, detail)``: ``support``, ``against``,
        #: ``excluded`` and ``out_of_scope`` keyed by pattern; ``status`` keyed by (kind, concept) with the status
        #: as detail; ``warn`` with the warning's fields (all but its subject) as detail.
        self.effects: dict[str, tuple[tuple[str, Any, RuleRef, Any], ...]] = {}
        self.sources: dict[str, str] = {}
        for rule_id, rule in compiled.rules_by_id.items():
            effects: list[tuple[str, Any, RuleRef, Any]] = []
            for conclusion in rule.conclusions:
                if conclusion.kind == "recommend":
                    bucket = "support" if conclusion.weight > 0 else "against"
                    effects.append((bucket, conclusion.target, _ref(rulebase, rule, conclusion.weight), None))
                elif conclusion.kind in ("exclude", "out_of_scope"):
                    effects.append(("excluded" if conclusion.kind == "exclude" else "out_of_scope", conclusion.target, _ref(rulebase, rule), None))
                elif conclusion.kind in ASSESSED_KINDS:
                    effects.append(("status", (conclusion.kind, conclusion.target), _ref(rulebase, rule), conclusion.status))
                elif conclusion.kind == "warn":
                    concept = rulebase.concept("drawback", conclusion.target)
                    fields = {
                        "drawback": conclusion.target,
                        "rule": rule.id,
                        "severity": conclusion.severity,
                        "label": concept.label,
                        "reason": rule.text,
                        "mitigation": concept.mitigation,
                        "source": _ref(rulebase, rule).source,
                        "basis": rule.basis.kind if rule.basis else None,
                        "basis_note": rule.basis.note if rule.basis else {},
                    }
                    effects.append(("warn", conclusion.target, _ref(rulebase, rule), fields))
            self.effects[rule_id] = tuple(effects)
            self.sources[rule_id] = _ref(rulebase, rule).source


def _static(compiled: CompiledRuleBase) -> _Static:
    result: _Static = _memo(compiled.rulebase, "static", "", lambda: _Static(compiled))
    return result


def build_report(scenario: Scenario, compiled: CompiledRuleBase, known: Mapping[str, Any], firings: Firings) -> Report:
    """Assemble the report of one evaluation from the rules that fired and the conditions that held."""
    rulebase = compiled.rulebase
    static = _static(compiled)
    threshold = static.threshold
    fired = sorted(firings.fired)
    rules = compiled.rules_by_id

    buckets: dict[str, dict[Any, list[RuleRef]]] = {"support": {}, "against": {}, "excluded": {}, "out_of_scope": {}}
    statuses: dict[tuple[str, str], dict[str, list[RuleRef]]] = {}
    warnings: list[DrawbackWarning] = []
    views: dict[str, str] | None = None
    for rule_id in fired:
        for bucket, key, ref, detail in static.effects[rule_id]:
            if bucket == "status":
                found = statuses.get(key)
                if found is None:
                    found = statuses[key] = {"met": [], "unmet": []}
                found[detail].append(ref)
            elif bucket == "warn":
                if views is None:
                    views = _subjects(scenario)
                warnings.append(DrawbackWarning(subject=_rule_subject(rules[rule_id], views), **detail))
            else:
                buckets[bucket].setdefault(key, []).append(ref)
    support, against, excluded, out_of_scope = buckets["support"], buckets["against"], buckets["excluded"], buckets["out_of_scope"]

    # Each pattern's standing first, as plain tuples; the frozen Recommendations are built once, with their rank.
    standings: dict[str, list[tuple[str, float, bool, bool]]] = defaultdict(list)
    explained: dict[str, tuple[bool, float, tuple[RuleRef, ...], tuple[RuleRef, ...], tuple[RuleRef, ...]]] = {}
    order = static.order
    for pattern in static.patterns:
        contributions = support.get(pattern, []) + against.get(pattern, [])
        score = round(sum(r.weight or 0.0 for r in sorted(contributions, key=lambda r: r.id)), 6) + 0.0 if contributions else 0.0
        is_excluded = pattern in excluded
        recommended = not is_excluded and pattern not in out_of_scope and score >= threshold
        standings[static.layers[pattern]].append((pattern, score, recommended, is_excluded))
        explained[pattern] = (
            recommended,
            score,
            tuple(excluded.get(pattern, ())),
            tuple(against.get(pattern, ())),
            tuple(out_of_scope.get(pattern, ())),
        )
    ranked: list[Recommendation] = []
    for layer in (*v.LAYERS, *sorted(set(standings) - set(v.LAYERS))):
        entries = sorted(standings.get(layer, []), key=lambda e: (not e[2], -e[1], order[e[0]]))
        for rank, (pattern, score, recommended, is_excluded) in enumerate(entries, start=1):
            ranked.append(
                Recommendation(
                    pattern=pattern,
                    layer=layer,
                    label=static.labels[pattern],
                    score=score,
                    recommended=recommended,
                    excluded=is_excluded,
                    rank=rank,
                    supporting=tuple(support.get(pattern, ())),
                    against=explained[pattern][3],
                    excluded_by=explained[pattern][2],
                    out_of_scope=pattern in out_of_scope,
                    out_of_scope_by=explained[pattern][4],
                )
            )

    def assess(kind: str) -> tuple[Assessment, ...]:
        result = []
        for concept_id, concept, unknown in static.assessed[kind]:
            found = statuses.get((kind, concept_id))
            if found is None:  # nothing fired about it: the same immutable assessment in every report
                result.append(unknown)
                continue
            status = "unmet" if found["unmet"] else "met" if found["met"] else UNKNOWN
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
    facts = dict(sorted(known.items()))
    explanations = LazyExplanations(compiled, threshold, explained, frozenset(firings.fired), facts)
    drawback_order = static.drawback_order
    warnings.sort(key=lambda w: (drawback_order[w.drawback], w.rule))
    return Report(
        scenario=scenario.id,
        title=scenario.title,
        recommendations=tuple(ranked),
        preconditions=assess("precondition"),
        principles=assess("principle"),
        elements=assess("element"),
        keys=assess("key"),
        warnings=tuple(warnings),
        fired=tuple(fired),
        facts=facts,
        threshold=threshold,
        rulesets=static.rulesets,
        explanations=explanations,
        strength=strength.status,
        strength_evidence=strength.evidence,
        stronger=strength.stronger,
        stronger_name=scenario.party_name(strength.stronger) if strength.stronger else "",
        benefits=_benefits(rulebase, ranked),
        law=rulebase.law,
        law_note=replaced_law_note(rulebase.law, (static.sources[rule_id] for rule_id in fired)),
    )


def _benefits(rulebase: RuleBase, ranked: list[Recommendation]) -> tuple[Benefit, ...]:
    """What the recommended patterns can bring: each benefit tied to a recommended pattern, and, when any pattern is
    recommended, those the paper names for any partnership; in catalogue order."""
    recommended = sorted(r.pattern for r in ranked if r.recommended)
    if not recommended:
        return ()
    # The benefits depend only on which patterns are recommended: one shared tuple per such set (at most one per
    # subset of the patterns), so reports share it, and a batch worker pickles it once per chunk.
    result: tuple[Benefit, ...] = _memo(rulebase, "benefits", "|".join(recommended), lambda: _make_benefits(rulebase, recommended))
    return result


def _make_benefits(rulebase: RuleBase, recommended: Sequence[str]) -> tuple[Benefit, ...]:
    result = []
    for benefit_id in _concept_ids(rulebase, "benefit"):
        concept = rulebase.concept("benefit", benefit_id)
        patterns = tuple(p for p in recommended if p in concept.patterns) if concept.patterns else ()
        if concept.patterns and not patterns:
            continue
        source = str(concept.source) if concept.source is not None else ""
        result.append(Benefit(benefit_id, concept.label, concept.description, source, tuple(sorted(patterns))))
    return tuple(result)


#: Per rule base (by identity, the rule base kept alive beside its entries): concept ids by kind, and the assessments
#: of concepts no rule spoke about.  Both are immutable, so every report may share them.  At most
#: :data:`_MEMO_RULEBASES` rule bases are kept, oldest first out: a process building many rule bases (an edited rule
#: file re-run in a notebook, a long-lived service) must not keep every one of them alive through this table.
_MEMO: dict[int, tuple[RuleBase, dict[tuple[str, str], Any]]] = {}
_MEMO_RULEBASES = 16
_MEMO_LOCK = threading.Lock()


def _memo(rulebase: RuleBase, kind: str, key: str, make: Callable[[], Any]) -> Any:
    entry = _MEMO.get(id(rulebase))
    if entry is None or entry[0] is not rulebase:
        with _MEMO_LOCK:
            entry = (rulebase, {})
            _MEMO.pop(id(rulebase), None)
            _MEMO[id(rulebase)] = entry
            while len(_MEMO) > _MEMO_RULEBASES:
                del _MEMO[next(iter(_MEMO))]
    values = entry[1]
    if (kind, key) not in values:
        values[(kind, key)] = make()
    return values[(kind, key)]


def _concept_ids(rulebase: RuleBase, kind: str) -> tuple[str, ...]:
    result: tuple[str, ...] = _memo(rulebase, kind, "", lambda: rulebase.concept_ids(kind))
    return result


class LazyExplanations(Mapping[str, WhyNot]):
    """A report's why-not explanations by pattern, each built on first access (then kept).

    It is a read-only :class:`~collections.abc.Mapping` (equal to the dict of its items), holds only immutable inputs
    (so any thread may read it), and pickles as a plain dict of every explanation.
    """

    __slots__ = ("_compiled", "_done", "_facts", "_failed", "_fired", "_parts", "_threshold")

    def __init__(
        self,
        compiled: CompiledRuleBase,
        threshold: float,
        parts: Mapping[str, tuple[bool, float, tuple[RuleRef, ...], tuple[RuleRef, ...], tuple[RuleRef, ...]]],
        fired: frozenset[str],
        facts: Mapping[str, Any],
    ) -> None:
        self._compiled = compiled
        self._threshold = threshold
        self._parts = parts
        self._fired = fired
        self._facts = facts
        self._done: dict[str, WhyNot] = {}
        #: Failed conditions by (rule id, depth), shared by this report's explanations: the rules that would derive a
        #: missing derived fact recur under several patterns (about 40% of the lookups of a report's explanations).
        self._failed: dict[tuple[str, int], tuple[FailedCondition, ...]] = {}

    def __getitem__(self, pattern: str) -> WhyNot:
        done = self._done.get(pattern)
        if done is not None:
            return done
        recommended, score, excluded_by, against, out_of_scope_by = self._parts[pattern]
        explanation = WhyNot(
            pattern=pattern,
            recommended=recommended,
            score=score,
            threshold=self._threshold,
            excluded_by=excluded_by,
            against=against,
            unfired=_unfired_support(pattern, self._compiled, self._fired, self._facts, self._failed),
            out_of_scope_by=out_of_scope_by,
        )
        return self._done.setdefault(pattern, explanation)

    def __iter__(self) -> Iterator[str]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)

    def __contains__(self, pattern: object) -> bool:
        return pattern in self._parts

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[type[dict[str, WhyNot]], tuple[dict[str, WhyNot]]]:
        return (dict, (dict(self.items()),))


def condition_held(op: str, field: str, operand: Any, facts: Mapping[str, Any]) -> bool:
    """Whether a condition held on the final facts, as the compiled rule tests it (see the module docstring)."""
    if op == "missing":
        return field in facts.get(UNKNOWN_FIELD, ())
    return holds(op, field in facts, facts.get(field), operand)


def _unfired_support(
    pattern: str,
    compiled: CompiledRuleBase,
    fired: frozenset[str],
    known: Mapping[str, Any],
    memo: dict[tuple[str, int], tuple[FailedCondition, ...]],
) -> tuple[UnfiredRule, ...]:
    result = []
    for rule, weight in compiled.supporting_rules(pattern):
        if rule.id in fired:
            continue
        result.append(UnfiredRule(_ref(compiled.rulebase, rule, weight), _failed_conditions(rule, compiled, fired, known, 0, memo)))
    return tuple(result)


# --- failed conditions in words ----------------------------------------------------------------------------------
#: How far an explanation follows a derived fact down to the facts that would derive it (derived facts are at most
#: two levels deep in the built-in rulesets; the bound keeps user rulesets from producing endless explanations).
_VIA_DEPTH = 2


def _failed_conditions(
    rule: RuleSpec,
    compiled: CompiledRuleBase,
    fired: frozenset[str],
    known: Mapping[str, Any],
    depth: int,
    memo: dict[tuple[str, int], tuple[FailedCondition, ...]],
) -> tuple[FailedCondition, ...]:
    """The conditions of ``rule`` that did not hold, each with its sentence in every language (kept in ``memo``,
    one report's table: the same facts and firings give the same answer)."""
    done = memo.get((rule.id, depth))
    if done is not None:
        return done
    fields = compiled.rulebase.fields
    failed = []
    for condition in rule.conditions:
        if condition_held(condition.op, condition.field, condition.operand, known):
            continue
        actual = known.get(condition.field)
        spec = fields.get(condition.field)
        derived = dict(spec.labels) if spec is not None and spec.derived else None
        text = _condition_texts(condition, actual, derived)
        via: tuple[tuple[FailedCondition, ...], ...] = ()
        if derived is not None and actual is None and depth < _VIA_DEPTH:
            derivers = [d for d in _derivers(compiled, condition.field) if d.id not in fired]
            groups = (_failed_conditions(d, compiled, fired, known, depth + 1, memo) for d in derivers)
            unique: dict[tuple[str, ...], tuple[FailedCondition, ...]] = {}
            for group in groups:  # two derivers failing on the same conditions are said once
                if group:
                    unique.setdefault(tuple(f.condition for f in group), group)
            via = tuple(unique.values())
        failed.append(FailedCondition(str(condition), condition.field, actual, text, via))
    return memo.setdefault((rule.id, depth), tuple(failed))


def _condition_texts(condition: Condition, actual: Any, derived: Mapping[str, str] | None) -> dict[str, str]:
    """A failed condition's sentence in every language, for the value the scenario actually has.

    The sentence depends only on the condition, that value and the derived fact's description (fixed per rule
    base), and the same few recur in every report: they are kept (bounded, by the condition's identity, the
    condition kept alive beside its entry as in :func:`_ref`).  Values that cannot be a key are not kept.
    """
    try:
        key = (id(condition), _frozen(actual), None if derived is None else tuple(sorted(derived.items())))
        hit = _TEXTS.get(key)
    except TypeError:
        key, hit = None, None
    if hit is not None and hit[0] is condition:
        return dict(hit[1])
    text = {lang: wording.condition_sentence(condition.field, condition.op, condition.operand, actual, lang, derived) for lang in wording.LANGS}
    if key is not None:
        if len(_TEXTS) > 50_000:
            _TEXTS.clear()
        _TEXTS[key] = (condition, dict(text))
    return text


def _frozen(value: Any) -> Any:
    """``value`` as a dictionary key: lists become tuples (fact values are scalars or lists of scalars)."""
    return tuple(value) if isinstance(value, list) else value


_TEXTS: dict[tuple[int, Any, Any], tuple[Condition, dict[str, str]]] = {}


def _derivers(compiled: CompiledRuleBase, field: str) -> tuple[RuleSpec, ...]:
    """The rules that derive the fact ``field`` (``derived.<name>``), by id (computed once per rule base)."""

    def make() -> tuple[RuleSpec, ...]:
        target = field.split(".", 1)[1]
        return tuple(
            sorted(
                (rule for rule in compiled.rulebase.rules if any(c.kind == "derive" and c.target == target for c in rule.conclusions)),
                key=lambda rule: rule.id,
            )
        )

    result: tuple[RuleSpec, ...] = _memo(compiled.rulebase, "derivers", field, make)
    return result


def _subjects(scenario: Scenario) -> dict[str, str]:
    return {view: party.id for view, party in party_views(scenario).items()}


def _rule_subject(rule: RuleSpec, views: Mapping[str, str]) -> tuple[str, ...]:
    """The party ids a rule speaks about (from the views its conditions test), sorted."""
    ids = {views[c.field.split(".", 1)[0]] for c in rule.conditions if c.field.split(".", 1)[0] in views}
    return tuple(sorted(ids))

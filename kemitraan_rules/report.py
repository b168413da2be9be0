"""Reports: the frozen, explained result of evaluating one scenario.

A :class:`Report` holds every pattern with its score and the rules behind it (both layers, ranked), the assessment
of the four preconditions, six principles and three elements, the drawback warnings with their mitigations, and,
for each pattern that was not recommended, the rules that would have supported it and which of their conditions
failed.  Everything is sorted, so the same scenario gives the same report whatever the order of its lists or of
the rule files.  Renderers (:mod:`kemitraan_rules.render`) turn a report into text; :meth:`Report.to_dict` into
JSON-ready data.

The report is built by :mod:`kemitraan_rules.scoring` from what fired; this module only holds the model and its
queries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from . import vocabulary as v
from .errors import UnknownIdError
from .law import LAW_LABELS

if TYPE_CHECKING:
    pass

__all__ = [
    "ASSESSMENT_GROUPS",
    "Assessment",
    "Benefit",
    "DrawbackWarning",
    "FailedCondition",
    "Recommendation",
    "Report",
    "Revisit",
    "RuleRef",
    "UnfiredRule",
    "UnknownIdError",
    "WhyNot",
    "revisit_for",
]

DEFAULT_THRESHOLD = 2.0
UNKNOWN = "unknown"
#: The groups of assessments a report holds, in the order reports show them: each is a :class:`Report` attribute
#: and a key of :meth:`Report.to_dict` (renderers, tables, diffs and scenario tests all read this one list).
ASSESSMENT_GROUPS: tuple[str, ...] = ("preconditions", "principles", "elements", "keys")


@attrs.frozen
class RuleRef:
    """A rule as cited in a report: id, weight (for pattern rules), texts and source."""

    id: str
    ruleset: str
    text: Mapping[str, str]
    source: str
    weight: float | None = None
    #: What the rule rests on (``paper``, ``law``, ``interpretation``; ``None``: not stated) and, for an
    #: interpretation, why (``id``/``en``).
    basis: str | None = None
    basis_note: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def is_interpretation(self) -> bool:
        return self.basis == "interpretation"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "ruleset": self.ruleset, "text": dict(self.text), "source": self.source}
        if self.weight is not None:
            data["weight"] = self.weight
        if self.basis is not None:
            data["basis"] = self.basis
        if self.basis_note:
            data["basis_note"] = dict(self.basis_note)
        return data


@attrs.frozen
class Recommendation:
    """One pattern's standing: score, whether recommended, and the rules for, against and excluding it."""

    pattern: str
    layer: str
    label: Mapping[str, str]
    score: float
    recommended: bool
    excluded: bool
    rank: int
    supporting: tuple[RuleRef, ...]
    against: tuple[RuleRef, ...]
    excluded_by: tuple[RuleRef, ...]
    #: A legal pattern whose statute does not cover these parties (two small, or two medium/large businesses under
    #: UU 9/1995): not recommended, but not barred either (``excluded`` stays for real bars).
    out_of_scope: bool = False
    out_of_scope_by: tuple[RuleRef, ...] = ()

    @property
    def rules(self) -> tuple[RuleRef, ...]:
        """Every rule that moved this pattern: supporting, against, excluding and out of scope, by id."""
        return tuple(sorted(self.supporting + self.against + self.excluded_by + self.out_of_scope_by, key=lambda r: r.id))

    def to_dict(self) -> dict[str, Any]:
        return {
            "pattern": self.pattern,
            "layer": self.layer,
            "label": dict(self.label),
            "score": self.score,
            "recommended": self.recommended,
            "excluded": self.excluded,
            "rank": self.rank,
            "rules": [r.to_dict() for r in self.rules],
            "supporting": [r.id for r in self.supporting],
            "against": [r.id for r in self.against],
            "excluded_by": [r.id for r in self.excluded_by],
            "out_of_scope": self.out_of_scope,
            "out_of_scope_by": [r.id for r in self.out_of_scope_by],
        }


@attrs.frozen
class Benefit:
    """What a recommended partnership can bring (Kamil 2010, Hafsah 2010), with the recommended patterns it belongs
    to (empty: the paper names it for any partnership)."""

    id: str
    label: Mapping[str, str]
    description: Mapping[str, str]
    source: str
    patterns: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": dict(self.label),
            "description": dict(self.description),
            "source": self.source,
            "patterns": list(self.patterns),
        }


@attrs.frozen
class Assessment:
    """Status of a precondition, principle or element: ``met``, ``unmet`` or ``unknown``, with the rules why."""

    kind: str
    id: str
    label: Mapping[str, str]
    status: str
    met_by: tuple[RuleRef, ...]
    unmet_by: tuple[RuleRef, ...]
    remedy_steps: tuple[str, ...] = ()

    @property
    def rules(self) -> tuple[RuleRef, ...]:
        return self.unmet_by + self.met_by

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "label": dict(self.label),
            "status": self.status,
            "rules": [r.to_dict() for r in self.rules],
            "met_by": [r.id for r in self.met_by],
            "unmet_by": [r.id for r in self.unmet_by],
        }
        if self.remedy_steps:
            data["remedy_steps"] = list(self.remedy_steps)
        return data


@attrs.frozen
class DrawbackWarning:
    """A drawback that applies: which rule raised it, why (in this scenario) and what to do about it."""

    drawback: str
    rule: str
    severity: str
    label: Mapping[str, str]
    reason: Mapping[str, str]
    mitigation: Mapping[str, str]
    source: str
    subject: tuple[str, ...] = ()
    basis: str | None = None
    basis_note: Mapping[str, str] = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "drawback": self.drawback,
            "rule": self.rule,
            "severity": self.severity,
            "label": dict(self.label),
            "reason": dict(self.reason),
            "mitigation": dict(self.mitigation),
            "source": self.source,
            "subject": list(self.subject),
            "basis": self.basis,
            **({"basis_note": dict(self.basis_note)} if self.basis_note else {}),
        }


@attrs.frozen
class FailedCondition:
    """A condition of a rule that did not hold, with the value the scenario had (``None``: unknown).

    ``text`` says it as a sentence in each language (labels, not ids); for a derived fact that was not derived,
    ``via`` holds, for each rule that would derive it, the conditions of that rule that failed (so an explanation
    can follow the fact down to the scenario fields that would produce it).
    """

    condition: str
    field: str
    actual: Any
    text: Mapping[str, str] = attrs.field(factory=dict, eq=False)
    via: tuple[tuple[FailedCondition, ...], ...] = ()

    @property
    def derived(self) -> bool:
        """Whether the condition tests a derived fact (``derived.<name>``)."""
        return self.field.startswith("derived.")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"condition": self.condition, "field": self.field, "actual": self.actual}
        if self.text:
            data["text"] = dict(self.text)
        if self.via:
            data["via"] = [[f.to_dict() for f in group] for group in self.via]
        return data


@attrs.frozen
class UnfiredRule:
    """A rule that would have supported a pattern, and the conditions that kept it from firing."""

    rule: RuleRef
    failed: tuple[FailedCondition, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule.to_dict(), "failed": [f.to_dict() for f in self.failed]}


@attrs.frozen
class WhyNot:
    """Why a pattern was (not) recommended: exclusions, counter-evidence, and support that did not materialise."""

    pattern: str
    recommended: bool
    score: float
    threshold: float
    excluded_by: tuple[RuleRef, ...]
    against: tuple[RuleRef, ...]
    unfired: tuple[UnfiredRule, ...]
    out_of_scope_by: tuple[RuleRef, ...] = ()

    @property
    def failed_conditions(self) -> tuple[FailedCondition, ...]:
        """Every failed condition of every unfired supporting rule, without repeats."""
        seen: dict[str, FailedCondition] = {}
        for unfired in self.unfired:
            for failed in unfired.failed:
                seen.setdefault(failed.condition, failed)
        return tuple(seen.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "pattern": self.pattern,
            "recommended": self.recommended,
            "score": self.score,
            "threshold": self.threshold,
            "excluded_by": [r.to_dict() for r in self.excluded_by],
            "out_of_scope_by": [r.to_dict() for r in self.out_of_scope_by],
            "against": [r.to_dict() for r in self.against],
            "unfired": [u.to_dict() for u in self.unfired],
        }

    # --- notebook display (kemitraan_rules.display, kemitraan_rules.html) ------------------------------------------
    def __repr__(self) -> str:
        from .display import short_repr

        return short_repr(self)

    def _repr_html_(self) -> str:
        from .html import to_html

        return to_html(self)

    def _repr_markdown_(self) -> str:
        """The why-not as Markdown: score, rules against, unfired support and its failed conditions (language of ``kemitraan_rules.options``)."""
        from .display import to_markdown

        return to_markdown(self)


@attrs.frozen
class Revisit:
    """Earlier steps an unmet (or unknown) precondition sends the parties back to, and why.

    ``steps`` are the precondition's remedy steps that come before the step reached, in step order; ``reasons``
    the texts of the rules that found it unmet (empty when it is only unknown).
    """

    precondition: str
    label: Mapping[str, str]
    status: str
    steps: tuple[str, ...]
    reasons: tuple[Mapping[str, str], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "precondition": self.precondition,
            "label": dict(self.label),
            "status": self.status,
            "steps": list(self.steps),
            "reasons": [dict(r) for r in self.reasons],
        }


def revisit_for(preconditions: tuple[Assessment, ...], step: str | None) -> tuple[Revisit, ...]:
    """The earlier steps (before ``step``) the preconditions that are not met send the parties back to.

    Shared by :attr:`Report.revisit` and ``kemitraan plan`` (where the step is the partnership record's).
    """
    reached = v.STEPS.index(step) if step in v.STEPS else 0
    result = []
    for status in ("unmet", UNKNOWN):
        for assessment in preconditions:
            earlier = tuple(s for s in v.STEPS[:reached] if s in assessment.remedy_steps)
            if assessment.status == status and earlier:
                reasons = tuple(ref.text for ref in assessment.unmet_by)
                result.append(Revisit(assessment.id, assessment.label, status, earlier, reasons))
    return tuple(result)


@attrs.frozen
class Report:
    """The explained result of one evaluation; see the module docstring for how scores are computed."""

    scenario: str
    recommendations: tuple[Recommendation, ...]
    preconditions: tuple[Assessment, ...]
    principles: tuple[Assessment, ...]
    elements: tuple[Assessment, ...]
    warnings: tuple[DrawbackWarning, ...]
    fired: tuple[str, ...]
    facts: Mapping[str, Any]
    threshold: float
    rulesets: tuple[tuple[str, str], ...]
    explanations: Mapping[str, WhyNot]
    title: str = ""
    #: Who is the stronger party, from evidence only: ``timpang`` (one is), ``sebanding`` (comparable) or
    #: ``tidak_diketahui``; ``strength_evidence`` names the signs (``skala``, ``kapasitas``, ``kelompok``,
    #: ``arah_dukungan``) and ``stronger`` the stronger party's id; ``stronger_name`` is what texts call it (its
    #: ``name``, or the id when it has none).
    strength: str = "tidak_diketahui"
    strength_evidence: tuple[str, ...] = ()
    stronger: str | None = None
    stronger_name: str = ""
    #: What the recommended patterns can bring, in catalogue order.
    benefits: tuple[Benefit, ...] = ()
    #: The legal profile the rules were loaded for (``paper_1995`` or ``current``; see ``docs/law.md``).
    law: str = v.DEFAULT_LAW
    #: Said once when a ``paper_1995`` report cites UU 9/1995: that law was replaced, and how to use the current one.
    law_note: Mapping[str, str] = attrs.field(factory=dict)
    #: The key to carrying the partnership out (coordinating, integrating and synchronising the programmes), assessed
    #: like the elements; empty for reports built by rule sets that declare no key.
    keys: tuple[Assessment, ...] = ()

    # --- queries ----------------------------------------------------------------------------------------------------
    def layer(self, layer: str) -> tuple[Recommendation, ...]:
        """The patterns of one layer (``family`` or ``legal``), ranked."""
        if layer not in v.LAYERS:
            raise UnknownIdError("layer", layer, v.LAYERS)
        return tuple(r for r in self.recommendations if r.layer == layer)

    def best(self, layer: str) -> Recommendation | None:
        """The top recommended pattern of a layer, or ``None`` when no pattern of that layer is recommended."""
        ranked = self.layer(layer)
        return ranked[0] if ranked and ranked[0].recommended else None

    def recommendation(self, pattern: str) -> Recommendation:
        for entry in self.recommendations:
            if entry.pattern == pattern:
                return entry
        raise UnknownIdError("pattern", pattern, tuple(r.pattern for r in self.recommendations))

    def why_not(self, pattern: str) -> WhyNot:
        """Why ``pattern`` was not recommended (or, if it was, what still counts against it)."""
        try:
            return self.explanations[pattern]
        except KeyError:
            raise UnknownIdError("pattern", pattern, tuple(self.explanations)) from None

    @property
    def partnership_ready(self) -> bool:
        """True when all four preconditions are met: the relationship is a partnership in the paper's sense."""
        return all(a.status == "met" for a in self.preconditions)

    @property
    def partnership_status(self) -> str:
        """``partnership`` (all preconditions met), ``not_yet`` (one unmet) or ``undetermined`` (some unknown)."""
        if any(a.status == "unmet" for a in self.preconditions):
            return "not_yet"
        return "partnership" if self.partnership_ready else "undetermined"

    # --- the stage reached (see Revisit) -------------------------------------------------------------------------
    @property
    def step(self) -> str | None:
        """The step the partnership has reached (the scenario's ``relationship.step``), ``None`` when not given."""
        step = self.facts.get("relation.step")
        return step if isinstance(step, str) and step in v.STEPS else None

    @property
    def next_steps(self) -> tuple[str, ...]:
        """What to do now and next: the step reached and the one after it.

        They start from the scenario's step, never from the beginning for a partnership already under way; an
        unmet precondition that needs earlier work goes to :attr:`revisit`.  When the step is not given the
        partnership is taken as not yet started (mapping, then gathering information).
        """
        current = self.step or v.STEPS[0]
        following = v.following_step(current)
        return (current,) if following == current else (current, following)

    @property
    def revisit(self) -> tuple[Revisit, ...]:
        """Earlier steps that unmet (or unknown) preconditions send the parties back to, each with its reason.

        Only remedy steps *before* the step reached are listed here; remedy steps at or after it lie ahead on the
        ordinary way and need no going back.  Unmet preconditions come first, then unknown ones, each in inventory
        order.
        """
        return revisit_for(self.preconditions, self.step)

    def warnings_for(self, drawback: str) -> tuple[DrawbackWarning, ...]:
        return tuple(w for w in self.warnings if w.drawback == drawback)

    @property
    def drawbacks(self) -> tuple[str, ...]:
        """The ids of the drawbacks warned about, without repeats, in inventory order."""
        seen: list[str] = []
        for warning in self.warnings:
            if warning.drawback not in seen:
                seen.append(warning.drawback)
        return tuple(seen)

    @property
    def secondary_sources(self) -> tuple[str, ...]:
        """The works cited through the source paper (Kamil 2010, Hafsah 2010, Kemendiknas 2010) that this report
        cites: in the source of a rule behind a pattern, an assessment or a warning, or of a benefit; in
        :data:`~kemitraan_rules.vocabulary.SECONDARY_SOURCES` order.  Renderers say once that they are cited as in
        the paper, and only when there are any."""
        sources = [ref.source for entry in self.recommendations for ref in entry.rules]
        sources += [ref.source for _, group in self.assessment_groups() for a in group for ref in a.rules]
        sources += [w.source for w in self.warnings] + [b.source for b in self.benefits]
        return tuple(work for work in v.SECONDARY_SOURCES if any(s == work or s.startswith(f"{work},") for s in sources))

    def assessment_groups(self) -> tuple[tuple[str, tuple[Assessment, ...]], ...]:
        """Each group of :data:`ASSESSMENT_GROUPS` with its assessments, in report order."""
        return tuple((group, getattr(self, group)) for group in ASSESSMENT_GROUPS)

    def assessment(self, kind: str, concept_id: str) -> Assessment:
        group = {"precondition": self.preconditions, "principle": self.principles, "element": self.elements, "key": self.keys}[kind]
        for entry in group:
            if entry.id == concept_id:
                return entry
        raise UnknownIdError(kind, concept_id, tuple(a.id for a in group))

    # --- output -----------------------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data; identical for identical scenarios whatever the order of their lists or rule files."""
        return {
            "scenario": self.scenario,
            "title": self.title,
            "partnership_status": self.partnership_status,
            "strength": {
                "status": self.strength,
                "evidence": list(self.strength_evidence),
                "stronger": self.stronger,
                "stronger_name": self.stronger_name or None,
            },
            "benefits": [b.to_dict() for b in self.benefits],
            "step": self.step,
            "next_steps": list(self.next_steps),
            "revisit": [r.to_dict() for r in self.revisit],
            "recommendations": [r.to_dict() for r in self.recommendations],
            "preconditions": [a.to_dict() for a in self.preconditions],
            "principles": [a.to_dict() for a in self.principles],
            "elements": [a.to_dict() for a in self.elements],
            "keys": [a.to_dict() for a in self.keys],
            "warnings": [w.to_dict() for w in self.warnings],
            "why_not": {p: e.to_dict() for p, e in self.explanations.items() if not e.recommended},
            "fired": list(self.fired),
            "facts": {k: (list(x) if isinstance(x, list) else x) for k, x in self.facts.items()},
            "threshold": self.threshold,
            "rulesets": [{"name": n, "version": ver} for n, ver in self.rulesets],
            "law": {"id": self.law, "label": dict(LAW_LABELS[self.law]), "note": dict(self.law_note) or None},
        }

    def render(self, lang: str = "id") -> str:
        """Readable text in Indonesian (``id``) or English (``en``)."""
        from .render import render_text

        return render_text(self, lang)

    def __str__(self) -> str:
        return self.render("id")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Report:
        """Read :meth:`to_dict` output back (a line of batch JSONL); see :mod:`kemitraan_rules.report_schema`."""
        from .report_schema import report_from_dict

        report: Report = report_from_dict(data)
        return report

    def to_record(self) -> dict[str, Any]:
        """One flat row (scenario, status, best patterns and scores, counts, warning ids); see :mod:`kemitraan_rules.tables`."""
        from .tables import report_record

        return report_record(self)

    # --- notebook display (kemitraan_rules.display, kemitraan_rules.html) ------------------------------------------
    def __repr__(self) -> str:
        from .display import short_repr

        return short_repr(self)

    def _repr_html_(self) -> str:
        from .html import to_html

        return to_html(self)

    def _repr_markdown_(self) -> str:
        """The report as Markdown (language of ``kemitraan_rules.options``)."""
        from .display import to_markdown

        return to_markdown(self)

    def to_html(self, lang: str | None = None, *, page: bool = False) -> str:
        """The report as HTML: a fragment, or with ``page=True`` a standalone printable page (see :mod:`kemitraan_rules.html`)."""
        from .html import report_html, report_page

        return report_page(self, lang) if page else report_html(self, lang)

"""Legal profiles: the paper's law (UU 9/1995) and today's (UU 20/2008), and their comparison.

A *legal profile* is a set of rulesets: ``paper_1995`` (the legal patterns the paper cites, the default) and
``current`` (the patterns of UU 20/2008, PP 17/2013 and PP 7/2021, with the ban on owning or controlling a partner).
The strategy families, preconditions, principles, elements and drawbacks are shared.  This module names the
profiles in both languages, writes the note a ``paper_1995`` report adds when it cites the replaced law, and compares
the two profiles on one scenario (:func:`compare_laws`): the legal patterns lined up by their catalogue
``counterpart`` (dagang umum -> perdagangan umum, keagenan -> distribusi dan keagenan, modal ventura -> financing),
with what differs and the rules that make it differ.  See ``docs/law.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from . import vocabulary as v
from .errors import UnknownIdError

if TYPE_CHECKING:
    from .report import Recommendation, Report, RuleRef
    from .rules import RuleBase
    from .scenario import Scenario

__all__ = [
    "LAW_LABELS",
    "REPLACED_LAW_NOTE",
    "LawComparison",
    "LawRow",
    "compare_laws",
    "replaced_law_note",
]

#: The name of each profile, in both languages.
LAW_LABELS: Mapping[str, Mapping[str, str]] = {
    "paper_1995": {
        "id": "Hukum menurut makalah (UU 9/1995 dan peraturan 1997)",
        "en": "The paper's law (UU 9/1995 and its 1997 regulations)",
    },
    "current": {
        "id": "Hukum yang berlaku (UU 20/2008, PP 17/2013, PP 7/2021)",
        "en": "Current law (UU 20/2008, PP 17/2013, PP 7/2021)",
    },
}
#: Said once in a ``paper_1995`` report that cites UU 9/1995.
REPLACED_LAW_NOTE: Mapping[str, str] = {
    "id": (
        "UU 9/1995 yang dikutip laporan ini telah diganti oleh UU 20/2008 tentang Usaha Mikro, Kecil, dan Menengah. "
        "Untuk menilai skenario ini menurut hukum yang berlaku sekarang, jalankan 'kemitraan evaluate --law current' "
        "(atau Engine(law=\"current\")); 'kemitraan compare' menyandingkan kedua profil."
    ),
    "en": (
        "UU 9/1995, which this report cites, was replaced by UU 20/2008 on micro, small and medium business. To assess "
        "this scenario under the law in force today, run 'kemitraan evaluate --law current' (or "
        "Engine(law=\"current\")); 'kemitraan compare' puts the two profiles side by side."
    ),
}
_REPLACED_AUTHOR = "UU 9/1995"
_NEW_PATTERN_NOTE: Mapping[str, str] = {
    "id": "Pola baru dalam rezim UU 20/2008 dan PP 7/2021; UU 9/1995 tidak mengenalnya.",
    "en": "A new pattern of the UU 20/2008 and PP 7/2021 regime; UU 9/1995 did not know it.",
}
_FAMILY_NOTE: Mapping[str, str] = {
    "id": "Pola strategi (Kamil 2010) sama dalam kedua profil; bedanya hanya datang dari aturan hukum masing-masing.",
    "en": "The strategy family (Kamil 2010) is the same in both profiles; any difference comes from each profile's legal rules.",
}
_FINANCING: Mapping[str, str] = {"id": "pembiayaan (bukan pola kemitraan)", "en": "financing (not a partnership pattern)"}


def replaced_law_note(law: str, cited_sources: Iterable[str]) -> Mapping[str, str]:
    """The replacement note when a ``paper_1995`` report cites UU 9/1995 (empty otherwise; the sources are read only then)."""
    if law == "paper_1995" and any(_REPLACED_AUTHOR in source for source in cited_sources):
        return dict(REPLACED_LAW_NOTE)
    return {}


def _verdict(entry: Recommendation | None) -> str:
    if entry is None:
        return "absent"
    if entry.excluded:
        return "excluded"
    return "recommended" if entry.recommended else "not_recommended"


@attrs.frozen
class LawRow:
    """One pattern under both profiles: its standing under each, what changed in the law, and why they differ.

    ``paper`` or ``current`` is ``None`` when the pattern has no counterpart under that profile (venture capital is
    financing today; rantai pasok and the other forms are new).  ``reasons`` are the rules that decided the side
    whose verdict differs: the rules that excluded it, else those that carried or sank its score.
    """

    paper_pattern: str | None
    current_pattern: str | None
    layer: str
    paper: Recommendation | None
    current: Recommendation | None
    note: Mapping[str, str]
    reasons: tuple[RuleRef, ...]

    @property
    def paper_verdict(self) -> str:
        return _verdict(self.paper)

    @property
    def current_verdict(self) -> str:
        return _verdict(self.current)

    @property
    def differs(self) -> bool:
        """True when one profile recommends the pattern and the other does not (or does not know it)."""
        return (self.paper_verdict == "recommended") != (self.current_verdict == "recommended")

    def label(self, lang: str) -> str:
        """``paper label -> current label`` in ``lang`` (one label when the pattern is the same)."""
        paper = self.paper.label[lang] if self.paper is not None else None
        current = self.current.label[lang] if self.current is not None else _FINANCING[lang] if self.layer == "legal" else None
        if paper is None:
            return str(current)
        if current is None or self.paper_pattern == self.current_pattern:
            return paper
        return f"{paper} -> {current}"

    def to_dict(self) -> dict[str, Any]:
        def side(entry: Recommendation | None) -> dict[str, Any] | None:
            if entry is None:
                return None
            return {"pattern": entry.pattern, "label": dict(entry.label), "score": entry.score, "verdict": _verdict(entry)}

        return {
            "layer": self.layer,
            "paper_1995": side(self.paper),
            "current": side(self.current),
            "paper_pattern": self.paper_pattern,
            "current_pattern": self.current_pattern,
            "differs": self.differs,
            "note": dict(self.note),
            "reasons": [r.to_dict() for r in self.reasons],
        }


@attrs.frozen
class LawComparison:
    """One scenario evaluated under both legal profiles, pattern by pattern (:func:`compare_laws`)."""

    scenario: str
    title: str
    paper: Report
    current: Report
    rows: tuple[LawRow, ...]

    @property
    def differences(self) -> tuple[LawRow, ...]:
        """The rows whose verdicts differ between the profiles."""
        return tuple(row for row in self.rows if row.differs)

    def row(self, pattern: str) -> LawRow:
        """The row of a pattern id of either profile."""
        for row in self.rows:
            if pattern in (row.paper_pattern, row.current_pattern):
                return row
        known = sorted({p for row in self.rows for p in (row.paper_pattern, row.current_pattern) if p is not None})
        raise UnknownIdError("pattern", pattern, tuple(known))

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "title": self.title,
            "laws": {law: {"id": law, "label": dict(LAW_LABELS[law])} for law in v.LAW_PROFILES},
            "rows": [row.to_dict() for row in self.rows],
            "differences": len(self.differences),
            "reports": {"paper_1995": self.paper.to_dict(), "current": self.current.to_dict()},
        }

    def render(self, lang: str = "id") -> str:
        """Readable text in Indonesian (``id``) or English (``en``)."""
        from .render import render_comparison

        return render_comparison(self, lang)


def _reasons(row_paper: Recommendation | None, row_current: Recommendation | None) -> tuple[RuleRef, ...]:
    """The rules behind a difference: what excluded a side, else what carried the recommended side and sank the other."""
    found: dict[str, RuleRef] = {}
    sides = [entry for entry in (row_paper, row_current) if entry is not None]
    for entry in sides:
        for ref in entry.excluded_by:
            found.setdefault(ref.id, ref)
    if not found:
        for entry in sides:
            for ref in entry.supporting if entry.recommended else entry.against:
                found.setdefault(ref.id, ref)
    return tuple(found[key] for key in sorted(found))


def _rows(paper: Report, current: Report, paper_base: RuleBase, current_base: RuleBase) -> tuple[LawRow, ...]:
    paper_by_id = {r.pattern: r for r in paper.recommendations}
    current_by_id = {r.pattern: r for r in current.recommendations}
    rows: list[LawRow] = []
    mapped: set[str] = set()
    for pattern in paper_base.concept_ids("pattern"):
        concept = paper_base.concept("pattern", pattern)
        layer = paper_base.pattern_layer(pattern)
        if layer == "family":
            target: str | None = pattern if pattern in current_by_id else None
            note: Mapping[str, str] = _FAMILY_NOTE
        else:
            target = concept.counterpart
            note = concept.counterpart_note
        if target is not None:
            mapped.add(target)
        left, right = paper_by_id.get(pattern), current_by_id.get(target) if target is not None else None
        row = LawRow(pattern, target, layer, left, right, dict(note), ())
        rows.append(attrs.evolve(row, reasons=_reasons(left, right)) if row.differs else row)
    for pattern in current_base.concept_ids("pattern"):
        if pattern in mapped:
            continue
        right = current_by_id[pattern]
        row = LawRow(None, pattern, current_base.pattern_layer(pattern), None, right, dict(_NEW_PATTERN_NOTE), ())
        rows.append(attrs.evolve(row, reasons=_reasons(None, right)) if row.differs else row)
    order = {layer: index for index, layer in enumerate(v.LAYERS)}
    return tuple(sorted(rows, key=lambda row: order.get(row.layer, len(order))))


def compare_laws(
    scenario: Scenario | Mapping[str, Any] | str | Path,
    rulesets: Sequence[str | Path] | None = None,
) -> LawComparison:
    """Evaluate ``scenario`` under both legal profiles and line the patterns up by their counterparts.

    ``rulesets`` are the rule directories or files (default: the built-in ones), loaded once per profile.
    """
    from .engine import Engine, _as_scenario

    loaded = _as_scenario(scenario)
    engines = {law: Engine(rulesets, law=law) for law in v.LAW_PROFILES}
    paper = engines["paper_1995"].evaluate(loaded)
    current = engines["current"].evaluate(loaded)
    rows = _rows(paper, current, engines["paper_1995"].rulebase, engines["current"].rulebase)
    return LawComparison(loaded.id, loaded.title, paper, current, rows)

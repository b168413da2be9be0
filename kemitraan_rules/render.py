"""Renderers: a :class:`~kemitraan_rules.report.Report` as readable text, in Indonesian or English.

Renderers only read reports; they never touch the engine, so adding an output format never changes a result.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .law import LAW_LABELS
from .report import Report
from .rules import LANGUAGES

if TYPE_CHECKING:
    from .law import LawComparison

__all__ = ["render_comparison", "render_json", "render_text"]

_WORDS: dict[str, dict[str, str]] = {
    "title": {"id": "Laporan kemitraan", "en": "Partnership report"},
    "status": {"id": "Status", "en": "Status"},
    "partnership": {"id": "memenuhi syarat kemitraan", "en": "meets the preconditions of a partnership"},
    "not_yet": {"id": "belum merupakan kemitraan: ada prasyarat yang belum terpenuhi", "en": "not yet a partnership: a precondition is unmet"},
    "undetermined": {"id": "belum dapat dipastikan: sebagian prasyarat belum diketahui", "en": "undetermined: some preconditions are unknown"},
    "next_steps": {"id": "Langkah yang perlu diambil dahulu", "en": "Steps to take first"},
    "family": {"id": "Pola strategi (Kamil 2010)", "en": "Strategy family (Kamil 2010)"},
    "legal": {"id": "Pola kemitraan menurut hukum", "en": "Legal pattern"},
    "legal_both": {"id": "Pola kemitraan menurut hukum", "en": "Legal patterns"},
    "law": {"id": "Profil hukum", "en": "Legal profile"},
    "preconditions": {"id": "Prasyarat", "en": "Preconditions"},
    "principles": {"id": "Prinsip", "en": "Principles"},
    "elements": {"id": "Unsur", "en": "Elements"},
    "warnings": {"id": "Peringatan kendala", "en": "Drawback warnings"},
    "none": {"id": "tidak ada", "en": "none"},
    "mitigation": {"id": "Penanganan", "en": "What to do"},
    "recommended": {"id": "direkomendasikan", "en": "recommended"},
    "not_recommended": {"id": "tidak direkomendasikan", "en": "not recommended"},
    "excluded": {"id": "tidak diperbolehkan", "en": "excluded"},
    "why_not": {"id": "belum terpenuhi", "en": "not met"},
    "met": {"id": "terpenuhi", "en": "met"},
    "unmet": {"id": "tidak terpenuhi", "en": "unmet"},
    "unknown": {"id": "belum diketahui", "en": "unknown"},
    "score": {"id": "skor", "en": "score"},
    "rulesets": {"id": "Ruleset", "en": "Rulesets"},
}


def _w(key: str, lang: str) -> str:
    return _WORDS[key][lang]


def render_text(report: Report, lang: str = "id") -> str:
    """The report as plain text: status, both pattern layers with reasons, assessments and warnings."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (allowed: {', '.join(LANGUAGES)})")
    lines: list[str] = []
    heading = f"{_w('title', lang)}: {report.title or report.scenario}"
    lines += [heading, "=" * len(heading)]
    lines.append(f"{_w('status', lang)}: {_w(report.partnership_status, lang)}")
    lines.append(f"{_w('law', lang)}: {LAW_LABELS[report.law][lang]}")
    if report.law_note:
        lines.append(f"  {report.law_note[lang]}")
    if report.next_steps:
        lines.append(f"{_w('next_steps', lang)}: {', '.join(report.next_steps)}")
    for layer in ("family", "legal"):
        lines += ["", _w(layer, lang) + (f" ({LAW_LABELS[report.law][lang]})" if layer == "legal" else "")]
        for entry in report.layer(layer):
            verdict = _w("excluded", lang) if entry.excluded else _w("recommended" if entry.recommended else "not_recommended", lang)
            lines.append(f"  {entry.rank}. {entry.label[lang]} [{entry.pattern}] {_w('score', lang)} {entry.score:g} - {verdict}")
            for ref in entry.excluded_by + entry.supporting + entry.against:
                sign = "x" if ref in entry.excluded_by else ("+" if (ref.weight or 0) > 0 else "-")
                weight = f" ({ref.weight:+g})" if ref.weight is not None else ""
                lines.append(f"       {sign} {ref.text[lang]}{weight} [{ref.id}; {ref.source}]")
            if not entry.recommended and not entry.excluded and entry.rank <= 3:
                for failed in report.why_not(entry.pattern).failed_conditions[:4]:
                    actual = _w("unknown", lang) if failed.actual is None else _format(failed.actual)
                    lines.append(f"       ? {_w('why_not', lang)}: {failed.condition} ({actual})")
    for key, group in (("preconditions", report.preconditions), ("principles", report.principles), ("elements", report.elements)):
        lines += ["", _w(key, lang)]
        for assessment in group:
            lines.append(f"  - {assessment.label[lang]}: {_w(assessment.status, lang)}")
            for ref in assessment.unmet_by or assessment.met_by:
                lines.append(f"       {ref.text[lang]} [{ref.id}]")
    lines += ["", _w("warnings", lang)]
    if not report.warnings:
        lines.append(f"  {_w('none', lang)}")
    for warning in report.warnings:
        lines.append(f"  ! [{warning.severity}] {warning.label[lang]} ({warning.drawback})")
        lines.append(f"       {warning.reason[lang]} [{warning.rule}; {warning.source}]")
        lines.append(f"       {_w('mitigation', lang)}: {warning.mitigation[lang]}")
    lines += ["", f"{_w('rulesets', lang)}: " + ", ".join(f"{name} {version}" for name, version in report.rulesets)]
    return "\n".join(lines) + "\n"


def _format(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(str(x) for x in value) + "]"
    return str(value)


_VERDICT_WORDS: dict[str, dict[str, str]] = {
    "recommended": {"id": "direkomendasikan", "en": "recommended"},
    "not_recommended": {"id": "tidak direkomendasikan", "en": "not recommended"},
    "excluded": {"id": "tidak diperbolehkan", "en": "excluded"},
    "absent": {"id": "tidak ada dalam profil ini", "en": "not in this profile"},
}
_COMPARE_WORDS: dict[str, dict[str, str]] = {
    "title": {"id": "Perbandingan profil hukum", "en": "Legal profiles compared"},
    "differs": {"id": "BERBEDA", "en": "DIFFERS"},
    "same": {"id": "sama", "en": "same"},
    "why": {"id": "sebabnya", "en": "why"},
    "summary": {"id": "Pola yang hasilnya berbeda", "en": "Patterns with a different outcome"},
}


def render_comparison(comparison: LawComparison, lang: str = "id") -> str:
    """A :class:`~kemitraan_rules.law.LawComparison` as plain text: each pattern under both profiles, and why they differ."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (allowed: {', '.join(LANGUAGES)})")
    words = _COMPARE_WORDS
    heading = f"{words['title'][lang]}: {comparison.title or comparison.scenario}"
    lines = [heading, "=" * len(heading)]
    labels = {law: LAW_LABELS[law][lang] for law in ("paper_1995", "current")}
    lines.append(f"  A = {labels['paper_1995']}")
    lines.append(f"  B = {labels['current']}")
    for layer in ("family", "legal"):
        lines += ["", _w(layer if layer == "family" else "legal_both", lang)]
        for row in (r for r in comparison.rows if r.layer == layer):
            status = words["differs"][lang] if row.differs else words["same"][lang]
            lines.append(f"  - {row.label(lang)}: {status}")
            for key, entry, verdict in (("A", row.paper, row.paper_verdict), ("B", row.current, row.current_verdict)):
                score = f" ({_w('score', lang)} {entry.score:g})" if entry is not None else ""
                lines.append(f"       {key}: {_VERDICT_WORDS[verdict][lang]}{score}")
            if row.note:
                lines.append(f"       {row.note[lang]}")
            for ref in row.reasons:
                lines.append(f"       {words['why'][lang]}: {ref.text[lang]} [{ref.source}]")
    differences = [row.label(lang) for row in comparison.differences]
    lines += ["", f"{words['summary'][lang]}: {', '.join(differences) if differences else _w('none', lang)}"]
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    """The report's :meth:`~Report.to_dict` as indented JSON with sorted keys."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

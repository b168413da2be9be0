"""Renderers: a :class:`~kemitraan_rules.report.Report` as readable text, in Indonesian or English.

Renderers only read reports; they never touch the engine, so adding an output format never changes a result.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from . import vocabulary as v
from . import wording
from .law import LAW_LABELS
from .report import FailedCondition, Report, RuleRef
from .rules import LANGUAGES

if TYPE_CHECKING:
    from .law import LawComparison

__all__ = ["cited_note", "failed_words", "render_comparison", "render_json", "render_text", "rulesets_words", "source_text", "strength_words"]

_WORDS: dict[str, dict[str, str]] = {
    "title": {"id": "Laporan kemitraan", "en": "Partnership report"},
    "status": {"id": "Status", "en": "Status"},
    "family": {"id": "Pola strategi (Kamil 2010)", "en": "Strategy family (Kamil 2010)"},
    "legal": {"id": "Pola kemitraan menurut hukum", "en": "Legal pattern"},
    "legal_both": {"id": "Pola kemitraan menurut hukum", "en": "Legal patterns"},
    "law": {"id": "Profil hukum", "en": "Legal profile"},
    "preconditions": {"id": "Prasyarat", "en": "Preconditions"},
    "principles": {"id": "Prinsip", "en": "Principles"},
    "elements": {"id": "Unsur", "en": "Elements"},
    "keys": {"id": "Kunci pelaksanaan", "en": "Key to carrying it out"},
    "warnings": {"id": "Peringatan kendala", "en": "Drawback warnings"},
    "none": {"id": "tidak ada", "en": "none"},
    "mitigation": {"id": "Penanganan", "en": "What to do"},
    "recommended": {"id": "direkomendasikan", "en": "recommended"},
    "not_recommended": {"id": "tidak direkomendasikan", "en": "not recommended"},
    "excluded": {"id": "tidak diperbolehkan", "en": "excluded"},
    "why_not": {"id": "belum terpenuhi", "en": "not met"},
    "would_derive": {"id": "dapat disimpulkan bila", "en": "it would follow if"},
    "or": {"id": "atau bila", "en": "or if"},
    "score": {"id": "skor", "en": "score"},
    "rulesets": {"id": "Kumpulan aturan: {count}, versi {versions}", "en": "Rulesets: {count}, version {versions}"},
    "out_of_scope": {"id": "di luar cakupan UU 9/1995 (bukan dilarang)", "en": "outside the scope of UU 9/1995 (not barred)"},
    "strength": {"id": "Kekuatan para pihak", "en": "Relative strength of the parties"},
    "timpang": {"id": "satu pihak lebih kuat", "en": "one party is stronger"},
    "sebanding": {"id": "sebanding", "en": "comparable"},
    "tidak_diketahui": {"id": "tidak dapat dipastikan dari data", "en": "cannot be told from the data"},
    "stronger": {"id": "yang lebih kuat", "en": "the stronger"},
    "skala": {"id": "skala usaha", "en": "business scale"},
    "kapasitas": {"id": "modal, SDM, teknologi, manajemen, akses pasar", "en": "capital, people, technology, management, market access"},
    "kelompok": {"id": "kelompok berhadapan dengan unit tunggal", "en": "a group facing a single unit"},
    "arah_dukungan": {"id": "arah dukungan", "en": "direction of support"},
    "benefits": {"id": "Yang dapat dibawa kemitraan ini", "en": "What this partnership can bring"},
    "interpretation": {"id": "tafsiran", "en": "interpretation"},
    "interpretation_note": {
        "id": "[tafsiran] = bacaan atau ambang pustaka ini, bukan pernyataan makalah sumber.",
        "en": "[interpretation] = this library's reading or threshold, not a statement of the source paper.",
    },
    "cited": {"id": "{works} dikutip sebagaimana dalam makalah sumber.", "en": "{works} {verb} cited as in the source paper."},
}

#: The author the rules give for the paper's own statements, and how each language names it.
_PAPER = "Makalah sumber"
_PAPER_NAME = {"id": "Makalah sumber", "en": "Source paper"}

_STAGE_WORDS: dict[str, dict[str, str]] = {
    "reached": {"id": "Langkah yang telah dicapai: {step} (langkah {number} dari {total})", "en": "Step reached: {step} (step {number} of {total})"},
    "not_given": {
        "id": "Langkah yang telah dicapai belum disebutkan; kemitraan dianggap belum dimulai.",
        "en": "The step reached is not given; the partnership is taken as not yet started.",
    },
    "now_next": {"id": "Yang dikerjakan sekarang: {now}; langkah berikutnya: {next}", "en": "To do now: {now}; next step: {next}"},
    "now_last": {"id": "Yang dikerjakan sekarang: {now}", "en": "To do now: {now}"},
    "revisit": {"id": "Perlu kembali ke langkah sebelumnya", "en": "Earlier steps to revisit"},
    "revisit_unmet": {
        "id": "{steps}, karena prasyarat \u201c{label}\u201d tidak terpenuhi",
        "en": "{steps}, because the precondition \u201c{label}\u201d is unmet",
    },
    "revisit_unknown": {
        "id": "{steps}, untuk memastikan prasyarat \u201c{label}\u201d yang belum diketahui",
        "en": "{steps}, to establish the precondition \u201c{label}\u201d, which is unknown",
    },
}


def _w(key: str, lang: str) -> str:
    return _WORDS[key][lang]


def source_text(source: str, lang: str) -> str:
    """A rule's source as written in ``lang`` (the paper's own statements are "Source paper" in English)."""
    return _PAPER_NAME[lang] + source[len(_PAPER) :] if source.startswith(_PAPER) else source


def _marker(ref: RuleRef, lang: str) -> str:
    """The interpretation marker of a rule cited in a report, with its reason."""
    if not ref.is_interpretation:
        return ""
    note = f": {ref.basis_note[lang]}" if ref.basis_note else ""
    return f" [{_w('interpretation', lang)}{note}]"


def strength_words(report: Report, lang: str) -> str:
    """Who is the stronger party, in words, naming it by its name (its id only when it has none) with the evidence;
    the text, Markdown and HTML reports all say it this way."""
    strength = _w(report.strength, lang)
    if report.strength_evidence:
        evidence = ", ".join(_w(kind, lang) for kind in report.strength_evidence)
        strength += f" ({_w('stronger', lang)}: {report.stronger_name or report.stronger}; {evidence})"
    return strength


def render_text(report: Report, lang: str = "id") -> str:
    """The report as plain text: status, stage, both pattern layers with reasons, assessments and warnings.

    Every word is in ``lang``: labels instead of ids, failed conditions as sentences, severities in words.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (allowed: {', '.join(LANGUAGES)})")
    lines: list[str] = []
    heading = f"{_w('title', lang)}: {report.title or report.scenario}"
    lines += [heading, "=" * len(heading)]
    lines.append(f"{_w('status', lang)}: {wording.value_label('status', report.partnership_status, lang)}")
    lines.append(f"{_w('strength', lang)}: {strength_words(report, lang)}")
    lines.append(f"{_w('law', lang)}: {LAW_LABELS[report.law][lang]}")
    if report.law_note:
        lines.append(f"  {report.law_note[lang]}")
    lines += _stage_lines(report, lang)
    for layer in ("family", "legal"):
        lines += ["", _w(layer, lang)]
        for entry in report.layer(layer):
            verdict = _w("excluded", lang) if entry.excluded else _w("recommended" if entry.recommended else "not_recommended", lang)
            if entry.out_of_scope and not entry.excluded:
                verdict = _w("out_of_scope", lang)
            lines.append(f"  {entry.rank}. {entry.label[lang]}: {_w('score', lang)} {entry.score:g} - {verdict}")
            for ref in entry.excluded_by + entry.out_of_scope_by + entry.supporting + entry.against:
                sign = "x" if ref in entry.excluded_by else ("o" if ref in entry.out_of_scope_by else ("+" if (ref.weight or 0) > 0 else "-"))
                weight = f"{ref.weight:+g}; " if ref.weight is not None else ""
                lines.append(f"       {sign} {ref.text[lang]} ({weight}{source_text(ref.source, lang)}){_marker(ref, lang)}")
            if not entry.recommended and not entry.excluded and not entry.out_of_scope and entry.rank <= 3:
                lines += _why_not_lines(report, entry.pattern, lang)
    for key, group in report.assessment_groups():
        if not group:
            continue
        lines += ["", _w(key, lang)]
        for assessment in group:
            lines.append(f"  - {assessment.label[lang]}: {wording.value_label('assessment', assessment.status, lang)}")
            for ref in assessment.unmet_by or assessment.met_by:
                lines.append(f"       {ref.text[lang]}{_marker(ref, lang)}")
    lines += ["", _w("warnings", lang)]
    lines += _warning_lines(report, lang) or [f"  {_w('none', lang)}"]
    if report.benefits:
        lines += ["", _w("benefits", lang)]
        for benefit in report.benefits:
            lines.append(f"  + {benefit.label[lang]}: {benefit.description[lang]} [{source_text(benefit.source, lang)}]")
    lines += ["", *([cited] if (cited := cited_note(report.secondary_sources, lang)) else []), _w("interpretation_note", lang)]
    lines += ["", rulesets_words(report, lang)]
    return "\n".join(lines) + "\n"


def rulesets_words(report: Report, lang: str) -> str:
    """The footer of the text and HTML reports: how many rulesets, in which versions.

    Ruleset names are ids (``patterns_family``, ...): the footer counts them; the JSON output names each one.
    """
    versions = sorted({version for _, version in report.rulesets})
    return _w("rulesets", lang).format(count=len(report.rulesets), versions=", ".join(versions))


def cited_note(works: tuple[str, ...], lang: str) -> str:
    """The one note that ``works`` (secondary sources) are cited as in the source paper; empty when there are none."""
    if not works:
        return ""
    return _w("cited", lang).format(works=wording.join(list(works), lang), verb="is" if len(works) == 1 else "are")


def _stage_lines(report: Report, lang: str) -> list[str]:
    """Where the partnership stands: the step reached, what to do now and next, and earlier steps to revisit."""
    words = {key: texts[lang] for key, texts in _STAGE_WORDS.items()}
    step = report.step
    if step is None:
        lines = [words["not_given"]]
    else:
        label = wording.value_label("step", step, lang)
        lines = [words["reached"].format(step=label, number=v.STEPS.index(step) + 1, total=len(v.STEPS))]
    now, *after = (wording.value_label("step", s, lang) for s in report.next_steps)
    lines.append(words["now_next"].format(now=now, next=after[0]) if after else words["now_last"].format(now=now))
    if report.revisit:
        lines.append(f"{words['revisit']}:")
        for entry in report.revisit:
            steps = wording.join([wording.value_label("step", s, lang) for s in entry.steps], lang)
            key = "revisit_unmet" if entry.status == "unmet" else "revisit_unknown"
            lines.append(f"  - {words[key].format(steps=steps, label=entry.label[lang])}")
            lines += [f"       {reason[lang]}" for reason in entry.reasons]
    return lines


def _why_not_lines(report: Report, pattern: str, lang: str) -> list[str]:
    """The failed conditions of a pattern's unfired support, as sentences; a derived fact with how it would follow."""
    lines = []
    for failed in report.why_not(pattern).failed_conditions[:4]:
        lines.append(f"       ? {_sentence(failed, lang)}")
        for index, group in enumerate(failed.via[:2]):
            lead = _w("would_derive" if index == 0 else "or", lang)
            lines.append(f"           {lead}: " + "; ".join(_sentence(f, lang) for f in group))
    return lines


def _sentence(failed: FailedCondition, lang: str) -> str:
    return failed.text.get(lang) or f"{_w('why_not', lang)}: {failed.condition}"


def failed_words(failed: FailedCondition, lang: str) -> str:
    """A failed condition on one line, as the text report says it (a sentence with labels and the actual value) and,
    for a derived fact that was not derived, how it would follow; the HTML and Markdown why-nots use it."""
    text = _sentence(failed, lang)
    for index, group in enumerate(failed.via[:2]):
        text += f"; {_w('would_derive' if index == 0 else 'or', lang)}: " + "; ".join(_sentence(f, lang) for f in group)
    return text


def _warning_lines(report: Report, lang: str) -> list[str]:
    """One entry per drawback, at the most serious severity its rules gave, with every reason listed."""
    lines = []
    rank = {severity: index for index, severity in enumerate(v.SEVERITIES)}
    for drawback in report.drawbacks:
        found = report.warnings_for(drawback)
        severity = max((w.severity for w in found), key=lambda s: rank.get(s, -1))
        first = found[0]
        lines.append(f"  ! [{wording.value_label('severity', severity, lang)}] {first.label[lang]}")
        for w in found:
            note = ""
            if w.basis == "interpretation":
                note = f" [{_w('interpretation', lang)}" + (f": {w.basis_note[lang]}]" if w.basis_note else "]")
            lines.append(f"       - {w.reason[lang]} ({wording.value_label('severity', w.severity, lang)}; {source_text(w.source, lang)}){note}")
        lines.append(f"       {_w('mitigation', lang)}: {first.mitigation[lang]}")
    return lines


_COMPARE_WORDS: dict[str, dict[str, str]] = {
    "absent": {"id": "tidak ada dalam profil ini", "en": "not in this profile"},
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
                lines.append(f"       {key}: {(words[verdict] if verdict in words else _WORDS[verdict])[lang]}{score}")
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

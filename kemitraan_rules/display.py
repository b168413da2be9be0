"""Notebook display: the language setting, one-line ``repr`` and Markdown of reports, networks and records.

Why: a researcher ends a Jupyter cell with ``report`` and wants a short line or a readable page, not a 50,000
character attrs dump.  Every object users hold (:class:`~kemitraan_rules.report.Report`,
:class:`~kemitraan_rules.report.WhyNot`, :class:`~kemitraan_rules.network.PartnerNetwork`,
:class:`~kemitraan_rules.lifecycle.Partnership`, :class:`~kemitraan_rules.rules.RuleBase`) gets

* a one-line ``__repr__`` (id, best patterns, status, counts), from :func:`short_repr`;
* ``_repr_markdown_`` (here) and ``_repr_html_`` (:mod:`kemitraan_rules.html`), in the language of
  :data:`options` (``kemitraan_rules.options.lang = "en"``; Indonesian by default).

Example::

    >>> from kemitraan_rules import options
    >>> options.lang
    'id'
    >>> options.lang = "fr"
    Traceback (most recent call last):
    ...
    kemitraan_rules.errors.UnknownIdError: "unknown language id 'fr' (known: id, en)"
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from . import vocabulary as v
from . import wording
from .errors import UnknownIdError
from .operators import LIST_SENTINEL, OPERATORS
from .render import _w
from .rules import LANGUAGES

if TYPE_CHECKING:
    from .explore import Counterfactual, ReportDiff
    from .lifecycle import Partnership
    from .network import PartnerNetwork
    from .report import Report, WhyNot
    from .rules import RuleBase

__all__ = [
    "Options",
    "condition_words",
    "counterfactual_text",
    "diff_sections",
    "diff_text",
    "label",
    "options",
    "report_markdown",
    "short_repr",
    "step_label",
    "value_words",
    "word",
]


class Options:
    """Display settings of the library; one instance, :data:`options`.

    ``lang`` is the language of notebook displays (HTML, Markdown, one-line reprs): ``id`` (default) or ``en``.
    """

    def __init__(self) -> None:
        self._lang = "id"

    @property
    def lang(self) -> str:
        return self._lang

    @lang.setter
    def lang(self, value: str) -> None:
        self._lang = check_lang(value)

    def __repr__(self) -> str:
        return f"Options(lang={self._lang!r})"


#: The display settings (``kemitraan_rules.options``).
options = Options()


def check_lang(lang: str | None) -> str:
    """``lang``, or the :data:`options` language when ``None``; an :class:`UnknownIdError` naming the valid ones."""
    if lang is None:
        return options.lang
    if lang not in LANGUAGES:
        raise UnknownIdError("language", str(lang), tuple(LANGUAGES))
    return lang


# Words of the displays that the text renderer does not have (its own words come from render._w).
_WORDS: dict[str, dict[str, str]] = {
    "next_steps": {"id": "Yang dikerjakan sekarang dan berikutnya", "en": "What to do now and next"},
    "family_short": {"id": "pola strategi", "en": "family"},
    "legal_short": {"id": "pola hukum", "en": "legal pattern"},
    "no_pattern": {"id": "tidak ada yang direkomendasikan", "en": "none recommended"},
    "warnings_n": {"id": "peringatan", "en": "warnings"},
    "fired_n": {"id": "aturan terpicu", "en": "rules fired"},
    "rules_n": {"id": "aturan", "en": "rules"},
    "rulesets_n": {"id": "ruleset", "en": "rulesets"},
    "patterns_n": {"id": "pola", "en": "patterns"},
    "parties_n": {"id": "pihak", "en": "parties"},
    "partnerships_n": {"id": "kemitraan", "en": "partnerships"},
    "findings_n": {"id": "temuan", "en": "findings"},
    "step": {"id": "langkah", "en": "step"},
    "pattern": {"id": "pola", "en": "pattern"},
    "threshold": {"id": "ambang", "en": "threshold"},
    "unfired_n": {"id": "aturan pendukung belum terpicu", "en": "supporting rules not fired"},
    "excluded_by_n": {"id": "aturan yang mengecualikan", "en": "excluding rules"},
    "against_n": {"id": "aturan yang menentang", "en": "rules against"},
    "rules_sources": {"id": "aturan dan sumber", "en": "rules and sources"},
    "rule": {"id": "aturan", "en": "rule"},
    "source": {"id": "sumber", "en": "source"},
    "weight": {"id": "bobot", "en": "weight"},
    "rank": {"id": "peringkat", "en": "rank"},
    "conclusion": {"id": "kesimpulan", "en": "conclusion"},
    "severity": {"id": "tingkat", "en": "severity"},
    "info": {"id": "info", "en": "info"},
    "warning": {"id": "peringatan", "en": "warning"},
    "critical": {"id": "kritis", "en": "critical"},
    "why_not_title": {"id": "Mengapa belum", "en": "Why not"},
    "value_now": {"id": "nilai sekarang", "en": "current value"},
    "measures": {"id": "Ukuran jejaring", "en": "Network measures"},
    "party": {"id": "pihak", "en": "party"},
    "kind": {"id": "jenis", "en": "kind"},
    "strength": {"id": "kekuatan jejaring", "en": "network strength"},
    "total_share": {"id": "bagian hasil lewat mitra", "en": "share through partners"},
    "hhi": {"id": "konsentrasi ketergantungan (HHI)", "en": "dependence concentration (HHI)"},
    "max_dependence": {"id": "ketergantungan terbesar", "en": "largest dependence"},
    "betweenness": {"id": "keperantaraan", "en": "betweenness"},
    "network_title": {"id": "Jejaring mitra", "en": "Partner network"},
    "partnership_title": {"id": "Catatan kemitraan", "en": "Partnership record"},
    "rulebase_title": {"id": "Basis aturan", "en": "Rule base"},
    "history_n": {"id": "catatan riwayat", "en": "history entries"},
    "monitoring_n": {"id": "catatan monitoring", "en": "monitoring records"},
    "evaluations_n": {"id": "evaluasi", "en": "evaluations"},
    "mou": {"id": "MoU", "en": "MoU"},
    "yes": {"id": "ya", "en": "yes"},
    "no": {"id": "tidak", "en": "no"},
    "version": {"id": "versi", "en": "version"},
    "concepts_n": {"id": "konsep", "en": "concepts"},
    "facts": {"id": "Fakta masukan", "en": "Input facts"},
    "generated": {"id": "Dibuat oleh kemitraan-rules", "en": "Made by kemitraan-rules"},
    "unknown_value": {"id": "belum diketahui", "en": "unknown"},
    "unchanged": {"id": "tidak berubah", "en": "unchanged"},
    "changes_n": {"id": "perubahan masukan", "en": "input changes"},
    "moved_n": {"id": "pola bergeser", "en": "patterns moved"},
    "diff_title": {"id": "Bagaimana jika", "en": "What if"},
    "changes": {"id": "Perubahan masukan", "en": "Input changes"},
    "moved": {"id": "Pola yang bergeser", "en": "Patterns that moved"},
    "warnings_added": {"id": "Peringatan baru", "en": "Warnings that came"},
    "warnings_removed": {"id": "Peringatan yang hilang", "en": "Warnings that went"},
    "assessments_changed": {"id": "Prasyarat, prinsip dan unsur yang berubah", "en": "Preconditions, principles and elements that changed"},
    "no_change": {"id": "Laporan tidak berubah.", "en": "The report did not change."},
    "counterfactual_title": {"id": "Yang perlu diubah agar direkomendasikan", "en": "What it would take to be recommended"},
    "already": {"id": "sudah direkomendasikan tanpa perubahan", "en": "already recommended without changes"},
    "then_fire": {"id": "aturan yang kemudian terpicu", "en": "rules that then fire"},
}


def word(key: str, lang: str) -> str:
    """A word of the displays (or of the text renderer) in ``lang``."""
    entry = _WORDS.get(key)
    if entry is not None:
        return entry[lang]
    for group in ("status", "assessment"):  # statuses and assessment states are labelled in rulesets/words/labels.yaml
        texts = wording.words().values.get(group, {}).get(key)
        if texts is not None:
            return texts[lang]
    return _w(key, lang)


def step_label(step: str, lang: str) -> str:
    """The label of one of the eleven steps, capitalised, from ``rulesets/words/labels.yaml`` (every output's labels)."""
    text = wording.value_label("step", step, lang)
    return text[:1].upper() + text[1:]


def label(texts: Any, lang: str, fallback: str = "") -> str:
    """The ``lang`` text of a ``{lang: text}`` mapping (or a ``Text``), else the other language, else ``fallback``."""
    if isinstance(texts, Mapping):
        for key in (lang, *LANGUAGES):
            if texts.get(key):
                return str(texts[key])
        return fallback
    if texts is not None and hasattr(texts, "get"):  # a lifecycle Text
        return str(texts.get(lang))
    return fallback


# --- one-line reprs ------------------------------------------------------------------------------------------------
def short_repr(obj: Report | WhyNot | PartnerNetwork | Partnership | RuleBase | ReportDiff, lang: str | None = None) -> str:
    """One line naming the object: id, best patterns, status and counts (``<Report 'x': ...>``)."""
    from .explore import ReportDiff
    from .lifecycle import Partnership
    from .network import PartnerNetwork
    from .report import Report, WhyNot
    from .rules import RuleBase

    lang = check_lang(lang)
    if isinstance(obj, Report):
        best = []
        for layer in v.LAYERS:
            entry = obj.best(layer)
            text = f"{label(entry.label, lang, entry.pattern)} ({entry.score:g})" if entry else word("no_pattern", lang)
            best.append(f"{word(layer + '_short', lang)} {text}")
        status = word(obj.partnership_status, lang)
        return (
            f"<Report {obj.scenario!r}: {'; '.join(best)}; {word('status', lang).lower()}: {status}; "
            f"{word('warnings_n', lang)}: {len(obj.warnings)}; {word('fired_n', lang)}: {len(obj.fired)}>"
        )
    if isinstance(obj, WhyNot):
        verdict = word("recommended" if obj.recommended else "not_recommended", lang)
        return (
            f"<WhyNot {obj.pattern!r}: {verdict}, {word('score', lang)} {obj.score:g} / {word('threshold', lang)} {obj.threshold:g}; "
            f"{len(obj.excluded_by)} {word('excluded_by_n', lang)}; {len(obj.against)} {word('against_n', lang)}; "
            f"{len(obj.unfired)} {word('unfired_n', lang)}>"
        )
    if isinstance(obj, PartnerNetwork):
        return (
            f"<PartnerNetwork {obj.id!r}: {obj.graph.number_of_nodes()} {word('parties_n', lang)}, "
            f"{obj.graph.number_of_edges()} {word('partnerships_n', lang)}>"
        )
    if isinstance(obj, Partnership):
        pattern = f"; {word('pattern', lang)} {obj.pattern}" if obj.pattern else ""
        return (
            f"<Partnership {obj.id!r}: {word('step', lang)} {v.STEPS.index(obj.step) + 1}/11 {step_label(obj.step, lang)}{pattern}; "
            f"{len(obj.parties)} {word('parties_n', lang)}; {len(obj.history)} {word('history_n', lang)}>"
        )
    if isinstance(obj, RuleBase):
        names = ", ".join(f"{info.name} {info.version}" for info in obj.rulesets)
        return (
            f"<RuleBase: {len(obj.rules)} {word('rules_n', lang)}, {len(obj.concepts)} {word('concepts_n', lang)}, "
            f"{len(obj.rulesets)} {word('rulesets_n', lang)} ({names})>"
        )
    if isinstance(obj, ReportDiff):
        status = (
            f"{word(obj.status_before, lang)} -> {word(obj.status_after, lang)}" if obj.status_before != obj.status_after else word("unchanged", lang)
        )
        return (
            f"<ReportDiff {obj.scenario!r}: {len(obj.changes)} {word('changes_n', lang)}; {len(obj.patterns)} {word('moved_n', lang)}; "
            f"+{len(obj.warnings_added)}/-{len(obj.warnings_removed)} {word('warnings_n', lang)}; {word('status', lang).lower()}: {status}>"
        )
    raise TypeError(f"no short repr for {type(obj).__name__}")


# --- Markdown ------------------------------------------------------------------------------------------------------
def _md(text: object) -> str:
    """Text safe inside Markdown: characters with a meaning (and HTML) escaped."""
    out = str(text)
    for char in "\\`*_[]<>#|":
        out = out.replace(char, "\\" + char)
    return out


def report_markdown(report: Report, lang: str | None = None) -> str:
    """The report as Markdown: status, ranked patterns with scores, checklists and warnings with mitigations."""
    lang = check_lang(lang)
    lines = [f"### {_md(word('title', lang))}: {_md(report.title or report.scenario)}", ""]
    lines.append(f"**{_md(word('status', lang))}:** {_md(word(report.partnership_status, lang))}")
    if report.next_steps:
        steps = ", ".join(_md(step_label(s, lang)) for s in report.next_steps)
        lines.append(f"  \n**{_md(word('next_steps', lang))}:** {steps}")
    for layer in v.LAYERS:
        lines += ["", f"**{_md(word(layer, lang))}**", "", f"| # | {word('pattern', lang)} | {word('score', lang)} | |", "|---|---|---|---|"]
        for entry in report.layer(layer):
            verdict = word("excluded", lang) if entry.excluded else word("recommended" if entry.recommended else "not_recommended", lang)
            lines.append(f"| {entry.rank} | {_md(label(entry.label, lang, entry.pattern))} | {entry.score:g} | {_md(verdict)} |")
    for key, group in report.assessment_groups():
        if not group:
            continue
        lines += ["", f"**{_md(word(key, lang))}**", ""]
        for assessment in group:
            box = "x" if assessment.status == "met" else " "
            lines.append(f"- [{box}] {_md(label(assessment.label, lang, assessment.id))}: {_md(word(assessment.status, lang))}")
    lines += ["", f"**{_md(word('warnings', lang))}**", ""]
    if not report.warnings:
        lines.append(f"- {_md(word('none', lang))}")
    for warning in report.warnings:
        lines.append(
            f"- **{_md(label(warning.label, lang, warning.drawback))}** ({_md(word(warning.severity, lang))}): "
            f"{_md(label(warning.reason, lang))}  \n  *{_md(word('mitigation', lang))}:* {_md(label(warning.mitigation, lang))}"
        )
    return "\n".join(lines) + "\n"


def value_words(value: Any, lang: str) -> str:
    """A fact value in words: yes/no for booleans, lists comma-separated, ``None`` as unknown."""
    if value is None:
        return word("unknown_value", lang)
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(value_words(x, lang) for x in value if x != LIST_SENTINEL) or word("none", lang)
    return str(value)


def condition_words(condition: str, lang: str) -> str:
    """A condition as a report cites it (``relation.trust eq tinggi``) with its operator in words."""
    field, _, rest = condition.partition(" ")
    op, _, operand = rest.partition(" ")
    operator = OPERATORS.get(op)
    if operator is None:
        return condition
    if op in ("exists", "missing"):
        return f"{field} {operator.words[lang]}"
    if operand in ("true", "false"):
        operand = word("yes" if operand == "true" else "no", lang)
    return f"{field} {operator.words[lang]} {operand.strip('[]')}"


def _change_line(change: Any, lang: str) -> str:
    return f"{change.path}: {value_words(change.before, lang)} -> {value_words(change.after, lang)}"


def _pattern_line(change: Any, lang: str) -> str:
    verdict = ""
    if change.recommended_before != change.recommended_after:
        verdict = " (" + word("recommended" if change.recommended_after else "not_recommended", lang) + ")"
    return (
        f"{label(change.label, lang, change.pattern)}: {word('rank', lang)} {change.rank_before} -> {change.rank_after}, "
        f"{word('score', lang)} {change.score_before:g} -> {change.score_after:g}{verdict}"
    )


def diff_sections(diff: ReportDiff, lang: str) -> list[tuple[str, list[str]]]:
    """The parts of a diff as (heading, lines), shared by the text and HTML renderings."""
    sections: list[tuple[str, list[str]]] = [(word("changes", lang), [_change_line(c, lang) for c in diff.changes])]
    if diff.status_before != diff.status_after:
        sections.append((word("status", lang), [f"{word(diff.status_before, lang)} -> {word(diff.status_after, lang)}"]))
    sections.append((word("moved", lang), [_pattern_line(p, lang) for p in diff.patterns]))
    sections.append((word("warnings_added", lang), [f"{label(w.label, lang, w.drawback)}: {label(w.reason, lang)}" for w in diff.warnings_added]))
    sections.append((word("warnings_removed", lang), [f"{label(w.label, lang, w.drawback)}: {label(w.reason, lang)}" for w in diff.warnings_removed]))
    sections.append(
        (
            word("assessments_changed", lang),
            [f"{label(a.label, lang, a.id)}: {word(a.before, lang)} -> {word(a.after, lang)}" for a in diff.assessments],
        )
    )
    return [(heading, lines) for heading, lines in sections if lines]


def diff_text(diff: ReportDiff, lang: str | None = None) -> str:
    """A :class:`~kemitraan_rules.explore.ReportDiff` as text: changes, status, patterns moved, warnings, assessments."""
    lang = check_lang(lang)
    lines = [f"{word('diff_title', lang)}: {diff.scenario}"]
    for heading, items in diff_sections(diff, lang):
        lines += ["", heading, *(f"  - {item}" for item in items)]
    if not diff.changed:
        lines += ["", word("no_change", lang)]
    return "\n".join(lines) + "\n"


def counterfactual_text(answer: Counterfactual, lang: str | None = None) -> str:
    """A counterfactual as text: the changes, the pattern's score and rank after them, and the rules that then fire."""
    lang = check_lang(lang)
    entry = answer.report.recommendation(answer.pattern)
    head = f"{label(entry.label, lang, answer.pattern)}: {word('score', lang)} {entry.score:g}, {word('rank', lang)} {entry.rank}"
    if not answer.changes:
        return f"{head} - {word('already', lang)}\n"
    lines = [head, *(f"  - {_change_line(c, lang)}" for c in answer.changes)]
    if answer.rules:
        texts = {r.id: label(r.text, lang, r.id) for r in entry.supporting}
        lines.append(f"  {word('then_fire', lang)}:")
        lines += [f"    + {texts.get(rule, rule)} [{rule}]" for rule in answer.rules]
    return "\n".join(lines) + "\n"

"""Notebook display: the language setting, one-line ``repr`` and Markdown of reports, networks and records.

Why: a researcher ends a Jupyter cell with ``report`` and wants a short line or a readable page, not a 50,000
character attrs dump.  Every object users hold (:class:`~kemitraan_rules.report.Report`,
:class:`~kemitraan_rules.report.WhyNot`, :class:`~kemitraan_rules.network.PartnerNetwork`,
:class:`~kemitraan_rules.lifecycle.Partnership`, :class:`~kemitraan_rules.rules.RuleBase`,
:class:`~kemitraan_rules.explore.ReportDiff`) gets

* a one-line ``__repr__`` (id, best patterns, status, counts), from :func:`short_repr`;
* ``_repr_markdown_`` (here, :func:`to_markdown`) and ``_repr_html_`` (:mod:`kemitraan_rules.html`), in the language of
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

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from . import vocabulary as v
from . import wording
from .errors import UnknownIdError
from .operators import LIST_SENTINEL, OPERATORS
from .render import _w, failed_words, source_text, strength_words
from .rules import LANGUAGES

if TYPE_CHECKING:
    from .explore import Counterfactual, ReportDiff
    from .lifecycle import Partnership
    from .network import PartnerNetwork
    from .network.model import Finding
    from .report import Report, RuleRef, WhyNot
    from .rules import RuleBase

__all__ = [
    "Options",
    "condition_words",
    "counterfactual_text",
    "diff_markdown",
    "diff_sections",
    "diff_text",
    "displayable_kind",
    "finding_words",
    "label",
    "network_markdown",
    "network_rows",
    "options",
    "partnership_markdown",
    "party_rows",
    "report_markdown",
    "rulebase_markdown",
    "rulebase_rows",
    "short_repr",
    "step_label",
    "to_markdown",
    "value_words",
    "why_not_markdown",
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
    lines.append(f"**{_md(word('status', lang))}:** {_md(word(report.partnership_status, lang))}  ")
    lines.append(f"**{_md(_w('strength', lang))}:** {_md(strength_words(report, lang))}")
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


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table (every cell escaped)."""
    lines = ["| " + " | ".join(_md(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]


def _md_rules(refs: tuple[RuleRef, ...], lang: str) -> list[str]:
    """Rules cited as the text report cites them: their sentence, weight and source, no rule id."""
    lines = []
    for ref in refs:
        weight = f" ({word('weight', lang)} {ref.weight:+g})" if ref.weight is not None else ""
        lines.append(f"- {_md(label(ref.text, lang, ref.id))}{_md(weight)} \\[{_md(source_text(ref.source, lang))}\\]")
    return lines


def why_not_markdown(why: WhyNot, lang: str | None = None) -> str:
    """What kept a pattern from being recommended, as Markdown: score against threshold, the rules that exclude it or
    count against it, and the support that did not fire with the conditions that failed (as sentences)."""
    lang = check_lang(lang)
    pattern = wording.concept_label("pattern", why.pattern, lang)
    verdict = word("recommended" if why.recommended else "not_recommended", lang)
    lines = [f"### {_md(word('why_not_title', lang))}: {_md(pattern)}", ""]
    lines.append(f"{_md(verdict)}: {_md(word('score', lang))} {why.score:g} / {_md(word('threshold', lang))} {why.threshold:g}")
    for key, refs in (("excluded_by_n", why.excluded_by), ("against_n", why.against)):
        if refs:
            lines += ["", f"**{_md(word(key, lang))}**", "", *_md_rules(refs, lang)]
    if why.unfired:
        lines += ["", f"**{_md(word('unfired_n', lang))}**", ""]
        for unfired in why.unfired:
            lines += _md_rules((unfired.rule,), lang)
            lines += [f"  - {_md(failed_words(f, lang))}" for f in unfired.failed]
    return "\n".join(lines) + "\n"


def _fmt(value: float | None, lang: str) -> str:
    return word("unknown_value", lang) if value is None else f"{value:.2f}"


def network_rows(network: PartnerNetwork, lang: str) -> tuple[list[str], list[list[str]]]:
    """The network's measures as (headers, rows) for the HTML and Markdown tables: parties by name, kinds by label."""
    from .tables import measures_records

    columns = ("party", "kind", "strength", "total_share", "hhi", "max_dependence", "betweenness")
    rows = [
        [network.party_name(row["party"]), wording.value_label("party_kind", row["kind"], lang) if row["kind"] else "-"]
        + [_fmt(row[c], lang) for c in columns[2:]]
        for row in measures_records(network)
    ]
    return [word(c, lang) for c in columns], rows


def finding_words(network: PartnerNetwork, finding: Finding, lang: str) -> tuple[str, str, str]:
    """A network finding as (heading, reason, mitigation): the drawback's label with the parties by name and the
    severity in words, then the reason and the mitigation in ``lang``."""
    drawback = wording.concept_label("drawback", finding.drawback, lang)
    parties = wording.join([network.party_name(p) for p in finding.subject], lang)
    head = f"{drawback}: {parties} ({word(finding.severity, lang)})"
    return head, label(finding.reason, lang), label(finding.mitigation, lang)


def network_markdown(network: PartnerNetwork, lang: str | None = None) -> str:
    """The network as Markdown: its counts, the table of measures and the findings with their mitigations."""
    lang = check_lang(lang)
    counts = f"{network.graph.number_of_nodes()} {word('parties_n', lang)}, {network.graph.number_of_edges()} {word('partnerships_n', lang)}"
    lines = [f"### {_md(word('network_title', lang))}: {_md(network.title or network.id)}", "", _md(counts), ""]
    headers, rows = network_rows(network, lang)
    lines += [f"**{_md(word('measures', lang))}**", "", *_md_table(headers, rows), "", f"**{_md(word('warnings', lang))}**", ""]
    findings = network.findings()
    if not findings:
        lines.append(f"- {_md(word('none', lang))}")
    for finding in findings:
        head, reason, mitigation = finding_words(network, finding, lang)
        lines.append(f"- **{_md(head)}**: {_md(reason)}  \n  *{_md(word('mitigation', lang))}:* {_md(mitigation)}")
    return "\n".join(lines) + "\n"


def party_rows(record: Partnership, lang: str) -> list[list[str]]:
    """A partnership record's parties as (name, kind label) rows, for the HTML and Markdown tables."""
    return [[party.display_name, wording.value_label("party_kind", party.kind, lang)] for party in record.parties]


def partnership_markdown(record: Partnership, lang: str | None = None) -> str:
    """A partnership record as Markdown: the step reached among the eleven, its parties, pattern and history."""
    lang = check_lang(lang)
    number = f"{v.STEPS.index(record.step) + 1}/{len(v.STEPS)}"
    lines = [f"### {_md(word('partnership_title', lang))}: {_md(record.title or record.id)}", ""]
    lines.append(f"**{_md(word('step', lang).capitalize())}:** {number} {_md(step_label(record.step, lang))}")
    if record.pattern:
        lines[-1] += f"  \n**{_md(word('pattern', lang).capitalize())}:** {_md(wording.concept_label('pattern', record.pattern, lang))}"
    lines += ["", *_md_table([word("party", lang), word("kind", lang)], party_rows(record, lang))]
    if record.history:
        lines += ["", f"**{_md(word('history_n', lang).capitalize())}**", ""]
        lines += [f"- {_md(getattr(h, 'date', ''))}: {_md(step_label(getattr(h, 'step', ''), lang))}" for h in record.history]
    return "\n".join(lines) + "\n"


_CONCEPT_KINDS = ("pattern", "precondition", "principle", "element")


def rulebase_rows(rulebase: RuleBase, lang: str) -> tuple[tuple[list[str], list[list[str]]], tuple[list[str], list[list[str]]]]:
    """A rule base as two tables (headers, rows): its rulesets with version and rule count, and its concepts by kind."""
    rules = [[info.name, info.version, str(sum(1 for r in rulebase.rules if r.ruleset == info.name))] for info in rulebase.rulesets]
    concepts = [
        [word(kind + "s", lang) if kind != "pattern" else word("patterns_n", lang), str(len(rulebase.concept_ids(kind)))] for kind in _CONCEPT_KINDS
    ]
    return ([word("rulesets_n", lang), word("version", lang), word("rules_n", lang)], rules), ([word("concepts_n", lang), ""], concepts)


def rulebase_markdown(rulebase: RuleBase, lang: str | None = None) -> str:
    """A rule base as Markdown: its rulesets with versions and rule counts, and how many concepts of each kind."""
    lang = check_lang(lang)
    (ruleset_headers, rows), (concept_headers, counts) = rulebase_rows(rulebase, lang)
    lines = [f"### {_md(word('rulebase_title', lang))}", "", *_md_table(ruleset_headers, rows), "", *_md_table(concept_headers, counts)]
    return "\n".join(lines) + "\n"


def diff_markdown(diff: ReportDiff, lang: str | None = None) -> str:
    """A :class:`~kemitraan_rules.explore.ReportDiff` as Markdown (the same sections as its text and HTML)."""
    lang = check_lang(lang)
    lines = [f"### {_md(word('diff_title', lang))}: {_md(diff.scenario)}"]
    for heading, items in diff_sections(diff, lang):
        lines += ["", f"**{_md(heading)}**", "", *(f"- {_md(item)}" for item in items)]
    if not diff.changed:
        lines += ["", _md(word("no_change", lang))]
    return "\n".join(lines) + "\n"


def displayable_kind(obj: object) -> str:
    """Which displayable object ``obj`` is: ``report``, ``why_not``, ``network``, ``partnership``, ``rulebase`` or
    ``diff`` (a ``TypeError`` for anything else); :func:`to_markdown` and ``html.to_html`` pick their renderer by it."""
    from .explore import ReportDiff
    from .lifecycle import Partnership
    from .network import PartnerNetwork
    from .report import Report, WhyNot
    from .rules import RuleBase

    kinds: tuple[tuple[type, str], ...] = (
        (Report, "report"),
        (WhyNot, "why_not"),
        (PartnerNetwork, "network"),
        (Partnership, "partnership"),
        (RuleBase, "rulebase"),
        (ReportDiff, "diff"),
    )
    for cls, kind in kinds:
        if isinstance(obj, cls):
            return kind
    raise TypeError(f"no display for {type(obj).__name__}")


def to_markdown(obj: Report | WhyNot | PartnerNetwork | Partnership | RuleBase | ReportDiff, lang: str | None = None) -> str:
    """Any displayable object of the library as Markdown (what its ``_repr_markdown_`` returns), in ``lang`` or the
    language of :data:`options`."""
    renderers: dict[str, Callable[[Any, str | None], str]] = {
        "report": report_markdown,
        "why_not": why_not_markdown,
        "network": network_markdown,
        "partnership": partnership_markdown,
        "rulebase": rulebase_markdown,
        "diff": diff_markdown,
    }
    return renderers[displayable_kind(obj)](obj, lang)


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


def _change_value(value: Any, group: str | None, lang: str) -> str:
    """A changed value in words: value ids by their labels when the field has a value group."""
    if group is None or value is None or isinstance(value, bool):
        return value_words(value, lang)
    if isinstance(value, (list, tuple)):
        items = [wording.value_label(group, x, lang) for x in value if x != LIST_SENTINEL]
        return wording.join(items, lang) or word("none", lang)
    return wording.value_label(group, value, lang)


def _change_line(change: Any, lang: str) -> str:
    """One input change of a what-if, with the field's label (``relationship.trust`` is "kepercayaan timbal balik",
    ``parties.<id>.capital`` the capital of that party, called by its name) and the values' labels; the path itself
    when it has no label."""
    loaded = wording.words()
    head, _, rest = change.path.partition(".")
    name, group = change.path, None
    if head == "relationship":
        texts, group = loaded.field(f"relation.{rest}")
        name = texts[lang] if texts and lang in texts else change.path
        attribute, _, party = rest.partition(".")
        entry = loaded.party_fields.get(attribute)
        if texts is None and party and entry and lang in entry:  # relationship.provides.<id>: what that party gives
            name, group = entry[lang].format(party=change.party_name or party), entry.get("values")
    elif head == "parties":
        party, _, attribute = rest.partition(".")
        entry = loaded.party_fields.get(attribute)
        if entry and lang in entry:
            name, group = entry[lang].format(party=change.party_name or party), entry.get("values")
    before, after = _change_value(change.before, group, lang), _change_value(change.after, group, lang)
    return f"{name}: {before} -> {after}"


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
        lines += [f"    + {texts.get(rule, rule)}" for rule in answer.rules]
    return "\n".join(lines) + "\n"

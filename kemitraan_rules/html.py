"""HTML: reports, why-nots, networks, partnership records and rule bases as self-contained HTML.

Two uses, one renderer:

* in a notebook, ``_repr_html_`` of each object returns a fragment (:func:`to_html`), in the language of
  :data:`kemitraan_rules.options`;
* on the command line, ``kemitraan evaluate FILE --format html > laporan.html`` writes a standalone, printable page
  (:func:`report_page`): what an LKP manager hands to a partner.

The HTML needs nothing else to be read: the CSS is inline (with a print stylesheet), there is no script and no
external asset, and every conclusion opens with ``<details>`` (which works without JavaScript) onto the rules and
sources behind it.  Every user string (scenario ids and names, party names, titles) is escaped.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from . import vocabulary as v
from . import wording
from .display import (
    check_lang,
    diff_sections,
    displayable_kind,
    finding_words,
    label,
    network_rows,
    party_rows,
    rulebase_rows,
    short_repr,
    step_label,
    word,
)
from .render import _w, cited_note, failed_words, rulesets_words, source_text, strength_words

if TYPE_CHECKING:
    from .consortium import ConsortiumReport
    from .explore import ReportDiff
    from .lifecycle import Partnership
    from .network import PartnerNetwork
    from .report import Assessment, Recommendation, Report, RuleRef, WhyNot
    from .rules import RuleBase

__all__ = ["CSS", "diff_html", "report_html", "report_page", "to_html", "why_not_fragment"]

#: The stylesheet of every fragment and page (scoped under ``.kemitraan``), with a print stylesheet.
CSS = """
.kemitraan{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:14px;line-height:1.45;color:#1d1d1f;max-width:60em}
.kemitraan h2{font-size:1.35em;margin:.3em 0}.kemitraan h3{font-size:1.1em;margin:1em 0 .3em;border-bottom:1px solid #ddd}
.kemitraan table{border-collapse:collapse;margin:.3em 0}.kemitraan td,.kemitraan th{padding:2px 8px;text-align:left;vertical-align:top}
.kemitraan th{border-bottom:1px solid #bbb}.kemitraan .num{text-align:right;font-variant-numeric:tabular-nums}
.kemitraan .bar{display:inline-block;width:10em;height:.8em;background:#eee;border-radius:2px;vertical-align:middle}
.kemitraan .bar span{display:block;height:100%;background:#4a78b5;border-radius:2px}
.kemitraan .bar.neg span{background:#c0504d}
.kemitraan .rec{color:#1b7a3a;font-weight:600}.kemitraan .notrec{color:#666}.kemitraan .excl{color:#a12b2b}
.kemitraan .met{color:#1b7a3a}.kemitraan .unmet{color:#a12b2b}.kemitraan .unknown{color:#8a6d00}
.kemitraan ul.check{list-style:none;padding-left:.5em}.kemitraan ul.check>li{margin:.15em 0}
.kemitraan details{margin:.1em 0}.kemitraan summary{cursor:pointer}
.kemitraan .rules{margin:.2em 0 .4em 1.6em;padding-left:.8em;border-left:2px solid #ddd;font-size:.93em}
.kemitraan .pname{display:inline-block;min-width:11em}
.kemitraan .src{color:#666;font-size:.9em}
.kemitraan .warn{border-left:4px solid #e0a800;padding:.2em .6em;margin:.4em 0;background:#fffbea}
.kemitraan .warn.critical{border-color:#c0504d;background:#fff1f0}.kemitraan .warn.info{border-color:#4a78b5;background:#f2f6fc}
.kemitraan .muted{color:#666}.kemitraan img{max-width:100%}
@media print{
 .kemitraan{max-width:none;font-size:11pt}
 .kemitraan details>*:not(summary){display:block}
 .kemitraan details::details-content{content-visibility:visible;display:contents}
 .kemitraan summary{list-style:none}
 .kemitraan .warn,.kemitraan table,.kemitraan li{break-inside:avoid}
 .kemitraan .bar{border:1px solid #999;print-color-adjust:exact;-webkit-print-color-adjust:exact}
}
"""


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _bar(score: float, scale: float) -> str:
    width = 0.0 if scale <= 0 else min(100.0, 100.0 * abs(score) / scale)
    negative = " neg" if score < 0 else ""
    return f'<span class="bar{negative}" aria-hidden="true"><span style="width:{width:.0f}%"></span></span>'


def _source_span(rule: str, source: str, lang: str) -> str:
    """The source a rule cites, as the reader sees it; the rule's id is only its tooltip (``title``), for rule authors
    who look a rule up, so that the visible text holds no id."""
    return f' <span class="src" title="{_e(rule)}">[{_e(source_text(source, lang))}]</span>'


def _rule_items(refs: Iterable[RuleRef], lang: str, signs: dict[str, str] | None = None) -> str:
    items = []
    for ref in refs:
        sign = (signs or {}).get(ref.id, "")
        weight = f" ({word('weight', lang)} {ref.weight:+g})" if ref.weight is not None else ""
        items.append(f"<li>{_e(sign)}{_e(label(ref.text, lang, ref.id))}{_e(weight)} {_source_span(ref.id, ref.source, lang)}</li>")
    return "".join(items)


def _verdict(entry: Recommendation, lang: str) -> str:
    if entry.excluded:
        return f'<span class="excl">{_e(word("excluded", lang))}</span>'
    if entry.recommended:
        return f'<span class="rec">{_e(word("recommended", lang))}</span>'
    return f'<span class="notrec">{_e(word("not_recommended", lang))}</span>'


def why_not_html(why: WhyNot, lang: str, facts: dict[str, Any] | None = None) -> str:
    """What kept a pattern from being recommended: exclusions, counter-evidence, unfired support and its conditions."""
    parts = [f"<p>{_e(word('score', lang))} {why.score:g} / {_e(word('threshold', lang))} {why.threshold:g}</p>"]
    if why.excluded_by:
        parts.append(f"<p>{_e(word('excluded_by_n', lang))}:</p><ul>{_rule_items(why.excluded_by, lang)}</ul>")
    if why.against:
        parts.append(f"<p>{_e(word('against_n', lang))}:</p><ul>{_rule_items(why.against, lang)}</ul>")
    if why.unfired:
        items = []
        for unfired in why.unfired:
            failed = "".join(f"<li>{_e(failed_words(f, lang))}</li>" for f in unfired.failed)
            ref = unfired.rule
            weight = f" ({word('weight', lang)} {ref.weight:+g})" if ref.weight is not None else ""
            items.append(f"<li>{_e(label(ref.text, lang, ref.id))}{_e(weight)}{_source_span(ref.id, ref.source, lang)}<ul>{failed}</ul></li>")
        parts.append(f"<p>{_e(word('unfired_n', lang))}:</p><ul>{''.join(items)}</ul>")
    return "".join(parts)


def _patterns(report: Report, layer: str, lang: str) -> str:
    entries = report.layer(layer)
    scale = max([report.threshold, *(abs(e.score) for e in entries)])
    rows = []
    for entry in entries:
        signs = {r.id: "+ " for r in entry.supporting} | {r.id: "− " for r in entry.against} | {r.id: "× " for r in entry.excluded_by}
        body = ""
        if entry.rules:
            body += f'<ul class="rules">{_rule_items(entry.excluded_by + entry.supporting + entry.against, lang, signs)}</ul>'
        if not entry.recommended:
            why = report.why_not(entry.pattern)
            body += f'<div class="rules"><b>{_e(word("why_not_title", lang))}</b>{why_not_html(why, lang)}</div>'
        summary = (
            f'{entry.rank}. <b class="pname">{_e(label(entry.label, lang, entry.pattern))}</b> {_bar(entry.score, scale)} '
            f'<span class="num">{entry.score:g}</span> {_verdict(entry, lang)}'
        )
        rows.append(f"<li><details><summary>{summary}</summary>{body or _e(word('none', lang))}</details></li>")
    return f'<h3>{_e(word(layer, lang))}</h3><ol class="check" style="list-style:none;padding-left:.5em">{"".join(rows)}</ol>'


_MARKS = {"met": "☑", "unmet": "☒", "unknown": "☐"}


def _checklist(key: str, group: Sequence[Assessment], lang: str) -> str:
    items = []
    for assessment in group:
        rules = _rule_items(assessment.rules, lang)
        steps = ""
        if assessment.remedy_steps:
            steps = f"<p>{_e(word('next_steps', lang))}: {_e(', '.join(step_label(s, lang) for s in assessment.remedy_steps))}</p>"
        body = f'<div class="rules"><ul>{rules}</ul>{steps}</div>' if rules or steps else ""
        mark = _MARKS.get(assessment.status, "☐")
        summary = (
            f'<span class="{_e(assessment.status)}">{mark}</span> {_e(label(assessment.label, lang, assessment.id))}: '
            f'<span class="{_e(assessment.status)}">{_e(word(assessment.status, lang))}</span>'
        )
        items.append(f"<li><details><summary>{summary}</summary>{body or _e(word('none', lang))}</details></li>" if body else f"<li>{summary}</li>")
    return f'<h3>{_e(word(key, lang))}</h3><ul class="check">{"".join(items)}</ul>'


def _warnings(report: Report, lang: str) -> str:
    if not report.warnings:
        return f"<h3>{_e(word('warnings', lang))}</h3><p>{_e(word('none', lang))}</p>"
    blocks = []
    for warning in report.warnings:
        blocks.append(
            f'<div class="warn {_e(warning.severity)}"><details><summary><b>{_e(label(warning.label, lang, warning.drawback))}</b> '
            f"({_e(word(warning.severity, lang))}): {_e(label(warning.reason, lang))}</summary>"
            f'<p class="src" title="{_e(warning.rule)}">{_e(word("source", lang))}: {_e(source_text(warning.source, lang))}</p></details>'
            f"<p><b>{_e(word('mitigation', lang))}:</b> {_e(label(warning.mitigation, lang))}</p></div>"
        )
    return f"<h3>{_e(word('warnings', lang))}</h3>{''.join(blocks)}"


def report_html(report: Report, lang: str | None = None) -> str:
    """The report as an HTML fragment (``<div class="kemitraan">`` with its ``<style>``)."""
    lang = check_lang(lang)
    title = report.title or report.scenario
    status = report.partnership_status
    parts = [
        f"<h2>{_e(word('title', lang))}: {_e(title)}</h2>",
        f'<p class="muted">{_e(report.scenario)}</p>' if report.title else "",
        f'<p><b>{_e(word("status", lang))}:</b> <span class="{"met" if status == "partnership" else "unmet"}">{_e(word(status, lang))}</span></p>',
        f"<p><b>{_e(_w('strength', lang))}:</b> {_e(strength_words(report, lang))}</p>",
    ]
    if report.next_steps:
        steps = "".join(f"<li>{_e(step_label(s, lang))}</li>" for s in report.next_steps)
        parts.append(f"<p><b>{_e(word('next_steps', lang))}:</b></p><ol>{steps}</ol>")
    parts += [_patterns(report, layer, lang) for layer in v.LAYERS]
    parts += [_checklist(key, group, lang) for key, group in report.assessment_groups() if group]
    parts.append(_warnings(report, lang))
    cited = cited_note(report.secondary_sources, lang)
    if cited:
        parts.append(f'<p class="src">{_e(cited)}</p>')
    parts.append(f'<p class="src">{_e(rulesets_words(report, lang))}. {_e(word("generated", lang))}.</p>')
    return _fragment("".join(parts))


def _fragment(body: str) -> str:
    return f'<div class="kemitraan"><style>{CSS}</style>{body}</div>'


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], numeric: Sequence[bool] | None = None) -> str:
    numeric = numeric or [False] * len(headers)
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{_e(c)}</td>' if n else f"<td>{_e(c)}</td>" for c, n in zip(row, numeric, strict=True)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def network_html(network: PartnerNetwork, lang: str | None = None, *, picture: bool = True) -> str:
    """The network as a picture (inline PNG, when matplotlib is installed) and its table of measures and findings."""
    lang = check_lang(lang)
    parts = [f"<h2>{_e(word('network_title', lang))}: {_e(network.title or network.id)}</h2>", f"<p>{_e(short_repr(network, lang))}</p>"]
    if picture and network.graph.number_of_nodes():
        try:
            figure = network.plot(lang=lang)
        except ImportError:
            figure = None
        if figure is not None:
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", bbox_inches="tight", dpi=72)
            data = base64.b64encode(buffer.getvalue()).decode("ascii")
            parts.append(f'<img alt="{_e(word("network_title", lang))}" src="data:image/png;base64,{data}">')
    headers, rows = network_rows(network, lang)
    parts.append(f"<h3>{_e(word('measures', lang))}</h3>" + _table(headers, rows, [False, False] + [True] * (len(headers) - 2)))
    findings = network.findings()
    parts.append(f"<h3>{_e(word('warnings', lang))}</h3>")
    if not findings:
        parts.append(f"<p>{_e(word('none', lang))}</p>")
    for finding in findings:
        head, reason, mitigation = finding_words(network, finding, lang)
        parts.append(
            f'<div class="warn {_e(finding.severity)}"><b>{_e(head)}</b>: {_e(reason)}'
            f"<p><b>{_e(word('mitigation', lang))}:</b> {_e(mitigation)}</p></div>"
        )
    return _fragment("".join(parts))


def partnership_html(record: Partnership, lang: str | None = None) -> str:
    """A partnership record: its step among the eleven, its parties, pattern and history."""
    lang = check_lang(lang)
    steps = "".join(
        f'<li class="{"met" if v.STEPS.index(s) < v.STEPS.index(record.step) else ""}">'
        + (f"<b>{_e(step_label(s, lang))}</b>" if s == record.step else _e(step_label(s, lang)))
        + "</li>"
        for s in v.STEPS
    )
    parties = _table([word("party", lang), word("kind", lang)], party_rows(record, lang))
    history = "".join(f"<li>{_e(getattr(h, 'date', ''))}: {_e(step_label(getattr(h, 'step', ''), lang))}</li>" for h in record.history)
    body = (
        f"<h2>{_e(word('partnership_title', lang))}: {_e(record.title or record.id)}</h2>"
        f"<p>{_e(short_repr(record, lang))}</p>"
        f"{parties}<h3>{_e(word('step', lang))}</h3><ol>{steps}</ol>"
        + (f"<h3>{_e(word('history_n', lang))}</h3><ul>{history}</ul>" if history else "")
    )
    return _fragment(body)


def rulebase_html(rulebase: RuleBase, lang: str | None = None) -> str:
    """A rule base: its rulesets with versions and how many rules and concepts each kind has."""
    lang = check_lang(lang)
    (ruleset_headers, rows), (concept_headers, counts) = rulebase_rows(rulebase, lang)
    table = _table(ruleset_headers, rows, [False, False, True])
    concepts = _table(concept_headers, counts, [False, True])
    return _fragment(f"<h2>{_e(word('rulebase_title', lang))}</h2><p>{_e(short_repr(rulebase, lang))}</p>{table}{concepts}")


def diff_html(diff: ReportDiff, lang: str | None = None) -> str:
    """A :class:`~kemitraan_rules.explore.ReportDiff` as an HTML fragment (the same sections as its text)."""
    lang = check_lang(lang)
    parts = [f"<h3>{_e(word('diff_title', lang))}: {_e(diff.scenario)}</h3>"]
    for heading, lines in diff_sections(diff, lang):
        parts.append(f"<p><b>{_e(heading)}</b></p><ul>{''.join(f'<li>{_e(line)}</li>' for line in lines)}</ul>")
    if not diff.changed:
        parts.append(f"<p>{_e(word('no_change', lang))}</p>")
    return _fragment("".join(parts))


def why_not_fragment(why: WhyNot, lang: str | None = None) -> str:
    """A why-not on its own (what its ``_repr_html_`` shows): the pattern's label as heading, then :func:`why_not_html`."""
    lang = check_lang(lang)
    pattern = wording.concept_label("pattern", why.pattern, lang)
    return _fragment(f"<h3>{_e(word('why_not_title', lang))}: {_e(pattern)}</h3>{why_not_html(why, lang)}")


def to_html(obj: Report | WhyNot | PartnerNetwork | Partnership | RuleBase | ReportDiff, lang: str | None = None) -> str:
    """Any displayable object of the library as an HTML fragment (what ``_repr_html_`` returns)."""
    renderers: dict[str, Callable[[Any, str | None], str]] = {
        "report": report_html,
        "why_not": why_not_fragment,
        "network": network_html,
        "partnership": partnership_html,
        "rulebase": rulebase_html,
        "diff": diff_html,
    }
    return renderers[displayable_kind(obj)](obj, lang)


def report_page(reports: Report | ConsortiumReport | Sequence[Report | ConsortiumReport], lang: str | None = None) -> str:
    """A standalone, printable HTML page of one or more reports (``kemitraan evaluate --format html``); a consortium
    report shows the whole partnership, then each link's report."""
    from .consortium import ConsortiumReport
    from .report import Report

    lang = check_lang(lang)
    items = [reports] if isinstance(reports, (Report, ConsortiumReport)) else list(reports)
    first = items[0]
    name = first.title or (first.scenario if isinstance(first, Report) else first.id)
    title = word("title", lang) + (f": {name}" if len(items) == 1 else "")
    body = '<hr style="break-after:page">'.join(report_html(r, lang) if isinstance(r, Report) else r.to_html(lang) for r in items)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{_e(title)}</title>'
        f"<style>body{{margin:1.5em}}@page{{margin:1.5cm}}</style></head><body>{body}</body></html>\n"
    )

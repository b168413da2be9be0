"""Renderers of a :class:`~kemitraan_rules.consortium.report.ConsortiumReport`: text (Indonesian or English) and
HTML.  The whole comes first (members and roles, findings, summary), then each link's full report, rendered by the
same functions as any report; JSON is :meth:`ConsortiumReport.to_dict`."""

from __future__ import annotations

import json
from html import escape
from typing import TYPE_CHECKING

from .. import wording
from ..display import check_lang
from ..render import cited_note, render_text, source_text
from ..rules import LANGUAGES

if TYPE_CHECKING:
    from .findings import ConsortiumFinding
    from .report import ConsortiumReport

__all__ = ["consortium_html", "render_consortium_json", "render_consortium_text"]

_WORDS: dict[str, dict[str, str]] = {
    "title": {"id": "Laporan kemitraan bersama (konsorsium)", "en": "Consortium partnership report"},
    "status": {"id": "Status seluruh kemitraan", "en": "Status of the whole partnership"},
    "members": {"id": "Anggota", "en": "Members"},
    "links": {"id": "Hubungan antaranggota", "en": "Links between members"},
    "whole": {"id": "Temuan atas kemitraan secara keseluruhan", "en": "Findings on the partnership as a whole"},
    "summary": {"id": "Ringkasan", "en": "Summary"},
    "link_status": {"id": "status", "en": "status"},
    "family": {"id": "pola strategi", "en": "strategy family"},
    "legal": {"id": "pola menurut hukum", "en": "legal pattern"},
    "none": {"id": "tidak ada", "en": "none"},
    "warnings": {"id": "peringatan", "en": "warnings"},
    "mitigation": {"id": "Penanganan", "en": "What to do"},
    "interpretation": {"id": "tafsiran", "en": "interpretation"},
    "counts": {
        "id": "{members} anggota, {links} hubungan: {partnership} sudah menjadi kemitraan, {undetermined} belum dapat dipastikan, "
        "{not_yet} belum menjadi kemitraan; {link_warnings} peringatan kendala pada hubungan ({critical} berat), "
        "{whole_warnings} pada kemitraan secara keseluruhan.",
        "en": "{members} members, {links} links: {partnership} are partnerships, {undetermined} undetermined, {not_yet} not yet "
        "partnerships; {link_warnings} drawback warnings on the links ({critical} critical), {whole_warnings} on the whole partnership.",
    },
    "key": {
        "id": "Kunci pelaksanaan (koordinasi, integrasi, sinkronisasi)",
        "en": "Key to carrying it out (coordination, integration, synchronisation)",
    },
    "detail": {"id": "Laporan setiap hubungan", "en": "Report of each link"},
}


def _w(key: str, lang: str) -> str:
    return _WORDS[key][lang]


def _status_word(finding: ConsortiumFinding, lang: str) -> str:
    group = "severity" if finding.status == "warning" else "assessment"
    return wording.value_label(group, finding.status, lang)


def _note(finding: ConsortiumFinding, lang: str) -> str:
    if finding.basis != "interpretation":
        return ""
    note = f": {finding.basis_note[lang]}" if finding.basis_note else ""
    return f" [{_w('interpretation', lang)}{note}]"


def render_consortium_text(report: ConsortiumReport, lang: str = "id") -> str:
    """The consortium report as plain text: the whole first, then every link's full report."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (allowed: {', '.join(LANGUAGES)})")
    heading = f"{_w('title', lang)}: {report.title or report.id}"
    lines = [heading, "=" * len(heading)]
    lines.append(f"{_w('status', lang)}: {wording.value_label('status', report.status, lang)}")
    lines += ["", f"{_w('members', lang)} ({len(report.members)})"]
    for member in report.members:
        roles = "; ".join(wording.value_label("member_role", role, lang) for role in member.roles)
        kind = wording.value_label("party_kind", report.kinds[member.party], lang)
        lines.append(f"  - {report.names[member.party]} ({kind}): {roles}")
    lines += ["", f"{_w('links', lang)} ({len(report.links)})"]
    for link in report.links:
        sub = link.report
        family, legal = sub.best("family"), sub.best("legal")
        patterns = "; ".join(
            f"{_w(layer, lang)}: {best.label[lang] if best else _w('none', lang)}" for layer, best in (("family", family), ("legal", legal))
        )
        status = wording.value_label("status", sub.partnership_status, lang)
        lines.append(
            f"  - {report.names[link.seeker]} - {report.names[link.candidate]}: {status}; {patterns}; {_w('warnings', lang)}: {len(sub.warnings)}"
        )
    lines += ["", _w("whole", lang)]
    for finding in report.findings:
        lines.append(f"  - {finding.label[lang]}: {_status_word(finding, lang)}")
        for reason in finding.reasons:
            lines.append(f"       {reason[lang]} ({source_text(finding.source, lang)}){_note(finding, lang)}")
        if finding.mitigation:
            lines.append(f"       {_w('mitigation', lang)}: {finding.mitigation[lang]}")
    summary = report.summary
    counts = _w("counts", lang).format(
        members=summary["members"],
        links=summary["links"],
        critical=summary["critical_link_warnings"],
        link_warnings=summary["link_warnings"],
        whole_warnings=summary["whole_warnings"],
        **summary["links_by_status"],
    )
    lines += ["", f"{_w('summary', lang)}: {counts}", f"{_w('key', lang)}: {wording.value_label('assessment', summary['key'], lang)}"]
    cited = cited_note(report.secondary_sources, lang)
    if cited:
        lines += ["", cited]
    lines += ["", _w("detail", lang), ""]
    text = "\n".join(lines) + "\n"
    return text + "\n".join(render_text(link.report, lang) for link in report.links)


def render_consortium_json(report: ConsortiumReport) -> str:
    """:meth:`ConsortiumReport.to_dict` as indented JSON with sorted keys."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def consortium_html(report: ConsortiumReport, lang: str | None = None) -> str:
    """The consortium report as an HTML fragment: the whole, then each link's report fragment."""
    from ..html import CSS, report_html

    lang = check_lang(lang)
    e = escape
    status = report.status
    parts = [
        f"<h2>{e(_w('title', lang))}: {e(report.title or report.id)}</h2>",
        f'<p><b>{e(_w("status", lang))}:</b> <span class="{"met" if status == "partnership" else "unmet"}">'
        f"{e(wording.value_label('status', status, lang))}</span></p>",
        f"<h3>{e(_w('members', lang))}</h3><ul>",
    ]
    for member in report.members:
        roles = "; ".join(wording.value_label("member_role", role, lang) for role in member.roles)
        parts.append(f"<li>{e(report.names[member.party])}: {e(roles)}</li>")
    parts.append(f"</ul><h3>{e(_w('whole', lang))}</h3><ul>")
    for finding in report.findings:
        css = "met" if finding.status == "met" else "unmet"
        reasons = "".join(
            f'<li>{e(r[lang])} <span class="src">({e(source_text(finding.source, lang))}){e(_note(finding, lang))}</span></li>'
            for r in finding.reasons
        )
        mitigation = f"<p>{e(_w('mitigation', lang))}: {e(finding.mitigation[lang])}</p>" if finding.mitigation else ""
        parts.append(f'<li>{e(finding.label[lang])}: <span class="{css}">{e(_status_word(finding, lang))}</span><ul>{reasons}</ul>{mitigation}</li>')
    parts.append("</ul>")
    cited = cited_note(report.secondary_sources, lang)
    if cited:
        parts.append(f'<p class="src">{e(cited)}</p>')
    links = "".join(report_html(link.report, lang) for link in report.links)
    return f'<div class="kemitraan"><style>{CSS}</style>{"".join(parts)}<h3>{e(_w("detail", lang))}</h3>{links}</div>'

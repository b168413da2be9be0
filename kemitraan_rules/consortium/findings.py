"""Whole-partnership findings of a consortium: what no single link can show.

Five findings, each about the partnership as a whole, with its texts, source and basis in
``rulesets/consortium/findings.yaml`` (data, checked when loaded):

``konsorsium.semua_terhubung`` (precondition ``dua_pihak_atau_lebih``)
    Every member is linked to another and the links form one connected partnership; a member with no link, or
    groups with no link between them, leave it unmet.
``konsorsium.visi_bersama`` (precondition ``kesamaan_visi_misi``, Kemendiknas 2010)
    All members share a vision: stated for the whole (``partnership.shared_vision``), or a theme common to every
    member's ``vision``; unmet when stated false, when no theme is common to all, or when a link finds it unmet.
``konsorsium.kesepakatan_menyeluruh`` (precondition ``kesepakatan``)
    One agreement covers all members (``partnership.agreement`` a draft or signed MoU); unmet when it is absent or
    only explored, or when a link has no agreement.
``konsorsium.koordinasi`` (key ``koordinasi_integrasi_sinkronisasi``)
    One forum coordinates all members and their programmes are integrated in one plan; unmet when either is
    stated false or a link finds the key unmet.
``konsorsium.bergantung_satu_anggota`` (drawback ``ketergantungan``, Kamil 2010)
    A member that every link goes through (two links or more): if it withdraws, the whole partnership stops.

An unmet sign outweighs a met one, as in a report's assessments; with neither, the status is ``unknown``.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from .. import vocabulary as v
from .. import wording
from .._resources import builtin_rulesets_dir
from .._validate import Validator
from .._yaml import load_document
from ..errors import ScenarioError

if TYPE_CHECKING:
    from ..report import Report
    from .model import Consortium

__all__ = ["ConsortiumFinding", "FindingTexts", "consortium_findings", "finding_texts"]

#: Each finding's text parts and the placeholders each part may use (the loader refuses any other).
_PARTS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "konsorsium.semua_terhubung": {"met": (), "isolated": ("members",), "split": ("groups",)},
    "konsorsium.visi_bersama": {
        "met": (),
        "met_themes": ("themes",),
        "unmet": (),
        "unmet_themes": (),
        "unmet_links": ("links",),
        "unknown": (),
    },
    "konsorsium.kesepakatan_menyeluruh": {"met": ("status",), "unmet": ("status",), "unmet_links": ("links",), "unknown": ()},
    "konsorsium.koordinasi": {"met": (), "unmet_forum": (), "unmet_plan": (), "unmet_links": ("links",), "unknown": ()},
    "konsorsium.bergantung_satu_anggota": {"warning": ("member", "count"), "mitigation": ("member",)},
}
_BASES = ("paper", "law", "interpretation")
_AGREED = ("draf_mou", "mou_ditandatangani")
#: What a status-less warning finding reports as its status.
WARNING = "warning"


@attrs.frozen
class ConsortiumFinding:
    """One finding about the whole partnership.

    ``concept_kind``/``concept`` name what it assesses (a precondition, the key) or warns of (a drawback);
    ``status`` is ``met``, ``unmet`` or ``unknown`` (``warning`` for a drawback); ``reasons`` the sentences why, in
    each language; ``members`` and ``links`` the ids concerned.
    """

    id: str
    concept_kind: str
    concept: str
    label: Mapping[str, str]
    status: str
    reasons: tuple[Mapping[str, str], ...]
    source: str
    basis: str
    basis_note: Mapping[str, str] = attrs.field(factory=dict)
    mitigation: Mapping[str, str] = attrs.field(factory=dict)
    members: tuple[str, ...] = ()
    links: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "concept_kind": self.concept_kind,
            "concept": self.concept,
            "label": dict(self.label),
            "status": self.status,
            "reasons": [dict(r) for r in self.reasons],
            "source": self.source,
            "basis": self.basis,
            "members": list(self.members),
            "links": list(self.links),
        }
        if self.basis_note:
            data["basis_note"] = dict(self.basis_note)
        if self.mitigation:
            data["mitigation"] = dict(self.mitigation)
        return data


@attrs.frozen
class _Entry:
    concept_kind: str
    concept: str
    texts: Mapping[str, Mapping[str, str]]
    source: str
    basis: str
    basis_note: Mapping[str, str]


class FindingTexts:
    """The checked contents of ``rulesets/consortium/findings.yaml``."""

    def __init__(self, entries: Mapping[str, _Entry]) -> None:
        self.entries = entries

    def text(self, finding: str, part: str, **values: str | Mapping[str, str]) -> dict[str, str]:
        """One text in every language; a value is one string, or one per language (labels)."""
        result = {}
        for lang, template in self.entries[finding].texts[part].items():
            filled = {name: value if isinstance(value, str) else value[lang] for name, value in values.items()}
            result[lang] = string.Template(template).substitute(filled)
        return result


def finding_texts(path: str | Path | None = None) -> FindingTexts:
    """Load and check the findings' texts (the shipped file by default; cached)."""
    return _load(str(Path(path) if path is not None else builtin_rulesets_dir() / "consortium" / "findings.yaml"))


@functools.lru_cache(maxsize=4)
def _load(path: str) -> FindingTexts:
    document = load_document(Path(path), error=ScenarioError)
    check = Validator(document.source)
    top = check.mapping(document.data, (), ("kind", "version", "findings"))
    entries: dict[str, _Entry] = {}
    if top is not None:
        if top["kind"] != "consortium_findings":
            check.add(("kind",), "not_consortium_findings_file", top["kind"], ("consortium_findings",))
        findings = check.mapping(top["findings"], ("findings",), tuple(_PARTS))
        for finding, parts in _PARTS.items() if findings is not None else ():
            assert findings is not None
            where = ("findings", finding)
            raw = check.mapping(findings[finding], where, ("concept", "source", "basis", *parts))
            if raw is None:
                continue
            concept = check.mapping(raw["concept"], (*where, "concept"), ("kind", "id"))
            source = check.mapping(raw["source"], (*where, "source"), ("author", "section"), ("year",))
            basis = check.mapping(raw["basis"], (*where, "basis"), ("kind",), ("note",))
            texts = {part: check.bilingual(raw[part], (*where, part), names) for part, names in parts.items()}
            if concept is None or source is None or basis is None:
                continue
            kind = check.choice(concept["kind"], (*where, "concept", "kind"), ("precondition", "key", "drawback"), "concept kind")
            check.choice(basis["kind"], (*where, "basis", "kind"), _BASES, "basis")
            note = check.bilingual(basis["note"], (*where, "basis", "note")) if "note" in basis else {}
            if basis["kind"] == "interpretation" and not note:
                check.add((*where, "basis"), "interpretation_note")
            year = f" {source['year']}" if source.get("year") is not None else ""
            entries[finding] = _Entry(
                str(kind), str(concept["id"]), texts, f"{source['author']}{year}, {source['section']}", str(basis["kind"]), note
            )
    if check.problems:
        raise ScenarioError(check.problems, path)
    return FindingTexts(entries)


def consortium_findings(consortium: Consortium, reports: Mapping[str, Report]) -> tuple[ConsortiumFinding, ...]:
    """The whole-partnership findings of ``consortium``, given each link's report (by link id), in a fixed order."""
    texts = finding_texts()
    names = {party.id: party.name for party in consortium.parties}
    found = [
        _connected(consortium, texts, names),
        _shared_vision(consortium, reports, texts),
        _agreement(consortium, reports, texts),
        _coordination(consortium, reports, texts),
    ]
    hub = _dependency(consortium, texts, names)
    return tuple(found + ([hub] if hub is not None else []))


def _finding(
    texts: FindingTexts,
    finding: str,
    status: str,
    reasons: Sequence[Mapping[str, str]],
    *,
    members: Sequence[str] = (),
    links: Sequence[str] = (),
    mitigation: Mapping[str, str] | None = None,
) -> ConsortiumFinding:
    entry = texts.entries[finding]
    label_kind = entry.concept_kind
    label = {lang: wording.concept_label(label_kind, entry.concept, lang) for lang in v.LANGUAGES}
    return ConsortiumFinding(
        id=finding,
        concept_kind=entry.concept_kind,
        concept=entry.concept,
        label=label,
        status=status,
        reasons=tuple(reasons),
        source=entry.source,
        basis=entry.basis,
        basis_note=entry.basis_note,
        mitigation=mitigation or {},
        members=tuple(sorted(members)),
        links=tuple(sorted(links)),
    )


def _names(ids: Sequence[str], names: Mapping[str, str]) -> dict[str, str]:
    return {lang: wording.join([names[i] for i in sorted(ids)], lang) for lang in v.LANGUAGES}


def _link_names(consortium: Consortium, link_ids: Sequence[str]) -> dict[str, str]:
    names = {party.id: party.name for party in consortium.parties}
    pairs = []
    for link in consortium.links:
        if consortium.link_id(link) in link_ids:
            assert link.candidate is not None
            pairs.append(f"{names[link.seeker]} - {names[link.candidate]}")
    return {lang: wording.join(pairs, lang) for lang in v.LANGUAGES}


def _neighbours(consortium: Consortium) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {member.party: set() for member in consortium.members}
    for link in consortium.links:
        assert link.candidate is not None
        graph[link.seeker].add(link.candidate)
        graph[link.candidate].add(link.seeker)
    return graph


def _connected(consortium: Consortium, texts: FindingTexts, names: Mapping[str, str]) -> ConsortiumFinding:
    finding = "konsorsium.semua_terhubung"
    graph = _neighbours(consortium)
    isolated = sorted(member for member, linked in graph.items() if not linked)
    if isolated:
        return _finding(texts, finding, "unmet", [texts.text(finding, "isolated", members=_names(isolated, names))], members=isolated)
    groups: list[list[str]] = []
    seen: set[str] = set()
    for start in sorted(graph):
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            node = stack.pop()
            group.append(node)
            for other in sorted(graph[node] - seen):
                seen.add(other)
                stack.append(other)
        groups.append(sorted(group))
    if len(groups) > 1:
        listed = {lang: "; ".join(_names(group, names)[lang] for group in groups) for lang in v.LANGUAGES}
        return _finding(texts, finding, "unmet", [texts.text(finding, "split", groups=listed)], members=sorted(graph))
    return _finding(texts, finding, "met", [texts.text(finding, "met")])


def _links_where(consortium: Consortium, reports: Mapping[str, Report], kind: str, concept: str) -> list[str]:
    """The ids of the links whose report finds ``concept`` unmet."""
    return sorted(link_id for link_id, report in reports.items() if report.assessment(kind, concept).status == "unmet")


def _decide(met: bool, unmet: list[Mapping[str, str]], met_reasons: list[Mapping[str, str]]) -> tuple[str, list[Mapping[str, str]]]:
    if unmet:
        return "unmet", unmet
    return ("met", met_reasons) if met else ("unknown", [])


def _shared_vision(consortium: Consortium, reports: Mapping[str, Report], texts: FindingTexts) -> ConsortiumFinding:
    finding = "konsorsium.visi_bersama"
    stated = consortium.partnership.shared_vision
    bad_links = _links_where(consortium, reports, "precondition", "kesamaan_visi_misi")
    themes = [set(consortium.party(member.party).vision) for member in consortium.members]
    common = set.intersection(*themes) if themes and all(themes) else None
    unmet: list[Mapping[str, str]] = []
    met: list[Mapping[str, str]] = []
    if stated is False:
        unmet.append(texts.text(finding, "unmet"))
    elif stated is None and common is not None and not common:
        unmet.append(texts.text(finding, "unmet_themes"))
    if bad_links:
        unmet.append(texts.text(finding, "unmet_links", links=_link_names(consortium, bad_links)))
    if stated is True:
        met.append(texts.text(finding, "met"))
    elif stated is None and common:
        met.append(texts.text(finding, "met_themes", themes=", ".join(sorted(common))))
    status, reasons = _decide(bool(met), unmet, met)
    return _finding(texts, finding, status, reasons or [texts.text(finding, "unknown")], links=bad_links)


def _agreement(consortium: Consortium, reports: Mapping[str, Report], texts: FindingTexts) -> ConsortiumFinding:
    finding = "konsorsium.kesepakatan_menyeluruh"
    agreement = consortium.partnership.agreement
    bad_links = _links_where(consortium, reports, "precondition", "kesepakatan")
    unmet: list[Mapping[str, str]] = []
    met: list[Mapping[str, str]] = []
    if agreement is not None:
        status_words = {lang: wording.value_label("agreement", agreement, lang) for lang in v.LANGUAGES}
        (met if agreement in _AGREED else unmet).append(texts.text(finding, "met" if agreement in _AGREED else "unmet", status=status_words))
    if bad_links:
        unmet.append(texts.text(finding, "unmet_links", links=_link_names(consortium, bad_links)))
    status, reasons = _decide(bool(met), unmet, met)
    return _finding(texts, finding, status, reasons or [texts.text(finding, "unknown")], links=bad_links)


def _coordination(consortium: Consortium, reports: Mapping[str, Report], texts: FindingTexts) -> ConsortiumFinding:
    finding = "konsorsium.koordinasi"
    whole = consortium.partnership
    bad_links = _links_where(consortium, reports, "key", "koordinasi_integrasi_sinkronisasi")
    unmet: list[Mapping[str, str]] = []
    if whole.coordination_forum is False:
        unmet.append(texts.text(finding, "unmet_forum"))
    if whole.programmes_synchronised is False:
        unmet.append(texts.text(finding, "unmet_plan"))
    if bad_links:
        unmet.append(texts.text(finding, "unmet_links", links=_link_names(consortium, bad_links)))
    both = whole.coordination_forum is True and whole.programmes_synchronised is True
    status, reasons = _decide(both, unmet, [texts.text(finding, "met")])
    return _finding(texts, finding, status, reasons or [texts.text(finding, "unknown")], links=bad_links)


def _dependency(consortium: Consortium, texts: FindingTexts, names: Mapping[str, str]) -> ConsortiumFinding | None:
    finding = "konsorsium.bergantung_satu_anggota"
    if len(consortium.links) < 2:
        return None
    for member in consortium.members:
        if all(member.party in (link.seeker, link.candidate) for link in consortium.links):
            name, count = names[member.party], str(len(consortium.links))
            return _finding(
                texts,
                finding,
                WARNING,
                [texts.text(finding, "warning", member=name, count=count)],
                members=[member.party],
                mitigation=texts.text(finding, "mitigation", member=name),
            )
    return None

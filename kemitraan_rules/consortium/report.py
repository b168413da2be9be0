"""The consortium report: one full :class:`~kemitraan_rules.report.Report` per link, the whole-partnership findings
and a combined summary.

:func:`evaluate_consortium` evaluates every link as a two-party scenario with :meth:`Engine.evaluate` (the engine is
used as it is, so a link is judged exactly as the same two parties would be on their own), then adds the findings
only the whole can show (:mod:`kemitraan_rules.consortium.findings`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from ..report import Report
from .findings import WARNING, ConsortiumFinding, consortium_findings
from .model import Consortium, Member, load_consortium

if TYPE_CHECKING:
    from ..engine import Engine

__all__ = ["ConsortiumReport", "LinkReport", "evaluate_consortium"]

_STATUSES = ("partnership", "undetermined", "not_yet")


@attrs.frozen
class LinkReport:
    """One link of the consortium and the full report of its two-party evaluation."""

    id: str
    seeker: str
    candidate: str
    report: Report

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "seeker": self.seeker, "candidate": self.candidate, "report": self.report.to_dict()}


@attrs.frozen
class ConsortiumReport:
    """The explained result of evaluating a consortium: its members, each link's report and the whole's findings."""

    consortium: Consortium
    links: tuple[LinkReport, ...]
    findings: tuple[ConsortiumFinding, ...]

    @property
    def id(self) -> str:
        return self.consortium.id

    @property
    def title(self) -> str:
        return self.consortium.title

    @property
    def members(self) -> tuple[Member, ...]:
        return self.consortium.members

    @property
    def names(self) -> Mapping[str, str]:
        """Each member's display name, by party id."""
        return {party.id: party.name for party in self.consortium.parties}

    @property
    def kinds(self) -> Mapping[str, str]:
        """Each member's kind of party (``lkp``, ``dudi``, ...), by party id."""
        return {party.id: party.kind for party in self.consortium.parties}

    @property
    def preconditions(self) -> tuple[ConsortiumFinding, ...]:
        """The findings that assess a precondition across the whole partnership."""
        return tuple(f for f in self.findings if f.concept_kind == "precondition")

    @property
    def warnings(self) -> tuple[ConsortiumFinding, ...]:
        """The whole-partnership drawback warnings (a member every link goes through)."""
        return tuple(f for f in self.findings if f.status == WARNING)

    def member(self, party_id: str) -> Member:
        """The member with this party id, and its roles."""
        return self.consortium.member(party_id)

    def finding(self, finding_id: str) -> ConsortiumFinding:
        for finding in self.findings:
            if finding.id == finding_id:
                return finding
        raise KeyError(f"no finding {finding_id!r} (findings: {', '.join(f.id for f in self.findings)})")

    def link(self, seeker: str, candidate: str) -> LinkReport:
        """The report of the link between two members (in either order)."""
        for link in self.links:
            if {link.seeker, link.candidate} == {seeker, candidate}:
                return link
        raise KeyError(f"no link between {seeker!r} and {candidate!r}")

    @property
    def status(self) -> str:
        """``not_yet`` when a link or a whole-partnership precondition is unmet; ``partnership`` when every link is a
        partnership and every whole-partnership precondition is met; else ``undetermined``."""
        statuses = [link.report.partnership_status for link in self.links]
        preconditions = [f.status for f in self.preconditions]
        if "not_yet" in statuses or "unmet" in preconditions:
            return "not_yet"
        if all(s == "partnership" for s in statuses) and all(s == "met" for s in preconditions):
            return "partnership"
        return "undetermined"

    @property
    def summary(self) -> dict[str, Any]:
        """Counts for a combined view: members, links by status, warnings of the links and of the whole."""
        by_status = {status: sum(1 for link in self.links if link.report.partnership_status == status) for status in _STATUSES}
        return {
            "members": len(self.members),
            "links": len(self.links),
            "links_by_status": by_status,
            "link_warnings": sum(len(link.report.warnings) for link in self.links),
            "critical_link_warnings": sum(1 for link in self.links for w in link.report.warnings if w.severity == "critical"),
            "whole_warnings": len(self.warnings),
            "key": next((f.status for f in self.findings if f.concept_kind == "key"), "unknown"),
        }

    @property
    def secondary_sources(self) -> tuple[str, ...]:
        """The works cited through the source paper by any link's report or by a whole-partnership finding."""
        from .. import vocabulary as v

        cited = {work for link in self.links for work in link.report.secondary_sources}
        cited |= {work for f in self.findings for work in v.SECONDARY_SOURCES if f.source.startswith(f"{work},")}
        return tuple(work for work in v.SECONDARY_SOURCES if work in cited)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (``kind: consortium``), identical whatever the order of members, links and rule files."""
        return {
            "kind": "consortium",
            "consortium": self.id,
            "title": self.title,
            "partnership_status": self.status,
            "summary": self.summary,
            "members": [{"party": m.party, "name": self.names[m.party], "kind": self.kinds[m.party], "roles": list(m.roles)} for m in self.members],
            "findings": [f.to_dict() for f in self.findings],
            "links": [link.to_dict() for link in self.links],
        }

    def render(self, lang: str = "id") -> str:
        """Readable text in Indonesian (``id``) or English (``en``)."""
        from .render import render_consortium_text

        return render_consortium_text(self, lang)

    def __str__(self) -> str:
        return self.render("id")

    def to_html(self, lang: str | None = None) -> str:
        """The report as an HTML fragment (the whole first, then each link's report)."""
        from .render import consortium_html

        return consortium_html(self, lang)

    def _repr_html_(self) -> str:
        return self.to_html()


def evaluate_consortium(engine: Engine, consortium: Consortium | str | Path) -> ConsortiumReport:
    """Evaluate every link of ``consortium`` (or of the consortium file at that path) and the partnership as a whole."""
    if not isinstance(consortium, Consortium):
        consortium = load_consortium(consortium)
    links = []
    for link in consortium.links:
        assert link.candidate is not None
        links.append(LinkReport(consortium.link_id(link), link.seeker, link.candidate, engine.evaluate(consortium.link_scenario(link))))
    findings = consortium_findings(consortium, {link.id: link.report for link in links})
    return ConsortiumReport(consortium=consortium, links=tuple(links), findings=findings)

"""The consortium wing: a partnership of more than two members, evaluated link by link and as a whole.

Modules, one concern each: ``model`` (:class:`Consortium`, its members with their roles and its links, loaded and
checked with the scenario's own field tables), ``findings`` (what only the whole can show: every member linked, a
shared vision and an agreement across all, the coordination key, dependence on one member; texts in
``rulesets/consortium/findings.yaml``), ``report`` (:class:`ConsortiumReport` and :func:`evaluate_consortium`, which
evaluates each link with :meth:`Engine.evaluate <kemitraan_rules.Engine.evaluate>`) and ``render`` (text and HTML).
Everything a user needs is importable from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy_attributes

if TYPE_CHECKING:
    from .findings import ConsortiumFinding, consortium_findings, finding_texts
    from .model import (
        MEMBER_FIELDS,
        PARTNERSHIP_FIELDS,
        Consortium,
        Member,
        WholePartnership,
        consortium_from_dict,
        load_consortium,
        load_scenario_or_consortium,
        scenario_or_consortium_from_dict,
    )
    from .render import consortium_html, render_consortium_json, render_consortium_text
    from .report import ConsortiumReport, LinkReport, evaluate_consortium

#: Public names and the module that defines each, imported on first use (PEP 562): ``kemitraan evaluate`` reads
#: every scenario file through :mod:`.model`, and a two-party file then needs neither the findings (their text file)
#: nor the consortium's report and renderers.
_LAZY = {
    "ConsortiumFinding": "findings",
    "consortium_findings": "findings",
    "finding_texts": "findings",
    "MEMBER_FIELDS": "model",
    "PARTNERSHIP_FIELDS": "model",
    "Consortium": "model",
    "Member": "model",
    "WholePartnership": "model",
    "consortium_from_dict": "model",
    "load_consortium": "model",
    "load_scenario_or_consortium": "model",
    "scenario_or_consortium_from_dict": "model",
    "consortium_html": "render",
    "render_consortium_json": "render",
    "render_consortium_text": "render",
    "ConsortiumReport": "report",
    "LinkReport": "report",
    "evaluate_consortium": "report",
}


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, globals())


__all__ = [
    "MEMBER_FIELDS",
    "PARTNERSHIP_FIELDS",
    "Consortium",
    "ConsortiumFinding",
    "ConsortiumReport",
    "LinkReport",
    "Member",
    "WholePartnership",
    "consortium_findings",
    "consortium_from_dict",
    "consortium_html",
    "evaluate_consortium",
    "finding_texts",
    "load_consortium",
    "load_scenario_or_consortium",
    "render_consortium_json",
    "render_consortium_text",
    "scenario_or_consortium_from_dict",
]

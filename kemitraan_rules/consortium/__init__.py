"""The consortium wing: a partnership of more than two members, evaluated link by link and as a whole.

Modules, one concern each: ``model`` (:class:`Consortium`, its members with their roles and its links, loaded and
checked with the scenario's own field tables), ``findings`` (what only the whole can show: every member linked, a
shared vision and an agreement across all, the coordination key, dependence on one member; texts in
``rulesets/consortium/findings.yaml``), ``report`` (:class:`ConsortiumReport` and :func:`evaluate_consortium`, which
evaluates each link with :meth:`Engine.evaluate <kemitraan_rules.Engine.evaluate>`) and ``render`` (text and HTML).
Everything a user needs is importable from here.
"""

from __future__ import annotations

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

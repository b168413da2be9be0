"""The eleven steps as a process: the :class:`Partnership` record, step transitions, next actions, evaluation.

A partnership moves through the steps of Kamil (2010) as cited by the paper, from mapping (``pemetaan``) to
planning the next round (``perencanaan_selanjutnya``).  This module keeps the record of that journey -- the parties,
the chosen pattern, the history of steps, the joint plan, the MoU and the monitoring records -- and answers three
questions from the data in ``rulesets/lifecycle/`` rather than from code branches:

* may the partnership enter a step, and if not, what is missing (:func:`check_step`, :func:`advance`)?
  No implementation before a signed MoU, no MoU without a joint plan listing each party's roles, no signing while
  a precondition is unmet, no renewal before an evaluation;
* what should be done now (:func:`next_actions`), in Indonesian or English, with the step each action belongs to;
* what do the monitoring records say (:func:`evaluate_monitoring`): deviations from the plan, broken commitments
  (``ingkar_komitmen``), dominance (``penyalahgunaan_posisi``), growing dependence (``ketergantungan``), a party
  gaining nothing (principle ``saling_menguntungkan``), and whether to continue, revise the MoU or end.

The record is frozen and serialises losslessly to plain data (:meth:`Partnership.to_dict`,
:func:`partnership_from_dict`, :func:`dump_partnership`, :func:`load_partnership`), so an application can keep it
in its own database.  Dates are ISO strings (``2024-03-01``).
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .. import vocabulary as v
from .. import wording
from .._validate import A_LIST, Validator
from .._yaml import FieldPath, SourceMap, json_text, load_document, yaml_text
from ..errors import LifecycleError, Problem, ScenarioError, type_word
from ..scenario import JOINT, Party, Relationship, Scenario
from ..vocabulary import Text
from .rules import (
    GAIN_LEVELS,
    EvaluationRule,
    LifecycleRules,
    Requirement,
    load_lifecycle_rules,
)

__all__ = [
    "STEPS",
    "Contribution",
    "Evaluation",
    "EvaluationFinding",
    "EvaluationRecord",
    "HistoryEntry",
    "MoU",
    "MonitoringRecord",
    "NextAction",
    "Partnership",
    "Plan",
    "PlannedActivity",
    "PreconditionAssessor",
    "ProblemNote",
    "Signature",
    "StepCheck",
    "advance",
    "check_step",
    "dump_partnership",
    "evaluate_monitoring",
    "load_partnership",
    "next_actions",
    "partnership_from_dict",
    "record_evaluation",
]

#: The eleven steps, in order (re-exported from :mod:`kemitraan_rules.vocabulary`).
STEPS: tuple[str, ...] = v.STEPS

#: A function giving the status (``met``, ``unmet``, ``unknown``) of each precondition of a scenario.
PreconditionAssessor = Callable[[Scenario], Mapping[str, str]]


def _tuple(values: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(values)


def _roles(values: Mapping[str, Sequence[str]]) -> Mapping[str, tuple[str, ...]]:
    return {key: tuple(values[key]) for key in sorted(values)}


def _sorted_parties(parties: Sequence[Party]) -> tuple[Party, ...]:
    return tuple(sorted(parties, key=lambda party: party.id))


def _counts(values: Mapping[str, int]) -> Mapping[str, int]:
    return {key: values[key] for key in sorted(values)}


# --------------------------------------------------------------------------------------------------------------------
# The record
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class HistoryEntry:
    """The partnership entered ``step`` on ``date`` (ISO), with an optional note."""

    step: str
    date: str
    note: str = ""


@attrs.frozen
class PlannedActivity:
    """An activity of the joint plan, with the party that leads it (``None``: jointly)."""

    id: str
    title: str = ""
    lead: str | None = None


@attrs.frozen
class Plan:
    """The joint plan (``penyusunan_rencana``): each party's roles, the activities and the goals."""

    roles: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_roles)
    activities: tuple[PlannedActivity, ...] = attrs.field(default=(), converter=_tuple)
    goals: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Signature:
    """A party's signature of the MoU: who signed for it and when."""

    party: str
    date: str
    signatory: str = ""


@attrs.frozen
class MoU:
    """The memorandum of understanding: parties, each one's roles and duties, activities, period, signatures."""

    parties: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    roles: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_roles)
    activities: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    start: str | None = None
    end: str | None = None
    signatures: tuple[Signature, ...] = attrs.field(default=(), converter=_tuple)
    version: int = 1

    @property
    def signed_by_all(self) -> bool:
        """Every party of the MoU has signed it (and it names at least two parties)."""
        signed = {signature.party for signature in self.signatures}
        return len(self.parties) >= 2 and signed >= set(self.parties)


@attrs.frozen
class Contribution:
    """One party in a monitoring period: what it promised and delivered, what it gained, its share through the partner.

    ``gain`` is ``tidak_ada`` (nothing), ``rendah``, ``sedang`` or ``tinggi``; ``share`` the share (0-1) of its
    output or revenue that went through the partner.
    """

    party: str
    promised: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    delivered: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    gain: str | None = None
    share: float | None = None


@attrs.frozen
class ProblemNote:
    """A problem met in a period and, once found, its cause."""

    description: str
    cause: str = ""


@attrs.frozen
class MonitoringRecord:
    """What happened in one period: activities done (vs planned), goals reached, problems, contributions, decisions.

    ``activities_planned`` names the plan's activities due in this period (empty: all of them).  ``decisions`` counts
    the decisions taken by each party alone, or jointly (``bersama``).
    """

    period: str
    date: str
    activities_planned: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    activities_done: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    goals_reached: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    problems: tuple[ProblemNote, ...] = attrs.field(default=(), converter=_tuple)
    contributions: tuple[Contribution, ...] = attrs.field(default=(), converter=_tuple)
    decisions: Mapping[str, int] = attrs.field(factory=dict, converter=_counts)


@attrs.frozen
class EvaluationRecord:
    """An evaluation kept in the record: when, up to which monitoring period, its outcome and findings."""

    date: str
    period: str
    outcome: str
    findings: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Partnership:
    """A partnership on its way through the eleven steps.

    ``relationship`` (optional) describes the relationship as a scenario does; with it, the preconditions of the
    partnership can be assessed by the engine before the MoU is signed.
    """

    id: str
    parties: tuple[Party, ...] = attrs.field(converter=_sorted_parties)
    step: str = "pemetaan"
    title: str = ""
    pattern: str | None = None
    relationship: Relationship | None = None
    history: tuple[HistoryEntry, ...] = attrs.field(default=(), converter=_tuple)
    plan: Plan | None = None
    mou: MoU | None = None
    monitoring: tuple[MonitoringRecord, ...] = attrs.field(default=(), converter=_tuple)
    evaluations: tuple[EvaluationRecord, ...] = attrs.field(default=(), converter=_tuple)

    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(party.id for party in self.parties)

    def party_name(self, party_id: str) -> str:
        """The :attr:`~kemitraan_rules.scenario.Party.display_name` of the party with this id (texts name parties by
        it; the id itself for an id not in the record)."""
        return next((party.display_name for party in self.parties if party.id == party_id), party_id)

    def __repr__(self) -> str:
        from ..display import short_repr

        return short_repr(self)

    def _repr_html_(self) -> str:
        """The record in a notebook: parties, its step among the eleven, history (see :mod:`kemitraan_rules.html`)."""
        from ..html import to_html

        return to_html(self)

    def _repr_markdown_(self) -> str:
        """The record as Markdown: step reached, parties by name, pattern and history (language of ``kemitraan_rules.options``)."""
        from ..display import to_markdown

        return to_markdown(self)

    def scenario(self) -> Scenario | None:
        """The scenario the engine evaluates for this partnership, or ``None`` without a relationship."""
        if self.relationship is None:
            return None
        return Scenario(id=self.id, parties=self.parties, relationship=self.relationship, title=self.title)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON/YAML-ready data; :func:`partnership_from_dict` reads it back into an equal record."""
        data: dict[str, Any] = {
            "id": self.id,
            "step": self.step,
            "parties": [party.to_dict() for party in self.parties],
        }
        if self.title:
            data["title"] = self.title
        if self.pattern is not None:
            data["pattern"] = self.pattern
        if self.relationship is not None:
            data["relationship"] = self.relationship.to_dict()
        for name in ("history", "monitoring", "evaluations"):
            items = getattr(self, name)
            if items:
                data[name] = [_plain(item) for item in items]
        for name in ("plan", "mou"):
            value = getattr(self, name)
            if value is not None:
                data[name] = _plain(value)
        return data


def _plain(record: Any) -> Any:
    """An attrs record as plain data, leaving out fields equal to their default (so the output stays short)."""
    if attrs.has(type(record)):
        result: dict[str, Any] = {}
        for field in attrs.fields(type(record)):
            value = getattr(record, field.name)
            default = field.default
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                default = default.factory()
            if field.converter is not None and default is not attrs.NOTHING:
                default = field.converter(default)
            if default is not attrs.NOTHING and value == default:
                continue
            result[field.name] = _plain(value)
        return result
    if isinstance(record, (tuple, list)):
        return [_plain(item) for item in record]
    if isinstance(record, Mapping):
        return {key: _plain(value) for key, value in record.items()}
    return record


# --------------------------------------------------------------------------------------------------------------------
# Reading a record: every problem at once, with file:line:column and the field path
# --------------------------------------------------------------------------------------------------------------------


class _Reader(Validator):
    """The validation kit, with the readers of partnership records (lossless: texts are kept as written)."""

    def text(self, data: object, path: FieldPath, *, empty: bool = False) -> str | None:
        return self.string(data, path, empty=empty, strip=False)

    def texts(self, data: object, path: FieldPath, allowed: Sequence[str] | None = None, what: str = "value") -> tuple[str, ...]:
        if not isinstance(data, list):
            self.add(path, "wrong_type", data, expected=A_LIST, got=type_word(data))
            return ()
        items: list[str] = []
        for index, item in enumerate(data):
            checked = self.text(item, (*path, index)) if allowed is None else self.choice(item, (*path, index), allowed, what)
            if checked is not None:
                items.append(checked)
        return tuple(items)

    def roles(self, data: object, path: FieldPath, parties: Sequence[str]) -> dict[str, tuple[str, ...]]:
        if not isinstance(data, Mapping):
            self.add(
                path,
                "wrong_type",
                data,
                expected=Text("pemetaan dari id pihak ke daftar peran", "a mapping from party id to a list of roles"),
                got=type_word(data),
            )
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for key, value in data.items():
            if self.choice(key, (*path, key), parties, "party id") is not None:
                result[key] = self.texts(value, (*path, key))
        return result


def _read_plan(r: _Reader, data: object, path: FieldPath, parties: Sequence[str]) -> Plan | None:
    raw = r.mapping(data, path, (), ("roles", "activities", "goals"))
    if raw is None:
        return None
    activities = []
    seen: set[str] = set()
    for a_path, item in r.items(raw.get("activities", []), (*path, "activities")):
        entry = r.mapping(item, a_path, ("id",), ("title", "lead"))
        if entry is None:
            continue
        activity_id = r.text(entry["id"], (*a_path, "id"))
        if activity_id in seen:
            r.add((*a_path, "id"), "listed_twice", activity_id)
        title = r.text(entry.get("title", ""), (*a_path, "title"), empty=True)
        lead = entry.get("lead")
        if lead is not None:
            lead = r.choice(lead, (*a_path, "lead"), parties, "party id")
        if activity_id is not None and title is not None:
            seen.add(activity_id)
            activities.append(PlannedActivity(activity_id, title, lead))
    return Plan(
        roles=r.roles(raw.get("roles", {}), (*path, "roles"), parties),
        activities=tuple(activities),
        goals=r.texts(raw.get("goals", []), (*path, "goals")),
    )


def _read_mou(r: _Reader, data: object, path: FieldPath, parties: Sequence[str]) -> MoU | None:
    raw = r.mapping(data, path, (), ("parties", "roles", "activities", "start", "end", "signatures", "version"))
    if raw is None:
        return None
    mou_parties = r.texts(raw.get("parties", []), (*path, "parties"), parties, "party id")
    signatures = []
    for s_path, item in r.items(raw.get("signatures", []), (*path, "signatures")):
        entry = r.mapping(item, s_path, ("party", "date"), ("signatory",))
        if entry is None:
            continue
        party = r.choice(entry["party"], (*s_path, "party"), mou_parties, "MoU party")
        date = r.date(entry["date"], (*s_path, "date"))
        signatory = r.text(entry.get("signatory", ""), (*s_path, "signatory"), empty=True)
        if party is not None and date is not None and signatory is not None:
            signatures.append(Signature(party, date, signatory))
    start = r.date(raw["start"], (*path, "start")) if "start" in raw else None
    end = r.date(raw["end"], (*path, "end")) if "end" in raw else None
    if start and end and end < start:
        r.add((*path, "end"), "mou_ends_early", end, end=end, start=start)
    version = r.count(raw.get("version", 1), (*path, "version"))
    return MoU(
        parties=mou_parties,
        roles=r.roles(raw.get("roles", {}), (*path, "roles"), mou_parties),
        activities=r.texts(raw.get("activities", []), (*path, "activities")),
        start=start,
        end=end,
        signatures=tuple(signatures),
        version=version if version is not None else 1,
    )


def _read_monitoring(r: _Reader, data: object, path: FieldPath, parties: Sequence[str]) -> MonitoringRecord | None:
    fields = ("activities_planned", "activities_done", "goals_reached", "problems", "contributions", "decisions")
    raw = r.mapping(data, path, ("period", "date"), fields)
    if raw is None:
        return None
    period = r.text(raw["period"], (*path, "period"))
    date = r.date(raw["date"], (*path, "date"))
    problems = []
    for p_path, item in r.items(raw.get("problems", []), (*path, "problems")):
        entry = r.mapping(item, p_path, ("description",), ("cause",))
        if entry is None:
            continue
        description = r.text(entry["description"], (*p_path, "description"))
        cause = r.text(entry.get("cause", ""), (*p_path, "cause"), empty=True)
        if description is not None and cause is not None:
            problems.append(ProblemNote(description, cause))
    contributions = []
    for c_path, item in r.items(raw.get("contributions", []), (*path, "contributions")):
        entry = r.mapping(item, c_path, ("party",), ("promised", "delivered", "gain", "share"))
        if entry is None:
            continue
        party = r.choice(entry["party"], (*c_path, "party"), parties, "party id")
        gain = entry.get("gain")
        if gain is not None:
            gain = r.choice(
                v.normalise(gain, GAIN_LEVELS, {**v.LEVEL_ALIASES, "none": "tidak_ada"}),
                (*c_path, "gain"),
                GAIN_LEVELS,
                "gain",
            )
        share = entry.get("share")
        if share is not None and (isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1):
            r.add((*c_path, "share"), "not_in_range", share, low=0, high=1)
            share = None
        if party is not None:
            contributions.append(
                Contribution(
                    party,
                    r.texts(entry.get("promised", []), (*c_path, "promised")),
                    r.texts(entry.get("delivered", []), (*c_path, "delivered")),
                    gain,
                    None if share is None else float(share),
                )
            )
    decisions: dict[str, int] = {}
    raw_decisions = raw.get("decisions", {})
    if not isinstance(raw_decisions, Mapping):
        r.add(
            (*path, "decisions"),
            "wrong_type",
            raw_decisions,
            expected=Text("pemetaan dari id pihak (atau 'bersama') ke jumlah", "a mapping from party id (or 'bersama') to a count"),
            got=type_word(raw_decisions),
        )
    else:
        for key, value in raw_decisions.items():
            if r.choice(key, (*path, "decisions", key), (*parties, JOINT), "party id") is not None:
                count = r.count(value, (*path, "decisions", key))
                if count is not None:
                    decisions[key] = count
    if period is None or date is None:
        return None
    return MonitoringRecord(
        period=period,
        date=date,
        activities_planned=r.texts(raw.get("activities_planned", []), (*path, "activities_planned")),
        activities_done=r.texts(raw.get("activities_done", []), (*path, "activities_done")),
        goals_reached=r.texts(raw.get("goals_reached", []), (*path, "goals_reached")),
        problems=tuple(problems),
        contributions=tuple(contributions),
        decisions=decisions,
    )


_TOP_FIELDS = ("title", "step", "pattern", "relationship", "history", "plan", "mou", "monitoring", "evaluations")


def _build(data: object, source: SourceMap) -> Partnership:
    r = _Reader(source)
    top = r.mapping(data, (), ("id", "parties"), _TOP_FIELDS)
    if top is None:
        raise LifecycleError(r.problems, source.file)
    partnership_id = r.text(top["id"], ("id",))
    # Parties and relationship are checked by the scenario validator, whose problems are re-located in this file.
    scenario_data: dict[str, Any] = {"id": "partnership", "parties": top["parties"]}
    scenario_data["relationship"] = top.get("relationship") or {"seeker": _first_id(top["parties"])}
    parties: tuple[Party, ...] = ()
    relationship: Relationship | None = None
    try:
        scenario = _scenario_checked(scenario_data, source)
        parties = scenario.parties
        relationship = scenario.relationship if "relationship" in top else None
    except ScenarioError as exc:
        # Without a relationship in the record, the placeholder one is ours: its problems are not the user's.
        r.problems.extend(p for p in exc.problems if "relationship" in top or not p.path.startswith("relationship"))
    raw_parties = top["parties"] if isinstance(top["parties"], list) else []
    ids = tuple(party.id for party in parties) or tuple(str(p.get("id")) for p in raw_parties if isinstance(p, Mapping))
    step = r.choice(top.get("step", "pemetaan"), ("step",), v.STEPS, "step")
    pattern = top.get("pattern")
    if pattern is not None:
        pattern = r.choice(pattern, ("pattern",), v.PATTERNS, "pattern")
    title = r.text(top.get("title", ""), ("title",), empty=True)
    history = []
    for h_path, item in r.items(top.get("history", []), ("history",)):
        entry = r.mapping(item, h_path, ("step", "date"), ("note",))
        if entry is None:
            continue
        h_step = r.choice(entry["step"], (*h_path, "step"), v.STEPS, "step")
        h_date = r.date(entry["date"], (*h_path, "date"))
        note = r.text(entry.get("note", ""), (*h_path, "note"), empty=True)
        if h_step is not None and h_date is not None and note is not None:
            history.append(HistoryEntry(h_step, h_date, note))
    plan = _read_plan(r, top["plan"], ("plan",), ids) if "plan" in top else None
    mou = _read_mou(r, top["mou"], ("mou",), ids) if "mou" in top else None
    monitoring = [
        record
        for m_path, item in r.items(top.get("monitoring", []), ("monitoring",))
        if (record := _read_monitoring(r, item, m_path, ids)) is not None
    ]
    evaluations = []
    for e_path, item in r.items(top.get("evaluations", []), ("evaluations",)):
        entry = r.mapping(item, e_path, ("date", "period", "outcome"), ("findings",))
        if entry is None:
            continue
        e_date = r.date(entry["date"], (*e_path, "date"))
        e_period = r.text(entry["period"], (*e_path, "period"))
        outcome = r.choice(entry["outcome"], (*e_path, "outcome"), ("continue", "revise_mou", "end"), "outcome")
        findings = r.texts(entry.get("findings", []), (*e_path, "findings"))
        if e_date is not None and e_period is not None and outcome is not None:
            evaluations.append(EvaluationRecord(e_date, e_period, outcome, findings))
    if r.problems:
        raise LifecycleError(r.problems, source.file)
    assert partnership_id is not None and step is not None and title is not None
    return Partnership(
        id=partnership_id,
        parties=parties,
        step=step,
        title=title,
        pattern=pattern,
        relationship=relationship,
        history=tuple(history),
        plan=plan,
        mou=mou,
        monitoring=tuple(monitoring),
        evaluations=tuple(evaluations),
    )


def _first_id(parties: object) -> str:
    if isinstance(parties, list) and parties and isinstance(parties[0], Mapping):
        return str(parties[0].get("id", ""))
    return ""


def _scenario_checked(data: Mapping[str, Any], source: SourceMap) -> Scenario:
    from ..scenario import build_scenario  # the scenario validator, reporting positions in this file

    return build_scenario(data, source, None)


def partnership_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> Partnership:
    """Build and validate a :class:`Partnership` from plain data; :class:`LifecycleError` lists every problem."""
    return _build(data, SourceMap(source))


def load_partnership(path: str | Path, *, text: str | None = None) -> Partnership:
    """Load a partnership record from a YAML or JSON file; problems name ``file:line:column`` and the field."""
    document = load_document(path, text=text, error=LifecycleError)
    return _build(document.data, document.source)


def dump_partnership(partnership: Partnership, fmt: str = "yaml") -> str:
    """The record as YAML or JSON text (keys in a fixed order, so the same record always gives the same text)."""
    data = partnership.to_dict()
    if fmt == "json":
        return json_text(data, indent=2) + "\n"  # characters YAML refuses are escaped: load_partnership reads it back
    if fmt != "yaml":
        raise ValueError(f"unknown format {fmt!r} (use 'yaml' or 'json')")
    return yaml_text(data)  # the record's own key order; line-break characters escaped, so it reads back equal


# --------------------------------------------------------------------------------------------------------------------
# Requirement checks: the closed set the step data chooses from
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class _Context:
    partnership: Partnership
    assess: PreconditionAssessor | None

    @functools.cached_property
    def preconditions(self) -> Mapping[str, str]:
        scenario = self.partnership.scenario()
        if scenario is None:
            return {}
        assess = self.assess or _engine_assessor()
        return dict(assess(scenario))


def _engine_assessor() -> PreconditionAssessor:
    from ..engine import builtin_engine

    engine = builtin_engine()

    def assess(scenario: Scenario) -> Mapping[str, str]:
        return {a.id: a.status for a in engine.evaluate(scenario).preconditions}

    return assess


def _roles_cover(roles: Mapping[str, Sequence[str]], parties: Sequence[str]) -> bool:
    return len(parties) >= 2 and all(roles.get(party) for party in parties)


def _latest_evaluation_covers(p: Partnership) -> bool:
    if not p.evaluations:
        return False
    if not p.monitoring:
        return True
    return p.evaluations[-1].period == p.monitoring[-1].period


def _check(kind: str, params: Mapping[str, Any], ctx: _Context) -> bool:
    p = ctx.partnership
    if kind == "step_done":
        return any(entry.step == params["step"] for entry in p.history) or (STEPS.index(p.step) > STEPS.index(params["step"]))
    if kind == "pattern_chosen":
        return p.pattern is not None
    if kind == "plan_roles_for_all_parties":
        return p.plan is not None and _roles_cover(p.plan.roles, p.party_ids)
    if kind == "plan_has_activities":
        return p.plan is not None and len(p.plan.activities) >= max(1, int(params.get("min", 1)))
    if kind == "mou_drafted":
        return p.mou is not None
    if kind == "mou_roles_for_all_parties":
        return p.mou is not None and _roles_cover(p.mou.roles, p.mou.parties or p.party_ids)
    if kind == "mou_period_set":
        return p.mou is not None and p.mou.start is not None and p.mou.end is not None
    if kind == "mou_signed_by_all":
        return p.mou is not None and p.mou.signed_by_all
    if kind == "preconditions_met":
        blocked = set(params["block_on"])
        return not any(status in blocked for status in ctx.preconditions.values())
    if kind == "monitoring_recorded":
        return len(p.monitoring) >= max(1, int(params.get("min", 1)))
    if kind == "evaluation_done":
        return _latest_evaluation_covers(p)
    if kind == "evaluation_not_end":
        return bool(p.evaluations) and p.evaluations[-1].outcome != "end"
    raise AssertionError(f"unknown requirement check {kind!r}")  # pragma: no cover - the loader refuses it


# --------------------------------------------------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class StepCheck:
    """Whether a partnership may enter ``step``; ``missing`` lists the requirements that do not hold.

    ``preconditions`` gives the engine's status of each precondition when a requirement needed it.
    """

    step: str
    missing: tuple[Requirement, ...]
    satisfied: tuple[Requirement, ...]
    preconditions: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def allowed(self) -> bool:
        return not self.missing

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        return {
            "step": self.step,
            "allowed": self.allowed,
            "missing": [{"id": r.id, "check": r.check, "text": r.text.get(lang)} for r in self.missing],
            "preconditions": dict(self.preconditions),
        }


def _step_check(step: str, ctx: _Context, rules: LifecycleRules) -> StepCheck:
    missing: list[Requirement] = []
    satisfied: list[Requirement] = []
    used_preconditions = False
    for requirement in rules.steps[step].requires:
        if requirement.check == "preconditions_met":
            used_preconditions = True
        (satisfied if _check(requirement.check, requirement.params, ctx) else missing).append(requirement)
    return StepCheck(step, tuple(missing), tuple(satisfied), ctx.preconditions if used_preconditions else {})


def _step_id(step: str) -> str:
    if step not in STEPS:
        raise LifecycleError([Problem.make("unknown_choice", "step", value=step, allowed=STEPS, what=Text("langkah", "step"))])
    return step


def check_step(
    partnership: Partnership,
    step: str,
    *,
    assess: PreconditionAssessor | None = None,
    rules: LifecycleRules | None = None,
) -> StepCheck:
    """Check the entry requirements of ``step`` (from ``rulesets/lifecycle/steps.yaml``) for ``partnership``.

    ``assess`` gives the preconditions' statuses for a scenario; by default the engine evaluates the partnership's
    scenario (when the record has a relationship; without one no precondition is known to be unmet).
    """
    rules = rules or load_lifecycle_rules()
    return _step_check(_step_id(step), _Context(partnership, assess), rules)


def _require_iso_date(date: object) -> None:
    """Raise :class:`LifecycleError` unless ``date`` is an ISO date string (``YYYY-MM-DD``)."""
    try:
        _dt.date.fromisoformat(date)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise LifecycleError([Problem.make("not_iso_date", "date", value=date, got=repr(date))]) from None


def advance(
    partnership: Partnership,
    step: str,
    *,
    date: str,
    note: str = "",
    assess: PreconditionAssessor | None = None,
    rules: LifecycleRules | None = None,
) -> Partnership:
    """Move the partnership to ``step`` on ``date`` and record it in the history.

    Raises :class:`LifecycleError` naming every missing requirement (problem ``rule`` = requirement id), so the
    record never reaches a step whose entry conditions do not hold.
    """
    _require_iso_date(date)
    result = check_step(partnership, step, assess=assess, rules=rules)
    if result.missing:
        problems = [Problem.make("cannot_enter", "step", value=step, rule=r.id, reason=Text(r.text.id, r.text.en)) for r in result.missing]
        raise LifecycleError(problems, partnership.id)
    return attrs.evolve(partnership, step=step, history=(*partnership.history, HistoryEntry(step, date, note)))


@attrs.frozen
class NextAction:
    """Something to do now: the step it belongs to, an id, the text in the chosen language.

    ``kind`` is ``action`` (work of the current step) or ``requirement`` (missing before the next step).
    """

    step: str
    id: str
    text: str
    kind: str = "action"

    def to_dict(self) -> dict[str, str]:
        return {"step": self.step, "id": self.id, "text": self.text, "kind": self.kind}


def next_step(partnership: Partnership) -> str:
    """The step after the current one; after ``perencanaan_selanjutnya`` the cycle returns to ``penyusunan_rencana``."""
    return v.following_step(partnership.step)


def next_actions(
    partnership: Partnership,
    lang: str = "id",
    *,
    assess: PreconditionAssessor | None = None,
    rules: LifecycleRules | None = None,
) -> tuple[NextAction, ...]:
    """What to do now: the current step's open actions, then what is missing before the next step."""
    rules = rules or load_lifecycle_rules()
    ctx = _Context(partnership, assess)
    actions = [
        NextAction(partnership.step, action.id, action.text.get(lang))
        for action in rules.steps[partnership.step].actions
        if action.unless is None or not _check(action.unless, _default_params(action.unless), ctx)
    ]
    following = next_step(partnership)
    if following != "penyusunan_rencana" or partnership.step == "penjajagan":
        for requirement in _step_check(following, ctx, rules).missing:
            actions.append(NextAction(following, requirement.id, requirement.text.get(lang), "requirement"))
    return tuple(actions)


def _default_params(check: str) -> Mapping[str, Any]:
    return {"min": 1, "block_on": ("unmet",)} if check in ("plan_has_activities", "monitoring_recorded", "preconditions_met") else {}


# --------------------------------------------------------------------------------------------------------------------
# Evaluation (langkah 9-11)
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class EvaluationFinding:
    """What an evaluation rule found: the rule, severity, concept, parties and periods concerned, and texts."""

    rule: str
    severity: str
    concept: str | None
    parties: tuple[str, ...]
    periods: tuple[str, ...]
    text: Text
    change: Text
    source: str
    #: The measurements behind the finding (periods, percentages, parties), in both languages.
    detail: Text = attrs.field(factory=lambda: Text("", ""))

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "concept": self.concept,
            "parties": list(self.parties),
            "periods": list(self.periods),
            "text": self.text.get(lang),
            "change": self.change.get(lang),
            "source": self.source,
            "detail": self.detail.get(lang),
        }


@attrs.frozen
class Evaluation:
    """The findings of an evaluation and the outcome: ``continue``, ``revise_mou`` (with the changes) or ``end``."""

    period: str
    findings: tuple[EvaluationFinding, ...]
    outcome: str
    outcome_text: Text

    @property
    def changes(self) -> tuple[Text, ...]:
        """What to change in a revised MoU, one entry per finding."""
        return tuple(finding.change for finding in self.findings)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The concepts (drawbacks, principles) the findings warn about, without repeats, in order."""
        seen: list[str] = []
        for finding in self.findings:
            if finding.concept and finding.concept not in seen:
                seen.append(finding.concept)
        return tuple(seen)

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        return {
            "period": self.period,
            "outcome": self.outcome,
            "outcome_text": self.outcome_text.get(lang),
            "findings": [finding.to_dict(lang) for finding in self.findings],
        }


def _ratio(part: int, whole: int) -> float | None:
    return None if whole == 0 else part / whole


def _hits(rule: EvaluationRule, p: Partnership) -> tuple[list[str], list[str], Text]:
    """Run one evaluation check: the periods and parties where it fires, and a short detail."""
    params = rule.params
    periods: list[str] = []
    parties: list[str] = []
    details: list[Text] = []
    plan = p.plan or Plan()
    for record in p.monitoring:
        fired = False
        if rule.check == "activity_completion":
            planned = record.activities_planned or tuple(a.id for a in plan.activities)
            ratio = _ratio(len(set(record.activities_done) & set(planned)), len(planned))
            if ratio is not None and ratio < params["below"]:
                fired = True
                details.append(
                    Text(f"{record.period}: {ratio:.0%} kegiatan terencana terlaksana", f"{record.period}: {ratio:.0%} of planned activities done")
                )
        elif rule.check == "goal_attainment":
            ratio = _ratio(len(set(record.goals_reached) & set(plan.goals)), len(plan.goals))
            if ratio is not None and ratio < params["below"]:
                fired = True
                details.append(Text(f"{record.period}: {ratio:.0%} tujuan tercapai", f"{record.period}: {ratio:.0%} of goals reached"))
        elif rule.check == "party_gain":
            for c in record.contributions:
                if c.gain in params["levels"]:
                    fired = True
                    parties.append(c.party)
                    gain = {lang: wording.value_label("level", c.gain, lang) for lang in wording.LANGS}
                    name = p.party_name(c.party)
                    details.append(Text(f"{record.period}: manfaat bagi {name} {gain['id']}", f"{record.period}: {name} gained {gain['en']}"))
        elif rule.check == "commitment_kept":
            for c in record.contributions:
                ratio = _ratio(len(set(c.delivered) & set(c.promised)), len(c.promised))
                if ratio is not None and ratio < params["below"]:
                    fired = True
                    parties.append(c.party)
                    details.append(
                        Text(
                            f"{record.period}: {p.party_name(c.party)} menepati {ratio:.0%} komitmennya",
                            f"{record.period}: {p.party_name(c.party)} delivered {ratio:.0%} of its commitments",
                        )
                    )
        elif rule.check == "decision_dominance":
            total = sum(record.decisions.values())
            alone = {k: n for k, n in record.decisions.items() if k != JOINT}
            if total >= max(1, params["min_decisions"]) and alone:
                party, count = max(sorted(alone.items()), key=lambda kv: kv[1])
                if count / total > params["above"]:
                    fired = True
                    parties.append(party)
                    details.append(
                        Text(
                            f"{record.period}: {p.party_name(party)} mengambil {count} dari {total} keputusan sendiri",
                            f"{record.period}: {p.party_name(party)} took {count} of {total} decisions alone",
                        )
                    )
        elif rule.check == "problems_without_cause":
            without = sum(1 for problem in record.problems if not problem.cause.strip())
            if without >= max(1, params["at_least"]):
                fired = True
                details.append(
                    Text(f"{record.period}: {without} masalah belum dicari penyebabnya", f"{record.period}: {without} problem(s) without a cause")
                )
        if fired:
            periods.append(record.period)
    if rule.check == "share_growth":
        shares: dict[str, list[tuple[str, float]]] = {}
        for record in p.monitoring:
            for c in record.contributions:
                if c.share is not None:
                    shares.setdefault(c.party, []).append((record.period, c.share))
        for party in sorted(shares):
            series = shares[party]
            rise = series[-1][1] - series[0][1] if len(series) >= 2 else 0.0
            if (rise > 0 and rise >= params["rise"] - 1e-9) or (rise > 0 and series[-1][1] >= params["reach"]):
                parties.append(party)
                periods.extend(period for period, _ in series if period not in periods)
                details.append(
                    Text(
                        f"{p.party_name(party)}: porsi {series[0][1]:.0%} -> {series[-1][1]:.0%}",
                        f"{p.party_name(party)}: share {series[0][1]:.0%} -> {series[-1][1]:.0%}",
                    )
                )
    return periods, sorted(set(parties)), Text("; ".join(d.id for d in details), "; ".join(d.en for d in details))


def evaluate_monitoring(partnership: Partnership, *, rules: LifecycleRules | None = None) -> Evaluation:
    """Turn the monitoring records into findings and a recommendation, by the rules of ``evaluation.yaml``."""
    rules = rules or load_lifecycle_rules()
    if not partnership.monitoring:
        raise LifecycleError([Problem.make("no_monitoring", "monitoring")], partnership.id)
    findings: list[EvaluationFinding] = []
    for rule in rules.evaluation:
        periods, parties, detail = _hits(rule, partnership)
        if not periods and not parties:
            continue
        severity = rule.severity
        every = len(partnership.monitoring) >= 2 and len(set(periods)) == len(partnership.monitoring)
        if rule.persistent_severity is not None and every:
            severity = rule.persistent_severity
        findings.append(
            EvaluationFinding(
                rule.id,
                severity,
                rule.concept,
                tuple(parties),
                tuple(periods),
                rule.finding,
                rule.change,
                rule.source,
                detail,
            )
        )
    outcome = rules.recommendation[-1]
    for entry in rules.recommendation:
        if entry.severities is None or sum(1 for f in findings if f.severity in entry.severities) >= entry.at_least:
            outcome = entry
            break
    return Evaluation(partnership.monitoring[-1].period, tuple(findings), outcome.outcome, outcome.text)


def record_evaluation(partnership: Partnership, evaluation: Evaluation, *, date: str) -> Partnership:
    """Keep an evaluation in the record (this is what the ``evaluation_done`` requirement looks for)."""
    _require_iso_date(date)
    entry = EvaluationRecord(date, evaluation.period, evaluation.outcome, tuple(f.rule for f in evaluation.findings))
    return attrs.evolve(partnership, evaluations=(*partnership.evaluations, entry))

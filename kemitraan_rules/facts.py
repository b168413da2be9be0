"""Facts: the vocabulary rule conditions speak, and the extraction of those facts from a scenario.

A scenario is flattened into one small fact per known field: ``seeker.scale = kecil``, ``relation.trust = rendah``,
``larger.provides = [bimbingan_teknis, pemasaran_hasil]``.  Rules test these facts; rules may also derive new
facts (``derived.<name>``) that other rules test (forward chaining).  A field whose value is unknown produces no
fact, so a condition on it simply does not hold; ``missing`` asks for exactly that.

Why one fact per field: durable-rules refuses an assert when one fact satisfies more than 64 distinct conditions
(error 303).  With a fact per field, a fact can only satisfy the conditions written on that one field, which keeps
every fact far from the bound whatever the size of the rulesets (the compiler also checks it, per field).

Views of the two parties
    ``seeker`` and ``candidate`` are the parties as the scenario names them.  ``smaller`` and ``larger`` are the same
    two parties ordered by strength, because the paper's patterns are defined by who is small and who is large
    (UU 9/1995: a small business with a medium or large one), whichever of them sought the partnership.  The
    smaller is the one of lower business scale; on equal or unknown scale, the one with less capital, people,
    technology and management; on a tie, the seeker.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from . import vocabulary as v
from .scenario import JOINT, Party, Scenario

__all__ = [
    "FIELDS",
    "PARTY_VIEWS",
    "FieldSpec",
    "extract_facts",
    "party_views",
]


PARTY_VIEWS: tuple[str, ...] = ("seeker", "candidate", "smaller", "larger")
ROLE_VALUES: tuple[str, ...] = ("smaller", "larger", JOINT)
_LEVEL_FIELDS = ("capital", "people", "facilities", "technology", "management", "market_access")
_STRENGTH_FIELDS = ("capital", "people", "technology", "management")


@attrs.frozen
class FieldSpec:
    """A fact field rules can test: its type (``enum``, ``bool``, ``int``, ``number``, ``list``) and valid values."""

    name: str
    type: str
    values: tuple[str, ...] = ()
    description: str = ""
    derived: bool = False
    #: A derived fact's declared description in each language (the rule file's ``description``), for reports.
    labels: Mapping[str, str] = attrs.field(factory=dict, eq=False)


def _party_fields(view: str, description: str) -> list[FieldSpec]:
    fields = [
        FieldSpec(f"{view}.kind", "enum", v.PARTY_KINDS, f"kind of the {description}"),
        FieldSpec(f"{view}.category", "enum", tuple(sorted(set(v.PARTY_KIND_CATEGORY.values()))), f"broad category of the {description}'s kind"),
        FieldSpec(f"{view}.scale", "enum", v.SCALES, f"business scale of the {description}"),
        FieldSpec(f"{view}.in_provincial_capital", "bool", (), f"whether the {description} sits in a provincial capital"),
        FieldSpec(f"{view}.has_csr_funds", "bool", (), f"whether the {description} has CSR funds"),
        FieldSpec(f"{view}.offers", "list", v.PROVISIONS, f"what the {description} can offer"),
        FieldSpec(f"{view}.needs", "list", v.PROVISIONS, f"what the {description} needs"),
        FieldSpec(f"{view}.provides", "list", v.PROVISIONS, f"what the {description} would provide in this relationship"),
        FieldSpec(f"{view}.receives", "list", v.PROVISIONS, f"what the {description} would receive from the other party"),
        FieldSpec(f"{view}.members", "int", (), f"number of units in the {description} (above 1: a cluster)"),
        FieldSpec(f"{view}.share", "number", (), f"share (0-1) of the {description}'s output or revenue through the other party"),
        FieldSpec(f"{view}.gain", "enum", v.LEVELS, f"level of what the {description} gains"),
        FieldSpec(f"{view}.needs_met", "bool", (), f"whether the other party provides or offers something the {description} needs"),
    ]
    fields += [FieldSpec(f"{view}.{name}", "enum", v.LEVELS, f"{name.replace('_', ' ')} of the {description}") for name in _LEVEL_FIELDS]
    return fields


_BASE_FIELDS: list[FieldSpec] = [
    *_party_fields("seeker", "party that seeks the partnership"),
    *_party_fields("candidate", "candidate partner"),
    *_party_fields("smaller", "weaker (smaller) party"),
    *_party_fields("larger", "stronger (larger) party"),
    FieldSpec("scenario.party_count", "int", (), "number of parties in the scenario"),
    FieldSpec("scenario.unknown", "list", (), "names of the fields whose value is unknown (tested by 'missing')"),
    FieldSpec("relation.has_candidate", "bool", (), "whether a candidate partner other than the seeker is named"),
    FieldSpec("relation.agreement", "enum", v.AGREEMENT_STATUSES, "agreement status"),
    FieldSpec("relation.trust", "enum", v.LEVELS, "mutual trust"),
    FieldSpec("relation.commitment", "enum", v.LEVELS, "commitment to what is agreed"),
    FieldSpec("relation.two_way_communication", "bool", (), "whether communication runs both ways"),
    FieldSpec("relation.exclusivity", "bool", (), "whether the weaker party is bound exclusively"),
    FieldSpec("relation.shared_vision", "bool", (), "shared vision and mission (given, or from overlapping themes)"),
    FieldSpec("relation.vision_overlap", "int", (), "number of vision themes the two parties share"),
    FieldSpec("relation.roles_agreed", "bool", (), "whether the parties agreed who does what"),
    FieldSpec("relation.strict_standards", "bool", (), "whether strict product standards are imposed"),
    FieldSpec("relation.decisions_by", "enum", ROLE_VALUES, "who decides technical problems: smaller, larger or bersama"),
    FieldSpec("relation.rules_set_by", "enum", ROLE_VALUES, "who sets the rules: smaller, larger or bersama"),
    FieldSpec("relation.responsible_units", "int", (), "people or units responsible for the relationship"),
    FieldSpec("relation.step", "enum", v.STEPS, "the step the partnership has reached"),
    FieldSpec("relation.step_number", "int", (), "number (1-11) of the step reached"),
    FieldSpec("relation.scale_gap", "int", (), "business-scale ranks between larger and smaller (mikro 0 ... besar 3)"),
    FieldSpec("relation.capacity_gap", "int", (), "sum over capital, people, technology, management of level differences"),
    FieldSpec("relation.mutual_need", "bool", (), "each party provides or offers something the other needs"),
    FieldSpec("relation.both_provide", "bool", (), "each party provides something in the relationship"),
    FieldSpec("relation.alternatives", "int", (), "other parties in the scenario that offer what the larger party provides"),
    FieldSpec("relation.programmes_connected", "int", (), "number of the seeker's programmes this relationship connects"),
]

#: The fields rules may test, by name (derived facts are declared by rulesets and added by the rule loader).
FIELDS: Mapping[str, FieldSpec] = {field.name: field for field in _BASE_FIELDS}

_SCALE_RANK = {scale: rank for rank, scale in enumerate(v.SCALES)}
_LEVEL_RANK = {level: rank for rank, level in enumerate(v.LEVELS)}


def _strength(party: Party) -> int:
    return sum(_LEVEL_RANK[value] for value in (getattr(party, name) for name in _STRENGTH_FIELDS) if value is not None)


def party_views(scenario: Scenario) -> dict[str, Party]:
    """The parties behind each view (``seeker``, ``candidate``, ``smaller``, ``larger``) of this scenario."""
    seeker = scenario.seeker
    candidate = scenario.candidate
    views = {"seeker": seeker}
    if candidate is None:
        views["smaller"] = seeker
        return views
    views["candidate"] = candidate
    smaller, larger = seeker, candidate
    if seeker.scale is not None and candidate.scale is not None and seeker.scale != candidate.scale:
        if _SCALE_RANK[seeker.scale] > _SCALE_RANK[candidate.scale]:
            smaller, larger = candidate, seeker
    elif _strength(seeker) > _strength(candidate):
        smaller, larger = candidate, seeker
    views["smaller"] = smaller
    views["larger"] = larger
    return views


def _list(values: tuple[str, ...] | list[str]) -> list[str]:
    return sorted(values)


def _party_facts(view: str, party: Party, scenario: Scenario, other: Party | None) -> Iterator[tuple[str, Any]]:
    rel = scenario.relationship
    yield f"{view}.kind", party.kind
    yield f"{view}.category", party.category
    for name in ("scale", "in_provincial_capital", "has_csr_funds", *_LEVEL_FIELDS):
        value = getattr(party, name)
        if value is not None:
            yield f"{view}.{name}", value
    yield f"{view}.offers", _list(party.offers)
    yield f"{view}.needs", _list(party.needs)
    yield f"{view}.members", party.members
    if other is None:
        return
    provides = rel.provides.get(party.id, ())
    receives = rel.provides.get(other.id, ())
    yield f"{view}.provides", _list(provides)
    yield f"{view}.receives", _list(receives)
    if party.id in rel.shares:
        yield f"{view}.share", rel.shares[party.id]
    if party.id in rel.gains:
        yield f"{view}.gain", rel.gains[party.id]
    if party.needs:
        yield f"{view}.needs_met", bool(set(party.needs) & (set(receives) | set(other.offers)))


def extract_facts(scenario: Scenario) -> dict[str, Any]:
    """The facts of a scenario as ``{field: value}``; unknown values are absent and listed in ``scenario.unknown``.

    Deterministic and independent of the order of the scenario's lists.
    """
    facts = _known_facts(scenario)
    facts["scenario.unknown"] = _list([name for name in FIELDS if name not in facts and name != "scenario.unknown"])
    return facts


def _known_facts(scenario: Scenario) -> dict[str, Any]:
    rel = scenario.relationship
    views = party_views(scenario)
    facts: dict[str, Any] = {"scenario.party_count": len(scenario.parties)}
    seeker, candidate = views["seeker"], views.get("candidate")
    others = {"seeker": candidate, "candidate": seeker}
    if candidate is not None:
        others["smaller"], others["larger"] = views["larger"], views["smaller"]
    for view in PARTY_VIEWS:
        if view in views:
            facts.update(_party_facts(view, views[view], scenario, others.get(view)))
    facts["relation.has_candidate"] = candidate is not None
    for name in (
        "agreement",
        "trust",
        "commitment",
        "two_way_communication",
        "exclusivity",
        "roles_agreed",
        "strict_standards",
        "responsible_units",
        "step",
    ):
        value = getattr(rel, name)
        if value is not None:
            facts[f"relation.{name}"] = value
    if rel.step is not None:
        facts["relation.step_number"] = v.STEPS.index(rel.step) + 1
    facts["relation.programmes_connected"] = len(rel.programmes)
    if candidate is None:
        if rel.shared_vision is not None:
            facts["relation.shared_vision"] = rel.shared_vision
        return facts
    smaller, larger = views["smaller"], views["larger"]
    role_of = {smaller.id: "smaller", larger.id: "larger", JOINT: JOINT}
    for name in ("decisions_by", "rules_set_by"):
        value = getattr(rel, name)
        if value is not None and value in role_of:
            facts[f"relation.{name}"] = role_of[value]
    overlap = set(seeker.vision) & set(candidate.vision)
    if seeker.vision and candidate.vision:
        facts["relation.vision_overlap"] = len(overlap)
    if rel.shared_vision is not None:
        facts["relation.shared_vision"] = rel.shared_vision
    elif seeker.vision and candidate.vision:
        facts["relation.shared_vision"] = bool(overlap)
    if smaller.scale is not None and larger.scale is not None:
        facts["relation.scale_gap"] = _SCALE_RANK[larger.scale] - _SCALE_RANK[smaller.scale]
    known = [name for name in _STRENGTH_FIELDS if getattr(smaller, name) is not None and getattr(larger, name) is not None]
    if known:
        facts["relation.capacity_gap"] = sum(_LEVEL_RANK[getattr(larger, n)] - _LEVEL_RANK[getattr(smaller, n)] for n in known)
    seeker_gets = set(rel.provides.get(candidate.id, ())) | set(candidate.offers)
    candidate_gets = set(rel.provides.get(seeker.id, ())) | set(seeker.offers)
    if seeker.needs and candidate.needs:
        facts["relation.mutual_need"] = bool(set(seeker.needs) & seeker_gets) and bool(set(candidate.needs) & candidate_gets)
    elif (seeker.needs and not set(seeker.needs) & seeker_gets) or (candidate.needs and not set(candidate.needs) & candidate_gets):
        facts["relation.mutual_need"] = False
    facts["relation.both_provide"] = bool(rel.provides.get(seeker.id)) and bool(rel.provides.get(candidate.id))
    larger_provides = set(rel.provides.get(larger.id, ()))
    if larger_provides:
        facts["relation.alternatives"] = sum(
            1 for party in scenario.parties if party.id not in (seeker.id, candidate.id) and larger_provides & set(party.offers)
        )
    return facts

"""The consortium model: a partnership of more than two members, each with its roles, and the links between them.

A consortium file is a scenario file with ``members`` and ``links`` instead of one ``relationship``::

    parties: [...]                      # as in any scenario
    members:                            # every party, with the roles it plays
      - {party: lkp_mandiri, roles: [penyelenggara]}
      - {party: pemkab_sleman, roles: [pembina]}
    links:                              # pairwise relationships, each with the fields of a scenario's relationship
      - {seeker: lkp_mandiri, candidate: hotel_griya, provides: {...}, agreement: mou_ditandatangani, ...}
    partnership:                        # evidence about the partnership as a whole (optional, each field unknown
      shared_vision: true               #   when absent)
      agreement: mou_ditandatangani
      coordination_forum: true
      programmes_synchronised: true

It is checked with the same field tables and the same problem-collecting validation kit (``Validator``)
as a two-party scenario (one :class:`~kemitraan_rules.errors.ScenarioError` lists every problem with its file, line
and field), and its lists are sorted, so the order of members and links never changes a result.  Each link becomes a
two-party :class:`~kemitraan_rules.scenario.Scenario` (:meth:`Consortium.link_scenario`) that the engine evaluates as
it evaluates any scenario.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .. import vocabulary as v
from .._validate import Field, Validator, object_schema
from .._yaml import FieldPath, SourceMap, load_document
from ..errors import ScenarioError
from ..scenario import (
    RELATIONSHIP_FIELDS,
    Party,
    Relationship,
    Scenario,
    build_scenario,
    header,
    is_consortium,
    parse_parties,
    parse_relationship,
    party_by_id,
    scenario_from_dict,
    sorted_parties,
)

__all__ = [
    "MEMBER_FIELDS",
    "PARTNERSHIP_FIELDS",
    "Consortium",
    "Member",
    "WholePartnership",
    "consortium_from_dict",
    "consortium_schema_parts",
    "load_consortium",
    "load_scenario_or_consortium",
    "scenario_or_consortium_from_dict",
]

#: The fewest members a consortium has: two parties are one relationship (a scenario's ``relationship``).
MIN_MEMBERS = 3

MEMBER_FIELDS: tuple[Field, ...] = (
    Field("party", "ref", required=True, description="Id of the party (one of the scenario's parties)."),
    Field(
        "roles",
        "enum_list",
        required=True,
        values=v.MEMBER_ROLES,
        aliases=v.MEMBER_ROLE_ALIASES,
        description="The roles the member plays in the partnership (at least one).",
    ),
)

PARTNERSHIP_FIELDS: tuple[Field, ...] = (
    Field("shared_vision", "bool", description="Whether all members share one vision and mission for the partnership."),
    Field(
        "agreement",
        "enum",
        values=v.AGREEMENT_STATUSES,
        aliases=v.AGREEMENT_ALIASES,
        description="Status of the agreement that covers all members (not the pairwise ones).",
    ),
    Field("coordination_forum", "bool", description="Whether one forum or regular meeting coordinates all members."),
    Field("programmes_synchronised", "bool", description="Whether all members' programmes are integrated in one joint programme plan."),
)

_KEYS = ("id", "title", "description", "parties", "members", "links", "partnership")


def _sorted_tuple(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(values))


@attrs.frozen
class Member:
    """A party taking part in the consortium, with the roles it plays (ids of :data:`~kemitraan_rules.vocabulary.MEMBER_ROLES`)."""

    party: str
    roles: tuple[str, ...] = attrs.field(converter=_sorted_tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"party": self.party, "roles": list(self.roles)}


@attrs.frozen
class WholePartnership:
    """Evidence about the partnership as a whole; ``None``: unknown."""

    shared_vision: bool | None = None
    agreement: str | None = None
    coordination_forum: bool | None = None
    programmes_synchronised: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {name: value for name, value in attrs.asdict(self).items() if value is not None}


def _sorted_members(members: Sequence[Member]) -> tuple[Member, ...]:
    return tuple(sorted(members, key=lambda m: m.party))


def _sorted_links(links: Sequence[Relationship]) -> tuple[Relationship, ...]:
    return tuple(sorted(links, key=lambda link: (link.seeker, link.candidate or "")))


@attrs.frozen
class Consortium:
    """A partnership of more than two members: the parties, their roles, the pairwise links and the whole's evidence."""

    id: str
    parties: tuple[Party, ...] = attrs.field(converter=sorted_parties)
    members: tuple[Member, ...] = attrs.field(converter=_sorted_members)
    links: tuple[Relationship, ...] = attrs.field(converter=_sorted_links)
    partnership: WholePartnership = WholePartnership()
    title: str = ""
    description: str = ""

    def party(self, party_id: str) -> Party:
        """The party with this id (``KeyError`` naming the known ids if there is none)."""
        return party_by_id(self.parties, party_id, f"consortium {self.id!r}")

    def member(self, party_id: str) -> Member:
        for member in self.members:
            if member.party == party_id:
                return member
        raise KeyError(f"no member {party_id!r} in consortium {self.id!r}")

    @staticmethod
    def link_id(link: Relationship) -> str:
        """The id of a link: ``seeker--candidate``."""
        return f"{link.seeker}--{link.candidate}"

    def link_scenario(self, link: Relationship) -> Scenario:
        """The two-party scenario of one link: its two parties and the link as the relationship."""
        assert link.candidate is not None
        parties = (self.party(link.seeker), self.party(link.candidate))
        title = f"{self.title or self.id}: {parties[0].name} - {parties[1].name}"
        return Scenario(id=f"{self.id}.{link.seeker}.{link.candidate}", parties=parties, relationship=link, title=title)

    def to_dict(self) -> dict[str, Any]:
        """A canonical JSON-ready mapping; ``consortium_from_dict(c.to_dict()) == c``."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "parties": [party.to_dict() for party in self.parties],
            "members": [member.to_dict() for member in self.members],
            "links": [link.to_dict() for link in self.links],
        }
        whole = self.partnership.to_dict()
        if whole:
            data["partnership"] = whole
        return data


def _build(data: object, source: SourceMap, default_id: str | None) -> Consortium:
    check = Validator(source)
    top = check.mapping(data, (), ("members", "links"), _KEYS)
    if top is None:
        raise ScenarioError(check.problems, source.file)
    consortium_id = header(check, top, default_id)
    parties, party_ids = parse_parties(check, top.get("parties"))

    members: list[Member] = []
    seen: dict[str, FieldPath] = {}
    for path, raw in check.items(top["members"], ("members",)):
        mapping = check.mapping(raw, path, (), [f.name for f in MEMBER_FIELDS])
        if mapping is None:
            continue
        values = check.record(MEMBER_FIELDS, mapping, path, party_ids)
        party = mapping.get("party")
        if isinstance(party, str) and party in seen:
            check.add((*path, "party"), "member_twice", party)
            continue
        if isinstance(party, str):
            seen[party] = path  # listed, even when its roles have a problem of their own
        if "roles" in values and not values["roles"] and mapping.get("roles") == []:
            check.add((*path, "roles"), "member_without_role", [], v.MEMBER_ROLES)
            continue
        if "party" in values and "roles" in values:
            members.append(Member(values["party"], values["roles"]))
    for party_id in party_ids:
        if party_id not in seen and isinstance(top["members"], list):
            check.add(("members",), "party_not_member", party_id, v.MEMBER_ROLES)
    if isinstance(top["members"], list) and len(top["members"]) < MIN_MEMBERS:
        check.add(
            ("members",),
            "too_few_members",
            len(top["members"]),
            minimum=MIN_MEMBERS,
            count=len(top["members"]),
        )

    links: list[Relationship] = []
    pairs: dict[frozenset[str], FieldPath] = {}
    raw_links = top["links"]
    if isinstance(raw_links, list) and not raw_links:
        check.add(("links",), "links_empty", raw_links)
    for path, raw in check.items(raw_links, ("links",)):
        link = parse_relationship(check, raw, path, party_ids)
        if link is None:
            continue
        if link.candidate is None:
            check.add(path, "link_without_candidate")
            continue
        pair = frozenset((link.seeker, link.candidate))
        if pair in pairs:
            check.add(path, "already_linked", sorted(pair), seeker=link.seeker, candidate=link.candidate)
            continue
        pairs[pair] = path
        links.append(link)

    whole = WholePartnership()
    if "partnership" in top:
        mapping = check.mapping(top["partnership"], ("partnership",), (), [f.name for f in PARTNERSHIP_FIELDS])
        if mapping is not None:
            whole = WholePartnership(**check.record(PARTNERSHIP_FIELDS, mapping, ("partnership",), party_ids))
    if check.problems:
        raise ScenarioError(check.problems, source.file)
    assert consortium_id is not None
    return Consortium(
        id=consortium_id,
        parties=tuple(parties),
        members=tuple(members),
        links=tuple(links),
        partnership=whole,
        title=str(top.get("title", "")),
        description=str(top.get("description", "")),
    )


def consortium_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> Consortium:
    """Build and validate a consortium from a plain mapping; raises :class:`ScenarioError` listing every problem."""
    return _build(data, SourceMap(source), None)


def load_consortium(path: str | Path, *, text: str | None = None) -> Consortium:
    """Load a consortium from a YAML or JSON file (or ``text`` named ``path``); problems name file, line and field."""
    document = load_document(path, text=text, error=ScenarioError)
    return _build(document.data, document.source, Path(str(path)).stem)


def load_scenario_or_consortium(path: str | Path, *, text: str | None = None) -> Scenario | Consortium:
    """A scenario file as what it describes: a :class:`Consortium` when it has ``members`` and ``links``, else a
    two-party :class:`~kemitraan_rules.scenario.Scenario` (what ``kemitraan evaluate`` reads)."""
    document = load_document(path, text=text, error=ScenarioError)
    build = _build if is_consortium(document.data) else build_scenario
    return build(document.data, document.source, Path(str(path)).stem)


def scenario_or_consortium_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> Scenario | Consortium:
    """:func:`load_scenario_or_consortium` for a plain mapping."""
    return consortium_from_dict(data, source=source) if is_consortium(data) else scenario_from_dict(data, source=source)


def consortium_schema_parts() -> dict[str, Any]:
    """The JSON Schema of the consortium's own fields (``members``, ``links``, ``partnership``), for the scenario schema."""
    link = object_schema(RELATIONSHIP_FIELDS)
    link["required"] = sorted({*link["required"], "candidate"})
    return {
        "members": {"type": "array", "minItems": MIN_MEMBERS, "items": object_schema(MEMBER_FIELDS)},
        "links": {"type": "array", "minItems": 1, "items": link},
        "partnership": object_schema(PARTNERSHIP_FIELDS),
    }

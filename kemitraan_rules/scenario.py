"""The scenario model: the parties and the relationship under consideration.

A :class:`Scenario` is what the engine evaluates.  It is built from a YAML or JSON file (:func:`load_scenario`) or
a plain mapping (:func:`scenario_from_dict`); both validate every field and raise one :class:`ScenarioError`
listing every problem with its path (``parties[1].scale``), the bad value and the allowed values.  Nothing is
evaluated from an invalid scenario.

The records are frozen and canonical: lists that are sets in meaning (offers, needs, parties) are sorted and
de-duplicated-by-error, so two scenarios that differ only in the order of their lists are equal and evaluate the
same.  English words are accepted for enumerated values (``scale: small``) and stored as the Indonesian id
(``kecil``); see :mod:`kemitraan_rules.vocabulary`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import vocabulary as v
from ._validate import A_STRING, ID_PATTERN, JOINT, Field, ValidatedObjects, Validator, document_schema, object_schema
from ._yaml import FieldPath, SourceMap, load_document
from .errors import ScenarioError, shown
from .vocabulary import Text

__all__ = [
    "JOINT",
    "Party",
    "Relationship",
    "Scenario",
    "load_scenario",
    "scenario_from_dict",
    "scenario_json_schema",
]

#: Value of ``decisions_by`` / ``rules_set_by`` meaning "decided by both parties together".
_LEVEL_FIELDS = ("capital", "people", "facilities", "technology", "management", "market_access")


def _sorted_tuple(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted(values))


def _sorted_mapping_of_tuples(values: Mapping[str, Sequence[str]]) -> Mapping[str, tuple[str, ...]]:
    return {key: tuple(sorted(values[key])) for key in sorted(values)}


def _sorted_mapping(values: Mapping[str, Any]) -> Mapping[str, Any]:
    return {key: values[key] for key in sorted(values)}


@attrs.frozen
class Party:
    """One party: an institution, a firm, an office, a person.

    Levels (``capital`` ... ``market_access``) are ``rendah``, ``sedang`` or ``tinggi``; ``None`` means unknown and
    no rule that needs the value will fire.  ``members`` above 1 marks a group of small units (a cluster).
    """

    id: str
    kind: str
    name: str = ""
    scale: str | None = None
    in_provincial_capital: bool | None = None
    capital: str | None = None
    people: str | None = None
    facilities: str | None = None
    technology: str | None = None
    management: str | None = None
    market_access: str | None = None
    has_csr_funds: bool | None = None
    offers: tuple[str, ...] = attrs.field(default=(), converter=_sorted_tuple)
    needs: tuple[str, ...] = attrs.field(default=(), converter=_sorted_tuple)
    vision: tuple[str, ...] = attrs.field(default=(), converter=_sorted_tuple)
    programmes: tuple[str, ...] = attrs.field(default=(), converter=_sorted_tuple)
    members: int = 1
    #: The list fields (``offers``, ``needs``) given as an empty list: "none" (a firm that needs nothing), as
    #: opposed to a list not given at all, which is unknown.
    stated_none: tuple[str, ...] = attrs.field(default=(), converter=_sorted_tuple)

    def known_list(self, name: str) -> tuple[str, ...] | None:
        """``offers`` or ``needs`` when known (possibly empty: none), ``None`` when unknown."""
        values: tuple[str, ...] = getattr(self, name)
        return values if values or name in self.stated_none else None

    @property
    def display_name(self) -> str:
        """What a reader calls the party: its ``name``, or its id when it has none (texts and HTML name parties by
        this; JSON keeps the id, which is data)."""
        return self.name or self.id

    @property
    def category(self) -> str:
        """The broad category of the party's kind (``usaha``, ``pemerintah``, ``pendidikan_nonformal`` ...)."""
        return v.PARTY_KIND_CATEGORY[self.kind]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping that :func:`scenario_from_dict` reads back into an equal party."""
        data = _record_to_dict(self)
        data.pop("stated_none", None)
        data.update({name: [] for name in self.stated_none})
        return data


@attrs.frozen
class Relationship:
    """The relationship under consideration between a ``seeker`` and a ``candidate`` partner.

    ``provides`` maps a party id to what that party would provide; ``shares`` maps a party id to the share (0-1) of
    its output or revenue that would go through the other party; ``gains`` maps a party id to the level of what it
    gains.  ``decisions_by`` and ``rules_set_by`` name the party that decides technical problems and sets the rules,
    or ``bersama`` when both do.

    The fields from ``partner_equity`` on describe the forms the current law (UU 20/2008, PP 7/2021) tells apart:
    ownership or control of one party by the other, a new joint entity and its shares, a profit-sharing ratio, a
    joint operation without an entity, whether the work is the core activity of the party it is done for, recurring
    supply, and distribution rights (see ``docs/law.md``).  Unknown (``None`` or empty) by default.
    """

    seeker: str
    candidate: str | None = None
    provides: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_sorted_mapping_of_tuples)
    agreement: str | None = None
    trust: str | None = None
    two_way_communication: bool | None = None
    commitment: str | None = None
    exclusivity: bool | None = None
    bound: str | None = None
    shares: Mapping[str, float] = attrs.field(factory=dict, converter=_sorted_mapping)
    gains: Mapping[str, str] = attrs.field(factory=dict, converter=_sorted_mapping)
    shared_vision: bool | None = None
    roles_agreed: bool | None = None
    strict_standards: bool | None = None
    decisions_by: str | None = None
    rules_set_by: str | None = None
    responsible_units: int | None = None
    programmes: tuple[str, ...] = attrs.field(default=(), converter=_sorted_tuple)
    step: str | None = None
    partner_equity: Mapping[str, float] = attrs.field(factory=dict, converter=_sorted_mapping)
    management_control_by: str | None = None
    joint_entity: bool | None = None
    entity_shares: Mapping[str, float] = attrs.field(factory=dict, converter=_sorted_mapping)
    profit_shares: Mapping[str, float] = attrs.field(factory=dict, converter=_sorted_mapping)
    joint_operation: bool | None = None
    core_activity: bool | None = None
    supply: str | None = None
    distribution_rights: bool | None = None
    #: Evidence for the grounds of trust (honesty, wisdom) and for the key to carrying the partnership out
    #: (coordinating, integrating and synchronising programmes); unknown by default.
    open_information: bool | None = None
    considered_decisions: bool | None = None
    coordination_forum: bool | None = None
    programmes_synchronised: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping that :func:`scenario_from_dict` reads back into an equal relationship."""
        return _record_to_dict(self)


def sorted_parties(parties: Sequence[Party]) -> tuple[Party, ...]:
    """Parties in id order (scenarios and consortia store them so, whatever the file's order)."""
    return tuple(sorted(parties, key=lambda party: party.id))


def party_by_id(parties: Sequence[Party], party_id: str, where: str) -> Party:
    """The party of ``parties`` with this id; ``KeyError`` naming ``where`` and the known ids if there is none."""
    for party in parties:
        if party.id == party_id:
            return party
    raise KeyError(f"no party {party_id!r} in {where} (parties: {', '.join(p.id for p in parties)})")


@attrs.frozen
class Scenario:
    """Two or more parties and the relationship under consideration; the input of :meth:`Engine.evaluate`."""

    id: str
    parties: tuple[Party, ...] = attrs.field(converter=sorted_parties)
    relationship: Relationship
    title: str = ""
    description: str = ""

    def party(self, party_id: str) -> Party:
        """The party with this id (``KeyError`` naming the known ids if there is none)."""
        return party_by_id(self.parties, party_id, f"scenario {self.id!r}")

    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(party.id for party in self.parties)

    def party_name(self, party_id: str) -> str:
        """The :attr:`Party.display_name` of the party with this id (the id itself for an id not in the scenario)."""
        return next((party.display_name for party in self.parties if party.id == party_id), party_id)

    @property
    def seeker(self) -> Party:
        return self.party(self.relationship.seeker)

    @property
    def candidate(self) -> Party | None:
        candidate = self.relationship.candidate
        return None if candidate is None else self.party(candidate)

    def to_dict(self) -> dict[str, Any]:
        """A canonical JSON-ready mapping; ``scenario_from_dict(s.to_dict()) == s``."""
        return {
            "id": self.id,
            "title": self.title,
            "description": self.description,
            "parties": [party.to_dict() for party in self.parties],
            "relationship": self.relationship.to_dict(),
        }


def _record_to_dict(record: Any) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if value is None or value == () or value == {}:
            continue
        if isinstance(value, tuple):
            value = list(value)
        elif isinstance(value, Mapping):
            value = {k: list(x) if isinstance(x, tuple) else x for k, x in value.items()}
        result[field.name] = value
    return result


# --------------------------------------------------------------------------------------------------------------------
# Validation: a small declarative table of fields, used both to check input and to write the JSON Schema.
# --------------------------------------------------------------------------------------------------------------------


PARTY_FIELDS: tuple[Field, ...] = (
    Field("id", "id", required=True, description="Unique id of the party within the scenario."),
    Field("name", "text", description="Display name."),
    Field("kind", "enum", required=True, values=v.PARTY_KINDS, aliases=v.PARTY_KIND_ALIASES, description="Kind of party."),
    Field("scale", "enum", values=v.SCALES, aliases=v.SCALE_ALIASES, description="Business scale (UU 9/1995)."),
    Field("in_provincial_capital", "bool", description="Whether the party sits in a provincial capital (PP 26/1997 art. 7)."),
    *(Field(name, "enum", values=v.LEVELS, aliases=v.LEVEL_ALIASES, description=f"Level of {name.replace('_', ' ')}.") for name in _LEVEL_FIELDS),
    Field("has_csr_funds", "bool", description="Whether the party has CSR (corporate social responsibility) funds."),
    Field(
        "offers",
        "enum_list",
        values=v.PROVISIONS,
        aliases=v.PROVISION_ALIASES,
        description="What the party can offer ([]: nothing; absent: unknown).",
    ),
    Field("needs", "enum_list", values=v.PROVISIONS, aliases=v.PROVISION_ALIASES, description="What the party needs ([]: nothing; absent: unknown)."),
    Field("vision", "text_list", description="Themes of the party's vision and mission (free words)."),
    Field("programmes", "text_list", description="The institution's programmes (course programmes of an LKP)."),
    Field("members", "int", minimum=1, description="Number of units in the party (above 1: a group acting as a cluster)."),
)

#: The keys a party mapping may hold.
_PARTY_KEYS = tuple(field.name for field in PARTY_FIELDS)
#: The list fields whose empty list means "none" rather than unknown (:attr:`Party.stated_none`).
_STATED_NONE_FIELDS = ("offers", "needs")

RELATIONSHIP_FIELDS: tuple[Field, ...] = (
    Field("seeker", "ref", required=True, description="Id of the party that seeks the partnership."),
    Field("candidate", "ref", description="Id of the candidate partner (absent: none identified yet)."),
    Field(
        "provides",
        "party_map",
        item=Field("provides", "enum_list", values=v.PROVISIONS, aliases=v.PROVISION_ALIASES),
        description="For each party id, what it would provide in the relationship.",
    ),
    Field("agreement", "enum", values=v.AGREEMENT_STATUSES, aliases=v.AGREEMENT_ALIASES, description="Agreement status."),
    Field("trust", "enum", values=v.LEVELS, aliases=v.LEVEL_ALIASES, description="Mutual trust."),
    Field("two_way_communication", "bool", description="Whether communication runs both ways."),
    Field("commitment", "enum", values=v.LEVELS, aliases=v.LEVEL_ALIASES, description="Commitment to what is agreed."),
    Field("exclusivity", "bool", description="Whether the weaker party is bound exclusively to the other."),
    Field(
        "bound",
        "ref_or_joint",
        description="Party bound exclusively to the other (cannot work with others), or 'bersama' when both are; gives exclusivity its direction.",
    ),
    Field(
        "shares",
        "party_map",
        item=Field("shares", "share"),
        description="For each party id, the share (0-1) of its output or revenue that goes through the other party.",
    ),
    Field(
        "gains",
        "party_map",
        item=Field("gains", "enum", values=v.LEVELS, aliases=v.LEVEL_ALIASES),
        description="For each party id, the level of what it gains from the relationship.",
    ),
    Field("shared_vision", "bool", description="Whether the parties share vision and mission (overrides the themes)."),
    Field("roles_agreed", "bool", description="Whether the parties agreed who does what."),
    Field("strict_standards", "bool", description="Whether the stronger party imposes strict product standards."),
    Field("decisions_by", "ref_or_joint", description="Party that decides technical problems, or 'bersama'."),
    Field("rules_set_by", "ref_or_joint", description="Party that sets the rules of the relationship, or 'bersama'."),
    Field("responsible_units", "int", minimum=1, description="Number of people or units responsible for the relationship."),
    Field("programmes", "text_list", description="The seeker's programmes this partnership connects to the partner."),
    Field("step", "enum", values=v.STEPS, description="The step the partnership has reached."),
    Field(
        "partner_equity",
        "party_map",
        item=Field("partner_equity", "share"),
        description="For each party id, the share (0-1) of the other party's shares, capital or assets it holds (UU 20/2008 art. 35).",
    ),
    Field("management_control_by", "ref", description="Id of the party that controls the other party's management decisions (UU 20/2008 art. 35)."),
    Field("joint_entity", "bool", description="Whether the parties set up a new business entity together (joint venture)."),
    Field(
        "entity_shares",
        "party_map",
        item=Field("entity_shares", "share"),
        description="For each party id, its shareholding (0-1) in the new joint entity; together at most 1.",
    ),
    Field(
        "profit_shares",
        "party_map",
        item=Field("profit_shares", "share"),
        description="For each party id, its agreed share (0-1) of the revenue or profit of the joint business; together at most 1.",
    ),
    Field("joint_operation", "bool", description="Whether the parties run one joint activity or programme without a new entity."),
    Field("core_activity", "bool", description="Whether the work done in the relationship is part of the core activity of the party it is done for."),
    Field(
        "supply",
        "enum",
        values=v.SUPPLY_KINDS,
        aliases=v.SUPPLY_ALIASES,
        description="Whether the weaker party's supply recurs as a tier of a supply chain (berkelanjutan) or is a one-off (sekali).",
    ),
    Field(
        "distribution_rights", "bool", description="Whether the weaker party holds the right to distribute or market the other's goods and services."
    ),
    Field(
        "open_information",
        "bool",
        description="Whether the parties share information openly and truthfully (plans, costs, results, problems): evidence of honesty.",
    ),
    Field(
        "considered_decisions",
        "bool",
        description="Whether decisions are weighed with care for every party's interests and circumstances: evidence of wisdom (kebijakan).",
    ),
    Field("coordination_forum", "bool", description="Whether the parties coordinate through a regular forum or meeting with a named coordinator."),
    Field(
        "programmes_synchronised",
        "bool",
        description="Whether the parties' programmes are integrated and scheduled together in one joint programme plan.",
    ),
)

_SCENARIO_KEYS = ("id", "title", "description", "parties", "relationship")


def build_scenario(data: object, source: SourceMap, default_id: str | None) -> Scenario:
    """A scenario from a loaded document (``default_id`` when it has no ``id``); :class:`ScenarioError` lists every problem."""
    check = Validator(source)
    if is_consortium(data):
        check.add((), "consortium_file")
        raise ScenarioError(check.problems, source.file)
    top = check.mapping(data, (), (), _SCENARIO_KEYS)
    if top is None:
        raise ScenarioError(check.problems, source.file)
    scenario_id = header(check, top, default_id)
    parties, party_ids = parse_parties(check, top.get("parties"))
    relationship: Relationship | None = None
    raw_relationship = top.get("relationship")
    if raw_relationship is None:
        check.add((), "missing_field", field="'relationship'")
    else:
        relationship = parse_relationship(check, raw_relationship, ("relationship",), party_ids)
    if check.problems:
        raise ScenarioError(check.problems, source.file)
    assert relationship is not None and isinstance(scenario_id, str)
    scenario = Scenario(
        id=scenario_id,
        parties=tuple(parties),
        relationship=relationship,
        title=str(top.get("title", "")),
        description=str(top.get("description", "")),
    )
    _VALIDATED.add(scenario)
    for party in scenario.parties:  # each one checked clean, so a scenario assembled from them need not check it again
        _VALIDATED_PARTIES.add(party)
    return scenario


def is_consortium(data: object) -> bool:
    """Whether a scenario document describes a consortium (``members`` and ``links``) rather than one relationship."""
    return isinstance(data, Mapping) and ("members" in data or "links" in data)


def header(check: Validator, top: Mapping[str, Any], default_id: str | None) -> str | None:
    """The document's ``id`` (or ``default_id``), with ``title`` and ``description`` checked to be strings."""
    scenario_id = top.get("id", default_id)
    if scenario_id is None:
        check.add((), "missing_field", field="'id'")
    elif not isinstance(scenario_id, str) or not ID_PATTERN.fullmatch(scenario_id):
        check.add(("id",), "bad_id", scenario_id)
    for key in ("title", "description"):
        if key in top and not isinstance(top[key], str):
            check.add((key,), "wrong_type", top[key], expected=A_STRING, got=shown(top[key]))
    return scenario_id if isinstance(scenario_id, str) else None


def parse_parties(check: Validator, raw_parties: object) -> tuple[list[Party], list[str]]:
    """The ``parties`` list checked (unique ids, each party by :func:`parse_party`), with every party id found (for
    references)."""
    parties: list[Party] = []
    party_ids: list[str] = []
    if not isinstance(raw_parties, list) or not raw_parties:
        check.add(
            ("parties",),
            "wrong_type",
            raw_parties,
            expected=Text("daftar pihak yang tidak kosong", "a non-empty list of parties"),
            got=shown(raw_parties),
        )
        raw_parties = []
    assert isinstance(raw_parties, list)
    # First pass: ids, so that references can be checked whatever the order.
    for index, raw in enumerate(raw_parties):
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
            if raw["id"] in party_ids:
                check.add(("parties", index, "id"), "duplicate_party", raw["id"])
            party_ids.append(raw["id"])
    for index, raw in enumerate(raw_parties):
        party = parse_party(check, raw, ("parties", index), party_ids)
        if party is not None:
            parties.append(party)
    return parties, party_ids


def parse_party(check: Validator, raw: object, path: FieldPath, party_ids: Sequence[str]) -> Party | None:
    """One party mapping at ``path`` checked by :data:`PARTY_FIELDS` and read the one way a party is read.

    Scenario and consortium files, a screening profile's institution and the parties of candidate files all go
    through here, so that the same party means the same to the engine wherever it is written: a list given empty
    (``offers: []``, ``needs: []``) is recorded in :attr:`Party.stated_none` ("none", where a list not given is
    unknown), and a party without ``name`` is named by its id.  Every problem is added to ``check``.

    The party is returned whenever its ``id`` and ``kind`` are valid, even when another field has a problem (that
    field left out), so that a scenario can go on checking what refers to it; ``None`` for a non-mapping or a party
    without a valid id or kind.  A caller that needs the party checked clean (to register it with
    :func:`register_validated_party`) must see that the call added no problem to ``check``.
    """
    values = _party_values(check, raw, path, party_ids)
    return None if values is None else Party(**values)


def _party_values(check: Validator, raw: object, path: FieldPath, party_ids: Sequence[str]) -> dict[str, Any] | None:
    """The fields of the party :func:`parse_party` reads (``None`` when it reads none), for a check that needs no
    party built (:func:`_party_is_valid`, on the engine's path)."""
    mapping = check.mapping(raw, path, (), _PARTY_KEYS)
    if mapping is None:
        return None
    values = check.record(PARTY_FIELDS, mapping, path, party_ids)
    if "id" not in values or "kind" not in values:
        return None
    values["stated_none"] = tuple(name for name in _STATED_NONE_FIELDS if mapping.get(name) == [])
    values.setdefault("name", values["id"])
    return values


#: The scenarios this module built and validated, by identity (not kept alive by it).
_VALIDATED: ValidatedObjects[Scenario] = ValidatedObjects()


#: The parties known to be valid, by identity: those of validated scenarios, and those the lifecycle wing or
#: :func:`validate_assembled` checked on their own (not kept alive by it).
_VALIDATED_PARTIES: ValidatedObjects[Party] = ValidatedObjects()


def register_validated_party(party: Party) -> None:
    """Record that ``party`` was built by :func:`parse_party` from a mapping in which it found no problem.

    For the modules that validate a party on its own (a screening profile's institution, a candidate); a scenario
    assembled from registered parties checks only its relationship (:func:`validate_assembled`).
    """
    _VALIDATED_PARTIES.add(party)


def is_validated(scenario: Scenario) -> bool:
    """Whether ``scenario`` is an object :func:`scenario_from_dict` or :func:`load_scenario` built (and so validated).

    The engine validates any other :class:`Scenario` (one built directly with attrs, which checks nothing) before
    evaluating it; a validated one is frozen, so checking it again would only cost time (about a third of an
    evaluation).  Identity, not equality: an equal scenario built with attrs is checked like any other.
    """
    return scenario in _VALIDATED


def validate_assembled(scenario: Scenario) -> bool:
    """Check a scenario built directly with attrs part by part, skipping the parties already known to be valid.

    True when the scenario is valid: then it is registered like one :func:`scenario_from_dict` built, and its
    parties too.  Screening evaluates the same institution with each of hundreds of candidates; checking the
    institution again every time, through the scenario's canonical mapping, was about a sixth of the cost of an
    evaluation.  Each step accepts exactly what :func:`build_scenario` accepts on the scenario's canonical mapping
    (the id and texts, each party's fields, unique party ids, the relationship against those ids); on any problem,
    or anything unexpected, it returns false without registering anything, and the caller checks the whole
    scenario the usual way, which raises the same :class:`ScenarioError` as before, with every problem and path.
    """
    fresh: list[Party] = []
    try:
        if not isinstance(scenario.id, str) or not ID_PATTERN.fullmatch(scenario.id):
            return False
        if not isinstance(scenario.title, str) or not isinstance(scenario.description, str):
            return False
        parties = scenario.parties
        if not isinstance(parties, tuple) or not parties or not all(isinstance(party, Party) for party in parties):
            return False
        party_ids = [party.id for party in parties]
        if len(set(party_ids)) != len(party_ids):
            return False
        for index, party in enumerate(parties):
            if party not in _VALIDATED_PARTIES:
                if not _party_is_valid(party, index, party_ids):
                    return False
                fresh.append(party)
        relationship = scenario.relationship
        if not isinstance(relationship, Relationship):
            return False
        check = Validator(SourceMap(None))
        parse_relationship(check, relationship.to_dict(), ("relationship",), party_ids)
        if check.problems:
            return False
    except Exception:  # an attrs-built scenario may hold anything: the full check names the problem
        return False
    for party in fresh:
        _VALIDATED_PARTIES.add(party)
    _VALIDATED.add(scenario)
    return True


def party_input(party: Party) -> dict[str, Any]:
    """The mapping a scenario file would hold for ``party`` (built with attrs): its canonical mapping without the
    attrs default name ``""``, which a file would leave out (the validator gives a party without a name its id)."""
    data = party.to_dict()
    if data.get("name") == "":
        del data["name"]
    return data


def _party_is_valid(party: Party, index: int, party_ids: Sequence[str]) -> bool:
    """Whether :func:`parse_party` finds no problem in this party's canonical mapping (the engine's round trip),
    without building the party it would read back."""
    check = Validator(SourceMap(None))
    _party_values(check, party_input(party), ("parties", index), party_ids)
    return not check.problems


def parse_relationship(check: Validator, raw: object, path: FieldPath, party_ids: Sequence[str]) -> Relationship | None:
    """One relationship at ``path`` (a scenario's ``relationship``, a consortium's ``links[i]``), fully checked."""
    mapping = check.mapping(raw, path, (), [f.name for f in RELATIONSHIP_FIELDS])
    if mapping is None:
        return None
    values = check.record(RELATIONSHIP_FIELDS, mapping, path, party_ids)
    seeker, candidate = values.get("seeker"), values.get("candidate")
    if seeker is not None and seeker == candidate:
        check.add((*path, "candidate"), "same_party", candidate)
    involved = {seeker, candidate} - {None}
    for key in ("provides", "shares", "gains", "partner_equity", "entity_shares", "profit_shares"):
        for party_id in values.get(key, {}):
            if party_id not in involved:
                check.add(
                    (*path, key, party_id),
                    "not_involved",
                    party_id,
                    sorted(str(x) for x in involved),
                )
    _check_partnership_forms(check, values, involved, path)
    return Relationship(**values) if "seeker" in values else None


def _check_partnership_forms(check: Validator, values: Mapping[str, Any], involved: set[Any], path: FieldPath) -> None:
    """Refuse combinations of the current-law fields that contradict each other (each problem names its field)."""
    control = values.get("management_control_by")
    if control is not None and control not in involved:
        check.add((*path, "management_control_by"), "not_involved", control, sorted(str(x) for x in involved))
    if values.get("joint_entity") is False and values.get("entity_shares"):
        check.add((*path, "entity_shares"), "entity_shares_without_entity")
    if values.get("joint_entity") is True and values.get("joint_operation") is True:
        check.add((*path, "joint_operation"), "joint_operation_with_entity")
    for key in ("entity_shares", "profit_shares"):
        total = sum(values.get(key, {}).values())
        if total > 1 + 1e-9:
            check.add((*path, key), "shares_above_one", total, total=total)


def scenario_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> Scenario:
    """Build and validate a scenario from a plain mapping (as read from JSON or YAML).

    Raises :class:`ScenarioError` listing every problem; nothing is built from an invalid mapping.
    """
    return build_scenario(data, SourceMap(source), None)


def load_scenario(path: str | Path, *, text: str | None = None) -> Scenario:
    """Load a scenario from a YAML or JSON file (or ``text`` named ``path``); problems name file, line and field.

    A scenario without an ``id`` takes the file's stem (``inti_plasma.yaml`` -> ``inti_plasma``).
    """
    document = load_document(path, text=text, error=ScenarioError)
    return build_scenario(document.data, document.source, Path(str(path)).stem)


# --------------------------------------------------------------------------------------------------------------------
# JSON Schema, written from the same field table as the validator so the two cannot drift apart.
# --------------------------------------------------------------------------------------------------------------------


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of scenario files, as shipped in ``schemas/scenario.schema.json``: one
    ``relationship`` between two parties, or a consortium's ``members`` and ``links`` (:mod:`kemitraan_rules.consortium`)."""
    from .consortium.model import consortium_schema_parts  # the consortium wing builds on this module

    schema = document_schema(
        "scenario",
        "kemitraan-rules scenario",
        ("parties",),
        {
            "parties": {"type": "array", "minItems": 1, "items": object_schema(PARTY_FIELDS)},
            "relationship": object_schema(RELATIONSHIP_FIELDS),
            **consortium_schema_parts(),
        },
    )
    # Either one relationship between two parties, or a consortium: members and links (and the whole's evidence).
    schema["oneOf"] = [
        {"required": ["relationship"], "not": {"anyOf": [{"required": ["members"]}, {"required": ["links"]}, {"required": ["partnership"]}]}},
        {"required": ["members", "links"], "not": {"required": ["relationship"]}},
    ]
    return schema


def write_scenario_schema(path: str | Path, dump: Callable[[Any], str] | None = None) -> None:
    """Write :func:`scenario_json_schema` to ``path`` (used to refresh the shipped schema file)."""
    text = (dump or (lambda data: json.dumps(data, indent=2, ensure_ascii=False) + "\n"))(scenario_json_schema())
    Path(path).write_text(text, encoding="utf-8")

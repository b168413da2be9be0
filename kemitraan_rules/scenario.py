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
import re
import reprlib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import vocabulary as v
from ._yaml import FieldPath, SourceMap, load_document
from .errors import Problem, ScenarioError

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
JOINT = "bersama"
_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_LEVEL_FIELDS = ("capital", "people", "facilities", "technology", "management", "market_access")


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict = 3, 80, 80, 8, 8


def _shown(value: object) -> str:
    """``repr(value)`` bounded in depth and length: a 5,000-deep list made the message itself a RecursionError."""
    return _REPR.repr(value)


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

    @property
    def category(self) -> str:
        """The broad category of the party's kind (``usaha``, ``pemerintah``, ``pendidikan_nonformal`` ...)."""
        return v.PARTY_KIND_CATEGORY[self.kind]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping that :func:`scenario_from_dict` reads back into an equal party."""
        return _record_to_dict(self)


@attrs.frozen
class Relationship:
    """The relationship under consideration between a ``seeker`` and a ``candidate`` partner.

    ``provides`` maps a party id to what that party would provide; ``shares`` maps a party id to the share (0-1) of
    its output or revenue that would go through the other party; ``gains`` maps a party id to the level of what it
    gains.  ``decisions_by`` and ``rules_set_by`` name the party that decides technical problems and sets the rules,
    or ``bersama`` when both do.
    """

    seeker: str
    candidate: str | None = None
    provides: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_sorted_mapping_of_tuples)
    agreement: str | None = None
    trust: str | None = None
    two_way_communication: bool | None = None
    commitment: str | None = None
    exclusivity: bool | None = None
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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping that :func:`scenario_from_dict` reads back into an equal relationship."""
        return _record_to_dict(self)


def _sorted_parties(parties: Sequence[Party]) -> tuple[Party, ...]:
    return tuple(sorted(parties, key=lambda party: party.id))


@attrs.frozen
class Scenario:
    """Two or more parties and the relationship under consideration; the input of :meth:`Engine.evaluate`."""

    id: str
    parties: tuple[Party, ...] = attrs.field(converter=_sorted_parties)
    relationship: Relationship
    title: str = ""
    description: str = ""

    def party(self, party_id: str) -> Party:
        """The party with this id (``KeyError`` naming the known ids if there is none)."""
        for party in self.parties:
            if party.id == party_id:
                return party
        raise KeyError(f"no party {party_id!r} in scenario {self.id!r} (parties: {', '.join(self.party_ids)})")

    @property
    def party_ids(self) -> tuple[str, ...]:
        return tuple(party.id for party in self.parties)

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


@attrs.frozen
class _Field:
    name: str
    type: str  # "id", "text", "enum", "bool", "int", "share", "enum_list", "text_list", "party_map"
    required: bool = False
    values: tuple[str, ...] = ()
    aliases: Mapping[str, str] = attrs.field(factory=dict)
    minimum: int | None = None
    description: str = ""
    item: _Field | None = None  # for party_map: the type of each value


_PARTY_FIELDS: tuple[_Field, ...] = (
    _Field("id", "id", required=True, description="Unique id of the party within the scenario."),
    _Field("name", "text", description="Display name."),
    _Field("kind", "enum", required=True, values=v.PARTY_KINDS, aliases=v.PARTY_KIND_ALIASES, description="Kind of party."),
    _Field("scale", "enum", values=v.SCALES, aliases=v.SCALE_ALIASES, description="Business scale (UU 9/1995)."),
    _Field("in_provincial_capital", "bool", description="Whether the party sits in a provincial capital (PP 26/1997 art. 7)."),
    *(_Field(name, "enum", values=v.LEVELS, aliases=v.LEVEL_ALIASES, description=f"Level of {name.replace('_', ' ')}.") for name in _LEVEL_FIELDS),
    _Field("has_csr_funds", "bool", description="Whether the party has CSR (corporate social responsibility) funds."),
    _Field("offers", "enum_list", values=v.PROVISIONS, aliases=v.PROVISION_ALIASES, description="What the party can offer."),
    _Field("needs", "enum_list", values=v.PROVISIONS, aliases=v.PROVISION_ALIASES, description="What the party needs."),
    _Field("vision", "text_list", description="Themes of the party's vision and mission (free words)."),
    _Field("programmes", "text_list", description="The institution's programmes (course programmes of an LKP)."),
    _Field("members", "int", minimum=1, description="Number of units in the party (above 1: a group acting as a cluster)."),
)

_RELATIONSHIP_FIELDS: tuple[_Field, ...] = (
    _Field("seeker", "ref", required=True, description="Id of the party that seeks the partnership."),
    _Field("candidate", "ref", description="Id of the candidate partner (absent: none identified yet)."),
    _Field(
        "provides",
        "party_map",
        item=_Field("provides", "enum_list", values=v.PROVISIONS, aliases=v.PROVISION_ALIASES),
        description="For each party id, what it would provide in the relationship.",
    ),
    _Field("agreement", "enum", values=v.AGREEMENT_STATUSES, aliases=v.AGREEMENT_ALIASES, description="Agreement status."),
    _Field("trust", "enum", values=v.LEVELS, aliases=v.LEVEL_ALIASES, description="Mutual trust."),
    _Field("two_way_communication", "bool", description="Whether communication runs both ways."),
    _Field("commitment", "enum", values=v.LEVELS, aliases=v.LEVEL_ALIASES, description="Commitment to what is agreed."),
    _Field("exclusivity", "bool", description="Whether the weaker party is bound exclusively to the other."),
    _Field(
        "shares",
        "party_map",
        item=_Field("shares", "share"),
        description="For each party id, the share (0-1) of its output or revenue that goes through the other party.",
    ),
    _Field(
        "gains",
        "party_map",
        item=_Field("gains", "enum", values=v.LEVELS, aliases=v.LEVEL_ALIASES),
        description="For each party id, the level of what it gains from the relationship.",
    ),
    _Field("shared_vision", "bool", description="Whether the parties share vision and mission (overrides the themes)."),
    _Field("roles_agreed", "bool", description="Whether the parties agreed who does what."),
    _Field("strict_standards", "bool", description="Whether the stronger party imposes strict product standards."),
    _Field("decisions_by", "ref_or_joint", description="Party that decides technical problems, or 'bersama'."),
    _Field("rules_set_by", "ref_or_joint", description="Party that sets the rules of the relationship, or 'bersama'."),
    _Field("responsible_units", "int", minimum=1, description="Number of people or units responsible for the relationship."),
    _Field("programmes", "text_list", description="The seeker's programmes this partnership connects to the partner."),
    _Field("step", "enum", values=v.STEPS, description="The step the partnership has reached."),
)

_SCENARIO_KEYS = ("id", "title", "description", "parties", "relationship")


class _Validator:
    """Collects every problem of a scenario mapping, then builds the records only if there is none."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.problems: list[Problem] = []

    def add(self, path: FieldPath, message: str, value: object = None, allowed: Sequence[str] = ()) -> None:
        self.problems.append(self.source.problem(path, message, value=value, allowed=tuple(allowed)))

    def mapping(self, data: object, path: FieldPath, keys: Sequence[str]) -> dict[str, Any] | None:
        if not isinstance(data, Mapping):
            self.add(path, f"must be a mapping (got {type(data).__name__})", data)
            return None
        for key in data:
            if key not in keys:
                self.add((*path, key), f"unknown field {key!r}", key, keys)
        return dict(data)

    def value(self, field: _Field, raw: object, path: FieldPath, party_ids: Sequence[str]) -> object:
        kind = field.type
        if kind in ("id", "text", "ref"):
            if not isinstance(raw, str) or not raw.strip():
                self.add(path, f"must be a non-empty string (got {_shown(raw)})", raw)
                return None
            if kind == "id" and not _ID_PATTERN.fullmatch(raw):
                self.add(path, f"{_shown(raw)} is not a valid id (letters, digits, '_', '.', '-'; starting with a letter or digit)", raw)
                return None
            if kind == "ref" and raw not in party_ids:
                self.add(path, f"unknown party id {_shown(raw)}", raw, party_ids)
                return None
            return raw if kind != "text" else raw.strip()
        if kind == "ref_or_joint":
            if raw != JOINT and raw not in party_ids:
                self.add(path, f"unknown party id {_shown(raw)}", raw, (*party_ids, JOINT))
                return None
            return raw
        if kind == "enum":
            canonical = v.normalise(raw, field.values, field.aliases)
            if canonical not in field.values:
                self.add(path, f"unknown value {_shown(raw)}", raw, field.values)
                return None
            return canonical
        if kind == "bool":
            if not isinstance(raw, bool):
                self.add(path, f"must be true or false (got {_shown(raw)})", raw)
                return None
            return raw
        if kind == "int":
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.add(path, f"must be a whole number (got {_shown(raw)})", raw)
                return None
            if field.minimum is not None and raw < field.minimum:
                self.add(path, f"must be at least {field.minimum} (got {raw})", raw)
                return None
            return raw
        if kind == "share":
            if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 <= raw <= 1:
                self.add(path, f"must be a number from 0 to 1 (got {_shown(raw)})", raw)
                return None
            return float(raw)
        if kind in ("enum_list", "text_list"):
            if not isinstance(raw, list):
                self.add(path, f"must be a list (got {type(raw).__name__})", raw)
                return None
            items: list[str] = []
            for index, item in enumerate(raw):
                if kind == "enum_list":
                    canonical = v.normalise(item, field.values, field.aliases)
                    if canonical not in field.values:
                        self.add((*path, index), f"unknown value {item!r}", item, field.values)
                        continue
                elif not isinstance(item, str) or not item.strip():
                    self.add((*path, index), f"must be a non-empty string (got {item!r})", item)
                    continue
                else:
                    canonical = item.strip().lower()
                if canonical in items:
                    self.add((*path, index), f"{item!r} is listed twice", item)
                    continue
                items.append(str(canonical))
            return tuple(items)
        if kind == "party_map":
            if not isinstance(raw, Mapping):
                self.add(path, f"must be a mapping from party id to value (got {type(raw).__name__})", raw)
                return None
            assert field.item is not None
            result: dict[str, Any] = {}
            for key, item in raw.items():
                if key not in party_ids:
                    self.add((*path, key), f"unknown party id {key!r}", key, party_ids)
                    continue
                checked = self.value(field.item, item, (*path, key), party_ids)
                if checked is not None:
                    result[key] = checked
            return result
        raise AssertionError(f"unknown field type {kind}")  # pragma: no cover

    def record(self, fields: Sequence[_Field], data: Mapping[str, Any], path: FieldPath, party_ids: Sequence[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field in fields:
            if field.name not in data or data[field.name] is None:
                if field.required:
                    self.add(path, f"missing required field {field.name!r}")
                continue
            checked = self.value(field, data[field.name], (*path, field.name), party_ids)
            if checked is not None:
                values[field.name] = checked
        return values


def _build(data: object, source: SourceMap, default_id: str | None) -> Scenario:
    check = _Validator(source)
    top = check.mapping(data, (), _SCENARIO_KEYS)
    if top is None:
        raise ScenarioError(check.problems, source.file)
    scenario_id = top.get("id", default_id)
    if scenario_id is None:
        check.add((), "missing required field 'id'")
    elif not isinstance(scenario_id, str) or not _ID_PATTERN.fullmatch(scenario_id):
        check.add(("id",), f"{scenario_id!r} is not a valid id", scenario_id)
    for key in ("title", "description"):
        if key in top and not isinstance(top[key], str):
            check.add((key,), f"must be a string (got {top[key]!r})", top[key])

    raw_parties = top.get("parties")
    parties: list[Party] = []
    party_ids: list[str] = []
    if not isinstance(raw_parties, list) or not raw_parties:
        check.add(("parties",), "must be a non-empty list of parties", raw_parties)
        raw_parties = []
    # First pass: ids, so that references can be checked whatever the order.
    for index, raw in enumerate(raw_parties):
        if isinstance(raw, Mapping) and isinstance(raw.get("id"), str):
            if raw["id"] in party_ids:
                check.add(("parties", index, "id"), f"duplicate party id {raw['id']!r}", raw["id"])
            party_ids.append(raw["id"])
    for index, raw in enumerate(raw_parties):
        path: FieldPath = ("parties", index)
        mapping = check.mapping(raw, path, [f.name for f in _PARTY_FIELDS])
        if mapping is None:
            continue
        values = check.record(_PARTY_FIELDS, mapping, path, party_ids)
        if "id" in values and "kind" in values:
            values.setdefault("name", values["id"])
            parties.append(Party(**values))

    relationship: Relationship | None = None
    raw_relationship = top.get("relationship")
    if raw_relationship is None:
        check.add((), "missing required field 'relationship'")
    else:
        mapping = check.mapping(raw_relationship, ("relationship",), [f.name for f in _RELATIONSHIP_FIELDS])
        if mapping is not None:
            values = check.record(_RELATIONSHIP_FIELDS, mapping, ("relationship",), party_ids)
            seeker, candidate = values.get("seeker"), values.get("candidate")
            if seeker is not None and seeker == candidate:
                check.add(("relationship", "candidate"), "the candidate must be another party than the seeker", candidate)
            involved = {seeker, candidate} - {None}
            for key in ("provides", "shares", "gains"):
                for party_id in values.get(key, {}):
                    if party_id not in involved:
                        check.add(
                            ("relationship", key, party_id),
                            f"party {party_id!r} is neither the seeker nor the candidate",
                            party_id,
                            sorted(str(x) for x in involved),
                        )
            if "seeker" in values:
                relationship = Relationship(**values)
    if check.problems:
        raise ScenarioError(check.problems, source.file)
    assert relationship is not None and isinstance(scenario_id, str)
    return Scenario(
        id=scenario_id,
        parties=tuple(parties),
        relationship=relationship,
        title=str(top.get("title", "")),
        description=str(top.get("description", "")),
    )


def scenario_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> Scenario:
    """Build and validate a scenario from a plain mapping (as read from JSON or YAML).

    Raises :class:`ScenarioError` listing every problem; nothing is built from an invalid mapping.
    """
    return _build(data, SourceMap(source), None)


def load_scenario(path: str | Path, *, text: str | None = None) -> Scenario:
    """Load a scenario from a YAML or JSON file (or ``text`` named ``path``); problems name file, line and field.

    A scenario without an ``id`` takes the file's stem (``inti_plasma.yaml`` -> ``inti_plasma``).
    """
    document = load_document(path, text=text, error=ScenarioError)
    return _build(document.data, document.source, Path(str(path)).stem)


# --------------------------------------------------------------------------------------------------------------------
# JSON Schema, written from the same field table as the validator so the two cannot drift apart.
# --------------------------------------------------------------------------------------------------------------------


def _field_schema(field: _Field) -> dict[str, Any]:
    description = {"description": field.description} if field.description else {}
    kind = field.type
    if kind == "id":
        return {"type": "string", "pattern": _ID_PATTERN.pattern, **description}
    if kind in ("text", "ref"):
        return {"type": "string", "minLength": 1, **description}
    if kind == "ref_or_joint":
        return {"type": "string", "minLength": 1, **description}
    if kind == "enum":
        return {"type": "string", "enum": list(field.values) + sorted(field.aliases), **description}
    if kind == "bool":
        return {"type": "boolean", **description}
    if kind == "int":
        schema: dict[str, Any] = {"type": "integer", **description}
        if field.minimum is not None:
            schema["minimum"] = field.minimum
        return schema
    if kind == "share":
        return {"type": "number", "minimum": 0, "maximum": 1, **description}
    if kind == "enum_list":
        return {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "enum": list(field.values) + sorted(field.aliases)},
            **description,
        }
    if kind == "text_list":
        return {"type": "array", "uniqueItems": True, "items": {"type": "string", "minLength": 1}, **description}
    if kind == "party_map":
        assert field.item is not None
        return {"type": "object", "additionalProperties": _field_schema(field.item), **description}
    raise AssertionError(kind)  # pragma: no cover


def _object_schema(fields: Sequence[_Field]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: _field_schema(f) for f in fields},
    }


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of scenario files, as shipped in ``schemas/scenario.schema.json``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kemitraan-rules.invalid/schemas/scenario.schema.json",
        "title": "kemitraan-rules scenario",
        "type": "object",
        "additionalProperties": False,
        "required": ["parties", "relationship"],
        "properties": {
            "id": {"type": "string", "pattern": _ID_PATTERN.pattern},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "parties": {"type": "array", "minItems": 1, "items": _object_schema(_PARTY_FIELDS)},
            "relationship": _object_schema(_RELATIONSHIP_FIELDS),
        },
    }


def write_scenario_schema(path: str | Path, dump: Callable[[Any], str] | None = None) -> None:
    """Write :func:`scenario_json_schema` to ``path`` (used to refresh the shipped schema file)."""
    text = (dump or (lambda data: json.dumps(data, indent=2, ensure_ascii=False) + "\n"))(scenario_json_schema())
    Path(path).write_text(text, encoding="utf-8")

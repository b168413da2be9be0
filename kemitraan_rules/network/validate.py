"""Validation of parties and partnerships of a partner network, shared by every way of building one.

Edge by edge (``PartnerNetwork.add_partnership``), from a file (``load_network``), from JSON or GraphML and from
scenarios: all go through :func:`check_party` and :func:`check_partnership`, so a bad share or an unknown party
gets the same message whichever way it arrived.  Problems name the edge (``partnership 'p3' (lkp_a -> pt_b)``)
and the field path (``partnerships[2].share``), with ``file:line:column`` when the input came from a file.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence
from typing import Any

from .. import vocabulary as v
from .._validate import ID_PATTERN as _ID
from .._validate import ID_SCHEMA_PATTERN, TEXT_SCHEMA_PATTERN, Validator, document_schema, nullable, object_schema
from .._yaml import FieldPath, SourceMap
from ..errors import Problem
from ..scenario import PARTY_FIELDS

__all__ = ["PARTNERSHIP_KEYS", "check_partnership", "check_party", "network_json_schema"]

PARTNERSHIP_KEYS: tuple[str, ...] = (
    "id",
    "party",
    "partner",
    "pattern",
    "share",
    "provides",
    "exclusivity",
    "agreement",
    "step",
    "programmes",
)
_PARTY_KEYS = tuple(f.name for f in PARTY_FIELDS)


def check_party(raw: object, path: FieldPath, source: SourceMap, problems: list[Problem]) -> dict[str, Any] | None:
    """Validate one party mapping with the scenario model's party fields; return its canonical values or ``None``."""
    check = Validator(source)
    mapping = check.mapping(raw, path, (), _PARTY_KEYS)
    values = check.record(PARTY_FIELDS, mapping, path, ()) if mapping is not None else None
    problems.extend(check.problems)
    if check.problems or values is None:
        return None
    return values


def _label(raw: Mapping[str, Any]) -> str:
    ident = raw.get("id")
    edge = f"{raw.get('party')!s} -> {raw.get('partner')!s}"
    return f"partnership {ident!r} ({edge})" if isinstance(ident, str) else f"partnership {edge}"


def _provision_list(raw: object, path: FieldPath, add: Any) -> tuple[str, ...] | None:
    if not isinstance(raw, list):
        add(path, f"must be a list of provision ids (got {type(raw).__name__})", raw)
        return None
    items: list[str] = []
    for index, item in enumerate(raw):
        canonical = v.normalise(item, v.PROVISIONS, v.PROVISION_ALIASES)
        if canonical not in v.PROVISIONS:
            add((*path, index), f"unknown provision {item!r}", item, v.PROVISIONS)
        elif canonical not in items:
            items.append(str(canonical))
    return tuple(sorted(items))


def check_partnership(
    raw: object,
    path: FieldPath,
    source: SourceMap,
    parties: Mapping[str, Mapping[str, Any]],
    share_sums: MutableMapping[str, float],
    problems: list[Problem],
) -> dict[str, Any] | None:
    """Validate one partnership against the known ``parties``; return its canonical values or ``None``.

    ``share_sums`` holds the shares already stated for each party; it is updated when the partnership is valid, and
    a share that would take a party's total above 1 is a problem of this partnership.
    """
    if not isinstance(raw, Mapping):
        problems.append(source.problem(path, f"a partnership must be a mapping (got {type(raw).__name__})", value=raw))
        return None
    found: list[Problem] = []

    def add(where: FieldPath, message: str, value: object = None, allowed: Sequence[str] = ()) -> None:
        found.append(source.problem(where, f"{_label(raw)}: {message}", value=value, allowed=tuple(allowed)))

    for key in raw:
        if key not in PARTNERSHIP_KEYS:
            add((*path, key), f"unknown field {key!r}", key, PARTNERSHIP_KEYS)
    values: dict[str, Any] = {}
    ident = raw.get("id")
    if ident is not None:
        if not isinstance(ident, str) or not _ID.fullmatch(ident):
            add((*path, "id"), f"{ident!r} is not a valid id", ident)
        else:
            values["id"] = ident
    for end in ("party", "partner"):
        ref = raw.get(end)
        if ref is None:
            add(path, f"missing required field {end!r}")
        elif not isinstance(ref, str) or ref not in parties:
            known = sorted(parties) if len(parties) <= 200 else ()
            add((*path, end), f"unknown party id {ref!r} (add the party before its partnerships)", ref, known)
        else:
            values[end] = ref
    if "party" in values and values.get("party") == values.get("partner"):
        add((*path, "partner"), f"self-loop: a party cannot be its own partner ({values['party']!r})", values["party"])
    pattern = raw.get("pattern")
    if pattern is not None:
        canonical = v.normalise(pattern, v.PATTERNS, {})
        if canonical not in v.PATTERNS:
            add((*path, "pattern"), f"unknown pattern id {pattern!r}", pattern, v.PATTERNS)
        else:
            values["pattern"] = canonical
    share = raw.get("share")
    if share is not None:
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            add((*path, "share"), f"share must be a number from 0 to 1 (got {share!r})", share)
        else:
            values["share"] = float(share)
    for key, allowed, aliases in (
        ("agreement", v.AGREEMENT_STATUSES, v.AGREEMENT_ALIASES),
        ("step", v.STEPS, {}),
    ):
        if raw.get(key) is not None:
            canonical = v.normalise(raw[key], allowed, aliases)
            if canonical not in allowed:
                add((*path, key), f"unknown {key} {raw[key]!r}", raw[key], allowed)
            else:
                values[key] = canonical
    exclusivity = raw.get("exclusivity")
    if exclusivity is not None:
        if not isinstance(exclusivity, bool):
            add((*path, "exclusivity"), f"exclusivity must be true or false (got {exclusivity!r})", exclusivity)
        else:
            values["exclusivity"] = exclusivity
    ends = [values[end] for end in ("party", "partner") if end in values]
    provides = raw.get("provides")
    if provides is not None:
        if not isinstance(provides, Mapping):
            add((*path, "provides"), "provides must map a party id of this partnership to a list of provisions", provides)
        else:
            checked: dict[str, tuple[str, ...]] = {}
            for who, items in provides.items():
                if who not in ends:
                    add((*path, "provides", who), f"{who!r} is not a party of this partnership", who, ends)
                    continue
                listed = _provision_list(items, (*path, "provides", who), add)
                if listed:
                    checked[who] = listed
            values["provides"] = dict(sorted(checked.items()))
    programmes = raw.get("programmes")
    if programmes is not None:
        if isinstance(programmes, list) and "party" in values:
            programmes = {values["party"]: programmes}
        if not isinstance(programmes, Mapping):
            add((*path, "programmes"), "programmes must be a list (the party's) or map party ids to lists", programmes)
        else:
            connected: dict[str, tuple[str, ...]] = {}
            for who, items in programmes.items():
                where = (*path, "programmes", who)
                if who not in ends:
                    add(where, f"{who!r} is not a party of this partnership", who, ends)
                    continue
                own = tuple(parties[who].get("programmes", ()))
                if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
                    add(where, "must be a list of programme names", items)
                    continue
                names = sorted({x.strip().lower() for x in items})
                unknown = [x for x in names if x not in own]
                if unknown:
                    add(where, f"{', '.join(map(repr, unknown))} not among {who!r}'s programmes", unknown[0], own)
                    continue
                connected[who] = tuple(names)
            values["programmes"] = dict(sorted(connected.items()))
    if "share" in values and "party" in values and not found:
        before = share_sums.get(values["party"], 0.0)
        total = before + values["share"]
        if total > 1 + 1e-9:
            add(
                (*path, "share"),
                f"shares of party {values['party']!r} sum to {total:.4g}, above 1 "
                f"({before:.4g} already stated on its other partnerships, {values['share']:.4g} here)",
                values["share"],
            )
    if found:
        problems.extend(found)
        return None
    if "share" in values:
        share_sums[values["party"]] = share_sums.get(values["party"], 0.0) + values["share"]
    return values


def network_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of network files, as shipped in ``schemas/network.schema.json``."""
    provisions = {"type": "array", "items": {"type": "string", "enum": list(v.PROVISIONS) + sorted(v.PROVISION_ALIASES)}}
    names = {"type": "array", "items": {"type": "string", "pattern": TEXT_SCHEMA_PATTERN}}
    optional: dict[str, dict[str, Any]] = {
        "id": {"type": "string", "pattern": ID_SCHEMA_PATTERN},
        "pattern": {"type": "string", "enum": list(v.PATTERNS)},
        "share": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "Share of the party's output or revenue through the partner; a party's shares sum to at most 1.",
        },
        "provides": {"type": "object", "additionalProperties": provisions},
        "exclusivity": {"type": "boolean"},
        "agreement": {"type": "string", "enum": list(v.AGREEMENT_STATUSES) + sorted(v.AGREEMENT_ALIASES)},
        "step": {"type": "string", "enum": list(v.STEPS)},
        "programmes": {"oneOf": [names, {"type": "object", "additionalProperties": names}]},
    }
    partnership = {
        "type": "object",
        "additionalProperties": False,
        "required": ["party", "partner"],
        "properties": {
            "party": {"type": "string", "pattern": TEXT_SCHEMA_PATTERN, "description": "The dependent party (the plasma, the agent...)."},
            "partner": {"type": "string", "pattern": TEXT_SCHEMA_PATTERN, "description": "The party it depends on (the core ...)."},
            # the reader takes an optional field that is null as absent
            **{key: nullable(schema) for key, schema in optional.items()},
        },
    }
    return document_schema(
        "network",
        "kemitraan-rules partner network",
        ("parties", "partnerships"),
        {
            "parties": {"type": "array", "items": object_schema(PARTY_FIELDS)},
            "partnerships": {"type": "array", "items": partnership},
        },
    )

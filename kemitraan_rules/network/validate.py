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
from .._validate import A_BOOL, ID_SCHEMA_PATTERN, TEXT_SCHEMA_PATTERN, Validator, document_schema, nullable, object_schema
from .._validate import ID_PATTERN as _ID
from .._yaml import FieldPath, SourceMap
from ..errors import Problem, shown, type_word, worded
from ..scenario import PARTY_FIELDS
from ..vocabulary import Text

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
_WHAT = {"agreement": Text("status kesepakatan", "agreement"), "step": Text("langkah", "step")}


def check_party(raw: object, path: FieldPath, source: SourceMap, problems: list[Problem]) -> dict[str, Any] | None:
    """Validate one party mapping with the scenario model's party fields; return its canonical values or ``None``."""
    check = Validator(source)
    mapping = check.mapping(raw, path, (), _PARTY_KEYS)
    values = check.record(PARTY_FIELDS, mapping, path, ()) if mapping is not None else None
    problems.extend(check.problems)
    if check.problems or values is None:
        return None
    return values


def _label(raw: Mapping[str, Any]) -> Text:
    """``partnership 'p3' (lkp_a -> pt_b)`` in both languages: what every problem of one partnership opens with."""
    ident = raw.get("id")
    edge = f"{raw.get('party')!s} -> {raw.get('partner')!s}"
    if isinstance(ident, str):
        return worded("partnership_label", id=repr(ident), edge=edge)
    return worded("partnership_edge", edge=edge)


def _provision_list(raw: object, path: FieldPath, add: Any) -> tuple[str, ...] | None:
    if not isinstance(raw, list):
        add(path, "wrong_type", raw, expected=Text("daftar id bentuk dukungan", "a list of provision ids"), got=type_word(raw))
        return None
    items: list[str] = []
    for index, item in enumerate(raw):
        canonical = v.normalise(item, v.PROVISIONS, v.PROVISION_ALIASES)
        if canonical not in v.PROVISIONS:
            add((*path, index), "unknown_choice", item, v.PROVISIONS, what=Text("bentuk dukungan", "provision"))
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
        problems.append(
            source.problem(
                path, "wrong_type", value=raw, expected=Text("pemetaan (satu kemitraan)", "a mapping (one partnership)"), got=type_word(raw)
            )
        )
        return None
    found: list[Problem] = []

    def add(where: FieldPath, code: str, value: object = None, allowed: Sequence[str] = (), **params: object) -> None:
        found.append(source.problem(where, code, value=value, allowed=tuple(allowed), subject=_label(raw), **params))

    for key in raw:
        if key not in PARTNERSHIP_KEYS:
            add((*path, key), "unknown_field", key, PARTNERSHIP_KEYS, field=repr(key))
    values: dict[str, Any] = {}
    ident = raw.get("id")
    if ident is not None:
        if not isinstance(ident, str) or not _ID.fullmatch(ident):
            add((*path, "id"), "bad_id", ident)
        else:
            values["id"] = ident
    for end in ("party", "partner"):
        ref = raw.get(end)
        if ref is None:
            add(path, "missing_field", field=repr(end))
        elif not isinstance(ref, str) or ref not in parties:
            known = sorted(parties) if len(parties) <= 200 else ()
            add((*path, end), "unknown_party_edge", ref, known)
        else:
            values[end] = ref
    if "party" in values and values.get("party") == values.get("partner"):
        add((*path, "partner"), "self_loop", values["party"])
    pattern = raw.get("pattern")
    if pattern is not None:
        canonical = v.normalise(pattern, v.PATTERNS, {})
        if canonical not in v.PATTERNS:
            add((*path, "pattern"), "unknown_pattern", pattern, v.PATTERNS)
        else:
            values["pattern"] = canonical
    share = raw.get("share")
    if share is not None:
        if isinstance(share, bool) or not isinstance(share, (int, float)) or not 0 <= share <= 1:
            add((*path, "share"), "share_range", share)
        else:
            values["share"] = float(share)
    for key, allowed, aliases in (
        ("agreement", v.AGREEMENT_STATUSES, v.AGREEMENT_ALIASES),
        ("step", v.STEPS, {}),
    ):
        if raw.get(key) is not None:
            canonical = v.normalise(raw[key], allowed, aliases)
            if canonical not in allowed:
                add((*path, key), "unknown_choice", raw[key], allowed, what=_WHAT[key])
            else:
                values[key] = canonical
    exclusivity = raw.get("exclusivity")
    if exclusivity is not None:
        if not isinstance(exclusivity, bool):
            add((*path, "exclusivity"), "wrong_type", exclusivity, expected=A_BOOL, got=shown(exclusivity))
        else:
            values["exclusivity"] = exclusivity
    ends = [values[end] for end in ("party", "partner") if end in values]
    provides = raw.get("provides")
    if provides is not None:
        if not isinstance(provides, Mapping):
            add((*path, "provides"), "provides_map", provides)
        else:
            checked: dict[str, tuple[str, ...]] = {}
            for who, items in provides.items():
                if who not in ends:
                    add((*path, "provides", who), "not_in_partnership", who, ends)
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
            add((*path, "programmes"), "programmes_map", programmes)
        else:
            connected: dict[str, tuple[str, ...]] = {}
            for who, items in programmes.items():
                where = (*path, "programmes", who)
                if who not in ends:
                    add(where, "not_in_partnership", who, ends)
                    continue
                own = tuple(parties[who].get("programmes", ()))
                if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
                    add(where, "wrong_type", items, expected=Text("daftar nama program", "a list of programme names"), got=shown(items))
                    continue
                names = sorted({x.strip().lower() for x in items})
                unknown = [x for x in names if x not in own]
                if unknown:
                    add(where, "unknown_programmes", unknown[0], own, names=", ".join(map(repr, unknown)), party=repr(who))
                    continue
                connected[who] = tuple(names)
            values["programmes"] = dict(sorted(connected.items()))
    if "share" in values and "party" in values and not found:
        before = share_sums.get(values["party"], 0.0)
        total = before + values["share"]
        if total > 1 + 1e-9:
            add(
                (*path, "share"),
                "share_sum",
                values["share"],
                party=repr(values["party"]),
                total=total,
                before=before,
                here=values["share"],
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

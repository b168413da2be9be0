"""Hypothesis strategies shared by the test modules: valid scenario mappings and their reorderings."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from kemitraan_rules import vocabulary as v

levels = st.sampled_from(v.LEVELS)
optional_level = st.none() | levels
provision_lists = st.lists(st.sampled_from(v.PROVISIONS), max_size=6, unique=True)
themes = st.lists(st.sampled_from(["keterampilan", "kerja", "mutu", "usaha", "pemberdayaan", "teknologi"]), max_size=3, unique=True)


@st.composite
def parties(draw: st.DrawFn, party_id: str) -> dict[str, Any]:
    """One valid party mapping with a random subset of the optional fields."""
    party: dict[str, Any] = {"id": party_id, "kind": draw(st.sampled_from(v.PARTY_KINDS))}
    optional = {
        "scale": st.sampled_from(v.SCALES),
        "in_provincial_capital": st.booleans(),
        "capital": levels,
        "people": levels,
        "facilities": levels,
        "technology": levels,
        "management": levels,
        "market_access": levels,
        "has_csr_funds": st.booleans(),
        "offers": provision_lists,
        "needs": provision_lists,
        "vision": themes,
        "members": st.integers(min_value=1, max_value=40),
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            party[name] = draw(strategy)
    return party


@st.composite
def scenarios(draw: st.DrawFn, max_parties: int = 5) -> dict[str, Any]:
    """A valid scenario mapping: 1-``max_parties`` parties, a seeker, usually a candidate, random relation fields."""
    count = draw(st.integers(min_value=1, max_value=max_parties))
    ids = [f"p{i}" for i in range(count)]
    party_list = [draw(parties(party_id)) for party_id in ids]
    seeker = ids[0]
    relationship: dict[str, Any] = {"seeker": seeker}
    if count > 1 and draw(st.booleans() | st.just(True)):
        candidate = ids[1]
        relationship["candidate"] = candidate
        involved = [seeker, candidate]
        relationship["provides"] = {p: draw(provision_lists) for p in involved if draw(st.booleans())}
        if draw(st.booleans()):
            relationship["shares"] = {seeker: draw(st.floats(min_value=0, max_value=1, allow_nan=False))}
        if draw(st.booleans()):
            relationship["gains"] = {p: draw(levels) for p in involved}
        for name in ("decisions_by", "rules_set_by"):
            if draw(st.booleans()):
                relationship[name] = draw(st.sampled_from([*involved, "bersama"]))
    optional = {
        "agreement": st.sampled_from(v.AGREEMENT_STATUSES),
        "trust": levels,
        "commitment": levels,
        "two_way_communication": st.booleans(),
        "exclusivity": st.booleans(),
        "shared_vision": st.booleans(),
        "roles_agreed": st.booleans(),
        "strict_standards": st.booleans(),
        "responsible_units": st.integers(min_value=1, max_value=30),
        "step": st.sampled_from(v.STEPS),
    }
    for name, strategy in optional.items():
        if draw(st.booleans()):
            relationship[name] = draw(strategy)
    return {"id": "generated", "parties": party_list, "relationship": relationship}


def reordered(data: dict[str, Any], permutation: st.DrawFn) -> dict[str, Any]:
    """The same scenario with its parties and every list in a different order."""
    result = dict(data)
    result["parties"] = [
        {k: (permutation(st.permutations(x)) if isinstance(x, list) else x) for k, x in party.items()}
        for party in permutation(st.permutations(data["parties"]))
    ]
    relationship = dict(data["relationship"])
    if "provides" in relationship:
        relationship["provides"] = {k: permutation(st.permutations(x)) for k, x in reversed(list(relationship["provides"].items()))}
    result["relationship"] = relationship
    return result


@st.composite
def peer_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A two-party scenario whose parties are of equal or partly unknown strength: same or unknown scales, the same
    capacity levels or none, and what each provides drawn independently (so the direction of support may tie)."""
    scale = draw(st.sampled_from(v.SCALES))
    levels_of = draw(st.fixed_dictionaries({}, optional={name: levels for name in ("capital", "people", "technology", "management")}))
    party_list = []
    for party_id in ("p0", "p1"):
        party: dict[str, Any] = {"id": party_id, "kind": draw(st.sampled_from(v.PARTY_KINDS)), **levels_of}
        if draw(st.booleans()):
            party["scale"] = scale
        for name in ("offers", "needs"):
            if draw(st.booleans()):
                party[name] = draw(provision_lists)
        if draw(st.booleans()):
            party["members"] = draw(st.integers(min_value=1, max_value=5))
        party_list.append(party)
    relationship: dict[str, Any] = {"seeker": "p0", "candidate": "p1"}
    relationship["provides"] = {p: draw(provision_lists) for p in ("p0", "p1") if draw(st.booleans())}
    for name in ("decisions_by", "rules_set_by", "bound"):
        if draw(st.booleans()):
            relationship[name] = draw(st.sampled_from(["p0", "p1", "bersama"]))
    if draw(st.booleans()):
        relationship["gains"] = {p: draw(levels) for p in ("p0", "p1")}
    for name, strategy in (("exclusivity", st.booleans()), ("two_way_communication", st.booleans()), ("commitment", levels)):
        if draw(st.booleans()):
            relationship[name] = draw(strategy)
    return {"id": "generated", "parties": party_list, "relationship": relationship}


def swapped(data: dict[str, Any]) -> dict[str, Any]:
    """The same scenario with ``seeker`` and ``candidate`` exchanged (who asked is never evidence of strength)."""
    relationship = dict(data["relationship"])
    relationship["seeker"], relationship["candidate"] = relationship["candidate"], relationship["seeker"]
    return {**data, "relationship": relationship}

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
    (UU 9/1995: a small business with a medium or large one; Kamil 2010: nurture runs from the big and strong to
    the small and weak).  Strength is decided from evidence only (:func:`assess_strength`); who sought the
    partnership is never evidence.  When the evidence says the two are comparable, or says nothing, there is no
    ``smaller`` and no ``larger`` view: rules that need a stronger and a weaker party cannot fire, and
    ``relation.strength`` says which case holds.  Rules that speak of either party without ranking them test the
    symmetric ``relation.*`` facts (``relation.provided``, ``relation.lowest_capital``, ``relation.max_scale`` ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from . import vocabulary as v
from .scenario import JOINT, Party, Scenario

__all__ = [
    "FIELDS",
    "FINANCING",
    "PARTY_VIEWS",
    "STRENGTHS",
    "STRENGTH_EVIDENCE",
    "SUPPORT_PROVISIONS",
    "FieldSpec",
    "Strength",
    "assess_strength",
    "extract_facts",
    "party_views",
]


PARTY_VIEWS: tuple[str, ...] = ("seeker", "candidate", "smaller", "larger")
#: Who decides or sets the rules: the weaker, the stronger, both together, or one party alone when neither is
#: known to be the stronger (``satu_pihak``).
ROLE_VALUES: tuple[str, ...] = ("smaller", "larger", JOINT, "satu_pihak")
_LEVEL_FIELDS = ("capital", "people", "facilities", "technology", "management", "market_access")
_STRENGTH_FIELDS = ("capital", "people", "technology", "management")
#: The capacities compared when deciding who is stronger (Kamil 2010: big in capital, people, technology; Hafsah
#: 2010: small firms are small in capital, labour and market orientation, with simple management).
_CAPACITY_FIELDS = ("capital", "people", "technology", "management", "market_access")
#: ``relation.strength``: one party is stronger (``timpang``), the parties are comparable (``sebanding``), or the
#: evidence says neither (``tidak_diketahui``: nothing is known, or the signs point both ways).
STRENGTHS: tuple[str, ...] = ("timpang", "sebanding", "tidak_diketahui")
#: The kinds of evidence of strength (``relation.strength_evidence`` lists those that point one way).
STRENGTH_EVIDENCE: tuple[str, ...] = ("skala", "kapasitas", "kelompok", "arah_dukungan")
#: What a nurturing party gives (Kamil 2010, pola klaster: resources such as funds, technology and land; materials;
#: technical and management guidance; technology): giving these to a partner that gives none back is evidence that
#: the giver is the stronger.
SUPPORT_PROVISIONS: frozenset[str] = frozenset(
    {
        "bimbingan_teknis",
        "bimbingan_manajemen",
        "pelatihan",
        "sarana_produksi",
        "teknologi",
        "dana",
        "penyertaan_modal",
        "pinjaman_lunak",
        "bahan_baku",
        "bahan_ajar",
        "lahan",
    }
)
#: ``relation.financing``: equity-like finance (equity, a convertible bond, profit sharing), a soft loan, or an
#: ordinary credit; venture capital works through the first (the paper: participation is its principle).
FINANCING: tuple[str, ...] = ("penyertaan", "pinjaman_lunak", "kredit")
_EQUITY = frozenset({"penyertaan_modal", "obligasi_konversi", "bagi_hasil"})
#: What nurture gives (guidance, training, production means, technology, funds, land, materials), finance excluded.
_NURTURE = SUPPORT_PROVISIONS - {"penyertaan_modal", "pinjaman_lunak"}
_LARGE_SCALES = ("menengah", "besar")
_GROUP_KINDS = ("kelompok_usaha",)


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
        FieldSpec(f"{view}.partner_equity", "number", (), f"share (0-1) of the other party's shares, capital or assets the {description} holds"),
        FieldSpec(f"{view}.entity_share", "number", (), f"the {description}'s shareholding (0-1) in a new joint entity"),
        FieldSpec(f"{view}.profit_share", "number", (), f"the {description}'s agreed share (0-1) of the joint revenue or profit"),
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
    FieldSpec("relation.exclusivity", "bool", (), "whether the weaker party (or, with no stronger party, a party) is bound exclusively"),
    FieldSpec("relation.bound", "enum", ROLE_VALUES, "who is bound exclusively: smaller, larger, bersama or satu_pihak"),
    FieldSpec("relation.shared_vision", "bool", (), "shared vision and mission (given, or from overlapping themes)"),
    FieldSpec("relation.vision_overlap", "int", (), "number of vision themes the two parties share"),
    FieldSpec("relation.roles_agreed", "bool", (), "whether the parties agreed who does what"),
    FieldSpec("relation.open_information", "bool", (), "whether the parties share information openly and truthfully (honesty)"),
    FieldSpec("relation.considered_decisions", "bool", (), "whether decisions weigh every party's interests with care (wisdom)"),
    FieldSpec("relation.coordination_forum", "bool", (), "whether a regular forum or meeting coordinates the parties"),
    FieldSpec("relation.programmes_synchronised", "bool", (), "whether the parties' programmes are integrated in one joint plan"),
    FieldSpec("relation.strict_standards", "bool", (), "whether strict product standards are imposed"),
    FieldSpec("relation.decisions_by", "enum", ROLE_VALUES, "who decides technical problems: smaller, larger, bersama or satu_pihak"),
    FieldSpec("relation.rules_set_by", "enum", ROLE_VALUES, "who sets the rules: smaller, larger, bersama or satu_pihak"),
    FieldSpec("relation.responsible_units", "int", (), "people or units responsible for the relationship"),
    FieldSpec("relation.step", "enum", v.STEPS, "the step the partnership has reached"),
    FieldSpec("relation.step_number", "int", (), "number (1-11) of the step reached"),
    FieldSpec("relation.scale_gap", "int", (), "business-scale ranks between larger and smaller (mikro 0 ... besar 3)"),
    FieldSpec("relation.capacity_gap", "int", (), "sum over capital, people, technology, management of level differences"),
    FieldSpec("relation.mutual_need", "bool", (), "each party provides or offers something the other needs"),
    FieldSpec("relation.both_provide", "bool", (), "each party provides something in the relationship"),
    FieldSpec("relation.alternatives", "int", (), "other parties in the scenario that offer what the larger party provides"),
    FieldSpec("relation.programmes_connected", "int", (), "number of the seeker's programmes this relationship connects"),
    FieldSpec("relation.strength", "enum", STRENGTHS, "who is stronger: timpang (one is), sebanding (comparable), tidak_diketahui"),
    FieldSpec("relation.strength_evidence", "list", STRENGTH_EVIDENCE, "the kinds of evidence that point to one party being stronger"),
    FieldSpec("relation.provided", "list", v.PROVISIONS, "everything either party would provide (whoever gives it)"),
    FieldSpec("relation.financing", "enum", FINANCING, "the closest-to-equity financing either party provides: penyertaan, pinjaman_lunak or kredit"),
    FieldSpec(
        "relation.nurture_provided",
        "bool",
        (),
        "whether either party provides guidance, training, production means, technology, funds, land or materials",
    ),
    FieldSpec("relation.max_scale", "enum", v.SCALES, "the larger business scale of the two parties (both known)"),
    FieldSpec("relation.min_scale", "enum", v.SCALES, "the smaller business scale of the two parties (both known)"),
    FieldSpec("relation.capital_gap", "int", (), "difference in capital level between the two parties (both known)"),
    FieldSpec("relation.unmet_needs", "bool", (), "whether a party's stated needs are neither provided nor offered by the other"),
    FieldSpec("relation.licensee_scale", "enum", v.SCALES, "business scale of the party that receives the other's brand licence"),
    FieldSpec("relation.licensee_in_provincial_capital", "bool", (), "whether the party receiving the brand licence sits in a provincial capital"),
    *(
        FieldSpec(
            f"relation.lowest_{name}",
            "enum",
            v.LEVELS,
            f"the lower {name.replace('_', ' ')} of the two parties (known when one is rendah or both are known)",
        )
        for name in (*_CAPACITY_FIELDS, "gain")
    ),
    FieldSpec("relation.management_control", "enum", ("smaller", "larger"), "which party controls the other's management decisions"),
    FieldSpec("relation.joint_entity", "bool", (), "whether the parties set up a new joint business entity"),
    FieldSpec("relation.profit_sharing", "bool", (), "whether both parties' shares of the joint revenue or profit are agreed"),
    FieldSpec("relation.entity_shares_agreed", "bool", (), "whether both parties' shareholdings in a new joint entity are agreed"),
    FieldSpec("relation.joint_operation", "bool", (), "whether the parties run one joint activity without a new entity"),
    FieldSpec("relation.core_activity", "bool", (), "whether the work is part of the core activity of the party it is done for"),
    FieldSpec("relation.supply", "enum", v.SUPPLY_KINDS, "whether the weaker party's supply recurs (berkelanjutan) or is a one-off (sekali)"),
    FieldSpec("relation.distribution_rights", "bool", (), "whether the weaker party holds distribution rights over the other's goods"),
]

#: The fields rules may test, by name (derived facts are declared by rulesets and added by the rule loader).
FIELDS: Mapping[str, FieldSpec] = {field.name: field for field in _BASE_FIELDS}

_SCALE_RANK = {scale: rank for rank, scale in enumerate(v.SCALES)}
_LEVEL_RANK = {level: rank for rank, level in enumerate(v.LEVELS)}


@attrs.frozen
class Strength:
    """Who is the stronger party, decided from evidence only.

    ``status`` is one of :data:`STRENGTHS`; ``stronger`` and ``weaker`` are party ids when ``status`` is
    ``timpang``; ``evidence`` lists the kinds of evidence (:data:`STRENGTH_EVIDENCE`) that point to the stronger
    party, or, for ``sebanding``, the kinds that show the parties level.
    """

    status: str
    stronger: str | None = None
    weaker: str | None = None
    evidence: tuple[str, ...] = ()


def _is_group(party: Party) -> bool:
    return party.kind in _GROUP_KINDS or party.members > 1


def _votes(a: Party, b: Party, provides: Mapping[str, tuple[str, ...]]) -> tuple[dict[str, int], list[str]]:
    """Signed evidence that ``a`` (+1) or ``b`` (-1) is the stronger, per kind; and the kinds that show them level."""
    votes: dict[str, int] = {}
    level: list[str] = []
    if a.scale is not None and b.scale is not None:
        if a.scale == b.scale:
            level.append("skala")
        else:
            votes["skala"] = 1 if _SCALE_RANK[a.scale] > _SCALE_RANK[b.scale] else -1
    elif a.scale is not None or b.scale is not None:
        # One known scale counts: a medium or large business is the stronger side of any UU 9/1995 pairing, a
        # micro or small one the weaker side.
        known, sign = (a.scale, 1) if a.scale is not None else (b.scale, -1)
        votes["skala"] = sign if known in _LARGE_SCALES else -sign
    both = [name for name in _CAPACITY_FIELDS if getattr(a, name) is not None and getattr(b, name) is not None]
    if both:
        gap = sum(_LEVEL_RANK[getattr(a, name)] - _LEVEL_RANK[getattr(b, name)] for name in both)
        if gap >= 2 or gap <= -2:
            votes["kapasitas"] = 1 if gap > 0 else -1
        elif len(both) >= 2:
            level.append("kapasitas")
    if _is_group(a) != _is_group(b):
        # A group of small units (a partner group) stands opposite a partner firm or institution (Kamil 2010).
        votes["kelompok"] = -1 if _is_group(a) else 1
    a_gives = bool(SUPPORT_PROVISIONS & set(provides.get(a.id, ())))
    b_gives = bool(SUPPORT_PROVISIONS & set(provides.get(b.id, ())))
    if a_gives != b_gives:
        votes["arah_dukungan"] = 1 if a_gives else -1
    return votes, level


#: The last scenario :func:`assess_strength` decided, with its result: one evaluation asks four times (the views of
#: the facts, the relation facts, the report and its warnings' subjects).  By identity: scenarios are frozen.
_LAST_STRENGTH: tuple[Scenario, Strength] | None = None


def assess_strength(scenario: Scenario) -> Strength:
    """Decide which of the seeker and the candidate is stronger, from evidence only (see :func:`_assess_strength`).

    The answer for the scenario asked last is kept, so the four questions of one evaluation cost one decision.
    """
    global _LAST_STRENGTH
    last = _LAST_STRENGTH  # one read: another thread may replace it meanwhile
    if last is not None and last[0] is scenario:
        return last[1]
    strength = _assess_strength(scenario)
    _LAST_STRENGTH = (scenario, strength)
    return strength


def _assess_strength(scenario: Scenario) -> Strength:
    """Decide which of the seeker and the candidate is stronger, from evidence only.

    Evidence: business scale (two known, different scales decide; a single known scale counts as one sign),
    capital/people/technology/management/market access (a net difference of two levels or more), a group of small
    units facing a single unit, and the direction of support (who gives guidance, funds, production means,
    technology, materials or land to a partner that gives none back).  Two known scales that differ decide alone;
    the same known scale with capacities within one level (at least two compared) makes the parties comparable
    whatever each gives.  Otherwise each kind is one sign and the side with more signs is the stronger.  With no
    sign, the parties are ``sebanding`` when some evidence shows them level (same scale, or capacities within one
    level), else ``tidak_diketahui``; signs that cancel out give ``tidak_diketahui`` too.  The result does not depend on which party is the seeker.
    """
    seeker, candidate = scenario.seeker, scenario.candidate
    if candidate is None or candidate.id == seeker.id:
        return Strength("tidak_diketahui")
    a, b = sorted((seeker, candidate), key=lambda party: party.id)
    votes, level = _votes(a, b, scenario.relationship.provides)
    if "skala" in level and "kapasitas" in level:
        # Same scale and level capacities, both stated: what each gives then says what the exchange is, not who
        # is stronger (Kamil 2010: nurture runs from the bigger in capital, people and technology).
        return Strength("sebanding", evidence=("kapasitas", "skala"))
    decided_by_scale = "skala" in votes and a.scale is not None and b.scale is not None
    net = votes["skala"] if decided_by_scale else sum(votes.values())
    if net == 0:
        if not votes and level:
            return Strength("sebanding", evidence=tuple(sorted(level)))
        return Strength("tidak_diketahui")
    stronger, weaker = (a, b) if net > 0 else (b, a)
    sign = 1 if net > 0 else -1
    return Strength("timpang", stronger.id, weaker.id, tuple(sorted(kind for kind, vote in votes.items() if vote == sign)))


def party_views(scenario: Scenario) -> dict[str, Party]:
    """The parties behind each view (``seeker``, ``candidate``, ``smaller``, ``larger``) of this scenario.

    ``smaller`` and ``larger`` are present only when :func:`assess_strength` finds one party stronger.
    """
    views = {"seeker": scenario.seeker}
    candidate = scenario.candidate
    if candidate is None:
        return views
    views["candidate"] = candidate
    strength = assess_strength(scenario)
    if strength.status == "timpang" and strength.stronger is not None and strength.weaker is not None:
        views["smaller"] = scenario.party(strength.weaker)
        views["larger"] = scenario.party(strength.stronger)
    return views


def _list(values: tuple[str, ...] | list[str]) -> list[str]:
    return sorted(values)


#: The fields of one party's view, by view: ``_VIEW_FIELDS["larger"]["scale"] == "larger.scale"`` (built once, so one
#: evaluation formats no field name and every report's facts share the same key strings).
_PARTY_FACT_NAMES = (
    "kind",
    "category",
    "scale",
    "in_provincial_capital",
    "has_csr_funds",
    *_LEVEL_FIELDS,
    "offers",
    "needs",
    "members",
    "provides",
    "receives",
    "share",
    "gain",
    "partner_equity",
    "entity_share",
    "profit_share",
    "needs_met",
)
_VIEW_FIELDS: dict[str, dict[str, str]] = {view: {name: f"{view}.{name}" for name in _PARTY_FACT_NAMES} for view in PARTY_VIEWS}


def _party_facts(party: Party, scenario: Scenario, other: Party | None) -> list[tuple[str, Any]]:
    """One party's facts as ``(name, value)``, the view's prefix left out (a party seen in two views is read once)."""
    rel = scenario.relationship
    facts: list[tuple[str, Any]] = [("kind", party.kind), ("category", party.category)]
    for name in ("scale", "in_provincial_capital", "has_csr_funds", *_LEVEL_FIELDS):
        value = getattr(party, name)
        if value is not None:
            facts.append((name, value))
    for name in ("offers", "needs"):
        known = party.known_list(name)
        if known is not None:
            facts.append((name, _list(known)))
    facts.append(("members", party.members))
    if other is None:
        return facts
    provides = rel.provides.get(party.id, ())
    receives = rel.provides.get(other.id, ())
    facts.append(("provides", _list(provides)))
    facts.append(("receives", _list(receives)))
    if party.id in rel.shares:
        facts.append(("share", rel.shares[party.id]))
    if party.id in rel.gains:
        facts.append(("gain", rel.gains[party.id]))
    for name, shares in (("partner_equity", rel.partner_equity), ("entity_share", rel.entity_shares), ("profit_share", rel.profit_shares)):
        if party.id in shares:
            facts.append((name, shares[party.id]))
    if party.needs:
        facts.append(("needs_met", bool(set(party.needs) & (set(receives) | set(other.offers)))))
    return facts


def extract_facts(scenario: Scenario) -> dict[str, Any]:
    """The facts of a scenario as ``{field: value}``; unknown values are absent and listed in ``scenario.unknown``.

    Deterministic and independent of the order of the scenario's lists.
    """
    facts = _known_facts(scenario)
    unknown = FIELDS.keys() - facts.keys()
    unknown.discard("scenario.unknown")
    facts["scenario.unknown"] = sorted(unknown)
    return facts


def _known_facts(scenario: Scenario) -> dict[str, Any]:
    rel = scenario.relationship
    views = party_views(scenario)
    facts: dict[str, Any] = {"scenario.party_count": len(scenario.parties)}
    seeker, candidate = views["seeker"], views.get("candidate")
    others = {"seeker": candidate, "candidate": seeker}
    if "smaller" in views:
        others["smaller"], others["larger"] = views["larger"], views["smaller"]
    read: dict[tuple[int, int], list[tuple[str, Any]]] = {}  # smaller and larger are the seeker and the candidate again
    for view in PARTY_VIEWS:
        if view in views:
            party, other = views[view], others.get(view)
            party_facts = read.get((id(party), id(other)))
            if party_facts is None:
                party_facts = read[(id(party), id(other))] = _party_facts(party, scenario, other)
            names = _VIEW_FIELDS[view]
            for name, value in party_facts:
                facts[names[name]] = value
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
        "joint_entity",
        "joint_operation",
        "core_activity",
        "supply",
        "distribution_rights",
        "open_information",
        "considered_decisions",
        "coordination_forum",
        "programmes_synchronised",
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
        for name in _CAPACITY_FIELDS:
            if getattr(seeker, name) is not None:
                facts[f"relation.lowest_{name}"] = getattr(seeker, name)
        return facts
    facts.update(_pair_facts(scenario, seeker, candidate, views))
    return facts


def _lowest(values: list[str | None]) -> str | None:
    """The lowest level among two values: known when one is ``rendah`` or both are known."""
    known = [value for value in values if value is not None]
    if "rendah" in known or (known and len(known) == len(values)):
        return min(known, key=_LEVEL_RANK.__getitem__)
    return None


def _pair_facts(scenario: Scenario, seeker: Party, candidate: Party, views: Mapping[str, Party]) -> dict[str, Any]:
    """The relation facts of a seeker-candidate pair; every one is the same whichever party is the seeker."""
    rel = scenario.relationship
    facts: dict[str, Any] = {}
    strength = assess_strength(scenario)
    facts["relation.strength"] = strength.status
    facts["relation.strength_evidence"] = _list(list(strength.evidence) if strength.status == "timpang" else [])
    pair = (seeker, candidate)
    role_of = {JOINT: JOINT}
    if "smaller" in views:
        role_of[views["smaller"].id] = "smaller"
        role_of[views["larger"].id] = "larger"
    else:
        role_of.update({seeker.id: "satu_pihak", candidate.id: "satu_pihak"})
    for name in ("decisions_by", "rules_set_by", "bound"):
        value = getattr(rel, name)
        if value is not None and value in role_of:
            facts[f"relation.{name}"] = role_of[value]
    if facts.get("relation.bound") is not None:
        # The direction decides: the weaker (or either, when unranked) bound exclusively is the paper's weak bargaining
        # position; the stronger bound to the weaker (a principal granting an exclusive agency) is not.
        facts["relation.exclusivity"] = facts["relation.bound"] != "larger"
    if len(rel.profit_shares) == 2:
        facts["relation.profit_sharing"] = True
    if len(rel.entity_shares) == 2:
        facts["relation.entity_shares_agreed"] = True
    control = role_of.get(rel.management_control_by or "")
    if control in ("smaller", "larger"):
        facts["relation.management_control"] = control
    overlap = set(seeker.vision) & set(candidate.vision)
    if seeker.vision and candidate.vision:
        facts["relation.vision_overlap"] = len(overlap)
    if rel.shared_vision is not None:
        facts["relation.shared_vision"] = rel.shared_vision
    elif seeker.vision and candidate.vision:
        facts["relation.shared_vision"] = bool(overlap)
    if seeker.scale is not None and candidate.scale is not None:
        ranks = sorted((_SCALE_RANK[seeker.scale], _SCALE_RANK[candidate.scale]))
        facts["relation.scale_gap"] = ranks[1] - ranks[0]
        facts["relation.min_scale"], facts["relation.max_scale"] = v.SCALES[ranks[0]], v.SCALES[ranks[1]]
    known = [name for name in _STRENGTH_FIELDS if getattr(seeker, name) is not None and getattr(candidate, name) is not None]
    if known:
        facts["relation.capacity_gap"] = abs(sum(_LEVEL_RANK[getattr(seeker, n)] - _LEVEL_RANK[getattr(candidate, n)] for n in known))
    if seeker.capital is not None and candidate.capital is not None:
        facts["relation.capital_gap"] = abs(_LEVEL_RANK[seeker.capital] - _LEVEL_RANK[candidate.capital])
    for name in _CAPACITY_FIELDS:
        lowest = _lowest([getattr(party, name) for party in pair])
        if lowest is not None:
            facts[f"relation.lowest_{name}"] = lowest
    lowest_gain = _lowest([rel.gains.get(party.id) for party in pair])
    if lowest_gain is not None:
        facts["relation.lowest_gain"] = lowest_gain
    seeker_gets = set(rel.provides.get(candidate.id, ())) | set(candidate.offers)
    candidate_gets = set(rel.provides.get(seeker.id, ())) | set(seeker.offers)
    if "needs" in seeker.stated_none or "needs" in candidate.stated_none:
        # A party that needs nothing from the other: the need is one-sided at best.
        facts["relation.mutual_need"] = False
    elif seeker.needs and candidate.needs:
        facts["relation.mutual_need"] = bool(set(seeker.needs) & seeker_gets) and bool(set(candidate.needs) & candidate_gets)
    elif (seeker.needs and not set(seeker.needs) & seeker_gets) or (candidate.needs and not set(candidate.needs) & candidate_gets):
        facts["relation.mutual_need"] = False
    if seeker.needs or candidate.needs:
        facts["relation.unmet_needs"] = (bool(seeker.needs) and not set(seeker.needs) & seeker_gets) or (
            bool(candidate.needs) and not set(candidate.needs) & candidate_gets
        )
    facts["relation.both_provide"] = bool(rel.provides.get(seeker.id)) and bool(rel.provides.get(candidate.id))
    provided = set(rel.provides.get(seeker.id, ())) | set(rel.provides.get(candidate.id, ()))
    facts["relation.provided"] = _list(sorted(provided))
    facts["relation.nurture_provided"] = bool(provided & _NURTURE)
    if provided & _EQUITY:
        facts["relation.financing"] = "penyertaan"
    elif "pinjaman_lunak" in provided:
        facts["relation.financing"] = "pinjaman_lunak"
    elif "kredit" in provided:
        facts["relation.financing"] = "kredit"
    licensees = [party for party, other in ((seeker, candidate), (candidate, seeker)) if "lisensi_merek" in rel.provides.get(other.id, ())]
    if not licensees:
        licensees = [
            party for party, other in ((seeker, candidate), (candidate, seeker)) if "lisensi_merek" in party.needs and "lisensi_merek" in other.offers
        ]
    if len(licensees) == 1:
        if licensees[0].scale is not None:
            facts["relation.licensee_scale"] = licensees[0].scale
        if licensees[0].in_provincial_capital is not None:
            facts["relation.licensee_in_provincial_capital"] = licensees[0].in_provincial_capital
    if "larger" in views:
        larger_provides = set(rel.provides.get(views["larger"].id, ()))
        if larger_provides:
            facts["relation.alternatives"] = sum(
                1 for party in scenario.parties if party.id not in (seeker.id, candidate.id) and larger_provides & set(party.offers)
            )
    return facts

"""Who is the stronger party: decided from evidence only (scale, capacities, group vs single unit, direction of
support), never from who sought the partnership; comparable parties are said to be comparable, and rules that need
a stronger and a weaker party do not fire for them."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kemitraan_rules import Engine, scenario_from_dict
from kemitraan_rules.facts import assess_strength, extract_facts, party_views
from kemitraan_rules.report import Report

from .strategies import peer_scenarios, scenarios, swapped


def outcome(report: Report) -> tuple[Any, ...]:
    """Everything a swap of seeker and candidate must leave unchanged (texts naming the seeker may differ)."""
    return (
        tuple((r.layer, r.rank, r.pattern, r.score, r.recommended, r.excluded) for r in report.recommendations),
        tuple((a.kind, a.id, a.status) for a in (*report.preconditions, *report.principles, *report.elements)),
        tuple(sorted((w.drawback, w.severity) for w in report.warnings)),
        {k: x for k, x in report.facts.items() if not k.startswith(("seeker.", "candidate.", "scenario.unknown"))},
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.one_of(peer_scenarios(), scenarios(max_parties=3).filter(lambda d: "candidate" in d["relationship"])))
def test_swapping_seeker_and_candidate_changes_nothing(engine: Engine, data: dict[str, Any]) -> None:
    """Swapping who asked never changes the ranked patterns, scores, statuses, warnings or relation facts."""
    original = engine.evaluate(scenario_from_dict(data))
    flipped = engine.evaluate(scenario_from_dict(swapped(data)))
    assert outcome(original) == outcome(flipped)


def _scenario(a: dict[str, Any], b: dict[str, Any], **relationship: Any) -> Any:
    return scenario_from_dict({"id": "s", "parties": [a, b], "relationship": {"seeker": a["id"], "candidate": b["id"], **relationship}})


def test_unstated_scale_firm_that_gives_support_to_a_group_is_stronger_even_when_it_asked() -> None:
    """A firm of unstated scale that gives funds, materials, guidance and technology to a group is the stronger."""
    firm = {"id": "pt", "kind": "dudi"}
    group = {"id": "kel", "kind": "kelompok_usaha", "members": 12}
    scenario = _scenario(firm, group, provides={"pt": ["dana", "bahan_baku", "bimbingan_teknis", "teknologi"], "kel": ["pasokan_kebutuhan"]})
    strength = assess_strength(scenario)
    assert (strength.status, strength.stronger, strength.evidence) == ("timpang", "pt", ("arah_dukungan", "kelompok"))
    assert party_views(scenario)["larger"].id == "pt"


def test_unstated_scale_firm_supporting_a_group_gets_nurture_not_no_nurture(engine: Engine) -> None:
    """The same firm as seeker: the report must not say that the stronger party gives no guidance or resources."""
    data = {
        "id": "s",
        "parties": [{"id": "pt", "kind": "dudi"}, {"id": "kel", "kind": "kelompok_usaha", "members": 12}],
        "relationship": {"seeker": "pt", "candidate": "kel", "provides": {"pt": ["dana", "bahan_baku", "bimbingan_teknis", "teknologi"]}},
    }
    report = engine.evaluate(scenario_from_dict(data))
    assert "pola_asuh.tanpa_pembinaan" not in report.fired
    assert report.best("family") is not None and report.best("family").pattern == "pola_klaster"


def test_one_known_scale_counts() -> None:
    """A known large scale on one side is evidence even when the other side's scale is unknown."""
    strength = assess_strength(_scenario({"id": "a", "kind": "lkp"}, {"id": "b", "kind": "dudi", "scale": "besar"}))
    assert (strength.status, strength.stronger, strength.evidence) == ("timpang", "b", ("skala",))
    strength = assess_strength(_scenario({"id": "a", "kind": "lkp", "scale": "mikro"}, {"id": "b", "kind": "dudi"}))
    assert (strength.status, strength.stronger) == ("timpang", "b")


def test_two_large_firms_of_equal_capacity_are_comparable(engine: Engine) -> None:
    """Same scale and the same capacities: comparable; no smaller/larger view, and no 'the large gives the small'."""
    big = {"scale": "besar", "capital": "tinggi", "people": "tinggi", "technology": "tinggi", "management": "tinggi"}
    scenario = _scenario(
        {"id": "a", "kind": "dudi", **big},
        {"id": "b", "kind": "dudi", **big},
        provides={"a": ["lisensi_merek"], "b": ["dana"]},
    )
    strength = assess_strength(scenario)
    assert (strength.status, strength.stronger, strength.evidence) == ("sebanding", None, ("kapasitas", "skala"))
    assert set(party_views(scenario)) == {"seeker", "candidate"}
    facts = extract_facts(scenario)
    assert facts["relation.strength"] == "sebanding"
    assert not any(name.startswith(("smaller.", "larger.")) for name in facts)
    report = engine.evaluate(scenario)
    assert not [rule for rule in report.fired if rule.startswith("pola_asuh.") and "sebanding" not in rule and "sama" not in rule]
    assert report.recommendation("pola_asuh").score < 0
    assert "pola_asuh.skala_dan_modal_sama" in report.fired


def test_no_evidence_is_said_to_be_unknown() -> None:
    """Two parties about which nothing comparative is known: strength unknown, not 'the seeker is smaller'."""
    scenario = _scenario({"id": "a", "kind": "lkp"}, {"id": "b", "kind": "sekolah"})
    assert assess_strength(scenario).status == "tidak_diketahui"
    assert extract_facts(scenario)["relation.strength"] == "tidak_diketahui"


def test_signs_that_cancel_out_are_unknown() -> None:
    """A small LKP (one known small scale) that trains the staff of an office giving nothing back in support: the
    signs point both ways, so neither is said to be stronger."""
    scenario = _scenario(
        {"id": "lkp", "kind": "lkp", "scale": "kecil"},
        {"id": "dinas", "kind": "dinas_pendidikan"},
        provides={"lkp": ["pelatihan"], "dinas": ["kebijakan"]},
    )
    assert assess_strength(scenario).status == "tidak_diketahui"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=peer_scenarios())
def test_swapping_seeker_and_candidate_changes_no_network_finding(engine: Engine, data: dict[str, Any]) -> None:
    """The partner network built from a scenario (dependence, patterns, findings) does not depend on who asked."""
    from kemitraan_rules.network import PartnerNetwork

    def network(scenario_data: dict[str, Any]) -> tuple[Any, ...]:
        net = PartnerNetwork.from_scenarios([scenario_from_dict(scenario_data)], engine=engine)
        edges = sorted((u, w, d.get("pattern"), d.get("share")) for u, w, d in net.graph.edges(data=True))
        return edges, [finding.to_dict() for finding in net.findings()]

    assert network(data) == network(swapped(data))


def test_network_dependence_follows_strength_not_the_seeker() -> None:
    """Without shares, the weaker depends on the stronger even when the stronger asked; with no stronger party,
    each depends on the other."""
    from kemitraan_rules.network import PartnerNetwork

    firm_asks = _scenario({"id": "pt", "kind": "dudi", "scale": "besar"}, {"id": "lkp", "kind": "lkp", "scale": "kecil"})
    net = PartnerNetwork.from_scenarios([firm_asks], pattern="pola_asuh")
    assert [(u, w) for u, w in net.graph.edges()] == [("lkp", "pt")]
    peers = _scenario({"id": "a", "kind": "lkp"}, {"id": "b", "kind": "lkp"})
    assert sorted(PartnerNetwork.from_scenarios([peers], pattern="pola_sejajar").graph.edges()) == [("a", "b"), ("b", "a")]

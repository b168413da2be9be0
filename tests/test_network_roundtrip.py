"""Every network writer's output reads back (issue 11.8): JSON and GraphML, with and without partnership ids."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kemitraan_rules import vocabulary as v
from kemitraan_rules.network import PartnerNetwork

PARTY_IDS = ("lkp_a", "pt-b", "koperasi.c", "Bank1")


@st.composite
def networks(draw: st.DrawFn) -> PartnerNetwork:
    network = PartnerNetwork()
    ids = draw(st.lists(st.sampled_from(PARTY_IDS), min_size=2, max_size=4, unique=True))
    for party in ids:
        network.add_party(party, kind=draw(st.sampled_from(v.PARTY_KINDS)))
    pairs = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda pair: pair[0] != pair[1])
    for index, (party, partner) in enumerate(draw(st.lists(pairs, max_size=6))):
        named = draw(st.booleans())
        network.add_partnership(party, partner, id=f"p{index}" if named else None)
    return network


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_json_and_graphml_round_trip(network: PartnerNetwork) -> None:
    """A network with generated partnership ids (``add_partnership`` without ``id``) reads back from its own output."""
    assert PartnerNetwork.from_json(network.to_json()).to_dict() == network.to_dict()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "n.graphml"
        network.to_graphml(path)
        assert PartnerNetwork.from_graphml(path).to_dict() == network.to_dict()


def test_generated_ids_are_unique_and_valid() -> None:
    network = PartnerNetwork()
    network.add_party("a", kind="lkp")
    network.add_party("b", kind="dudi")
    network.add_partnership("a", "b", id="a--b-2")
    keys = [network.add_partnership("a", "b"), network.add_partnership("a", "b")]
    assert len(set(keys)) == 2 and "a--b-2" not in keys
    assert PartnerNetwork.from_json(network.to_json()).to_dict() == network.to_dict()

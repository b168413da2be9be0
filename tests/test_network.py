"""Tests of the partner network: measures on hand-computed graphs, cascade, findings, bad input, I/O, plot, CLI."""

from __future__ import annotations

import doctest
import json
import math
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import kemitraan_rules.network.measures as measures_module
import kemitraan_rules.network.settings as settings_module
import kemitraan_rules.synthetic.network as gen_module
from kemitraan_rules import vocabulary as v
from kemitraan_rules.cli.network import network_command
from kemitraan_rules.errors import NetworkError
from kemitraan_rules.network import PartnerNetwork, burt_constraint, effective_size, hhi, load_network
from kemitraan_rules.network.settings import load_settings
from kemitraan_rules.synthetic.network import random_network_data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "networks" / "lkp_network.yaml"


def core_plasma() -> PartnerNetwork:
    """pt_b is the core of two plasma firms; lkp_a sells 80% through pt_b; kios depends on plasma_1."""
    net = PartnerNetwork()
    net.add_party("pt_b", kind="dudi", scale="besar", offers=["pemasaran_hasil"])
    net.add_party("lkp_a", kind="lkp", scale="kecil", programmes=["jahit", "boga"])
    net.add_party("plasma_1", kind="usaha_kecil", scale="mikro")
    net.add_party("plasma_2", kind="usaha_kecil", scale="mikro")
    net.add_party("kios", kind="usaha_kecil", scale="mikro")
    net.add_partnership("lkp_a", "pt_b", pattern="inti_plasma", share=0.8, programmes=["jahit"])
    net.add_partnership("plasma_1", "pt_b", pattern="inti_plasma", share=0.6)
    net.add_partnership("plasma_2", "pt_b", pattern="inti_plasma", share=0.3)
    net.add_partnership("kios", "plasma_1", pattern="dagang_umum", share=0.55)
    return net


def test_doctests_of_network_modules() -> None:
    """Every Example in the measure, settings and generator docstrings runs."""
    for module in (measures_module, settings_module, gen_module):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__


class TestMeasures:
    def test_strength_hand_computed(self) -> None:
        """lkp_a connects 1 of its 2 programmes, to one partner of kind dudi."""
        s = core_plasma().strength("lkp_a")
        assert s.ratio == 0.5 and s.connected == ("jahit",) and s.partner_kinds == ("dudi",)

    def test_strength_without_programmes_is_none(self) -> None:
        assert core_plasma().strength("pt_b").ratio is None

    def test_dependency_hhi_hand_computed(self) -> None:
        """Shares 0.5 and 0.25: HHI = (2/3)^2 + (1/3)^2 = 5/9; output form 0.25 + 0.0625."""
        net = PartnerNetwork()
        for p in ("a", "b", "c"):
            net.add_party(p, kind="dudi")
        net.add_partnership("a", "b", share=0.25)
        net.add_partnership("a", "c", share=0.5)
        d = net.dependency("a")
        assert d.hhi == pytest.approx(5 / 9) and d.hhi_output == pytest.approx(0.3125)
        assert d.main_partner == "c" and d.total_share == pytest.approx(0.75)

    def test_parallel_partnerships_are_summed(self) -> None:
        net = PartnerNetwork()
        net.add_party("a", kind="dudi"), net.add_party("b", kind="dudi")
        net.add_partnership("a", "b", share=0.2, pattern="dagang_umum")
        net.add_partnership("a", "b", share=0.3, pattern="keagenan")
        assert net.dependency("a").shares == {"b": pytest.approx(0.5)}

    @given(st.lists(st.floats(min_value=0.001, max_value=1.0), min_size=1, max_size=30))
    def test_hhi_between_one_over_n_and_one(self, shares: list[float]) -> None:
        value = hhi(shares)
        assert 1 / len(shares) - 1e-9 <= value <= 1 + 1e-9

    def test_bargaining_counts_alternatives_and_exclusivity(self) -> None:
        """Two other providers of raw materials; an exclusivity clause sets the alternatives to 0."""
        net = PartnerNetwork()
        net.add_party("a", kind="usaha_kecil")
        for p in ("b", "c", "d"):
            net.add_party(p, kind="dudi", offers=["bahan_baku"])
        net.add_partnership("a", "b", share=0.6, provides={"b": ["bahan_baku"]})
        bp = net.bargaining("a")
        assert bp.alternatives == {"b": 2} and bp.dependence_index["b"] == pytest.approx(0.2)
        net.add_partnership("a", "c", share=0.2, provides={"c": ["bahan_baku"]}, exclusivity=True)
        bp = net.bargaining("a")
        assert bp.alternatives == {"b": 2, "c": 0} and bp.exclusive == ("c",)

    def test_constraint_matches_networkx_on_undirected_graph(self) -> None:
        """Our constraint and effective size equal NetworkX's on the undirected simple graph."""
        graph = nx.gnm_random_graph(40, 90, seed=3, directed=True)
        multi = nx.MultiDiGraph(nx.relabel_nodes(graph, str))
        multi.add_edge("0", "1")  # a parallel edge must not change anything
        multi.add_node("iso")
        simple = nx.Graph(multi.to_undirected())
        ours, theirs = burt_constraint(multi), nx.constraint(simple)
        ours_e, theirs_e = effective_size(multi), nx.effective_size(simple)
        for node in simple:
            if math.isnan(theirs[node]):
                assert math.isnan(ours[node]) and node == "iso"
            else:
                assert ours[node] == pytest.approx(theirs[node])
                assert ours_e[node] == pytest.approx(theirs_e[node])

    def test_networkx_constraint_on_digraph_is_nan_for_sinks(self) -> None:
        """Pins why we do not call nx.constraint on the directed graph: a party only depended upon gets nan."""
        assert math.isnan(nx.constraint(nx.DiGraph([("a", "b")]))["b"])

    def test_brokerage_isolated_party_is_none(self) -> None:
        net = core_plasma()
        net.add_party("alone", kind="lsm")
        b = net.brokerage()
        assert b["alone"].constraint is None and b["alone"].effective_size is None
        assert b["pt_b"].betweenness == pytest.approx(max(x.betweenness or 0 for x in b.values()))


class TestCascade:
    def test_plasma_stops_when_core_fails(self) -> None:
        """Hafsah 2010: the plasma depends on its core; the core fails, the plasma stops (and who depends on it)."""
        net = core_plasma()
        run = net.cascade(["pt_b"])
        assert [(s.party, s.wave) for s in run.stops] == [("lkp_a", 1), ("plasma_1", 1), ("kios", 2)]
        assert run.stops[1].because == (("pt_b", 0.6),) and run.stops[1].patterns == ("inti_plasma",)
        assert "Hafsah" in net.explain(run.stops[1]) and "plasma" in net.explain(run.stops[1], "id")
        assert "plasma_2" not in run.stopped  # 30% is below the 0.5 threshold

    def test_losses_add_up(self) -> None:
        net = PartnerNetwork()
        for p in ("a", "b", "c"):
            net.add_party(p, kind="dudi")
        net.add_partnership("a", "b", share=0.3)
        net.add_partnership("a", "c", share=0.3)
        assert net.cascade(["b"]).stopped == ()
        stop = net.cascade(["b", "c"]).stops[0]
        assert stop.party == "a" and stop.lost_share == pytest.approx(0.6)

    def test_threshold_override(self) -> None:
        net = PartnerNetwork(thresholds={"cascade_dependence": 0.9})
        net.add_party("a", kind="dudi"), net.add_party("b", kind="dudi")
        net.add_partnership("a", "b", share=0.8)
        assert net.cascade(["b"]).stopped == ()

    def test_unknown_share_uses_assumed_share_of_pattern(self) -> None:
        net = PartnerNetwork()
        net.add_party("plasma", kind="usaha_kecil"), net.add_party("inti", kind="dudi")
        net.add_partnership("plasma", "inti", pattern="inti_plasma")
        assert net.cascade(["inti"]).stopped == ("plasma",)

    @settings(max_examples=40, deadline=None)
    @given(st.integers(0, 10_000), st.sets(st.integers(0, 59), max_size=6), st.sets(st.integers(0, 59), max_size=6))
    def test_cascade_monotone(self, seed: int, first: set[int], extra: set[int]) -> None:
        """Failing more parties never stops fewer."""
        net = PartnerNetwork.from_dict(random_network_data(60, 150, seed=seed))
        small = {f"p{i:06d}" for i in first}
        big = small | {f"p{i:06d}" for i in extra}
        assert set(net.cascade(small).stopped) | small <= set(net.cascade(big).stopped) | big

    def test_single_points_of_failure(self) -> None:
        points = core_plasma().single_points_of_failure()
        assert [(p.party, p.halted) for p in points] == [("pt_b", ("lkp_a", "plasma_1", "kios")), ("plasma_1", ("kios",))]


class TestFindings:
    def test_findings_shape_and_ids(self) -> None:
        findings = core_plasma().findings()
        assert findings, "expected findings"
        for finding in findings:
            assert finding.drawback in v.DRAWBACKS and finding.severity in ("info", "warning", "critical")
            assert set(finding.reason) == {"id", "en"} == set(finding.mitigation)
            json.dumps(finding.to_dict())
        first = findings[0]
        assert (first.rule, first.drawback, first.subject[0]) == ("network.core_failure_cascade", "ketergantungan_inti", "pt_b")
        assert "communication" in first.mitigation["en"]
        rules = {f.rule for f in findings}
        assert {"network.hhi_concentration", "network.no_alternatives"} <= rules
        assert findings == core_plasma().findings()  # deterministic

    def test_dominant_partner(self) -> None:
        net = load_network(EXAMPLE)
        dominant = [f for f in net.findings() if f.rule == "network.dominant_partner"]
        assert dominant and dominant[0].drawback == "penyalahgunaan_posisi" and dominant[0].subject[0] == "pt_garmen"


class TestBadInput:
    def test_unknown_party_on_edge(self) -> None:
        net = core_plasma()
        with pytest.raises(NetworkError, match=r"lkp_a -> pt_x.*unknown party id 'pt_x'"):
            net.add_partnership("lkp_a", "pt_x")

    @pytest.mark.parametrize("share", [1.5, -0.1, "half", True])
    def test_share_outside_range(self, share: object) -> None:
        with pytest.raises(NetworkError, match=r"plasma_2 -> pt_b.*share must be a number from 0 to 1"):
            core_plasma().add_partnership("plasma_2", "pt_b", share=share)

    def test_shares_summing_above_one(self) -> None:
        net = core_plasma()
        with pytest.raises(NetworkError, match=r"shares of party 'lkp_a' sum to 1\.1, above 1") as info:
            net.add_partnership("lkp_a", "plasma_1", share=0.3)
        assert info.value.problems[0].path.endswith(".share")
        assert net.graph.number_of_edges() == 4  # nothing added
        net.add_partnership("lkp_a", "plasma_1", share=0.2)  # exactly 1 is fine

    def test_self_loop(self) -> None:
        with pytest.raises(NetworkError, match="self-loop"):
            core_plasma().add_partnership("pt_b", "pt_b")

    def test_unknown_pattern_suggests(self) -> None:
        with pytest.raises(NetworkError, match=r"unknown pattern id 'inti_plasm'.*did you mean 'inti_plasma'"):
            core_plasma().add_partnership("plasma_2", "lkp_a", pattern="inti_plasm")

    def test_file_errors_name_line_and_edge(self, tmp_path: Path) -> None:
        path = tmp_path / "bad.yaml"
        path.write_text(
            "parties:\n  - {id: a, kind: lkp}\n  - {id: b, kind: dudi}\n"
            "partnerships:\n  - {party: a, partner: b, share: 0.7}\n  - {party: a, partner: c}\n"
            "  - {party: a, partner: b, share: 0.6}\n  - {party: b, partner: b}\n",
            encoding="utf-8",
        )
        with pytest.raises(NetworkError) as info:
            load_network(path)
        text = str(info.value)
        assert "bad.yaml:6:" in text and "unknown party id 'c'" in text
        assert "bad.yaml:7:" in text and "sum to 1.3" in text and "self-loop" in text
        assert len(info.value.problems) == 3

    def test_settings_errors_name_key(self, tmp_path: Path) -> None:
        with pytest.raises(NetworkError, match=r"s\.yaml:3:\d+: thresholds\.hhi_flg: unknown threshold.*did you mean 'hhi_flag'"):
            load_settings(tmp_path / "s.yaml", text="version: 1\nthresholds:\n  hhi_flg: 0.5\n")
        with pytest.raises(NetworkError, match="cascade_dependence"):
            PartnerNetwork(thresholds={"cascade_dependence": 2})

    def test_scenario_pattern_must_be_known(self) -> None:
        with pytest.raises(NetworkError, match="unknown pattern id"):
            PartnerNetwork.from_scenarios([], pattern="franchise")


class TestInputOutput:
    def test_json_round_trip(self) -> None:
        net = load_network(EXAMPLE)
        again = PartnerNetwork.from_json(net.to_json())
        assert again.to_dict() == net.to_dict() and again.findings() == net.findings()

    def test_graphml_round_trip(self, tmp_path: Path) -> None:
        net = load_network(EXAMPLE)
        net.to_graphml(tmp_path / "n.graphml")
        assert PartnerNetwork.from_graphml(tmp_path / "n.graphml").to_dict() == net.to_dict()

    def test_shipped_schema_matches_and_validates_example(self) -> None:
        import jsonschema

        from kemitraan_rules._yaml import load_document
        from kemitraan_rules.network.validate import network_json_schema

        shipped = json.loads((ROOT / "kemitraan_rules" / "schemas" / "network.schema.json").read_text("utf-8"))
        assert shipped == network_json_schema()
        jsonschema.validate(load_document(EXAMPLE, error=NetworkError).data, shipped)

    def test_generator_is_reproducible(self) -> None:
        assert random_network_data(50, 120, seed=4) == random_network_data(50, 120, seed=4)
        assert random_network_data(50, 120, seed=4) != random_network_data(50, 120, seed=5)

    def test_from_scenarios_without_engine(self) -> None:
        from kemitraan_rules.scenario import scenario_from_dict

        scenario = scenario_from_dict(
            {
                "id": "s1",
                "parties": [{"id": "lkp", "kind": "lkp", "scale": "kecil", "programmes": ["jahit"]}, {"id": "pt", "kind": "dudi", "scale": "besar"}],
                "relationship": {"seeker": "lkp", "candidate": "pt", "programmes": ["jahit"]},
            }
        )
        net = PartnerNetwork.from_scenarios([scenario], pattern="pola_asuh")
        assert list(net.graph.edges(keys=True, data="pattern")) == [("lkp", "pt", "s1", "pola_asuh")]
        assert net.strength("lkp").ratio == 1.0

    def test_from_scenarios_with_engine(self) -> None:
        engine_module = pytest.importorskip("kemitraan_rules.engine")
        from kemitraan_rules.scenario import load_scenario

        files = sorted((ROOT / "examples" / "scenarios").glob("*.yaml"))[:3]
        if not files:
            pytest.skip("no example scenarios yet")
        scenarios = [load_scenario(f) for f in files]
        net = PartnerNetwork.from_scenarios(scenarios, engine=engine_module.Engine())
        patterns = [d.get("pattern") for _u, _w, d in net.graph.edges(data=True)]
        assert all(p is None or p in v.PATTERNS for p in patterns)
        assert any(p is not None for p in patterns)


class TestPlotAndCli:
    def test_plot_png_and_svg(self, tmp_path: Path) -> None:
        pytest.importorskip("matplotlib").use("Agg")
        net = PartnerNetwork.from_dict(random_network_data(50, 90, seed=2))
        for name in ("n.png", "n.svg"):
            net.plot(tmp_path / name)
            assert (tmp_path / name).stat().st_size > 1000
        with pytest.raises(NetworkError, match="unsupported picture format"):
            net.plot(tmp_path / "n.gif")

    def test_cli_text_json_and_bad_input(self, tmp_path: Path) -> None:
        runner = CliRunner()
        result = runner.invoke(network_command, [str(EXAMPLE)])
        assert result.exit_code == 0 and "Ketergantungan plasma pada inti" in result.output and "ketergantungan_inti" not in result.output
        result = runner.invoke(network_command, [str(EXAMPLE), "--format", "json", "--lang", "id"])
        data = json.loads(result.output)
        assert data["parties"] == 10 and data["findings"][0]["drawback"] == "ketergantungan_inti"
        bad = tmp_path / "bad.yaml"
        bad.write_text("parties: []\npartnerships:\n  - {party: a, partner: b}\n", encoding="utf-8")
        result = runner.invoke(network_command, [str(bad), "--lang", "en"])
        assert result.exit_code == 2 and "unknown party id 'a'" in result.output and "Traceback" not in result.output


def test_finding_texts_are_data_and_checked(tmp_path: Path) -> None:
    """The findings' texts come from rulesets/network/findings.yaml; a bad placeholder is refused at load time."""
    from kemitraan_rules.network.findings import finding_texts

    shipped = ROOT / "rulesets" / "network" / "findings.yaml"
    texts = finding_texts(shipped)
    reason = texts.text("network.dominant_partner", "reason", partner="pt_x", count=3)
    assert "pt_x" in reason["id"] and "pt_x" in reason["en"] and reason["id"] != reason["en"]
    assert texts.mitigation("network.dominant_partner")["id"].startswith("Bangun komunikasi dua arah")
    bad = tmp_path / "findings.yaml"
    bad.write_text(shipped.read_text("utf-8").replace("$partner. Pihak", "$partnr. Pihak"), "utf-8")
    with pytest.raises(NetworkError) as caught:
        finding_texts(bad)
    problem = caught.value.problems[0]
    assert problem.file == str(bad) and problem.line is not None and "partnr" in problem.message

"""Parties by name, not id (issue 10): texts and HTML call a party by its ``name``, JSON keeps the id.

A reader of a report, a network summary or a plan knows "PT Jamur Agro Nusantara", not ``pt_jamur_agro``; the id
is data and stays in the JSON output.  A party without a name is called by its id (there is nothing else).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemitraan_rules import Engine
from kemitraan_rules.cli import main
from kemitraan_rules.html import network_html, report_html
from kemitraan_rules.network import PartnerNetwork
from kemitraan_rules.report_schema import report_from_dict
from kemitraan_rules.scenario import load_scenario, scenario_from_dict

ROOT = Path(__file__).resolve().parent.parent
INTI_PLASMA = ROOT / "examples" / "scenarios" / "inti_plasma.yaml"
PARTNERSHIP = ROOT / "examples" / "lifecycle" / "partnership.yaml"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_report_names_the_stronger_party_by_its_name(engine: Engine, lang: str) -> None:
    """The text, Markdown and HTML reports say which party is stronger by its name; the JSON keeps its id."""
    report = engine.evaluate(load_scenario(INTI_PLASMA))
    for rendering in (report.render(lang), report_html(report, lang), report._repr_markdown_()):
        assert "PT Jamur Agro Nusantara;" in rendering and "pt_jamur_agro" not in rendering
    data = report.to_dict()
    assert data["strength"]["stronger"] == "pt_jamur_agro" and data["strength"]["stronger_name"] == "PT Jamur Agro Nusantara"
    assert report_from_dict(json.loads(json.dumps(data))).stronger_name == "PT Jamur Agro Nusantara"


def test_a_party_without_a_name_is_called_by_its_id(engine: Engine) -> None:
    """With no name to show, the report falls back to the id (it does not drop the party or print an empty name)."""
    data = load_scenario(INTI_PLASMA).to_dict()
    for party in data["parties"]:
        party.pop("name", None)
    report = engine.evaluate(scenario_from_dict(data))
    assert report.stronger_name == "pt_jamur_agro" and "(the stronger: pt_jamur_agro;" in report.render("en")


def _named_network() -> PartnerNetwork:
    net = PartnerNetwork(id="jahit", title="Jejaring menjahit")
    net.add_party("lkp_x", kind="lkp", name="LKP Melati", scale="kecil")
    net.add_party("pt_y", kind="dudi", name="PT Benang Emas", scale="besar")
    net.add_party("kios_z", kind="usaha_kecil", scale="mikro")  # no name: shown by its id
    net.add_partnership("lkp_x", "pt_y", share=0.9, pattern="inti_plasma", exclusivity=True)
    net.add_partnership("kios_z", "pt_y", share=0.8, pattern="inti_plasma")
    return net


@pytest.mark.parametrize("lang", ["id", "en"])
def test_network_text_and_html_name_parties_and_json_keeps_ids(tmp_path: Path, lang: str) -> None:
    """The network table, the findings and the HTML name parties by name; `network --format json` keeps the ids."""
    net = _named_network()
    assert net.findings(), "the example must produce findings that mention parties"
    for finding in net.findings():
        assert "pt_y" not in finding.reason[lang] and "lkp_x" not in finding.reason[lang] and "pt_y" in finding.subject
    page = network_html(net, lang, picture=False)
    assert "PT Benang Emas" in page and "LKP Melati" in page and "kios_z" in page
    assert "pt_y" not in page and "lkp_x" not in page
    path = tmp_path / "net.json"
    path.write_text(json.dumps(net.to_dict()), encoding="utf-8")
    text = CliRunner().invoke(main, ["network", str(path), "--lang", lang])
    assert text.exit_code == 0, text.output
    assert "PT Benang Emas" in text.output and "LKP Melati" in text.output and "pt_y" not in text.output
    data = json.loads(CliRunner().invoke(main, ["network", str(path), "--format", "json"]).output)
    assert "pt_y" in json.dumps(data) and "PT Benang Emas" not in json.dumps(data["findings"][0]["subject"])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_plan_names_parties_in_evaluation_details_and_json_keeps_ids(lang: str) -> None:
    """plan's evaluation details say "PT Garmen Jaya took 5 of 6 decisions"; the JSON findings list the ids."""
    runner = CliRunner()
    text = runner.invoke(main, ["plan", str(PARTNERSHIP), "--no-engine", "--lang", lang])
    assert text.exit_code == 0, text.output
    assert "PT Garmen Jaya" in text.output and "LKP Tata Busana Mandiri" in text.output
    assert "pt_garmen_jaya" not in text.output and "lkp_tata_busana" not in text.output
    (record,) = json.loads(runner.invoke(main, ["plan", str(PARTNERSHIP), "--no-engine", "--format", "json"]).output)
    assert any("pt_garmen_jaya" in finding["parties"] for finding in record["evaluation"]["findings"])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_network_picture_names_parties_and_its_legend_is_in_lang(lang: str) -> None:
    """The picture labels each party by its name (id without one) and its legends by pattern and category labels
    in the picture's language, not by ids."""
    pytest.importorskip("matplotlib")
    figure = _named_network().plot(lang=lang)
    (ax,) = figure.axes
    texts = {text.get_text() for text in ax.texts}
    assert {"LKP Melati", "PT Benang Emas", "kios_z"} <= texts and not {"lkp_x", "pt_y"} & texts
    legends = [child for child in ax.get_children() if type(child).__name__ == "Legend"]
    words = {text.get_text() for legend in legends for text in (legend.get_title(), *legend.get_texts())}
    expected = {"id": {"pola", "Pola inti plasma", "golongan pihak", "dunia usaha"}, "en": {"pattern", "Core-plasma pattern", "party category"}}
    assert expected[lang] <= words, words
    assert not {"inti_plasma", "usaha_kecil", "pendidikan_nonformal"} & words

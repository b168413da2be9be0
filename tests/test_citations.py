"""The built-in rules say what they cite: the paper's own synthesis is cited to the paper, laws without a doubled
year, the 1997 regulation as the paper names it with the discrepancy stated, and the paper's remedy in every
mitigation (issue 10, section 4)."""

from __future__ import annotations

from pathlib import Path

from kemitraan_rules import Engine, Report, scenario_from_dict
from kemitraan_rules import vocabulary as v
from kemitraan_rules.html import report_html
from kemitraan_rules.render import render_text
from kemitraan_rules.scenario import load_scenario

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scenarios"


def test_no_law_is_cited_with_its_year_twice(engine: Engine) -> None:
    """'UU 9/1995 1995' repeats the year already in the statute's number."""
    base = engine.rulebase
    sources = [str(rule.source) for rule in base.rules]
    sources += [
        str(c.source)
        for kind in ("pattern", "precondition", "principle", "element", "drawback")
        for c in (base.concept(kind, i) for i in base.concept_ids(kind))
    ]
    assert sources
    assert not [s for s in sources if "9/1995 1995" in s or "26/1997 1997" in s]


def test_preconditions_and_elements_cite_the_paper_not_kemendiknas(engine: Engine) -> None:
    """The four preconditions and the three elements are the paper's own synthesis, not Kemendiknas 2010."""
    base = engine.rulebase
    concluding = [r for r in base.rules if any(c.kind in ("precondition", "element") for c in r.conclusions)]
    assert concluding
    wrong = [r.id for r in concluding if r.source.author == "Kemendiknas" and r.source.section.startswith("Konsep Kemitraan")]
    assert wrong == []
    for kind in ("precondition", "element"):
        assert {base.concept(kind, i).source.author for i in base.concept_ids(kind)} == {"Makalah sumber"}


def test_subcontracting_benefits_are_the_papers_commentary(engine: Engine) -> None:
    """The benefits and weakness of sub-contracting follow art. 27 in the paper but are its own commentary."""
    rules = {r.id: r for r in engine.rulebase.rules}
    for rule_id in ("subkontrak.akses_bahan_baku", "subkontrak.pembiayaan", "ketergantungan.subkontrak"):
        assert rules[rule_id].source.author == "Makalah sumber"
        assert "Pasal 27" not in rules[rule_id].source.section


def test_the_1997_regulation_is_cited_as_the_paper_names_it_with_the_discrepancy(engine: Engine) -> None:
    """The paper's 'PP 26/1997 art. 7' sits in the partnership regulation (PP 44/1997): say so, do not rewrite it."""
    pp_rules = [r for r in engine.rulebase.rules if r.source.author == "PP 26/1997"]
    assert len(pp_rules) >= 3
    assert all("PP 44/1997" in r.source.section for r in pp_rules)
    waralaba = engine.rulebase.concept("pattern", "waralaba")
    assert "PP 16/1997" in waralaba.description["en"] and "PP 44/1997" in waralaba.description["id"]


def test_every_mitigation_carries_the_papers_remedy(engine: Engine) -> None:
    """The paper: the drawbacks can be overcome through effective communication between the parties.

    (The current legal profile's ownership/control ban, ``penguasaan_mitra``, is a statutory bar, not one of the
    paper's twelve drawbacks: its remedy is to end the control.)"""
    drawbacks = [engine.rulebase.concept("drawback", i) for i in v.DRAWBACKS]
    assert len(drawbacks) == 12
    for concept in drawbacks:
        assert "komunikasi yang efektif" in concept.mitigation["id"]
        assert "effective communication" in concept.mitigation["en"]


def test_domain_page_maps_every_rule(engine: Engine) -> None:
    """docs/domain.md maps each paper concept to its rules: every built-in rule id is in it (regenerate with
    tools/generate_domain_index.py after changing the rules)."""
    from pathlib import Path

    page = (Path(__file__).resolve().parent.parent / "docs" / "domain.md").read_text(encoding="utf-8")
    missing = [rule.id for rule in engine.rulebase.rules if f"`{rule.id}" not in page]
    assert missing == []


def _lone_pair(engine: Engine, **relationship: object) -> Report:
    data = {
        "id": "x",
        "parties": [{"id": "a", "kind": "lkp"}, {"id": "b", "kind": "sekolah"}],
        "relationship": {"seeker": "a", "candidate": "b", **relationship},
    }
    return engine.evaluate(scenario_from_dict(data))


def test_secondary_sources_are_noted_once_and_only_when_cited(engine: Engine) -> None:
    """The "as cited in the source paper" note names the secondary works the report cites, once, and is absent when
    the report cites none (text and HTML, both languages)."""
    none = _lone_pair(engine)
    only_kemendiknas = _lone_pair(engine, commitment="tinggi")
    assert none.secondary_sources == ()
    assert only_kemendiknas.secondary_sources == ("Kemendiknas 2010",)
    for lang, phrase in (("id", "dikutip sebagaimana dalam makalah sumber"), ("en", "cited as in the source paper")):
        assert phrase not in render_text(none, lang)
        assert phrase not in report_html(none, lang)
        text = render_text(only_kemendiknas, lang)
        assert text.count(phrase) == 1
        note = next(line for line in text.splitlines() if phrase in line)
        assert "Kemendiknas 2010" in note and "Kamil" not in note and "Hafsah" not in note
        assert report_html(only_kemendiknas, lang).count(phrase) == 1
    many = engine.evaluate(load_scenario(EXAMPLES / "banyak_kendala.yaml"))
    assert many.secondary_sources == ("Kamil 2010", "Hafsah 2010", "Kemendiknas 2010")
    assert "Kamil 2010, Hafsah 2010 dan Kemendiknas 2010 dikutip" in render_text(many, "id")

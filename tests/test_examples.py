"""The shipped example scenarios: each pattern example ranks its pattern first in its layer, and the special
examples (failed precondition, many drawbacks, PP 26/1997 franchise bar) report what their comment promises."""

from __future__ import annotations

from pathlib import Path

import pytest

from kemitraan_rules import Engine
from kemitraan_rules.report import Report
from kemitraan_rules.scenario import load_scenario
from kemitraan_rules.vocabulary import DRAWBACKS, FAMILY_PATTERNS, LEGAL_PATTERNS, PATTERN_LAYER

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "scenarios"


def evaluate(engine: Engine, name: str) -> Report:
    return engine.evaluate(load_scenario(EXAMPLES / f"{name}.yaml"))


def test_every_example_is_a_valid_scenario() -> None:
    """Every file in examples/scenarios loads and validates as a scenario."""
    files = sorted(EXAMPLES.glob("*.yaml"))
    assert len(files) >= 12
    for path in files:
        assert load_scenario(path).id == path.stem


#: The patterns of the default (paper's) legal profile; the current profile's examples are in current_law/ (test_law.py).
PAPER_PATTERNS = sorted(FAMILY_PATTERNS + LEGAL_PATTERNS)


@pytest.mark.parametrize("pattern", PAPER_PATTERNS)
def test_pattern_example_ranks_its_pattern_first(engine: Engine, pattern: str) -> None:
    """The example named after a pattern is recommended, with that pattern first in its layer."""
    report = evaluate(engine, pattern)
    best = report.best(PATTERN_LAYER[pattern])
    assert best is not None, f"no {PATTERN_LAYER[pattern]} pattern recommended for {pattern}.yaml"
    assert best.pattern == pattern
    assert not best.excluded


@pytest.mark.parametrize("pattern", PAPER_PATTERNS)
def test_pattern_examples_are_partnerships(engine: Engine, pattern: str) -> None:
    """The pattern examples describe working partnerships: every precondition is met."""
    report = evaluate(engine, pattern)
    assert report.partnership_status == "partnership", {a.id: a.status for a in report.preconditions}


def test_subkontrak_sits_under_pola_asuh(engine: Engine) -> None:
    """Kamil places sub-contracting in the nurture family: the sub-contracting example's family is pola_asuh."""
    best = evaluate(engine, "subkontrak").best("family")
    assert best is not None and best.pattern == "pola_asuh"


@pytest.mark.parametrize("name", ["dagang_umum", "keagenan"])
def test_trade_and_agency_sit_under_pola_sejajar(engine: Engine, name: str) -> None:
    """Kamil lists general trade and agency in the parallel family."""
    best = evaluate(engine, name).best("family")
    assert best is not None and best.pattern == "pola_sejajar"


def test_pola_sejajar_between_two_small_parties_has_no_legal_pattern(engine: Engine) -> None:
    """Two small parties: the UU 9/1995 patterns need a medium/large party, so the pair is outside its scope (not
    barred) and none is recommended."""
    report = evaluate(engine, "pola_sejajar")
    assert report.best("legal") is None
    assert report.recommendation("dagang_umum").out_of_scope
    assert not report.recommendation("dagang_umum").excluded


def test_prasyarat_gagal_reports_unmet_preconditions(engine: Engine) -> None:
    """No shared vision, no agreement, no mutual need: those preconditions are unmet, with remedy steps."""
    report = evaluate(engine, "prasyarat_gagal")
    status = {a.id: a.status for a in report.preconditions}
    assert status["kesamaan_visi_misi"] == "unmet"
    assert status["kesepakatan"] == "unmet"
    assert status["saling_membutuhkan"] == "unmet"
    assert status["dua_pihak_atau_lebih"] == "met"
    assert report.partnership_status == "not_yet"
    # The scenario is at step 2 (gathering information): the report starts there, and the unmet mutual need
    # sends the parties back to mapping (an earlier step), listed apart with its reasons.
    assert report.next_steps == ("menggali_informasi", "analisis_informasi")
    assert [(r.precondition, r.steps) for r in report.revisit] == [("saling_membutuhkan", ("pemetaan",))]
    assert report.revisit[0].reasons
    assert report.assessment("precondition", "kesepakatan").remedy_steps == (
        "penjajagan",
        "penyusunan_rencana",
        "kesepakatan",
        "penandatanganan_mou",
    )


def test_banyak_kendala_warns_about_every_drawback(engine: Engine) -> None:
    """The dependent, exclusively bound, one-sidedly ruled plasma gets all twelve drawbacks."""
    report = evaluate(engine, "banyak_kendala")
    expected = set(DRAWBACKS)  # all twelve
    assert expected <= set(report.drawbacks)
    assert any(w.severity == "critical" for w in report.warnings_for("ketergantungan_inti"))
    for warning in report.warnings:
        assert warning.mitigation.get("id") and warning.mitigation.get("en")
    best = report.best("legal")
    assert best is not None and best.pattern == "inti_plasma"


def test_waralaba_dilarang_excludes_waralaba(engine: Engine) -> None:
    """A large franchisee outside the provincial capital: PP 26/1997 art. 7(2) bars the franchise."""
    report = evaluate(engine, "waralaba_dilarang")
    entry = report.recommendation("waralaba")
    assert entry.excluded and not entry.recommended
    assert any(ref.id.startswith("waralaba.pp26_") for ref in entry.excluded_by)
    assert report.why_not("waralaba").excluded_by
    best = report.best("legal")
    assert best is None or best.pattern != "waralaba"


def test_waralaba_example_is_not_excluded(engine: Engine) -> None:
    """A capable small franchisee outside the provincial capital is exactly what PP 26/1997 art. 7 wants."""
    entry = evaluate(engine, "waralaba").recommendation("waralaba")
    assert not entry.excluded
    supporting = {ref.id for ref in entry.supporting}
    assert "waralaba.usaha_kecil_mampu_didahulukan" in supporting
    assert "waralaba.perluasan_daerah_lewat_usaha_kecil" in supporting


def test_lkp_school_cooperation_is_sejajar_without_a_stronger_party(engine: Engine) -> None:
    """The cooperation the paper is written for (an LKP and a school exchanging instructors, learners and a lab) is
    pola sejajar's 'other forms of cooperation'; nothing says which party is stronger, and no legal pattern fits."""
    report = evaluate(engine, "kerja_sama_lkp_sekolah")
    best = report.best("family")
    assert best is not None and best.pattern == "pola_sejajar"
    assert report.facts["relation.strength"] == "tidak_diketahui"
    assert report.best("legal") is None
    assert report.partnership_status == "partnership"

"""The stage reached (issue 10, section 3): a report starts from the scenario's step, never from the beginning for a
partnership already under way; earlier steps an unmet precondition sends the parties back to are listed apart,
each with its reason, in the report, its JSON and its text."""

from __future__ import annotations

from typing import Any

from kemitraan_rules import Engine
from kemitraan_rules.render import render_text
from kemitraan_rules.scenario import scenario_from_dict

from .conftest import make_scenario


def _under_way(**relationship: Any) -> dict[str, Any]:
    """A signed partnership in implementation whose visions do not meet (shared vision unmet)."""
    fields: dict[str, Any] = {"agreement": "mou_ditandatangani", "step": "pelaksanaan", "trust": "tinggi", "commitment": "tinggi"}
    data = make_scenario(**{**fields, **relationship})
    data["parties"][1]["vision"] = ["pariwisata"]
    return data


def test_partnership_in_implementation_is_not_sent_back_to_the_start(engine: Engine) -> None:
    """Past signing, next_steps are the step reached and the one after it; the unmet precondition's earlier steps
    go to revisit with the rule texts that found it unmet."""
    report = engine.evaluate(scenario_from_dict(_under_way()))
    assert report.assessment("precondition", "kesamaan_visi_misi").status == "unmet"
    assert report.step == "pelaksanaan"
    assert report.next_steps == ("pelaksanaan", "monitoring_evaluasi")
    revisit = {r.precondition: r for r in report.revisit}
    assert set(revisit) == {"kesamaan_visi_misi"}
    assert revisit["kesamaan_visi_misi"].status == "unmet"
    assert revisit["kesamaan_visi_misi"].steps == ("menggali_informasi", "analisis_informasi", "penjajagan", "penyusunan_rencana")
    reasons = revisit["kesamaan_visi_misi"].reasons
    assert reasons and all(reason["id"] and reason["en"] for reason in reasons)
    data = report.to_dict()
    assert data["step"] == "pelaksanaan"
    assert data["next_steps"] == ["pelaksanaan", "monitoring_evaluasi"]
    assert [r["precondition"] for r in data["revisit"]] == ["kesamaan_visi_misi"]


def test_remedy_steps_still_ahead_are_not_revisits(engine: Engine) -> None:
    """At mapping, an unmet precondition's remedy steps all lie ahead: nothing to revisit."""
    report = engine.evaluate(scenario_from_dict(_under_way(step="pemetaan")))
    assert report.next_steps == ("pemetaan", "menggali_informasi")
    assert report.revisit == ()


def test_last_step_goes_round_to_the_joint_plan(engine: Engine) -> None:
    """After the last step the cycle starts again at the joint plan (as ``kemitraan plan`` says)."""
    report = engine.evaluate(scenario_from_dict(make_scenario(step="perencanaan_selanjutnya")))
    assert report.next_steps == ("perencanaan_selanjutnya", "penyusunan_rencana")


def test_text_states_the_step_reached_the_next_step_and_what_to_revisit(engine: Engine) -> None:
    """Both languages say where the partnership stands and list the revisit apart from what to do now."""
    report = engine.evaluate(scenario_from_dict(_under_way()))
    indonesian = render_text(report, "id")
    assert "Langkah yang telah dicapai: pelaksanaan (langkah 8 dari 11)" in indonesian
    assert "Yang dikerjakan sekarang: pelaksanaan; langkah berikutnya: pemantauan dan evaluasi" in indonesian
    assert "Perlu kembali ke langkah sebelumnya:" in indonesian
    assert "menggali informasi, analisis informasi, penjajakan dan penyusunan rencana bersama, karena prasyarat" in indonesian
    english = render_text(report, "en")
    assert "Step reached: implementation (step 8 of 11)" in english
    assert "To do now: implementation; next step: monitoring and evaluation" in english
    assert "Earlier steps to revisit:" in english


def test_unknown_step_is_said_and_taken_as_not_started(engine: Engine) -> None:
    report = engine.evaluate(scenario_from_dict(make_scenario()))
    assert report.step is None
    assert report.next_steps == ("pemetaan", "menggali_informasi")
    assert "Langkah yang telah dicapai belum disebutkan" in render_text(report, "id")

"""Step transitions, next actions and the evaluation of monitoring records, all driven by rulesets/lifecycle."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

from kemitraan_rules import LifecycleError
from kemitraan_rules.lifecycle import (
    Contribution,
    MonitoringRecord,
    MoU,
    Partnership,
    Plan,
    PlannedActivity,
    ProblemNote,
    Signature,
    advance,
    check_step,
    evaluate_monitoring,
    load_partnership,
    next_actions,
    record_evaluation,
)
from kemitraan_rules.scenario import Party, Relationship, Scenario

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "lifecycle" / "partnership.yaml"
A, B = Party(id="a", kind="lkp", name="a"), Party(id="b", kind="dudi", name="b")
PLAN = Plan(roles={"a": ("train",), "b": ("give job orders",)}, activities=(PlannedActivity("t"), PlannedActivity("p")), goals=("g1", "g2"))
MOU = MoU(parties=("a", "b"), roles={"a": ("train",), "b": ("order",)}, start="2024-01-01", end="2024-12-31")
SIGNED = attrs.evolve(MOU, signatures=(Signature("a", "2024-01-02"), Signature("b", "2024-01-02")))


def met(_: Scenario) -> Mapping[str, str]:
    return {"kesepakatan": "met", "saling_membutuhkan": "met"}


def unmet(_: Scenario) -> Mapping[str, str]:
    return {"kesepakatan": "met", "saling_membutuhkan": "unmet"}


def record(**fields: Any) -> Partnership:
    return Partnership(id="p", parties=(A, B), **fields)


def missing(p: Partnership, step: str, **kw: Any) -> set[str]:
    return {r.id for r in check_step(p, step, **kw).missing}


class TestEntryRequirements:
    def test_no_implementation_before_signed_mou(self) -> None:
        """pelaksanaan is refused with an unsigned MoU and allowed once both parties signed."""
        p = record(step="penandatanganan_mou", plan=PLAN, mou=MOU)
        assert missing(p, "pelaksanaan") == {"mou_ditandatangani"}
        with pytest.raises(LifecycleError) as info:
            advance(p, "pelaksanaan", date="2024-02-01")
        assert info.value.problems[0].rule == "mou_ditandatangani"
        moved = advance(attrs.evolve(p, mou=SIGNED), "pelaksanaan", date="2024-02-01", note="go")
        assert moved.step == "pelaksanaan" and moved.history[-1].note == "go"

    def test_no_mou_without_plan_roles(self) -> None:
        """kesepakatan needs a joint plan listing roles for every party and at least one activity."""
        assert missing(record(step="penyusunan_rencana"), "kesepakatan") == {"rencana_peran", "rencana_kegiatan"}
        half = attrs.evolve(PLAN, roles={"a": ("train",)})
        assert missing(record(plan=half), "kesepakatan") == {"rencana_peran"}
        assert missing(record(plan=PLAN), "kesepakatan") == set()

    def test_no_signing_while_precondition_unmet(self) -> None:
        """penandatanganan_mou is refused when the assessor reports an unmet precondition."""
        rel = Relationship(seeker="a", candidate="b")
        p = record(step="kesepakatan", plan=PLAN, mou=MOU, relationship=rel)
        result = check_step(p, "penandatanganan_mou", assess=unmet)
        assert {r.id for r in result.missing} == {"prasyarat_terpenuhi"}
        assert result.preconditions["saling_membutuhkan"] == "unmet"
        assert check_step(p, "penandatanganan_mou", assess=met).allowed

    def test_engine_assesses_preconditions_by_default(self) -> None:
        """Without an assessor the engine evaluates the record's relationship (two parties, no vision: unknown)."""
        rel = Relationship(seeker="a", candidate="b", agreement="draf_mou")
        p = record(step="kesepakatan", plan=PLAN, mou=MOU, relationship=rel)
        result = check_step(p, "penandatanganan_mou")
        assert result.preconditions.get("dua_pihak_atau_lebih") == "met"

    def test_renewal_only_after_evaluation(self) -> None:
        """perencanaan_selanjutnya needs an evaluation of the latest monitoring that does not recommend ending."""
        mon = MonitoringRecord(period="q1", date="2024-03-31", activities_done=("t", "p"), goals_reached=("g1", "g2"))
        p = record(step="perbaikan", plan=PLAN, mou=SIGNED, monitoring=(mon,))
        assert missing(p, "perencanaan_selanjutnya") == {"evaluasi_dilakukan", "tidak_diakhiri"}
        evaluated = record_evaluation(p, evaluate_monitoring(p), date="2024-04-02")
        assert evaluated.evaluations[-1].outcome == "continue"
        assert missing(evaluated, "perencanaan_selanjutnya") == set()
        later = attrs.evolve(evaluated, monitoring=(mon, attrs.evolve(mon, period="q2")))
        assert "evaluasi_dilakukan" in missing(later, "perencanaan_selanjutnya")

    def test_unknown_step_and_bad_date(self) -> None:
        """An unknown step id and a non-ISO date are LifecycleErrors, not crashes."""
        with pytest.raises(LifecycleError, match="unknown step"):
            check_step(record(), "signing")
        with pytest.raises(LifecycleError, match="ISO date"):
            advance(record(), "menggali_informasi", date="01/02/2024")


class TestNextActions:
    def test_actions_follow_the_step_and_language(self) -> None:
        """At penyusunan_rencana without roles the plan actions appear, in English when asked, with their step."""
        actions = next_actions(record(step="penyusunan_rencana"), "en")
        ids = [a.id for a in actions]
        assert "peran_dalam_rencana" in ids and all(a.step in ("penyusunan_rencana", "kesepakatan") for a in actions)
        assert any("roles" in a.text for a in actions)
        assert next_actions(record(step="penyusunan_rencana"), "id")[0].text != actions[0].text

    def test_done_actions_drop_out(self) -> None:
        """Actions whose `unless` check holds are not listed; missing next-step requirements are."""
        ids = {a.id for a in next_actions(record(step="penyusunan_rencana", plan=PLAN))}
        assert "peran_dalam_rencana" not in ids and "kegiatan_dalam_rencana" not in ids
        at_signing = next_actions(record(step="penandatanganan_mou", plan=PLAN, mou=MOU), assess=met)
        assert [(a.step, a.id, a.kind) for a in at_signing][-1] == ("pelaksanaan", "mou_ditandatangani", "requirement")


def monitoring(**kw: Any) -> MonitoringRecord:
    base: dict[str, Any] = {"period": "q1", "date": "2024-03-31", "activities_done": ("t", "p"), "goals_reached": ("g1", "g2")}
    base.update(kw)
    return MonitoringRecord(**base)


def findings(*records: MonitoringRecord) -> dict[str, Any]:
    evaluation = evaluate_monitoring(record(plan=PLAN, mou=SIGNED, monitoring=records))
    return {f.rule: f for f in evaluation.findings} | {"_outcome": evaluation.outcome}


class TestEvaluation:
    def test_clean_period_continues(self) -> None:
        """All activities and goals done, fair gains: no finding and the outcome is continue."""
        result = findings(monitoring(contributions=(Contribution("a", gain="sedang"), Contribution("b", gain="sedang"))))
        assert result == {"_outcome": "continue"}

    def test_deviation_from_plan(self) -> None:
        """Half the planned activities done is a deviation; a persisting one becomes serious."""
        once = findings(monitoring(activities_done=("t",)))
        assert once["deviasi_kegiatan"].severity == "warning" and once["_outcome"] == "revise_mou"
        twice = findings(monitoring(activities_done=("t",)), monitoring(period="q2", activities_done=("t",)))
        assert twice["deviasi_kegiatan"].severity == "critical"

    def test_goal_shortfall(self) -> None:
        """Reaching one goal of two is below the 70% threshold."""
        assert "tujuan_belum_tercapai" in findings(monitoring(goals_reached=("g1",)))

    def test_party_gaining_nothing_warns_mutual_benefit(self) -> None:
        """A party gaining nothing gives a finding on the principle saling_menguntungkan, naming the party."""
        result = findings(monitoring(contributions=(Contribution("a", gain="tidak_ada"),)))
        assert result["pihak_tanpa_manfaat"].concept == "saling_menguntungkan"
        assert result["pihak_tanpa_manfaat"].parties == ("a",)

    def test_broken_commitment(self) -> None:
        """Delivering one of three promises is ingkar_komitmen (serious); three of four (75%) is not."""
        result = findings(monitoring(contributions=(Contribution("b", promised=("x", "y", "z"), delivered=("x",)),)))
        assert result["ingkar_komitmen"].severity == "critical" and result["ingkar_komitmen"].parties == ("b",)
        kept = findings(monitoring(contributions=(Contribution("b", promised=("x", "y", "z", "w"), delivered=("x", "y", "z")),)))
        assert "ingkar_komitmen" not in kept

    def test_dominance(self) -> None:
        """One party taking 5 of 6 decisions alone is penyalahgunaan_posisi; joint decisions are not."""
        assert findings(monitoring(decisions={"b": 5, "bersama": 1}))["penyalahgunaan_posisi"].parties == ("b",)
        assert "penyalahgunaan_posisi" not in findings(monitoring(decisions={"bersama": 6}))
        assert "penyalahgunaan_posisi" not in findings(monitoring(decisions={"b": 3}))  # below min_decisions

    def test_growing_dependence(self) -> None:
        """A share rising from 30% to 50% is ketergantungan; a stable share is not."""
        rising = findings(
            monitoring(contributions=(Contribution("a", share=0.3),)),
            monitoring(period="q2", contributions=(Contribution("a", share=0.5),)),
        )
        assert rising["ketergantungan"].parties == ("a",)
        stable = findings(
            monitoring(contributions=(Contribution("a", share=0.5),)),
            monitoring(period="q2", contributions=(Contribution("a", share=0.5),)),
        )
        assert "ketergantungan" not in stable

    def test_problems_without_cause_and_end(self) -> None:
        """Uncaused problems are a minor finding; two serious findings recommend ending."""
        assert findings(monitoring(problems=(ProblemNote("late"),)))["masalah_tanpa_sebab"].severity == "info"
        result = findings(
            monitoring(activities_done=(), contributions=(Contribution("b", promised=("x",), delivered=()),)),
            monitoring(period="q2", activities_done=(), contributions=(Contribution("b", promised=("x",)),)),
        )
        assert result["_outcome"] == "end"

    def test_no_monitoring_is_an_error(self) -> None:
        """Evaluating without monitoring records says so."""
        with pytest.raises(LifecycleError, match="no monitoring"):
            evaluate_monitoring(record())

    def test_example_record(self) -> None:
        """The shipped example shows a broken commitment by the firm and rising dependence of the LKP."""
        evaluation = evaluate_monitoring(load_partnership(EXAMPLE))
        assert {"ingkar_komitmen", "ketergantungan", "penyalahgunaan_posisi"} <= set(evaluation.warnings)
        assert evaluation.changes

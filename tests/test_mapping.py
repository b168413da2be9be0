"""Needs analysis, partner mapping, candidate screening and the LKP cycle."""

from __future__ import annotations

import time
from pathlib import Path

import attrs
import pytest

from kemitraan_rules import Engine, LifecycleError, load_scenario
from kemitraan_rules.lifecycle import (
    Candidate,
    Profile,
    assess_cycle,
    candidates_from_dict,
    load_candidates,
    load_profile,
    map_partners,
    profile_from_dict,
    screen,
)
from kemitraan_rules.lifecycle.rules import load_lifecycle_rules
from kemitraan_rules.report import DrawbackWarning, Report
from kemitraan_rules.scenario import Party, Scenario
from kemitraan_rules.synthetic import synthetic_candidates

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "lifecycle"
LKP = Party(id="lkp", kind="lkp", name="lkp", offers=("tenaga_kerja",), needs=("job_order",), vision=("kerja", "mutu"))


class TestPartnerMap:
    def test_needs_in_order_with_reasons(self) -> None:
        """Reasons, then weak aspects, then lacking provisions; each need ranks its partner kinds by weight."""
        profile = Profile(LKP, reasons=("peserta_menurun",), aspects={"lulusan": "lemah", "sdm": "kuat"})
        result = map_partners(profile)
        assert [(n.need, n.type) for n in result.needs] == [("peserta_menurun", "reason"), ("lulusan", "aspect"), ("job_order", "provision")]
        assert result.kinds_for("peserta_menurun")[0] == "sekolah"
        assert set(result.kinds_for("lulusan")[:2]) == {"lembaga_sertifikasi", "dudi"}  # weight 3, inventory order
        weights = [p.weight for p in result.needs[0].partners]
        assert weights == sorted(weights, reverse=True)
        assert all(p.why.en and p.why.id for n in result.needs for p in n.partners)

    def test_overall_ranking_sums_weights(self) -> None:
        """A kind serving several needs ranks above one serving a single need."""
        profile = Profile(attrs_party(needs=("akreditasi", "job_order")), reasons=("sulit_job_order",))
        ranking = map_partners(profile).ranking
        assert ranking[0].kind in ("dudi", "disnakertrans") and ranking[0].score == 6
        assert ranking[-1].kind in {"ban_pnf", "asosiasi_profesi"}

    def test_learn_and_approaches(self) -> None:
        """What to learn (goals, scope, vision) and the personal, informal and formal approaches come with the map."""
        result = map_partners(Profile(LKP))
        assert [key for key, _ in result.learn][:3] == ["tujuan", "ruang_lingkup", "visi_misi"]
        assert [key for key, _ in result.approaches] == ["personal", "informal", "formal"]


def attrs_party(**fields: object) -> Party:
    return Party(id="lkp", kind="lkp", name="lkp", **fields)  # type: ignore[arg-type]


class TestProfileFiles:
    def test_example_loads(self) -> None:
        """The example profile loads with its reasons, aspects and indicators."""
        profile = load_profile(EXAMPLES / "profile.yaml")
        assert profile.weaknesses == ("sarana_prasarana", "lulusan") and profile.indicators["enrolment_trend"] == "turun"

    def test_errors_named(self) -> None:
        """Unknown reason, aspect value and indicator are each reported at their field."""
        data = {
            "institution": {"id": "x", "kind": "lkp"},
            "reasons": ["no_money"],
            "aspects": {"sdm": "so-so"},
            "indicators": {"graduates_placed": 2},
        }
        with pytest.raises(LifecycleError) as info:
            profile_from_dict(data)
        assert {p.path for p in info.value.problems} == {"reasons[0]", "aspects.sdm", "indicators.graduates_placed"}

    def test_candidate_errors_located(self) -> None:
        """A bad candidate kind and a bad relationship level are located in the candidates file."""
        text = "candidates:\n  - party: {id: a, kind: dudy}\n  - party: {id: b, kind: dudi}\n    relationship: {trust: hgih}\n"
        with pytest.raises(LifecycleError) as info:
            load_candidates("c.yaml", seeker="lkp", text=text)
        located = {(p.path, p.line) for p in info.value.problems}
        assert located == {("candidates[0].party.kind", 2), ("candidates[1].relationship.trust", 4)}


class TestScreening:
    def test_example_ranking_with_reasons(self) -> None:
        """The firm offering job orders with high commitment ranks first; the micro boutique last; reasons given."""
        profile = load_profile(EXAMPLES / "profile.yaml")
        result = screen(profile, load_candidates(EXAMPLES / "candidates.yaml", seeker="lkp_tata_busana"), use_engine=False)
        order = [c.party for c in result.candidates]
        assert order[0] == "pt_garmen_jaya" and order[-1] == "butik_kecil"
        assert any("Komitmen" in reason for reason in result.candidates[0].reasons_for)
        assert result.candidates[-1].reasons_against

    def test_mutual_need_and_shared_vision(self) -> None:
        """A candidate meeting the seeker's needs and sharing its vision outscores an otherwise equal one."""
        fit = Candidate(Party(id="fit", kind="dudi", offers=("job_order",), needs=("tenaga_kerja",), vision=("kerja", "mutu")))
        other = Candidate(Party(id="other", kind="dudi", offers=("lahan",), needs=("dana",), vision=("laba",)))
        result = screen(Profile(LKP), [other, fit], use_engine=False)
        assert [c.party for c in result.candidates] == ["fit", "other"]
        assert result.candidates[0].criteria["saling_membutuhkan"] == 1.0
        assert result.candidates[0].criteria["kesamaan_visi"] == 1.0
        assert result.candidates[1].criteria["kesamaan_visi"] == 0.0

    def test_unknown_criteria_are_listed_not_scored(self) -> None:
        """A candidate with nothing known has no criterion score and lists them as unknown."""
        result = screen(Profile(Party(id="s", kind="lkp")), [Candidate(Party(id="c", kind="bank"))], use_engine=False)
        assert result.candidates[0].score == 0.0 and "komitmen" in result.candidates[0].unknown

    def test_engine_adds_patterns_and_status(self, engine: object) -> None:
        """With the engine, each candidate carries the partnership status the engine found with that partner."""
        listed = candidates_from_dict(
            [{"party": {"id": "f", "kind": "dudi", "scale": "besar", "offers": ["job_order"], "needs": ["tenaga_kerja"]}}],
            seeker="lkp",
        )
        result = screen(Profile(LKP), listed, engine=engine)
        assert result.candidates[0].partnership_status in ("partnership", "not_yet", "undetermined")

    def test_critical_warning_lowers_the_screening_score(self, engine: Engine) -> None:
        """Regression (issue 10, section 6): each critical drawback warning the engine raises lowers the candidate's
        score by ``per_high_warning``; warnings of lower severity do not.  (The penalty once looked for a severity
        ``tinggi`` that no warning has, so it never applied.)"""
        listed = candidates_from_dict(
            [{"party": {"id": "f", "kind": "dudi", "scale": "besar", "offers": ["job_order"], "needs": ["tenaga_kerja"]}}],
            seeker="lkp",
        )

        class WithWarnings:
            """The real engine's report, with extra warnings of one severity added."""

            def __init__(self, severity: str, count: int) -> None:
                self.severity, self.count = severity, count

            def evaluate(self, scenario: Scenario) -> Report:
                report = engine.evaluate(scenario)
                extra = DrawbackWarning("ketergantungan", "test.extra", self.severity, {"id": "x", "en": "x"}, {}, {}, "test")
                return attrs.evolve(report, warnings=report.warnings + (extra,) * self.count)

        def score(severity: str, count: int) -> float:
            return screen(Profile(LKP), listed, engine=WithWarnings(severity, count)).candidates[0].score

        penalty = load_lifecycle_rules().engine_adjustment["per_high_warning"]
        assert penalty < 0
        assert score("critical", 2) == pytest.approx(score("critical", 0) + 2 * penalty)
        assert score("warning", 2) == pytest.approx(score("warning", 0))

    def test_engine_top_limits_engine_calls(self) -> None:
        """engine_top=N asks the engine only about the N best candidates by criteria."""

        class Counting:
            calls = 0

            def evaluate(self, scenario: object) -> object:
                Counting.calls += 1
                raise RuntimeError("stop")  # never reached past the count check below

        candidates = synthetic_candidates(10, seed=3)
        with pytest.raises(RuntimeError):
            screen(Profile(LKP), candidates, engine=Counting(), engine_top=3)
        assert Counting.calls == 1
        assert screen(Profile(LKP), candidates, use_engine=False, engine_top=3).candidates[0].partnership_status is None

    def test_two_hundred_candidates_fast_and_deterministic(self) -> None:
        """200 candidates are scored in well under a second, in the same order every time."""
        candidates = synthetic_candidates(200, seed=7)
        start = time.perf_counter()
        first = screen(Profile(LKP), candidates, use_engine=False)
        assert time.perf_counter() - start < 0.5
        again = screen(Profile(LKP), tuple(reversed(candidates)), use_engine=False)
        assert [c.party for c in first.candidates] == [c.party for c in again.candidates]
        scores = [c.score for c in first.candidates]
        assert scores == sorted(scores, reverse=True)


# A small LKP (the profile's institution) and a large firm that states it offers nothing or needs nothing: as a
# candidate file, and as the scenario file of the same relationship (the id screening gives the scenario it builds).
_PROFILE_TEXT = "institution: {id: lkp, kind: lkp, scale: kecil, offers: [tenaga_kerja], needs: [job_order]}\n"
_FIRM = "{id: pt, kind: dudi, scale: besar, %s: []}"
_SCENARIO_TEXT = """id: screen.pt
parties:
  - {id: lkp, kind: lkp, scale: kecil, offers: [tenaga_kerja], needs: [job_order]}
  - %s
relationship: {seeker: lkp, candidate: pt}
"""


class TestPartiesReadAsInScenarioFiles:
    """A party in a profile or a candidate file means what the same party means in a scenario file."""

    @pytest.mark.parametrize("stated", ["offers", "needs"])
    @pytest.mark.parametrize("built", ["file", "attrs"])
    def test_an_empty_list_is_none_in_screening_as_in_a_scenario(self, engine: Engine, stated: str, built: str) -> None:
        """Regression: ``offers: []`` (or ``needs: []``) in a candidate file, or a candidate built with attrs that
        states it, is "none" in screening, as in a scenario file, where it once was unknown: the engine gives the
        candidate the report it gives the scenario file (no licence offered: no franchise; needing nothing: the need
        is one-sided)."""
        profile = load_profile("profile.yaml", text=_PROFILE_TEXT)
        if built == "file":
            [candidate] = load_candidates("c.yaml", seeker="lkp", text=f"candidates:\n  - party: {_FIRM % stated}\n")
            assert candidate.party.stated_none == (stated,) and candidate.party.known_list(stated) == ()
        else:
            candidate = Candidate(Party(id="pt", kind="dudi", scale="besar", stated_none=(stated,)))
        reports: list[Report] = []

        class Recording:
            def evaluate(self, scenario: Scenario) -> Report:
                reports.append(engine.evaluate(scenario))
                return reports[-1]

        screen(profile, [candidate], engine=Recording())
        expected = engine.evaluate(load_scenario("screen.pt.yaml", text=_SCENARIO_TEXT % (_FIRM % stated)))
        if stated == "offers":
            assert "waralaba.tanpa_lisensi" in expected.fired
        else:
            assert expected.assessment("precondition", "saling_membutuhkan").status == "unmet"
        assert [report.to_dict() for report in reports] == [expected.to_dict()]

    def test_a_party_without_a_name_is_named_by_its_id(self) -> None:
        """A profile's institution and a candidate's party without ``name`` take their id as name, as the parties of
        a scenario file do (they had an empty name, and screening rows and reports then differed)."""
        profile = load_profile("profile.yaml", text=_PROFILE_TEXT)
        [candidate] = load_candidates("c.yaml", seeker="lkp", text="- party: {id: pt, kind: dudi}\n")
        scenario = load_scenario("s.yaml", text=_SCENARIO_TEXT % "{id: pt, kind: dudi}")
        assert (profile.institution.name, candidate.party.name) == ("lkp", "pt")
        assert (profile.institution, candidate.party) == (scenario.party("lkp"), scenario.party("pt"))
        named = load_candidates("c.yaml", seeker="lkp", text="- party: {id: pt, kind: dudi, name: PT Garmen}\n")
        assert named[0].party.name == "PT Garmen"


class TestLkpCycle:
    def test_stalls_at_first_unhealthy_stage(self) -> None:
        """Weak facilities stall the cycle at running courses; strong aspects move it to the next unmet stage."""
        weak = assess_cycle({"sarana_prasarana": "lemah"}, {"quality_improvement": True})
        assert weak.stage == "penyelenggaraan_kursus" and weak.weaknesses == ("sarana_prasarana",)
        strong = assess_cycle({}, {"quality_improvement": True, "satisfaction": "sedang"})
        assert strong.stage == "layanan_memuaskan" and "peningkatan_mutu" in strong.healthy

    def test_unknown_indicators_listed(self) -> None:
        """Missing indicators are named so the institution knows what to measure."""
        result = assess_cycle({}, {})
        assert result.stage == "peningkatan_mutu" and "quality_improvement" in result.unknown

    def test_complete_cycle_goes_round(self) -> None:
        """All stages healthy: the institution is at growing enrolment and the cycle starts again."""
        indicators = {"quality_improvement": True, "satisfaction": "tinggi", "graduates_placed": 0.8, "enrolment_trend": "naik"}
        result = assess_cycle({"sdm": "kuat"}, indicators)
        assert result.complete and result.stage == "peningkatan_peserta" and "again" in result.guidance.en

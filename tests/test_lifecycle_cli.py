"""The lifecycle commands: kemitraan map, screen and plan (output, JSON, and exit 2 on invalid input)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kemitraan_rules.cli.lifecycle import map_command, plan_command, screen_command

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "lifecycle"
PROFILE, CANDIDATES, PARTNERSHIP = (str(EXAMPLES / n) for n in ("profile.yaml", "candidates.yaml", "partnership.yaml"))


def run(command: object, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, list(args))  # type: ignore[arg-type]
    return result.exit_code, result.stdout, result.stderr


class TestCommands:
    def test_map_lists_partner_kinds(self) -> None:
        """map shows each need with its partner kinds, in English when asked, and JSON on request."""
        code, out, _ = run(map_command, PROFILE, "--lang", "en")
        assert code == 0 and "job orders are hard to get (reason for partnering)" in out and "manpower and transmigration office" in out
        assert "Program Life Cycle: running the courses" in out and "sulit_job_order" not in out
        code, out, _ = run(map_command, PROFILE, "--format", "json")
        (data,) = json.loads(out)
        assert data["ranking"][0]["kind"] == "dudi" and data["cycle"]["stage"] == "penyelenggaraan_kursus"

    def test_screen_ranks_candidates(self) -> None:
        """screen ranks the example candidates; --top limits the list."""
        code, out, _ = run(screen_command, PROFILE, CANDIDATES, "--no-engine", "--format", "json", "--top", "2")
        assert code == 0
        (listed,) = json.loads(out)
        ranked = listed["candidates"]
        assert [c["party"] for c in ranked] == ["pt_garmen_jaya", "lsp_garmen"]

    def test_plan_shows_status_and_evaluation(self) -> None:
        """plan shows the step, the next step's state, next actions and the evaluation findings."""
        code, out, _ = run(plan_command, PARTNERSHIP, "--no-engine", "--lang", "en")
        assert code == 0 and "step reached implementation (8 of 11)" in out and "Next step: monitoring and evaluation (ready)" in out
        assert "[Broken commitment]" in out and "critical:" in out and "monitoring_evaluasi" not in out
        code, out, _ = run(plan_command, PARTNERSHIP, "--no-engine", "--format", "json")
        assert json.loads(out)[0]["evaluation"]["outcome"] in ("continue", "revise_mou", "end")


class TestInvalidInput:
    def test_bad_partnership_exit_2(self, tmp_path: Path) -> None:
        """An invalid record prints located problems on stderr and exits 2 without a traceback."""
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: p\nparties: 3\nstep: pelaksana\n", encoding="utf-8")
        code, out, err = run(plan_command, str(bad))
        assert code == 2 and out == "" and "bad.yaml:3:7" in err and "Traceback" not in err

    def test_missing_file_exit_2(self, tmp_path: Path) -> None:
        """A missing profile is an input error (exit 2)."""
        code, _, err = run(map_command, str(tmp_path / "none.yaml"), "--lang", "en")
        assert code == 2 and "cannot read" in err

    def test_bad_candidates_exit_2(self, tmp_path: Path) -> None:
        """A misspelt candidate kind is reported with a suggestion."""
        bad = tmp_path / "c.yaml"
        bad.write_text("- party: {id: a, kind: dudy}\n", encoding="utf-8")
        code, _, err = run(screen_command, PROFILE, str(bad), "--no-engine", "--lang", "en")
        assert code == 2 and "did you mean 'dudi'" in err


class TestPlanStage:
    def test_plan_lists_earlier_steps_to_revisit_apart_from_the_next_step(self, tmp_path: Path) -> None:
        """A partnership in implementation whose visions turn out not to meet is not restarted: plan keeps the next
        step (monitoring) and lists the earlier steps to revisit, with the reason, in text and JSON."""
        text = Path(PARTNERSHIP).read_text(encoding="utf-8")
        assert text.count("    vision: [keterampilan]\n") == 1  # the firm's vision
        path = tmp_path / "p.yaml"
        path.write_text(text.replace("    vision: [keterampilan]\n", "    vision: [pariwisata]\n"), encoding="utf-8")
        code, out, _ = run(plan_command, str(path))
        assert code == 0 and "Langkah berikutnya: pemantauan dan evaluasi" in out
        assert "Perlu kembali ke langkah sebelumnya:" in out
        assert "menggali informasi, analisis informasi, penjajakan dan penyusunan rencana bersama, karena prasyarat" in out
        code, out, _ = run(plan_command, str(path), "--format", "json")
        revisit = json.loads(out)[0]["revisit"]
        assert [entry["precondition"] for entry in revisit] == ["kesamaan_visi_misi"] and revisit[0]["reasons"]
        code, out, _ = run(plan_command, PARTNERSHIP, "--format", "json")
        assert json.loads(out)[0]["revisit"] == []

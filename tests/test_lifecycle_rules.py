"""The lifecycle rule files: shipped files load, and each kind of mistake is reported as file:line: field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kemitraan_rules import LifecycleError
from kemitraan_rules import vocabulary as v
from kemitraan_rules.lifecycle import Partnership, check_step
from kemitraan_rules.lifecycle.rules import (
    EVALUATION_CHECKS,
    REQUIREMENT_CHECKS,
    builtin_lifecycle_dir,
    load_lifecycle_rules,
)
from kemitraan_rules.scenario import Party


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    target = tmp_path / "lifecycle"
    shutil.copytree(builtin_lifecycle_dir(), target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(directory: Path) -> list[str]:
    with pytest.raises(LifecycleError) as info:
        load_lifecycle_rules(directory)
    return [str(p) for p in info.value.problems]


class TestShippedRules:
    def test_cover_the_inventory(self) -> None:
        """Every step has rules, every reason and LKP aspect maps to partners, every check kind is used."""
        rules = load_lifecycle_rules()
        assert tuple(rules.steps) == v.STEPS
        assert set(v.REASONS) | set(v.LKP_ASPECTS) <= set(rules.needs)
        used = {r.check for s in rules.steps.values() for r in s.requires}
        assert used >= set(REQUIREMENT_CHECKS) - {"pattern_chosen"}
        assert {r.check for r in rules.evaluation} == set(EVALUATION_CHECKS)
        assert tuple(rules.plc_stages) == v.PLC_STAGES

    def test_paper_examples_of_partner_kinds(self) -> None:
        """Certification -> LSK/LSP, accreditation -> BAN PNF, job orders -> DUDI and Disnakertrans."""
        rules = load_lifecycle_rules()
        assert rules.needs["sertifikasi"].partners[0].kind == "lembaga_sertifikasi"
        assert rules.needs["akreditasi"].partners[0].kind == "ban_pnf"
        assert {p.kind for p in rules.needs["sulit_job_order"].partners} >= {"dudi", "disnakertrans"}


class TestRuleFileErrors:
    def test_unknown_check_with_suggestion(self, rules_dir: Path) -> None:
        """A misspelt check kind names file, line and field, with a suggestion."""
        edit(rules_dir / "steps.yaml", "check: mou_signed_by_all", "check: mou_signed_by_al")
        found = problems(rules_dir)
        assert any("steps.yaml:" in p and ".check" in p and "mou_signed_by_all" in p for p in found)

    def test_bad_threshold(self, rules_dir: Path) -> None:
        """A ratio threshold above 1 is refused at its line."""
        edit(rules_dir / "evaluation.yaml", "below: 0.8", "below: 8")
        found = problems(rules_dir)
        assert any("evaluation.yaml:" in p and "rules[0].below" in p and "from 0 to 1" in p for p in found)

    def test_unknown_party_kind_and_weight(self, rules_dir: Path) -> None:
        """An unknown partner kind and a weight outside 1-3 are both reported."""
        edit(rules_dir / "mapping.yaml", "kind: perguruan_tinggi", "kind: universitas")
        edit(rules_dir / "mapping.yaml", "weight: 3", "weight: 5")
        found = problems(rules_dir)
        assert any("partners[0].kind" in p and "universitas" in p for p in found)
        assert any(".weight" in p and "1, 2 or 3" in p for p in found)

    def test_missing_parameter_and_unknown_field(self, rules_dir: Path) -> None:
        """A check without its parameter and an unknown parameter are refused."""
        edit(rules_dir / "steps.yaml", "        block_on: [unmet]\n", "        blok_on: [unmet]\n")
        found = problems(rules_dir)
        assert any("missing parameter 'block_on'" in p for p in found)
        assert any("unknown field 'blok_on'" in p and "block_on" in p for p in found)

    def test_screening_and_plc_values(self, rules_dir: Path) -> None:
        """A score for an unknown agreement status and an unknown PLC indicator are refused."""
        edit(rules_dir / "screening.yaml", "draf_mou: 0.8", "draft: 0.8")
        edit(rules_dir / "plc.yaml", "indicator: satisfaction", "indicator: happiness")
        found = problems(rules_dir)
        assert any("screening.yaml:" in p and "scores.draft" in p for p in found)
        assert any("plc.yaml:" in p and "happiness" in p for p in found)

    def test_recommendation_needs_a_default(self, rules_dir: Path) -> None:
        """The recommendation table must end with an entry without `when`."""
        edit(rules_dir / "evaluation.yaml", "  - outcome: continue\n", "  - outcome: continue\n    when: {severity: [rendah], at_least: 1}\n")
        assert any("last entry" in p for p in problems(rules_dir))

    def test_missing_file(self, rules_dir: Path) -> None:
        """A missing rule file is named."""
        (rules_dir / "plc.yaml").unlink()
        assert any("plc.yaml" in p and "cannot read" in p for p in problems(rules_dir))


class TestDataDrivesBehaviour:
    def test_changing_the_data_changes_the_requirement(self, rules_dir: Path) -> None:
        """Removing pelaksanaan's requirement from the data lets an unsigned partnership start work."""
        edit(
            rules_dir / "steps.yaml",
            "  pelaksanaan:\n    requires:\n      - id: mou_ditandatangani",
            "  pelaksanaan:\n    requires: []\n    x:\n      - id: mou_ditandatangani",
        )
        text = (rules_dir / "steps.yaml").read_text()
        start = text.index("    x:\n")
        end = text.index("    actions:", start)
        (rules_dir / "steps.yaml").write_text(text[:start] + text[end:])
        custom = load_lifecycle_rules(rules_dir)
        p = Partnership(id="p", parties=(Party(id="a", kind="lkp"), Party(id="b", kind="dudi")))
        assert check_step(p, "pelaksanaan", rules=custom).allowed
        assert not check_step(p, "pelaksanaan").allowed

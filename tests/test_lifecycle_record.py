"""The Partnership record: lossless YAML/JSON round trips and error reports naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from kemitraan_rules import LifecycleError
from kemitraan_rules.lifecycle import (
    STEPS,
    Partnership,
    dump_partnership,
    load_partnership,
    partnership_from_dict,
)

from .strategies_lifecycle import partnerships

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "lifecycle" / "partnership.yaml"


class TestRoundTrip:
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(partnerships())
    def test_yaml_and_json_round_trip(self, record: Partnership) -> None:
        """Any valid record reads back equal from its dict, its YAML text and its JSON text."""
        assert partnership_from_dict(record.to_dict()) == record
        assert load_partnership("r.yaml", text=dump_partnership(record, "yaml")) == record
        assert load_partnership("r.json", text=dump_partnership(record, "json")) == record

    def test_dump_is_deterministic(self) -> None:
        """The same record always gives the same text, and dates stay ISO strings."""
        record = load_partnership(EXAMPLE)
        text = dump_partnership(record)
        assert text == dump_partnership(load_partnership("again.yaml", text=text))
        assert "'2024-03-04'" in text

    def test_steps_reexported(self) -> None:
        """lifecycle.STEPS holds the eleven steps in order, from mapping to re-planning."""
        assert len(STEPS) == 11
        assert STEPS[0] == "pemetaan" and STEPS[4] == "penyusunan_rencana" and STEPS[-1] == "perencanaan_selanjutnya"


class TestRecordErrors:
    def test_every_problem_located(self) -> None:
        """Bad step, bad date and an unknown party in the MoU are all reported with line and field."""
        text = (
            "id: p\n"
            "step: pelaksana\n"
            "parties:\n  - {id: a, kind: lkp}\n  - {id: b, kind: dudi}\n"
            "history:\n  - {step: pemetaan, date: '2024-13-01'}\n"
            "mou:\n  parties: [a, c]\n"
        )
        with pytest.raises(LifecycleError) as info:
            load_partnership("p.yaml", text=text)
        by_path = {p.path: p for p in info.value.problems}
        assert by_path["step"].line == 2 and "pelaksanaan" in str(info.value)
        assert by_path["history[0].date"].line == 7
        assert by_path["mou.parties[1]"].value == "c"
        assert "p.yaml:2:7" in str(info.value)

    def test_unknown_field_and_share(self) -> None:
        """An unknown field and a share above 1 in a monitoring record are refused."""
        data = {
            "id": "p",
            "parties": [{"id": "a", "kind": "lkp"}, {"id": "b", "kind": "dudi"}],
            "colour": "red",
            "monitoring": [{"period": "q1", "date": "2024-01-01", "contributions": [{"party": "a", "share": 1.5}]}],
        }
        with pytest.raises(LifecycleError) as info:
            partnership_from_dict(data)
        paths = {p.path for p in info.value.problems}
        assert paths == {"colour", "monitoring[0].contributions[0].share"}

    def test_mou_end_before_start(self) -> None:
        """An MoU that ends before it starts is an error on its end date."""
        data = {
            "id": "p",
            "parties": [{"id": "a", "kind": "lkp"}, {"id": "b", "kind": "dudi"}],
            "mou": {"parties": ["a", "b"], "start": "2024-05-01", "end": "2024-01-01"},
        }
        with pytest.raises(LifecycleError, match="ends"):
            partnership_from_dict(data)

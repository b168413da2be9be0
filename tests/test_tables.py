"""Tables: flat records and frames of reports and networks, the report JSON Schema, Report.from_dict."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest

from kemitraan_rules import Engine, MissingExtraError, Report, ReportDataError, evaluate_many, reports_to_frame
from kemitraan_rules.network import load_network
from kemitraan_rules.report_schema import report_json_schema
from kemitraan_rules.synthetic import scenario_dicts

EXAMPLES = Path(__file__).parents[1] / "examples"
SCHEMA_FILE = Path(__file__).parents[1] / "kemitraan_rules" / "schemas" / "report.schema.json"
SCALARS = (str, int, float, bool, type(None))


@pytest.fixture(scope="module")
def reports(engine: Engine) -> list[Report]:
    return [engine.evaluate(path) for path in sorted((EXAMPLES / "scenarios").glob("*.yaml"))]


class TestRecord:
    def test_record_is_flat_and_names_best_patterns(self, reports: list[Report]) -> None:
        """to_record() is one row of scalars: best pattern and score per layer, counts, warning ids, scores by pattern."""
        for report in reports:
            record = report.to_record()
            assert all(isinstance(x, SCALARS) for x in record.values()), report.scenario
            best = report.best("legal")
            assert record["best_legal"] == (best.pattern if best else None)
            assert record["warning_count"] == len(report.warnings)
            assert record["warnings"] == ",".join(report.drawbacks)
            assert record["preconditions_met"] + record["preconditions_unmet"] + record["preconditions_unknown"] == 4
            assert record["score_waralaba"] == report.recommendation("waralaba").score

    def test_wide_and_long_frames(self, reports: list[Report]) -> None:
        """Wide: one row per scenario; long: one row per scenario x pattern with score, rank and recommended."""
        wide = reports_to_frame(reports)
        assert list(wide["scenario"]) == [r.scenario for r in reports]
        assert wide.loc[wide["scenario"] == "inti_plasma", "best_legal"].item() == "inti_plasma"
        long = reports_to_frame(reports, long=True)
        assert len(long) == sum(len(r.recommendations) for r in reports)
        row = long[(long["scenario"] == "inti_plasma") & (long["pattern"] == "inti_plasma")].iloc[0]
        assert row["rank"] == 1 and bool(row["recommended"]) and row["score"] == 8.0

    def test_frame_of_batch_items_keeps_failures(self) -> None:
        """Failed batch items stay visible as rows with their error."""
        items = evaluate_many([*scenario_dicts(2), {"id": "kosong"}], workers=1)
        frame = reports_to_frame(items)
        assert len(frame) == 3 and frame["error"].notna().sum() == 1

    def test_missing_pandas_names_the_extra(self, reports: list[Report], monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas a frame raises MissingExtraError naming kemitraan-rules[analysis]; records still work."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(MissingExtraError, match=r"kemitraan-rules\[analysis\]"):
            reports_to_frame(reports)
        assert reports[0].to_record()["scenario"] == reports[0].scenario


class TestFromDict:
    def test_round_trip_through_json_lines(self, reports: list[Report], tmp_path: Path) -> None:
        """Reports written as JSONL load back into Reports whose to_dict() is identical and whose queries work."""
        path = tmp_path / "out.jsonl"
        path.write_text("".join(json.dumps(r.to_dict()) + "\n" for r in reports), encoding="utf-8")
        loaded = [Report.from_dict(json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines()]
        for before, after in zip(reports, loaded, strict=True):
            assert after.to_dict() == before.to_dict()
            assert after.partnership_status == before.partnership_status and after.next_steps == before.next_steps
            assert after.render("en") == before.render("en")
            for pattern, why in before.explanations.items():
                if not why.recommended:
                    assert after.why_not(pattern) == why

    def test_bad_data_names_the_path(self, reports: list[Report]) -> None:
        """Data that does not fit the schema raises ReportDataError naming where."""
        data = reports[0].to_dict()
        data["recommendations"][0]["score"] = "high"
        del data["threshold"]
        with pytest.raises(ReportDataError) as info:
            Report.from_dict(data)
        text = str(info.value)
        assert "recommendations.0.score" in text and "'threshold' is a required property" in text


class TestSchema:
    def test_shipped_schema_is_the_generated_one(self) -> None:
        """schemas/report.schema.json is what report_json_schema() writes (refresh with write_report_schema)."""
        assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == report_json_schema()

    def test_every_report_fits_the_schema(self, reports: list[Report], engine: Engine) -> None:
        """Every example report and some synthetic ones validate; a report with an extra key does not."""
        schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
        for report in [*reports, *(engine.evaluate(s) for s in scenario_dicts(20, seed=3))]:
            jsonschema.validate(report.to_dict(), schema)
        data = reports[0].to_dict()
        data["extra"] = 1
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schema)


class TestNetworkFrames:
    def test_measures_and_findings_frames(self) -> None:
        """measures_frame has one row per party (indexed by party); findings_frame one row per finding."""
        network = load_network(EXAMPLES / "networks" / "lkp_network.yaml")
        measures = network.measures_frame()
        assert list(measures.index) == list(network.parties)
        assert measures.loc["lkp_maju", "strength"] == network.strength("lkp_maju").ratio == 0.75
        assert measures["strength"].isna().sum() == sum(1 for p in network.parties if network.strength(p).ratio is None)
        assert measures.loc["konveksi_a", "hhi"] == network.dependency("konveksi_a").hhi
        findings = network.findings_frame()
        assert len(findings) == len(network.findings())
        assert findings.iloc[0]["drawback"] == network.findings()[0].drawback

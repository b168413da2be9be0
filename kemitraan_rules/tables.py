"""Tables: reports and networks as flat records and pandas frames, for researchers.

Why: ``json_normalize(report.to_dict())`` gives 149 columns, 43 of them lists.  A researcher wants one flat row per
scenario (:func:`report_record`, also ``Report.to_record()``), one frame per batch (:func:`reports_to_frame`, wide
or long: one row per scenario and pattern), and the network's measures and findings as frames
(``PartnerNetwork.measures_frame()``, ``findings_frame()``).

Records are plain dicts of scalars (str, float, int, bool, None); lists of ids are joined with commas, so every
column has one type.  pandas is the optional extra ``kemitraan-rules[analysis]``, imported only when a frame is
asked for; the records need nothing.

Example::

    >>> from kemitraan_rules import Engine
    >>> from kemitraan_rules.synthetic import scenario_dicts
    >>> report = Engine().evaluate(scenario_dicts(1)[0])
    >>> record = report.to_record()
    >>> sorted(k for k in record if k.startswith("best"))
    ['best_family', 'best_family_score', 'best_legal', 'best_legal_score']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from . import vocabulary as v
from .errors import require_extra
from .report import ASSESSMENT_GROUPS

if TYPE_CHECKING:
    from .batch import BatchItem
    from .network import PartnerNetwork
    from .report import Report

__all__ = ["findings_records", "measures_records", "pandas", "report_record", "reports_to_frame"]

_STATUSES = ("met", "unmet", "unknown")


def pandas() -> Any:
    """The pandas module, or :class:`~kemitraan_rules.errors.MissingExtraError` naming the ``analysis`` extra."""
    return require_extra("pandas", "analysis", "a table (DataFrame)")


def _ids(values: Iterable[str]) -> str:
    return ",".join(values)


def report_record(report: Report) -> dict[str, Any]:
    """One flat row: scenario, status, best pattern and score of each layer, counts, warnings and scores by pattern.

    Columns: ``scenario``, ``title``, ``partnership_status``, ``best_family``/``best_legal`` (pattern id or
    ``None``) and their ``_score``, ``recommended_family``/``recommended_legal`` (comma-joined ids),
    ``<group>_<status>`` counts (``preconditions_met`` ...), ``next_steps``, ``warning_count``, ``warnings``
    (drawback ids), ``warning_rules``, ``critical_warnings``, ``fired_count``, ``threshold`` and ``score_<pattern>``
    for every pattern.
    """
    record: dict[str, Any] = {
        "scenario": report.scenario,
        "title": report.title,
        "partnership_status": report.partnership_status,
    }
    for layer in v.LAYERS:
        best = report.best(layer)
        record[f"best_{layer}"] = best.pattern if best else None
        record[f"best_{layer}_score"] = best.score if best else None
    for layer in v.LAYERS:
        record[f"recommended_{layer}"] = _ids(r.pattern for r in report.layer(layer) if r.recommended)
    for group in ASSESSMENT_GROUPS:
        assessments = getattr(report, group)
        for status in _STATUSES:
            record[f"{group}_{status}"] = sum(1 for a in assessments if a.status == status)
    record["next_steps"] = _ids(report.next_steps)
    record["warning_count"] = len(report.warnings)
    record["warnings"] = _ids(report.drawbacks)
    record["warning_rules"] = _ids(w.rule for w in report.warnings)
    record["critical_warnings"] = sum(1 for w in report.warnings if w.severity == "critical")
    record["fired_count"] = len(report.fired)
    record["threshold"] = report.threshold
    for entry in report.recommendations:
        record[f"score_{entry.pattern}"] = entry.score
    return record


def _pattern_rows(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "scenario": report.scenario,
            "pattern": entry.pattern,
            "layer": entry.layer,
            "score": entry.score,
            "rank": entry.rank,
            "recommended": entry.recommended,
            "excluded": entry.excluded,
            "partnership_status": report.partnership_status,
        }
        for entry in report.recommendations
    ]


def _reports(items: Iterable[Report | BatchItem]) -> tuple[list[Report], list[dict[str, Any]]]:
    """Reports, and error rows for the batch items that failed (kept so a frame never hides a lost scenario)."""
    from .report import Report

    reports: list[Report] = []
    errors: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, Report):
            reports.append(item)
        elif getattr(item, "report", None) is not None:
            reports.append(item.report)  # type: ignore[arg-type]
        else:
            errors.append({"scenario": getattr(item, "scenario", None), "error": getattr(item, "error", None)})
    return reports, errors


def reports_to_frame(reports: Iterable[Report | BatchItem], long: bool = False) -> Any:
    """A pandas DataFrame of many reports (or ``evaluate_many`` items).

    Wide (default): one row per scenario, the columns of :func:`report_record`.  Long: one row per scenario and
    pattern with ``score``, ``rank``, ``recommended``, ``excluded``, ``layer``.  Failed batch items become rows with
    an ``error`` column (wide only), so a lost scenario is visible.
    """
    pd = pandas()
    found, errors = _reports(reports)
    if long:
        rows = [row for report in found for row in _pattern_rows(report)]
        columns = ["scenario", "pattern", "layer", "score", "rank", "recommended", "excluded", "partnership_status"]
        return pd.DataFrame(rows, columns=columns)
    rows = [report_record(report) for report in found]
    if errors:
        rows += errors
    return pd.DataFrame(rows)


def measures_records(network: PartnerNetwork) -> list[dict[str, Any]]:
    """One row per party of the network: kind, scale and the measures (strength, dependency, bargaining, brokerage)."""
    brokerage = network.brokerage()
    rows = []
    for party in network.parties:
        node = network.graph.nodes[party]
        strength = network.strength(party)
        dependency = network.dependency(party)
        bargaining = network.bargaining(party)
        broker = brokerage[party]
        rows.append(
            {
                "party": party,
                "kind": node.get("kind"),
                "scale": node.get("scale"),
                "strength": strength.ratio,
                "partners": len(strength.partners),
                "total_share": dependency.total_share,
                "hhi": dependency.hhi,
                "max_dependence": max(bargaining.dependence_index.values(), default=None),
                "exclusive": len(bargaining.exclusive),
                "constraint": broker.constraint,
                "effective_size": broker.effective_size,
                "betweenness": broker.betweenness,
            }
        )
    return rows


def findings_records(network: PartnerNetwork) -> list[dict[str, Any]]:
    """One row per network finding: drawback, rule, severity, subject (comma-joined party ids) and reasons."""
    return [
        {
            "drawback": f.drawback,
            "rule": f.rule,
            "severity": f.severity,
            "subject": _ids(f.subject),
            "reason_id": f.reason.get("id"),
            "reason_en": f.reason.get("en"),
            "mitigation_id": f.mitigation.get("id"),
            "mitigation_en": f.mitigation.get("en"),
        }
        for f in network.findings()
    ]


def measures_frame(network: PartnerNetwork) -> Any:
    """:func:`measures_records` as a DataFrame indexed by party."""
    columns = list(_MEASURE_COLUMNS)
    return pandas().DataFrame(measures_records(network), columns=columns).set_index("party")


def findings_frame(network: PartnerNetwork) -> Any:
    """:func:`findings_records` as a DataFrame."""
    columns = ["drawback", "rule", "severity", "subject", "reason_id", "reason_en", "mitigation_id", "mitigation_en"]
    return pandas().DataFrame(findings_records(network), columns=columns)


_MEASURE_COLUMNS = (
    "party",
    "kind",
    "scale",
    "strength",
    "partners",
    "total_share",
    "hhi",
    "max_dependence",
    "exclusive",
    "constraint",
    "effective_size",
    "betweenness",
)

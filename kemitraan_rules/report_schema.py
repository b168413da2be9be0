"""The layout of ``Report.to_dict()``: its JSON Schema, and reading it back into a :class:`Report`.

Why: batch output is JSON lines of ``Report.to_dict()``; a researcher loads it later and wants Reports back
(``Report.from_dict``), and a program reading the JSON wants its layout documented.  The schema is written here
from the same names ``to_dict`` uses and shipped as ``schemas/report.schema.json`` (a test keeps the two equal).

``to_dict`` carries the why-not of the patterns that were not recommended only; a report read back has, for a
recommended pattern, a :class:`~kemitraan_rules.report.WhyNot` with its exclusions and counter-evidence and no
unfired rules.  Everything else reads back equal: ``Report.from_dict(r.to_dict()).to_dict() == r.to_dict()``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .errors import Problem, ReportDataError

__all__ = ["consortium_report_json_schema", "report_from_dict", "report_json_schema", "write_report_schema"]

_TEXTS = {"type": "object", "description": "A text by language ('id', 'en').", "additionalProperties": {"type": "string"}}
_RULE_IDS = {"type": "array", "items": {"type": "string"}}
_BASIS = {
    "enum": ["paper", "law", "interpretation", None],
    "description": "What a rule rests on: the paper, the law as the paper cites it, or this library's interpretation.",
}


def _object(properties: Mapping[str, Any], required: tuple[str, ...] | None = None, description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False, "properties": dict(properties)}
    schema["required"] = list(properties) if required is None else list(required)
    if description:
        schema["description"] = description
    return schema


_RULE = _object(
    {
        "id": {"type": "string"},
        "ruleset": {"type": "string"},
        "text": _TEXTS,
        "source": {"type": "string", "description": "Where the rule comes from (paper, law, page)."},
        "weight": {"type": "number", "description": "Weight of a pattern rule (negative: against the pattern)."},
        "basis": _BASIS,
        "basis_note": {**_TEXTS, "description": "Why, for an interpretation of this library."},
    },
    ("id", "ruleset", "text", "source"),
    "A rule as cited in a report.",
)
_RULES = {"type": "array", "items": {"$ref": "#/$defs/rule"}}
_RECOMMENDATION = _object(
    {
        "pattern": {"type": "string"},
        "layer": {"type": "string", "description": "'family' (Kamil 2010) or 'legal' (UU 9/1995)."},
        "label": _TEXTS,
        "score": {"type": "number", "description": "Sum of the weights of the fired rules for the pattern."},
        "recommended": {"type": "boolean"},
        "excluded": {"type": "boolean"},
        "rank": {"type": "integer", "minimum": 1, "description": "Rank within the layer (1: best)."},
        "rules": {**_RULES, "description": "Every rule that moved the pattern (by id)."},
        "supporting": {**_RULE_IDS, "description": "Ids of the rules for it (positive weight)."},
        "against": {**_RULE_IDS, "description": "Ids of the rules against it (negative weight)."},
        "excluded_by": {**_RULE_IDS, "description": "Ids of the rules that exclude it."},
        "out_of_scope": {"type": "boolean", "description": "Outside the law's scope (e.g. two small parties), not barred."},
        "out_of_scope_by": {**_RULE_IDS, "description": "Ids of the rules that put it outside the law's scope."},
    },
    description="One pattern's standing.",
)
_ASSESSMENT = _object(
    {
        "id": {"type": "string"},
        "label": _TEXTS,
        "status": {"enum": ["met", "unmet", "unknown"]},
        "rules": _RULES,
        "met_by": _RULE_IDS,
        "unmet_by": _RULE_IDS,
        "remedy_steps": {"type": "array", "items": {"type": "string"}, "description": "Steps to take first (not met only)."},
    },
    ("id", "label", "status", "rules"),
    "A precondition, principle or element and its status.",
)
_WARNING = _object(
    {
        "drawback": {"type": "string"},
        "rule": {"type": "string"},
        "severity": {"enum": ["info", "warning", "critical"]},
        "label": _TEXTS,
        "reason": _TEXTS,
        "mitigation": _TEXTS,
        "source": {"type": "string"},
        "subject": {"type": "array", "items": {"type": "string"}, "description": "Ids of the parties concerned."},
        "basis": _BASIS,
        "basis_note": {**_TEXTS, "description": "Why, for an interpretation of this library."},
    },
    ("drawback", "rule", "severity", "label", "reason", "mitigation", "source", "subject"),
    description="A drawback that applies, why, and what to do.",
)
_FAILED = _object(
    {
        "condition": {"type": "string", "description": "The condition, in rule syntax (for programs)."},
        "field": {"type": "string"},
        "actual": {"description": "The value the scenario had (null: unknown or not derived)."},
        "text": {**_TEXTS, "description": "The condition as a sentence, by language."},
        "via": {
            "type": "array",
            "items": {"type": "array", "items": {"$ref": "#/$defs/failed"}},
            "description": "For a derived fact not derived: per rule that would derive it, its conditions that failed.",
        },
    },
    ("condition", "field", "actual"),
    "A condition of a rule that did not hold.",
)
_WHY_NOT = _object(
    {
        "pattern": {"type": "string"},
        "recommended": {"type": "boolean"},
        "score": {"type": "number"},
        "threshold": {"type": "number"},
        "excluded_by": _RULES,
        "out_of_scope_by": _RULES,
        "against": _RULES,
        "unfired": {
            "type": "array",
            "items": _object(
                {
                    "rule": {"$ref": "#/$defs/rule"},
                    "failed": {"type": "array", "items": {"$ref": "#/$defs/failed"}},
                },
                description="A supporting rule that did not fire and the conditions that failed (actual: null when unknown).",
            ),
        },
    },
    description="Why a pattern was not recommended.",
)


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``Report.to_dict()``, as shipped in ``schemas/report.schema.json``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kemitraan-rules.invalid/schemas/report.schema.json",
        "title": "kemitraan-rules report (Report.to_dict())",
        "type": "object",
        "additionalProperties": False,
        "required": [
            "scenario",
            "title",
            "partnership_status",
            "next_steps",
            "recommendations",
            "preconditions",
            "principles",
            "elements",
            "warnings",
            "why_not",
            "fired",
            "facts",
            "threshold",
            "rulesets",
        ],
        "properties": {
            "scenario": {"type": "string", "description": "Id of the scenario evaluated."},
            "title": {"type": "string"},
            "partnership_status": {"enum": ["partnership", "not_yet", "undetermined"]},
            "next_steps": {"type": "array", "items": {"type": "string"}, "description": "Ids of the steps to take first."},
            "recommendations": {"type": "array", "items": {"$ref": "#/$defs/recommendation"}, "description": "Both layers, ranked."},
            "preconditions": {"type": "array", "items": {"$ref": "#/$defs/assessment"}},
            "principles": {"type": "array", "items": {"$ref": "#/$defs/assessment"}},
            "elements": {"type": "array", "items": {"$ref": "#/$defs/assessment"}},
            "keys": {
                "type": "array",
                "items": {"$ref": "#/$defs/assessment"},
                "description": "The key to carrying the partnership out (coordination, integration, synchronisation of programmes).",
            },
            "warnings": {"type": "array", "items": {"$ref": "#/$defs/warning"}},
            "why_not": {"type": "object", "additionalProperties": {"$ref": "#/$defs/why_not"}, "description": "By pattern, not recommended only."},
            "fired": {"type": "array", "items": {"type": "string"}, "description": "Ids of the rules that fired."},
            "facts": {"type": "object", "description": "The facts the rules saw (field: value)."},
            "threshold": {"type": "number"},
            "rulesets": {"type": "array", "items": _object({"name": {"type": "string"}, "version": {"type": "string"}})},
            "step": {"type": ["string", "null"], "description": "Id of the step the partnership has reached (null: not given)."},
            "revisit": {
                "type": "array",
                "items": _object(
                    {
                        "precondition": {"type": "string"},
                        "label": _TEXTS,
                        "status": {"enum": ["unmet", "unknown"]},
                        "steps": {"type": "array", "items": {"type": "string"}},
                        "reasons": {"type": "array", "items": _TEXTS},
                    }
                ),
                "description": "Earlier steps an unmet or unknown precondition sends the parties back to (never in next_steps).",
            },
            "strength": _object(
                {
                    "status": {"enum": ["timpang", "sebanding", "tidak_diketahui"]},
                    "evidence": {"type": "array", "items": {"type": "string"}},
                    "stronger": {"type": ["string", "null"], "description": "Id of the stronger party."},
                    "stronger_name": {"type": ["string", "null"], "description": "Its name (its id when it has none), as texts show it."},
                },
                ("status", "evidence", "stronger"),
                description="Who is the stronger party, from evidence only (never from who asked).",
            ),
            "benefits": {
                "type": "array",
                "items": _object(
                    {"id": {"type": "string"}, "label": _TEXTS, "description": _TEXTS, "source": {"type": "string"}, "patterns": _RULE_IDS}
                ),
                "description": "What the recommended patterns can bring (Kamil 2010, Hafsah 2010).",
            },
            "law": _object(
                {"id": {"type": "string"}, "label": _TEXTS, "note": {"anyOf": [_TEXTS, {"type": "null"}]}},
                description="The legal profile the rules were loaded for, and the note on a replaced law.",
            ),
        },
        "$defs": {
            "failed": _FAILED,
            "rule": _RULE,
            "recommendation": _RECOMMENDATION,
            "assessment": _ASSESSMENT,
            "warning": _WARNING,
            "why_not": _WHY_NOT,
        },
    }


def consortium_report_json_schema() -> dict[str, Any]:
    """The JSON Schema of ``ConsortiumReport.to_dict()`` (``schemas/consortium_report.schema.json``): the whole
    partnership's status, summary, members and findings, and each link's full report (:func:`report_json_schema`,
    embedded as its own resource)."""
    report = {key: value for key, value in report_json_schema().items() if key != "$schema"}
    status = {"enum": ["partnership", "not_yet", "undetermined"]}
    required = ("id", "concept_kind", "concept", "label", "status", "reasons", "source", "basis", "members", "links")
    finding = _object(
        {
            "id": {"type": "string"},
            "concept_kind": {"enum": ["precondition", "key", "drawback"]},
            "concept": {"type": "string"},
            "label": _TEXTS,
            "status": {"enum": ["met", "unmet", "unknown", "warning"]},
            "reasons": {"type": "array", "items": _TEXTS},
            "source": {"type": "string"},
            "basis": _BASIS,
            "members": _RULE_IDS,
            "links": _RULE_IDS,
            "basis_note": _TEXTS,
            "mitigation": _TEXTS,
        },
        required,
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kemitraan-rules.invalid/schemas/consortium_report.schema.json",
        "title": "kemitraan-rules consortium report (ConsortiumReport.to_dict())",
        **_object(
            {
                "kind": {"const": "consortium"},
                "consortium": {"type": "string", "description": "Id of the consortium evaluated."},
                "title": {"type": "string"},
                "partnership_status": status,
                "summary": {"type": "object", "description": "Counts of members, links by status and warnings; the key's status."},
                "members": {
                    "type": "array",
                    "items": _object({"party": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}, "roles": _RULE_IDS}),
                },
                "findings": {"type": "array", "items": finding, "description": "Findings on the partnership as a whole."},
                "links": {
                    "type": "array",
                    "items": _object(
                        {
                            "id": {"type": "string"},
                            "seeker": {"type": "string"},
                            "candidate": {"type": "string"},
                            "report": {"$ref": "#/$defs/report"},
                        }
                    ),
                },
            }
        ),
        "$defs": {"report": report},
    }


def write_report_schema(path: str | Path, consortium_path: str | Path | None = None) -> None:
    """Write :func:`report_json_schema` to ``path`` (and :func:`consortium_report_json_schema` to ``consortium_path``),
    used to refresh the shipped schema files."""
    Path(path).write_text(json.dumps(report_json_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if consortium_path is not None:
        text = json.dumps(consortium_report_json_schema(), indent=2, ensure_ascii=False) + "\n"
        Path(consortium_path).write_text(text, encoding="utf-8")


def _check(data: object) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(report_json_schema())
    problems = [
        Problem(path=".".join(str(p) for p in error.absolute_path) or "(report)", message=error.message)
        for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    ]
    if problems:
        raise ReportDataError(problems[:20])


def report_from_dict(data: Mapping[str, Any]) -> Any:
    """A :class:`~kemitraan_rules.report.Report` from ``Report.to_dict()`` output (e.g. a line of batch JSONL).

    The data is checked against :func:`report_json_schema` first: a :class:`ReportDataError` names every path that
    does not fit.
    """
    from .report import Assessment, DrawbackWarning, FailedCondition, Recommendation, Report, RuleRef, UnfiredRule, WhyNot

    _check(data)

    def ref(raw: Mapping[str, Any]) -> RuleRef:
        return RuleRef(
            raw["id"], raw["ruleset"], dict(raw["text"]), raw["source"], raw.get("weight"), raw.get("basis"), dict(raw.get("basis_note", {}))
        )

    def failed(raw: Mapping[str, Any]) -> FailedCondition:
        via = tuple(tuple(failed(f) for f in group) for group in raw.get("via", ()))
        return FailedCondition(raw["condition"], raw["field"], raw["actual"], dict(raw.get("text", {})), via)

    def pick(refs: Mapping[str, RuleRef], ids: list[str]) -> tuple[RuleRef, ...]:
        return tuple(refs[i] for i in ids if i in refs)

    recommendations = []
    for raw in data["recommendations"]:
        refs = {r["id"]: ref(r) for r in raw["rules"]}
        recommendations.append(
            Recommendation(
                pattern=raw["pattern"],
                layer=raw["layer"],
                label=dict(raw["label"]),
                score=raw["score"],
                recommended=raw["recommended"],
                excluded=raw["excluded"],
                rank=raw["rank"],
                supporting=pick(refs, raw["supporting"]),
                against=pick(refs, raw["against"]),
                excluded_by=pick(refs, raw["excluded_by"]),
                out_of_scope=raw.get("out_of_scope", False),
                out_of_scope_by=pick(refs, raw.get("out_of_scope_by", [])),
            )
        )

    def assessments(kind: str, items: list[Mapping[str, Any]]) -> tuple[Assessment, ...]:
        result = []
        for raw in items:
            refs = {r["id"]: ref(r) for r in raw["rules"]}
            met = raw.get("met_by")
            unmet = raw.get("unmet_by")
            if met is None or unmet is None:  # written before met_by/unmet_by existed: the status decides
                met, unmet = (list(refs), []) if raw["status"] == "met" else ([], list(refs))
            result.append(
                Assessment(kind, raw["id"], dict(raw["label"]), raw["status"], pick(refs, met), pick(refs, unmet), tuple(raw.get("remedy_steps", ())))
            )
        return tuple(result)

    warnings = tuple(
        DrawbackWarning(
            drawback=w["drawback"],
            rule=w["rule"],
            severity=w["severity"],
            label=dict(w["label"]),
            reason=dict(w["reason"]),
            mitigation=dict(w["mitigation"]),
            source=w["source"],
            subject=tuple(w["subject"]),
            basis=w.get("basis"),
            basis_note=dict(w.get("basis_note", {})),
        )
        for w in data["warnings"]
    )
    explanations: dict[str, WhyNot] = {}
    for entry in recommendations:
        raw_why = data["why_not"].get(entry.pattern)
        if raw_why is None:
            threshold = data["threshold"]
            explanations[entry.pattern] = WhyNot(
                entry.pattern, entry.recommended, entry.score, threshold, entry.excluded_by, entry.against, (), entry.out_of_scope_by
            )
            continue
        unfired = tuple(UnfiredRule(ref(u["rule"]), tuple(failed(f) for f in u["failed"])) for u in raw_why["unfired"])
        explanations[entry.pattern] = WhyNot(
            raw_why["pattern"],
            raw_why["recommended"],
            raw_why["score"],
            raw_why["threshold"],
            tuple(ref(r) for r in raw_why["excluded_by"]),
            tuple(ref(r) for r in raw_why["against"]),
            unfired,
            tuple(ref(r) for r in raw_why.get("out_of_scope_by", [])),
        )
    return Report(
        scenario=data["scenario"],
        title=data["title"],
        recommendations=tuple(recommendations),
        preconditions=assessments("precondition", data["preconditions"]),
        principles=assessments("principle", data["principles"]),
        elements=assessments("element", data["elements"]),
        keys=assessments("key", data.get("keys", [])),
        warnings=warnings,
        fired=tuple(data["fired"]),
        facts=dict(data["facts"]),
        threshold=data["threshold"],
        rulesets=tuple((r["name"], r["version"]) for r in data["rulesets"]),
        explanations=explanations,
        **_later_fields(data),
    )


def _later_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The report fields added after the first layout (strength, benefits, law): read when present, else defaults."""
    from . import vocabulary as v
    from .report import Benefit

    fields: dict[str, Any] = {}
    if "strength" in data:
        strength = data["strength"]
        fields.update(strength=strength["status"], strength_evidence=tuple(strength["evidence"]), stronger=strength["stronger"])
        fields["stronger_name"] = strength.get("stronger_name") or strength["stronger"] or ""
    if "benefits" in data:
        fields["benefits"] = tuple(
            Benefit(b["id"], dict(b["label"]), dict(b["description"]), b["source"], tuple(b["patterns"])) for b in data["benefits"]
        )
    law = data.get("law")
    fields.update(law=law["id"] if law else v.DEFAULT_LAW, law_note=dict(law["note"] or {}) if law else {})
    return fields

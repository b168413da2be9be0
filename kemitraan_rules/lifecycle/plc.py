"""The LKP network cycle (figure 1 of the paper, after Kemendiknas 2010).

An LKP judges itself in four aspects (people, facilities, course programmes, graduates), improves internally by
the Program Life Cycle -- five stages that repeat: running courses, continuous quality improvement from monitoring
and evaluation, satisfying service, a positive public image, growing enrolment -- and externally by networking.

:func:`assess_cycle` says where an institution stands in the cycle from its indicators (enrolment trend,
satisfaction, graduates placed, whether improvement runs from monitoring and evaluation) and what the paper
suggests next.  The stage conditions and guidance are data (``rulesets/lifecycle/plc.yaml``); the first stage whose
conditions do not all hold is where the cycle stalls.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .. import vocabulary as v
from .._validate import A_BOOL
from .._yaml import FieldPath, SourceMap
from ..errors import Problem, shown, type_word
from ..vocabulary import Text
from .rules import PLC_INDICATORS, LifecycleRules, PlcCondition, load_lifecycle_rules

__all__ = ["INDICATORS", "CycleAssessment", "assess_cycle", "check_indicators"]

#: The indicators the cycle reads, with their type (``enum``, ``level``, ``ratio``, ``bool``).
INDICATORS: tuple[str, ...] = tuple(PLC_INDICATORS)


def check_indicators(data: object, path: FieldPath, source: SourceMap, problems: list[Problem]) -> dict[str, Any]:
    """Validate a mapping of indicators, appending problems (with positions in ``source``) to ``problems``."""
    if not isinstance(data, Mapping):
        problems.append(
            source.problem(
                path,
                "wrong_type",
                value=data,
                allowed=INDICATORS,
                expected=Text("pemetaan indikator", "a mapping of indicators"),
                got=type_word(data),
            )
        )
        return {}
    result: dict[str, Any] = {}
    for key, value in data.items():
        if key not in PLC_INDICATORS:
            problems.append(source.problem((*path, key), "unknown_choice", value=key, allowed=INDICATORS, what=Text("indikator", "indicator")))
            continue
        kind, values = PLC_INDICATORS[key]
        if kind == "ratio":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
                problems.append(source.problem((*path, key), "not_in_range", value=value, low=0, high=1))
                continue
            result[key] = float(value)
        elif kind == "bool":
            if not isinstance(value, bool):
                problems.append(source.problem((*path, key), "wrong_type", value=value, expected=A_BOOL, got=shown(value)))
                continue
            result[key] = value
        else:
            canonical = v.normalise(value, values, {**v.LEVEL_ALIASES, "rising": "naik", "stable": "tetap", "falling": "turun"})
            if canonical not in values:
                problems.append(source.problem((*path, key), "unknown_value", value=value, allowed=values))
                continue
            result[key] = canonical
    return result


@attrs.frozen
class CycleAssessment:
    """Where an LKP stands in the Program Life Cycle and what to do next.

    ``stage`` is the stage where the cycle stalls (or the last stage when every stage is healthy, ``complete``);
    ``unknown`` lists the indicators that were needed but not given; ``healthy`` the stages whose conditions hold.
    """

    stage: str
    complete: bool
    healthy: tuple[str, ...]
    unknown: tuple[str, ...]
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    guidance: Text

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        return {
            "stage": self.stage,
            "complete": self.complete,
            "healthy": list(self.healthy),
            "unknown": list(self.unknown),
            "strengths": list(self.strengths),
            "weaknesses": list(self.weaknesses),
            "guidance": self.guidance.get(lang),
        }


def _holds(condition: PlcCondition, aspects: Mapping[str, str], indicators: Mapping[str, Any]) -> bool | None:
    """Whether a stage condition holds; ``None`` when the indicator it needs is unknown."""
    params = condition.params
    if condition.kind == "aspects_strong":
        return not any(aspects.get(aspect) == "lemah" for aspect in params["aspects"])
    value = indicators.get(params["indicator"])
    if value is None:
        return None
    if condition.kind == "indicator_in":
        return bool(value in params["values"])
    if condition.kind == "indicator_at_least":
        target = params["value"]
        if isinstance(target, str):
            return v.LEVELS.index(value) >= v.LEVELS.index(target)
        return float(value) >= float(target)
    raise AssertionError(f"unknown condition {condition.kind!r}")  # pragma: no cover - the loader refuses it


def assess_cycle(
    aspects: Mapping[str, str],
    indicators: Mapping[str, Any],
    *,
    rules: LifecycleRules | None = None,
) -> CycleAssessment:
    """Where the institution stands in the Program Life Cycle, from its aspects (kuat/lemah) and indicators.

    The stages are read in cycle order; the first whose conditions do not all hold (an unknown indicator counts as
    not holding, and is listed in ``unknown``) is where the cycle stalls, and its guidance is what to do next.
    """
    rules = rules or load_lifecycle_rules()
    healthy: list[str] = []
    unknown: list[str] = []
    stalled: str | None = None
    for stage in v.PLC_STAGES:
        conditions, _ = rules.plc_stages[stage]
        results = [_holds(condition, aspects, indicators) for condition in conditions]
        for condition, result in zip(conditions, results, strict=True):
            if result is None and condition.params["indicator"] not in unknown:
                unknown.append(condition.params["indicator"])
        if all(result is True for result in results):
            healthy.append(stage)
        elif stalled is None:
            stalled = stage
    strengths = tuple(a for a in v.LKP_ASPECTS if aspects.get(a) == "kuat")
    weaknesses = tuple(a for a in v.LKP_ASPECTS if aspects.get(a) == "lemah")
    if stalled is None:
        return CycleAssessment(v.PLC_STAGES[-1], True, tuple(healthy), (), strengths, weaknesses, rules.cycle_complete)
    return CycleAssessment(stalled, False, tuple(healthy), tuple(unknown), strengths, weaknesses, rules.plc_stages[stalled][1])

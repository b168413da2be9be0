"""kemitraan-rules: rule-based decision support for partnerships (kemitraan).

See the README for a tour; the public API is listed in ``__all__``.
"""

from __future__ import annotations

from .batch import evaluate_many
from .display import options
from .engine import Engine, LawComparison, compare_laws
from .errors import (
    EvaluationError,
    KemitraanError,
    LifecycleError,
    MissingExtraError,
    NetworkError,
    Problem,
    ReportDataError,
    RulesetError,
    ScenarioError,
    UnknownIdError,
)
from .explore import ReportDiff
from .report import Report, WhyNot
from .rules import RuleBase, builtin, load_rulesets
from .scenario import Party, Relationship, Scenario, load_scenario, scenario_from_dict
from .tables import reports_to_frame

__version__ = "0.1.0"

__all__ = [
    "Engine",
    "EvaluationError",
    "KemitraanError",
    "LawComparison",
    "LifecycleError",
    "MissingExtraError",
    "NetworkError",
    "Party",
    "Problem",
    "Relationship",
    "Report",
    "ReportDataError",
    "ReportDiff",
    "RuleBase",
    "RulesetError",
    "Scenario",
    "ScenarioError",
    "UnknownIdError",
    "WhyNot",
    "__version__",
    "builtin",
    "compare_laws",
    "evaluate_many",
    "load_rulesets",
    "load_scenario",
    "options",
    "reports_to_frame",
    "scenario_from_dict",
]

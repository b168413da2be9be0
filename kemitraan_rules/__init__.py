"""kemitraan-rules: rule-based decision support for partnerships (kemitraan).

See the README for a tour; the public API is listed in ``__all__``.
"""

from __future__ import annotations

from .batch import evaluate_many
from .engine import Engine, LawComparison, compare_laws
from .errors import (
    EvaluationError,
    KemitraanError,
    LifecycleError,
    NetworkError,
    Problem,
    RulesetError,
    ScenarioError,
    UnknownIdError,
)
from .report import Report
from .rules import RuleBase, builtin, load_rulesets
from .scenario import Party, Relationship, Scenario, load_scenario, scenario_from_dict

__version__ = "0.1.0"

__all__ = [
    "Engine",
    "EvaluationError",
    "KemitraanError",
    "LawComparison",
    "LifecycleError",
    "NetworkError",
    "Party",
    "Problem",
    "Relationship",
    "Report",
    "RuleBase",
    "RulesetError",
    "Scenario",
    "ScenarioError",
    "UnknownIdError",
    "__version__",
    "builtin",
    "compare_laws",
    "evaluate_many",
    "load_rulesets",
    "load_scenario",
    "scenario_from_dict",
]

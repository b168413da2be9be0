"""kemitraan-rules: rule-based decision support for partnerships (kemitraan).

See the README for a tour; the public API is listed in ``__all__``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:  # what type checkers and IDEs see; at run time each name is imported on first use (below)
    from .batch import evaluate_many
    from .display import options
    from .engine import Engine, LawComparison, compare_laws
    from .explore import ReportDiff
    from .report import Report, WhyNot
    from .rules import RuleBase, builtin, load_rulesets
    from .scenario import Party, Relationship, Scenario, load_scenario, scenario_from_dict
    from .tables import reports_to_frame

#: Public names and the module that defines each.  They are imported when first used (PEP 562), so that
#: ``import kemitraan_rules`` (and the CLI, which starts with it) does not load the engine, the parallel batch
#: machinery (``multiprocessing``, ``concurrent.futures``) and the exploration tools a run may never need.
_LAZY = {
    "evaluate_many": "batch",
    "options": "display",
    "Engine": "engine",
    "LawComparison": "engine",
    "compare_laws": "engine",
    "ReportDiff": "explore",
    "Report": "report",
    "WhyNot": "report",
    "RuleBase": "rules",
    "builtin": "rules",
    "load_rulesets": "rules",
    "Party": "scenario",
    "Relationship": "scenario",
    "Scenario": "scenario",
    "load_scenario": "scenario",
    "scenario_from_dict": "scenario",
    "reports_to_frame": "tables",
}


def lazy_attributes(package: str, table: dict[str, str], namespace: dict[str, Any]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` (PEP 562) for public names imported on first use.

    ``table`` maps each name to the submodule defining it; a name read once is stored in ``namespace`` (the package's
    globals), so later lookups are plain attribute reads.  Used here and by the wings that defer their imports.
    """

    def getattr_(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value
        return value

    def dir_() -> list[str]:
        return sorted({*namespace, *table})

    return getattr_, dir_


__getattr__, __dir__ = lazy_attributes(__name__, _LAZY, globals())


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

"""A small application that uses kemitraan-rules with full types (checked by ``mypy --strict`` in the tests).

It is what an app developer writes: evaluate a scenario, pick the best legal pattern, list the warnings.  mypy sees
the library's own annotations because the package ships ``py.typed`` (PEP 561); without it every name below would
be ``Any`` and the deliberate mistake in ``tests/test_packaging.py`` would go unnoticed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kemitraan_rules import Engine, Report, ScenarioError, load_scenario


def best_legal_pattern(report: Report) -> str | None:
    """The id of the best-ranked legal pattern, or None when no pattern is recommended."""
    best = report.best("legal")
    return None if best is None else best.pattern


def main(path: Path) -> int:
    """Evaluate the scenario at ``path`` and print its best legal pattern and its warnings."""
    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        print(exc, file=sys.stderr)
        return 2
    report: Report = Engine().evaluate(scenario)
    print(best_legal_pattern(report))
    for warning in report.warnings:
        drawback: str = warning.drawback
        print(drawback, warning.mitigation["en"])
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))

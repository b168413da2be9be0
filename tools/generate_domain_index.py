"""Regenerate the rule index of ``docs/domain.md``: for every concept of the paper, the built-in rules that conclude
about it (and the derived facts, with the rules that derive them).

Why: docs/domain.md maps each paper concept to its rules; written by hand, that map goes stale with every rule
change.  The index is the text between the ``rules-index`` markers; the rest of the page is prose.  Re-run after
changing the built-in rules (a test checks that every rule id appears in the page):

    python tools/generate_domain_index.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kemitraan_rules.engine import Engine  # noqa: E402

DOC = ROOT / "docs" / "domain.md"
START, END = "<!-- rules-index:start -->", "<!-- rules-index:end -->"
TARGET = {"recommend": "pattern", "exclude": "pattern", "out_of_scope": "pattern", "precondition": "precondition", "principle": "principle"}
TARGET |= {"element": "element", "key": "key", "warn": "drawback", "derive": "derived"}


def index() -> str:
    base = Engine().rulebase
    by_target: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rule in base.rules:
        for conclusion in rule.conclusions:
            entry = rule.id
            if conclusion.kind == "exclude":
                entry += " (bar)"
            elif conclusion.kind == "out_of_scope":
                entry += " (outside scope)"
            elif conclusion.kind == "recommend":
                entry += f" ({conclusion.weight:+g})"
            elif conclusion.kind == "warn":
                entry += f" ({conclusion.severity})"
            elif conclusion.kind in ("precondition", "principle", "element", "key"):
                entry += f" ({conclusion.status})"
            if rule.basis is not None and rule.basis.is_interpretation:
                entry += " *"
            key = (TARGET[conclusion.kind], conclusion.target)
            if entry not in by_target[key]:
                by_target[key].append(entry)
    lines = ["Rules marked `*` rest on an interpretation (their basis note says why).", ""]
    for kind in ("pattern", "precondition", "principle", "element", "key", "drawback"):
        lines += [f"### {kind}", "", "| concept | rules (weight, status or severity) |", "|---|---|"]
        for concept_id in base.concept_ids(kind):
            label = base.concept(kind, concept_id).label["en"]
            rules = ", ".join(f"`{r}`" for r in sorted(by_target.get((kind, concept_id), [])))
            lines.append(f"| `{concept_id}` ({label}) | {rules or '-'} |")
        lines.append("")
    lines += ["### benefit", "", "| benefit | shown with (recommended patterns; - any partnership) | source |", "|---|---|---|"]
    for benefit_id in base.concept_ids("benefit"):
        concept = base.concept("benefit", benefit_id)
        patterns = ", ".join(f"`{p}`" for p in concept.patterns) or "-"
        lines.append(f"| `{benefit_id}` ({concept.label['en']}) | {patterns} | {concept.source} |")
    lines.append("")
    lines += ["### derived facts", "", "| fact | derived by |", "|---|---|"]
    for (kind, target), rules in sorted(by_target.items()):
        if kind == "derived":
            lines.append(f"| `derived.{target}` | {', '.join(f'`{r}`' for r in sorted(rules))} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    text = DOC.read_text(encoding="utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{index()}{END}{tail}", encoding="utf-8")


if __name__ == "__main__":
    main()

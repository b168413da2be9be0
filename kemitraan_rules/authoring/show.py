"""Rules as readable text in Indonesian or English, with their source; the table of fact fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import suggest
from ..facts import FIELDS, FieldSpec
from ..operators import OPERATORS
from ..rules import (
    Conclusion,
    Condition,
    RuleBase,
    RuleSpec,
)

# --------------------------------------------------------------------------------------------------------------------
# show and fields
# --------------------------------------------------------------------------------------------------------------------

_WORDS: Mapping[str, Mapping[str, str]] = {
    "id": {
        "if": "JIKA",
        "then": "MAKA",
        "and": "dan",
        "why": "Alasan",
        "source": "Sumber",
        "ruleset": "ruleset",
        "recommend": "rekomendasikan pola {target} (bobot {weight})",
        "exclude": "kecualikan pola {target}",
        "out_of_scope": "pola {target} di luar cakupan undang-undang",
        "precondition": "prasyarat {target}: {status}",
        "principle": "prinsip {target}: {status}",
        "element": "unsur {target}: {status}",
        "key": "kunci pelaksanaan {target}: {status}",
        "warn": "peringatkan kelemahan {target} (tingkat {severity})",
        "derive": "simpulkan {target} = {value}",
        "met": "terpenuhi",
        "unmet": "tidak terpenuhi",
        "true": "ya",
        "false": "tidak",
    },
    "en": {
        "if": "IF",
        "then": "THEN",
        "and": "and",
        "why": "Why",
        "source": "Source",
        "ruleset": "ruleset",
        "recommend": "recommend pattern {target} (weight {weight})",
        "exclude": "exclude pattern {target}",
        "out_of_scope": "pattern {target} is outside the law's scope",
        "precondition": "precondition {target}: {status}",
        "principle": "principle {target}: {status}",
        "element": "element {target}: {status}",
        "key": "key to carrying it out {target}: {status}",
        "warn": "warn of drawback {target} (severity {severity})",
        "derive": "derive {target} = {value}",
        "met": "met",
        "unmet": "not met",
        "true": "yes",
        "false": "no",
    },
}


def _word(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return _WORDS[lang]["true" if value else "false"]
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_word(x, lang) for x in value) + "]"
    return str(value)


def condition_text(condition: Condition, lang: str = "id") -> str:
    """A condition in words: ``relation.trust sama dengan tinggi`` / ``relation.trust is tinggi``."""
    words = OPERATORS[condition.op].words[lang]
    if condition.op in ("exists", "missing"):
        return f"{condition.field} {words}"
    return f"{condition.field} {words} {_word(condition.operand, lang)}"


def conclusion_text(conclusion: Conclusion, base: RuleBase | None = None, lang: str = "id") -> str:
    """A conclusion in words, with the concept's label when the rule base knows it."""
    words = _WORDS[lang]
    kind = {"recommend": "pattern", "exclude": "pattern", "out_of_scope": "pattern", "warn": "drawback"}.get(conclusion.kind, conclusion.kind)
    target = conclusion.target if conclusion.kind != "derive" else f"derived.{conclusion.target}"
    if base is not None and (kind, conclusion.target) in base.concepts:
        label = base.concepts[(kind, conclusion.target)].label.get(lang)
        if label:
            target = f"{conclusion.target} ({label})"
    return words[conclusion.kind].format(
        target=target,
        weight=f"{conclusion.weight:+g}",
        status=words.get(conclusion.status, conclusion.status),
        severity=conclusion.severity,
        value=_word(conclusion.value, lang),
    )


def rule_text(rule: RuleSpec, base: RuleBase | None = None, lang: str = "id") -> str:
    """One rule as readable text: id, ruleset and location, conditions, conclusions, reason and source."""
    words = _WORDS[lang]
    lines = [f"{rule.id}  ({words['ruleset']} {rule.ruleset}, {rule.location})"]
    lines.append(f"  {words['if']}")
    for index, condition in enumerate(rule.conditions):
        prefix = "    " if index == 0 else f"    {words['and']} "
        lines.append(prefix + condition_text(condition, lang))
    lines.append(f"  {words['then']}")
    lines += [f"    {conclusion_text(c, base, lang)}" for c in rule.conclusions]
    lines.append(f"  {words['why']}: {rule.text.get(lang, '')}")
    lines.append(f"  {words['source']}: {rule.source}")
    return "\n".join(lines)


def show_rules(base: RuleBase, rule_id: str | None = None, *, lang: str = "id") -> str:
    """A rule (or every rule, grouped by ruleset with name and version) as readable text.

    Raises ``KeyError`` naming the closest known id when ``rule_id`` is unknown.
    """
    if lang not in _WORDS:
        raise ValueError(f"unknown language {lang!r} (use 'id' or 'en')")
    if rule_id is not None:
        ids = [r.id for r in base.rules]
        if rule_id not in ids:
            hint = suggest(rule_id, ids)
            raise KeyError(f"unknown rule id {rule_id!r}" + (f"; did you mean '{hint}'?" if hint else ""))
        return rule_text(base.rule(rule_id), base, lang)
    blocks: list[str] = []
    for info in base.rulesets:
        rules = [r for r in base.rules if r.ruleset == info.name]
        header = f"# {info.name} {info.version} ({info.file}, {len(rules)} rules)"
        blocks.append("\n\n".join([header, *(rule_text(r, base, lang) for r in rules)]))
    return "\n\n".join(blocks)


def field_rows(base: RuleBase | None = None) -> tuple[FieldSpec, ...]:
    """Every field rules can test (with the derived facts of ``base``), sorted by name."""
    fields = base.fields if base is not None else dict(FIELDS)
    return tuple(fields[name] for name in sorted(fields))

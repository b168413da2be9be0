"""Rule authoring: check, lint, test and show rulesets, and the JSON Schema of rule files.

Rule authors (researchers, ministry staff, consultants) adapt the rulesets without writing Python.  This module
gives them what rule-authoring tools such as Drools and DMN give theirs, as plain functions that return typed,
frozen records (the ``kemitraan rules ...`` commands in :mod:`kemitraan_rules._cli_rules` only print them):

* :func:`check` validates rule files with the loader of :mod:`kemitraan_rules.rules` and returns every problem;
* :func:`lint` finds what is valid but probably wrong (rules that can never fire, shadowed or conflicting rules,
  gaps in the inventory, unused or underived derived facts, cycles of derived facts, duplicate ids);
* :func:`run_scenario_tests` runs the scenario tests authors write beside their rules (``<dir>/tests/*.yaml``);
* :func:`show_rules` renders rules as readable text in Indonesian or English, with their source;
* :func:`ruleset_json_schema` builds the JSON Schema shipped as ``schemas/ruleset.schema.json`` from the same
  tables the loader validates with (:data:`~kemitraan_rules.rules.OPERATORS`, :data:`~kemitraan_rules.facts.FIELDS`,
  ...), so that editors autocomplete exactly what the loader accepts.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import networkx as nx

from . import vocabulary as v
from ._yaml import FieldPath, SourceMap, load_document
from .engine import Engine
from .errors import Problem, RulesetError, ScenarioError, suggest
from .facts import FIELDS, LIST_SENTINEL, FieldSpec, extract_facts
from .report import Recommendation, Report
from .rules import (
    CONCLUSION_KINDS,
    MAX_RULES_PER_RULESET,
    OPERATORS,
    Conclusion,
    Condition,
    RuleBase,
    RuleSpec,
    builtin,
    load_rulesets,
)
from .scenario import Scenario, load_scenario, scenario_from_dict

__all__ = [
    "SCHEMA_PATH",
    "CheckResult",
    "ExpectationFailure",
    "LintReport",
    "LintWarning",
    "ScenarioTestResult",
    "ScenarioTestRun",
    "check",
    "format_problem",
    "lint",
    "rule_files",
    "ruleset_json_schema",
    "run_scenario_tests",
    "show_rules",
    "write_ruleset_schema",
]

#: The JSON Schema of rule files shipped with the package (point VS Code YAML at it).
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "ruleset.schema.json"
_RULE_ID_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)+$"
_NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
_SUFFIXES = (".yaml", ".yml", ".json")


# --------------------------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------------------------


def rule_files(paths: Iterable[str | Path], *, include_builtin: bool = True) -> list[Path]:
    """The ruleset files named by ``paths`` (directories or files), the built-in ones first when asked.

    Each file appears once even if it is named twice (a built-in file checked on its own is not loaded twice).
    A path that does not exist raises :class:`RulesetError`, as the loader does.
    """
    entries: list[Path] = [builtin()] if include_builtin else []
    entries += [Path(p) for p in paths]
    files: list[Path] = []
    seen: set[Path] = set()
    for entry in entries:
        if entry.is_dir():
            found = sorted(p for p in entry.iterdir() if p.is_file() and p.suffix in _SUFFIXES)
        elif entry.is_file():
            found = [entry]
        else:
            raise RulesetError([Problem(path="", message="no such rule file or directory", file=str(entry))], str(entry))
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


def format_problem(problem: Problem) -> str:
    """One problem as a compiler-style line: ``file:line:column: rule-id: message (allowed ...); did you mean ...``.

    The rule id is left out when the problem is not inside a rule; the field path is added at the end, since the
    location already points at it.
    """
    head = problem.location() or "<input>"
    parts = [head]
    if problem.rule:
        parts.append(problem.rule)
    text = problem.message
    if problem.allowed:
        if len(problem.allowed) <= 20:  # a longer list (every field, every rule id) hides the message
            text += f" (allowed: {', '.join(problem.allowed)})"
        hint = suggest(problem.value, problem.allowed)
        if hint is not None and hint != problem.value:
            text += f"; did you mean '{hint}'?"
    if problem.path:
        text += f" [at {problem.path}]"
    parts.append(text)
    return ": ".join(parts)


# --------------------------------------------------------------------------------------------------------------------
# check
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class CheckResult:
    """The outcome of :func:`check`: every problem found, and the rule base when there was none."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]
    base: RuleBase | None

    @property
    def ok(self) -> bool:
        return not self.problems


def check(paths: Sequence[str | Path], *, include_builtin: bool = True) -> CheckResult:
    """Validate the rule files in ``paths`` (with the built-in rulesets, which user rules usually refer to).

    Structure, ids, fact fields, operators and value types are checked by :func:`kemitraan_rules.rules.load_rulesets`;
    this function only gathers the files and turns the exception into a result.  A path that does not exist raises
    :class:`RulesetError` (unusable input, not a problem of a rule file).
    """
    files = rule_files(paths, include_builtin=include_builtin)
    names = tuple(str(f) for f in files)
    try:
        base = load_rulesets(files)
    except RulesetError as exc:
        return CheckResult(names, exc.problems, None)
    return CheckResult(names, (), base)


# --------------------------------------------------------------------------------------------------------------------
# JSON Schema of rule files
# --------------------------------------------------------------------------------------------------------------------


def _value_schema(spec: FieldSpec) -> dict[str, Any]:
    """Schema of one operand value of a field (for a list field: of one item)."""
    if spec.type in ("enum", "list"):
        return {"type": "string", "enum": list(spec.values)}
    if spec.type == "bool":
        return {"type": "boolean"}
    if spec.type == "int":
        return {"type": "integer"}
    return {"type": "number"}


def _value_def_name(spec: FieldSpec) -> str:
    if spec.type in ("enum", "list"):
        return "values_" + "_".join(spec.values[:2]) + f"_{len(spec.values)}"
    return {"bool": "boolean", "int": "integer", "number": "number"}[spec.type]


def _test_schema(spec: FieldSpec, value_ref: dict[str, Any]) -> dict[str, Any]:
    """Schema of the test of one field: the shorthand value, or ``{operator: operand}`` for the operators that apply."""
    many = {"type": "array", "minItems": 1, "uniqueItems": True, "items": value_ref}
    operators: dict[str, Any] = {}
    for op, types in OPERATORS.items():
        if spec.type not in types:
            continue
        if op in ("exists", "missing"):
            operators[op] = {"const": True}
        elif op in ("in", "not_in", "contains_any", "contains_all", "contains_none"):
            operators[op] = many
        else:
            operators[op] = value_ref
    return {
        "oneOf": [
            value_ref,
            {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": False,
                "properties": operators,
            },
        ]
    }


def _texts_schema(what: str) -> dict[str, Any]:
    text = {"type": "string", "pattern": r"\S"}
    return {
        "type": "object",
        "description": f"{what} in Indonesian ('id') and English ('en')",
        "additionalProperties": False,
        "required": ["id", "en"],
        "properties": {"id": text, "en": text},
    }


def ruleset_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of rule files, generated from the loader's own tables.

    It lists every field (with its operators and values), operator and conclusion kind, so an editor can validate
    and autocomplete as an author types.  It checks each file on its own: what needs all rulesets together (a
    pattern declared in another file, the type of a derived fact, duplicate ids) is left to ``kemitraan rules check``.
    """
    defs: dict[str, Any] = {
        "texts": _texts_schema("text"),
        "source": {
            "type": "object",
            "description": "where the rule comes from: author (or law), year, section of the source",
            "additionalProperties": False,
            "required": ["author"],
            "properties": {
                "author": {"type": "string"},
                "year": {"type": "integer"},
                "section": {"type": "string"},
            },
        },
        "rule_id": {"type": "string", "pattern": _RULE_ID_PATTERN},
    }
    field_props: dict[str, Any] = {}
    for name, spec in FIELDS.items():
        def_name = _value_def_name(spec)
        defs.setdefault(def_name, _value_schema(spec))
        test = _test_schema(spec, {"$ref": f"#/$defs/{def_name}"})
        field_props[name] = {"description": f"{spec.type}: {spec.description}", **test}
    derived_ops: dict[str, Any] = {op: {} for op in OPERATORS if op != "missing"}
    derived_ops["exists"] = {"const": True}
    derived_test = {
        "description": "a derived fact (declared under 'derived:' in some ruleset); 'missing' does not apply",
        "oneOf": [
            {"type": ["string", "boolean", "number"]},
            {
                "type": "object",
                "minProperties": 1,
                "maxProperties": 1,
                "additionalProperties": False,
                "properties": derived_ops,
            },
        ],
    }
    condition = {
        "type": "object",
        "description": "one test of one fact field: 'FIELD: VALUE' or 'FIELD: {OPERATOR: OPERAND}'",
        "minProperties": 1,
        "maxProperties": 1,
        "properties": field_props,
        "patternProperties": {r"^derived\.[a-z][a-z0-9_]*$": derived_test},
        "additionalProperties": False,
    }
    status = {"enum": ["met", "unmet"]}
    concept_id = {"type": "string", "pattern": _NAME_PATTERN}
    conclusion_args: dict[str, Any] = {
        "recommend": {
            "required": ["pattern", "weight"],
            "properties": {
                "pattern": {**concept_id, "examples": list(v.PATTERNS)},
                "weight": {"type": "number", "not": {"const": 0}},
            },
        },
        "exclude": {"required": ["pattern"], "properties": {"pattern": {**concept_id, "examples": list(v.PATTERNS)}}},
        "precondition": {
            "required": ["id", "status"],
            "properties": {"id": {**concept_id, "examples": list(v.PRECONDITIONS)}, "status": status},
        },
        "principle": {
            "required": ["id", "status"],
            "properties": {"id": {**concept_id, "examples": list(v.PRINCIPLES)}, "status": status},
        },
        "element": {
            "required": ["id", "status"],
            "properties": {"id": {**concept_id, "examples": list(v.ELEMENTS)}, "status": status},
        },
        "warn": {
            "required": ["drawback"],
            "properties": {
                "drawback": {**concept_id, "examples": list(v.DRAWBACKS)},
                "severity": {"enum": ["info", "warning", "critical"]},
            },
        },
        "derive": {
            "required": ["fact"],
            "properties": {"fact": concept_id, "value": {"type": ["string", "boolean", "number"]}},
        },
    }
    assert tuple(conclusion_args) == CONCLUSION_KINDS
    conclusion = {
        "type": "object",
        "description": "what the rule concludes: " + ", ".join(CONCLUSION_KINDS),
        "minProperties": 1,
        "maxProperties": 1,
        "additionalProperties": False,
        "properties": {kind: {"type": "object", "additionalProperties": False, **args} for kind, args in conclusion_args.items()},
    }
    defs["condition"] = condition
    defs["conclusion"] = conclusion
    rule = {
        "type": "object",
        "additionalProperties": False,
        "required": ["id", "when", "then", "text", "source"],
        "properties": {
            "id": {"$ref": "#/$defs/rule_id", "description": "stable id <topic>.<name>, unique across all rulesets"},
            "when": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/condition"}},
            "then": {
                "oneOf": [
                    {"$ref": "#/$defs/conclusion"},
                    {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/conclusion"}},
                ]
            },
            "text": {"$ref": "#/$defs/texts"},
            "source": {"$ref": "#/$defs/source"},
            "description": {},
        },
    }
    defs["rule"] = rule
    concept_common = {
        "label": {"$ref": "#/$defs/texts"},
        "description": {"$ref": "#/$defs/texts"},
        "source": {"$ref": "#/$defs/source"},
        "remedy_steps": {"type": "array", "items": {"enum": list(v.STEPS)}},
    }
    concepts: dict[str, Any] = {}
    for kind in v.CONCEPT_KINDS:
        props = dict(concept_common)
        required = ["label", "description"]
        if kind == "pattern":
            props["layer"] = {"enum": list(v.LAYERS)}
            required.append("layer")
        if kind == "drawback":
            props["mitigation"] = {"$ref": "#/$defs/texts"}
            required.append("mitigation")
        concepts[kind] = {
            "type": "object",
            "propertyNames": {"pattern": _NAME_PATTERN},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": required,
                "properties": props,
            },
        }
    derived_decl = {
        "type": "object",
        "additionalProperties": False,
        "required": ["type", "description"],
        "properties": {
            "type": {"enum": ["bool", "enum", "int", "number"]},
            "values": {"type": "array", "minItems": 1, "items": {"type": "string"}},
            "description": {"$ref": "#/$defs/texts"},
        },
        "if": {"properties": {"type": {"const": "enum"}}},
        "then": {"required": ["values"]},
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://kemitraan-rules.invalid/schemas/ruleset.schema.json",
        "title": "kemitraan-rules rule file",
        "description": "One ruleset: rules, and optionally concepts, derived facts, settings (docs/rule-authoring.md).",
        "type": "object",
        "additionalProperties": False,
        "required": ["ruleset", "version"],
        "properties": {
            "ruleset": {"type": "string", "pattern": _NAME_PATTERN, "description": "unique name of the ruleset"},
            "version": {
                "type": ["string", "number"],
                "minLength": 1,
                "description": "version recorded in every report",
            },
            "description": {"$ref": "#/$defs/texts"},
            "concepts": {"type": "object", "additionalProperties": False, "properties": concepts},
            "derived": {
                "type": "object",
                "propertyNames": {"pattern": _NAME_PATTERN},
                "additionalProperties": derived_decl,
            },
            "settings": {"type": "object", "additionalProperties": {"type": "number"}},
            "rules": {"type": "array", "maxItems": MAX_RULES_PER_RULESET, "items": {"$ref": "#/$defs/rule"}},
            "overrides": {"type": "array", "items": {"type": "string"}},
            "disable": {"type": "array", "items": {"type": "string"}},
        },
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as the text of the shipped file (stable: two-space indent, trailing newline)."""
    return json.dumps(ruleset_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_ruleset_schema(path: str | Path = SCHEMA_PATH) -> Path:
    """Write :func:`ruleset_json_schema` to ``path`` (by default, refresh the shipped file) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    return target


# --------------------------------------------------------------------------------------------------------------------
# lint
# --------------------------------------------------------------------------------------------------------------------

#: Every kind of lint warning, with what it means.
LINT_CODES: Mapping[str, str] = {
    "duplicate-id": "two rules share an id (only an explicit 'overrides:' may replace a rule)",
    "never-fires": "the rule's conditions contradict each other, so it can never fire",
    "duplicate-rule": "two rules have the same conditions and the same conclusions",
    "shadowed": "whenever the rule fires, a more general rule with the same conclusions fires too",
    "conflict": "two rules conclude opposite things on conditions that can hold together",
    "gap": "a concept of the inventory that no rule concludes",
    "unused-derived": "a derived fact that no rule tests",
    "underived-fact": "a rule tests a derived fact that no rule derives",
    "derived-cycle": "derived facts that depend on each other in a cycle",
}


@attrs.frozen
class LintWarning:
    """One thing that is valid but probably wrong, where it is, and the other rules involved."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    rule: str | None = None
    related: tuple[str, ...] = ()

    def location(self) -> str:
        return Problem(path="", message="", file=self.file, line=self.line, column=self.column).location()

    def __str__(self) -> str:
        parts = [self.location() or "<rules>"]
        if self.rule:
            parts.append(self.rule)
        parts.append(f"warning: {self.message} [{self.code}]")
        return ": ".join(parts)


@attrs.frozen
class LintReport:
    """The outcome of :func:`lint`: the warnings, and the loader's problems when the rules did not load."""

    warnings: tuple[LintWarning, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.warnings and not self.problems


@attrs.define
class _RawFile:
    path: Path
    data: Any
    source: SourceMap


def _raw_files(files: Sequence[Path]) -> list[_RawFile]:
    raws: list[_RawFile] = []
    for file in files:
        try:
            document = load_document(file, error=RulesetError)
        except RulesetError:
            continue
        raws.append(_RawFile(file, document.data, document.source))
    return raws


def _duplicate_ids(raws: Sequence[_RawFile]) -> list[LintWarning]:
    """Rule ids defined twice, except a definition listed under 'overrides:' in its own file."""
    first: dict[str, tuple[_RawFile, int]] = {}
    warnings: list[LintWarning] = []
    for raw in raws:
        if not isinstance(raw.data, Mapping):
            continue
        rules = raw.data.get("rules")
        overrides = raw.data.get("overrides")
        overridden = set(overrides) if isinstance(overrides, list) and all(isinstance(o, str) for o in overrides) else set()
        for index, rule in enumerate(rules if isinstance(rules, list) else []):
            rule_id = rule.get("id") if isinstance(rule, Mapping) else None
            if not isinstance(rule_id, str):
                continue
            if rule_id in first and rule_id not in overridden:
                other, other_index = first[rule_id]
                line, column = raw.source.locate(("rules", index, "id"))
                other_line, _ = other.source.locate(("rules", other_index, "id"))
                warnings.append(
                    LintWarning(
                        "duplicate-id",
                        f"rule id is already defined at {other.path}:{other_line}; rename one, or list it under 'overrides:' to replace the first",
                        str(raw.path),
                        line,
                        column,
                        rule_id,
                    )
                )
            first.setdefault(rule_id, (raw, index))
    return warnings


# --- reasoning about conditions -------------------------------------------------------------------------------------


def _interval(cond: Condition) -> tuple[float, bool, float, bool] | None:
    """The interval ``(low, low_inclusive, high, high_inclusive)`` of a numeric comparison, else ``None``."""
    x = cond.operand
    if cond.op == "eq" and isinstance(x, (int, float)) and not isinstance(x, bool):
        return (float(x), True, float(x), True)
    return {
        "gt": (x, False, math.inf, False),
        "gte": (x, True, math.inf, False),
        "lt": (-math.inf, False, x, False),
        "lte": (-math.inf, False, x, True),
    }.get(cond.op)


def _field_contradiction(spec: FieldSpec, conds: Sequence[Condition], domain: Sequence[Any] | None) -> bool:
    """Whether the conditions on one field can never hold together.

    ``domain`` lists the values the field can take when it is finite (enum values, true/false, the values some rule
    derives), else ``None``.
    """
    ops = [c.op for c in conds]
    if "missing" in ops:
        return len(conds) > 1  # every other test needs a known value
    if domain is not None and spec.type != "list":
        allowed = set(domain)
        for c in conds:
            if c.op == "eq":
                allowed &= {c.operand}
            elif c.op == "ne":
                allowed -= {c.operand}
            elif c.op == "in":
                allowed &= set(c.operand)
            elif c.op == "not_in":
                allowed -= set(c.operand)
        if spec.type in ("enum", "bool") or not allowed:
            return not allowed
        conds = [*conds, Condition(spec.name, "in", tuple(allowed))] if spec.type == "int" else list(conds)
    if spec.type in ("int", "number"):
        low, low_inc, high, high_inc = -math.inf, False, math.inf, False
        points: set[float] | None = None
        excluded: set[float] = set()
        for c in conds:
            if c.op in ("eq", "in"):
                values = {float(x) for x in (c.operand if c.op == "in" else (c.operand,)) if not isinstance(x, str)}
                points = values if points is None else points & values
            elif c.op in ("ne", "not_in"):
                excluded |= {float(x) for x in (c.operand if c.op == "not_in" else (c.operand,)) if not isinstance(x, str)}
            else:
                interval = _interval(c)
                if interval is None:
                    continue
                lo, lo_inc, hi, hi_inc = interval
                if lo > low or (lo == low and not lo_inc):
                    low, low_inc = lo, lo_inc
                if hi < high or (hi == high and not hi_inc):
                    high, high_inc = hi, hi_inc

        def inside(x: float) -> bool:
            above = x > low or (x == low and low_inc)
            below = x < high or (x == high and high_inc)
            return above and below and x not in excluded and (spec.type != "int" or x == int(x))

        if points is not None:
            return not any(inside(p) for p in points)
        if spec.type == "int":
            if math.isinf(low) or math.isinf(high):
                return low >= high
            first = math.floor(low) + 1 if not (low_inc and low == math.floor(low)) else low
            last = math.ceil(high) - 1 if not (high_inc and high == math.ceil(high)) else high
            if first > last:
                return True
            if last - first > len(excluded) + 1:
                return False
            return not any(inside(float(x)) for x in range(int(first), int(last) + 1))
        if low < high:
            return False
        return not (low == high and low_inc and high_inc and low not in excluded)
    if spec.type == "list":
        must: set[Any] = set()
        must_not: set[Any] = set()
        for c in conds:
            if c.op == "contains":
                must.add(c.operand)
            elif c.op == "contains_all":
                must |= set(c.operand)
            elif c.op == "contains_none":
                must_not |= set(c.operand)
        if must & must_not:
            return True
        return any(c.op == "contains_any" and not set(c.operand) - must_not for c in conds)
    return False


def _implies(a: Condition, b: Condition) -> bool:
    """Whether condition ``a`` holding guarantees that condition ``b`` holds (same field; under-approximated)."""
    if a.field != b.field:
        return False
    if a.key() == b.key():
        return True
    if b.op == "exists":
        return a.op != "missing"
    x, y = a.operand, b.operand
    if a.op == "eq":
        return (
            (b.op == "in" and x in y)
            or (b.op == "ne" and x != y)
            or (b.op == "not_in" and x not in y)
            or (b.op in ("gt", "gte", "lt", "lte") and not isinstance(x, (str, bool)) and _within(_interval(a), _interval(b)))
        )
    if a.op == "in":
        return (b.op == "in" and set(x) <= set(y)) or (b.op == "not_in" and not set(x) & set(y))
    if a.op == "not_in":
        return (b.op == "not_in" and set(y) <= set(x)) or (b.op == "ne" and y in x)
    if a.op in ("gt", "gte", "lt", "lte") and b.op in ("gt", "gte", "lt", "lte"):
        return _within(_interval(a), _interval(b))
    if a.op in ("contains", "contains_all"):
        has = {x} if a.op == "contains" else set(x)
        return (b.op == "contains" and y in has) or (b.op == "contains_all" and set(y) <= has) or (b.op == "contains_any" and bool(set(y) & has))
    if a.op == "contains_any":
        return b.op == "contains_any" and set(x) <= set(y)
    if a.op == "contains_none":
        return b.op == "contains_none" and set(y) <= set(x)
    return False


def _within(a: tuple[float, bool, float, bool] | None, b: tuple[float, bool, float, bool] | None) -> bool:
    if a is None or b is None:
        return False
    a_lo, a_lo_inc, a_hi, a_hi_inc = a
    b_lo, b_lo_inc, b_hi, b_hi_inc = b
    low_ok = a_lo > b_lo or (a_lo == b_lo and (b_lo_inc or not a_lo_inc))
    high_ok = a_hi < b_hi or (a_hi == b_hi and (b_hi_inc or not a_hi_inc))
    return low_ok and high_ok


def _all_implied(strong: Sequence[Condition], weak: Sequence[Condition]) -> bool:
    """Whether every condition of ``weak`` is implied by some condition of ``strong``."""
    return all(any(_implies(s, w) for s in strong) for w in weak)


class _Linter:
    """The lint checks over a loaded rule base (see :data:`LINT_CODES`)."""

    def __init__(self, base: RuleBase, raws: Sequence[_RawFile]) -> None:
        self.base = base
        self.raws = raws
        self.fields = base.fields
        self.warnings: list[LintWarning] = []
        self.derived_values: dict[str, set[Any]] = defaultdict(set)
        for rule in base.rules:
            for conclusion in rule.conclusions:
                if conclusion.kind == "derive":
                    self.derived_values[f"derived.{conclusion.target}"].add(conclusion.value)

    def warn(
        self,
        code: str,
        message: str,
        rule: RuleSpec | None = None,
        related: Sequence[str] = (),
        where: tuple[str | None, int | None, int | None] | None = None,
    ) -> None:
        if rule is not None:
            file, line, column = rule.location.file, rule.location.line, rule.location.column
        else:
            file, line, column = where or (None, None, None)
        self.warnings.append(LintWarning(code, message, file, line, column, rule.id if rule else None, tuple(related)))

    def locate(self, path: FieldPath) -> tuple[str | None, int | None, int | None]:
        """File, line and column of the first file whose data has ``path`` (a concept or derived declaration)."""
        for raw in self.raws:
            node: Any = raw.data
            for part in path:
                if isinstance(node, Mapping) and part in node:
                    node = node[part]
                else:
                    break
            else:
                line, column = raw.source.locate(path)
                return str(raw.path), line, column
        return None, None, None

    def domain(self, spec: FieldSpec) -> Sequence[Any] | None:
        if spec.derived:
            return sorted(self.derived_values.get(spec.name, set()), key=repr)
        if spec.type == "enum":
            return spec.values
        if spec.type == "bool":
            return (True, False)
        return None

    def contradiction(self, conditions: Sequence[Condition]) -> str | None:
        """The field whose conditions contradict each other, or ``None`` when they can all hold."""
        by_field: dict[str, list[Condition]] = defaultdict(list)
        for c in conditions:
            by_field[c.field].append(c)
        for name, conds in sorted(by_field.items()):
            spec = self.fields.get(name)
            if spec is None:
                continue
            if spec.derived and not self.derived_values.get(name):
                continue  # reported as underived-fact
            if _field_contradiction(spec, conds, self.domain(spec)):
                return name
        return None

    def run(self) -> list[LintWarning]:
        self.never_fires()
        self.shadowed()
        self.conflicts()
        self.gaps()
        self.derived_facts()
        self.cycles()
        return self.warnings

    def never_fires(self) -> None:
        for rule in self.base.rules:
            name = self.contradiction(rule.conditions)
            if name is not None:
                tests = " and ".join(f"'{c}'" for c in rule.conditions if c.field == name)
                self.warn("never-fires", f"can never fire: {tests} cannot all hold", rule)

    def shadowed(self) -> None:
        by_conclusions: dict[frozenset[Conclusion], list[RuleSpec]] = defaultdict(list)
        for rule in self.base.rules:
            by_conclusions[frozenset(rule.conclusions)].append(rule)
        for group in by_conclusions.values():
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    a_in_b = _all_implied(a.conditions, b.conditions)
                    b_in_a = _all_implied(b.conditions, a.conditions)
                    if a_in_b and b_in_a:
                        self.warn("duplicate-rule", f"same conditions and conclusions as rule '{a.id}'", b, [a.id])
                    elif a_in_b or b_in_a:
                        narrow, wide = (a, b) if a_in_b else (b, a)
                        self.warn(
                            "shadowed",
                            f"whenever it fires, rule '{wide.id}' fires too with the same conclusions "
                            "(its conditions are more general), so the conclusions are drawn twice",
                            narrow,
                            [wide.id],
                        )

    def _conflict(self, a: RuleSpec, x: Conclusion, b: RuleSpec, y: Conclusion) -> str | None:
        """Why the conclusions ``x`` of ``a`` and ``y`` of ``b`` (same target) conflict, or ``None``.

        Opposite assessments (met vs unmet) conflict whenever both rules can fire on one scenario and test a common
        field.  Positive and negative evidence for a pattern is how scoring works, and an exclusion is meant to
        override a recommendation, so those only conflict when the positive rule can never fire alone: whenever it
        fires, the negative or excluding rule fires too.
        """
        if x.kind == y.kind and x.kind in ("precondition", "principle", "element") and x.status != y.status:
            shared = {c.field for c in a.conditions} & {c.field for c in b.conditions}
            if not shared or self.contradiction([*a.conditions, *b.conditions]) is not None:
                return None
            return (
                f"rule '{b.id}' concludes {x.kind} {x.target} {y.status} where this one concludes {x.status}, and "
                f"both can fire on one scenario (both test {', '.join(sorted(shared))}); unmet wins, so make the "
                "conditions exclusive if that is not meant"
            )
        positive = x.kind == "recommend" and x.weight > 0
        negative = y.kind == "exclude" or (y.kind == "recommend" and y.weight < 0)
        if positive and negative and _all_implied(a.conditions, b.conditions):
            effect = "excludes it" if y.kind == "exclude" else f"counts {y.weight:+g} against it"
            return (
                f"whenever this rule recommends {x.target} ({x.weight:+g}), rule '{b.id}' fires too and {effect}, "
                "so this rule can never help; narrow one of them"
            )
        return None

    def conflicts(self) -> None:
        by_target: dict[str, list[tuple[RuleSpec, Conclusion]]] = defaultdict(list)
        for rule in self.base.rules:
            for conclusion in rule.conclusions:
                if conclusion.kind in ("recommend", "exclude", "precondition", "principle", "element"):
                    by_target[conclusion.target].append((rule, conclusion))
        seen: set[tuple[str, str]] = set()
        for entries in by_target.values():
            for a, x in entries:
                for b, y in entries:
                    if x.kind == y.kind == "recommend" and a is b:
                        continue
                    if a is b:
                        if x.kind == y.kind and x.status and x.status < y.status and (a.id, a.id) not in seen:
                            seen.add((a.id, a.id))
                            self.warn("conflict", f"concludes {x.kind} {x.target} both met and unmet", a)
                        continue
                    if (a.id, b.id) in seen or (x.status and (b.id, a.id) in seen):
                        continue
                    message = self._conflict(a, x, b, y)
                    if message is not None:
                        seen.add((a.id, b.id))
                        self.warn("conflict", message, a, [b.id])

    def gaps(self) -> None:
        concluded: dict[str, set[str]] = defaultdict(set)
        kinds = {
            "recommend": "pattern",
            "precondition": "precondition",
            "principle": "principle",
            "element": "element",
            "warn": "drawback",
        }
        for rule in self.base.rules:
            for c in rule.conclusions:
                if c.kind in kinds and (c.kind != "recommend" or c.weight > 0):
                    concluded[kinds[c.kind]].add(c.target)
        for kind in v.CONCEPT_KINDS:
            for concept_id in self.base.concept_ids(kind):
                if concept_id not in concluded[kind]:
                    what = "recommends" if kind == "pattern" else ("warns about" if kind == "drawback" else "assesses")
                    self.warn(
                        "gap",
                        f"no rule {what} {kind} '{concept_id}'",
                        where=self.locate(("concepts", kind, concept_id)),
                    )

    def derived_facts(self) -> None:
        used: dict[str, list[RuleSpec]] = defaultdict(list)
        for rule in self.base.rules:
            for c in rule.conditions:
                if c.field.startswith("derived."):
                    used[c.field].append(rule)
        for name in self.base.derived:
            short = name.split(".", 1)[1]
            where = self.locate(("derived", short))
            derived = name in self.derived_values
            if name not in used:
                how = "is derived" if derived else "is declared"
                self.warn("unused-derived", f"derived fact '{short}' {how} but no rule tests it", where=where)
            elif not derived:
                for rule in used[name]:
                    self.warn(
                        "underived-fact",
                        f"tests derived fact '{short}', but no rule derives it, so this rule never fires",
                        rule,
                    )

    def cycles(self) -> None:
        graph = nx.DiGraph()
        for rule in self.base.rules:
            targets = [f"derived.{c.target}" for c in rule.conclusions if c.kind == "derive"]
            for c in rule.conditions:
                if c.field.startswith("derived."):
                    for target in targets:
                        if graph.has_edge(c.field, target):
                            graph.edges[c.field, target]["rules"].append(rule)
                        else:
                            graph.add_edge(c.field, target, rules=[rule])
        for cycle in sorted(nx.simple_cycles(graph), key=lambda nodes: sorted(nodes)):
            start = cycle.index(min(cycle))
            nodes = cycle[start:] + cycle[:start]
            steps = list(zip(nodes, nodes[1:] + nodes[:1], strict=True))
            rules = sorted({r.id: r for a, b in steps for r in graph.edges[a, b]["rules"]}.values(), key=lambda r: r.id)
            path = " -> ".join(n.split(".", 1)[1] for n in [*nodes, nodes[0]])
            self.warn(
                "derived-cycle",
                f"derived facts depend on each other in a cycle: {path}",
                rules[0],
                [r.id for r in rules[1:]],
            )


def lint(paths: Sequence[str | Path], *, include_builtin: bool = True, only_paths: bool = True) -> LintReport:
    """Find what is valid but probably wrong in the rulesets of ``paths`` (see :data:`LINT_CODES`).

    The built-in rulesets are loaded with user rules (which refer to their concepts and facts); with ``only_paths``
    only warnings located in the files of ``paths`` are kept (plus inventory gaps, which belong to no rule file of
    the user's, when the built-in rulesets are linted themselves).  When the rules do not load, the loader's
    problems come back in :attr:`LintReport.problems` together with duplicate ids found in the raw files.
    """
    files = rule_files(paths, include_builtin=include_builtin)
    mine = {f.resolve() for f in rule_files(paths, include_builtin=False)}
    raws = _raw_files(files)
    warnings = _duplicate_ids(raws)
    try:
        base = load_rulesets(files)
    except RulesetError as exc:
        problems = tuple(p for p in exc.problems if not (p.message.startswith("duplicate rule id") and _dup_reported(p, warnings)))
        return LintReport(tuple(warnings), problems)
    warnings += _Linter(base, raws).run()
    if only_paths:
        warnings = [w for w in warnings if w.file is None or Path(w.file).resolve() in mine]
    order = {code: i for i, code in enumerate(LINT_CODES)}
    warnings.sort(key=lambda w: (w.file or "", w.line or 0, w.column or 0, order[w.code], w.message))
    return LintReport(tuple(warnings))


def _dup_reported(problem: Problem, warnings: Sequence[LintWarning]) -> bool:
    return any(w.code == "duplicate-id" and w.rule == problem.rule for w in warnings)


# --------------------------------------------------------------------------------------------------------------------
# show and fields
# --------------------------------------------------------------------------------------------------------------------

_OP_WORDS: Mapping[str, Mapping[str, str]] = {
    "id": {
        "eq": "sama dengan",
        "ne": "tidak sama dengan",
        "in": "salah satu dari",
        "not_in": "bukan salah satu dari",
        "gt": "lebih dari",
        "gte": "paling sedikit",
        "lt": "kurang dari",
        "lte": "paling banyak",
        "contains": "memuat",
        "contains_any": "memuat salah satu dari",
        "contains_all": "memuat semua",
        "contains_none": "tidak memuat satu pun dari",
        "exists": "diketahui",
        "missing": "tidak diketahui",
    },
    "en": {
        "eq": "is",
        "ne": "is not",
        "in": "is one of",
        "not_in": "is none of",
        "gt": "is more than",
        "gte": "is at least",
        "lt": "is less than",
        "lte": "is at most",
        "contains": "contains",
        "contains_any": "contains any of",
        "contains_all": "contains all of",
        "contains_none": "contains none of",
        "exists": "is known",
        "missing": "is unknown",
    },
}
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
        "precondition": "prasyarat {target}: {status}",
        "principle": "prinsip {target}: {status}",
        "element": "unsur {target}: {status}",
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
        "precondition": "precondition {target}: {status}",
        "principle": "principle {target}: {status}",
        "element": "element {target}: {status}",
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
    words = _OP_WORDS[lang][condition.op]
    if condition.op in ("exists", "missing"):
        return f"{condition.field} {words}"
    return f"{condition.field} {words} {_word(condition.operand, lang)}"


def conclusion_text(conclusion: Conclusion, base: RuleBase | None = None, lang: str = "id") -> str:
    """A conclusion in words, with the concept's label when the rule base knows it."""
    words = _WORDS[lang]
    kind = {"recommend": "pattern", "exclude": "pattern", "warn": "drawback"}.get(conclusion.kind, conclusion.kind)
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


# --------------------------------------------------------------------------------------------------------------------
# Scenario tests
# --------------------------------------------------------------------------------------------------------------------

_EXPECT_LISTS = (
    "recommended",
    "not_recommended",
    "excluded",
    "warnings_present",
    "warnings_absent",
    "fired",
    "not_fired",
)
_EXPECT_STATUS = ("preconditions", "principles", "elements")
_EXPECT_KEYS = ("top", *_EXPECT_LISTS, *_EXPECT_STATUS)
_TEST_KEYS = ("name", "description", "scenario", "scenario_file", "expect")
_ASSESSMENT_STATUSES = ("met", "unmet", "unknown")


@attrs.frozen
class ExpectationFailure:
    """One expectation of a scenario test that did not hold, with what was found and why."""

    expectation: str
    expected: str
    actual: str
    explanation: tuple[str, ...] = ()

    def __str__(self) -> str:
        text = f"{self.expectation}: expected {self.expected}, got {self.actual}"
        return text + "".join(f"\n      {line}" for line in self.explanation)


@attrs.frozen
class ScenarioTestResult:
    """The outcome of one scenario test: its name and location, the failures, and the rules that fired."""

    name: str
    file: str
    line: int | None
    failures: tuple[ExpectationFailure, ...]
    fired: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures


@attrs.frozen
class ScenarioTestRun:
    """The outcome of :func:`run_scenario_tests`: each test's result and the problems of malformed test files."""

    results: tuple[ScenarioTestResult, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.problems and all(r.passed for r in self.results)

    @property
    def failed(self) -> tuple[ScenarioTestResult, ...]:
        return tuple(r for r in self.results if not r.passed)


def scenario_test_files(directory: str | Path) -> list[Path]:
    """The scenario test files of a rules directory: ``<directory>/tests/*.yaml`` (and ``.yml``, ``.json``)."""
    tests = Path(directory) / "tests"
    if not tests.is_dir():
        return []
    return sorted(p for p in tests.iterdir() if p.is_file() and p.suffix in _SUFFIXES)


@attrs.define
class _TestCase:
    name: str
    file: str
    line: int | None
    scenario: Scenario
    expect: dict[str, Any]


class _TestReader:
    """Reads and validates scenario test files against a rule base (ids must exist, statuses must be valid)."""

    def __init__(self, base: RuleBase) -> None:
        self.base = base
        self.problems: list[Problem] = []
        self.rule_ids = {r.id for r in base.rules}

    def read(self, file: Path) -> list[_TestCase]:
        try:
            document = load_document(file, error=RulesetError)
        except RulesetError as exc:
            self.problems.extend(exc.problems)
            return []
        data, source = document.data, document.source
        if not isinstance(data, Mapping) or not isinstance(data.get("tests"), list) or set(data) - {"tests", "description"}:
            self.problems.append(source.problem((), "a scenario test file is a mapping with a 'tests:' list (and an optional 'description')"))
            return []
        cases: list[_TestCase] = []
        names: set[str] = set()
        for index, item in enumerate(data["tests"]):
            case = self.case(file, source, ("tests", index), item)
            if case is None:
                continue
            if case.name in names:
                self.problems.append(source.problem(("tests", index, "name"), f"test name {case.name!r} is used twice in this file"))
                continue
            names.add(case.name)
            cases.append(case)
        return cases

    def bad(self, source: SourceMap, path: FieldPath, message: str, value: object = None, allowed: Sequence[str] = ()) -> None:
        self.problems.append(source.problem(path, message, value=value, allowed=tuple(allowed)))

    def case(self, file: Path, source: SourceMap, path: FieldPath, item: object) -> _TestCase | None:
        if not isinstance(item, Mapping):
            self.bad(source, path, "a test is a mapping with 'name', 'scenario' or 'scenario_file', and 'expect'")
            return None
        before = len(self.problems)
        for key in item:
            if key not in _TEST_KEYS:
                self.bad(source, (*path, key), f"unknown key {key!r}", key, _TEST_KEYS)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            self.bad(source, path, "a test needs a 'name'")
        scenario = self.scenario(file, source, path, item)
        expect = item.get("expect")
        if not isinstance(expect, Mapping) or not expect:
            self.bad(
                source,
                (*path, "expect") if "expect" in item else path,
                "'expect' must be a non-empty mapping of expectations",
                allowed=_EXPECT_KEYS,
            )
        else:
            self.expectations(source, (*path, "expect"), expect)
        if len(self.problems) > before or scenario is None:
            return None
        assert isinstance(name, str) and isinstance(expect, Mapping)
        line, _ = source.locate(path)
        return _TestCase(name, str(file), line, scenario, dict(expect))

    def scenario(self, file: Path, source: SourceMap, path: FieldPath, item: Mapping[str, Any]) -> Scenario | None:
        has_inline, has_file = "scenario" in item, "scenario_file" in item
        if has_inline == has_file:
            self.bad(
                source,
                path,
                "a test needs exactly one of 'scenario' (inline) or 'scenario_file' (a path relative to the test file)",
            )
            return None
        try:
            if has_file:
                relative = item["scenario_file"]
                if not isinstance(relative, str):
                    self.bad(source, (*path, "scenario_file"), "'scenario_file' must be a path")
                    return None
                target = (file.parent / relative).resolve()
                if not target.is_file():
                    self.bad(source, (*path, "scenario_file"), f"no such scenario file: {target}")
                    return None
                return load_scenario(target)
            inline = item["scenario"]
            if not isinstance(inline, Mapping):
                self.bad(source, (*path, "scenario"), "'scenario' must be a mapping (a scenario, as in a scenario file)")
                return None
            name = item.get("name")
            data = dict(inline)
            if "id" not in data and isinstance(name, str) and name.strip():
                data["id"] = name.strip().replace(" ", "_")
            return scenario_from_dict(data, source=f"{file}:{source.locate((*path, 'scenario'))[0]}")
        except ScenarioError as exc:
            key = "scenario_file" if has_file else "scenario"
            for problem in exc.problems:
                where = f"{problem.path}: " if problem.path else ""
                self.bad(source, (*path, key), f"invalid scenario: {where}{problem.message}", problem.value, problem.allowed)
            return None

    def expectations(self, source: SourceMap, path: FieldPath, expect: Mapping[str, Any]) -> None:
        patterns = self.base.concept_ids("pattern")
        drawbacks = self.base.concept_ids("drawback")
        for key, value in expect.items():
            kpath = (*path, key)
            if key not in _EXPECT_KEYS:
                self.bad(source, kpath, f"unknown expectation {key!r}", key, _EXPECT_KEYS)
            elif key == "top":
                if not isinstance(value, Mapping) or not value:
                    self.bad(
                        source,
                        kpath,
                        "'top' maps a layer (family, legal) to the expected best pattern (or null for none)",
                    )
                    continue
                for layer, pattern in value.items():
                    if layer not in v.LAYERS:
                        self.bad(source, (*kpath, layer), f"unknown layer {layer!r}", layer, v.LAYERS)
                    elif pattern is not None and pattern not in patterns:
                        self.bad(source, (*kpath, layer), f"unknown pattern {pattern!r}", pattern, patterns)
            elif key in _EXPECT_LISTS:
                if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                    self.bad(source, kpath, f"'{key}' must be a list of ids")
                    continue
                known: Sequence[str] = (
                    sorted(self.rule_ids) if key in ("fired", "not_fired") else drawbacks if key.startswith("warnings") else patterns
                )
                for index, item in enumerate(value):
                    if item not in known:
                        what = "rule id" if key in ("fired", "not_fired") else "drawback" if key.startswith("warnings") else "pattern"
                        self.bad(source, (*kpath, index), f"unknown {what} {item!r}", item, known)
            else:
                kind = key[:-1]
                known = self.base.concept_ids(kind)
                if not isinstance(value, Mapping) or not value:
                    self.bad(source, kpath, f"'{key}' maps {kind} ids to met, unmet or unknown")
                    continue
                for concept_id, status in value.items():
                    if concept_id not in known:
                        self.bad(source, (*kpath, concept_id), f"unknown {kind} {concept_id!r}", concept_id, known)
                    elif status not in _ASSESSMENT_STATUSES:
                        self.bad(source, (*kpath, concept_id), f"unknown status {status!r}", status, _ASSESSMENT_STATUSES)


def _shown(value: Any) -> str:
    return "unknown" if value is None else _word(value, "en")


def _fact_value_holds(cond: Condition, facts: Mapping[str, Any]) -> bool:
    """Whether a condition holds on the facts (the engine's semantics, for explaining failures only)."""
    if cond.field not in facts:
        return cond.op == "missing"
    value = facts[cond.field]
    if isinstance(value, list):
        value = [x for x in value if x != LIST_SENTINEL]
    op, x = cond.op, cond.operand
    checks: dict[str, Callable[[], bool]] = {
        "eq": lambda: value == x,
        "ne": lambda: value != x,
        "in": lambda: value in x,
        "not_in": lambda: value not in x,
        "gt": lambda: value > x,
        "gte": lambda: value >= x,
        "lt": lambda: value < x,
        "lte": lambda: value <= x,
        "contains": lambda: x in value,
        "contains_any": lambda: bool(set(x) & set(value)),
        "contains_all": lambda: set(x) <= set(value),
        "contains_none": lambda: not set(x) & set(value),
        "exists": lambda: True,
        "missing": lambda: False,
    }
    try:
        return checks[op]()
    except TypeError:
        return False


def _why_rule_did_not_fire(rule: RuleSpec, facts: Mapping[str, Any], lang: str = "en") -> str:
    failed = []
    for cond in rule.conditions:
        if not _fact_value_holds(cond, facts):
            actual = facts.get(cond.field)
            if isinstance(actual, list):
                actual = [x for x in actual if x != LIST_SENTINEL]
            shown = "unknown" if cond.field not in facts else _word(actual, lang)
            failed.append(f"'{condition_text(cond, lang)}' (value: {shown})")
    if not failed:
        return f"{rule.id}: all conditions hold on the scenario facts; check the rules it depends on"
    return f"{rule.id} did not fire: " + "; ".join(failed)


class _Evaluation:
    """A report and the facts behind it, with helpers that explain why a rule or a pattern did not come out."""

    def __init__(self, base: RuleBase, report: Report, scenario: Scenario) -> None:
        self.base = base
        self.report = report
        self.fired: tuple[str, ...] = tuple(sorted(report.fired))
        facts: dict[str, Any] = dict(report.facts) if report.facts else dict(extract_facts(scenario))
        self.facts = facts

    def why_not_rule(self, rule_id: str) -> str:
        return _why_rule_did_not_fire(self.base.rule(rule_id), self.facts)

    def why_not_pattern(self, pattern: str) -> list[str]:
        """The engine's why-not for a pattern: score and threshold, exclusions, and each unfired supporting rule."""
        try:
            why = self.report.why_not(pattern)
        except KeyError:
            return []
        lines = [f"why not {pattern}: score {why.score:g}, threshold {why.threshold:g}"]
        if why.excluded_by:
            lines.append("  excluded by " + ", ".join(r.id for r in why.excluded_by))
        if why.against:
            lines.append("  against: " + ", ".join(f"{r.id} ({r.weight:+g})" for r in why.against))
        for unfired in why.unfired:
            failed = "; ".join(f"'{f.condition}' (value: {_shown(f.actual)})" for f in unfired.failed)
            lines.append(f"  {unfired.rule.id} did not fire: {failed or 'its conditions held, check derived facts'}")
        return lines

    def recommendation(self, pattern: str) -> Recommendation | None:
        for rec in self.report.recommendations:
            if rec.pattern == pattern:
                return rec
        return None

    def rec_state(self, pattern: str) -> str:
        rec = self.recommendation(pattern)
        if rec is None:
            return "not scored"
        state = "excluded" if rec.excluded else "recommended" if rec.recommended else "not recommended"
        return f"{state} (score {rec.score:g})"

    def supporting(self, pattern: str) -> list[str]:
        rec = self.recommendation(pattern)
        if rec is None:
            return []
        lines = []
        for attr in ("supporting", "against", "excluded_by"):
            refs = getattr(rec, attr, ())
            if refs:
                lines.append(
                    f"{pattern} {attr.replace('_', ' ')}: " + ", ".join(f"{r.id} ({r.weight:+g})" if attr != "excluded_by" else r.id for r in refs)
                )
        return lines

    def assessment(self, kind: str, concept_id: str) -> str:
        for item in getattr(self.report, kind):
            if item.id == concept_id:
                return str(item.status)
        return "unknown"


def _check_case(case: _TestCase, evaluation: _Evaluation) -> list[ExpectationFailure]:
    failures: list[ExpectationFailure] = []
    expect, report = case.expect, evaluation.report

    def fail(name: str, expected: str, actual: str, *extra: str) -> None:
        failures.append(ExpectationFailure(name, expected, actual, tuple(extra)))

    for layer, pattern in (expect.get("top") or {}).items():
        best = report.best(layer)
        actual = best.pattern if best is not None else None
        if actual != pattern:
            extra: list[str] = []
            if actual is not None:
                extra += evaluation.supporting(actual)
            if pattern is not None:
                extra += [
                    f"{pattern}: {evaluation.rec_state(pattern)}",
                    *evaluation.supporting(pattern),
                    *evaluation.why_not_pattern(pattern),
                ]
            fail(f"top.{layer}", str(pattern or "no recommendation"), str(actual or "no recommendation"), *extra)
    for pattern in expect.get("recommended", []):
        rec = evaluation.recommendation(pattern)
        if rec is None or not rec.recommended:
            fail(
                f"recommended {pattern}",
                "recommended",
                evaluation.rec_state(pattern),
                *evaluation.supporting(pattern),
                *evaluation.why_not_pattern(pattern),
            )
    for pattern in expect.get("not_recommended", []):
        rec = evaluation.recommendation(pattern)
        if rec is not None and rec.recommended:
            fail(
                f"not_recommended {pattern}",
                "not recommended",
                evaluation.rec_state(pattern),
                *evaluation.supporting(pattern),
            )
    for pattern in expect.get("excluded", []):
        rec = evaluation.recommendation(pattern)
        if rec is None or not rec.excluded:
            fail(f"excluded {pattern}", "excluded", evaluation.rec_state(pattern), *evaluation.why_not_pattern(pattern))
    warned = {w.drawback: w for w in report.warnings}
    for drawback in expect.get("warnings_present", []):
        if drawback not in warned:
            rules = [r for r in evaluation.base.rules if any(c.kind == "warn" and c.target == drawback for c in r.conclusions)]
            fail(f"warnings_present {drawback}", "a warning", "none", *(evaluation.why_not_rule(r.id) for r in rules))
    for drawback in expect.get("warnings_absent", []):
        if drawback in warned:
            fail(f"warnings_absent {drawback}", "no warning", f"warned by {warned[drawback].rule}")
    for key in _EXPECT_STATUS:
        for concept_id, status in (expect.get(key) or {}).items():
            actual = evaluation.assessment(key, concept_id)
            if actual != status:
                kind = key[:-1]
                rules = [r for r in evaluation.base.rules if any(c.kind == kind and c.target == concept_id for c in r.conclusions)]
                extra = [
                    f"{r.id} fired ({next(c.status for c in r.conclusions if c.target == concept_id)})"
                    if r.id in evaluation.fired
                    else evaluation.why_not_rule(r.id)
                    for r in rules
                ]
                fail(f"{key}.{concept_id}", status, actual, *extra)
    fired = set(evaluation.fired)
    for rule_id in expect.get("fired", []):
        if rule_id not in fired:
            fail(f"fired {rule_id}", "fired", "did not fire", evaluation.why_not_rule(rule_id))
    for rule_id in expect.get("not_fired", []):
        if rule_id in fired:
            fail(f"not_fired {rule_id}", "not fired", "fired")
    return failures


def run_scenario_tests(
    directories: Sequence[str | Path],
    *,
    include_builtin: bool = True,
    engine_factory: Callable[[RuleBase], Engine] | None = None,
) -> ScenarioTestRun:
    """Run the scenario tests of each rules directory (``<dir>/tests/*.yaml``) against its rules.

    Each directory's tests run on the built-in rulesets plus that directory's rulesets (the built-in directory's on
    its own).  The rules must load: a :class:`RulesetError` is raised otherwise, since no test could run.
    ``engine_factory`` builds the engine from a rule base (by default :class:`kemitraan_rules.engine.Engine`).
    """
    factory: Callable[[RuleBase], Engine] = engine_factory or (lambda base: Engine(rulesets=base))

    results: list[ScenarioTestResult] = []
    problems: list[Problem] = []
    for directory in directories:
        files = rule_files([directory], include_builtin=include_builtin)
        base = load_rulesets(files)
        engine = factory(base)
        reader = _TestReader(base)
        for file in scenario_test_files(directory):
            for case in reader.read(file):
                report = engine.evaluate(case.scenario)
                evaluation = _Evaluation(base, report, case.scenario)
                failures = _check_case(case, evaluation)
                results.append(ScenarioTestResult(case.name, case.file, case.line, tuple(failures), evaluation.fired))
        problems.extend(reader.problems)
    return ScenarioTestRun(tuple(results), tuple(problems))

"""Lint: what is valid in a rule file but probably wrong.

Rules that can never fire, shadowed or conflicting rules, gaps in the inventory, unused or underived derived
facts, cycles of derived facts, duplicate ids.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .. import vocabulary as v
from .._yaml import FieldPath, SourceMap, load_document
from ..errors import MESSAGES, Problem, RulesetError, message
from ..facts import FieldSpec
from ..rules import (
    ASSESSED_KINDS,
    Conclusion,
    Condition,
    RuleBase,
    RuleSpec,
    load_rulesets,
    rule_files,
)
from ..vocabulary import Text
from .show import condition_text

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
    #: Parameters of the sentence ``lint.<code>`` (``lint.<code>.<form>`` when :attr:`form` is set) in the message
    #: table: :meth:`text` words the warning with them in the chosen language; a parameter that is a
    #: :class:`~kemitraan_rules.vocabulary.Text` (a condition or a concept in words) is given in that language.  A
    #: warning without a sentence in the table (an extension's own) shows its English ``message``.
    params: Mapping[str, Any] = attrs.field(factory=dict, eq=False)
    #: Which sentence of the code words the warning, when the code has more than one (``never-fires`` has
    #: ``same-field``; ``conflict`` has ``cancelled`` and ``both``; ``unused-derived`` has ``derived`` and ``declared``).
    form: str = attrs.field(default="", eq=False)

    def location(self) -> str:
        return Problem(path="", message="", file=self.file, line=self.line, column=self.column).location()

    def __str__(self) -> str:
        return self.text("en")

    def text(self, lang: str) -> str:
        """The warning as a user reads it in ``lang``: location, rule, the word "warning" in ``lang``, the sentence and
        the code (an id a user can search for). The CLI prints this; ``str()`` stays English for the Python API.

        Conditions are said in words and concepts by their label (id in brackets), in ``lang``; :attr:`message` keeps
        the English sentence with the conditions as the rule file writes them.
        """
        parts = [self.location() or "<rules>"]
        if self.rule:
            parts.append(self.rule)
        code = f"lint.{self.code}" + (f".{self.form}" if self.form else "")
        sentence = message(code, lang, **self.params) if code in MESSAGES else self.message
        parts.append(f"{message('_warning', lang)}: {sentence} [{self.code}]")
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
                        params={"other": f"{other.path}:{other_line}"},
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


#: The kinds of concept and the assessment statuses in words, for the sentences of lint warnings.
_KIND_WORDS: Mapping[str, Text] = {
    "pattern": Text("pola", "pattern"),
    "precondition": Text("prasyarat", "precondition"),
    "principle": Text("prinsip", "principle"),
    "element": Text("unsur", "element"),
    "key": Text("kunci pelaksanaan", "key"),
    "drawback": Text("kelemahan", "drawback"),
}
_STATUS_WORDS: Mapping[str, Text] = {"met": Text("terpenuhi", "met"), "unmet": Text("tidak terpenuhi", "unmet")}


def _tests_text(conditions: Sequence[Condition]) -> Text:
    """Conditions in words (:func:`~kemitraan_rules.authoring.show.condition_text`), quoted and joined, in both languages."""
    return Text(*(f" {and_word} ".join(f"'{condition_text(c, lang)}'" for c in conditions) for lang, and_word in (("id", "dan"), ("en", "and"))))


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
        params: Mapping[str, Any] | None = None,
        form: str = "",
    ) -> None:
        if rule is not None:
            file, line, column = rule.location.file, rule.location.line, rule.location.column
        else:
            file, line, column = where or (None, None, None)
        self.warnings.append(LintWarning(code, message, file, line, column, rule.id if rule else None, tuple(related), dict(params or {}), form))

    def concept(self, kind: str, concept_id: str) -> Text:
        """A concept by its label, the id in brackets (the id alone when the rule base has no label for it)."""
        found = self.base.concepts.get((kind, concept_id))
        labels = found.label if found is not None else {}
        return Text(*(f"{labels[lang]} [{concept_id}]" if labels.get(lang) else concept_id for lang in ("id", "en")))

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
                conds = [c for c in rule.conditions if c.field == name]
                tests = " and ".join(f"'{c}'" for c in conds)
                self.warn("never-fires", f"can never fire: {tests} cannot all hold", rule, params={"tests": _tests_text(conds)})
                continue
            fields = [c.field for c in rule.conditions if c.op != "missing"]
            twice = sorted({f for f in fields if fields.count(f) > 1})
            if twice:
                # One fact per field, and durable-rules matches each condition of a rule to a distinct fact.
                conds = [c for c in rule.conditions if c.field == twice[0]]
                tests = " and ".join(f"'{c}'" for c in conds)
                self.warn(
                    "never-fires",
                    f"can never fire: {tests} test one field twice, and each condition needs a fact of its own (one fact per "
                    "field); combine them into one test or use a derived fact",
                    rule,
                    params={"tests": _tests_text(conds)},
                    form="same-field",
                )

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
                        self.warn("duplicate-rule", f"same conditions and conclusions as rule '{a.id}'", b, [a.id], params={"other": a.id})
                    elif a_in_b or b_in_a:
                        narrow, wide = (a, b) if a_in_b else (b, a)
                        self.warn(
                            "shadowed",
                            f"whenever it fires, rule '{wide.id}' fires too with the same conclusions "
                            "(its conditions are more general), so the conclusions are drawn twice",
                            narrow,
                            [wide.id],
                            params={"other": wide.id},
                        )

    def _conflict(self, a: RuleSpec, x: Conclusion, b: RuleSpec, y: Conclusion) -> tuple[str, str, dict[str, Any]] | None:
        """Why the conclusions ``x`` of ``a`` and ``y`` of ``b`` (same target) conflict (the English sentence, the form
        of ``lint.conflict`` and its parameters), or ``None``.

        Opposite assessments (met vs unmet) conflict whenever both rules can fire on one scenario and test a common
        field.  Positive and negative evidence for a pattern is how scoring works, and an exclusion is meant to
        override a recommendation, so those only conflict when the positive rule can never fire alone: whenever it
        fires, the negative or excluding rule fires too.
        """
        if x.kind == y.kind and x.kind in ASSESSED_KINDS and x.status != y.status:
            shared = {c.field for c in a.conditions} & {c.field for c in b.conditions}
            if not shared or self.contradiction([*a.conditions, *b.conditions]) is not None:
                return None
            fields = ", ".join(sorted(shared))
            english = (
                f"rule '{b.id}' concludes {x.kind} {x.target} {y.status} where this one concludes {x.status}, and "
                f"both can fire on one scenario (both test {fields}); unmet wins, so make the "
                "conditions exclusive if that is not meant"
            )
            params = {
                "other": b.id,
                "kind": _KIND_WORDS.get(x.kind, Text(x.kind, x.kind)),
                "target": self.concept(x.kind, x.target),
                "other_status": _STATUS_WORDS.get(str(y.status), Text(str(y.status), str(y.status))),
                "status": _STATUS_WORDS.get(str(x.status), Text(str(x.status), str(x.status))),
                "fields": fields,
            }
            return english, "", params
        positive = x.kind == "recommend" and x.weight > 0
        negative = y.kind in ("exclude", "out_of_scope") or (y.kind == "recommend" and y.weight < 0)
        if positive and negative and _all_implied(a.conditions, b.conditions):
            effect = {
                "exclude": Text("mengecualikannya", "excludes it"),
                "out_of_scope": Text("menempatkannya di luar cakupan undang-undang", "puts it outside the law's scope"),
            }.get(y.kind, Text(f"menghitung {y.weight:+g} yang menentangnya", f"counts {y.weight:+g} against it"))
            english = (
                f"whenever this rule recommends {x.target} ({x.weight:+g}), rule '{b.id}' fires too and {effect.en}, "
                "so this rule can never help; narrow one of them"
            )
            params = {"target": self.concept("pattern", x.target), "weight": f"{x.weight:+g}", "other": b.id, "effect": effect}
            return english, "cancelled", params
        return None

    def conflicts(self) -> None:
        by_target: dict[str, list[tuple[RuleSpec, Conclusion]]] = defaultdict(list)
        for rule in self.base.rules:
            for conclusion in rule.conclusions:
                if conclusion.kind in ("recommend", "exclude", "out_of_scope", *ASSESSED_KINDS):
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
                            self.warn(
                                "conflict",
                                f"concludes {x.kind} {x.target} both met and unmet",
                                a,
                                params={"kind": _KIND_WORDS.get(x.kind, Text(x.kind, x.kind)), "target": self.concept(x.kind, x.target)},
                                form="both",
                            )
                        continue
                    if (a.id, b.id) in seen or (x.status and (b.id, a.id) in seen):
                        continue
                    found = self._conflict(a, x, b, y)
                    if found is not None:
                        english, form, params = found
                        seen.add((a.id, b.id))
                        self.warn("conflict", english, a, [b.id], params=params, form=form)

    def gaps(self) -> None:
        concluded: dict[str, set[str]] = defaultdict(set)
        kinds = {
            "recommend": "pattern",
            "precondition": "precondition",
            "principle": "principle",
            "element": "element",
            "key": "key",
            "warn": "drawback",
        }
        for rule in self.base.rules:
            for c in rule.conclusions:
                if c.kind in kinds and (c.kind != "recommend" or c.weight > 0):
                    concluded[kinds[c.kind]].add(c.target)
        for kind in v.CONCEPT_KINDS:
            if kind == "benefit":
                continue  # benefits are shown for the recommended patterns they belong to, not concluded by rules
            for concept_id in self.base.concept_ids(kind):
                if concept_id not in concluded[kind]:
                    what = (
                        Text("merekomendasikan", "recommends")
                        if kind == "pattern"
                        else Text("memperingatkan tentang", "warns about")
                        if kind == "drawback"
                        else Text("menilai", "assesses")
                    )
                    self.warn(
                        "gap",
                        f"no rule {what.en} {kind} '{concept_id}'",
                        where=self.locate(("concepts", kind, concept_id)),
                        params={"what": what, "kind": _KIND_WORDS.get(kind, Text(kind, kind)), "concept": self.concept(kind, concept_id)},
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
                self.warn(
                    "unused-derived",
                    f"derived fact '{short}' {how} but no rule tests it",
                    where=where,
                    params={"fact": short},
                    form="derived" if derived else "declared",
                )
            elif not derived:
                for rule in used[name]:
                    self.warn(
                        "underived-fact",
                        f"tests derived fact '{short}', but no rule derives it, so this rule never fires",
                        rule,
                        params={"fact": short},
                    )

    def cycles(self) -> None:
        edges: dict[tuple[str, str], list[RuleSpec]] = {}
        for rule in self.base.rules:
            targets = [f"derived.{c.target}" for c in rule.conclusions if c.kind == "derive"]
            for c in rule.conditions:
                if c.field.startswith("derived."):
                    for target in targets:
                        edges.setdefault((c.field, target), []).append(rule)
        for cycle in sorted(_simple_cycles(edges), key=lambda nodes: sorted(nodes)):
            start = cycle.index(min(cycle))
            nodes = cycle[start:] + cycle[:start]
            steps = list(zip(nodes, nodes[1:] + nodes[:1], strict=True))
            rules = sorted({r.id: r for step in steps for r in edges[step]}.values(), key=lambda r: r.id)
            path = " -> ".join(n.split(".", 1)[1] for n in [*nodes, nodes[0]])
            self.warn(
                "derived-cycle",
                f"derived facts depend on each other in a cycle: {path}",
                rules[0],
                [r.id for r in rules[1:]],
                params={"path": path},
            )


def _simple_cycles(edges: Mapping[tuple[str, str], object]) -> list[list[str]]:
    """Every elementary cycle of the directed graph ``edges``, each once, starting at its smallest node.

    The graph of derived facts is small (a node per derived fact), so a depth-first search from each node through
    larger nodes only is enough; it spares the base install networkx, which only the network wing needs.
    """
    successors: dict[str, list[str]] = defaultdict(list)
    for source, target in edges:
        successors[source].append(target)
    cycles: list[list[str]] = []
    for start in sorted(successors):
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for following in sorted(successors.get(node, ())):
                if following == start:
                    cycles.append(list(path))
                elif following > start and following not in path:
                    stack.append((following, [*path, following]))
    return cycles


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

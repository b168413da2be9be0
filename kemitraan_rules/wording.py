"""Plain words for ids: the labels users read instead of ``penjajagan``, ``smaller.provides`` or ``contains_any``.

Reports, ``plan``, ``screen``, ``map`` and ``network`` print labels, never ids: a step is "penjajakan" /
"exploration", a provision "bimbingan teknis" / "technical guidance", a failed condition a sentence built from the
field's label, the operator's words (:data:`~kemitraan_rules.operators.OPERATORS`) and the value's label.  The words
are data, in ``rulesets/words/labels.yaml``; this module loads them once and answers lookups.  An id without a
label is printed with its underscores as spaces (so the text stays readable), and ``tests/test_language.py`` fails
on every id that lacks a label in either language.

Example::

    >>> value_label("step", "penjajagan", "id")
    'penjajakan'
    >>> field_label("larger.provides", "en")
    'what the stronger party gives in this partnership'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from ._cache import load_cached_document
from ._resources import builtin_rulesets_dir
from .errors import RulesetError
from .operators import OPERATORS
from .rules import LANGUAGES

__all__ = [
    "LANGS",
    "Words",
    "concept_label",
    "condition_sentence",
    "field_label",
    "field_values",
    "join",
    "label_or_id",
    "need_label",
    "value_label",
    "value_text",
    "words",
]

#: The languages of every text (the rule loader's one list).
LANGS: tuple[str, ...] = LANGUAGES
_AND = {"id": "dan", "en": "and"}
_OR = {"id": "atau", "en": "or"}
#: Operators whose operand list means "any one of" (joined with "atau"/"or" rather than "dan"/"and").
_ANY_OPS = ("in", "not_in", "contains_any", "contains_none")
_NOTHING = {"id": "tidak ada", "en": "nothing"}
_UNKNOWN = {"id": "belum diketahui", "en": "unknown"}


class Words:
    """The loaded ``labels.yaml``: value labels by group, the party views and the field labels."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.values: Mapping[str, Mapping[str, Mapping[str, str]]] = data.get("values", {})
        self.views: Mapping[str, Mapping[str, str]] = data.get("views", {})
        fields = data.get("fields", {})
        self.party_fields: Mapping[str, Mapping[str, str]] = fields.get("party", {})
        self.other_fields: Mapping[str, Mapping[str, str]] = fields.get("other", {})
        self._fields: dict[str, tuple[Mapping[str, str] | None, str | None]] = {}

    def field(self, name: str) -> tuple[Mapping[str, str] | None, str | None]:
        """The label texts of field ``name`` (templates filled in) and the value group of its values (kept per name)."""
        found = self._fields.get(name)
        if found is None:
            found = self._fields[name] = self._field(name)
        return found

    def _field(self, name: str) -> tuple[Mapping[str, str] | None, str | None]:
        if name in self.other_fields:
            entry = self.other_fields[name]
            return entry, entry.get("values")
        view, _, rest = name.partition(".")
        if view in self.views and rest in self.party_fields:
            entry = self.party_fields[rest]
            texts = {lang: entry[lang].format(party=self.views[view][lang]) for lang in LANGS if lang in entry}
            return texts, entry.get("values")
        return None, None


@functools.lru_cache(maxsize=1)
def words() -> Words:
    """The shipped words (``rulesets/words/labels.yaml``), loaded once."""
    document = load_cached_document(builtin_rulesets_dir() / "words" / "labels.yaml", error=RulesetError)
    return Words(document.data)


@functools.lru_cache(maxsize=1)
def _catalogue() -> Mapping[str, Any]:
    document = load_cached_document(builtin_rulesets_dir() / "catalogue.yaml", error=RulesetError)
    concepts: Mapping[str, Any] = document.data.get("concepts", {})
    return concepts


def concept_label(kind: str, concept_id: str, lang: str) -> str:
    """The catalogue label of a built-in concept (``pattern``, ``drawback``, ``principle``, ...)."""
    entry = _catalogue().get(kind, {}).get(concept_id)
    return label_or_id(entry.get("label") if isinstance(entry, Mapping) else None, concept_id, lang)


def need_label(need: str, lang: str) -> str:
    """The label of a need an institution states: one of the reasons, a weak LKP aspect or a lacking provision."""
    for group in ("reason", "lkp_aspect", "provision"):
        if need in words().values.get(group, {}):
            return value_label(group, need, lang)
    return _plain(need)


def _plain(identifier: str) -> str:
    return identifier.replace("_", " ")


def label_or_id(texts: Mapping[str, str] | None, identifier: str, lang: str) -> str:
    """``texts[lang]`` when present, else the id with spaces for underscores (never a bare snake_case id)."""
    if texts and lang in texts:
        return texts[lang]
    return _plain(identifier)


def value_label(group: str, value: object, lang: str) -> str:
    """The label of one value id of a group (``step``, ``party_kind``, ``provision``, ``severity``, ...)."""
    key = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return label_or_id(words().values.get(group, {}).get(key), key, lang)


def join(items: Sequence[str], lang: str, *, either: bool = False) -> str:
    """``a, b dan c`` / ``a, b and c`` (``either``: ``a, b atau c`` / ``a, b or c``)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    word = (_OR if either else _AND)[lang]
    return f"{', '.join(items[:-1])} {word} {items[-1]}"


def field_label(field: str, lang: str, derived: Mapping[str, str] | None = None) -> str:
    """The label of a fact field; ``derived`` is a derived fact's declared description (used when given)."""
    if derived:
        return label_or_id(derived, field, lang)
    texts, _ = words().field(field)
    return label_or_id(texts, field.rpartition(".")[2], lang)


def field_values(field: str) -> str | None:
    """The value group of a field's values (``provision`` for ``larger.provides``), ``None`` for numbers."""
    return words().field(field)[1]


def value_text(field: str, value: Any, lang: str, *, either: bool = False) -> str:
    """A field's value in words: labels for ids, a list joined with "dan"/"and" (``either``: "atau"/"or"),
    "tidak ada"/"nothing" when empty, "belum diketahui"/"unknown" when ``None``."""
    if value is None:
        return _UNKNOWN[lang]
    group = field_values(field)
    if isinstance(value, (list, tuple)):
        if not value:
            return _NOTHING[lang]
        return join([value_text(field, item, lang) for item in value], lang, either=either)
    if isinstance(value, bool):
        return value_label("boolean", value, lang)
    if group is not None:
        return value_label(group, value, lang)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


_SENTENCE = {
    "id": {
        "needed": "perlu: {field} {op} {operand}; kenyataannya: {actual}",
        "needed_bool": "perlu: {field} ({operand}); kenyataannya: {actual}",
        "known": "perlu diketahui: {field}",
        "not_derived": "belum dapat disimpulkan: {field}",
    },
    "en": {
        "needed": "needed: {field} {op} {operand}; actually: {actual}",
        "needed_bool": "needed: {field} ({operand}); actually: {actual}",
        "known": "needs to be known: {field}",
        "not_derived": "not derived: {field}",
    },
}


def condition_sentence(
    field: str,
    op: str,
    operand: Any,
    actual: Any,
    lang: str,
    derived: Mapping[str, str] | None = None,
) -> str:
    """A failed condition as a sentence: what was needed, in labels, and what the scenario actually has.

    A derived fact that was not derived reads "belum dapat disimpulkan" / "not derived" with the fact's
    description, never "unknown"; an unknown input value reads "belum diketahui" / "unknown".
    """
    template = _SENTENCE[lang]
    label = field_label(field, lang, derived).rstrip(".")
    if derived is not None and actual is None:
        return template["not_derived"].format(field=label)
    if op == "exists":
        return template["known"].format(field=label)
    actual_text = value_text(field, actual, lang)
    if OPERATORS[op].arity == "none":
        return template["needed_bool"].format(field=label, operand=OPERATORS[op].words[lang], actual=actual_text)
    if isinstance(operand, bool) and op in ("eq", "ne"):
        wanted = operand if op == "eq" else not operand
        return template["needed_bool"].format(field=label, operand=value_label("boolean", wanted, lang), actual=actual_text)
    operand_text = value_text(field, operand, lang, either=op in _ANY_OPS)
    return template["needed"].format(field=label, op=OPERATORS[op].words[lang], operand=operand_text, actual=actual_text)

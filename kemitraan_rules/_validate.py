"""The one problem-collecting validation kit: field tables that build both the checks and the JSON Schema.

Every input reader (scenarios, partner networks, profiles and candidates, partnership records, lifecycle rule files) checks
its document with a :class:`Validator`, which records every problem with its location instead of stopping at the
first, so one error lists them all.  Records of fields (:class:`Field`) describe scenario-like objects once; the same
table validates input (:meth:`Validator.record`) and writes the JSON Schema (:func:`object_schema`), so the two cannot
drift apart.
"""

from __future__ import annotations

import datetime as _dt
import re
import string
import weakref
from collections.abc import Mapping, Sequence
from typing import Any, Generic, TypeVar

import attrs

from . import vocabulary as v
from ._yaml import FieldPath, SourceMap
from .errors import Problem, shown, type_word
from .vocabulary import Text

_T = TypeVar("_T")

__all__ = [
    "A_LIST",
    "A_MAPPING",
    "A_STRING",
    "A_TEXT",
    "ID_PATTERN",
    "ID_SCHEMA_PATTERN",
    "JOINT",
    "TEXT_SCHEMA_PATTERN",
    "Field",
    "ValidatedObjects",
    "Validator",
    "document_schema",
    "field_schema",
    "nullable",
    "object_schema",
]

#: Ids of parties and scenarios: letters, digits, '_', '.', '-', starting with a letter or digit (whole string).
ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
#: :data:`ID_PATTERN` as a JSON Schema ``pattern``: Python's ``re.search`` (which Python schema validators use) lets
#: ``$`` match before a final newline, so ``"a\n"`` passed the schema while the validator (``fullmatch``) refused it;
#: the lookahead refuses it under both Python's and ECMA-262's regular expressions.
ID_SCHEMA_PATTERN = ID_PATTERN.pattern + "(?!\\n)"
#: A JSON Schema ``pattern`` requiring a character other than white space: the validator refuses text that
#: ``str.strip`` empties, and Python's ``\S`` is exactly the complement of ``str.isspace``.
TEXT_SCHEMA_PATTERN = r"\S"
#: The value of ``decisions_by``/``rules_set_by`` when the parties decide together.
JOINT = "bersama"

_shown = shown  # the bounded repr of a bad value, shared with errors.Problem.make

#: What a value must be (the ``expected`` of the ``wrong_type`` message), in both languages.
A_MAPPING = Text("pemetaan", "a mapping")
A_LIST = Text("daftar", "a list")
A_STRING = Text("teks", "a string")
A_TEXT = Text("teks yang tidak kosong", "a non-empty string")
A_BOOL = Text("true atau false", "true or false")
A_WHOLE_NUMBER = Text("bilangan bulat", "a whole number")
A_COUNT = Text("bilangan bulat 0 atau lebih", "a whole number of 0 or more")
A_PARTY_MAP = Text("pemetaan dari id pihak ke nilai", "a mapping from party id to value")

#: The names of what :meth:`Validator.choice` picks from, in both languages.
_WHAT: dict[str, Text] = {
    "value": Text("nilai", "value"),
    "party id": Text("id pihak", "party id"),
    "MoU party": Text("pihak MoU", "MoU party"),
    "step": Text("langkah", "step"),
    "basis": Text("dasar", "basis"),
    "gain": Text("perolehan", "gain"),
    "indicator": Text("indikator", "indicator"),
    "level": Text("tingkat", "level"),
    "field": Text("kolom", "field"),
    "check": Text("pemeriksaan", "check"),
    "kind": Text("jenis", "kind"),
    "severity": Text("tingkat keparahan", "severity"),
    "direction": Text("arah", "direction"),
}


@attrs.frozen
class Field:
    """One field of an input record: its type, whether required, its values and aliases, and its doc."""

    name: str
    type: str  # "id", "text", "enum", "bool", "int", "share", "enum_list", "text_list", "party_map"
    required: bool = False
    values: tuple[str, ...] = ()
    aliases: Mapping[str, str] = attrs.field(factory=dict)
    minimum: int | None = None
    description: str = ""
    item: Field | None = None  # for party_map: the type of each value


class Validator:
    """Collects every problem of one input document; each helper returns ``None`` (or empty) after recording one.

    The callers build their records only when :attr:`problems` is empty, so one error lists every problem.  A
    subclass sets :attr:`strict_mappings` when a mapping with an unknown key must not be used at all.
    """

    strict_mappings = False

    def __init__(self, source: SourceMap, problems: list[Problem] | None = None) -> None:
        self.source = source
        self.problems: list[Problem] = [] if problems is None else problems

    def add(self, path: FieldPath, code: str, value: object = None, allowed: Sequence[str] = (), **params: object) -> None:
        """Record one problem at ``path`` (located in the source file when the input came from one): the sentence of
        ``code`` (:data:`~kemitraan_rules.errors.MESSAGES`) filled with ``params``; the bad ``value`` is quoted."""
        self.problems.append(self.source.problem(path, code, value=value, allowed=tuple(allowed), **params))

    def mapping(self, data: object, path: FieldPath, required: Sequence[str], optional: Sequence[str] = ()) -> dict[str, Any] | None:
        """``data`` as a dict when it is a mapping with every ``required`` key; unknown keys are problems."""
        if not isinstance(data, Mapping):
            self.add(path, "wrong_type", data, expected=A_MAPPING, got=type_word(data))
            return None
        keys = (*required, *optional)
        ok = True
        for key in data:
            if key not in keys:
                self.add((*path, key), "unknown_field", key, keys, field=repr(key))
                ok = not self.strict_mappings and ok
        for key in required:
            if key not in data:
                self.add(path, "missing_field", field=repr(key))
                ok = False
        return dict(data) if ok else None

    def sequence(self, data: object, path: FieldPath) -> list[Any]:
        """``data`` when it is a list, else a problem and the empty list."""
        if not isinstance(data, list):
            self.add(path, "wrong_type", data, expected=A_LIST, got=type_word(data))
            return []
        return data

    def items(self, data: object, path: FieldPath) -> list[tuple[FieldPath, Any]]:
        """The items of a list with their paths (a problem and nothing when ``data`` is not a list)."""
        return [((*path, index), item) for index, item in enumerate(self.sequence(data, path))]

    def string(self, data: object, path: FieldPath, *, empty: bool = False, strip: bool = True) -> str | None:
        """A string (non-blank unless ``empty``), stripped unless ``strip`` is false (lossless records keep it)."""
        if not isinstance(data, str) or (not empty and not data.strip()):
            self.add(path, "wrong_type", data, expected=A_STRING if empty else A_TEXT, got=_shown(data))
            return None
        return data.strip() if strip else data

    def choice(self, data: object, path: FieldPath, allowed: Sequence[str], what: str | Text = "value") -> str | None:
        """One of ``allowed`` (the problem lists them, cut when long, with a "did you mean")."""
        if not isinstance(data, str) or data not in allowed:
            self.add(path, "unknown_choice", data, allowed, what=what if isinstance(what, Text) else _WHAT.get(what, Text(what, what)))
            return None
        return data

    def number(self, data: object, path: FieldPath, low: float, high: float) -> float | None:
        """A finite number from ``low`` to ``high``."""
        if isinstance(data, bool) or not isinstance(data, (int, float)) or not low <= data <= high:
            self.add(path, "not_in_range", data, low=low, high=high)
            return None
        return float(data)

    def count(self, data: object, path: FieldPath) -> int | None:
        """A whole number of 0 or more."""
        if isinstance(data, bool) or not isinstance(data, int) or data < 0:
            self.add(path, "wrong_type", data, expected=A_COUNT, got=_shown(data))
            return None
        return data

    def date(self, data: object, path: FieldPath) -> str | None:
        """An ISO date (``2024-03-01``), kept as its text."""
        text = self.string(data, path, strip=False)
        if text is None:
            return None
        try:
            _dt.date.fromisoformat(text)
        except ValueError:
            self.add(path, "not_iso_date", text, got=repr(text))
            return None
        return text

    def bilingual(self, data: object, path: FieldPath, placeholders: Sequence[str] = ()) -> dict[str, str]:
        """A text in every language (``{id: ..., en: ...}``) whose ``$placeholders`` are all among ``placeholders``.

        Data files of texts (network findings, consortium findings) are checked with it when they are loaded, so a
        misspelt placeholder fails at once instead of when a report is written.
        """
        raw = self.mapping(data, path, v.LANGUAGES)
        if raw is None:
            return {}
        result: dict[str, str] = {}
        for lang in v.LANGUAGES:
            text = self.string(raw[lang], (*path, lang))
            if text is None:
                continue
            try:
                string.Template(text).substitute({name: "x" for name in placeholders})
            except (KeyError, ValueError) as exc:
                self.add((*path, lang), "bad_placeholder", text, tuple("$" + n for n in placeholders), placeholder=str(exc))
                continue
            result[lang] = text
        return result

    def value(self, field: Field, raw: object, path: FieldPath, party_ids: Sequence[str]) -> object:
        kind = field.type
        if kind in ("id", "text", "ref"):
            if not isinstance(raw, str) or not raw.strip():
                self.add(path, "wrong_type", raw, expected=A_TEXT, got=_shown(raw))
                return None
            if kind == "id" and not ID_PATTERN.fullmatch(raw):
                self.add(path, "bad_id", raw)
                return None
            if kind == "ref" and raw not in party_ids:
                self.add(path, "unknown_party", raw, party_ids)
                return None
            return raw if kind != "text" else raw.strip()
        if kind == "ref_or_joint":
            if raw != JOINT and raw not in party_ids:
                self.add(path, "unknown_party", raw, (*party_ids, JOINT))
                return None
            return raw
        if kind == "enum":
            canonical = v.normalise(raw, field.values, field.aliases)
            if canonical not in field.values:
                self.add(path, "unknown_value", raw, field.values)
                return None
            return canonical
        if kind == "bool":
            if not isinstance(raw, bool):
                self.add(path, "wrong_type", raw, expected=A_BOOL, got=_shown(raw))
                return None
            return raw
        if kind == "int":
            if isinstance(raw, bool) or not isinstance(raw, int):
                self.add(path, "wrong_type", raw, expected=A_WHOLE_NUMBER, got=_shown(raw))
                return None
            if field.minimum is not None and raw < field.minimum:
                self.add(path, "below_minimum", raw, minimum=field.minimum, got=raw)
                return None
            return raw
        if kind == "share":
            if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 <= raw <= 1:
                self.add(path, "not_in_range", raw, low=0, high=1)
                return None
            return float(raw)
        if kind in ("enum_list", "text_list"):
            if not isinstance(raw, list):
                self.add(path, "wrong_type", raw, expected=A_LIST, got=type_word(raw))
                return None
            items: list[str] = []
            for index, item in enumerate(raw):
                if kind == "enum_list":
                    canonical = v.normalise(item, field.values, field.aliases)
                    if canonical not in field.values:
                        self.add((*path, index), "unknown_value", item, field.values)
                        continue
                elif not isinstance(item, str) or not item.strip():
                    self.add((*path, index), "wrong_type", item, expected=A_TEXT, got=_shown(item))
                    continue
                else:
                    canonical = item.strip().lower()
                if canonical in items:
                    self.add((*path, index), "listed_twice", item)
                    continue
                items.append(str(canonical))
            return tuple(items)
        if kind == "party_map":
            if not isinstance(raw, Mapping):
                self.add(path, "wrong_type", raw, expected=A_PARTY_MAP, got=type_word(raw))
                return None
            assert field.item is not None
            result: dict[str, Any] = {}
            for key, item in raw.items():
                if key not in party_ids:
                    self.add((*path, key), "unknown_party", key, party_ids)
                    continue
                checked = self.value(field.item, item, (*path, key), party_ids)
                if checked is not None:
                    result[key] = checked
            return result
        raise AssertionError(f"unknown field type {kind}")  # pragma: no cover

    def record(self, fields: Sequence[Field], data: Mapping[str, Any], path: FieldPath, party_ids: Sequence[str]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field in fields:
            if field.name not in data or data[field.name] is None:
                if field.required:
                    self.add(path, "missing_field", field=repr(field.name))
                continue
            checked = self.value(field, data[field.name], (*path, field.name), party_ids)
            if checked is not None:
                values[field.name] = checked
        return values


def _one_spelling_each(field: Field) -> list[dict[str, Any]]:
    """JSON Schema constraints refusing a list that holds two spellings of one value (``[dana, funds]``).

    The validator maps every English alias to its Indonesian id and refuses the second occurrence ("listed twice");
    ``uniqueItems`` compares spellings, so without these the schema accepted such lists.  One constraint per pair of
    spellings of a value: ``not`` (it contains the first ``and`` the second), which every draft since 6 reads alike.
    """
    spellings: dict[str, list[str]] = {value: [value] for value in field.values}
    for alias, value in sorted(field.aliases.items()):
        spellings.setdefault(value, [value]).append(alias)
    return [
        {"not": {"allOf": [{"contains": {"const": first}}, {"contains": {"const": second}}]}}
        for names in spellings.values()
        for index, first in enumerate(names)
        for second in names[index + 1 :]
    ]


def field_schema(field: Field) -> dict[str, Any]:
    """The JSON Schema of one field, refusing what :meth:`Validator.value` refuses on that field alone.

    What the schema cannot express is checked by the validator only, across fields: references to party ids, the
    combinations of partnership-form fields, totals of shares, free words listed twice in another case or with other
    surrounding spaces.  The validator also accepts enumeration values in another spelling (case, spaces, dashes),
    which it normalises; the schema lists the canonical ids and the English aliases.
    """
    description = {"description": field.description} if field.description else {}
    kind = field.type
    if kind == "id":
        return {"type": "string", "pattern": ID_SCHEMA_PATTERN, **description}
    if kind in ("text", "ref", "ref_or_joint"):
        return {"type": "string", "pattern": TEXT_SCHEMA_PATTERN, **description}
    if kind == "enum":
        return {"type": "string", "enum": list(field.values) + sorted(field.aliases), **description}
    if kind == "bool":
        return {"type": "boolean", **description}
    if kind == "int":
        schema: dict[str, Any] = {"type": "integer", **description}
        if field.minimum is not None:
            schema["minimum"] = field.minimum
        return schema
    if kind == "share":
        return {"type": "number", "minimum": 0, "maximum": 1, **description}
    if kind == "enum_list":
        schema = {"type": "array", "uniqueItems": True, "items": {"type": "string", "enum": list(field.values) + sorted(field.aliases)}}
        pairs = _one_spelling_each(field)
        return {**schema, **({"allOf": pairs} if pairs else {}), **description}
    if kind == "text_list":
        return {"type": "array", "uniqueItems": True, "items": {"type": "string", "pattern": TEXT_SCHEMA_PATTERN}, **description}
    if kind == "party_map":
        assert field.item is not None
        return {"type": "object", "additionalProperties": field_schema(field.item), **description}
    raise AssertionError(kind)  # pragma: no cover


def object_schema(fields: Sequence[Field]) -> dict[str, Any]:
    """The JSON Schema of a record of ``fields``; an optional field may also be ``null`` (:meth:`Validator.record`
    reads ``null``, which YAML writes as an empty value, as absent)."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.required],
        "properties": {f.name: field_schema(f) if f.required else nullable(field_schema(f)) for f in fields},
    }


def nullable(schema: Mapping[str, Any]) -> dict[str, Any]:
    """``schema`` or ``null``: the schema of an optional field, which the readers take as absent when ``null``."""
    return {"anyOf": [dict(schema), {"type": "null"}]}


def document_schema(name: str, title: str, required: Sequence[str], properties: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of input document: optional ``id``, ``title``, ``description``
    beside its own ``properties``; shipped as ``schemas/<name>.schema.json``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://kemitraan-rules.invalid/schemas/{name}.schema.json",
        "title": title,
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": {
            "id": {"type": "string", "pattern": ID_SCHEMA_PATTERN},
            "title": {"type": "string"},
            "description": {"type": "string"},
            **properties,
        },
    }


class ValidatedObjects(Generic[_T]):
    """Objects known to have passed validation, by identity, without keeping them alive.

    Frozen records built by the loaders (scenarios, parties, candidates) are registered here so that a later step
    need not check them again; an equal object built some other way is not in it.  Why not a
    ``weakref.WeakValueDictionary``: it removes an entry by a callback, Python code that runs whenever a registered
    object is freed, and a Ctrl-C landing in that callback raises ``KeyboardInterrupt`` there, where Python prints
    and drops it (the interrupt is lost: seen on CPython 3.13 in ``test_real_sigints_at_random_moments...``).  Here
    an entry is a weak reference without callback; dead entries are pruned when the table has doubled since the
    last pruning, so it stays within twice the live objects (plus 1,024).  Thread-safe: a lost entry only costs a
    check done again.
    """

    __slots__ = ("_limit", "_refs")

    def __init__(self) -> None:
        self._refs: dict[int, weakref.ref[_T]] = {}
        self._limit = 1024

    def add(self, obj: _T) -> None:
        self._refs[id(obj)] = weakref.ref(obj)
        if len(self._refs) > self._limit:
            alive = {key: ref for key, ref in list(self._refs.items()) if ref() is not None}
            self._refs = alive
            self._limit = max(1024, 2 * len(alive))

    def __contains__(self, obj: object) -> bool:
        ref = self._refs.get(id(obj))
        return ref is not None and ref() is obj

    def __len__(self) -> int:
        """Entries held, dead ones not yet pruned included."""
        return len(self._refs)

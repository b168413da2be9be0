"""Hypothesis strategies drawn from the project's JSON Schemas (hypothesis-jsonschema), and near-miss mutations.

hypothesis-jsonschema 0.23.1 (its latest release) drives Hypothesis' internal ``many`` helper with the loop API
``while elements.more(): ... elements.reject()``; Hypothesis 6.13x replaced that API by a context manager with an
iterator, so every object schema failed with ``AttributeError: 'many' object has no attribute 'more'``.
:func:`from_schema` gives hypothesis-jsonschema, and only it, an adapter with the old API over the new one.
"""

from __future__ import annotations

import types
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st
from hypothesis.internal.conjecture import utils as conjecture_utils
from hypothesis_jsonschema import _from_schema
from hypothesis_jsonschema import from_schema as _library_from_schema


class _LoopMany:
    """``many(...)`` with the ``more()``/``reject()`` loop API, over Hypothesis' context-manager ``many``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._many = conjecture_utils.many(*args, **kwargs)
        self._elements: Any = None

    def more(self) -> bool:
        if self._elements is None:
            self._many.__enter__()
            self._elements = iter(self._many)
        if next(self._elements, StopIteration) is StopIteration:
            self._many.__exit__(None, None, None)
            return False
        return True

    def reject(self) -> None:
        self._many.reject()


if not hasattr(conjecture_utils.many, "more"):
    _from_schema.cu = types.SimpleNamespace(**{**vars(conjecture_utils), "many": _LoopMany})  # type: ignore[attr-defined]


def from_schema(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """Documents valid under ``schema`` (draft 2020-12 keywords that hypothesis-jsonschema reads)."""
    return _library_from_schema(dict(schema))


def _without_spelling_pairs(schema: Any) -> Any:
    """``schema`` without the ``allOf`` lists of ``not``/``contains`` pairs (one spelling per value).

    hypothesis-jsonschema did not produce one scenario in minutes with those constraints (it turns each ``not`` into
    a filter over merged subschemas); :func:`documents` generates without them and keeps only the documents the
    whole schema accepts, which is nearly all of them (a list rarely draws an alias beside its canonical id).
    """
    if isinstance(schema, Mapping):
        return {key: _without_spelling_pairs(value) for key, value in schema.items() if key != "allOf"}
    if isinstance(schema, list):
        return [_without_spelling_pairs(item) for item in schema]
    return schema


def documents(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """Documents the whole of ``schema`` accepts (checked with jsonschema), drawn with hypothesis-jsonschema."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(dict(schema))
    return from_schema(_without_spelling_pairs(schema)).filter(validator.is_valid)

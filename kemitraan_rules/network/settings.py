"""Thresholds of the partner-network analysis, read from ``rulesets/settings/network.yaml``.

The thresholds are data (the issue asks for them in the rulesets, not in code).  The file is validated with the
same error quality as scenarios: a bad key or value raises :class:`~kemitraan_rules.errors.NetworkError` naming the
file, line, column and key.  :class:`NetworkSettings` is a frozen record; ``PartnerNetwork(thresholds=...)`` builds
a new one with some values replaced (:func:`settings_with`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import attrs

from .. import vocabulary as v
from .._cache import load_cached_document
from .._resources import builtin_rulesets_dir
from .._validate import A_MAPPING
from .._yaml import SourceMap, load_document
from ..errors import NetworkError, Problem, shown, type_word
from ..vocabulary import Text

__all__ = ["THRESHOLD_KEYS", "NetworkSettings", "default_settings", "load_settings", "settings_path", "settings_with"]

#: Each threshold key and whether it is a share/index in [0, 1] ("share") or a count ("count").
THRESHOLD_KEYS: Mapping[str, str] = {
    "hhi_flag": "share",
    "hhi_critical": "share",
    "dependency_min_share": "share",
    "cascade_dependence": "share",
    "min_alternatives": "count",
    "dominance_min_dependents": "count",
    "betweenness_exact_max_nodes": "count",
    "betweenness_sample_k": "count",
}
_TOP_KEYS = ("kind", "version", "thresholds", "assumed_share")
#: The ``kind:`` header of the settings file.
SETTINGS_KIND = "network_settings"
SUPPORTED_VERSION = 1


@attrs.frozen
class NetworkSettings:
    """Validated thresholds (see ``docs/network.md`` for the meaning of each key) and assumed shares by pattern."""

    hhi_flag: float
    hhi_critical: float
    dependency_min_share: float
    cascade_dependence: float
    min_alternatives: int
    dominance_min_dependents: int
    betweenness_exact_max_nodes: int
    betweenness_sample_k: int
    assumed_share: Mapping[str, float] = attrs.field(factory=dict)
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The thresholds and assumed shares as plain data."""
        return {
            "thresholds": {key: getattr(self, key) for key in THRESHOLD_KEYS},
            "assumed_share": dict(sorted(self.assumed_share.items())),
        }


def settings_path() -> Path:
    """Path of the shipped settings file (wheel or source checkout layout)."""
    return builtin_rulesets_dir() / "settings" / "network.yaml"


def _check_value(key: str, raw: object, path: tuple[str | int, ...], source: SourceMap, problems: list[Problem]) -> Any:
    kind = THRESHOLD_KEYS.get(key)
    if kind is None:
        problems.append(source.problem(path, "unknown_choice", value=key, allowed=tuple(THRESHOLD_KEYS), what=Text("ambang", "threshold")))
        return None
    if kind == "share":
        if isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 <= raw <= 1:
            problems.append(
                source.problem(
                    path,
                    "key_must_be",
                    value=raw,
                    key=Text(f"ambang {key!r}", f"threshold {key!r}"),
                    expected=Text("bilangan dari 0 sampai 1", "a number from 0 to 1"),
                    got=shown(raw),
                )
            )
            return None
        return float(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 0:
        problems.append(
            source.problem(
                path,
                "key_must_be",
                value=raw,
                key=Text(f"ambang {key!r}", f"threshold {key!r}"),
                expected=Text("bilangan bulat 0 atau lebih", "a whole number of at least 0"),
                got=shown(raw),
            )
        )
        return None
    return raw


def _build(data: object, source: SourceMap, *, partial: bool) -> dict[str, Any]:
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    if not isinstance(data, Mapping):
        raise NetworkError(
            [source.problem((), "key_must_be", key=Text("pengaturan", "settings"), expected=A_MAPPING, got=type_word(data))], source.file
        )
    for key in data:
        if key not in _TOP_KEYS:
            problems.append(source.problem((key,), "unknown_field", value=key, allowed=_TOP_KEYS, field=repr(key)))
    if not partial and data.get("kind", SETTINGS_KIND) != SETTINGS_KIND:
        problems.append(source.problem(("kind",), "not_settings_file", value=data.get("kind"), allowed=(SETTINGS_KIND,)))
    if not partial and data.get("version") != SUPPORTED_VERSION:
        problems.append(
            source.problem(("version",), "key_must_be", key=Text("versi", "version"), expected=SUPPORTED_VERSION, got=shown(data.get("version")))
        )
    thresholds = data.get("thresholds", {})
    if not isinstance(thresholds, Mapping):
        problems.append(
            source.problem(
                ("thresholds",),
                "wrong_type",
                expected=Text("pemetaan dari nama ambang ke nilainya", "a mapping of threshold names to values"),
                got=type_word(thresholds),
            )
        )
        thresholds = {}
    for key, raw in thresholds.items():
        checked = _check_value(key, raw, ("thresholds", key), source, problems)
        if checked is not None:
            values[key] = checked
    if not partial:
        for key in THRESHOLD_KEYS:
            if key not in thresholds:
                problems.append(source.problem(("thresholds",), "missing_field", field=repr(key)))
    assumed = data.get("assumed_share", {})
    if not isinstance(assumed, Mapping):
        problems.append(
            source.problem(
                ("assumed_share",),
                "wrong_type",
                expected=Text("pemetaan dari id pola ke porsinya", "a mapping of pattern ids to shares"),
                got=type_word(assumed),
            )
        )
        assumed = {}
    shares: dict[str, float] = {}
    for pattern, raw in assumed.items():
        path = ("assumed_share", pattern)
        if pattern not in v.PATTERNS:
            problems.append(source.problem(path, "unknown_pattern", value=pattern, allowed=v.PATTERNS))
        elif isinstance(raw, bool) or not isinstance(raw, (int, float)) or not 0 <= raw <= 1:
            problems.append(
                source.problem(
                    path,
                    "key_must_be",
                    value=raw,
                    key=Text("porsi anggapan", "assumed share"),
                    expected=Text("bilangan dari 0 sampai 1", "a number from 0 to 1"),
                    got=shown(raw),
                )
            )
        else:
            shares[pattern] = float(raw)
    if "assumed_share" in data:
        values["assumed_share"] = shares
    if problems:
        raise NetworkError(problems, source.file)
    return values


def load_settings(path: str | Path | None = None, *, text: str | None = None) -> NetworkSettings:
    """Load and validate a settings file (default: the shipped ``rulesets/settings/network.yaml``)."""
    path = settings_path() if path is None else Path(path)
    document = load_cached_document(path, error=NetworkError) if text is None else load_document(path, text=text, error=NetworkError)
    values = _build(document.data, document.source, partial=False)
    return NetworkSettings(**values, source=str(path))


@lru_cache(maxsize=1)
def default_settings() -> NetworkSettings:
    """The shipped settings, loaded once."""
    return load_settings()


def settings_with(base: NetworkSettings, overrides: Mapping[str, Any] | None) -> NetworkSettings:
    """``base`` with some thresholds replaced; ``overrides`` is validated like the file (``assumed_share`` too).

    >>> settings_with(default_settings(), {"cascade_dependence": 0.7}).cascade_dependence
    0.7
    """
    if not overrides:
        return base
    data: dict[str, Any] = {"thresholds": {k: x for k, x in overrides.items() if k != "assumed_share"}}
    if "assumed_share" in overrides:
        data["assumed_share"] = overrides["assumed_share"]
    values = _build(data, SourceMap("thresholds"), partial=True)
    return attrs.evolve(base, **values, source=f"{base.source} (with overrides)")

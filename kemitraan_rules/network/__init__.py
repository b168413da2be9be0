"""The partner network wing: parties and partnerships as a NetworkX multigraph, with measures and findings.

Modules, one concern each: ``model`` (:class:`PartnerNetwork`, loading and building), ``validate`` (the network
file's fields and JSON Schema), ``settings`` (thresholds from ``rulesets/settings/network.yaml``), ``measures``
(strength, dependency, bargaining, brokerage, cascade: functions over the graph, each with its formula and source),
``findings`` (measures turned into warnings in the report's shape), ``graphml`` (GraphML read/write) and ``plot``
(a matplotlib picture, an optional extra).  Everything a user needs is importable from here.
"""

from __future__ import annotations

from ..errors import NetworkError
from .measures import (
    Bargaining,
    Brokerage,
    Cascade,
    DependenceTable,
    Dependency,
    SinglePoint,
    Stop,
    Strength,
    bargaining_position,
    betweenness,
    brokerage,
    burt_constraint,
    cascade,
    dependence_table,
    dependency_concentration,
    effective_size,
    hhi,
    network_strength,
    single_points_of_failure,
)
from .model import SEVERITIES, Finding, PartnerNetwork, load_network
from .settings import NetworkSettings, default_settings, load_settings, settings_with
from .validate import network_json_schema

__all__ = [
    "SEVERITIES",
    "Bargaining",
    "Brokerage",
    "Cascade",
    "DependenceTable",
    "Dependency",
    "Finding",
    "NetworkError",
    "NetworkSettings",
    "PartnerNetwork",
    "SinglePoint",
    "Stop",
    "Strength",
    "bargaining_position",
    "betweenness",
    "brokerage",
    "burt_constraint",
    "cascade",
    "default_settings",
    "dependence_table",
    "dependency_concentration",
    "effective_size",
    "hhi",
    "load_network",
    "load_settings",
    "network_json_schema",
    "network_strength",
    "settings_with",
    "single_points_of_failure",
]

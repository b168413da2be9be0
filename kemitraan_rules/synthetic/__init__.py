"""Seeded synthetic inputs for tests, benchmarks, notebooks and docs (the library itself never uses them).

The same seed always gives the same data: scenarios (:func:`scenario_dicts`), screening candidates
(:func:`synthetic_candidates`) and partner networks (:func:`random_network_data`).
"""

from __future__ import annotations

from .lifecycle import synthetic_candidates
from .network import random_network_data
from .scenarios import iter_scenario_dicts, scenario_dict, scenario_dicts

__all__ = ["iter_scenario_dicts", "random_network_data", "scenario_dict", "scenario_dicts", "synthetic_candidates"]

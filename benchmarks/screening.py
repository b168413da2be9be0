"""Screening benchmark (issue 13, target 6): rank candidate partners for the example LKP, with and without the engine.

Run: ``PYTHONPATH=. python benchmarks/screening.py [COUNT] [--rounds N]`` from the checkout (or with the package
installed).  Every figure is printed as ``name=value`` (as in ``benchmarks/evaluate.py``) so runs can be compared
with ``grep``; times are the median and range over rounds, CPU time (``time.process_time``, what the machine's other
work disturbs least) and wall clock.

Each round screens fresh candidate objects (the same seeded data, built again outside the timing), so every screen
pays what screening new candidates costs, the check of each candidate included; the engine is built once, before the
rounds, and warmed on five candidates.  Within a round the full screen (one ``Engine.evaluate`` per candidate) and
the criteria-only screen run one after the other, in an order alternated from round to round, so that load on the
machine hits both alike.  The screen with the engine on the top 20 only and the engine's construction are measured
once per round too.  ``target6_screen_200_s`` is the CPU time of the full screen of 200 candidates (goal: under
0.2 s on a quiet machine).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kemitraan_rules.engine import Engine
from kemitraan_rules.lifecycle import Screening, load_profile, screen
from kemitraan_rules.synthetic import synthetic_candidates

ROOT = Path(__file__).resolve().parent.parent


def emit(name: str, value: object, unit: str = "") -> None:
    text = f"{value:.4g}" if isinstance(value, float) else str(value)
    print(f"{name}={text}{(' ' + unit) if unit else ''}", flush=True)


def summary(values: Sequence[float], scale: float = 1.0) -> str:
    """``median [min-max]`` of one figure over rounds, multiplied by ``scale``."""
    scaled = [value * scale for value in values]
    return f"{statistics.median(scaled):.4g} [{min(scaled):.4g}-{max(scaled):.4g}]"


def timed(run: Callable[[], Any]) -> tuple[float, float, Any]:
    """CPU and wall seconds of one call, and its result."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = run()
    return time.process_time() - cpu, time.perf_counter() - wall, result


def main(count: int = 200, rounds: int = 7) -> None:
    profile = load_profile(ROOT / "examples" / "lifecycle" / "profile.yaml")
    screen(profile, synthetic_candidates(2, seed=1), use_engine=False)  # load the rule files once
    built_cpu, built_wall, engine = timed(Engine)
    screen(profile, synthetic_candidates(5, seed=1), engine=engine)  # warm the engine's compiled units

    figures: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in ("engine", "criteria", "top20")}
    full: Screening | None = None
    scored: Screening | None = None
    for index in range(rounds):
        fresh = [synthetic_candidates(count, seed=1) for _ in range(3)]  # new objects: each screen checks its candidates
        runs: list[tuple[str, Callable[[], Screening]]] = [
            ("engine", functools.partial(screen, profile, fresh[0], engine=engine)),
            ("criteria", functools.partial(screen, profile, fresh[1], use_engine=False)),
        ]
        if index % 2:
            runs.reverse()
        runs.append(("top20", functools.partial(screen, profile, fresh[2], engine=engine, engine_top=20)))
        for name, run in runs:
            cpu, wall, result = timed(run)
            figures[name][0].append(cpu)
            figures[name][1].append(wall)
            if name == "engine":
                full = result
            elif name == "criteria":
                scored = result
    assert full is not None and scored is not None

    cpu_rounds, wall_rounds = figures["engine"]
    emit("candidates", count)
    emit("rounds", rounds)
    emit("criteria_only_ms", summary(figures["criteria"][0], 1000), "(CPU, median [range] over rounds)")
    emit("criteria_only_wall_ms", summary(figures["criteria"][1], 1000))
    emit("criteria_engine_warm_ms", summary(cpu_rounds, 1000), "(CPU; one Engine.evaluate per candidate, engine built)")
    emit("criteria_engine_warm_wall_ms", summary(wall_rounds, 1000))
    emit("criteria_engine_per_candidate_ms", summary(cpu_rounds, 1000 / count), "(CPU)")
    emit("criteria_engine_top20_ms", summary(figures["top20"][0], 1000), "(CPU; the engine on the 20 best by the criteria)")
    emit("criteria_engine_top20_wall_ms", summary(figures["top20"][1], 1000))
    emit("engine_construction_ms", f"{built_cpu * 1000:.4g}", f"(CPU, once; wall {built_wall * 1000:.4g} ms)")
    goal = "goal < 0.2 for 200 candidates"
    if count == 200:
        goal += ": met" if statistics.median(cpu_rounds) < 0.2 else ": NOT met"
    emit(f"target6_screen_{count}_s", summary(cpu_rounds), f"(CPU, median [range]; {goal})")
    emit(f"target6_screen_{count}_wall_s", summary(wall_rounds))
    emit("best", f"{full.candidates[0].party} {full.candidates[0].score:.3f}; criteria-only best: {scored.candidates[0].party}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("count", nargs="?", type=int, default=200, help="number of candidates (default 200)")
    parser.add_argument("--rounds", type=int, default=7, help="rounds of measurement (default 7)")
    arguments = parser.parse_args()
    main(arguments.count, arguments.rounds)

"""Screening benchmark: rank 200 candidate partners for the example LKP, with and without the engine.

Run: ``PYTHONPATH=. python benchmarks/screening.py [COUNT]`` from the checkout (or with the package installed).
Prints the time of the criteria scoring alone, of a full screen
with one engine evaluation per candidate (engine already built), and of building the engine once.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kemitraan_rules.engine import Engine
from kemitraan_rules.lifecycle import load_profile, screen
from kemitraan_rules.synthetic import synthetic_candidates

ROOT = Path(__file__).resolve().parent.parent


def main(count: int = 200) -> None:
    profile = load_profile(ROOT / "examples" / "lifecycle" / "profile.yaml")
    candidates = synthetic_candidates(count, seed=1)
    screen(profile, candidates[:2], use_engine=False)  # load the rule files once

    start = time.perf_counter()
    engine = Engine()
    built = time.perf_counter() - start

    start = time.perf_counter()
    scored = screen(profile, candidates, use_engine=False)
    criteria_only = time.perf_counter() - start

    screen(profile, candidates[:5], engine=engine)  # warm the engine's compiled units
    start = time.perf_counter()
    full = screen(profile, candidates, engine=engine)
    with_engine = time.perf_counter() - start

    start = time.perf_counter()
    screen(profile, candidates, engine=engine, engine_top=20)
    top20 = time.perf_counter() - start

    print(f"candidates:                    {count}")
    print(f"criteria only:                 {criteria_only * 1000:8.1f} ms")
    print(f"criteria + engine (warm):      {with_engine * 1000:8.1f} ms  ({with_engine / count * 1000:.2f} ms per candidate)")
    print(f"criteria + engine on top 20:   {top20 * 1000:8.1f} ms")
    print(f"engine construction (once):    {built * 1000:8.1f} ms")
    print(f"best: {full.candidates[0].party} {full.candidates[0].score:.3f}; criteria-only best: {scored.candidates[0].party}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)

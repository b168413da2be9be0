"""Benchmark of the partner network: build, measures, cascade and sampled betweenness from 1k to 100k parties.

Run: ``python benchmarks/network.py [--sizes 1000 10000 100000] [--k 256]``.  Networks are generated with a fixed
seed (3 partnerships per party), so runs are comparable; times are wall-clock seconds on one core.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

from kemitraan_rules.network import PartnerNetwork
from kemitraan_rules.synthetic.network import random_network_data


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def run(parties: int, k: int) -> dict[str, float]:
    data = random_network_data(parties, parties * 3, seed=42)
    figures: dict[str, float] = {}
    figures["build"], net = timed(lambda: PartnerNetwork.from_dict(data))

    def measures() -> None:
        for party in net.parties:
            net.strength(party)
            net.dependency(party)
            net.bargaining(party)
        net.brokerage(with_betweenness=False)

    figures["measures"], _ = timed(measures)
    hub = max(net.graph.in_degree(), key=lambda item: (item[1], item[0]))[0]
    figures["cascade"], result = timed(lambda: net.cascade([hub]))
    figures["cascade_stopped"] = float(len(result.stops))
    figures["spof"], _points = timed(net.single_points_of_failure)
    figures["findings"], found = timed(net.findings)
    figures["findings_count"] = float(len(found))
    figures[f"betweenness_k{k}"], _ = timed(lambda: net.brokerage(k=k))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--k", type=int, default=256)
    args = parser.parse_args()
    rows = [(n, run(n, args.k)) for n in args.sizes]
    keys = list(rows[0][1])
    print("parties  partnerships  " + "  ".join(f"{key:>16}" for key in keys))
    for n, figures in rows:
        print(f"{n:>7}  {n * 3:>12}  " + "  ".join(f"{figures[key]:>16.3f}" for key in keys))
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        ratio = last[0] / first[0]
        print(f"\ngrowth from {first[0]} to {last[0]} parties (x{ratio:g}):")
        for key in ("build", "measures", "cascade", "spof", "findings", f"betweenness_k{args.k}"):
            if first[1][key] > 0:
                print(f"  {key:>16}: x{last[1][key] / first[1][key]:.1f}")


if __name__ == "__main__":
    main()

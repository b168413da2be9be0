"""Memory over many distinct rule bases: each built, evaluated once and closed, as a notebook re-running an edited
rule file or a long-lived service loading user rules does.

Run ``python benchmarks/rule_bases.py [N]`` (default 300).  Every rule base is the built-in one plus a one-rule user
file whose condition's threshold differs, so each compiles to new units and is new to every cache.  Printed as
``name=value``: resident memory (RSS, from ``/proc/self/statm``; Linux only) after the first, the 150th (when every
bounded cache is full: the parsed rule files, 128, fill last) and the last rule base, the growth per rule base after
the 150th, the same after ``malloc_trim`` (glibc; target 5: at most 0.05 MiB, i.e. bounded), the live durable-rules C
rulesets at the end (those of the idle runtimes the engine keeps), and the CPU time (``time.process_time``, not wall
time: the machine may be shared).

``--keep-c-rulesets`` makes releasing a runtime skip the deletion of its C rulesets (vendored durable-rules patch 12),
which reproduces the behaviour before they were freed.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kemitraan_rules import Engine, _durable_engine
from kemitraan_rules._durable import engine as durable_engine
from kemitraan_rules.rules import builtin

SCENARIO = {
    "id": "kecil_besar",
    "parties": [
        {"id": "lkp_a", "kind": "lkp", "scale": "kecil", "needs": ["job_order"], "offers": ["tenaga_kerja"]},
        {"id": "pt_b", "kind": "dudi", "scale": "besar", "offers": ["job_order"], "needs": ["tenaga_kerja"]},
    ],
    "relationship": {"seeker": "lkp_a", "candidate": "pt_b"},
}
RULE = """ruleset: tuning
version: '1'
rules:
  - id: tuning.small_seeker
    when: [{{seeker.members: {{gte: {members}}}}}]
    then: {{recommend: {{pattern: pola_asuh, weight: 2}}}}
    text: {{id: Pencari mitra beranggota cukup banyak, en: The seeker has enough members}}
    source: {{author: Benchmark, year: 2026}}
"""
WARM = 150


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def trimmed_rss_mib() -> float | None:
    """RSS after glibc's ``malloc_trim(0)`` returned the free heap to the system (``None`` where there is no glibc).

    Why: untrimmed RSS also counts memory already freed but still held by the allocator, which rises and falls by
    several MiB from one rule base to the next (fragmentation, not data kept), so the untrimmed growth per rule base
    is noise of +-0.05 MiB; what stays after trimming is what the process holds.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return None
    libc.malloc_trim(0)
    return rss_mib()


def main(count: int, keep_c_rulesets: bool) -> None:
    if keep_c_rulesets:
        durable_engine.Host.delete_rulesets = lambda _self: None
    folder = Path(tempfile.mkdtemp(prefix="kemitraan-rule-bases-"))
    marks = []
    trimmed: dict[int, float | None] = {}
    started = time.process_time()
    for index in range(count):
        rules = folder / f"rules{index}.yaml"
        rules.write_text(RULE.format(members=index + 1), encoding="utf-8")
        with Engine([builtin(), rules]) as engine:
            engine.evaluate(SCENARIO)
        gc.collect()
        marks.append(rss_mib())
        if index in (0, min(WARM, count) - 1, count - 1):
            trimmed[index] = trimmed_rss_mib()
    cpu = time.process_time() - started
    warm = min(WARM, count) - 1
    per_rule_base = (marks[-1] - marks[warm]) / max(1, count - 1 - warm)
    print(f"rule_bases={count} keep_c_rulesets={keep_c_rulesets}")
    print(f"rss_first_mib={marks[0]:.1f} rss_after_{warm + 1}_mib={marks[warm]:.1f} rss_last_mib={marks[-1]:.1f}")
    print(f"rss_growth_per_rule_base_after_{warm + 1}_mib={per_rule_base:.3f} (untrimmed: includes memory freed but held by malloc)")
    after, last = trimmed.get(warm), trimmed.get(count - 1)
    if after is not None and last is not None:
        held = (last - after) / max(1, count - 1 - warm)
        bounded = "met" if held <= 0.05 else "NOT met"
        print(f"trimmed_rss_after_{warm + 1}_mib={after:.1f} trimmed_rss_last_mib={last:.1f}")
        print(f"trimmed_rss_growth_per_rule_base_after_{warm + 1}_mib={held:.3f} (target 5: bounded, <= 0.05 MiB per rule base: {bounded})")
    print(f"live_c_rulesets={_durable_engine.live_rulesets()} cpu_s={cpu:.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", nargs="?", type=int, default=300, help="distinct rule bases (default 300)")
    parser.add_argument("--keep-c-rulesets", action="store_true", help="do not delete C rulesets (the old behaviour)")
    arguments = parser.parse_args()
    main(arguments.count, arguments.keep_c_rulesets)

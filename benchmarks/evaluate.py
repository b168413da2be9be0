"""Evaluation benchmarks: throughput against raw durable-rules and plain Python, start-up, memory, growth, workers.

Run ``python benchmarks/evaluate.py`` (full, several minutes) or ``--quick`` (seconds; used by the smoke test).
Every figure is printed as ``name=value`` so runs can be compared with ``grep``.  Scenarios come from the seeded
generator in :mod:`kemitraan_rules.synthetic`, so two runs measure the same work.  The rulesets are copied to a
temporary directory first, so a ruleset edited during the run cannot skew it.

What is compared, on one core, in the same run:

* ``ours``: ``Engine.evaluate(scenario)``: facts, inference with probes, forward chaining, the explained report.
* ``raw``: durable-rules alone given the very same compiled definitions (deep copies, registered on a fresh host with
  no-op actions) and the very same fact batches the engine sends, derived-fact rounds included (recorded from the
  engine once, then replayed): the floor our layer adds to.
* ``plain``: a hand-written if/else interpreter of the same conditions over ``extract_facts`` (forward chaining
  included), the cost of not using a rules engine at all.  It is checked to fire exactly the engine's rules.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kemitraan_rules import Engine, Scenario, scenario_from_dict
from kemitraan_rules import engine as engine_module
from kemitraan_rules._durable import engine as durable_engine
from kemitraan_rules.compiler import compile_rulebase
from kemitraan_rules.facts import extract_facts
from kemitraan_rules.rules import Condition, builtin, load_rulesets
from kemitraan_rules.synthetic import scenario_dicts

Batches = list[tuple[str, list[dict[str, Any]]]]


def emit(name: str, value: object, unit: str = "") -> None:
    text = f"{value:.4g}" if isinstance(value, float) else str(value)
    print(f"{name}={text}{(' ' + unit) if unit else ''}", flush=True)


def best_rate(run: Callable[[], int], repeats: int) -> float:
    """Items per second of the fastest of ``repeats`` runs (the least disturbed by the machine)."""
    rates = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        count = run()
        rates.append(count / (time.perf_counter() - start))
    return max(rates)


# --- raw durable-rules ---------------------------------------------------------------------------------------------
class _RawHost(durable_engine.Host):  # type: ignore[misc]
    """A plain durable-rules host (the vendored one starts no timer threads), every action a no-op."""

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        return _noop


def _noop(_closure: Any) -> None:
    pass


def record_batches(engine: Engine, scenarios: Sequence[Scenario]) -> list[Batches]:
    """The fact batches the engine asserts for each scenario, in order, derived-fact rounds included."""
    recorded: list[Batches] = []
    original = Engine._assert

    def spy(self: Engine, runtime: Any, unit: Any, batch: list[dict[str, Any]], scenario: Scenario) -> None:
        recorded[-1].append((unit.name, [dict(fact) for fact in batch]))
        original(self, runtime, unit, batch, scenario)

    Engine._assert = spy  # type: ignore[method-assign]
    try:
        for scenario in scenarios:
            recorded.append([])
            engine.evaluate(scenario)
    finally:
        Engine._assert = original  # type: ignore[method-assign]
    return recorded


def raw_runner(engine: Engine, recorded: list[Batches]) -> Callable[[], int]:
    host = _RawHost()
    host.set_rulesets({unit.name: engine_module._deep_copy(unit.definition) for unit in engine.compiled.units})
    counter = iter(range(10**12))

    def run() -> int:
        for batches in recorded:
            sid = f"r{next(counter)}"
            touched = set()
            for unit_name, batch in batches:
                host.assert_facts(unit_name, [{**fact, "id": f"{sid}:{fact['t']}", "sid": sid} for fact in batch])
                touched.add(unit_name)
            for unit_name in touched:
                host.delete_state(unit_name, sid)
        return len(recorded)

    return run


# --- plain Python --------------------------------------------------------------------------------------------------
def holds(condition: Condition, facts: dict[str, Any]) -> bool:
    """Whether ``condition`` holds for ``facts``: the if/else a hand-written evaluator would contain."""
    op, operand = condition.op, condition.operand
    if op == "missing":
        return condition.field in facts.get("scenario.unknown", ())
    if condition.field not in facts:
        return False
    value = facts[condition.field]
    if op == "exists":
        return True
    if op == "eq":
        return bool(value == operand)
    if op == "ne":
        return bool(value != operand)
    if op == "in":
        return value in operand
    if op == "not_in":
        return value not in operand
    if op == "gt":
        return bool(value > operand)
    if op == "gte":
        return bool(value >= operand)
    if op == "lt":
        return bool(value < operand)
    if op == "lte":
        return bool(value <= operand)
    if op == "contains":
        return operand in value
    if op == "contains_any":
        return any(item in value for item in operand)
    if op == "contains_all":
        return all(item in value for item in operand)
    if op == "contains_none":
        return not any(item in value for item in operand)
    raise ValueError(op)


def plain_evaluate(engine: Engine, scenario: Scenario) -> set[str]:
    """Forward chaining by hand: evaluate every rule's conditions, add derived facts, repeat until nothing is new."""
    facts = extract_facts(scenario)
    rules = engine.rulebase.rules
    fired: set[str] = set()
    while True:
        new = False
        for rule in rules:
            if rule.id in fired or not all(holds(c, facts) for c in rule.conditions):
                continue
            fired.add(rule.id)
            for conclusion in rule.conclusions:
                if conclusion.kind == "derive" and f"derived.{conclusion.target}" not in facts:
                    facts[f"derived.{conclusion.target}"] = conclusion.value
                    new = True
        if not new:
            return fired


# --- helpers -------------------------------------------------------------------------------------------------------
def snapshot_rulesets(target: Path) -> Path:
    shutil.copytree(builtin(), target)
    return target


def scaled_rules(base: Path, factor: int, target: Path) -> list[Path]:
    """``base`` plus ``factor - 1`` renamed copies of every ruleset that declares no derived facts or concepts."""
    dirs = [base]
    for copy in range(1, factor):
        folder = target / f"extra{copy}"
        folder.mkdir(parents=True)
        for path in sorted(base.glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if re.search(r"^(derived|concepts|settings):", text, re.M):
                continue
            text = re.sub(r"^ruleset: (\S+)", rf"ruleset: \1_x{copy}", text, count=1, flags=re.M)
            text = re.sub(r"^(\s*- id: )(\S+)", rf"\1\2_x{copy}", text, flags=re.M)
            (folder / f"{path.stem}_x{copy}.yaml").write_text(text, encoding="utf-8")
        dirs.append(folder)
    return dirs


def rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def time_per_eval_ms(engine: Engine, scenarios: Sequence[Scenario], repeats: int) -> float:
    def run() -> int:
        for scenario in scenarios:
            engine.evaluate(scenario)
        return len(scenarios)

    return 1000.0 / best_rate(run, repeats)


def linear(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, bool]:
    """Growth exponent between the ends (log y / log x) and whether it is at most linear (exponent <= 1.1)."""
    import math

    exponent = math.log(ys[-1] / ys[0]) / math.log(xs[-1] / xs[0])
    return exponent, exponent <= 1.1


# --- sections ------------------------------------------------------------------------------------------------------
def bench_throughput(engine: Engine, count: int, repeats: int) -> None:
    scenarios = [scenario_from_dict(d) for d in scenario_dicts(count, seed=42, parties=(2, 6))]
    dicts = scenario_dicts(count, seed=42, parties=(2, 6))
    for scenario in scenarios[:20]:
        engine.evaluate(scenario)
    recorded = record_batches(engine, scenarios)
    emit("scenarios", count)
    emit("asserts_per_scenario", sum(len(b) for b in recorded) / count)

    def ours() -> int:
        for scenario in scenarios:
            engine.evaluate(scenario)
        return count

    def ours_from_dicts() -> int:
        for data in dicts:
            engine.evaluate(data)
        return count

    def plain() -> int:
        for scenario in scenarios:
            plain_evaluate(engine, scenario)
        return count

    agree = sum(plain_evaluate(engine, s) == set(engine.evaluate(s).fired) for s in scenarios)
    emit("plain_agrees_with_engine", f"{agree}/{count}")
    raw = raw_runner(engine, recorded)
    raw()
    rate_raw = best_rate(raw, repeats)
    rate_ours = best_rate(ours, repeats)
    rate_dicts = best_rate(ours_from_dicts, repeats)
    rate_plain = best_rate(plain, repeats)
    emit("rate_ours", rate_ours, "scenarios/s")
    emit("rate_ours_from_dicts", rate_dicts, "scenarios/s (validation included)")
    emit("rate_raw_durable", rate_raw, "scenarios/s")
    emit("rate_plain_python", rate_plain, "scenarios/s")
    emit("overhead_vs_raw_durable", rate_raw / rate_ours)
    emit("overhead_vs_plain_python", rate_plain / rate_ours)


def bench_startup(rules_dir: Path) -> None:
    code = (
        "import time; t=time.perf_counter(); from kemitraan_rules import Engine; i=time.perf_counter();"
        f"Engine([{str(rules_dir)!r}]); e=time.perf_counter(); print(i-t, e-i)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True) for _ in range(3)]
    imports, cold = min(tuple(map(float, r.stdout.split())) for r in runs)
    emit("startup_import_s", imports)
    emit("startup_cold_engine_s", cold, "(load+validate+compile+register, fresh process)")
    start = time.perf_counter()
    rulebase = load_rulesets([rules_dir])
    loaded = time.perf_counter()
    compile_rulebase(rulebase)
    compiled = time.perf_counter()
    Engine([rules_dir])
    cached = time.perf_counter()
    emit("startup_load_validate_s", loaded - start)
    emit("startup_compile_s", compiled - loaded)
    emit("startup_engine_runtime_cached_s", cached - compiled, "(second Engine: durable host reused)")


def bench_memory(engine: Engine, first: int, total: int) -> None:
    scenarios = [scenario_from_dict(d) for d in scenario_dicts(1000, seed=7, parties=(2, 6))]
    done = 0
    while done < first:
        engine.evaluate(scenarios[done % len(scenarios)])
        done += 1
    gc.collect()
    before = rss_mb()
    while done < total:
        engine.evaluate(scenarios[done % len(scenarios)])
        done += 1
    gc.collect()
    after = rss_mb()
    emit(f"rss_after_{first}_mb", before)
    emit(f"rss_after_{total}_mb", after)
    emit("rss_growth_mb", after - before, "(target <= 10)")


def bench_growth(base: Path, tmp: Path, count: int, repeats: int) -> None:
    scenarios = [scenario_from_dict(d) for d in scenario_dicts(count, seed=3, parties=(2, 6))]
    sizes, times = [], []
    for factor in (1, 2, 4):
        engine = Engine(scaled_rules(base, factor, tmp / f"rules_x{factor}"))
        rules = len(engine.rulebase.rules)
        ms = time_per_eval_ms(engine, scenarios, repeats)
        sizes.append(rules)
        times.append(ms)
        emit(f"growth_rules_x{factor}", f"{rules} rules, {len(engine.compiled.units)} units: {ms:.3f} ms/evaluation")
    exponent, ok = linear(sizes, times)
    emit("growth_rules_exponent", exponent, f"({'linear or better' if ok else 'SUPERLINEAR'})")

    engine = Engine([base])
    counts, times = [], []
    for parties in (2, 5, 10, 20, 50):
        batch = [scenario_from_dict(d) for d in scenario_dicts(count, seed=5, parties=parties)]
        ms = time_per_eval_ms(engine, batch, repeats)
        counts.append(parties)
        times.append(ms)
        emit(f"growth_parties_{parties}", f"{ms:.3f} ms/evaluation")
    exponent, ok = linear(counts, times)
    emit("growth_parties_exponent", exponent, f"({'linear or better' if ok else 'SUPERLINEAR'})")


def bench_workers(base: Path, count: int) -> None:
    from kemitraan_rules.batch import evaluate_many

    data = scenario_dicts(count, seed=9, parties=(2, 6))
    rates = {}
    for workers in (1, 2):
        start = time.perf_counter()
        items = evaluate_many(data, workers=workers, rulesets=[base], chunksize=64)
        elapsed = time.perf_counter() - start
        assert all(item.ok for item in items)
        rates[workers] = count / elapsed
        emit(f"batch_workers_{workers}", rates[workers], "scenarios/s (pool start-up included)")
    emit("speedup_2_workers", rates[2] / rates[1])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny counts: a smoke run of every section")
    parser.add_argument("--only", nargs="*", default=None, help="sections: throughput startup memory growth workers")
    parser.add_argument("--memory-total", type=int, default=None, help="evaluations for the memory figure")
    args = parser.parse_args(argv)
    quick = args.quick
    sections = set(args.only or ["throughput", "startup", "memory", "growth", "workers"])
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = snapshot_rulesets(tmp / "rulesets")
        engine = Engine([base])
        emit("python", sys.version.split()[0])
        emit("rules", len(engine.rulebase.rules))
        emit("units", len(engine.compiled.units))
        if "throughput" in sections:
            bench_throughput(engine, 40 if quick else 1000, 1 if quick else 3)
        if "startup" in sections:
            bench_startup(base)
        if "memory" in sections:
            bench_memory(engine, 100 if quick else 1000, args.memory_total or (1000 if quick else 100_000))
        if "growth" in sections:
            bench_growth(base, tmp, 10 if quick else 300, 1 if quick else 3)
        if "workers" in sections:
            bench_workers(base, 40 if quick else 4000)


if __name__ == "__main__":
    main()

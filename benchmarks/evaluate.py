"""Evaluation benchmarks: ours against named peers on one decision, start-up, memory, growth, workers.

Run ``python benchmarks/evaluate.py`` (full, several minutes) or ``--quick`` (seconds; used by the smoke test).
Every figure is printed as ``name=value`` so runs can be compared with ``grep``.  Scenarios come from the seeded
generator in :mod:`kemitraan_rules.synthetic`, so two runs measure the same work.

``peers`` (target 1): the 72-rule legal decision (``benchmarks/peers/decision.py``: the rules recommending or
excluding a legal-layer pattern plus the derivations they need; the 12 example scenarios plus 500 seeded ones)
computed by

* ``ours``: ``Engine(those rules).evaluate(scenario)``: facts, inference, forward chaining, the full report with
  why-not available for every pattern (built on first use); ``ours_why_not_built`` also builds every explanation;
* ``raw_durable``: durable-rules alone, same rules, one fact per field, chaining in actions, no report;
* ``hand_written_python``: one ``if`` per rule, comparisons inlined (generated from the rules as source text);
* ``table_interpreter``: a generic Python rule-table interpreter with a fixed-point loop;
* ``zen_engine`` (zen-engine 2.1.3) and ``clips`` (clipspy 1.0.6, CLIPS 6.4): optional extra ``[bench]``, reported
  as skipped when not installed.

Every contender is first checked to fire exactly the reference interpreter's rules on every input; then each round
runs every contender once over all inputs, in an order rotated from round to round, so that machine load hits them
alike.  Rates are reported as the median and range over rounds, wall clock and CPU time (``time.process_time``),
and each ratio is computed within a round, then summarised.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from kemitraan_rules import Engine, Scenario, scenario_from_dict
from kemitraan_rules.compiler import compile_rulebase
from kemitraan_rules.facts import extract_facts
from kemitraan_rules.rules import builtin, load_rulesets
from kemitraan_rules.synthetic import scenario_dicts


def emit(name: str, value: object, unit: str = "") -> None:
    text = f"{value:.4g}" if isinstance(value, float) else str(value)
    print(f"{name}={text}{(' ' + unit) if unit else ''}", flush=True)


#: ``--quick`` runs tiny counts: a smoke test of every section, whose figures judge no target.
QUICK_RUN = False


def verdict(ok: bool) -> str:
    """How a target line ends: ``met`` or ``NOT met`` (judged on the median); ``--quick`` judges nothing."""
    if QUICK_RUN:
        return "not judged (--quick)"
    return "met" if ok else "NOT met"


def best_rate(run: Callable[[], int], repeats: int) -> float:
    """Items per second of the fastest of ``repeats`` runs (used by the growth and memory sections)."""
    rates = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        count = run()
        rates.append(count / (time.perf_counter() - start))
    return max(rates)


def summary(values: Sequence[float]) -> str:
    """``median [min-max]`` of one figure over rounds."""
    return f"{statistics.median(values):.4g} [{min(values):.4g}-{max(values):.4g}]"


# --- peers (target 1) ----------------------------------------------------------------------------------------------
def contenders(decision: Any) -> tuple[dict[str, Callable[[int], frozenset[str]]], dict[str, str]]:
    """Every contender that can run here, and why the others cannot."""
    from peers import Skipped, clips_peer, python_code, raw_durable, zen_peer

    engine = Engine(decision.rulebase)
    scenarios = decision.scenarios

    def ours(index: int) -> frozenset[str]:
        return frozenset(engine.evaluate(scenarios[index]).fired)

    def ours_why_not_built(index: int) -> frozenset[str]:
        report = engine.evaluate(scenarios[index])
        for pattern in report.explanations:
            report.why_not(pattern)
        return frozenset(report.fired)

    builders: dict[str, Callable[[Any], Callable[[int], frozenset[str]]]] = {
        "raw_durable": raw_durable.raw_durable,
        "hand_written_python": python_code.hand_written_python,
        "table_interpreter": python_code.table_interpreter,
        "zen_engine": zen_peer.zen_engine,
        "clips": clips_peer.clips,
    }
    found: dict[str, Callable[[int], frozenset[str]]] = {"ours": ours, "ours_why_not_built": ours_why_not_built}
    skipped: dict[str, str] = {}
    for name, build in builders.items():
        try:
            found[name] = build(decision)
        except Skipped as exc:
            skipped[name] = str(exc)
    return found, skipped


def bench_peers(rounds: int, synthetic: int) -> None:
    from peers import decision as decision_module

    decision = decision_module.build(synthetic=synthetic)
    count = len(decision.scenarios)
    reference = [decision_module.fired_by_interpreter(decision.rules, facts) for facts in decision.facts]
    found, skipped = contenders(decision)
    emit("peers_rules", len(decision.rules))
    emit("peers_inputs", count, "(the example scenarios plus seeded ones)")
    for name, reason in skipped.items():
        emit(f"peer_{name}", f"skipped: {reason}")
    for name, evaluate in found.items():
        agree = sum(evaluate(i) == reference[i] for i in range(count))
        emit(f"agrees_{name}", f"{agree}/{count}")
        if agree != count:
            raise SystemExit(f"{name} does not fire the reference rules on every input: not timed")
    names = list(found)
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    for round_index in range(rounds):
        order = names[round_index % len(names) :] + names[: round_index % len(names)]
        for name in order:
            evaluate = found[name]
            gc.collect()
            w0, c0 = time.perf_counter(), time.process_time()
            for i in range(count):
                evaluate(i)
            w1, c1 = time.perf_counter(), time.process_time()
            wall[name].append(count / (w1 - w0))
            cpu[name].append(count / max(c1 - c0, 1e-9))
    emit("peers_rounds", rounds, "(contenders interleaved, order rotated each round)")
    for name in names:
        emit(f"rate_{name}_wall", summary(wall[name]), "evaluations/s, median [range] over rounds")
        emit(f"rate_{name}_cpu", summary(cpu[name]), "evaluations/s of CPU time")
    for name in names:
        if name == "ours":
            continue
        emit(f"ratio_{name}_over_ours_wall", summary([p / o for p, o in zip(wall[name], wall["ours"], strict=True)]), "(>1: faster than ours)")
        emit(f"ratio_{name}_over_ours_cpu", summary([p / o for p, o in zip(cpu[name], cpu["ours"], strict=True)]))
    if "raw_durable" in found:
        ratio = statistics.median(r / o for r, o in zip(cpu["raw_durable"], cpu["ours"], strict=True))
        emit("target1_ours_cost_over_raw_durable_cpu", ratio, f"(target <= 1.25: {verdict(ratio <= 1.25)})")
    for peer in ("zen_engine", "clips"):
        if peer in found:
            ratio = statistics.median(o / p for o, p in zip(cpu["ours"], cpu[peer], strict=True))
            emit(f"target1_ours_over_{peer}_cpu", ratio, f"(target > 1: {verdict(ratio > 1)})")


def bench_verify(engine: Engine, count: int) -> None:
    """The engine fires exactly the rules a Python interpreter of the same rules fires, on ``count`` scenarios."""
    from peers import decision as decision_module

    ordered = _derivation_order(engine)
    agree = 0
    total = 0
    for seed, parties in ((101, (2, 6)), (102, 10)):
        for data in scenario_dicts(count // 2, seed=seed, parties=parties):
            scenario = scenario_from_dict(data)
            total += 1
            expected = decision_module.fired_by_interpreter(ordered, extract_facts(scenario))
            agree += frozenset(engine.evaluate(scenario).fired) == expected
    emit("interpreter_agrees_all_rules", f"{agree}/{total}", "(fired rules identical, built-in rules)")
    if agree != total:
        raise SystemExit("the engine and the interpreter disagree")


def _derivation_order(engine: Engine) -> tuple[Any, ...]:
    derivers: dict[str, list[Any]] = {}
    for rule in engine.rulebase.rules:
        for c in rule.conclusions:
            if c.kind == "derive":
                derivers.setdefault(f"derived.{c.target}", []).append(rule)
    depth: dict[str, int] = {}

    def level(rule: Any) -> int:
        if rule.id not in depth:
            depth[rule.id] = 1 + max((level(d) for c in rule.conditions for d in derivers.get(c.field, ())), default=0)
        return depth[rule.id]

    return tuple(sorted(engine.rulebase.rules, key=lambda r: (level(r), r.id)))


# --- helpers -------------------------------------------------------------------------------------------------------
def snapshot_rulesets(target: Path) -> Path:
    shutil.copytree(builtin(), target)
    return target


def rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def time_per_eval_ms(engine: Engine, scenarios: Sequence[Scenario], repeats: int) -> float:
    def run() -> int:
        for scenario in scenarios:
            engine.evaluate(scenario)
        return len(scenarios)

    return 1000.0 / best_rate(run, repeats)


# --- sections ------------------------------------------------------------------------------------------------------
def bench_startup(rules_dir: Path, rounds: int) -> None:
    """Import, first and second ``Engine()`` in fresh processes, and the cold CLI ``evaluate --format json``."""
    root = Path(__file__).resolve().parent.parent
    # As installed: pip compiles every module to bytecode at install time.  PYTHONDONTWRITEBYTECODE (set on some
    # machines) would make each fresh process compile the package again and time the compiler, not the start-up.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(root)
    code = (
        "import time; t=time.perf_counter(); from kemitraan_rules import Engine; i=time.perf_counter();"
        f"Engine([{str(rules_dir)!r}]); e=time.perf_counter(); c=time.process_time(); Engine([{str(rules_dir)!r}]);"
        "s=time.perf_counter(); print(i-t, e-i, s-e, time.process_time()-c)"
    )
    example = root / "examples" / "scenarios" / "inti_plasma.yaml"
    cli = [sys.executable, "-m", "kemitraan_rules", "evaluate", str(example), "--format", "json"]
    import resource

    imports, first, second, second_cpu, cold_cli, cold_cli_cpu, empty_cache = [], [], [], [], [], [], []
    subprocess.run(cli, capture_output=True, env=env, check=True)  # bytecode written, the disk cache of parsed rule files warm
    for round_index in range(rounds):
        # The same command with an empty cache directory: the first run after installing, or after editing a rule file
        # (every rule file parsed, validated and compiled, and the cache written).
        with tempfile.TemporaryDirectory() as empty:
            start = time.perf_counter()
            subprocess.run(cli, capture_output=True, env={**env, "KEMITRAAN_RULES_CACHE_DIR": str(Path(empty) / f"cache{round_index}")}, check=True)
            empty_cache.append(time.perf_counter() - start)
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.split()
        imports.append(float(out[0]))
        first.append(float(out[1]))
        second.append(float(out[2]))
        second_cpu.append(float(out[3]))
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cli, capture_output=True, env=env, check=True)
        cold_cli.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cold_cli_cpu.append(after.ru_utime - usage.ru_utime + after.ru_stime - usage.ru_stime)
    emit("startup_import_s", summary(imports), "(fresh process, median [range])")
    emit("startup_first_engine_s", summary(first), "(fresh process, rule-file cache on disk warm)")
    second_ok = verdict(statistics.median(second) < 0.020)
    emit("startup_second_engine_ms", summary([x * 1000 for x in second]), f"(wall; same rules, same process; target < 20: {second_ok})")
    emit("startup_second_engine_cpu_ms", summary([x * 1000 for x in second_cpu]), "(CPU time of the same)")
    cold_ok = verdict(statistics.median(cold_cli) < 0.25)
    emit("startup_cold_cli_evaluate_json_s", summary(cold_cli), f"(wall, whole process; target < 0.25 on a quiet machine: {cold_ok})")
    emit("startup_cold_cli_evaluate_json_cpu_s", summary(cold_cli_cpu), "(CPU time of the same process: user + system)")
    emit("startup_cold_cli_evaluate_json_empty_cache_s", summary(empty_cache), "(wall, with an empty rule cache: a first run, or after an edit)")
    start = time.perf_counter()
    rulebase = load_rulesets([rules_dir])
    loaded = time.perf_counter()
    compile_rulebase(rulebase)
    compiled = time.perf_counter()
    emit("startup_load_validate_s", loaded - start, "(in this process: cached)")
    emit("startup_compile_s", compiled - loaded, "(memoised)")


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
    emit("rss_growth_mb", after - before, f"(target: flat, <= 1 MB: {verdict(after - before <= 1)})")


def bench_rulebases(tmp: Path, count: int) -> None:
    """RSS of a long-lived process loading ``count`` different rule bases (built-in rules plus one distinct rule each).

    The release of unused durable-rules runtimes is ``Engine.close()`` (issue 11); this measures what remains.
    """
    scenario = scenario_from_dict(scenario_dicts(1, seed=1)[0])
    engines = []
    for index in range(3):  # warm-up: imports, caches
        engines.append(Engine([builtin(), distinct_rules(1, tmp / f"warm{index}", offset=10_000 + index)]))
        engines[-1].evaluate(scenario)
    engines.clear()
    gc.collect()
    before = rss_mb()
    for index in range(count):
        engine = Engine([builtin(), distinct_rules(1, tmp / f"base{index}", offset=20_000 + index)])
        engine.evaluate(scenario)
        close = getattr(engine, "close", None)
        if callable(close):
            close()
        del engine
    gc.collect()
    after = rss_mb()
    emit("rulebases_loaded", count)
    emit("rulebases_rss_growth_mb", after - before, f"({(after - before) / count:.2f} MB per distinct rule base, engines dropped)")


def distinct_rules(count: int, target: Path, offset: int = 0) -> Path:
    """``count`` generated rules whose first conditions are all distinct (and distinct from the built-in ones).

    Each rule tests a numeric field against its own threshold (``share gte``/``members lte`` with a value no other
    rule uses) and one enum value, and recommends a pattern with a tiny weight; files of at most 200 rules.
    """
    from kemitraan_rules.facts import FIELDS

    numeric = [(n, spec.type) for n, spec in sorted(FIELDS.items()) if spec.type in ("int", "number") and not n.startswith("scenario.")]
    enums = [(n, value) for n, spec in sorted(FIELDS.items()) if spec.type == "enum" for value in spec.values[:2]]
    target.mkdir(parents=True, exist_ok=True)
    for start in range(0, count, 200):
        lines = [f"ruleset: grown_{start + offset}", 'version: "1"', "rules:"]
        for i in range(start + offset, min(start + 200, count) + offset):
            field, kind = numeric[i % len(numeric)]
            # Thresholds of at least 1e-4: Python writes smaller floats as 1e-05, which durable-rules cannot parse.
            test = f"{{gte: {round(0.0001 * (i + 2), 6)}}}" if kind == "number" else f"{{lte: {i + 1}}}"
            enum_field, value = enums[i % len(enums)]
            lines += [
                f"  - id: grown.r{i}",
                "    when:",
                f"      - {field}: {test}",
                f"      - {enum_field}: {{eq: {value}}}",
                "    then:",
                "      - recommend: {pattern: inti_plasma, weight: 0.001}",
                '    text: {id: "Aturan buatan", en: "Generated rule"}',
                "    source: {author: Benchmark, year: 2024}",
            ]
        (target / f"grown_{start:05d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def growth_child(extra: int, count: int, tmp: Path) -> None:
    """One growth point in this (fresh) process: ms of CPU per evaluation and RSS, printed for the parent."""
    dirs = [builtin()] + ([distinct_rules(extra, tmp / "grown")] if extra else [])
    engine = Engine(dirs)
    scenarios = [scenario_from_dict(d) for d in scenario_dicts(count, seed=3, parties=(2, 6))]
    for scenario in scenarios[:10]:
        engine.evaluate(scenario)
    times = []
    for _ in range(3):
        start = time.process_time()
        for scenario in scenarios:
            engine.evaluate(scenario)
        times.append((time.process_time() - start) * 1000 / count)
    print(len(engine.rulebase.rules), len(engine.compiled.units), min(times), rss_mb())


def fitted_exponent(xs: Sequence[float], ys: Sequence[float]) -> float:
    """The least-squares slope of log y on log x: y grows as x to this power."""
    import math

    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def bench_growth(base: Path, count: int, repeats: int, rounds: int, sizes: Sequence[int]) -> None:
    """Rules with distinct conditions (fresh process per point, points interleaved over rounds), and parties."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    results: dict[int, list[tuple[int, int, float, float]]] = {n: [] for n in sizes}
    for round_index in range(rounds):
        order = list(sizes[round_index % len(sizes) :]) + list(sizes[: round_index % len(sizes)])
        for extra in order:
            out = subprocess.run(
                [sys.executable, __file__, "--growth-child", str(extra), str(count)], capture_output=True, text=True, env=env, check=True
            ).stdout.split()
            results[extra].append((int(out[0]), int(out[1]), float(out[2]), float(out[3])))
    xs, ys = [], []
    for extra in sizes:
        rules, units = results[extra][0][0], results[extra][0][1]
        ms = [r[2] for r in results[extra]]
        rss = [r[3] for r in results[extra]]
        emit(f"growth_distinct_{rules}_rules", f"{summary(ms)} ms CPU/evaluation, {units} units, RSS {summary(rss)} MB")
        xs.append(rules)
        ys.append(statistics.median(ms))
    exponent = fitted_exponent(xs, ys)
    emit("growth_distinct_exponent", exponent, f"(fitted over {xs[0]}-{xs[-1]} rules; target <= 1.05: {verdict(exponent <= 1.05)})")
    last = sizes[-1]
    rss_last = statistics.median(r[3] for r in results[last])
    emit("growth_distinct_rss_largest_mb", rss_last, f"(target < 150 at 2,000 rules: {verdict(rss_last < 150)})")

    engine = Engine([base])
    counts, times = [], []
    for parties in (2, 5, 10, 20, 50):
        batch = [scenario_from_dict(d) for d in scenario_dicts(count, seed=5, parties=parties)]
        ms = time_per_eval_ms(engine, batch, repeats)
        counts.append(parties)
        times.append(ms)
        emit(f"growth_parties_{parties}", f"{ms:.3f} ms/evaluation")
    emit("growth_parties_exponent", fitted_exponent(counts, times), "(fitted over 2-50 parties)")


def _batch_run(data: Sequence[Any], workers: int, base: Path, output: str, chunksize: int) -> dict[str, float]:
    """One ``evaluate_iter`` run: wall and CPU figures of this process and of its (reaped) worker processes.

    ``first`` is when the first item arrived: the steady-state rate counts the items after the first chunk over the
    time after it, so it leaves out the pool's start-up (and, by at most one chunk, favours the pool).
    """
    import resource

    from kemitraan_rules.batch import evaluate_iter

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    gc.collect()
    kids0, cpu0, wall0 = children_cpu(), time.process_time(), time.perf_counter()
    first = 0.0
    items = []
    for item in evaluate_iter(data, workers=workers, rulesets=[base], chunksize=chunksize, output=output):  # type: ignore[arg-type]
        if not items:
            first = time.perf_counter()
        items.append(item)
    wall1, cpu1 = time.perf_counter(), time.process_time()
    kids1 = children_cpu()  # the pool is shut down and its processes reaped when the generator ends
    if not all(item.ok for item in items) or len(items) != len(data):
        raise SystemExit("a batch scenario failed: not timed")
    decode0 = time.process_time()
    for item in items:  # what a caller that reads every report pays afterwards (compact reports are decoded here)
        assert item.report is not None
    decode = time.process_time() - decode0
    return {
        "here": sum(item._pending is None for item in items) / len(items),  # share evaluated in this process
        "wall": wall1 - wall0,
        "steady_rate": (len(data) - min(chunksize, len(data))) / max(wall1 - first, 1e-9),
        "parent_cpu": cpu1 - cpu0,
        "workers_cpu": kids1 - kids0,
        "decode_cpu": decode,
    }


def bench_workers(base: Path, count: int, rounds: int, chunksize: int = 32) -> None:
    """``evaluate_iter`` with 1 and 2 workers, interleaved in each round (order alternated), for both outputs.

    ``workers=2`` is this process and one worker process sharing the chunks.  Besides wall-clock rates (unreliable
    on a shared machine), it measures CPU time per scenario: the caller's process (``process_time``: its own share
    of evaluations plus receiving the worker's) and the worker's (``RUSAGE_CHILDREN``, the start-up measured apart
    and taken out), and predicts the speedup on two free cores from them: two cores must do both processes' CPU, so
    the best wall time per scenario is ``(worker + caller) / 2`` against ``in-process`` for ``workers=1``.
    """
    data = scenario_dicts(count, seed=9, parties=(2, 6))
    json_count = max(8, count // 4)  # JSON output builds every explanation (several evaluations' worth): fewer
    # Pool start-up alone: one scenario per worker (start, engine), CPU of the caller and of the workers.
    from kemitraan_rules.batch import start_method

    emit("batch_start_method", start_method(), "(fork when the caller runs one thread, else forkserver or spawn)")
    startup = [_batch_run(data[:2], 2, base, "reports", 1) for _ in range(max(1, min(rounds, 3)))]
    emit("batch_pool_startup_s", summary([r["wall"] for r in startup]), "(wall: 1 worker started, 2 scenarios in chunks of 1)")
    emit("batch_pool_startup_workers_cpu_s", summary([r["workers_cpu"] for r in startup]), "(CPU of the worker: start, engine, its scenarios)")
    startup_cpu = statistics.median(r["workers_cpu"] for r in startup)
    emit("batch_scenarios", count, f"reports output; {json_count} for JSON output (start-up is amortised: see the steady rates)")
    for output, size in (("reports", count), ("json", json_count)):
        runs: dict[int, list[dict[str, float]]] = {1: [], 2: []}
        for round_index in range(rounds):
            for workers in (1, 2) if round_index % 2 == 0 else (2, 1):
                runs[workers].append(_batch_run(data[:size], workers, base, output, chunksize))
        one, two = runs[1], runs[2]
        tag = f"batch_{output}"
        emit(f"{tag}_rounds", rounds, "(workers=1 and workers=2 alternated within each round)")
        emit(f"{tag}_workers_1_rate", summary([size / r["wall"] for r in one]), "scenarios/s wall, in-process")
        emit(f"{tag}_workers_2_rate", summary([size / r["wall"] for r in two]), "scenarios/s wall, pool start-up included")
        emit(f"{tag}_workers_2_steady_rate", summary([r["steady_rate"] for r in two]), "scenarios/s wall after the first chunk")
        speedups = [b["wall"] / a["wall"] for a, b in zip(two, one, strict=True)]
        emit(f"{tag}_speedup_wall", summary(speedups), f"(within a round; target >= 1.7: {verdict(statistics.median(speedups) >= 1.7)})")
        emit(f"{tag}_workers_2_share_evaluated_here", summary([r["here"] for r in two]), "(of the scenarios, by the calling process)")
        in_process = [1000 * r["parent_cpu"] / size for r in one]
        parent = [1000 * r["parent_cpu"] / size for r in two]
        workers_cpu = [1000 * max(r["workers_cpu"] - startup_cpu, 0.0) / size for r in two]
        decode = [1000 * r["decode_cpu"] / size for r in two]
        emit(f"{tag}_in_process_cpu_ms", summary(in_process), "CPU ms/scenario, workers=1")
        emit(f"{tag}_parent_cpu_ms", summary(parent), "CPU ms/scenario of the calling process (its evaluations included), workers=2")
        emit(f"{tag}_workers_cpu_ms", summary(workers_cpu), "CPU ms/scenario of the worker process, start-up taken out")
        emit(f"{tag}_parent_decode_cpu_ms", summary(decode), "CPU ms/scenario to read every item's report afterwards")
        predicted = [2 * s / (w + p) for s, w, p in zip(in_process, workers_cpu, parent, strict=True)]
        emit(f"{tag}_predicted_speedup_2_free_cores", summary(predicted), "= 2 x in-process / (workers + parent), pool figures; target >= 1.7")
        # The same worker work timed in this process, chunk by chunk alternated with plain evaluation of the same
        # chunk: what a worker pays besides evaluating (packing its results), without the other jobs on a shared
        # machine inflating one side only.
        plain, worker = _worker_chunk_cpu(data[:size], base, output, chunksize, rounds)
        emit(f"{tag}_same_process_plain_cpu_ms", summary(plain), "CPU ms/scenario: evaluate_one over a chunk, as workers=1 does")
        emit(f"{tag}_same_process_worker_cpu_ms", summary(worker), "CPU ms/scenario: a worker's chunk (evaluate, compact, pickle)")
        if output == "reports":
            read = [a["wall"] / (b["wall"] + b["decode_cpu"]) for a, b in zip(one, two, strict=True)]
            emit(f"{tag}_speedup_wall_reading_every_report", summary(read), "(the same, adding the CPU to decode every report the worker sent)")


def _worker_chunk_cpu(data: Sequence[Any], base: Path, output: str, chunksize: int, rounds: int) -> tuple[list[float], list[float]]:
    """CPU ms/scenario, per round, of evaluating each chunk in-process and of a worker's task on the same chunk."""
    import pickle

    from kemitraan_rules import batch
    from kemitraan_rules.rules import load_rulesets

    batch._init_worker(load_rulesets([base]))
    engine = batch._WORKER_ENGINE
    assert engine is not None
    chunks = [list(enumerate(data[start : start + chunksize], start)) for start in range(0, len(data), chunksize)]
    plain: list[float] = []
    worker: list[float] = []
    for _ in range(rounds):
        plain_cpu = worker_cpu = 0.0
        for chunk in chunks:
            c0 = time.process_time()
            for index, scenario in chunk:
                batch.evaluate_one(engine, index, scenario, output)  # type: ignore[arg-type]
            c1 = time.process_time()
            pickle.dumps(batch._evaluate_chunk(chunk, output), pickle.HIGHEST_PROTOCOL)  # type: ignore[arg-type]
            c2 = time.process_time()
            plain_cpu += c1 - c0
            worker_cpu += c2 - c1
        plain.append(1000 * plain_cpu / len(data))
        worker.append(1000 * worker_cpu / len(data))
    gc.unfreeze()  # the worker initializer froze this process's objects: give the later sections a normal collector
    return plain, worker


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="tiny counts: a smoke run of every section")
    parser.add_argument("--only", nargs="*", default=None, help="sections: peers verify startup memory rulebases growth workers")
    parser.add_argument("--rounds", type=int, default=None, help="rounds: peers (default 6), growth points and workers (default 3)")
    parser.add_argument("--memory-total", type=int, default=None, help="evaluations for the memory figure")
    parser.add_argument("--growth-count", type=int, default=None, help="scenarios per growth point (default 100)")
    parser.add_argument("--workers-count", type=int, default=2000, help="scenarios per workers run (JSON output: a quarter)")
    parser.add_argument("--growth-child", nargs=2, type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.growth_child:
        with tempfile.TemporaryDirectory() as child_tmp:
            growth_child(args.growth_child[0], args.growth_child[1], Path(child_tmp))
        return
    quick = args.quick
    global QUICK_RUN
    QUICK_RUN = quick
    sections = set(args.only or ["peers", "verify", "startup", "memory", "rulebases", "growth", "workers"])
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        base = snapshot_rulesets(tmp / "rulesets")
        engine = Engine([base])
        emit("python", sys.version.split()[0])
        emit("rules", len(engine.rulebase.rules))
        emit("units", len(engine.compiled.units))
        emit("load_average", " ".join(f"{x:.2f}" for x in os.getloadavg()), f"(1, 5, 15 min; {os.cpu_count()} CPUs)")
        if "peers" in sections:
            bench_peers(args.rounds or (2 if quick else 6), 20 if quick else 500)
        if "verify" in sections:
            bench_verify(engine, 40 if quick else 4000)
        if "startup" in sections:
            bench_startup(base, 1 if quick else 5)
        if "memory" in sections:
            bench_memory(engine, 100 if quick else 1000, args.memory_total or (1000 if quick else 100_000))
        if "growth" in sections:
            sizes = (0, 317) if quick else (0, 317, 817, 1817)  # added to the 183 built-in rules: 183 ... 2,000
            count = args.growth_count or (10 if quick else 100)
            bench_growth(base, count, 1 if quick else 3, args.rounds or (1 if quick else 3), sizes)
        if "rulebases" in sections:
            bench_rulebases(tmp, 5 if quick else 40)
        if "workers" in sections:
            bench_workers(base, 40 if quick else args.workers_count, args.rounds or (1 if quick else 3))


if __name__ == "__main__":
    main()

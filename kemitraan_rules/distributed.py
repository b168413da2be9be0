"""Batch evaluation on a Dask cluster (optional extra ``kemitraan-rules[dask]``).

Why: when one machine is not enough, the same batch runs on an existing ``dask.distributed`` cluster.  Scenarios are
split into partitions; each worker process builds one :class:`~kemitraan_rules.engine.Engine` (cached in a module
global, so once per worker and rule set, not once per partition) and evaluates whole partitions.  Results come back
in input order as :class:`~kemitraan_rules.batch.BatchItem` records, or are written to JSONL or Parquet (one row per
scenario: ``index``, ``scenario``, ``ok``, ``error``, ``error_type`` and the report as a JSON string).

As with :func:`~kemitraan_rules.batch.evaluate_many`, a partition travels back in the compact form of
:func:`~kemitraan_rules.batch.compact_results` (reports pickled together without their lazily built explanations),
and the client decodes a partition's reports only when one is read.  With ``out``, the workers also serialise each
report to JSON, so the client writes text it never has to build.

Point it at a real cluster with ``evaluate_dask(scenarios, client=Client("tcp://scheduler:8786"))``; the workers
need ``kemitraan-rules`` installed (same version, same rulesets), and the client loads the same rulesets too (it
rebuilds the reports' explanations from them).  See ``docs/performance.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .batch import BatchItem, Compact, Output, ScenarioInput, compact_results, evaluate_one, expand_results
from .compiler import compile_rulebase
from .engine import Engine
from .rules import load_rulesets

__all__ = ["evaluate_dask", "evaluate_partition"]

_ENGINES: dict[tuple[str, ...] | None, Engine] = {}


def _engine(rulesets: tuple[str, ...] | None) -> Engine:
    """This worker's engine for ``rulesets``, built on first use."""
    engine = _ENGINES.get(rulesets)
    if engine is None:
        engine = _ENGINES[rulesets] = Engine(None if rulesets is None else list(rulesets))
    return engine


def evaluate_partition(partition: Sequence[tuple[int, ScenarioInput]], rulesets: tuple[str, ...] | None, output: Output = "reports") -> Compact:
    """Evaluate one partition of ``(index, scenario)`` pairs on this worker (the task every Dask worker runs).

    Returns the compact form (:func:`~kemitraan_rules.batch.compact_results`; reports pickled without their
    explanations, plus each report's JSON text when ``output="json"``), read back by
    :func:`~kemitraan_rules.batch.expand_results` with the same rules.
    """
    engine = _engine(rulesets)
    return compact_results([evaluate_one(engine, index, scenario, output) for index, scenario in partition])


def _rows(items: Iterable[BatchItem]) -> list[dict[str, Any]]:
    return [
        {
            "index": item.index,
            "scenario": item.scenario,
            "ok": item.ok,
            "error": item.error,
            "error_type": item.error_type,
            "report": item.report_json if item.ok else None,
        }
        for item in items
    ]


def _write(items: list[BatchItem], out: Path) -> None:
    if out.suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(_rows(items)), out)
    elif out.suffix in (".jsonl", ".json"):
        with out.open("w", encoding="utf-8") as handle:
            for item in items:
                handle.write(item.to_json() + "\n")
    else:
        raise ValueError(f"output must end in .jsonl or .parquet, not {out.name!r}")


def evaluate_dask(
    scenarios: Iterable[ScenarioInput] | Any,
    client: Any = None,
    partitions: int | None = None,
    out: str | Path | None = None,
    rulesets: Sequence[str | Path] | None = None,
) -> list[BatchItem]:
    """Evaluate ``scenarios`` on a Dask cluster; one :class:`BatchItem` per scenario, in input order.

    ``scenarios`` is an iterable of scenarios (mappings, :class:`Scenario` records or file paths readable by the
    workers) or a ``dask.bag.Bag`` of them.  ``client`` is a ``dask.distributed.Client`` (default: the current one,
    as ``distributed.get_client()`` finds it).  ``partitions`` defaults to twice the number of worker threads.
    ``out`` (``*.jsonl`` or ``*.parquet``) also writes the results there.  The items are returned in every case.
    """
    try:
        from distributed import get_client
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise ImportError("evaluate_dask needs the 'dask' extra: pip install 'kemitraan-rules[dask]'") from exc

    client = client if client is not None else get_client()
    paths = None if rulesets is None else tuple(str(Path(item)) for item in rulesets)
    if hasattr(scenarios, "to_delayed") and hasattr(scenarios, "npartitions"):  # a dask bag: keep its partitions
        items: list[Any] = list(client.compute(scenarios).result())
    else:
        items = list(scenarios)
    if partitions is None:
        partitions = max(1, 2 * sum(client.nthreads().values()))
    size = max(1, -(-len(items) // partitions))
    indexed = list(enumerate(items))
    chunks = [indexed[start : start + size] for start in range(0, len(indexed), size)]
    # The reports are explained (why_not) against this process's copy of the same rules: a bad path fails here, first.
    compiled = compile_rulebase(load_rulesets(None if paths is None else list(paths)))
    output: Output = "reports" if out is None else "json"
    futures = client.map(evaluate_partition, chunks, rulesets=paths, output=output, pure=False)
    results: list[BatchItem] = [item for compact in client.gather(futures) for item in expand_results(compact, compiled)]
    if out is not None:
        _write(results, Path(out))
    return results

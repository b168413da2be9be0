"""Dask evaluation on a LocalCluster: order, failures with their index, reports equal to the engine's, outputs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kemitraan_rules import Engine
from kemitraan_rules.synthetic import scenario_dicts

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (extra 'dask')")
pytest.importorskip("dask.bag", reason="dask is not installed (extra 'dask')")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
    with distributed.Client(cluster) as dask_client:
        yield dask_client
    cluster.close()


def _inputs() -> list[Any]:
    items: list[Any] = scenario_dicts(10, seed=11, parties=(2, 4))
    items.insert(4, {"id": "broken", "parties": []})
    return items


def test_dask_matches_engine_in_order(client: Any, tmp_path: Path) -> None:
    """Items come back in input order, the bad one with its index, reports identical to a local engine's."""
    from kemitraan_rules.distributed import evaluate_dask

    inputs = _inputs()
    out = tmp_path / "results.jsonl"
    items = evaluate_dask(inputs, client=client, partitions=3, out=out)
    assert [item.index for item in items] == list(range(len(inputs)))
    assert [item.index for item in items if not item.ok] == [4]
    engine = Engine()
    for item, data in zip(items, inputs, strict=True):
        if item.ok:
            assert item.report is not None and item.report.to_dict() == engine.evaluate(data).to_dict()
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert lines == [item.to_dict() for item in items]


def test_dask_bag_and_parquet(client: Any, tmp_path: Path) -> None:
    """A dask bag is accepted; Parquet output has one row per scenario in order."""
    import dask.bag as db
    import pyarrow.parquet as pq

    from kemitraan_rules.distributed import evaluate_dask

    inputs = _inputs()
    out = tmp_path / "results.parquet"
    items = evaluate_dask(db.from_sequence(inputs, npartitions=2), client=client, out=out)
    table = pq.read_table(out).to_pylist()
    assert [row["index"] for row in table] == list(range(len(inputs)))
    assert [row["ok"] for row in table] == [item.ok for item in items]
    assert json.loads(table[0]["report"]) == items[0].report.to_dict()  # type: ignore[union-attr]

"""Batch evaluation on one machine: many scenarios, several processes, results in input order.

Why: users evaluate every institution of a province against dozens of candidate partners, tens of thousands of
scenarios.  One evaluation is a few milliseconds of mostly C and Python work under one lock, so threads do not help;
processes do.  Each worker process builds its :class:`~kemitraan_rules.engine.Engine` once (in the pool
initializer) and evaluates *chunks* of scenarios, so the cost of starting a worker and of sending work to it is paid
once per chunk, not once per scenario.

A failing scenario (invalid, or an evaluation error) never loses the others' results: each result is a
:class:`BatchItem` with the scenario's ``index`` and either its ``report`` or its ``error``.  ``workers=1`` runs in
this process, with no pool at all.

Example::

    >>> from kemitraan_rules import evaluate_many
    >>> from kemitraan_rules.synthetic import scenario_dicts
    >>> items = evaluate_many([*scenario_dicts(2), {"id": "bad"}], workers=1)
    >>> [(item.index, item.ok) for item in items]
    [(0, True), (1, True), (2, False)]
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, Literal

import attrs

from .engine import Engine
from .errors import LANGUAGES, KemitraanError, Problem, error_text, format_problem, message
from .report import Report
from .scenario import Scenario

__all__ = ["BatchError", "BatchItem", "ScenarioInput", "UnreadableInput", "evaluate_iter", "evaluate_many"]

ScenarioInput = Scenario | Mapping[str, Any] | str | Path
OnError = Literal["collect", "raise"]


@attrs.frozen
class BatchItem:
    """The outcome of one scenario of a batch: its ``index`` in the input and its ``report`` or its ``error``.

    ``error`` is the error's message (in English, like every exception's ``str``) and ``error_type`` its class name
    (``ScenarioError``, ``EvaluationError``, ...): strings, so that an item crosses process and machine boundaries
    unchanged.  ``messages`` holds the message in each language (``{"id": ..., "en": ...}``), written when the
    worker caught the error, so that ``kemitraan batch --lang id`` writes it in Indonesian (:meth:`to_dict`).
    """

    index: int
    report: Report | None = None
    error: str | None = None
    error_type: str | None = None
    scenario: str | None = None
    messages: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def ok(self) -> bool:
        """Whether the scenario was evaluated."""
        return self.error is None

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready record: ``index``, ``scenario`` and either ``report`` (``Report.to_dict()``) or ``error``
        (its message in ``lang``, ``id`` or ``en``; English when ``None``)."""
        data: dict[str, Any] = {"index": self.index, "scenario": self.scenario}
        if self.report is not None:
            data["report"] = self.report.to_dict()
        else:
            data["error"] = self.messages.get(lang, self.error) if lang is not None else self.error
            data["error_type"] = self.error_type
        return data


class BatchError(KemitraanError):
    """Raised by ``on_error="raise"``: the first failing scenario (lowest index), with its :class:`BatchItem`."""

    def __init__(self, item: BatchItem) -> None:
        self.item = item
        super().__init__(self.text("en"))

    def text(self, lang: str | None = None) -> str:
        item = self.item
        error = item.messages.get(lang, item.error) if lang is not None else item.error
        return message("batch_failed", lang, index=item.index, scenario=item.scenario or "?", type=item.error_type, error=error)


def _scenario_id(scenario: object) -> str | None:
    if isinstance(scenario, Scenario):
        return scenario.id
    if isinstance(scenario, Mapping):
        value = scenario.get("id")
        return value if isinstance(value, str) else None
    if isinstance(scenario, (str, Path)):
        return str(scenario)
    return None


@attrs.frozen
class UnreadableInput:
    """An input item that could not even be read (a JSONL line that is not UTF-8 or not JSON): its own failed item.

    Readers of many scenarios yield it in place of the scenario so that the item fails alone with its ``problem``
    (which names the file and line) and every other scenario is still evaluated.
    """

    problem: Problem

    @property
    def message(self) -> str:
        """The problem line in English (the API's language)."""
        return format_problem(self.problem)


def evaluate_one(engine: Engine, index: int, scenario: ScenarioInput | UnreadableInput) -> BatchItem:
    """Evaluate one scenario and wrap the outcome; any exception becomes the item's error (nothing escapes)."""
    if isinstance(scenario, UnreadableInput):
        texts = {lang: format_problem(scenario.problem, lang) for lang in LANGUAGES}
        return BatchItem(index, error=scenario.message, error_type="ScenarioError", messages=texts)
    try:
        report = engine.evaluate(scenario)
    except Exception as exc:  # a batch reports every failure with its index, whatever it is
        texts = {lang: error_text(exc, lang) for lang in LANGUAGES}
        return BatchItem(index, error=str(exc), error_type=type(exc).__name__, scenario=_scenario_id(scenario), messages=texts)
    return BatchItem(index, report=report, scenario=report.scenario)


# --- worker side ---------------------------------------------------------------------------------------------------
_WORKER_ENGINE: Engine | None = None


def _init_worker(rulesets: Sequence[str] | None) -> None:
    """Pool initializer: build this worker's one engine."""
    global _WORKER_ENGINE
    _WORKER_ENGINE = Engine(rulesets)


def _evaluate_chunk(chunk: list[tuple[int, ScenarioInput]]) -> list[BatchItem]:
    engine = _WORKER_ENGINE
    assert engine is not None, "worker was not initialised"
    return [evaluate_one(engine, index, scenario) for index, scenario in chunk]


# --- driver side ---------------------------------------------------------------------------------------------------
def _chunks(items: Iterable[ScenarioInput], size: int) -> Iterator[list[tuple[int, ScenarioInput]]]:
    chunk: list[tuple[int, ScenarioInput]] = []
    for index, item in enumerate(items):
        chunk.append((index, item))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ruleset_paths(rulesets: Sequence[str | Path] | None) -> list[str] | None:
    return None if rulesets is None else [str(Path(item)) for item in rulesets]


def evaluate_iter(
    scenarios: Iterable[ScenarioInput],
    workers: int | None = 1,
    rulesets: Sequence[str | Path] | None = None,
    on_error: OnError = "collect",
    chunksize: int = 32,
    progress: Callable[[int], None] | None = None,
) -> Iterator[BatchItem]:
    """Evaluate ``scenarios`` and yield one :class:`BatchItem` per scenario, in input order, as results arrive.

    Streams: the input is read lazily and at most ``4 * workers`` chunks are in flight, so memory stays bounded for
    any number of scenarios.  ``workers=None`` uses every CPU; ``workers=1`` evaluates in this process.
    ``rulesets`` are rule directories or files as for :class:`Engine` (default: the built-in rulesets).
    ``progress`` is called with the number of scenarios just finished (for a progress bar).  With
    ``on_error="raise"`` the first failing item raises :class:`BatchError` instead of being yielded.
    """
    if on_error not in ("collect", "raise"):
        raise ValueError(f"on_error must be 'collect' or 'raise', not {on_error!r}")
    if chunksize < 1:
        raise ValueError("chunksize must be at least 1")
    count = (os.cpu_count() or 1) if workers is None else workers
    if count < 1:
        raise ValueError("workers must be at least 1")
    paths = _ruleset_paths(rulesets)

    def checked(item: BatchItem) -> BatchItem:
        if on_error == "raise" and not item.ok:
            raise BatchError(item)
        return item

    if count == 1:
        engine = Engine(paths)
        for index, scenario in enumerate(scenarios):
            item = checked(evaluate_one(engine, index, scenario))
            if progress is not None:
                progress(1)
            yield item
        return

    # spawn: a clean interpreter per worker, safe whatever threads this process runs (tqdm, dask, a web server).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(count, mp_context=context, initializer=_init_worker, initargs=(paths,)) as pool:
        pending: deque[Future[list[BatchItem]]] = deque()
        chunks = _chunks(scenarios, chunksize)
        try:
            for chunk in chunks:
                pending.append(pool.submit(_evaluate_chunk, chunk))
                if len(pending) >= 4 * count:
                    yield from _drain(pending.popleft(), checked, progress)
            while pending:
                yield from _drain(pending.popleft(), checked, progress)
        finally:
            for future in pending:
                future.cancel()


def _drain(future: Future[list[BatchItem]], checked: Callable[[BatchItem], BatchItem], progress: Callable[[int], None] | None) -> Iterator[BatchItem]:
    items = future.result()
    if progress is not None:
        progress(len(items))
    for item in items:
        yield checked(item)


def evaluate_many(
    scenarios: Iterable[ScenarioInput],
    workers: int | None = 1,
    rulesets: Sequence[str | Path] | None = None,
    on_error: OnError = "collect",
    chunksize: int = 32,
    progress: Callable[[int], None] | bool | None = None,
) -> list[BatchItem]:
    """Evaluate many scenarios with ``workers`` processes; one :class:`BatchItem` per scenario, in input order.

    Each item holds the scenario's :class:`Report` (identical to ``Engine(rulesets).evaluate(scenario)``) or the
    error that stopped it, with its index, so one bad scenario never loses the others.  See :func:`evaluate_iter`
    for the arguments; screening many candidate partners goes through here too (one scenario per candidate).
    ``progress=True`` shows a ``tqdm.auto`` bar: a widget in a notebook, text in a terminal.
    """
    if progress is True:
        from tqdm.auto import tqdm

        total = len(scenarios) if isinstance(scenarios, Sized) else None
        with tqdm(total=total, unit="scenario") as bar:
            return list(evaluate_iter(scenarios, workers, rulesets, on_error, chunksize, bar.update))
    return list(evaluate_iter(scenarios, workers, rulesets, on_error, chunksize, progress or None))

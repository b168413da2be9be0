"""Batch evaluation on one machine: many scenarios, several processes, results in input order.

Why: users evaluate every institution of a province against dozens of candidate partners, tens of thousands of
scenarios.  One evaluation is a few milliseconds of mostly C and Python work under one lock, so threads do not help;
processes do.  The rule base is loaded once, in the calling process, and handed to each worker process, which builds
its :class:`~kemitraan_rules.engine.Engine` once (:func:`_init_worker`) and evaluates *chunks* of scenarios, so the
cost of starting a worker and of sending work to it is paid once per chunk, not once per scenario.

``workers=N`` is the number of processes that evaluate, this one included: ``workers=1`` evaluates here with no
other process, ``workers=2`` starts one worker process and evaluates here too, sharing the chunks dynamically (see
:class:`_Crew`).  What the calling process spends per scenario besides evaluating is taken from the evaluation, so
workers send *compact* results (see ``docs/performance.md``):

* ``output="reports"`` (the default): each chunk's reports travel as one pickle *without* their why-not
  explanations (a report builds those lazily, on first use, and building all of them costs several times the
  evaluation itself); the caller's process gets them back as the bytes of the chunk and decodes the chunk only when
  one of its :attr:`BatchItem.report` is first read, then rebuilds the explanations lazily from its own copy of the
  rule base, exactly as the worker would have.  The reports are equal to ``Engine(rulesets).evaluate(scenario)``.
* ``output="json"``: workers also serialise each report to its JSON text (``BatchItem.report_json``, the ``report``
  of a ``kemitraan batch`` line), so a caller that writes JSON only copies strings; ``kemitraan batch`` uses it.

A failing scenario (invalid, or an evaluation error) never loses the others' results: each result is a
:class:`BatchItem` with the scenario's ``index`` and either its ``report`` or its ``error``.  A worker process that
dies (killed, out of memory) raises :class:`WorkerError` after every item before its lost chunk was yielded.

Example::

    >>> from kemitraan_rules import evaluate_many
    >>> from kemitraan_rules.synthetic import scenario_dicts
    >>> items = evaluate_many([*scenario_dicts(2), {"id": "bad"}], workers=1)
    >>> [(item.index, item.ok) for item in items]
    [(0, True), (1, True), (2, False)]
"""

from __future__ import annotations

import contextlib
import copyreg
import gc
import io
import itertools
import json
import multiprocessing
import multiprocessing.connection
import operator
import os
import pickle
import queue
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Sized
from pathlib import Path
from typing import Any, Literal

import attrs

from .compiler import CompiledRuleBase
from .engine import Engine
from .errors import LANGUAGES, KemitraanError, Problem, error_text, format_problem, message
from .report import Report
from .rules import RuleBase, load_rulesets
from .scenario import Scenario
from .scoring import LazyExplanations

__all__ = ["BatchError", "BatchItem", "Output", "ScenarioInput", "UnreadableInput", "WorkerError", "evaluate_iter", "evaluate_many", "report_json"]

ScenarioInput = Scenario | Mapping[str, Any] | str | Path
OnError = Literal["collect", "raise"]
#: What the items of a batch carry: ``reports`` (:class:`Report` objects) or ``json`` (also the report's JSON text).
Output = Literal["reports", "json"]
_OUTPUTS: tuple[str, ...] = ("reports", "json")


def report_json(report: Report) -> str:
    """A report as one line of JSON text: ``Report.to_dict()``, keys sorted, non-ASCII kept (the batch JSONL form)."""
    return json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=True)


@attrs.frozen(eq=False, repr=False)
class BatchItem:
    """The outcome of one scenario of a batch: its ``index`` in the input and its ``report`` or its ``error``.

    ``error`` is the error's message (in English, like every exception's ``str``) and ``error_type`` its class name
    (``ScenarioError``, ``EvaluationError``, ...): strings, so that an item crosses process and machine boundaries
    unchanged.  ``messages`` holds the message in each language (``{"id": ..., "en": ...}``), written when the
    worker caught the error, so that ``kemitraan batch --lang id`` writes it in Indonesian (:meth:`to_dict`).
    ``report_json`` is the report's JSON text (:func:`report_json`) when the batch was asked for ``output="json"``.
    An item from a worker process holds its report in the compact form the worker sent and decodes it on first
    access to :attr:`report`.
    """

    index: int
    _report: Report | None = attrs.field(default=None, alias="report")
    error: str | None = None
    error_type: str | None = None
    scenario: str | None = None
    report_json: str | None = None
    messages: Mapping[str, str] = attrs.field(factory=dict, eq=False, repr=False)
    #: Internal: where the report is decoded from when it was not given (a worker's chunk, or ``report_json``).
    _pending: _PendingReport | None = attrs.field(default=None, alias="pending", kw_only=True)

    @property
    def ok(self) -> bool:
        """Whether the scenario was evaluated."""
        return self.error is None

    @property
    def report(self) -> Report | None:
        """The scenario's report (``None`` for a failed scenario), decoded on first access when it came compact."""
        if self._report is not None or self._pending is None:
            return self._report
        return self._pending.report()

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """A JSON-ready record: ``index``, ``scenario`` and either ``report`` (``Report.to_dict()``) or ``error``
        (its message in ``lang``, ``id`` or ``en``; English when ``None``)."""
        data: dict[str, Any] = {"index": self.index, "scenario": self.scenario}
        if self.error is None and self.report_json is not None:
            data["report"] = json.loads(self.report_json)
        elif self.error is None and self.report is not None:
            data["report"] = self.report.to_dict()
        else:
            data["error"] = self.messages.get(lang, self.error) if lang is not None else self.error
            data["error_type"] = self.error_type
        return data

    def to_json(self, lang: str | None = None) -> str:
        """:meth:`to_dict` as one line of JSON text (keys sorted, non-ASCII kept): a line of ``kemitraan batch``.

        With ``report_json`` at hand the line is assembled around it, so the report is neither decoded nor
        serialised again (the text is the same as ``json.dumps(item.to_dict(), ensure_ascii=False, sort_keys=True)``).
        """
        if self.error is None and self.report_json is not None:
            scenario = json.dumps(self.scenario, ensure_ascii=False)
            return f'{{"index": {self.index}, "report": {self.report_json}, "scenario": {scenario}}}'
        return json.dumps(self.to_dict(lang), ensure_ascii=False, sort_keys=True)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BatchItem):
            return NotImplemented
        mine = (self.index, self.error, self.error_type, self.scenario)
        return mine == (other.index, other.error, other.error_type, other.scenario) and self.report == other.report

    __hash__ = None  # type: ignore[assignment]  # reports hold dicts: items are not hashable

    def __repr__(self) -> str:
        if self.error is not None:
            return f"BatchItem(index={self.index}, scenario={self.scenario!r}, error_type={self.error_type!r}, error={self.error!r})"
        return f"BatchItem(index={self.index}, scenario={self.scenario!r}, report={self.report!r})"


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


def evaluate_one(engine: Engine, index: int, scenario: ScenarioInput | UnreadableInput, output: Output = "reports") -> BatchItem:
    """Evaluate one scenario and wrap the outcome; any exception becomes the item's error (nothing escapes)."""
    if isinstance(scenario, UnreadableInput):
        texts = {lang: format_problem(scenario.problem, lang) for lang in LANGUAGES}
        return BatchItem(index, error=scenario.message, error_type="ScenarioError", messages=texts)
    try:
        report = engine.evaluate(scenario)
    except Exception as exc:  # a batch reports every failure with its index, whatever it is
        texts = {lang: error_text(exc, lang) for lang in LANGUAGES}
        return BatchItem(index, error=str(exc), error_type=type(exc).__name__, scenario=_scenario_id(scenario), messages=texts)
    return BatchItem(index, report=report, scenario=report.scenario, report_json=report_json(report) if output == "json" else None)


# --- the compact form of a chunk's results (worker -> caller) --------------------------------------------------------
#: One item of a chunk as it travels: index, position of its report in the chunk's payload (``None``: failed),
#: error, error type, scenario id, report JSON text, the error's message in each language.
_Row = tuple[int, int | None, str | None, str | None, str | None, str | None, Mapping[str, str]]
#: A chunk's results as they travel: the rows, and the chunk's reports pickled together (``b""``: none).
Compact = tuple[list[_Row], bytes]


def _explanations_later() -> Any:
    """Unpickled in place of a report's lazy explanations; :func:`_decode_reports` replaces it."""
    return _LATER


_LATER: Any = object()


def _set_fields(obj: Any, state: tuple[Any, ...]) -> None:
    """Unpickling's state setter for a record :class:`_CompactPickler` sent as a tuple of its field values."""
    names = _FIELD_NAMES.get(type(obj))
    if names is None:  # the first record of its class this process reads
        _field_getter(type(obj))
        names = _FIELD_NAMES[type(obj)]
    for name, value in zip(names, state, strict=True):
        _SET_ATTRIBUTE(obj, name, value)


#: ``cls.__new__(cls)``, which pickle writes as its one-byte NEWOBJ instruction (typeshed does not list it).
_NEW_OBJECT: Callable[..., Any] = copyreg.__newobj__  # type: ignore[attr-defined]
_SET_ATTRIBUTE = object.__setattr__  # the records are frozen: unpickling sets their fields as attrs' own code does
#: Per record class of this library: its field names, and a C getter of their values as one tuple.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
_FIELD_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _field_getter(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """The getter of ``cls``'s field values (``None``: not a slotted attrs record of this library: pickled as usual)."""
    getter = _FIELD_GETTERS.get(cls)
    if getter is None:
        if not (attrs.has(cls) and "__slots__" in cls.__dict__ and cls.__module__.startswith(f"{__package__}.")):
            return None
        names = tuple(field.name for field in attrs.fields(cls))
        plain = operator.attrgetter(*names)
        getter = plain if len(names) > 1 else lambda obj: (plain(obj),)
        _FIELD_NAMES[cls] = names
        _FIELD_GETTERS[cls] = getter
    return getter


class _CompactPickler(pickle.Pickler):
    """Pickles reports without their why-not explanations, which the receiving side rebuilds lazily.

    Why: a report builds its explanations on first use; pickling it as is would build all of them in the worker
    (several times the cost of the evaluation) and ship about 100 KB a scenario instead of a few.  And a record's
    state travels as the tuple of its field values, taken by one C getter, instead of the dict attrs' pickling builds
    field by field in Python: the records of a chunk's reports (a few dozen per report) were most of a worker's cost
    besides evaluating.  Objects the reports share (rule references, labels, benefits) are pickled once per chunk.
    """

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        if cls is LazyExplanations:
            return (_explanations_later, ())
        getter = _field_getter(cls)
        if getter is None:
            return NotImplemented
        return (_NEW_OBJECT, (cls,), getter(obj), None, None, _set_fields)


def compact_results(items: Sequence[BatchItem], with_reports: bool = True) -> Compact:
    """The compact form of a chunk's items: rows of plain values and one pickle of all the reports (see above).

    Pickling the chunk's reports together also sends what they share (rule citations, labels) once per chunk.
    ``with_reports=False`` sends only the JSON text of items that have it (``output="json"``): the receiving side
    then rebuilds a report from its text only if asked for it.
    """
    rows: list[_Row] = []
    reports: list[Report] = []
    for item in items:
        position = None
        if item.error is None and item.report is not None and (with_reports or item.report_json is None):
            position = len(reports)
            reports.append(item.report)
        rows.append((item.index, position, item.error, item.error_type, item.scenario, item.report_json, dict(item.messages)))
    if not reports:
        return rows, b""
    buffer = io.BytesIO()
    _CompactPickler(buffer, pickle.HIGHEST_PROTOCOL).dump(reports)
    return rows, buffer.getvalue()


def expand_results(compact: Compact, compiled: CompiledRuleBase) -> list[BatchItem]:
    """The :class:`BatchItem` records of :func:`compact_results` output, reports still compact (decoded on use).

    ``compiled`` is the rule base the worker evaluated with (the same rules), used to rebuild the explanations.
    """
    rows, payload = compact
    chunk = _CompactChunk(payload, compiled) if payload else None
    items = []
    for index, position, error, error_type, scenario, text, messages in rows:
        if position is not None and chunk is not None:
            pending: _PendingReport | None = _PendingReport(chunk, position, None)
        elif error is None and text is not None:
            pending = _PendingReport(None, 0, text)
        else:
            pending = None
        items.append(BatchItem(index, error=error, error_type=error_type, scenario=scenario, report_json=text, messages=messages, pending=pending))
    return items


class _CompactChunk:
    """The reports of one chunk as a worker sent them, decoded together on first use (thread-safe, once)."""

    __slots__ = ("_compiled", "_lock", "_payload", "_reports")

    def __init__(self, payload: bytes, compiled: CompiledRuleBase) -> None:
        self._payload = payload
        self._compiled = compiled
        self._lock = threading.Lock()
        self._reports: list[Report] | None = None

    @property
    def size(self) -> int:
        """Bytes still held undecoded (0 once decoded)."""
        return len(self._payload)

    @property
    def decoded(self) -> bool:
        return self._reports is not None

    def reports(self) -> list[Report]:
        with self._lock:
            if self._reports is None:
                self._reports = _decode_reports(self._payload, self._compiled)
                self._payload = b""
            return self._reports

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled decoded: a copy sent elsewhere needs no rule base to read its reports."""
        return (_decoded_chunk, (self.reports(),))


def _decoded_chunk(reports: list[Report]) -> _CompactChunk:
    chunk = _CompactChunk(b"", None)  # type: ignore[arg-type]  # never decodes: its reports are given
    chunk._reports = reports
    return chunk


@attrs.frozen
class _PendingReport:
    """A report to decode: position ``position`` of ``chunk``, or else the JSON text ``text`` (``Report.from_dict``)."""

    chunk: _CompactChunk | None
    position: int
    text: str | None

    def report(self) -> Report:
        if self.chunk is not None:
            return self.chunk.reports()[self.position]
        assert self.text is not None
        return Report.from_dict(json.loads(self.text))


def _decode_reports(payload: bytes, compiled: CompiledRuleBase) -> list[Report]:
    """Unpickle a chunk's reports (bytes from our own worker processes) and give each its lazy explanations back.

    The explanations are rebuilt from exactly what the engine built them from: the threshold, each pattern's
    standing (its recommendation), the rules that fired and the final facts, in the rule base's pattern order.
    """
    reports: list[Report] = pickle.loads(payload)
    patterns = compiled.rulebase.concept_ids("pattern")
    for report in reports:
        if report.explanations is not _LATER:
            continue
        standing = {r.pattern: (r.recommended, r.score, r.excluded_by, r.against, r.out_of_scope_by) for r in report.recommendations}
        parts = {pattern: standing[pattern] for pattern in patterns}
        explanations = LazyExplanations(compiled, report.threshold, parts, frozenset(report.fired), report.facts)
        object.__setattr__(report, "explanations", explanations)  # a report only this function has seen yet
    return reports


# --- worker side ---------------------------------------------------------------------------------------------------
_WORKER_ENGINE: Engine | None = None


def _init_worker(rulebase: RuleBase) -> None:
    """Pool initializer: build this worker's one engine, over the rule base the caller loaded.

    A forked worker starts with a copy of the caller's memory.  Python's cyclic collector, on its full passes, writes
    into the header of every object it tracks, so each page the worker shares with the caller would be copied when
    first collected, and every later pass would walk the caller's objects again (a batch's input, a notebook's
    data).  The worker therefore freezes what it inherited, and its engine once built (``gc.freeze``: moved out of
    the collector's generations, as the :mod:`gc` documentation advises for a forked child); what each evaluation
    allocates is collected as usual.

    A forked worker inherits the caller's signal handlers (``kemitraan batch`` turns SIGTERM into ``SystemExit``,
    which a worker would catch and report as a task's error instead of stopping): SIGTERM and SIGINT get Python's
    defaults back, as in a spawned worker, so that terminating a worker (:meth:`_Crew.stop`) ends it; a SIGINT the
    caller ignores (``nohup``, a background job) stays ignored, as a spawned worker would inherit it.
    """
    global _WORKER_ENGINE
    gc.freeze()  # what the worker inherited (a forked copy of the caller) is never traversed by its collector
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:  # ignored by the caller (nohup, a background job): so here
            signal.signal(signal.SIGINT, signal.default_int_handler)
    _WORKER_ENGINE = Engine(rulebase)
    gc.freeze()  # nor is the engine, which lives as long as the worker


def _evaluate_chunk(chunk: list[tuple[int, ScenarioInput]], output: Output) -> Compact:
    engine = _WORKER_ENGINE
    assert engine is not None, "worker was not initialised"
    return compact_results([evaluate_one(engine, index, scenario, output) for index, scenario in chunk], with_reports=output == "reports")


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


def start_method() -> str:
    """How :func:`evaluate_iter` starts its worker processes: ``fork`` when that is safe, else ``forkserver`` or ``spawn``.

    Why: a spawned worker is a fresh interpreter that imports this package and unpickles the rule base, about half a
    second of CPU per worker, paid again on every call; a forked one inherits the loaded package and rule base and
    only builds its engine (the engine rebuilds its durable-rules runtime in a forked child).  But ``fork`` copies
    only the calling thread: a lock another thread holds at that moment (logging, tqdm's monitor, dask, a web
    server) stays held forever in the child.  So the rule is:

    * ``fork`` on POSIX systems other than macOS (where system frameworks make forking unsafe even single-threaded)
      when the calling process runs a single thread (:func:`_thread_count`: on Linux every thread of the process,
      those a library started from C included, such as zen-engine's runtime; elsewhere the Python threads; the
      batch itself starts no thread in the calling process);
    * otherwise ``forkserver`` where available (Linux, macOS): workers are forked from a clean single-threaded
      server process started once per calling process, which preloads this package (see
      :func:`_forkserver_context`);
    * otherwise (Windows) ``spawn``.
    """
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.platform != "darwin" and _thread_count() == 1:
        return "fork"
    if "forkserver" in methods:
        return "forkserver"
    return "spawn"


def _thread_count() -> int:
    """The threads of this process: on Linux from ``/proc/self/task`` (threads started from C count too, as in
    CPython's own warning about forking a multi-threaded process), elsewhere ``threading.active_count()``."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def _flush_std_streams() -> None:
    """Flush ``sys.stdout`` and ``sys.stderr`` (either may be ``None`` or closed in an embedding application)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass


def _pool_context(method: str) -> Any:
    """The multiprocessing context for ``method``; a ``forkserver`` one preloads this package in its server.

    Why: without it each worker forked from the server imports the package itself (a few tenths of a second).  The
    preload list is process-wide and read when the server starts (once per process): it keeps the default
    ``__main__`` and adds this module, so a caller's own forkserver preload set before is replaced.
    """
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["__main__", __name__])
    return context


def _ruleset_paths(rulesets: Sequence[str | Path] | None) -> list[str] | None:
    return None if rulesets is None else [str(Path(item)) for item in rulesets]


def evaluate_iter(
    scenarios: Iterable[ScenarioInput],
    workers: int | None = 1,
    rulesets: Sequence[str | Path] | None = None,
    on_error: OnError = "collect",
    chunksize: int = 32,
    progress: Callable[[int], None] | None = None,
    output: Output = "reports",
) -> Iterator[BatchItem]:
    """Evaluate ``scenarios`` and yield one :class:`BatchItem` per scenario, in input order, as results arrive.

    Streams: the input is read lazily and at most ``4 * workers + 8`` chunks are held at once, so memory
    stays bounded for any number of scenarios.  ``workers`` is the number of processes that evaluate, this one
    included: ``workers=1`` evaluates in this process only, ``workers=2`` also starts one worker process, and
    ``workers=None`` uses every CPU; an input of a few chunks starts at most one worker per chunk besides this
    process's own.  If a worker process dies, :class:`WorkerError` is raised after the items before its lost chunk.
    ``rulesets`` are rule directories or files as for :class:`Engine` (default: the built-in rulesets); they are
    loaded once, here, and a bad rule file raises its :class:`~kemitraan_rules.errors.RulesetError` before any
    worker starts.  ``progress`` is called with the number of scenarios just finished (for a progress bar).  With
    ``on_error="raise"`` the first failing item raises :class:`BatchError` instead of being yielded.
    ``output="json"`` also gives each evaluated item its ``report_json``, serialised where it was evaluated.

    Workers are forked when the calling process runs a single thread (they inherit the loaded rule base and only
    build their engine: a few hundredths of a second), and otherwise started from a fork server or spawned, which is
    safe whatever threads the caller runs (tqdm, dask, a web server) but costs a few tenths of a second, up to a
    fresh interpreter per worker: see :func:`start_method` and ``docs/performance.md``.
    """
    if on_error not in ("collect", "raise"):
        raise ValueError(f"on_error must be 'collect' or 'raise', not {on_error!r}")
    if output not in _OUTPUTS:
        raise ValueError(f"output must be one of {', '.join(map(repr, _OUTPUTS))}, not {output!r}")
    sizes = {}
    for name, value in (("chunksize", chunksize), ("workers", 1 if workers is None else workers)):
        try:
            sizes[name] = operator.index(value)  # any whole number (a NumPy integer too), never a float or a string
        except TypeError:
            raise TypeError(f"{name} must be a whole number{' or None' if name == 'workers' else ''}, not {value!r}") from None
        if sizes[name] < 1:
            raise ValueError(f"{name} must be at least 1, not {value!r}")
    chunksize = sizes["chunksize"]
    count = (os.cpu_count() or 1) if workers is None else sizes["workers"]
    rulebase = load_rulesets(_ruleset_paths(rulesets))

    def checked(item: BatchItem) -> BatchItem:
        if on_error == "raise" and not item.ok:
            raise BatchError(item)
        return item

    engine = Engine(rulebase)  # this process evaluates in every case: ``workers`` counts it (see _Crew)
    if count > 1:
        chunks = _chunks(scenarios, chunksize)
        # The first chunks are read before the start method is chosen and the workers start: reading the input runs
        # the caller's code (a generator may start a thread or print), and forked workers must see neither.  An input
        # of fewer chunks gets fewer workers: at most one per chunk besides this process's own.
        head = list(itertools.islice(chunks, _LOOKAHEAD))
        helpers = count - 1 if len(head) == _LOOKAHEAD else min(count - 1, len(head) - 1)
        if helpers > 0:
            crew = _Crew(helpers, engine, output, start_method())
            try:
                for items in crew.run(itertools.chain(head, chunks)):
                    if progress is not None:
                        progress(len(items))
                    for item in items:
                        yield checked(item)
                crew.finish()
            finally:
                crew.stop()
            return
        scenarios = [scenario for chunk in head for _, scenario in chunk]  # all of it: one chunk, evaluated here
    for index, scenario in enumerate(scenarios):
        item = checked(evaluate_one(engine, index, scenario, output))
        if progress is not None:
            progress(1)
        yield item


# --- the worker processes and their schedule -----------------------------------------------------------------------
#: Chunks sent ahead to each worker and not yet answered: one running, the others waiting in its pipe, so that a
#: worker always has the next chunk at hand while this process evaluates one of its own (about 20 ms).
_AHEAD = 3
#: Bytes asked for each pipe on Linux (``F_SETPIPE_SZ``; the default is 64 KiB, the unprivileged maximum 1 MiB):
#: a chunk's results (about 6 KB a scenario) then go out in one write instead of waiting for the reader piece by piece.
_PIPE_BYTES = 1 << 20
#: Chunks read ahead of those given out: this process's share when the input ends, while each worker finishes the
#: (up to :data:`_AHEAD`, at a slightly slower pace: it also packs its results) chunks it holds (see :meth:`_Crew.run`).
_LOOKAHEAD = 2 * _AHEAD + 2


class WorkerError(KemitraanError):
    """A worker process of :func:`evaluate_iter` ended before sending its results (killed, or out of memory).

    The items already yielded are complete and correct; the batch cannot go on without the lost chunk.
    """

    def __init__(self, pid: int | None, code: int | None) -> None:
        self.pid = pid
        self.code = code
        super().__init__(self.text("en"))

    def text(self, lang: str | None = None) -> str:
        return message("worker_lost", lang, pid=self.pid, exit_code=self.code)


def _widen_pipe(connection: Any) -> None:
    """Ask Linux for a :data:`_PIPE_BYTES` pipe behind ``connection`` (best effort: elsewhere nothing changes)."""
    try:
        import fcntl

        fcntl.fcntl(connection.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_BYTES)
    except (ImportError, OSError, ValueError):
        pass


def _serve(tasks: Any, results: Any, rulebase: RuleBase) -> None:
    """A worker process: evaluate each chunk read from ``tasks``, send its compact results to ``results``.

    Messages are pickles of ``(number, output, chunk)``, the chunk pickled apart, so that a chunk this process
    cannot unpickle (a class it cannot import) is answered ``None``: the caller then evaluates it itself.  An empty
    message (or the caller's end closing) stops the worker.  Results are sent by a thread of their own so that this
    loop never waits for the caller to read them: it only ever waits for work, and the caller only ever waits for
    results, so neither can block the other.
    """
    _init_worker(rulebase)
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    sender = threading.Thread(target=_send_all, args=(outbox, results), name="kemitraan-results", daemon=True)
    sender.start()
    try:
        while True:
            try:
                message = tasks.recv_bytes()
            except (EOFError, OSError):
                break
            if not message:
                break
            number, output, packed = pickle.loads(message)
            try:
                chunk = pickle.loads(packed)
            except Exception:  # the caller has what it takes: it evaluates this chunk itself
                outbox.put(pickle.dumps((number, None), pickle.HIGHEST_PROTOCOL))
                continue
            outbox.put(pickle.dumps((number, _evaluate_chunk(chunk, output)), pickle.HIGHEST_PROTOCOL))
    except KeyboardInterrupt:  # Ctrl-C reaches the whole process group: the caller decides, quietly (no traceback)
        pass
    finally:
        outbox.put(None)
        sender.join()


def _send_all(outbox: queue.SimpleQueue[bytes | None], results: Any) -> None:
    while (data := outbox.get()) is not None:
        try:
            results.send_bytes(data)
        except OSError:  # the caller is gone: nobody will read the rest
            return


@attrs.define
class _Worker:
    """One worker process and the caller's ends of its two pipes; ``sent`` counts chunks not yet answered."""

    process: Any
    tasks: Any
    results: Any
    sent: int = 0

    def lost(self) -> WorkerError:
        """The error for this worker gone: its exit code once the system has it (its pipes close as it exits)."""
        self.process.join(1)
        return WorkerError(self.process.pid, self.process.exitcode)


@attrs.define
class _Slot:
    """A chunk on its way to the caller; ``items`` once evaluated, here or by a worker (its answer received).

    ``chunk`` is kept until then, in case the worker answers that it could not read it.
    """

    number: int
    chunk: list[tuple[int, ScenarioInput]] | None = None
    items: list[BatchItem] | None = None


class _Crew:
    """``helpers`` worker processes and this one, sharing a batch's chunks; items come back in input order.

    Why this process evaluates too: ``workers=N`` is the number of processes that evaluate (``workers=1`` is this
    one alone), so N cores do N evaluators' work.  A caller that only waited for its workers would leave its core
    idle while every worker also pays for packing its results: with two workers on two cores that reached about
    1.6 times one process (``docs/performance.md``).  The chunks evaluated here need no packing, and their reports
    are whole.

    Why not ``concurrent.futures.ProcessPoolExecutor``: its results and its queue of work are moved by threads of
    the calling process, and while this process evaluates (holding the interpreter lock) those threads wait up to
    the interpreter's switch interval for each move, so the workers sat idle for a third of the time.  Here the
    calling thread moves everything itself, between chunks, through one pair of pipes per worker.

    The schedule is dynamic: each worker is kept :data:`_AHEAD` chunks ahead; the caller yields every chunk ready at
    the head of the order, and while the head is still with a worker it evaluates the next unread chunk itself.  At
    most ``4 * (helpers + 1) + _LOOKAHEAD`` chunks are held at once.
    """

    def __init__(self, helpers: int, engine: Engine, output: Output, method: str) -> None:
        self.workers: list[_Worker] = []
        self.limit = 4 * (helpers + 1) + _LOOKAHEAD
        self._helpers = helpers
        self._engine = engine  # this process's; its rule base is the workers' and explains their reports
        self._output = output
        self._method = method

    def _start(self) -> None:
        if self._method == "fork":
            _flush_std_streams()  # else a forked worker writes the caller's buffered output again when it exits
        context = _pool_context(self._method)
        for number in range(self._helpers):
            task_reader, task_writer = context.Pipe(duplex=False)
            result_reader, result_writer = context.Pipe(duplex=False)
            for end in (task_writer, result_writer):
                _widen_pipe(end)
            process = context.Process(
                target=_serve, args=(task_reader, result_writer, self._engine.rulebase), name=f"kemitraan-worker-{number + 1}", daemon=True
            )
            process.start()
            task_reader.close()  # the worker's ends: closed here, so that either side sees the other end
            result_writer.close()
            self.workers.append(_Worker(process, task_writer, result_reader))

    def run(self, chunks: Iterator[list[tuple[int, ScenarioInput]]]) -> Iterator[list[BatchItem]]:
        """Yield the items of each chunk, in order, as soon as the chunk and all before it are done."""
        self._start()
        slots: deque[_Slot] = deque()  # every chunk read and not yet yielded, in input order
        unassigned: deque[_Slot] = deque()  # read, given to nobody yet
        waiting: dict[int, _Slot] = {}  # chunks a worker still owes, by number
        numbers = itertools.count()
        exhausted = False
        while True:
            self._receive(waiting, block=False)
            # Read ahead (a few chunks), so that when the input ends this process still has its share to evaluate
            # while the workers finish theirs, instead of waiting for chunks sent to them long before.
            while not exhausted and len(unassigned) < _LOOKAHEAD and len(slots) < self.limit:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                slot = _Slot(next(numbers), chunk)
                slots.append(slot)
                unassigned.append(slot)
            for worker in self.workers:  # keep every worker busy; at the end, less queued there than is left here
                while unassigned and worker.sent < _AHEAD and (not exhausted or worker.sent < len(unassigned) - 1):
                    slot = unassigned.popleft()
                    try:
                        packed = pickle.dumps(slot.chunk, pickle.HIGHEST_PROTOCOL)
                    except Exception:  # an input that cannot travel (a mapping holding a function, say): done here
                        slot.items = self._evaluate_here(slot)
                        continue
                    self._send(worker, pickle.dumps((slot.number, self._output, packed), pickle.HIGHEST_PROTOCOL))
                    worker.sent += 1
                    waiting[slot.number] = slot
            if not slots:
                return
            head = slots[0]
            if head.items is None:
                if unassigned:  # the head is still with a worker (or with nobody): evaluate the next chunk here
                    slot = unassigned.popleft()
                    slot.items = self._evaluate_here(slot)
                else:
                    self._receive(waiting, block=True)
                continue
            slots.popleft()
            yield head.items

    def _evaluate_here(self, slot: _Slot) -> list[BatchItem]:
        """Evaluate a slot's chunk in this process (its items are whole: nothing to decode)."""
        assert slot.chunk is not None
        items = [evaluate_one(self._engine, index, scenario, self._output) for index, scenario in slot.chunk]
        slot.chunk = None
        return items

    def _settle(self, slot: _Slot, answer: Compact | None) -> None:
        """A worker's answer: its items (reports still compact), or ``None`` (it could not read the chunk): here."""
        if answer is None:
            slot.items = self._evaluate_here(slot)
        else:
            slot.items = expand_results(answer, self._engine.compiled)
            slot.chunk = None

    @staticmethod
    def _send(worker: _Worker, message: bytes) -> None:
        try:
            worker.tasks.send_bytes(message)
        except OSError as exc:  # the worker is gone (its end of the pipe closed with it)
            raise worker.lost() from exc

    def _receive(self, waiting: dict[int, _Slot], block: bool) -> None:
        """Take every answer the workers have sent; with ``block``, wait for at least one first."""
        if block:
            owing = [worker for worker in self.workers if worker.sent]
            ready = multiprocessing.connection.wait([w.results for w in owing] + [w.process.sentinel for w in owing])
            for worker in owing:
                if worker.process.sentinel in ready and worker.results not in ready:
                    raise worker.lost()
        for worker in self.workers:
            while worker.sent and worker.results.poll():
                try:
                    number, answer = pickle.loads(worker.results.recv_bytes())
                except (EOFError, OSError) as exc:
                    raise worker.lost() from exc
                worker.sent -= 1
                self._settle(waiting.pop(number), answer)

    def finish(self) -> None:
        """Tell the workers the batch is over and wait for them to exit (their work is done)."""
        for worker in self.workers:
            with contextlib.suppress(OSError):  # a worker gone by now had sent all it owed
                worker.tasks.send_bytes(b"")
        for worker in self.workers:
            worker.process.join(5)

    def stop(self) -> None:
        """Make sure no worker outlives the batch (an error, an interrupt, or a caller that stopped reading)."""
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(5)
            if worker.process.is_alive():  # pragma: no cover - a worker that ignored SIGTERM
                worker.process.kill()
                worker.process.join()
            worker.tasks.close()
            worker.results.close()
        self.workers.clear()


def evaluate_many(
    scenarios: Iterable[ScenarioInput],
    workers: int | None = 1,
    rulesets: Sequence[str | Path] | None = None,
    on_error: OnError = "collect",
    chunksize: int = 32,
    progress: Callable[[int], None] | bool | None = None,
    output: Output = "reports",
) -> list[BatchItem]:
    """Evaluate many scenarios with ``workers`` processes; one :class:`BatchItem` per scenario, in input order.

    Each item holds the scenario's :class:`Report` (equal to ``Engine(rulesets).evaluate(scenario)``) or the
    error that stopped it, with its index, so one bad scenario never loses the others.  See :func:`evaluate_iter`
    for the arguments; screening many candidate partners goes through here too (one scenario per candidate).
    ``progress=True`` shows a ``tqdm.auto`` bar: a widget in a notebook, text in a terminal.
    """
    if progress is True:
        from tqdm.auto import tqdm

        total = len(scenarios) if isinstance(scenarios, Sized) else None
        with tqdm(total=total, unit="scenario") as bar:
            return list(evaluate_iter(scenarios, workers, rulesets, on_error, chunksize, bar.update, output))
    return list(evaluate_iter(scenarios, workers, rulesets, on_error, chunksize, progress or None, output))

"""Batch evaluation (``evaluate_many``, ``kemitraan batch``): order, failures with their index, same reports."""

from __future__ import annotations

import contextlib
import gc
import io
import json
import multiprocessing
import os
import pickle
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kemitraan_rules import Engine, batch, evaluate_many
from kemitraan_rules.batch import BatchError, Output, compact_results, evaluate_iter, evaluate_one, expand_results
from kemitraan_rules.synthetic import scenario_dicts


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine()


@pytest.fixture(scope="module")
def mixed() -> list[Any]:
    """Twelve valid scenarios with two invalid ones at known positions (3 and 9)."""
    items: list[Any] = scenario_dicts(12, seed=7, parties=(2, 4))
    items.insert(3, {"id": "broken", "parties": []})
    items.insert(9, {"id": "bad-scale", "parties": [{"id": "a", "kind": "lkp", "scale": "huge"}], "relationship": {"seeker": "a"}})
    return items


def test_generator_is_seeded_and_valid(engine: Engine) -> None:
    """The same seed gives the same scenarios, a different seed different ones, and all of them validate."""
    assert scenario_dicts(20, seed=1, parties=(2, 6)) == scenario_dicts(20, seed=1, parties=(2, 6))
    assert scenario_dicts(20, seed=1) != scenario_dicts(20, seed=2)
    for data in scenario_dicts(50, seed=3, parties=(1, 8)):
        engine.evaluate(data)
    assert [len(d["parties"]) for d in scenario_dicts(3, parties=50)] == [50, 50, 50]


def test_in_process_order_errors_and_equal_reports(engine: Engine, mixed: list[Any]) -> None:
    """workers=1: one item per input in order, failures carry their index, reports equal the engine's."""
    items = evaluate_many(mixed, workers=1)
    assert [item.index for item in items] == list(range(len(mixed)))
    assert [item.index for item in items if not item.ok] == [3, 9]
    assert items[3].error_type == "ScenarioError" and items[3].scenario == "broken"
    assert "huge" in (items[9].error or "")
    for item, data in zip(items, mixed, strict=True):
        if item.ok:
            assert item.report is not None
            assert item.report.to_dict() == engine.evaluate(data).to_dict()
            assert item.scenario == data["id"]


def test_processes_match_sequential(mixed: list[Any]) -> None:
    """workers=2 with small chunks gives exactly the in-process items (reports equal, to_dict identical)."""
    sequential = evaluate_many(mixed, workers=1)
    done: list[int] = []
    parallel = evaluate_many(iter(mixed), workers=2, chunksize=3, progress=done.append)
    assert sum(done) == len(mixed)
    assert [item.to_dict() for item in parallel] == [item.to_dict() for item in sequential]
    assert parallel == sequential


def test_raise_mode_stops_at_first_failure(mixed: list[Any]) -> None:
    """on_error='raise' raises BatchError naming the lowest failing index."""
    seen = []
    with pytest.raises(BatchError, match=r"#3 \(broken\)") as info:
        for item in evaluate_iter(mixed, workers=1, on_error="raise"):
            seen.append(item.index)
    assert seen == [0, 1, 2]
    assert info.value.item.index == 3


def test_bad_arguments() -> None:
    """Invalid worker counts, chunk sizes and error modes are refused before anything runs."""
    with pytest.raises(ValueError, match="workers"):
        evaluate_many([], workers=0)
    with pytest.raises(ValueError, match="chunksize"):
        evaluate_many([], chunksize=0)
    with pytest.raises(ValueError, match="on_error"):
        evaluate_many([], on_error="ignore")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="workers must be a whole number or None, not '2'"):
        evaluate_many([], workers="2")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"chunksize must be a whole number, not 2\.5"):
        evaluate_many([], chunksize=2.5)  # type: ignore[arg-type]


def test_cli_batch_jsonl(tmp_path: Path, mixed: list[Any]) -> None:
    """`kemitraan batch FILE.jsonl --out`: one line per scenario in order, failures listed, exit code 1."""
    from kemitraan_rules.cli import main

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in mixed) + "{not json\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(source), "--workers", "1", "--out", str(out), "--no-progress"])
    assert result.exit_code == 1, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["index"] for line in lines] == list(range(len(mixed) + 1))
    assert [line["index"] for line in lines if "error" in line] == [3, 9, len(mixed)]
    assert lines[0]["report"] == Engine().evaluate(mixed[0]).to_dict()


def test_cli_batch_directory(tmp_path: Path) -> None:
    """A directory of scenario files is evaluated in sorted file order; all valid gives exit code 0."""
    from kemitraan_rules.cli import main

    for data in scenario_dicts(3, seed=5):
        (tmp_path / f"{data['id']}.json").write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(tmp_path), "--workers", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["scenario"] for line in result.stdout.splitlines() if line.startswith("{")]
    assert ids == ["s0", "s1", "s2"]


# --- the compact form workers send back (issue 13.4: the calling process must not be the bottleneck) ---------------
#: Bytes a worker may send back per evaluated scenario.  The compact form is about 7 KB (reports of a 32-scenario
#: chunk pickled together, without explanations); a pickled BatchItem with its Report was about 106 KB.
MAX_BYTES_PER_SCENARIO = 20_000


class _PlainDataOnly(pickle.Unpickler):
    """Unpickles plain values only: any class (a Report, a BatchItem) is refused."""

    def find_class(self, module: str, name: str) -> Any:
        raise AssertionError(f"the caller would have to build {module}.{name}")


def _worker_result(scenarios: list[Any], output: Output) -> bytes:
    """What a worker process sends back for one chunk: the pickle of ``_evaluate_chunk``'s result, run here."""
    from kemitraan_rules import batch
    from kemitraan_rules.rules import load_rulesets

    batch._init_worker(load_rulesets())
    gc.unfreeze()  # the initializer freezes what a worker inherited: this process is the test run, not a worker
    return pickle.dumps(batch._evaluate_chunk(list(enumerate(scenarios)), output), pickle.HIGHEST_PROTOCOL)


def test_worker_sends_a_few_kilobytes_per_scenario() -> None:
    """A chunk of 32 reports crosses the process boundary in under 20 KB a scenario (it was about 106 KB)."""
    scenarios: list[Any] = scenario_dicts(32, seed=21, parties=(2, 6))
    sent = _worker_result(scenarios, "reports")
    assert len(sent) / len(scenarios) < MAX_BYTES_PER_SCENARIO, len(sent) / len(scenarios)


def test_dask_partition_is_compact_too() -> None:
    """The Dask task returns the same compact form (the client decodes it), not pickled Reports."""
    from kemitraan_rules.distributed import evaluate_partition

    scenarios: list[Any] = scenario_dicts(32, seed=22, parties=(2, 6))
    sent = pickle.dumps(evaluate_partition(list(enumerate(scenarios)), None), pickle.HIGHEST_PROTOCOL)
    assert len(sent) / len(scenarios) < MAX_BYTES_PER_SCENARIO, len(sent) / len(scenarios)


def test_json_output_reaches_the_caller_as_plain_text(mixed: list[Any]) -> None:
    """output="json": what a worker sends holds no object for the caller to build, only text and numbers; the lines
    are those of the in-process batch."""
    sent = _PlainDataOnly(io.BytesIO(_worker_result(mixed, "json"))).load()
    items = expand_results(sent, Engine().compiled)
    expected = [json.dumps(item.to_dict(), ensure_ascii=False, sort_keys=True) for item in evaluate_many(mixed, workers=1)]
    assert [item.to_json() for item in items] == expected
    assert [item.ok for item in items] == [item.error is None for item in items]
    assert items[0].report is not None and items[0].report.to_dict() == Engine().evaluate(mixed[0]).to_dict()  # rebuilt from its text


def test_compact_reports_decode_on_first_read_with_the_same_explanations(engine: Engine, mixed: list[Any]) -> None:
    """Reports sent compact are decoded only when read, once per chunk, and explain every pattern exactly as the
    engine's own report does (same order, same failed conditions)."""
    from kemitraan_rules import batch

    items = [evaluate_one(engine, index, data) for index, data in enumerate(mixed)]
    decoded = []
    original = batch._decode_reports

    def counting(payload: bytes, compiled: Any) -> Any:
        decoded.append(len(payload))
        return original(payload, compiled)

    received = expand_results(pickle.loads(pickle.dumps(compact_results(items))), engine.compiled)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "_decode_reports", counting)
        assert [(item.index, item.ok, item.scenario) for item in received] == [(item.index, item.ok, item.scenario) for item in items]
        assert decoded == []
        for mine, theirs in zip(received, items, strict=True):
            assert mine == theirs
            if theirs.report is not None:
                assert mine.report is not None
                assert list(mine.report.explanations) == list(theirs.report.explanations)
                for pattern in theirs.report.explanations:
                    assert mine.report.why_not(pattern).to_dict() == theirs.report.why_not(pattern).to_dict()
        assert len(decoded) == 1


def test_to_json_is_the_json_of_to_dict(mixed: list[Any]) -> None:
    """to_json() assembles the line around report_json; it is byte for byte json.dumps(to_dict()), failures too."""
    for item in evaluate_many(mixed, workers=1, output="json"):
        assert item.to_json() == json.dumps(item.to_dict(), ensure_ascii=False, sort_keys=True)
    with pytest.raises(ValueError, match="output"):
        evaluate_many([], output="xml")  # type: ignore[arg-type]


def test_a_compact_item_pickles_with_its_report(engine: Engine, mixed: list[Any]) -> None:
    """An item still holding its report compact can itself be pickled (sent on): the copy has the same report."""
    received = expand_results(compact_results([evaluate_one(engine, 0, mixed[0])]), engine.compiled)[0]
    copy = pickle.loads(pickle.dumps(received))
    assert copy == received and copy.report is not None
    assert copy.report.why_not("waralaba").to_dict() == engine.evaluate(mixed[0]).why_not("waralaba").to_dict()


_DECODE_ELSEWHERE = """
import json, pickle, sys
from kemitraan_rules import Engine
from kemitraan_rules.batch import expand_results
compact = pickle.loads(sys.stdin.buffer.read())
print(json.dumps([item.report.to_dict() for item in expand_results(compact, Engine().compiled)], sort_keys=True))
"""


def test_a_fresh_process_decodes_what_a_worker_sent(engine: Engine, mixed: list[Any]) -> None:
    """A caller that never pickled a report itself (a spawned pool's parent, a Dask client) reads every record back
    whole: each record travels as the tuple of its field values, decoded there field by field."""
    import subprocess

    items = [evaluate_one(engine, index, data) for index, data in enumerate(mixed) if index not in (3, 9)]
    sent = pickle.dumps(compact_results(items), pickle.HIGHEST_PROTOCOL)
    done = subprocess.run([sys.executable, "-c", _DECODE_ELSEWHERE], input=sent, capture_output=True, check=True, timeout=120)
    expected = [item.report.to_dict() for item in items if item.report is not None]
    assert json.loads(done.stdout) == json.loads(json.dumps(expected, sort_keys=True))


_WORKER_FREEZE = """
import gc
from kemitraan_rules import batch
from kemitraan_rules.rules import load_rulesets
rulebase = load_rulesets()
inherited = [[index] for index in range(100_000)]  # what a forked worker finds of its caller (a batch's input)
batch._init_worker(rulebase)
print(gc.get_freeze_count())
"""


def test_a_worker_keeps_its_collector_off_what_it_inherited() -> None:
    """A worker freezes the objects it started with and its engine (gc.freeze), so its collector never walks (and, in
    a forked worker, never copies) the caller's memory: the wall speedup of two workers went from 1.67 to 1.87."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", _WORKER_FREEZE], capture_output=True, text=True, check=True, timeout=120)
    assert int(done.stdout) >= 100_000


def test_records_of_other_libraries_pickle_as_usual() -> None:
    """Only this library's slotted records take the tuple form; any other object keeps its own pickling."""
    import attrs

    assert batch._field_getter(type(Engine().evaluate(scenario_dicts(1, seed=3)[0]))) is not None
    assert batch._field_getter(attrs.Attribute) is None
    assert batch._field_getter(dict) is None


def _recorded_start_methods(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The start methods of the pools ``evaluate_iter`` creates from now on, in order."""
    methods: list[str] = []
    real = batch._pool_context

    def recording(method: str) -> Any:
        methods.append(method)
        return real(method)

    monkeypatch.setattr(batch, "_pool_context", recording)
    return methods


_SINGLE_THREADED_CALLER = """
from kemitraan_rules import batch, evaluate_many
from kemitraan_rules.synthetic import scenario_dicts
methods = []
real = batch._pool_context
batch._pool_context = lambda method: (methods.append(method), real(method))[1]
data = scenario_dicts(8, seed=7, parties=(2, 4))
print(methods == [] and evaluate_many(data, workers=2, chunksize=2) == evaluate_many(data, workers=1), methods)
"""


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="workers are forked only where fork is safe")
def test_single_threaded_caller_forks_its_workers() -> None:
    """One thread in the caller (a fresh process: the test run itself may hold other threads): the workers are
    forked (inheriting the rule base), with the in-process items."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", _SINGLE_THREADED_CALLER], capture_output=True, text=True, check=True, timeout=240)
    assert done.stdout.split() == ["True", "['fork']"], done.stdout + done.stderr[-2000:]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counting a process's threads needs Linux's /proc")
def test_a_thread_started_outside_threading_prevents_forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """A thread started from C by a library (here through ``_thread``, which ``threading.active_count()`` does not
    count before CPython 3.13) holds locks just the same: it is counted, so the pool does not fork."""
    import _thread

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["fork", "spawn", "forkserver"])
    monkeypatch.setattr(sys, "platform", "linux")
    before = batch._thread_count()
    release = threading.Lock()
    release.acquire()
    started = threading.Event()

    def hidden() -> None:
        started.set()
        release.acquire()

    _thread.start_new_thread(hidden, ())
    try:
        started.wait(10)
        assert batch._thread_count() == before + 1
        assert batch.start_method() == "forkserver"
    finally:
        release.release()


@pytest.mark.skipif(sys.platform == "win32", reason="Windows always spawns")
def test_a_caller_running_threads_never_forks(mixed: list[Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """Another thread alive (a progress bar's monitor, a web server): the pool uses the fork server, same items."""
    methods = _recorded_start_methods(monkeypatch)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, daemon=True)
    other.start()
    try:
        parallel = evaluate_many(mixed, workers=2, chunksize=2, output="json")
    finally:
        stop.set()
        other.join()
    assert methods == ["forkserver"]
    assert [item.to_json() for item in parallel] == [item.to_json() for item in evaluate_many(mixed, workers=1, output="json")]


def test_start_method_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """fork only on a single-threaded POSIX caller other than macOS; then forkserver where it exists; else spawn."""
    monkeypatch.setattr(batch, "_thread_count", lambda: 1)
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["fork", "spawn", "forkserver"])
    monkeypatch.setattr(sys, "platform", "linux")
    assert batch.start_method() == "fork"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert batch.start_method() == "forkserver"
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(batch, "_thread_count", lambda: 3)
    assert batch.start_method() == "forkserver"
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(batch, "_thread_count", lambda: 1)
    assert batch.start_method() == "spawn"


@contextlib.contextmanager
def _initialised_as_worker(engine: Engine, handlers: dict[int, Any]) -> Iterator[None]:
    """Install the caller's signal ``handlers``, run the worker initializer here, and restore everything after."""
    import signal

    previous = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    saved = batch._WORKER_ENGINE
    try:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        batch._init_worker(engine.rulebase)
        yield
    finally:
        gc.unfreeze()
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        batch._WORKER_ENGINE = saved


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_worker_initializer_restores_default_signal_handlers(engine: Engine) -> None:
    """A forked worker inherits the caller's handlers (``kemitraan batch``: SIGTERM -> SystemExit); it resets them."""
    import signal

    def caller_handler(_signum: int, _frame: object) -> None:
        raise SystemExit(143)

    with _initialised_as_worker(engine, {signal.SIGTERM: caller_handler, signal.SIGINT: caller_handler}):
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_worker_initializer_keeps_an_ignored_sigint_ignored(engine: Engine) -> None:
    """A caller that ignores SIGINT (``nohup``, a background job): its workers ignore it too, as spawned ones would;
    before, a worker re-armed it and died on a Ctrl-C meant for others, failing the caller's batch."""
    import signal

    with _initialised_as_worker(engine, {signal.SIGINT: signal.SIG_IGN}):
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_workers_counts_the_calling_process(mixed: list[Any]) -> None:
    """workers=3: two worker processes, and this process evaluates chunks too (its reports are whole, the workers'
    arrive compact); every item equals the in-process one, in order."""
    data = scenario_dicts(60, seed=11, parties=(2, 4))
    children: list[int] = []
    items = []
    for item in evaluate_iter(data, workers=3, chunksize=2):
        if not items:
            children = [child.pid for child in multiprocessing.active_children() if child.pid is not None]
        items.append(item)
    assert len(children) == 2
    here = [item.index for item in items if item._pending is None]
    assert here and len(here) < len(items)  # both sides evaluated
    assert [item.to_dict() for item in items] == [item.to_dict() for item in evaluate_many(data, workers=1)]
    assert multiprocessing.active_children() == []


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and SIGALRM are POSIX")
def test_a_killed_worker_raises_worker_error_after_the_items_before_it() -> None:
    """A worker killed mid-batch: the items before its lost chunk come out whole and in order, then WorkerError (no
    hang, no worker left)."""
    import os
    import signal

    data = scenario_dicts(200, seed=12, parties=(2, 3))

    def source() -> Any:
        for index, scenario in enumerate(data):
            if index == 60:
                for child in multiprocessing.active_children():
                    os.kill(child.pid or 0, signal.SIGKILL)
            yield scenario

    items: list[Any] = []
    previous = signal.signal(signal.SIGALRM, signal.default_int_handler)
    signal.alarm(120)  # a hang becomes a KeyboardInterrupt, which fails the test
    try:
        with pytest.raises(batch.WorkerError) as caught:
            for item in evaluate_iter(source(), workers=2, chunksize=4):
                items.append(item)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert caught.value.code == -signal.SIGKILL
    assert "exit code -9" in str(caught.value) and "kode keluar -9" in caught.value.text("id")
    assert len(items) < len(data)
    assert [item.index for item in items] == list(range(len(items)))
    expected = evaluate_many(data[: len(items)], workers=1)
    assert [item.to_dict() for item in items] == [item.to_dict() for item in expected]
    assert multiprocessing.active_children() == []


def test_closing_the_iterator_early_stops_the_workers() -> None:
    """A caller that stops reading (``break``, an exception) leaves no worker process behind."""
    iterator = evaluate_iter(scenario_dicts(100, seed=13), workers=3, chunksize=2)
    first = next(iterator)
    assert first.index == 0 and len(multiprocessing.active_children()) == 2
    iterator.close()
    assert multiprocessing.active_children() == []


def test_a_small_input_starts_no_more_workers_than_it_has_chunks_to_share() -> None:
    """workers=4 over one chunk: no process at all; over two chunks: one worker (the other chunk stays here)."""
    started: list[int] = []
    real = batch._Crew.__init__

    def recording(self: Any, helpers: int, *args: Any) -> None:
        started.append(helpers)
        real(self, helpers, *args)

    data = scenario_dicts(6, seed=14, parties=(2, 3))
    expected = [item.to_dict() for item in evaluate_many(data, workers=1)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch._Crew, "__init__", recording)
        one_chunk = evaluate_many(data, workers=4, chunksize=6)
        two_chunks = evaluate_many(data, workers=4, chunksize=3)
        many_chunks = evaluate_many(data, workers=4, chunksize=1)
    assert started == [1, 3]  # one chunk: no crew; two chunks: one worker; six chunks: three workers
    assert [item.to_dict() for item in one_chunk] == expected
    assert [item.to_dict() for item in two_chunks] == expected
    assert [item.to_dict() for item in many_chunks] == expected
    assert all(item._pending is None for item in one_chunk)
    assert sum(item._pending is None for item in two_chunks) == 3  # the second chunk, here; the first, the worker's


class _UnpicklableScenario(dict):  # type: ignore[type-arg]
    """A scenario mapping that cannot be pickled (it holds a function), as an application's own mapping might."""

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        self.hook = lambda: None

    def __reduce__(self) -> Any:
        raise pickle.PicklingError("this mapping stays in its process")


def test_an_input_that_cannot_travel_is_evaluated_here() -> None:
    """Scenarios that cannot be pickled to a worker are evaluated in the calling process: every item, in order, equal
    to in-process evaluation (before, the pickling error escaped and the batch stopped)."""
    data = scenario_dicts(24, seed=15, parties=(2, 3))
    odd = [_UnpicklableScenario(d) if index % 5 == 0 else d for index, d in enumerate(data)]
    items = evaluate_many(odd, workers=2, chunksize=2)
    assert [item.index for item in items] == list(range(len(data)))
    assert [item.to_dict() for item in items] == [item.to_dict() for item in evaluate_many(data, workers=1)]
    assert multiprocessing.active_children() == []


def _readable_only_in(pid: int, data: dict[str, Any]) -> _ReadableHereOnly:
    if os.getpid() != pid:
        raise ImportError("this class cannot be imported in the worker")
    return _ReadableHereOnly(data)


class _ReadableHereOnly(dict):  # type: ignore[type-arg]
    """A scenario mapping that pickles, but that only the process that made it can unpickle (as a class defined in
    an interactive session is for a spawned worker)."""

    def __reduce__(self) -> Any:
        return (_readable_only_in, (os.getpid(), dict(self)))


def test_a_chunk_a_worker_cannot_read_is_evaluated_here() -> None:
    """A worker that cannot unpickle a chunk answers so, and the calling process evaluates that chunk: every item, in
    order, equal to in-process evaluation (before, the worker died and the batch failed with WorkerError)."""
    data = scenario_dicts(24, seed=16, parties=(2, 3))
    odd = [_ReadableHereOnly(d) if index % 7 == 3 else d for index, d in enumerate(data)]
    items = evaluate_many(odd, workers=2, chunksize=2)
    assert [item.to_dict() for item in items] == [item.to_dict() for item in evaluate_many(data, workers=1)]
    assert all(item._pending is None for item in items if item.index % 7 == 3)  # evaluated here
    assert any(item._pending is not None for item in items)  # the worker did the others it was given
    assert multiprocessing.active_children() == []

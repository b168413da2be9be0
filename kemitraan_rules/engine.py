"""The engine: evaluates scenarios against compiled rulesets with durable-rules' inference.

This module and no other imports durable-rules.  It owns the hazards of that library measured while building this
one (durable-rules 2.0.28; ``docs/architecture.md`` lists them with what the library does about each):

* durable-rules is vendored and patched (``vendor/durable_rules/PATCHES.md``): its hosts start no timer threads, an
  action is completed however long it took, and a full alpha-node table is an error instead of a hang.  Hosts are
  shared per compiled rule base, so creating an :class:`Engine` any number of times never meets "already
  registered" errors, and a unit durable-rules cannot build is a :class:`RulesetError` naming it.
* At most 1,024 live sessions per ruleset: each evaluation takes a session from a pool and empties it (retracts what
  it asserted) at the end, whatever happens; a session is reused only when it is verifiably empty, and discarded
  sessions are bounded by rebuilding the host, so memory stays flat over any number of evaluations.
* The runtime of a rule base is reference-counted by its engines; when the last one is closed or collected it waits
  in a pool of :data:`IDLE_RUNTIMES`, and the one pushed out of the pool has its C rulesets deleted (vendored patch
  12 makes ``delete_ruleset`` free their sessions too), so building many distinct rule bases keeps memory flat.
* Facts without ids collide on a 32-bit hash: every fact has an id (``<session>:<field>``), unique in its session.
* A fact no rule matches would raise ``MessageNotHandledException``: every unit has a sink rule (see
  :mod:`compiler`); any engine exception that still escapes becomes an :class:`EvaluationError` naming the scenario
  and the rules involved.

Evaluation is forward chaining to a fixed point: the scenario's facts are asserted into every unit that tests
them; rules that fire may derive facts; new derived facts are asserted in the next round, until none is new.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import json
import os
import signal
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

try:
    from ._durable import engine as durable_engine
except ImportError as _missing:  # pragma: no cover - depends on how the package was installed
    raise ImportError(
        "the compiled rule engine (the extension module _durable_engine of kemitraan_rules) is missing: install "
        "kemitraan-rules with pip (it needs a C compiler), or in a source checkout run `python setup.py build_ext --inplace`"
    ) from _missing

from .compiler import CompiledRuleBase, Unit, compile_rulebase, fact
from .errors import EvaluationError, KemitraanError, Problem, RulesetError, ScenarioError, worded
from .facts import extract_facts
from .law import LawComparison, compare_laws
from .operators import LIST_SENTINEL
from .report import Report
from .rules import RuleBase, builtin, load_rulesets
from .scenario import Scenario, is_validated, load_scenario, scenario_from_dict, validate_assembled
from .scoring import Firings, build_report

__all__ = ["Engine", "LawComparison", "RulesetSource", "builtin_engine", "compare_laws"]

RulesetSource = str | Path | RuleBase


class _Host(durable_engine.Host):  # type: ignore[misc]
    """A durable-rules host that resolves actions through a table (the vendored host starts no threads)."""

    def __init__(self) -> None:
        self._action_table: dict[str, Callable[[Any], None]] = {}
        super().__init__()

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        try:
            return self._action_table[action_name]
        except KeyError:
            raise EvaluationError(worded("engine_unknown_action", action=repr(action_name))) from None


#: A runtime whose discarded sessions reach this many is rebuilt on a fresh host: a session that is not known to be
#: empty is never reused, and each one stays live in durable-rules (about 2.4 MB; the 1,025th is a ``MemoryError``).
MAX_DISCARDED_SESSIONS = 64


class _Runtime:
    """One compiled rule base registered on a host, with the state of the evaluation in progress.

    Sessions are reused only when they are known to be empty (see :meth:`release_session`); any other session is
    discarded, and after :data:`MAX_DISCARDED_SESSIONS` of them the host is rebuilt, so that neither leftover facts
    nor the 1,024-live-session bound can reach a later evaluation.
    """

    def __init__(self, compiled: CompiledRuleBase) -> None:
        self.compiled = compiled
        self.lock = threading.Lock()
        self.firings: Firings | None = None
        #: An exception raised inside an action: durable-rules would swallow it (``Promise.run`` catches
        #: ``BaseException``), so the recorder keeps it here and the engine re-raises it after the assert.
        self.action_error: BaseException | None = None
        #: Engines using this runtime (it is forgotten when the last one is closed or collected).
        self.users = 0
        self.discarded = 0
        self.rebuilds = 0
        #: Set by :meth:`close`: the C rulesets are freed and this runtime must not evaluate again.
        self.closed = False
        #: The JSON text of each fact up to its value, by session and field (see :meth:`payload`).
        self._prefixes: dict[tuple[str, str], str] = {}
        self.host = _Host()
        self._build()

    def _build(self) -> None:
        # A rebuild frees the old host's C rulesets first (vendored durable-rules patch 12): nothing refers to them.
        self.host.delete_rulesets()
        self.host = _Host()
        self._sessions = itertools.count(1)
        self._free_sessions: list[str] = []
        self.discarded = 0
        for unit in self.compiled.units:
            for action, (_kind, target) in unit.actions.items():
                self.host._action_table[action] = self._recorder(target)
        self.host._action_table["$sink"] = _ignore
        #: The durable-rules handle of each unit's ruleset, for :meth:`assert_and_run`.
        self.handles: dict[str, int] = {}
        for unit in self.compiled.units:
            # durable-rules deletes the 'run' key of each rule it is given, and changes nothing else: hand it copies
            # of the rules (their conditions, which it only serialises, are shared).
            try:
                self.host.set_rulesets({unit.name: {rule: dict(body) for rule, body in unit.definition.items()}})
                self.handles[unit.name] = self.host.get_ruleset(unit.name)._handle
            except Exception as exc:  # durable-rules raises a bare C error type
                self.host.delete_rulesets()  # the units built so far would never be freed otherwise
                raise RulesetError(
                    [
                        Problem(
                            "",
                            f"durable-rules could not build compiled unit {unit.name} ({len(unit.actions)} rules, {len(unit.fields)} fields): {exc}",
                        )
                    ]
                ) from exc

    def _recorder(self, rule_id: str) -> Callable[[Any], None]:
        def record_rule(_closure: Any) -> None:
            try:
                assert self.firings is not None
                self.firings.rule_fired(rule_id)
            except BaseException as exc:  # durable-rules would swallow it: keep it for the engine
                if self.action_error is None:
                    self.action_error = exc

        return record_rule

    def assert_and_run(self, unit_name: str, payload: str) -> None:
        """Assert the facts of ``payload`` (a JSON list) into a unit and record every rule they fire.

        One call into the C core asserts the facts and runs each resulting action there (vendored patch 10,
        ``assert_facts_and_run``): the actions of kemitraan-rules only record which rule fired, so the host's
        Python round trip per action (a closure, the state serialised and parsed again) is not needed.  The names of
        the actions that ran come back in order and go to the same recorders the host would call.  The result codes
        the host turns into exceptions are turned into the same exceptions here.
        """
        code, actions = durable_engine.durable_rules_engine.assert_facts_and_run(self.handles[unit_name], payload)
        if code == 1:
            raise durable_engine.MessageNotHandledException(payload)
        if code == 2:
            raise durable_engine.MessageObservedException(payload)
        table = self.host._action_table
        for action in actions:
            recorder = table.get(action)
            if recorder is None:
                raise EvaluationError(worded("engine_unknown_action", action=repr(action)))
            recorder(None)

    def payload(self, sid: str, batch: Sequence[tuple[str, Any]]) -> str:
        """The JSON list of the facts ``(field, engine value)`` of session ``sid``, as ``json.dumps`` writes it.

        Each fact is ``{"id": "<sid>:<field>", "sid": "<sid>", "<field>": <value>}`` (:func:`~kemitraan_rules.compiler.fact`).  Only the values
        change from one evaluation to the next (sessions are reused, so ``sid`` is nearly always the same): the text
        up to the value is kept per session and field, and common values are encoded once (:func:`_value_json`).
        Building the list of dicts and serialising it was about a tenth of an evaluation.  Raises what ``json.dumps``
        raises on a value it cannot encode (the caller names the fact).
        """
        prefixes = self._prefixes
        parts = []
        for field, value in batch:
            prefix = prefixes.get((sid, field))
            if prefix is None:
                if len(prefixes) > 50_000:  # many sessions or rule bases of many fields: start again
                    prefixes.clear()
                # The fact's own JSON up to its value, from the one definition of a fact (the value is written last).
                prefix = json.dumps(fact(sid, field, None), ensure_ascii=False).removesuffix("null}")
                prefixes[(sid, field)] = prefix
            parts.append(f"{prefix}{_value_json(value)}}}")
        return f"[{', '.join(parts)}]"

    def close(self) -> None:
        """Free this runtime's C rulesets (durable-rules' ``delete_ruleset``, made complete by vendored patch 12).

        Called with :attr:`lock` held when no engine uses the runtime any more; an evaluation that was waiting for
        the lock then finds :attr:`closed` set and raises instead of touching freed rulesets.
        """
        self.closed = True
        self.host.delete_rulesets()

    def next_session(self) -> str:
        """A session id with no facts: a released one when there is one, else a new one."""
        return self._free_sessions.pop() if self._free_sessions else str(next(self._sessions))

    def release_session(
        self, sid: str, asserted: Mapping[str, list[tuple[str, Any]]], interrupted: bool, sent: Mapping[str, list[tuple[int, str]]] | None = None
    ) -> None:
        """Retract every fact this evaluation asserted and keep the session id only if it is then verifiably empty.

        Sessions are emptied and reused rather than deleted: ``delete_state`` corrupts memory in durable-rules 2.0.28
        (``munmap_chunk(): invalid pointer``) once rulesets hold partial joins, and durable-rules refuses the 1,025th
        live session of a ruleset, so a bounded pool of reused, empty sessions keeps memory flat.  ``asserted`` may
        hold facts whose assert failed: when a bulk retraction fails, facts are retracted one by one, failures
        ignored.  A session is reused only if ``get_facts`` then shows none of its facts (durable-rules' number
        parser missed facts written as ``1e-05`` before patch 9; any such miss is caught here).  It is discarded without any further call when the
        evaluation was ``interrupted`` inside durable-rules (a ``BaseException`` such as ``KeyboardInterrupt``: its
        state is half-done and retracting crashed the process).  Discarded sessions are counted; at :data:`MAX_DISCARDED_SESSIONS` the host
        is rebuilt.

        ``asserted`` holds, per unit, the ``(field, engine value)`` of each fact; ``sent`` the JSON payloads that
        were asserted without error (with their number of facts).  When those cover every fact of the unit, they are
        retracted as one list straight from those strings (no second serialisation); otherwise the facts are built
        again as mappings (:func:`~kemitraan_rules.compiler.fact`) and retracted through the host.
        """
        empty = False
        try:
            if not interrupted:
                for name in sorted(asserted):
                    try:
                        if not self._retract_sent(name, asserted[name], (sent or {}).get(name, ())):
                            self.host.retract_facts(name, [fact(sid, field, value) for field, value in asserted[name]])
                    except Exception:  # some were never asserted: retract the others one by one
                        for field, value in asserted[name]:
                            with contextlib.suppress(Exception):
                                self.host.retract_fact(name, fact(sid, field, value))
                empty = all(self._is_empty(name, sid) for name in asserted)
        finally:
            if empty:
                self._free_sessions.append(sid)
            else:
                self._discard()

    def _retract_sent(self, unit_name: str, facts: Sequence[tuple[str, Any]], payloads: Sequence[tuple[int, str]]) -> bool:
        """Retract ``facts`` by joining the payloads they were asserted with; false when those do not cover them all.

        Each payload is a non-empty JSON list of fact objects, so their items joined with commas are one JSON list.
        """
        if not payloads or sum(count for count, _payload in payloads) != len(facts):
            return False
        joined = "[" + ",".join(payload[1:-1] for _count, payload in payloads) + "]"
        code, _state = durable_engine.durable_rules_engine.retract_facts(self.handles[unit_name], joined)
        if code != 0:
            raise EvaluationError(worded("engine_retract_refused", unit=unit_name, result=code))
        return True

    def _is_empty(self, unit_name: str, sid: str) -> bool:
        """Whether session ``sid`` of a unit holds no fact but durable-rules' own session state.

        The state's text is compared first with the one durable-rules writes for an empty session (the usual case,
        without parsing it); any other text is parsed and checked fact by fact.
        """
        try:
            text = durable_engine.durable_rules_engine.get_facts(self.handles[unit_name], sid)
            if text == f'[{{ "sid":"{sid}", "id":"sid-{sid}", "$s":1}}]':
                return True
            facts = json.loads(text)
        except Exception:  # unreadable state is not known to be empty
            return False
        return isinstance(facts, list) and all(isinstance(fact, Mapping) and fact.get("id") == f"sid-{sid}" for fact in facts)

    def _discard(self) -> None:
        self.discarded += 1
        if self.discarded >= MAX_DISCARDED_SESSIONS:
            self.rebuilds += 1
            self._build()


def _ignore(_closure: Any) -> None:
    """The sink rule never completes; this action exists only because every rule needs one."""


_RUNTIMES: dict[str, _Runtime] = {}
#: Runtimes no engine uses any more, least recently released first, at most :data:`IDLE_RUNTIMES` of them.
_IDLE: collections.OrderedDict[str, _Runtime] = collections.OrderedDict()
_RUNTIMES_LOCK = threading.Lock()
#: How many runtimes that no engine uses are kept for a next engine over the same rules.  Building one costs about
#: 15 ms for the built-in rules (durable-rules parses every unit); a script or a notebook cell that builds an
#: ``Engine()`` each time it runs would pay that every time.  The bound keeps edited rule bases from piling up.
IDLE_RUNTIMES = 2


def _acquire_runtime(compiled: CompiledRuleBase) -> _Runtime:
    """The shared runtime of a compiled rule base (same rules, same runtime: re-creating engines costs nothing).

    Runtimes are reference-counted by the engines that use them; :func:`_release_runtime` moves one to the bounded
    idle pool when its last engine is closed or collected, so edited rule bases in a long-lived process do not pile
    up, and an engine built again over the same rules takes it back.
    """
    with _RUNTIMES_LOCK:
        runtime = _RUNTIMES.get(compiled.fingerprint)
        if runtime is None:
            runtime = _IDLE.pop(compiled.fingerprint, None) or _Runtime(compiled)
            _RUNTIMES[compiled.fingerprint] = runtime
        runtime.users += 1
        return runtime


def _release_runtime(runtime: _Runtime, pid: int) -> None:
    """One engine stops using ``runtime``; the last one moves it to the idle pool, and the runtime that leaves the
    pool has its C rulesets freed.

    A no-op in a forked child (the parent's rulesets there are a copy nobody frees).  The rulesets are freed after
    the registry lock is released, with the evicted runtime's own lock held, so an evaluation still running on it
    finishes first (and one waiting for it then raises: see :meth:`_Runtime.close`).
    """
    if pid != os.getpid():
        return
    with _RUNTIMES_LOCK:
        runtime.users -= 1
        fingerprint = runtime.compiled.fingerprint
        evicted: list[_Runtime] = []
        if runtime.users <= 0 and _RUNTIMES.get(fingerprint) is runtime:
            del _RUNTIMES[fingerprint]
            _IDLE[fingerprint] = runtime
            while len(_IDLE) > IDLE_RUNTIMES:
                evicted.append(_IDLE.popitem(last=False)[1])  # the oldest idle runtime: nothing refers to it any more
    for old in evicted:
        with old.lock:
            old.close()


def _forget_runtimes_after_fork() -> None:
    """In a forked child, start with no runtimes and fresh locks.

    ``os.fork()`` copies the locks as they are, possibly held by a thread that does not exist in the child, and
    durable-rules' state of an evaluation in progress; neither can be trusted.  Engines notice the new process id
    and acquire new runtimes (:meth:`Engine._current_runtime`).
    """
    global _RUNTIMES_LOCK
    _RUNTIMES_LOCK = threading.Lock()
    _RUNTIMES.clear()
    _IDLE.clear()


os.register_at_fork(after_in_child=_forget_runtimes_after_fork)


try:  # the C functions behind ``signal.signal``/``getsignal``, without their enum conversions (19 us a pair, 1 here)
    import _signal as _raw_signal  # type: ignore[import-not-found]  # no stub: the same functions as signal's
except ImportError:  # pragma: no cover - an interpreter without CPython's module
    _raw_signal = signal


class _InterruptsDeferred:
    """Hold back SIGINT (Ctrl-C) while durable-rules runs, and deliver it afterwards (``with`` block).

    A ``KeyboardInterrupt`` raised inside durable-rules' action loop leaves its C state half-done (the next
    retraction crashed the process), and one raised inside an action is swallowed by durable-rules.  Only the main
    thread receives signals and only it may set handlers; elsewhere this does nothing.  The signal is re-raised
    with the caller's own handler in place, so the interrupt still reaches the caller, a few milliseconds late.
    It runs around every evaluation, so it is a plain class over the C signal functions: the generator-based
    context manager and ``signal``'s enum conversions were about 3% of an evaluation.
    """

    __slots__ = ("previous", "received")

    def __init__(self) -> None:
        self.previous: Any = None
        self.received: list[int] = []

    def hold(self, signum: int, _frame: FrameType | None) -> None:
        self.received.append(signum)

    def __enter__(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        try:
            previous = _raw_signal.getsignal(signal.SIGINT)
        except (ValueError, OSError):  # pragma: no cover - signals unavailable (embedded interpreter)
            return
        if previous is None:  # pragma: no cover - a handler installed from C cannot be restored from Python
            return
        _raw_signal.signal(signal.SIGINT, self.hold)
        self.previous = previous

    def __exit__(self, *_exc: object) -> None:
        if self.previous is None:
            return
        _raw_signal.signal(signal.SIGINT, self.previous)
        self.previous = None
        if self.received:
            signal.raise_signal(signal.SIGINT)


class Engine:
    """Evaluates scenarios against rulesets and returns explained :class:`Report` objects.

    ``rulesets`` is a list of rule directories or files (default: the built-in rulesets; include
    :func:`kemitraan_rules.rules.builtin` to extend them) or an already loaded :class:`RuleBase`.  ``law`` selects
    the legal profile: ``paper_1995`` (the patterns the paper cites, the default) or ``current`` (UU 20/2008 and its
    regulations); see ``docs/law.md``.  A loaded :class:`RuleBase` carries its own profile.  Loading validates
    every rule file and raises :class:`RulesetError` on any problem.  An engine can be created any number of times;
    engines over the same rules share one durable-rules host.  One engine may be shared by threads: ``evaluate`` is
    thread-safe (evaluations of one rule base are serialised).  ``close()`` (or a ``with`` block) releases the rule
    base's runtime when no other engine uses it; a forked child process builds its own.
    """

    def __init__(self, rulesets: Sequence[RulesetSource] | RuleBase | None = None, law: str | None = None) -> None:
        if isinstance(rulesets, RuleBase):
            if law is not None and law != rulesets.law:
                message = f"the rule base was loaded for the legal profile {rulesets.law!r}, not {law!r}"
                raise RulesetError([Problem(path="law", message=message, value=law, allowed=(rulesets.law,))])
            rulebase = rulesets
        elif rulesets is None:
            rulebase = load_rulesets([builtin()], law=law)
        else:
            if any(isinstance(item, RuleBase) for item in rulesets):
                raise TypeError("pass either one RuleBase or a list of rule directories and files, not a mix")
            rulebase = load_rulesets([Path(str(item)) for item in rulesets], law=law)
        self.rulebase: RuleBase = rulebase
        self.compiled: CompiledRuleBase = compile_rulebase(rulebase)
        self._closed = False
        self._attach_runtime()

    def _attach_runtime(self) -> None:
        self._pid = os.getpid()
        self._runtime = _acquire_runtime(self.compiled)
        self._finalizer = weakref.finalize(self, _release_runtime, self._runtime, self._pid)

    def _current_runtime(self) -> _Runtime:
        """This engine's runtime; a fresh one in a forked child (the parent's cannot be trusted there)."""
        if self._closed:
            raise EvaluationError(worded("engine_closed"))
        if self._pid != os.getpid():
            self._finalizer.detach()
            self._attach_runtime()
        return self._runtime

    def close(self) -> None:
        """Stop using this engine's rule base; its runtime is released when no other engine uses it.

        Idempotent.  Engines are also released when garbage-collected; ``with Engine(...) as engine:`` closes at the
        end of the block.  Evaluating with a closed engine raises :class:`EvaluationError`.
        """
        self._closed = True
        self._finalizer()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def evaluate(self, scenario: Scenario | Mapping[str, Any] | str | Path) -> Report:
        """Evaluate one scenario (a :class:`Scenario`, a mapping, or a YAML/JSON file path).

        Raises :class:`ScenarioError` for an invalid scenario (nothing is evaluated) and :class:`EvaluationError` if
        the inference engine fails.
        """
        scenario = _as_scenario(scenario)
        facts = extract_facts(scenario)
        runtime = self._current_runtime()
        with _InterruptsDeferred(), runtime.lock:
            if runtime.closed:  # closed by another thread while this one waited for the lock
                raise EvaluationError(worded("engine_closed"))
            firings = Firings(self.compiled)
            runtime.firings = firings
            runtime.action_error = None
            try:
                known = self._run_to_fixed_point(runtime, scenario, facts, firings)
            finally:
                runtime.firings = None
                runtime.action_error = None
        return build_report(scenario, self.compiled, known, firings)

    # --- exploration (kemitraan_rules.explore) ---------------------------------------------------------------------
    def what_if(self, scenario: Scenario | Mapping[str, Any] | str | Path, changes: Mapping[str, Any] | None = None, /, **keywords: Any) -> Any:
        """The report of ``scenario`` with ``changes`` (dotted paths or keywords) and a ``ReportDiff``; see :func:`explore.what_if`."""
        from .explore import what_if

        return what_if(self, scenario, changes, **keywords)

    def sensitivity(self, scenario: Scenario | Mapping[str, Any] | str | Path, fields: Sequence[str] | None = None) -> Any:
        """One row per input field and other allowed value, with what changed (a DataFrame); see :func:`explore.sensitivity`."""
        from .explore import sensitivity

        return sensitivity(self, scenario, fields)

    def counterfactual(self, scenario: Scenario | Mapping[str, Any] | str | Path, pattern: str, max_changes: int = 2, **options: Any) -> Any:
        """The smallest sets of input changes that get ``pattern`` recommended; see :func:`explore.counterfactual`."""
        from .explore import counterfactual

        return counterfactual(self, scenario, pattern, max_changes, **options)

    def evaluate_all(self, scenarios: Iterable[Scenario | Mapping[str, Any] | str | Path]) -> list[Report]:
        """Evaluate scenarios one after another in this process (see :func:`kemitraan_rules.evaluate_many`)."""
        return [self.evaluate(scenario) for scenario in scenarios]

    def _run_to_fixed_point(self, runtime: _Runtime, scenario: Scenario, facts: Mapping[str, Any], firings: Firings) -> dict[str, Any]:
        sid = runtime.next_session()
        asserted: dict[str, list[tuple[str, Any]]] = {}
        sent: dict[str, list[tuple[int, str]]] = {}
        interrupted = False  # true when durable-rules' state may be half-done: never touch the session again
        known: dict[str, Any] = dict(facts)
        pending: dict[str, Any] = dict(facts)
        max_rounds = len(self.rulebase.derived) + 2
        try:
            for _round in range(max_rounds + 1):
                if not pending:
                    return known
                if _round == max_rounds:  # pragma: no cover - derived facts are finite and never retracted
                    raise EvaluationError(worded("engine_no_fixed_point"), scenario=scenario.id)
                ordered = sorted(pending)  # each unit's facts in field order
                for unit in self.compiled.units:
                    batch = _batch(unit, ordered, pending)
                    if batch:
                        asserted.setdefault(unit.name, []).extend(batch)
                        try:
                            sent.setdefault(unit.name, []).append((len(batch), self._assert(runtime, unit, sid, batch, scenario)))
                        except BaseException as exc:
                            interrupted = not isinstance(exc, Exception)
                            raise
                pending = {}
                for _rule_id, field, value in firings.take_derived():
                    if field in known:
                        if known[field] != value:
                            others = sorted(firings.derivers.get(field, ()))
                            raise EvaluationError(
                                worded("engine_conflicting_derived", field=field, first=repr(known[field]), second=repr(value)),
                                scenario=scenario.id,
                                rules=others,
                            )
                        continue
                    known[field] = value
                    pending[field] = value
            return known  # pragma: no cover
        finally:
            runtime.release_session(sid, asserted, interrupted, sent)

    def _assert(self, runtime: _Runtime, unit: Unit, sid: str, batch: list[tuple[str, Any]], scenario: Scenario) -> str:
        """Assert ``batch`` (``(field, engine value)`` pairs) into ``unit`` and record what fired; the JSON payload
        sent, for the retraction."""
        try:
            payload = runtime.payload(sid, batch)
        except (TypeError, ValueError, RecursionError):
            for field, value in batch:  # name the fact whose value cannot be sent
                try:
                    json.dumps(value, allow_nan=False)
                except (TypeError, ValueError, RecursionError) as exc:
                    raise EvaluationError(
                        worded("engine_unsendable_fact", field=field, error=f"{type(exc).__name__}: {exc}"),
                        scenario=scenario.id,
                    ) from None
            raise  # pragma: no cover - the batch failed, so one of its facts does
        try:
            runtime.assert_and_run(unit.name, payload)
            if runtime.action_error is not None:
                raise runtime.action_error
            return payload
        except KemitraanError:
            raise
        except Exception as exc:  # durable-rules raises bare Exception subclasses and C errors
            text = str(getattr(exc, "message", "") or exc)
            rules = sorted(target for kind, target in unit.actions.values() if kind == "rule")
            if "303" in text:
                what = worded("engine_too_many_conditions")
            elif isinstance(exc, durable_engine.MessageObservedException):
                what = worded("engine_fact_seen")
            elif isinstance(exc, durable_engine.MessageNotHandledException):
                what = worded("engine_no_rule_for_fact")
            else:
                what = worded("engine_failed", error=f"{type(exc).__name__}: {text}")
            fields = ", ".join(sorted({field for field, _value in batch}))
            detail = worded("engine_in_unit", detail=what, unit=unit.name, fields=fields)
            raise EvaluationError(detail, scenario=scenario.id, rules=rules[:20]) from exc


def _batch(unit: Unit, ordered: Sequence[str], pending: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """The facts of ``pending`` this unit tests, as ``(field, engine value)`` in the order of ``ordered`` (sorted)."""
    fields = unit.fields
    return [(name, _engine_value(pending[name])) for name in ordered if name in fields]


#: The JSON text of values seen before (strings, booleans, integers, ``None``), by type and value: a screening
#: sends the same few vocabulary values thousands of times.  Keyed by type because ``True == 1``; floats are not
#: kept (``0.0 == -0.0``, and NaN must fail every time); lists only when all their items are strings.
_VALUE_TEXTS: dict[tuple[type, Any], str] = {}
_VALUE_TEXTS_MAX = 20_000


def _value_json(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, allow_nan=False)``, remembered for the values of :data:`_VALUE_TEXTS`.

    A list is looked up by the tuple of its items and stored only when they are all strings, so a hit is a list of
    strings (a non-string item equal to a string would have to be a string subclass, which JSON writes alike).
    """
    kind = type(value)
    if kind is list:
        try:
            key: tuple[type, Any] = (list, tuple(value))
            text = _VALUE_TEXTS.get(key)
        except TypeError:  # unhashable items
            return json.dumps(value, ensure_ascii=False, allow_nan=False)
        if text is not None:
            return text
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
        if not all(type(item) is str for item in value):
            return text
    elif kind is str or kind is bool or kind is int or value is None:
        key = (kind, value)
        text = _VALUE_TEXTS.get(key)
        if text is not None:
            return text
        text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    else:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    if len(_VALUE_TEXTS) >= _VALUE_TEXTS_MAX:
        _VALUE_TEXTS.clear()
    _VALUE_TEXTS[key] = text
    return text


def _engine_value(value: Any) -> Any:
    """A fact's value as durable-rules sees it: lists start with :data:`LIST_SENTINEL` (``$iall`` is false on [])."""
    return [LIST_SENTINEL, *value] if isinstance(value, list) else value


def _as_scenario(scenario: Scenario | Mapping[str, Any] | str | Path) -> Scenario:
    """The scenario to evaluate, validated whatever its form.

    A :class:`Scenario` built directly with attrs skips validation (duplicate ids, NaN shares, unknown kinds, values
    JSON cannot encode); it is checked through its canonical mapping, so such input is a :class:`ScenarioError`
    and never reaches durable-rules.  One assembled from parties already validated (screening's institution and
    candidates) is checked part by part first (:func:`validate_assembled`); only when that finds a problem is the
    whole mapping checked, for the error.
    """
    if isinstance(scenario, Scenario):
        if is_validated(scenario) or validate_assembled(scenario):
            return scenario
        try:
            data = scenario.to_dict()
        except Exception as exc:  # an attrs-built scenario may hold anything
            raise ScenarioError([Problem.make("unreadable_scenario_object", detail=f"{type(exc).__name__}: {exc}")]) from None
        for party in data.get("parties", ()):
            if isinstance(party, dict) and party.get("name") == "":
                del party["name"]  # the attrs default; the validator gives a party without a name its id
        scenario_from_dict(data, source=f"Scenario({scenario.id!r})" if isinstance(scenario.id, str) else None)
        return scenario
    if isinstance(scenario, Mapping):
        return scenario_from_dict(scenario)
    if isinstance(scenario, (str, Path)):
        return load_scenario(scenario)
    raise ScenarioError([Problem.make("evaluate_argument", type=type(scenario).__name__)])


@functools.lru_cache(maxsize=1)
def builtin_engine() -> Engine:
    """One engine over the built-in rulesets, shared by the wings that evaluate on the user's behalf.

    Screening candidates and checking a partnership's preconditions evaluate scenarios without being handed an
    engine; they share this one instead of each keeping a private module-level engine.
    """
    return Engine()

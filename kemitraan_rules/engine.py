"""The engine: evaluates scenarios against compiled rulesets with durable-rules' inference.

This module and no other imports durable-rules.  It owns the hazards of that library measured while building this
one (durable-rules 2.0.28; ``docs/architecture.md`` lists them with what the library does about each):

* A ``durable.engine.Host`` starts two timer threads that never stop.  :class:`_Host` starts none (we never use
  timers or queued events), and hosts are shared per compiled rule base, so creating an :class:`Engine` any number
  of times leaks neither threads nor "already registered" errors.
* At most 1,024 live sessions per ruleset: each evaluation takes a session from a pool and empties it (retracts what
  it asserted) at the end, whatever happens, so memory stays flat over any number of evaluations.
* Facts without ids collide on a 32-bit hash: every fact has an id (``<session>:<field>``), unique in its session.
* A fact no rule matches would raise ``MessageNotHandledException``: every unit has a sink rule (see
  :mod:`compiler`); any engine exception that still escapes becomes an :class:`EvaluationError` naming the scenario
  and the rules involved.

Evaluation is forward chaining to a fixed point: the scenario's facts are asserted into every unit that tests
them; rules that fire may derive facts; new derived facts are asserted in the next round, until none is new.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from durable import engine as durable_engine

from .compiler import CompiledRuleBase, Unit, compile_rulebase
from .errors import EvaluationError, KemitraanError
from .facts import extract_facts
from .operators import LIST_SENTINEL
from .report import Report
from .rules import RuleBase, builtin, load_rulesets
from .scenario import Scenario, load_scenario, scenario_from_dict
from .scoring import Firings, build_report

__all__ = ["Engine", "RulesetSource"]

RulesetSource = str | Path | RuleBase


class _Host(durable_engine.Host):  # type: ignore[misc]
    """A durable-rules host that starts no background threads and resolves actions through a table."""

    def __init__(self) -> None:
        self._action_table: dict[str, Callable[[Any], None]] = {}
        super().__init__()

    def _run(self) -> None:
        """Start nothing: timers and queued events are not used, so the two polling threads are not needed."""

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        try:
            return self._action_table[action_name]
        except KeyError:
            raise EvaluationError(f"no action registered for {action_name!r}") from None


class _Runtime:
    """One compiled rule base registered on a host, with the state of the evaluation in progress."""

    def __init__(self, compiled: CompiledRuleBase) -> None:
        self.compiled = compiled
        self.lock = threading.Lock()
        self.host = _Host()
        self.firings: Firings | None = None
        self._sessions = itertools.count(1)
        self._free_sessions: list[str] = []
        for unit in compiled.units:
            for action, (kind, target) in unit.actions.items():
                self.host._action_table[action] = self._recorder(kind, target)
        self.host._action_table["$sink"] = _ignore
        # durable-rules deletes the 'run' key of the definitions it is given: hand it copies.
        self.host.set_rulesets({unit.name: _deep_copy(unit.definition) for unit in compiled.units})

    def _recorder(self, kind: str, target: Any) -> Callable[[Any], None]:
        if kind == "rule":

            def record_rule(_closure: Any) -> None:
                assert self.firings is not None
                self.firings.rule_fired(target)

            return record_rule

        def record_probe(_closure: Any) -> None:
            assert self.firings is not None
            self.firings.tests_held.add(target)

        return record_probe

    def next_session(self) -> str:
        """A session id with no facts: a released one when there is one, else a new one."""
        return self._free_sessions.pop() if self._free_sessions else str(next(self._sessions))

    def release_session(self, sid: str, asserted: Mapping[str, list[dict[str, Any]]]) -> None:
        """Retract every fact this evaluation asserted, then keep the session id for the next evaluation.

        Sessions are emptied and reused rather than deleted: ``delete_state`` corrupts memory in durable-rules 2.0.28
        (``munmap_chunk(): invalid pointer``) once rulesets hold partial joins, and durable-rules refuses the 1,025th
        live session of a ruleset, so a bounded pool of reused, empty sessions keeps memory flat.  A session whose
        retraction fails is dropped, never reused.
        """
        try:
            for name in sorted(asserted):
                self.host.retract_facts(name, asserted[name])
        except Exception:
            return
        self._free_sessions.append(sid)


def _ignore(_closure: Any) -> None:
    """The sink rule never completes; this action exists only because every rule needs one."""


def _deep_copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _deep_copy(x) for k, x in value.items()}
    if isinstance(value, list):
        return [_deep_copy(x) for x in value]
    return value


_RUNTIMES: dict[str, _Runtime] = {}
_RUNTIMES_LOCK = threading.Lock()


def _runtime_for(compiled: CompiledRuleBase) -> _Runtime:
    """The shared runtime of a compiled rule base (same rules, same runtime: re-created engines share one host)."""
    with _RUNTIMES_LOCK:
        runtime = _RUNTIMES.get(compiled.fingerprint)
        if runtime is None:
            runtime = _Runtime(compiled)
            _RUNTIMES[compiled.fingerprint] = runtime
        return runtime


class Engine:
    """Evaluates scenarios against rulesets and returns explained :class:`Report` objects.

    ``rulesets`` is a list of rule directories or files (default: the built-in rulesets; include
    :func:`kemitraan_rules.rules.builtin` to extend them) or an already loaded :class:`RuleBase`.  Loading validates
    every rule file and raises :class:`RulesetError` on any problem.  An engine can be created any number of times;
    engines over the same rules share one durable-rules host.  ``evaluate`` is thread-safe (evaluations of one rule
    base are serialised).
    """

    def __init__(self, rulesets: Sequence[RulesetSource] | RuleBase | None = None) -> None:
        if isinstance(rulesets, RuleBase):
            rulebase = rulesets
        elif rulesets is None:
            rulebase = load_rulesets([builtin()])
        else:
            if any(isinstance(item, RuleBase) for item in rulesets):
                raise TypeError("pass either one RuleBase or a list of rule directories and files, not a mix")
            rulebase = load_rulesets([Path(str(item)) for item in rulesets])
        self.rulebase: RuleBase = rulebase
        self.compiled: CompiledRuleBase = compile_rulebase(rulebase)
        self._runtime = _runtime_for(self.compiled)

    def evaluate(self, scenario: Scenario | Mapping[str, Any] | str | Path) -> Report:
        """Evaluate one scenario (a :class:`Scenario`, a mapping, or a YAML/JSON file path).

        Raises :class:`ScenarioError` for an invalid scenario (nothing is evaluated) and :class:`EvaluationError` if
        the inference engine fails.
        """
        scenario = _as_scenario(scenario)
        facts = extract_facts(scenario)
        runtime = self._runtime
        with runtime.lock:
            firings = Firings(self.compiled)
            runtime.firings = firings
            try:
                known = self._run_to_fixed_point(runtime, scenario, facts, firings)
            finally:
                runtime.firings = None
        return build_report(scenario, self.compiled, known, firings)

    def evaluate_all(self, scenarios: Iterable[Scenario | Mapping[str, Any] | str | Path]) -> list[Report]:
        """Evaluate scenarios one after another in this process (see :func:`kemitraan_rules.evaluate_many`)."""
        return [self.evaluate(scenario) for scenario in scenarios]

    def _run_to_fixed_point(self, runtime: _Runtime, scenario: Scenario, facts: Mapping[str, Any], firings: Firings) -> dict[str, Any]:
        sid = runtime.next_session()
        asserted: dict[str, list[dict[str, Any]]] = {}
        known: dict[str, Any] = dict(facts)
        pending: dict[str, Any] = dict(facts)
        max_rounds = len(self.rulebase.derived) + 2
        try:
            for _round in range(max_rounds + 1):
                if not pending:
                    return known
                if _round == max_rounds:  # pragma: no cover - derived facts are finite and never retracted
                    raise EvaluationError("forward chaining did not reach a fixed point", scenario=scenario.id)
                for unit in self.compiled.units:
                    batch = _batch(unit, sid, pending)
                    if batch:
                        asserted.setdefault(unit.name, []).extend(batch)
                        self._assert(runtime, unit, batch, scenario)
                pending = {}
                for _rule_id, field, value in firings.take_derived():
                    if field in known:
                        if known[field] != value:
                            others = sorted(firings.derivers.get(field, ()))
                            raise EvaluationError(
                                f"rules derive conflicting values for {field}: {known[field]!r} and {value!r}",
                                scenario=scenario.id,
                                rules=others,
                            )
                        continue
                    known[field] = value
                    pending[field] = value
            return known  # pragma: no cover
        finally:
            runtime.release_session(sid, asserted)

    def _assert(self, runtime: _Runtime, unit: Unit, batch: list[dict[str, Any]], scenario: Scenario) -> None:
        try:
            runtime.host.assert_facts(unit.name, batch)
        except KemitraanError:
            raise
        except Exception as exc:  # durable-rules raises bare Exception subclasses and C errors
            text = str(getattr(exc, "message", "") or exc)
            rules = sorted(target for kind, target in unit.actions.values() if kind == "rule")
            if "303" in text:
                message = "a fact satisfied more conditions than durable-rules allows (error 303)"
            elif isinstance(exc, durable_engine.MessageObservedException):
                message = "durable-rules refused a fact as already seen"
            elif isinstance(exc, durable_engine.MessageNotHandledException):
                message = "durable-rules found no rule for a fact"
            else:
                message = f"durable-rules failed: {type(exc).__name__}: {text}"
            fields = ", ".join(sorted({str(fact["t"]) for fact in batch}))
            raise EvaluationError(f"{message} (unit {unit.name}, facts: {fields})", scenario=scenario.id, rules=rules[:20]) from exc


def _batch(unit: Unit, sid: str, pending: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The facts of ``pending`` this unit tests, in field order."""
    names = sorted(name for name in pending if name in unit.fields)
    return [{"id": f"{sid}:{name}", "sid": sid, "t": name, "v": _engine_value(pending[name])} for name in names]


def _engine_value(value: Any) -> Any:
    """A fact's value as durable-rules sees it: lists start with :data:`LIST_SENTINEL` (``$iall`` is false on [])."""
    return [LIST_SENTINEL, *value] if isinstance(value, list) else value


def _as_scenario(scenario: Scenario | Mapping[str, Any] | str | Path) -> Scenario:
    if isinstance(scenario, Scenario):
        return scenario
    if isinstance(scenario, Mapping):
        return scenario_from_dict(scenario)
    if isinstance(scenario, (str, Path)):
        return load_scenario(scenario)
    raise TypeError(f"evaluate() takes a Scenario, a mapping or a file path, not {type(scenario).__name__}")

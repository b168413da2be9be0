"""The patches to the vendored durable-rules 2.0.28 (``vendor/durable_rules/PATCHES.md``), one test or more each.

Every test here fails on unpatched 2.0.28.  Cases that hung or depended on heap contents there run in a subprocess
with a timeout (a regression fails the test instead of hanging the suite) and, for the uninitialised read, with
glibc's ``MALLOC_PERTURB_`` so that freshly allocated memory holds the byte that made 2.0.28 fail.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import textwrap
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

from kemitraan_rules import Engine, RulesetError
from kemitraan_rules._durable import engine as durable_engine
from kemitraan_rules.compiler import MAX_ROOT_TESTS_PER_UNIT

from .test_engine import _rule, _rules_dir

ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "scenarios" / "inti_plasma.yaml"


def _run_python(code: str, timeout: float, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter importing this checkout; a hang fails the calling test after ``timeout``."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]), **(env or {})}
    try:
        return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=timeout, env=environment)
    except subprocess.TimeoutExpired:
        pytest.fail(f"durable-rules did not finish within {timeout} s (the hang this patch removes)")


class _RecordingHost(durable_engine.Host):  # type: ignore[misc]
    """A bare vendored host whose every action appends its rule's name to ``fired``."""

    def __init__(self) -> None:
        self.fired: list[str] = []
        super().__init__()

    def get_action(self, action_name: str) -> Any:
        return lambda _closure: self.fired.append(action_name)


# --- patch 5: no immortal timer threads --------------------------------------------------------------------------------


def test_host_starts_no_threads() -> None:
    """2.0.28 started two timer threads in every Host that never stopped (200 hosts: 401 threads); now none."""
    before = threading.active_count()
    hosts = [_RecordingHost() for _ in range(20)]
    assert threading.active_count() == before
    assert len(hosts) == 20


# --- patch 4: no wall-clock action timeout -------------------------------------------------------------------------------


class _JumpingClock:
    """``_unix_now`` that jumps ``jump`` seconds ahead after its first ``after`` readings (a stall, a suspended VM)."""

    def __init__(self, real: Any, jump: float, after: int = 1) -> None:
        self.real, self.jump, self.after, self.calls = real, jump, after, 0

    def __call__(self) -> float:
        self.calls += 1
        return float(self.real()) + (self.jump if self.calls > self.after else 0.0)


def test_clock_jump_inside_an_action_loses_no_firing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two rules match one fact; the clock jumps 11 s during the first action: both fire, and so do later facts.

    2.0.28 took an action older than 10 s for completed, never started the next one, and left the session locked.
    """
    host = _RecordingHost()
    rules = {name: {"all": [{"m": {"$and": [{"t": "x"}, {"$gte": {"v": limit}}]}}], "run": name} for name, limit in (("a", 1), ("b", 2))}
    host.set_rulesets({"jump": rules})
    monkeypatch.setattr(durable_engine, "_unix_now", _JumpingClock(durable_engine._unix_now, jump=11.0))
    host.assert_facts("jump", [{"id": "1", "sid": "s", "t": "x", "v": 5}])
    assert sorted(host.fired) == ["a", "b"]
    host.assert_facts("jump", [{"id": "2", "sid": "s", "t": "x", "v": 1}])
    assert sorted(host.fired) == ["a", "a", "b"]


def test_engine_report_is_unchanged_by_a_clock_jump(monkeypatch: pytest.MonkeyPatch) -> None:
    """An evaluation during which the clock jumps 11 s gives the normal report, and so does every later one."""
    engine = Engine()
    normal = engine.evaluate(EXAMPLE).to_dict()
    assert normal["fired"], "the example must fire rules for this test to mean anything"
    real = durable_engine._unix_now
    monkeypatch.setattr(durable_engine, "_unix_now", _JumpingClock(real, jump=11.0))
    assert engine.evaluate(EXAMPLE).to_dict() == normal
    monkeypatch.setattr(durable_engine, "_unix_now", real)
    assert engine.evaluate(EXAMPLE).to_dict() == normal
    assert Engine().evaluate(EXAMPLE).to_dict() == normal


# --- patch 6: a full alpha-node table is an error, not an endless loop -----------------------------------------------

_DISTINCT_FIELDS = """
    import json
    from kemitraan_rules import _durable_engine as core

    def ruleset(fields):
        return json.dumps({f"r{i}": {"all": [{"m": {"$and": [{"t": f"f{i}"}, {"v": 1}]}}]} for i in range(fields)})

    handle = core.create_ruleset("fits", ruleset(511))
    print("511:", core.assert_facts(handle, json.dumps([{"id": "1", "sid": "1", "t": "absent", "v": 1}])))
    try:
        core.create_ruleset("full", ruleset(520))
    except core.error as exc:
        print("520:", exc)
"""


def test_alpha_node_with_too_many_children_is_refused_not_a_hang() -> None:
    """511 distinct children build and match; the 512th child is error 106.  2.0.28 looped forever at ~512."""
    result = _run_python(_DISTINCT_FIELDS, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("511: ")
    assert lines[1] == "520: Could not create ruleset, error code: 106"


def _wide_rules(tmp_path: Path, fields: int, per_rule: int) -> Path:
    """Rules over ``fields`` declared derived facts, ``per_rule`` distinct ones per rule, plus one rule that fires."""
    derived = "".join(f"  d{i}: {{type: bool, description: {{id: d, en: d}}}}\n" for i in range(fields))
    header = f"ruleset: mini\nversion: '1'\nderived:\n{derived}"
    body = "".join(
        _rule(
            f"t.w{start}",
            "[" + ", ".join(f"{{derived.d{(start + k) % fields}: true}}" for k in range(per_rule)) + "]",
            "{recommend: {pattern: inti_plasma, weight: 1}}",
        )
        for start in range(0, fields, per_rule)
    )
    body += _rule("t.fires", "[{relation.trust: rendah}]", "{recommend: {pattern: pola_asuh, weight: 3}}")
    return _rules_dir(tmp_path, body, header)


def test_packer_bounds_the_tests_under_the_root_of_a_unit(tmp_path: Path) -> None:
    """87 rules testing 6 of 520 derived facts each: every condition is a test under the root alpha node, and the
    packer opens units of at most 400 of them (here: at most 398 fields, beside the sink's two tests); it evaluates.

    Without the bound this is one unit of 522 root tests: error 106 with the patch, an endless loop in 2.0.28.
    """
    rules = _wide_rules(tmp_path, fields=520, per_rule=6)
    code = f"""
        from kemitraan_rules import Engine
        from tests.conftest import make_scenario
        engine = Engine([{str(rules)!r}])
        widths = sorted(len(unit.fields) for unit in engine.compiled.rule_units)
        report = engine.evaluate(make_scenario(trust="rendah"))
        print(widths[-1], len(widths), report.recommendation("pola_asuh").score)
    """
    result = _run_python(code, timeout=120)
    assert result.returncode == 0, result.stderr
    widest, units, score = result.stdout.split()
    assert int(widest) <= MAX_ROOT_TESTS_PER_UNIT - 2
    assert int(units) >= 2
    assert float(score) == 3


def test_unit_durable_rules_refuses_is_a_ruleset_error_naming_it(tmp_path: Path) -> None:
    """With the packer bound lifted, durable-rules refuses the unit (106): a RulesetError naming the unit, no raw error."""
    rules = _wide_rules(tmp_path, fields=520, per_rule=6)
    code = f"""
        from kemitraan_rules import Engine, RulesetError, compiler
        compiler.MAX_ROOT_TESTS_PER_UNIT = 600
        try:
            Engine([{str(rules)!r}])
        except RulesetError as exc:
            print(exc)
    """
    result = _run_python(code, timeout=60)
    assert result.returncode == 0, result.stderr
    assert re.search(r"durable-rules could not build compiled unit rules0_\w+ \(\d+ rules, 52\d fields\).*error code: 106", result.stdout), (
        result.stdout
    )


def test_rule_wider_than_a_unit_is_refused(tmp_path: Path) -> None:
    """One rule of 399 conditions cannot be split (a unit holds 398 beside its sink): a RulesetError naming the rule and its file."""
    width = MAX_ROOT_TESTS_PER_UNIT - 1
    with pytest.raises(RulesetError, match=r"rule 't\.w0': when: the rule's conditions make 399 tests, more than the 398") as caught:
        Engine([_wide_rules(tmp_path, fields=width, per_rule=width)])
    problem = caught.value.problems[0]
    assert problem.file is not None and problem.file.endswith("rules.yaml") and problem.line is not None
    fits = tmp_path / "fits"
    fits.mkdir()
    widest = Engine([_wide_rules(fits, fields=width - 1, per_rule=width - 1)]).compiled.rule_units
    assert max(len(unit.fields) for unit in widest) == width - 1  # 398 conditions: one unit holds them


def test_an_alternative_counts_one_root_test_per_value(tmp_path: Path) -> None:
    """`in` puts one test per value (and a forward node) under the root: 397 values make 398 tests and load; 398
    values make 399 and are refused by name before durable-rules sees them (error 106 at ~511 otherwise)."""

    def rules(folder: str, count: int) -> Path:
        values = ", ".join(str(number) for number in range(count))
        (tmp_path / folder).mkdir()
        condition = f"[{{relation.step_number: {{in: [{values}]}}}}]"
        return _rules_dir(tmp_path / folder, _rule("t.in", condition, "{recommend: {pattern: pola_asuh, weight: 3}}"))

    assert len(Engine([rules("fits", 397)]).compiled.rule_units) == 1
    with pytest.raises(RulesetError, match=r"rule 't\.in': when: the rule's conditions make 399 tests, more than the 398"):
        Engine([rules("over", 398)])


_MANY_RULES = """
    import json, random
    from kemitraan_rules import _durable_engine as core

    rng = random.Random(7)
    conditions = [{f"f.{i % 60}": i} for i in range(100)]  # field-keyed, as the compiler writes them
    rules = {"$sink": {"all": [{"any": {"$ex": {"id": 1}}}, {"never": {"$ex": {"$never": 1}}}]}}
    for number in range(1500):
        chosen = rng.sample(conditions, rng.randint(1, 4))
        rules[f"r{number}"] = {"all": [{f"c{index}": condition} for index, condition in enumerate(chosen)]}
    handle = core.create_ruleset("many", json.dumps(rules))
    facts = [{"id": f"1:f.{i}", "sid": "1", f"f.{i}": i} for i in range(60)]
    code, actions = core.assert_facts_and_run(handle, json.dumps(facts))
    held = set(range(60))  # condition {f.(i % 60): i} holds when i < 60: fact f.j has the value j
    firing = sorted(name for name, rule in rules.items() if name != "$sink"
                    and all(next(iter(next(iter(c.values())).values())) in held for c in rule["all"]))
    print(code, len(actions), len(firing), sorted(actions) == firing)
"""


def test_a_unit_of_many_rules_builds_and_fires() -> None:
    """1,500 rules of one to four field-keyed conditions (far above the 250 a unit holds) build and fire exactly the
    rules whose conditions all hold, in a subprocess with a timeout: the ~515-rule hang of 2.0.28 is not there."""
    result = _run_python(_MANY_RULES, timeout=60)
    assert result.returncode == 0, result.stderr
    code, fired, expected, same = result.stdout.split()
    assert (code, same) == ("0", "True") and int(fired) == int(expected) > 100


# --- patch 7: new Rete nodes start zeroed (the intermittent error 102) -------------------------------------------------

_UNINITIALISED = """
    import json
    from kemitraan_rules import _durable_engine as core, Engine
    from tests.conftest import make_scenario
    # contains_any compiles to $iany over an $or: createAlpha read the type of the $or's forward node before setting it.
    refused = 0
    for preceding in range(60):  # vary where in the node pool the forward node lands
        definition = {f"p{i}": {"all": [{"m": {"$and": [{"t": f"f{i}"}, {"v": i}]}}]} for i in range(preceding)}
        definition["r"] = {"all": [{"m": {"$and": [{"t": "x"}, {"$iany": {"v": {"$or": [{"$i": "a"}, {"$i": "b"}]}}}]}}]}
        try:
            core.create_ruleset(f"u{preceding}", json.dumps(definition))
        except core.error:
            refused += 1
    print("refused", refused)
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="MALLOC_PERTURB_ is a glibc feature")
@pytest.mark.parametrize("perturb", ["9", "12"])  # freed memory then holds 0x09 / 0x0C: JSON_IDENTIFIER / JSON_EXPRESSION
def test_create_ruleset_does_not_read_uninitialised_nodes(perturb: str, tmp_path: Path) -> None:
    """2.0.28 failed with error 102 whenever reused heap memory held 0x09 or 0x0C (16-19 of these 60 builds did)."""
    rules = _rules_dir(
        tmp_path, _rule("t.any", "[{larger.provides: {contains_any: [dana, teknologi]}}]", "{recommend: {pattern: pola_asuh, weight: 3}}")
    )
    code = textwrap.dedent(_UNINITIALISED) + f"print(Engine([{str(rules)!r}]).evaluate(make_scenario()).scenario)\n"
    result = _run_python(code, timeout=60, env={"MALLOC_PERTURB_": perturb})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["refused 0", "kecil_besar"]


# --- patch 8: no deprecated datetime call on every action --------------------------------------------------------------


def test_actions_emit_no_deprecation_warning() -> None:
    """2.0.28 called ``datetime.utcfromtimestamp`` (deprecated since 3.12) for every action it ran."""
    host = _RecordingHost()
    host.set_rulesets({"warn": {"a": {"all": [{"m": {"t": "x"}}], "run": "a"}}})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        host.assert_facts("warn", [{"id": "1", "sid": "s", "t": "x", "v": 1}])
    assert host.fired == ["a"]


@pytest.mark.parametrize("share", [1e-05, 1e-10, 5e-324])
def test_exponent_without_fraction_is_parsed_and_leaves_no_facts_behind(engine: Engine, share: float) -> None:
    """Patch 9: a share Python writes as ``1e-05`` is one number to durable-rules, and its evaluation leaves the
    session empty: every later evaluation gives the report a fresh engine gives.

    2.0.28 ended the number at the ``e``: the fact was mis-read, its retraction silently failed, and the reused
    session kept facts (later evaluations failed with "refused a fact as already seen" or fired extra rules).
    """
    tiny = {"id": "tiny", "parties": [{"id": "a", "kind": "lkp", "scale": "kecil"}, {"id": "b", "kind": "dudi", "scale": "besar"}]}
    tiny["relationship"] = {"seeker": "a", "candidate": "b", "shares": {"a": share}, "strict_standards": True}
    later = {**tiny, "id": "later", "relationship": {"seeker": "a", "candidate": "b", "agreement": "draf_mou"}}
    first = engine.evaluate(tiny)
    assert first.facts["seeker.share"] == share
    again = engine.evaluate(tiny)
    after = engine.evaluate(later)
    assert again.to_dict() == first.to_dict()
    fresh = _run_python(
        f"""
        import json
        from kemitraan_rules import Engine
        print(json.dumps(Engine().evaluate({later!r}).to_dict(), sort_keys=True))
        """,
        timeout=120,
    )
    assert fresh.returncode == 0, fresh.stderr
    assert json.loads(fresh.stdout) == json.loads(json.dumps(after.to_dict(), sort_keys=True))


# --- patch 10: assert facts and run their actions in one C call --------------------------------------------------------


def _joined_rules(run: bool = True) -> dict[str, Any]:
    """Rules over facts ``{t, v}``: single tests, a two-fact join, and one rule several facts satisfy.

    The host takes each rule's action from its ``run`` key and hands the C core the rules without it.
    """
    rules = {
        "one": {"all": [{"m": {"$and": [{"t": "x"}, {"$gte": {"v": 1}}]}}], "run": "one"},
        "two": {"all": [{"m": {"$and": [{"t": "x"}, {"$gte": {"v": 3}}]}}], "run": "two"},
        "join": {"all": [{"a": {"$and": [{"t": "x"}, {"$gte": {"v": 2}}]}}, {"b": {"$and": [{"t": "y"}, {"v": True}]}}], "run": "join"},
        "many": {"all": [{"m": {"$and": [{"t": "z"}, {"$lt": {"v": 10}}]}}], "run": "many"},
    }
    return rules if run else {name: {"all": rule["all"]} for name, rule in rules.items()}


@pytest.mark.parametrize(
    "batches",
    [
        [[("x", 5)]],
        [[("x", 2), ("y", True)]],
        [[("x", 5)], [("y", True)], [("z", 1), ("z", 2), ("z", 3)]],
        [[("y", True), ("x", 1)], [("x", 4)], [("z", 9), ("z", 4)]],
    ],
)
def test_assert_facts_and_run_fires_what_the_host_loop_fires(batches: list[list[tuple[str, Any]]]) -> None:
    """The C call returns, in order, the actions the vendored host's Python loop runs for the same asserts."""
    host = _RecordingHost()
    host.set_rulesets({"loop": _joined_rules()})
    core = durable_engine.durable_rules_engine
    handle = core.create_ruleset("drain", json.dumps(_joined_rules(run=False)))
    drained: list[str] = []
    for number, batch in enumerate(batches):
        facts = [{"id": f"{number}-{index}", "sid": "s", "t": t, "v": value} for index, (t, value) in enumerate(batch)]
        host.assert_facts("loop", facts)
        code, names = core.assert_facts_and_run(handle, json.dumps(facts))
        assert code == 0
        drained.extend(names)
    assert drained == host.fired
    assert drained, "the cases must fire rules for the comparison to mean anything"


def test_assert_facts_and_run_leaves_no_action_pending() -> None:
    """After the call every action is completed: a second assert fires only what it adds (nothing runs twice)."""
    core = durable_engine.durable_rules_engine
    handle = core.create_ruleset("pending", json.dumps(_joined_rules(run=False)))
    assert core.assert_facts_and_run(handle, json.dumps([{"id": "1", "sid": "s", "t": "x", "v": 5}]))[1] == ["one", "two"]
    assert core.assert_facts_and_run(handle, json.dumps([{"id": "2", "sid": "s", "t": "y", "v": True}]))[1] == ["join"]
    assert core.start_action(handle) is None


def test_assert_facts_and_run_returns_the_code_of_an_unhandled_assert() -> None:
    """Facts no rule tests: code 1 (the host's ``MessageNotHandledException``), and no action runs."""
    core = durable_engine.durable_rules_engine
    handle = core.create_ruleset("unhandled", json.dumps(_joined_rules(run=False)))
    assert core.assert_facts_and_run(handle, json.dumps([{"id": "1", "sid": "s", "t": "nobody", "v": 0}])) == (1, [])


# --- patch 12: deleted rulesets free everything they own ---------------------------------------------------------------

_DELETE_RULESETS = """
    import json, resource
    from kemitraan_rules import _durable_engine as core
    from kemitraan_rules._durable import engine as durable_engine

    def rss_mib():
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize() / 2**20

    class Host(durable_engine.Host):
        def __init__(self):
            self.fired = []
            super().__init__()
        def get_action(self, name):
            return lambda _closure: self.fired.append(name)

    # a join (partial when only one side is asserted) and a list test, as the compiler writes them
    joined = {"all": [{"a": {"t": "x"}}, {"b": {"$and": [{"t": "y"}, {"$gte": {"v": 1}}]}}], "run": "joined"}
    alone = {"all": [{"m": {"t": "z"}}], "run": "alone"}
    listed = {"all": [{"m": {"$and": [{"t": "l"}, {"$iany": {"v": {"$or": [{"$i": "dana"}, {"$i": "alat"}]}}}]}}], "run": "listed"}
    baseline = core.live_rulesets()
    marks = []
    for round in range(60):
        host = Host()
        host.set_rulesets({f"r{round}": {"joined": dict(joined), "alone": dict(alone), "listed": dict(listed)}})
        for sid in map(str, range(1, 11)):
            host.assert_facts(f"r{round}", [{"id": f"{sid}x", "sid": sid, "t": "x"}, {"id": f"{sid}z", "sid": sid, "t": "z"}])
        host.assert_facts(f"r{round}", [{"id": "1y", "sid": "1", "t": "y", "v": 2}, {"id": "1l", "sid": "1", "t": "l", "v": ["x", "dana"]}])
        assert sorted(host.fired) == ["alone"] * 10 + ["joined", "listed"], host.fired
        assert core.live_rulesets() == baseline + 1
        host.delete_rulesets()
        assert core.live_rulesets() == baseline
        marks.append(rss_mib())
    print("growth", marks[-1] - marks[9])
    try:
        core.create_ruleset("full", json.dumps({f"r{i}": {"all": [{"m": {"$and": [{"t": f"f{i}"}, {"v": 1}]}}]} for i in range(520)}))
    except core.error as exc:
        print("refused", exc, core.live_rulesets() - baseline)
"""


@pytest.mark.parametrize("perturb", ["0", "9"])
def test_deleted_rulesets_free_their_sessions_and_a_refused_build_leaves_none(perturb: str) -> None:
    """Patch 12: ``delete_ruleset`` frees every live session of the ruleset, and a build refused half-way is deleted.

    2.0.28 freed only the ruleset's own pools, not its sessions' message, frame and action pools: with ten sessions per
    ruleset, RSS grew by 59-76 MiB over these 50 deleted rulesets (patched: under 0.01 MiB).  A ruleset whose build
    failed after it was registered (error 106 here) stayed registered under a handle nobody received.  Sessions
    holding a partial join and a list test are freed and building goes on correctly, also with glibc's
    ``MALLOC_PERTURB_`` filling freed memory (a use of freed memory would then misbehave).
    """
    env = {"MALLOC_PERTURB_": perturb} if platform.libc_ver()[0] == "glibc" else {}
    result = _run_python(_DELETE_RULESETS, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    growth, refused = result.stdout.splitlines()
    assert float(growth.split()[1]) < 5, growth  # MiB over the last 50 rulesets
    assert refused == "refused Could not create ruleset, error code: 106 0"

"""Hostile or odd input files give typed errors naming the file, never a traceback, a hang or silent acceptance."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kemitraan_rules import Engine, ScenarioError, load_scenario
from kemitraan_rules.render import render_text

from .conftest import make_scenario

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("scalar", ["-_", "+_", "0x_", "0o_", "0b_"])
def test_odd_plain_scalars_are_a_typed_error(tmp_path: Path, scalar: str) -> None:
    """ruamel's int constructor raises IndexError on '-_'; the loader turns it into a ScenarioError naming the file."""
    path = tmp_path / "odd.yaml"
    path.write_text(f"id: odd\nparties: {scalar}\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"odd\.yaml"):
        load_scenario(path)


def test_json_surrogate_pairs_are_joined_and_the_report_prints(engine: Engine, tmp_path: Path) -> None:
    """A title json.dumps wrote as '\\ud83d\\ude00' reads back as one character, and the report encodes as UTF-8."""
    data = make_scenario()
    data["title"] = "Mitra \U0001f600"
    path = tmp_path / "emoji.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: the emoji is written as a surrogate pair
    scenario = load_scenario(path)
    assert scenario.title == "Mitra \U0001f600"
    render_text(engine.evaluate(scenario)).encode("utf-8")


def test_a_lone_surrogate_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lone.json"
    path.write_text(json.dumps({**make_scenario(), "title": "x"}).replace('"x"', '"\\ud83d"'), encoding="utf-8")
    with pytest.raises(ScenarioError, match="lone surrogate"):
        load_scenario(path)


@pytest.mark.parametrize(
    "text",
    [
        "id: s\nparties: !!python/object/apply:os.system [echo]\n",
        "id: s\nrelationship: !!python/object/apply:os.system {seeker: a}\n",
        "!!python/object/new:dict\nid: s\n",
    ],
)
def test_python_tags_on_mappings_and_sequences_are_refused(tmp_path: Path, text: str) -> None:
    """'!!python/...' expands to tag:yaml.org,2002:python/...; it was silently dropped and the data used."""
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="explicit YAML tag"):
        load_scenario(path)


NON_REGULAR = """
    import os, sys
    from kemitraan_rules import ScenarioError, load_scenario
    folder = sys.argv[1]
    os.mkfifo(os.path.join(folder, "fifo.yaml"))
    os.symlink("/dev/zero", os.path.join(folder, "zero.yaml"))
    for name in ("fifo.yaml", "zero.yaml"):
        try:
            load_scenario(os.path.join(folder, name))
        except ScenarioError as error:
            assert "not a regular file" in str(error), error
            print("refused", name)
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
def test_fifos_and_devices_are_refused_without_reading(tmp_path: Path) -> None:
    """A FIFO hung and a /dev/zero symlink ate all memory (st_size is 0 for both); both are refused at once."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", textwrap.dedent(NON_REGULAR), str(tmp_path)]
    # a regression hangs (FIFO) or grows without bound (/dev/zero): the timeout and a memory cap keep it contained
    result = subprocess.run(["prlimit", "--as=2000000000", *command], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split("\n")[:2] == ["refused fifo.yaml", "refused zero.yaml"]


def test_huge_weights_are_refused_so_scores_stay_finite(tmp_path: Path) -> None:
    """Two weights of 1e308 made a score inf and `--format json` printed Infinity; a weight above the bound is refused."""
    from kemitraan_rules import RulesetError, load_rulesets
    from kemitraan_rules.rules import MAX_WEIGHT

    from .test_engine import _rule, _rules_dir

    body = "".join(_rule(f"mini.r{n}", "[{seeker.scale: kecil}]", "{recommend: {pattern: pola_asuh, weight: 1e308}}") for n in range(2))
    with pytest.raises(RulesetError, match=f"from -{MAX_WEIGHT} to {MAX_WEIGHT}"):
        load_rulesets([_rules_dir(tmp_path, body)])


def test_a_rule_test_scenario_file_may_not_leave_the_tests_folder(tmp_path: Path) -> None:
    """'scenario_file: ../secret.yaml' was read (``../../etc/passwd`` too); it is now a located problem."""
    from kemitraan_rules import authoring

    (tmp_path / "secret.yaml").write_text(json.dumps(make_scenario()), encoding="utf-8")
    rules = tmp_path / "rules"
    (rules / "tests").mkdir(parents=True)
    (rules / "tests" / "cases.yaml").write_text(
        "tests:\n  - name: keluar\n    scenario_file: ../../secret.yaml\n    expect: {recommended: []}\n", encoding="utf-8"
    )
    run = authoring.run_scenario_tests([rules])
    assert not run.passed
    assert any("must stay inside" in problem.message for problem in run.problems), run.problems


def test_a_malformed_graphml_json_attribute_is_a_network_error(tmp_path: Path) -> None:
    """A GraphML 'json:' attribute that is not JSON was decoded outside the error handling: a traceback."""
    from kemitraan_rules.errors import NetworkError
    from kemitraan_rules.network import PartnerNetwork

    network = PartnerNetwork()
    network.add_party("a", kind="lkp", offers=["dana"])
    network.add_party("b", kind="dudi")
    path = tmp_path / "n.graphml"
    network.to_graphml(path)
    text = path.read_text(encoding="utf-8")
    assert "json:[" in text
    path.write_text(text.replace("json:[", "json:[[", 1), encoding="utf-8")
    with pytest.raises(NetworkError, match="not JSON"):
        PartnerNetwork.from_graphml(path)


def test_network_plot_into_a_missing_folder_is_a_message(tmp_path: Path) -> None:
    """`kemitraan network --plot missing/dir/x.png` printed a traceback; it is one error line and exit code 2."""
    from click.testing import CliRunner

    from kemitraan_rules.cli import main
    from kemitraan_rules.network import PartnerNetwork

    network = PartnerNetwork()
    network.add_party("a", kind="lkp")
    network.add_party("b", kind="dudi")
    network.add_partnership("a", "b")
    source = tmp_path / "n.json"
    network.to_json(source)
    result = CliRunner().invoke(main, ["network", str(source), "--plot", str(tmp_path / "missing" / "dir" / "x.png")])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.output.startswith("kesalahan: berkas tidak dapat dipakai") and "Traceback" not in result.output  # --lang id is the default


def test_a_deeply_nested_value_gives_a_short_message() -> None:
    """A 5,000-deep list as a field value raised RecursionError while the message was formatted."""
    from kemitraan_rules import scenario_from_dict

    value: list[object] = []
    for _ in range(5000):
        value = [value]
    data = make_scenario(trust=value)
    with pytest.raises(ScenarioError, match=r"relationship\.trust") as info:
        scenario_from_dict(data)
    assert len(str(info.value)) < 2000


@pytest.mark.parametrize("bad", ["abc\n", "abc\r\n", " abc", "abc "])
def test_ids_with_a_trailing_newline_or_spaces_are_refused(bad: str) -> None:
    """Ids are matched whole (fullmatch): 'abc\\n' passed a '$'-anchored pattern."""
    from kemitraan_rules import scenario_from_dict

    with pytest.raises(ScenarioError, match="not a valid id"):
        scenario_from_dict({**make_scenario(), "id": bad})

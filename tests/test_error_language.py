"""Error messages in the chosen language (issue 10, section 5): every command's errors follow ``--lang``.

For a set of bad inputs, the ``--lang id`` output holds none of the English words our English messages use and the
``--lang en`` output none of the Indonesian ones.  Both word lists are built from the one message table
(:data:`kemitraan_rules.errors.MESSAGES`) and the phrases that fill it (:class:`~kemitraan_rules.errors.Text`),
keeping only the words that differ between the languages; what the user wrote (file names, field paths, quoted
values, the lists of allowed values) and what a parser said (marked as its message) are data and are removed first.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemitraan_rules import errors
from kemitraan_rules.cli import main
from kemitraan_rules.errors import MESSAGES, Problem, RulesetError, ScenarioError, format_problem
from kemitraan_rules.rules import load_rulesets
from kemitraan_rules.scenario import load_scenario
from kemitraan_rules.vocabulary import Text

from .conftest import make_scenario

ROOT = Path(__file__).resolve().parent.parent
BAD_RULES = sorted((ROOT / "tests" / "data" / "rulesets" / "bad").glob("*.yaml"))
LIFECYCLE = ROOT / "examples" / "lifecycle"
WORD = re.compile(r"[A-Za-z]+")
PHRASE = re.compile(r'Text\(\s*"([^"]*)",\s*"([^"]*)"\s*\)')


def _phrases() -> Iterator[Text]:
    """Every phrase that fills a message (``Text("...", "...")`` in the package's source)."""
    for path in sorted((ROOT / "kemitraan_rules").rglob("*.py")):
        for indonesian, english in PHRASE.findall(path.read_text(encoding="utf-8")):
            yield Text(indonesian, english)


def _template_words(lang: str) -> set[str]:
    """The words of every message template and phrase in ``lang``, placeholders left out."""
    texts = [re.sub(r"\{[^}]*\}", " ", entry[lang]) for entry in MESSAGES.values()]
    texts += [phrase.get(lang) for phrase in _phrases()]
    return {word.lower() for text in texts for word in WORD.findall(text)}


#: Text only our English messages use, and words only our Indonesian messages use.
ENGLISH_ONLY = _template_words("en") - _template_words("id")
INDONESIAN_ONLY = _template_words("id") - _template_words("en")


def _without_data(text: str, tmp_path: Path) -> str:
    """``text`` without what the user wrote or a parser said: locations, field paths, quoted values, allowed lists."""
    text = re.sub(r"\((?:pesan pengurai|pesan click): .*\)", " ", text)  # the parser's own words, marked as such
    text = re.sub(r"\((?:yang sah|allowed|yang dikenal|known): [^()]*(?:\([^()]*\))?[^()]*\)", " ", text)
    location = r"(?:\S*/\S*?|stdin)(?::\d+)*: "
    text = re.sub(rf"(?m)^(\s*- )?(?:{location})?(?:(?:aturan|rule) '[^']*': )?(?:[\w.\[\]-]+: )?", r"\1", text)
    text = re.sub(r"((?:skenario tidak sah|invalid scenario): )[\w.\[\]-]+: ", r"\1", text)  # a nested problem's path
    text = text.replace(str(tmp_path), " ").replace(str(ROOT), " ")
    text = re.sub(r"'[^'\n]*'|\"[^\"\n]*\"", " ", text)
    return re.sub(r"\S*[._/\[\]]\S*", " ", text)  # ids, file names, snake_case values


def _leaks(text: str, tmp_path: Path, lang: str) -> list[str]:
    foreign = ENGLISH_ONLY if lang == "id" else INDONESIAN_ONLY
    cleaned = _without_data(text, tmp_path)
    return sorted({word for word in WORD.findall(cleaned) if word.lower() in foreign})


def _scenario_file(tmp_path: Path, name: str, data: object) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return str(path)


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    """Command lines (and standard input) that each fail on one kind of bad input."""
    enum = make_scenario()
    enum["parties"][0]["scale"] = "besarr"
    party = make_scenario()
    party["relationship"]["candidate"] = "tidak_ada"
    wrong = make_scenario()
    wrong["parties"][0]["members"] = "banyak"
    wrong["parties"][1] = ["bukan", "pemetaan"]
    missing = make_scenario()
    del missing["relationship"]
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "rusak.yaml").write_text(
        (ROOT / "tests" / "data" / "rulesets" / "bad" / "unknown_field.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    network = (
        "parties: [{id: lkp_a, kind: lkp}]\npartnerships:\n  - {party: lkp_a, partner: pt_b, share: 2}\n"
        "  - {party: lkp_a, partner: lkp_a, pattern: waralabaa}\n"
    )
    good = json.dumps(make_scenario())
    tests = tmp_path / "suite" / "tests"
    tests.mkdir(parents=True)
    (tests / "t.yaml").write_text(
        "tests:\n  - name: a\n    scenario: {id: s}\n    expect: {recomended: [x]}\n  - 5\n"
        "  - {name: b, scenario_file: ../../luar.yaml, expect: {fired: [x]}}\n",
        encoding="utf-8",
    )
    return {
        "unknown enum value": (["evaluate", _scenario_file(tmp_path, "enum.json", enum)], ""),
        "unknown party id": (["evaluate", _scenario_file(tmp_path, "party.json", party)], ""),
        "broken YAML": (["evaluate", _scenario_file(tmp_path, "broken.yaml", "id: x\nparties: [1, 2\n")], ""),
        "wrong type": (["evaluate", _scenario_file(tmp_path, "wrong.json", wrong)], ""),
        "missing field": (["evaluate", _scenario_file(tmp_path, "missing.json", missing)], ""),
        "missing file": (["evaluate", str(tmp_path / "tidak_ada.yaml")], ""),
        "bad rule file": (["evaluate", _scenario_file(tmp_path, "ok.json", make_scenario()), "--rules", str(rules)], ""),
        "bad rule file, rules check": (["rules", "check", str(rules), "--no-builtin"], ""),
        "bad network file": (["network", _scenario_file(tmp_path, "net.yaml", network)], ""),
        "bad JSONL line in batch": (["batch", "-", "-w", "1", "--no-progress"], f'{good}\nbukan json\n{{"id": 5}}\n'),
        "unknown option": (["evaluate", "--formt", "json", "x.yaml"], ""),
        "bad choice": (["evaluate", "x.yaml", "--law", "kuno"], ""),
        "bad lifecycle profile": (["map", _scenario_file(tmp_path, "profile.yaml", "id: lkp\nkind: lkpp\n")], ""),
        "bad partnership record": (["plan", _scenario_file(tmp_path, "record.yaml", "id: p1\nstep: langkah_aneh\nparties: 5\n")], ""),
        "bad candidates": (["screen", str(LIFECYCLE / "profile.yaml"), _scenario_file(tmp_path, "c.yaml", "- party: {id: calon, kind: dudy}\n")], ""),
        "bad comparison scenario": (["compare", _scenario_file(tmp_path, "cmp.yaml", "id: p1\nstep: x\n")], ""),
        "unknown rule id": (["rules", "show", "inti_plasma.dasr"], ""),
        "bad scenario test file": (["rules", "test", str(tests.parent)], ""),
    }


CASES = (
    "unknown enum value",
    "unknown party id",
    "broken YAML",
    "wrong type",
    "missing field",
    "missing file",
    "bad rule file",
    "bad rule file, rules check",
    "bad network file",
    "bad JSONL line in batch",
    "unknown option",
    "bad choice",
    "bad lifecycle profile",
    "bad partnership record",
    "bad candidates",
    "bad comparison scenario",
    "unknown rule id",
    "bad scenario test file",
)


def _run(args: list[str], stdin: str, lang: str) -> tuple[int, str]:
    """Exit code and what the user reads: stderr and stdout, or for ``batch`` stderr and each record's ``error``."""
    result = CliRunner().invoke(main, [*args, "--lang", lang], input=stdin or None)
    assert "Traceback" not in result.output, result.output
    if args[0] == "batch":
        errors = [record["error"] for record in map(json.loads, result.stdout.splitlines()) if "error" in record]
        assert len(errors) == 2, result.stdout
        return result.exit_code, "\n".join([result.stderr, *errors])
    return result.exit_code, result.output


def test_the_word_lists_are_built_from_the_table() -> None:
    """The check knows our English and Indonesian message words (so an empty list cannot pass it vacuously)."""
    assert {"unknown", "problem", "must", "field", "allowed", "mean", "list", "mapping"} <= ENGLISH_ONLY
    assert {"tidak", "dikenal", "harus", "kolom", "sah", "maksud", "daftar", "pemetaan"} <= INDONESIAN_ONLY


@pytest.mark.parametrize("case", CASES)
def test_each_error_is_in_the_chosen_language(tmp_path: Path, case: str) -> None:
    """``--lang id`` prints no English message word, ``--lang en`` no Indonesian one; both fail alike."""
    inputs = _bad_inputs(tmp_path)
    assert set(inputs) == set(CASES)
    args, stdin = inputs[case]
    code_id, indonesian = _run(args, stdin, "id")
    code_en, english = _run(args, stdin, "en")
    assert code_id == code_en != 0, (indonesian, english)
    assert _leaks(indonesian, tmp_path, "id") == [], indonesian
    assert _leaks(english, tmp_path, "en") == [], english
    assert indonesian != english


@pytest.mark.parametrize("path", BAD_RULES, ids=[p.stem for p in BAD_RULES])
def test_every_bad_rule_file_is_reported_in_the_chosen_language(tmp_path: Path, path: Path) -> None:
    """``rules check`` over the whole corpus of bad rule files, in both languages."""
    bad = tmp_path / path.name
    bad.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    _, indonesian = _run(["rules", "check", str(bad), "--no-builtin"], "", "id")
    _, english = _run(["rules", "check", str(bad), "--no-builtin"], "", "en")
    assert _leaks(indonesian, tmp_path, "id") == [], indonesian
    assert _leaks(english, tmp_path, "en") == [], english


def test_one_problem_prints_the_same_in_the_api_and_the_cli_in_each_language(tmp_path: Path) -> None:
    """``format_problem(p, lang)`` is the line of ``error.text(lang)`` and of the command's ``--lang`` output;
    ``str(problem)`` and ``str(error)`` are the English ones."""
    bad = _scenario_file(tmp_path, "s.json", {**make_scenario(), "parties": [{**make_scenario()["parties"][0], "scale": "besarr"}]})
    with pytest.raises(ScenarioError) as caught:
        load_scenario(bad)
    problems = caught.value.problems
    assert str(caught.value) == caught.value.text("en") and [str(p) for p in problems] == [format_problem(p, "en") for p in problems]
    for lang in ("id", "en"):
        lines = [format_problem(p, lang) for p in problems]
        assert caught.value.text(lang).splitlines()[1:] == [f"  - {line}" for line in lines]
        _, output = _run(["evaluate", bad], "", lang)
        assert all(line in output for line in lines), output
    assert format_problem(problems[0], "id") != format_problem(problems[0], "en")
    rule_file = tmp_path / "r.yaml"
    rule_file.write_text((ROOT / "tests" / "data" / "rulesets" / "bad" / "unknown_field.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(RulesetError) as rules_error:
        load_rulesets([rule_file])
    (problem,) = rules_error.value.problems
    for lang in ("id", "en"):
        _, checked = _run(["rules", "check", str(rule_file), "--no-builtin"], "", lang)
        assert format_problem(problem, lang) in checked.splitlines()
        assert f"  - {format_problem(problem, lang)}" in rules_error.value.text(lang).splitlines()


def test_the_api_speaks_english_whatever_the_display_language() -> None:
    """``str(error)`` is English, also while ``options.lang`` is Indonesian (the display default)."""
    from kemitraan_rules import options

    assert options.lang == "id"
    problem = Problem.make("unknown_value", "parties[0].scale", value="besarr", allowed=("kecil", "besar"))
    error = ScenarioError([problem], "s.yaml")
    assert str(error).startswith("invalid scenario in s.yaml: 1 problem") and "did you mean 'besar'?" in str(error)
    assert error.text("id").startswith("skenario tidak sah di s.yaml: 1 masalah") and "mungkin maksud Anda 'besar'?" in error.text("id")
    assert problem.message == "unknown value 'besarr'" and problem.code == "unknown_value"


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    """Each code of the table is written in Indonesian and English, and both fill the same parameters."""
    fields = string.Formatter()
    for code, entry in MESSAGES.items():
        assert set(entry) == set(errors.LANGUAGES), code
        names = [{name for _, name, _, _ in fields.parse(entry[lang]) if name} for lang in errors.LANGUAGES]
        assert names[0] == names[1], code


def test_a_problem_without_a_code_keeps_its_message() -> None:
    """An extension's own check (a message, no code) reads the same in both languages instead of failing."""
    problem = Problem(path="x", message="custom check failed")
    assert format_problem(problem, "id") == format_problem(problem, "en") == "x: custom check failed"

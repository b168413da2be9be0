"""Rule authoring, part 3: scenario tests written in YAML beside the rules, and ``rules show`` / ``rules fields``."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from ruamel.yaml import YAML

from kemitraan_rules import authoring
from kemitraan_rules.cli.rules import rules
from kemitraan_rules.rules import builtin, load_rulesets

SCENARIO = """
      parties:
        - {id: plasma, kind: usaha_kecil, scale: kecil, market_access: rendah}
        - {id: inti, kind: dudi, scale: besar}
      relationship:
        seeker: plasma
        candidate: inti
        provides: {inti: [bimbingan_teknis, sarana_produksi, pembelian_hasil, pemasaran_hasil]}
"""


def write_tests(folder: Path, body: str, name: str = "cases.yaml") -> Path:
    tests = folder / "tests"
    tests.mkdir(parents=True, exist_ok=True)
    path = tests / name
    path.write_text(body, encoding="utf-8")
    return path


def test_passing_expectations(tmp_path: Path) -> None:
    """A test whose expectations hold passes, and its result lists the rules that fired."""
    write_tests(
        tmp_path,
        f"tests:\n  - name: ok\n    scenario:{SCENARIO}    expect:\n      top: {{legal: inti_plasma}}\n"
        "      recommended: [inti_plasma]\n      preconditions: {dua_pihak_atau_lebih: met}\n"
        "      fired: [inti_plasma.sarana_produksi]\n      warnings_absent: [standarisasi_ketat]\n",
    )
    run = authoring.run_scenario_tests([tmp_path])
    assert run.passed and len(run.results) == 1
    assert "inti_plasma.sarana_produksi" in run.results[0].fired


def test_failing_expectations_are_named_with_why_not(tmp_path: Path) -> None:
    """Each failing expectation is named, with the actual outcome and why the expected rules did not fire."""
    write_tests(
        tmp_path,
        f"tests:\n  - name: salah\n    scenario:{SCENARIO}    expect:\n      top: {{legal: waralaba}}\n"
        "      fired: [waralaba.lisensi_merek]\n      not_fired: [inti_plasma.sarana_produksi]\n"
        "      warnings_present: [standarisasi_ketat]\n      preconditions: {kesepakatan: met}\n",
    )
    run = authoring.run_scenario_tests([tmp_path])
    (result,) = run.failed
    failures = {f.expectation: f for f in result.failures}
    assert set(failures) == {
        "top.legal",
        "fired waralaba.lisensi_merek",
        "not_fired inti_plasma.sarana_produksi",
        "warnings_present standarisasi_ketat",
        "preconditions.kesepakatan",
    }
    assert failures["top.legal"].actual == "Core-plasma pattern [inti_plasma]"
    assert any("why not Franchise pattern [waralaba]" in line for line in failures["top.legal"].explanation)
    (why,) = failures["fired waralaba.lisensi_merek"].explanation
    assert why.startswith("waralaba.lisensi_merek did not fire: ") and "lisensi_merek" in why
    assert failures["preconditions.kesepakatan"].actual == "unknown"


def test_scenario_file_relative_to_the_test(tmp_path: Path) -> None:
    """'scenario_file:' is read relative to the test file."""
    (tmp_path / "tests" / "scenarios").mkdir(parents=True)
    (tmp_path / "tests" / "scenarios" / "s.yaml").write_text(SCENARIO.replace("\n      ", "\n"), encoding="utf-8")
    write_tests(tmp_path, "tests:\n  - name: dari_berkas\n    scenario_file: scenarios/s.yaml\n    expect: {recommended: [inti_plasma]}\n")
    assert authoring.run_scenario_tests([tmp_path]).passed


def test_malformed_tests_are_located_problems(tmp_path: Path) -> None:
    """Unknown expectation keys, unknown ids and bad scenarios are problems at file:line, with suggestions."""
    path = write_tests(
        tmp_path,
        f"tests:\n  - name: rusak\n    scenario:{SCENARIO}    expect:\n"
        "      recomended: [inti_plasma]\n      fired: [inti_plasma.sarana_produksii]\n"
        "  - name: skenario_rusak\n    scenario: {parties: [{id: a, kind: lkpp}], relationship: {seeker: a}}\n"
        "    expect: {fired: [inti_plasma.sarana_produksi]}\n",
    )
    run = authoring.run_scenario_tests([tmp_path])
    assert not run.passed and run.results == ()
    lines = [authoring.format_problem(p) for p in run.problems]
    assert all(line.startswith(f"{path}:") for line in lines)
    text = "\n".join(lines)
    assert "unknown expectation 'recomended'" in text and "did you mean 'recommended'?" in text
    assert "unknown rule id 'inti_plasma.sarana_produksii'" in text
    assert "invalid scenario" in text and "lkpp" in text


def test_cli_test_exit_codes(tmp_path: Path) -> None:
    """'rules test DIR' exits 0 when all pass, 1 when one fails (printing the failure and the rules fired)."""
    good, bad = tmp_path / "good", tmp_path / "bad"
    write_tests(good, f"tests:\n  - name: ok\n    scenario:{SCENARIO}    expect: {{recommended: [inti_plasma]}}\n")
    write_tests(bad, f"tests:\n  - name: gagal\n    scenario:{SCENARIO}    expect: {{excluded: [inti_plasma]}}\n")
    runner = CliRunner()
    assert runner.invoke(rules, ["test", str(good)]).exit_code == 0
    result = runner.invoke(rules, ["test", str(bad), "--lang", "en"])
    assert result.exit_code == 1
    assert "gagal: FAILED" in result.stdout and "excluded inti_plasma: expected excluded" in result.stdout
    assert "rules fired: " in result.stdout


def test_cli_test_rules_that_do_not_load_exit_2(tmp_path: Path) -> None:
    """When the directory's rules do not load, no test can run: exit 2 with the problems, no traceback."""
    (tmp_path / "rusak.yaml").write_text("ruleset: rusak\nversion: '1'\nrules: 3\n", encoding="utf-8")
    write_tests(tmp_path, f"tests:\n  - name: ok\n    scenario:{SCENARIO}    expect: {{recommended: [inti_plasma]}}\n")
    result = CliRunner().invoke(rules, ["test", str(tmp_path), "--lang", "en"])
    assert result.exit_code == 2 and "'rules' must be a list" in result.output
    assert "Traceback" not in result.output


#: Expectations that all fail on SCENARIO, one of each kind, for the language tests.
ALL_FAILING = (
    "      top: {legal: waralaba}\n      recommended: [waralaba]\n      not_recommended: [inti_plasma]\n"
    "      excluded: [inti_plasma]\n      warnings_present: [standarisasi_ketat]\n      warnings_absent: [ketergantungan]\n"
    "      preconditions: {kesepakatan: met}\n      fired: [waralaba.lisensi_merek]\n      not_fired: [inti_plasma.sarana_produksi]\n"
)
#: What the failures say in each language (one phrase per kind of expectation and explanation), labels not ids.
INDONESIAN_FAILURES = (
    "top.legal: diharapkan Pola waralaba [waralaba], ternyata Pola inti plasma [inti_plasma]",
    "Pola inti plasma [inti_plasma] didukung oleh: inti_plasma.",
    "Pola waralaba [waralaba]: tidak direkomendasikan (skor 0)",
    "mengapa bukan Pola waralaba [waralaba]: skor 0, ambang 2",
    "waralaba.lisensi_merek tidak terpicu: belum dapat disimpulkan: ",
    "recommended waralaba: diharapkan direkomendasikan, ternyata tidak direkomendasikan (skor 0)",
    "excluded inti_plasma: diharapkan dikecualikan, ternyata direkomendasikan (skor 7)",
    "warnings_present standarisasi_ketat: diharapkan ada peringatan, ternyata tidak ada",
    "perlu: standar produk yang ketat diberlakukan (ya); kenyataannya: belum diketahui",
    "warnings_absent ketergantungan: diharapkan tidak ada peringatan, ternyata diperingatkan oleh aturan ketergantungan.",
    "preconditions.kesepakatan: diharapkan terpenuhi, ternyata tidak diketahui",
    "fired waralaba.lisensi_merek: diharapkan terpicu, ternyata tidak terpicu",
    "not_fired inti_plasma.sarana_produksi: diharapkan tidak terpicu, ternyata terpicu",
)
ENGLISH_FAILURES = (
    "top.legal: expected Franchise pattern [waralaba], got Core-plasma pattern [inti_plasma]",
    "Core-plasma pattern [inti_plasma] supporting: inti_plasma.",
    "Franchise pattern [waralaba]: not recommended (score 0)",
    "why not Franchise pattern [waralaba]: score 0, threshold 2",
    "waralaba.lisensi_merek did not fire: not derived: ",
    "recommended waralaba: expected recommended, got not recommended (score 0)",
    "excluded inti_plasma: expected excluded, got recommended (score 7)",
    "warnings_present standarisasi_ketat: expected a warning, got none",
    "needed: strict product standards are imposed (yes); actually: unknown",
    "warnings_absent ketergantungan: expected no warning, got warned by ketergantungan.",
    "preconditions.kesepakatan: expected met, got unknown",
    "fired waralaba.lisensi_merek: expected fired, got did not fire",
    "not_fired inti_plasma.sarana_produksi: expected not fired, got fired",
)
#: English words of the failure sentences that an Indonesian failure must not contain.
ENGLISH_WORDS = ("expected", "got", "why not", "score", "threshold", "did not fire", "supporting", "warned by", "needed", "actually")


def test_failures_in_the_chosen_language(tmp_path: Path) -> None:
    """``run_scenario_tests(lang=...)`` words every failure in that language (English by default, as the Python API):
    expected and actual outcomes, why-nots with their failed conditions, concepts by label with the id in brackets."""
    write_tests(tmp_path, f"tests:\n  - name: salah\n    scenario:{SCENARIO}    expect:\n{ALL_FAILING}")
    indonesian = "\n".join(str(f) for f in authoring.run_scenario_tests([tmp_path], lang="id").failed[0].failures)
    english = "\n".join(str(f) for f in authoring.run_scenario_tests([tmp_path]).failed[0].failures)
    assert [phrase for phrase in INDONESIAN_FAILURES if phrase not in indonesian] == []
    assert [phrase for phrase in ENGLISH_FAILURES if phrase not in english] == []
    assert [word for word in ENGLISH_WORDS if word in indonesian] == []
    assert english == "\n".join(str(f) for f in authoring.run_scenario_tests([tmp_path], lang="en").failed[0].failures)


def test_cli_test_failures_in_the_chosen_language_in_every_format(tmp_path: Path) -> None:
    """'rules test' words its failures in Indonesian by default and in English with ``--lang en``, in the text,
    JSON and JUnit outputs alike."""
    import json
    from xml.etree import ElementTree as ET

    write_tests(tmp_path, f"tests:\n  - name: salah\n    scenario:{SCENARIO}    expect:\n{ALL_FAILING}")
    for lang, phrases, other in ((None, INDONESIAN_FAILURES, ENGLISH_FAILURES), ("en", ENGLISH_FAILURES, INDONESIAN_FAILURES)):
        args = ["test", str(tmp_path), *(["--lang", lang] if lang else [])]
        text = CliRunner().invoke(rules, args).stdout
        (record,) = json.loads(CliRunner().invoke(rules, [*args, "--format", "json"]).stdout)
        (case,) = ET.fromstring(CliRunner().invoke(rules, [*args, "--format", "junit"]).stdout).iter("testcase")
        for fmt, said in (("text", text), ("json", "\n".join(record["failures"])), ("junit", case.findtext("failure") or "")):
            assert [phrase for phrase in phrases if phrase not in said] == [], (lang, fmt)
            assert [phrase for phrase in other if phrase in said] == [], (lang, fmt)
            if lang is None:
                assert [word for word in ENGLISH_WORDS if word in said] == [], fmt


# --- the built-in rulesets come with tests -------------------------------------------------------------------------


def test_every_builtin_rule_has_a_scenario_test() -> None:
    """Each built-in rule is named in the 'fired:' expectation of some built-in scenario test."""
    yaml = YAML(typ="safe")
    named: set[str] = set()
    for path in authoring.scenario_test_files(builtin()):
        for case in yaml.load(path.read_text(encoding="utf-8"))["tests"]:
            named |= set(case["expect"].get("fired", []))
    missing = {r.id for r in load_rulesets([builtin()]).rules} - named
    assert not missing, f"built-in rules without a scenario test: {sorted(missing)}"


def test_builtin_scenario_tests_pass() -> None:
    """'kemitraan rules test rulesets' passes."""
    result = CliRunner().invoke(rules, ["test", str(builtin())])
    assert result.exit_code == 0, result.output


# --- show and fields -----------------------------------------------------------------------------------------------


def test_show_one_rule_in_both_languages() -> None:
    """'rules show ID' gives the rule in Indonesian (default) or English, with its ruleset, location and source."""
    runner = CliRunner()
    indonesian = runner.invoke(rules, ["show", "inti_plasma.sarana_produksi"])
    english = runner.invoke(rules, ["show", "inti_plasma.sarana_produksi", "--lang", "en"])
    assert indonesian.exit_code == english.exit_code == 0
    assert "JIKA" in indonesian.stdout and "larger.provides memuat sarana_produksi" in indonesian.stdout
    assert "IF" in english.stdout and "larger.provides contains sarana_produksi" in english.stdout
    assert "patterns_legal.yaml:" in english.stdout and "Source: UU 9/1995" in english.stdout


def test_show_unknown_rule_suggests_and_exits_2() -> None:
    """An unknown id exits 2 with a did-you-mean, in the chosen language (Indonesian by default)."""
    result = CliRunner().invoke(rules, ["show", "inti_plasma.sarana_produks"])
    assert result.exit_code == 2 and "mungkin maksud Anda 'inti_plasma.sarana_produksi'?" in result.output
    english = CliRunner().invoke(rules, ["show", "inti_plasma.sarana_produks", "--lang", "en"])
    assert english.exit_code == 2 and "did you mean 'inti_plasma.sarana_produksi'?" in english.output


def test_show_all_groups_by_ruleset_with_version() -> None:
    """Without an id, every rule is shown under its ruleset's name and version."""
    base = load_rulesets([builtin()])
    text = authoring.show_rules(base, lang="en")
    for info in base.rulesets:
        assert f"# {info.name} {info.version} " in text
    assert text.count("\n  THEN\n") == len(base.rules)


def test_fields_lists_derived_facts_of_added_rules(tmp_path: Path) -> None:
    """'rules fields --rules DIR' lists the scenario fields and the derived facts declared by DIR."""
    (tmp_path / "tambahan.yaml").write_text(
        "ruleset: tambahan\nversion: '1'\nderived:\n  fakta_baru: {type: bool, description: {id: F, en: F}}\n", encoding="utf-8"
    )
    result = CliRunner().invoke(rules, ["fields", "--rules", str(tmp_path)])
    assert result.exit_code == 0
    assert "derived.fakta_baru" in result.stdout and "relation.trust" in result.stdout

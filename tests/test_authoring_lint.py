"""Rule authoring, part 2: ``lint`` finds rules that are valid but probably wrong, each with its location."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kemitraan_rules import authoring
from kemitraan_rules.cli.rules import rules

HEADER = """ruleset: {name}
version: "1.0"
concepts:
  pattern:
    pola_x: {{layer: legal, label: {{id: X, en: X}}, description: {{id: X, en: X}}}}
  precondition:
    prasyarat_x: {{label: {{id: X, en: X}}, description: {{id: X, en: X}}}}
derived:
  f: {{type: bool, description: {{id: F, en: F}}}}
  g: {{type: bool, description: {{id: G, en: G}}}}
rules:
"""


def rule(rule_id: str, when: str, then: str) -> str:
    return f"""  - id: {rule_id}
    when: {when}
    then: {then}
    text: {{id: T, en: T}}
    source: {{author: Kamil, year: 2010}}
"""


RECOMMEND = "{recommend: {pattern: pola_x, weight: 1}}"
BASELINE = (
    rule("base.f", "[{relation.trust: tinggi}]", "{derive: {fact: f}}")
    + rule("base.g", "[{derived.f: true}]", "{derive: {fact: g}}")
    + rule("base.use_g", "[{derived.g: true}]", RECOMMEND)
    + rule("base.pre", "[{relation.agreement: mou_ditandatangani}]", "{precondition: {id: prasyarat_x, status: met}}")
)


def lint_text(tmp_path: Path, body: str, name: str = "contoh") -> authoring.LintReport:
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(HEADER.format(name=name) + BASELINE + body, encoding="utf-8")
    return authoring.lint([folder], include_builtin=False)


def codes(report: authoring.LintReport) -> dict[str, list[authoring.LintWarning]]:
    found: dict[str, list[authoring.LintWarning]] = {}
    for warning in report.warnings:
        found.setdefault(warning.code, []).append(warning)
    return found


def test_clean_rules_give_no_warning(tmp_path: Path) -> None:
    """A small consistent ruleset (every concept concluded, every derived fact used) lints clean."""
    report = lint_text(tmp_path, "")
    assert report.ok, [str(w) for w in report.warnings]


# --- never fires ---------------------------------------------------------------------------------------------------


def test_contradictory_equalities_never_fire(tmp_path: Path) -> None:
    """scale == kecil and scale == besar on one field: the rule can never fire; the warning points at the rule."""
    report = lint_text(tmp_path, rule("x.skala", "[{smaller.scale: kecil}, {smaller.scale: besar}]", RECOMMEND))
    (warning,) = codes(report)["never-fires"]
    assert warning.rule == "x.skala" and warning.line is not None and warning.file is not None
    assert "smaller.scale" in warning.message


def test_disjoint_sets_ranges_and_lists_never_fire(tmp_path: Path) -> None:
    """Disjoint in-sets, empty numeric ranges, contains vs contains_none and exists vs missing are all caught."""
    body = (
        rule("x.sets", "[{relation.trust: {in: [rendah]}}, {relation.trust: {in: [tinggi, sedang]}}]", RECOMMEND)
        + rule("x.range", "[{relation.scale_gap: {gt: 2}}, {relation.scale_gap: {lt: 3}}]", RECOMMEND)
        + rule("x.share", "[{smaller.share: {gte: 0.8}}, {smaller.share: {lte: 0.2}}]", RECOMMEND)
        + rule("x.list", "[{larger.provides: dana}, {larger.provides: {contains_none: [dana]}}]", RECOMMEND)
        + rule("x.known", "[{relation.step: {exists: true}}, {relation.step: {missing: true}}]", RECOMMEND)
        + rule("x.bool", "[{relation.exclusivity: true}, {relation.exclusivity: {ne: true}}]", RECOMMEND)
    )
    fired = {w.rule for w in codes(lint_text(tmp_path, body))["never-fires"]}
    assert fired == {"x.sets", "x.range", "x.share", "x.list", "x.known", "x.bool"}


def test_satisfiable_ranges_on_one_field_are_flagged_for_the_engine_reason(tmp_path: Path) -> None:
    """gt 1 and lt 3 on an int field leaves 2, so they do not contradict each other; the rule still never fires
    (measured: with scale_gap 2 it stays silent), because each condition needs a fact of its own."""
    report = lint_text(tmp_path, rule("x.ok", "[{relation.scale_gap: {gt: 1}}, {relation.scale_gap: {lt: 3}}]", RECOMMEND))
    (warning,) = codes(report)["never-fires"]
    assert "one fact per field" in warning.message and "cannot all hold" not in warning.message


# --- shadowed and duplicated ----------------------------------------------------------------------------------------


def test_duplicate_and_shadowed_rules(tmp_path: Path) -> None:
    """Same conditions and conclusions is a duplicate; a stricter rule with the same conclusions is shadowed."""
    body = (
        rule("x.umum", "[{relation.trust: {in: [tinggi, sedang]}}]", RECOMMEND)
        + rule("x.sempit", "[{relation.trust: tinggi}, {relation.commitment: tinggi}]", RECOMMEND)
        + rule("x.salinan", "[{relation.trust: {in: [sedang, tinggi]}}]", RECOMMEND)
    )
    found = codes(lint_text(tmp_path, body))
    assert [(w.rule, w.related) for w in found["duplicate-rule"]] == [("x.umum", ("x.salinan",))] or [
        (w.rule, w.related) for w in found["duplicate-rule"]
    ] == [("x.salinan", ("x.umum",))]
    shadowed = {(w.rule, w.related[0]) for w in found["shadowed"]}
    assert ("x.sempit", "x.umum") in shadowed


# --- conflicts ------------------------------------------------------------------------------------------------------


def test_met_and_unmet_on_overlapping_conditions_conflict(tmp_path: Path) -> None:
    """Two rules assessing one precondition met and unmet on conditions that can hold together are flagged."""
    body = rule("x.unmet", "[{relation.agreement: mou_ditandatangani}, {relation.trust: rendah}]", "{precondition: {id: prasyarat_x, status: unmet}}")
    (warning,) = codes(lint_text(tmp_path, body))["conflict"]
    assert {warning.rule, *warning.related} == {"x.unmet", "base.pre"}


def test_exclusive_conditions_do_not_conflict(tmp_path: Path) -> None:
    """met on agreement signed, unmet on agreement absent: the conditions exclude each other, no warning."""
    body = rule("x.unmet", "[{relation.agreement: belum_ada}]", "{precondition: {id: prasyarat_x, status: unmet}}")
    assert "conflict" not in codes(lint_text(tmp_path, body))


def test_recommendation_always_cancelled_by_exclusion(tmp_path: Path) -> None:
    """A recommendation whose conditions imply an exclusion of the same pattern can never help: flagged."""
    body = rule("x.plus", "[{relation.trust: tinggi}, {relation.exclusivity: true}]", "{recommend: {pattern: pola_x, weight: 2}}")
    body += rule("x.bar", "[{relation.exclusivity: true}]", "{exclude: {pattern: pola_x}}")
    (warning,) = codes(lint_text(tmp_path, body))["conflict"]
    assert warning.rule == "x.plus" and warning.related == ("x.bar",)


def test_refining_negative_evidence_is_not_a_conflict(tmp_path: Path) -> None:
    """+2 in general and -1 in a special case is how scoring is meant to work: no warning."""
    body = rule("x.plus", "[{relation.trust: tinggi}]", "{recommend: {pattern: pola_x, weight: 2}}")
    body += rule("x.minus", "[{relation.trust: tinggi}, {relation.exclusivity: true}]", "{recommend: {pattern: pola_x, weight: -1}}")
    assert "conflict" not in codes(lint_text(tmp_path, body))


# --- inventory gaps, derived facts, cycles --------------------------------------------------------------------------


def test_gap_for_a_concept_no_rule_concludes(tmp_path: Path) -> None:
    """A declared drawback that no rule warns about is a gap, located at its declaration."""
    folder = tmp_path / "gap"
    folder.mkdir()
    text = HEADER.format(name="gap").replace(
        "derived:", "  drawback:\n    risiko_x: {label: {id: R, en: R}, description: {id: R, en: R}, mitigation: {id: M, en: M}}\nderived:", 1
    )
    (folder / "gap.yaml").write_text(text + BASELINE, encoding="utf-8")
    (warning,) = authoring.lint([folder], include_builtin=False).warnings
    assert warning.code == "gap" and "risiko_x" in warning.message and warning.line == 9


def test_unused_and_underived_facts(tmp_path: Path) -> None:
    """A derived fact nobody tests, and a test of a fact nobody derives, are both reported."""
    folder = tmp_path / "d"
    folder.mkdir()
    text = HEADER.format(name="d") + rule("x.pre", "[{relation.trust: tinggi}]", "{precondition: {id: prasyarat_x, status: met}}")
    text += rule("x.f", "[{relation.trust: tinggi}]", "{derive: {fact: f}}")
    text += rule("x.g", "[{derived.g: true}]", RECOMMEND)
    (folder / "d.yaml").write_text(text, encoding="utf-8")
    found = codes(authoring.lint([folder], include_builtin=False))
    assert [w.message for w in found["unused-derived"]] == ["derived fact 'f' is derived but no rule tests it"]
    assert [w.rule for w in found["underived-fact"]] == ["x.g"]
    assert "tidak akan pernah berlaku" in found["underived-fact"][0].text("id")
    assert "no rule derives it" in found["underived-fact"][0].text("en") == str(found["underived-fact"][0])


def test_cycle_of_derived_facts(tmp_path: Path) -> None:
    """f derives g and g derives f: the cycle is reported with the rules that make it."""
    report = lint_text(tmp_path, rule("x.back", "[{derived.g: true}]", "{derive: {fact: f}}"))
    (warning,) = codes(report)["derived-cycle"]
    assert "f -> g -> f" in warning.message
    assert {warning.rule, *warning.related} == {"base.g", "x.back"}


def test_duplicate_ids_across_directories(tmp_path: Path) -> None:
    """The same rule id in two directories is reported (not only refused by the loader), with both places."""
    lint_text(tmp_path, "", name="satu")
    other = tmp_path / "dua"
    other.mkdir()
    (other / "dua.yaml").write_text(
        'ruleset: dua\nversion: "1"\nrules:\n' + rule("base.f", "[{relation.trust: rendah}]", "{derive: {fact: f}}"), encoding="utf-8"
    )
    report = authoring.lint([tmp_path / "satu", other], include_builtin=False)
    (warning,) = [w for w in report.warnings if w.code == "duplicate-id"]
    assert warning.rule == "base.f" and warning.file is not None and warning.file.endswith("dua.yaml")
    assert "satu.yaml" in warning.message
    assert not any("duplicate rule id" in p.message for p in report.problems)


def test_lint_builtin_rulesets_loads_and_runs() -> None:
    """Linting the built-in rulesets runs to the end (they load), with every warning located."""
    report = authoring.lint([], include_builtin=True, only_paths=False)
    assert report.problems == ()
    assert all(w.file and w.line for w in report.warnings)


def test_cli_lint_prints_warnings_and_exits_1(tmp_path: Path) -> None:
    """'rules lint DIR' prints file:line:column: rule: peringatan: ... [code] and exits 1 (``warning:`` with
    ``--lang en``); clean rules exit 0."""
    lint_text(tmp_path, rule("x.skala", "[{smaller.scale: kecil}, {smaller.scale: besar}]", RECOMMEND))
    result = CliRunner().invoke(rules, ["lint", str(tmp_path / "contoh"), "--no-builtin"])
    assert result.exit_code == 1
    assert ": x.skala: peringatan: " in result.stdout and "[never-fires]" in result.stdout
    assert "warning:" not in result.stdout
    english = CliRunner().invoke(rules, ["lint", str(tmp_path / "contoh"), "--no-builtin", "--lang", "en"])
    assert ": x.skala: warning: can never fire" in english.stdout and "[never-fires]" in english.stdout
    clean = tmp_path / "clean"
    lint_text(clean.parent, "", name="clean")
    assert CliRunner().invoke(rules, ["lint", str(clean), "--no-builtin"]).exit_code == 0


def test_two_satisfiable_tests_on_one_field_never_fire(tmp_path: Path) -> None:
    """Two tests on one field that could both hold still never fire: each condition needs a fact of its own and
    there is one fact per field (found with 'contains kredit' + 'contains_none [...]' on relation.provided)."""
    report = lint_text(tmp_path, rule("x.rentang", "[{relation.scale_gap: {gte: 1}}, {relation.scale_gap: {lte: 3}}]", RECOMMEND))
    (warning,) = codes(report)["never-fires"]
    assert warning.rule == "x.rentang" and "one fact per field" in warning.message


def test_simple_cycles_match_networkx_on_random_graphs() -> None:
    """The lint's own cycle search (kept so the base install needs no networkx) finds what networkx finds."""
    import random

    import pytest

    nx = pytest.importorskip("networkx")
    from kemitraan_rules.authoring.lint import _simple_cycles

    rng = random.Random(7)
    for _ in range(200):
        size = rng.randint(1, 6)
        edges = {(f"n{rng.randrange(size)}", f"n{rng.randrange(size)}"): None for _ in range(rng.randint(0, 12))}
        expected = []
        for cycle in nx.simple_cycles(nx.DiGraph(list(edges))):
            start = cycle.index(min(cycle))
            expected.append(cycle[start:] + cycle[:start])
        assert sorted(_simple_cycles(edges)) == sorted(expected), edges


def test_cli_lint_warning_word_in_the_chosen_language_in_every_format(tmp_path: Path) -> None:
    """The word that opens a warning follows ``--lang`` in the text, JSON and JUnit outputs alike."""
    lint_text(tmp_path, rule("x.skala", "[{smaller.scale: kecil}, {smaller.scale: besar}]", RECOMMEND))
    for fmt in ("text", "json", "junit"):
        args = ["lint", str(tmp_path / "contoh"), "--no-builtin", "--format", fmt]
        indonesian = CliRunner().invoke(rules, [*args, "--lang", "id"]).stdout
        english = CliRunner().invoke(rules, [*args, "--lang", "en"]).stdout
        assert "peringatan: " in indonesian and "warning: " not in indonesian, fmt
        assert "warning: " in english and "peringatan" not in english, fmt


def test_cli_lint_duplicate_rule_sentence_in_the_chosen_language(tmp_path: Path) -> None:
    """A warning worded in the message table (duplicate-rule) reads Indonesian with ``--lang id`` in every format,
    English with ``--lang en``; the code stays as it is, in brackets."""
    body = rule("x.satu", "[{relation.trust: tinggi}]", RECOMMEND) + rule("x.dua", "[{relation.trust: tinggi}]", RECOMMEND)
    lint_text(tmp_path, body)
    for fmt in ("text", "json", "junit"):
        args = ["lint", str(tmp_path / "contoh"), "--no-builtin", "--format", fmt]
        indonesian = CliRunner().invoke(rules, [*args, "--lang", "id"]).stdout
        english = CliRunner().invoke(rules, [*args, "--lang", "en"]).stdout
        assert "syarat dan kesimpulannya sama dengan aturan" in indonesian and "same conditions" not in indonesian, fmt
        assert "same conditions and conclusions as rule" in english, fmt
        assert "[duplicate-rule]" in indonesian and "[duplicate-rule]" in english, fmt


def test_cli_lint_derived_fact_sentences_in_the_chosen_language(tmp_path: Path) -> None:
    """derived-cycle reads Indonesian with ``--lang id`` (text, JSON, JUnit), English with ``--lang en``."""
    lint_text(tmp_path, rule("x.back", "[{derived.g: true}]", "{derive: {fact: f}}"))
    english_sentences = ("depend on each other in a cycle",)
    for fmt in ("text", "json", "junit"):
        args = ["lint", str(tmp_path / "contoh"), "--no-builtin", "--format", fmt]
        indonesian = CliRunner().invoke(rules, [*args, "--lang", "id"]).stdout
        english = CliRunner().invoke(rules, [*args, "--lang", "en"]).stdout
        assert "[derived-cycle]" in indonesian and "saling bergantung dalam satu lingkaran" in indonesian, fmt
        assert all(sentence in english for sentence in english_sentences), fmt
        assert not any(sentence in indonesian for sentence in english_sentences), fmt


# --- every warning worded in the chosen language ---------------------------------------------------------------------

#: For each newly worded warning: the rule file body (after HEADER), the code, the Indonesian key words and the
#: English sentence (which the Indonesian must not contain).
WORDED = {
    "never-fires": (
        BASELINE + rule("x.skala", "[{smaller.scale: kecil}, {smaller.scale: besar}]", RECOMMEND),
        ("tidak akan pernah berlaku", "'smaller.scale sama dengan besar' dan 'smaller.scale sama dengan kecil'", "tidak dapat terpenuhi bersamaan"),
        ("can never fire", "'smaller.scale is besar' and 'smaller.scale is kecil'", "cannot all hold"),
    ),
    "never-fires.same-field": (
        BASELINE + rule("x.rentang", "[{relation.scale_gap: {gte: 1}}, {relation.scale_gap: {lte: 3}}]", RECOMMEND),
        ("'relation.scale_gap paling sedikit 1'", "menguji satu kolom dua kali", "satu fakta per kolom"),
        ("'relation.scale_gap is at least 1'", "test one field twice", "one fact per field"),
    ),
    "shadowed": (
        BASELINE
        + rule("x.umum", "[{relation.trust: {in: [tinggi, sedang]}}]", RECOMMEND)
        + rule("x.sempit", "[{relation.trust: tinggi}, {relation.commitment: tinggi}]", RECOMMEND),
        ("setiap kali aturan ini berlaku, aturan 'x.umum' juga berlaku", "ditarik dua kali"),
        ("whenever it fires, rule 'x.umum' fires too", "drawn twice"),
    ),
    "conflict": (
        BASELINE
        + rule("x.unmet", "[{relation.agreement: mou_ditandatangani}, {relation.trust: rendah}]", "{precondition: {id: prasyarat_x, status: unmet}}"),
        ("menyimpulkan prasyarat X [prasyarat_x] tidak terpenuhi", "keduanya dapat berlaku pada satu skenario"),
        ("concludes precondition X [prasyarat_x] unmet", "both can fire on one scenario"),
    ),
    "conflict.cancelled": (
        BASELINE
        + rule("x.plus", "[{relation.trust: tinggi}, {relation.exclusivity: true}]", "{recommend: {pattern: pola_x, weight: 2}}")
        + rule("x.bar", "[{relation.exclusivity: true}]", "{exclude: {pattern: pola_x}}"),
        ("merekomendasikan pola X [pola_x] (+2)", "mengecualikannya", "tidak pernah berguna"),
        ("recommends X [pola_x] (+2)", "excludes it", "can never help"),
    ),
    "conflict.both": (
        BASELINE
        + rule(
            "x.both",
            "[{relation.trust: sedang}]",
            "[{precondition: {id: prasyarat_x, status: met}}, {precondition: {id: prasyarat_x, status: unmet}}]",
        ),
        ("menyimpulkan prasyarat X [prasyarat_x] terpenuhi sekaligus tidak terpenuhi",),
        ("concludes precondition X [prasyarat_x] both met and unmet",),
    ),
    "gap": (
        BASELINE.replace("base.pre", "base.pre_hilang").replace("{precondition: {id: prasyarat_x, status: met}}", RECOMMEND),
        ("tidak ada aturan yang menilai prasyarat X [prasyarat_x]",),
        ("no rule assesses precondition X [prasyarat_x]",),
    ),
    "unused-derived.derived": (
        rule("x.pre", "[{relation.trust: tinggi}]", "{precondition: {id: prasyarat_x, status: met}}")
        + rule("x.f", "[{relation.trust: tinggi}]", "{derive: {fact: f}}")
        + rule("x.r", "[{relation.trust: rendah}]", RECOMMEND),
        ("fakta turunan 'f' diturunkan, tetapi tidak ada aturan yang mengujinya",),
        ("derived fact 'f' is derived but no rule tests it",),
    ),
    "unused-derived.declared": (
        rule("x.pre", "[{relation.trust: tinggi}]", "{precondition: {id: prasyarat_x, status: met}}")
        + rule("x.f", "[{relation.trust: tinggi}]", "{derive: {fact: f}}")
        + rule("x.r", "[{relation.trust: rendah}]", RECOMMEND),
        ("fakta turunan 'g' dideklarasikan, tetapi tidak ada aturan yang mengujinya",),
        ("derived fact 'g' is declared but no rule tests it",),
    ),
}


def _worded_outputs(folders: list[Path], code: str, lang: str) -> dict[str, str]:
    """What ``rules lint`` says of the warnings ``code`` in each format (text lines, JSON messages, JUnit failures)."""
    import json
    from xml.etree import ElementTree as ET

    args = ["lint", *(str(f) for f in folders), "--no-builtin", "--lang", lang, "--format"]
    text = CliRunner().invoke(rules, [*args, "text"]).stdout
    records = json.loads(CliRunner().invoke(rules, [*args, "json"]).stdout)
    junit = ET.fromstring(CliRunner().invoke(rules, [*args, "junit"]).stdout)
    return {
        "text": "\n".join(line for line in text.splitlines() if f"[{code}]" in line),
        "json": "\n".join(r["message"] for r in records if r["code"] == code),
        "junit": "\n".join(c.findtext("failure") or "" for c in junit.iter("testcase") if c.get("name", "").startswith(f"{code}:")),
    }


def _check_worded(tmp_path: Path, folders: list[Path], code: str, indonesian: tuple[str, ...], english: tuple[str, ...]) -> None:
    from .test_error_language import _leaks

    for lang, expected, foreign in (("id", indonesian, english), ("en", english, indonesian)):
        for fmt, said in _worded_outputs(folders, code, lang).items():
            assert all(words in said for words in expected), (lang, fmt, said)
            assert not any(words in said for words in foreign), (lang, fmt, said)
            assert f"[{code}]" in said or fmt != "text", (lang, fmt, said)
            if lang == "id" and fmt == "json":
                assert _leaks(said, tmp_path, "id") == [], said


@pytest.mark.parametrize("case", sorted(WORDED))
def test_cli_lint_sentences_in_the_chosen_language(tmp_path: Path, case: str) -> None:
    """Each lint warning (every form of it) reads Indonesian with ``--lang id`` and English with ``--lang en`` in the
    text, JSON and JUnit outputs: conditions in words, concepts by their label with the id in brackets."""
    body, indonesian, english = WORDED[case]
    folder = tmp_path / "contoh"
    folder.mkdir()
    (folder / "contoh.yaml").write_text(HEADER.format(name="contoh") + body, encoding="utf-8")
    _check_worded(tmp_path, [folder], case.split(".")[0], indonesian, english)


def test_cli_lint_duplicate_id_in_the_chosen_language(tmp_path: Path) -> None:
    """duplicate-id (found in the raw files, before the rules load) reads Indonesian or English, in every format."""
    lint_text(tmp_path, "", name="satu")
    other = tmp_path / "dua"
    other.mkdir()
    (other / "dua.yaml").write_text(
        'ruleset: dua\nversion: "1"\nrules:\n' + rule("base.f", "[{relation.trust: rendah}]", "{derive: {fact: f}}"), encoding="utf-8"
    )
    _check_worded(
        tmp_path,
        [tmp_path / "satu", other],
        "duplicate-id",
        ("id aturan ini sudah dipakai di", "cantumkan di bawah 'overrides:'"),
        ("rule id is already defined at", "rename one"),
    )


def test_lint_warning_message_stays_english_for_the_python_api(tmp_path: Path) -> None:
    """``LintWarning.message`` keeps the English sentence with the condition as the rule file writes it; ``str()`` is
    the English text, ``text("id")`` the Indonesian one."""
    report = lint_text(tmp_path, rule("x.skala", "[{smaller.scale: kecil}, {smaller.scale: besar}]", RECOMMEND))
    (warning,) = codes(report)["never-fires"]
    assert warning.message.startswith("can never fire: '") and "cannot all hold" in warning.message
    assert "can never fire" in str(warning) and str(warning) == warning.text("en")
    assert "tidak akan pernah berlaku" in warning.text("id") and "can never" not in warning.text("id")

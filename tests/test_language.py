"""Reports and command output in plain Indonesian and English (issue 10, section 5).

Every example scenario is rendered in both languages, and the lifecycle examples go through ``plan``, ``screen``
and ``map``, the example network through ``network``; the HTML renderings (reports, the network) are checked the
same way with their tags stripped.  The text must hold no id-looking token (``snake_case``), no
raw operator (``eq``, ``contains_any``, ``gte``, ...) and, in Indonesian, no English word from a list of the words
that used to leak (``score``, ``unknown``, ``step``, ...).  Identifiers the user chose (party, scenario and
record ids) are data, not our words, and are removed before the check.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemitraan_rules import Engine, wording
from kemitraan_rules import vocabulary as v
from kemitraan_rules.cli import main
from kemitraan_rules.facts import FIELDS
from kemitraan_rules.render import render_text
from kemitraan_rules.scenario import load_scenario

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = sorted((ROOT / "examples" / "scenarios").glob("*.yaml"))
LIFECYCLE = ROOT / "examples" / "lifecycle"
NETWORK = ROOT / "examples" / "networks" / "lkp_network.yaml"

ID_TOKEN = re.compile(r"\b[a-z]+_[a-z_]+\b")
WORD = re.compile(r"[A-Za-z_]+")
OPERATORS = {"eq", "ne", "gt", "gte", "lt", "lte", "contains_any", "contains_all", "contains_none", "not_in"}
OPERATORS_ID = OPERATORS | {"in", "contains", "exists", "missing"}
ENGLISH = {
    "the", "and", "of", "is", "not", "with", "for", "score", "step", "steps", "pattern", "unknown", "ready",
    "missing", "warning", "critical", "reason", "aspect", "share", "delivered", "planned", "activities", "goals",
    "reached", "decisions", "alone", "problem", "cause", "parties", "partnerships", "findings", "kind", "strength",
    "yes", "met", "unmet", "what", "next", "needed", "actually", "derived", "recommended", "rulesets", "partners",
    "alternatives", "constraint", "ranking", "approaches", "indicators", "candidates", "gained", "took",
}  # fmt: skip


def _user_ids(*paths: Path) -> set[str]:
    """The identifiers a user chose in these files (``id:`` values, ``party:``/``partner:`` references)."""
    found: set[str] = set()
    for path in paths:
        found.update(re.findall(r"\b(?:id|party|partner|seeker|candidate|lead):\s*([a-z0-9_]+)", path.read_text(encoding="utf-8")))
    return found


def problems(text: str, lang: str, user_ids: set[str]) -> list[str]:
    """Every id-looking token, raw operator or (in Indonesian) English word of ``text``, with its line."""
    found = []
    for line in text.splitlines():
        cleaned = line
        for identifier in sorted(user_ids, key=len, reverse=True):
            cleaned = re.sub(rf"\b{re.escape(identifier)}\b", "", cleaned)
        found += [f"id {token!r} in: {line.strip()}" for token in ID_TOKEN.findall(cleaned)]
        words = WORD.findall(cleaned)
        found += [f"operator {w!r} in: {line.strip()}" for w in words if w in (OPERATORS_ID if lang == "id" else OPERATORS)]
        if lang == "id":
            found += [f"English {w!r} in: {line.strip()}" for w in words if w.lower() in ENGLISH]
    return found


def html_text(fragment: str) -> str:
    """What a reader sees of an HTML rendering: no stylesheet, no tags (each one a line break), entities decoded."""
    visible = re.sub(r"<style>.*?</style>", "", fragment, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "\n", visible))


def test_the_check_catches_what_it_is_for() -> None:
    """The checker itself: ids, operators and English words are found, plain Indonesian passes."""
    assert problems("? belum terpenuhi: derived.hubungan_dagang eq true (unknown)", "id", set())
    assert problems("skor 2 - tidak direkomendasikan; status: not_yet", "id", set())
    assert problems("Step reached: implementation", "id", set())
    assert not problems("Langkah yang telah dicapai: pelaksanaan (langkah 8 dari 11)", "id", set())
    assert not problems("Calon mitra untuk lkp_a", "id", {"lkp_a"})
    assert html_text('<div class="warn"><style>.a_b{}</style><b>Ketergantungan</b>: A &amp; B</div>') == "\n\nKetergantungan\n: A & B\n"


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_example_report_html_is_plain(engine: Engine, path: Path, lang: str) -> None:
    """The HTML report (why-not sections, rule sources, warnings included) names labels, not ids."""
    from kemitraan_rules.html import report_html

    text = html_text(report_html(engine.evaluate(load_scenario(path)), lang))
    assert problems(text, lang, _user_ids(path)) == []


def markdown_text(markdown: str) -> str:
    """What a reader sees of Markdown: escaped characters unescaped (``pt\\_garmen`` is ``pt_garmen``)."""
    return re.sub(r"\\(.)", r"\1", markdown)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_markdown_of_every_displayable_object_is_plain(engine: Engine, lang: str) -> None:
    """The Markdown of a report, a why-not, a what-if diff, the network, a partnership record and the rule base."""
    from kemitraan_rules.display import to_markdown
    from kemitraan_rules.lifecycle import load_partnership
    from kemitraan_rules.network import load_network

    scenario = ROOT / "examples" / "scenarios" / "inti_plasma.yaml"
    report = engine.evaluate(load_scenario(scenario))
    _, diff = engine.what_if(scenario, {"relationship.trust": "rendah", "parties.pt_jamur_agro.offers": ["dana"]})
    objects = [report, report.why_not("waralaba"), diff, load_network(NETWORK), load_partnership(LIFECYCLE / "partnership.yaml")]
    user_ids = _user_ids(scenario, NETWORK, LIFECYCLE / "partnership.yaml")
    for obj in objects:
        assert problems(markdown_text(to_markdown(obj, lang)), lang, user_ids) == [], type(obj).__name__


@pytest.mark.parametrize("lang", ["id", "en"])
def test_network_html_is_plain(lang: str) -> None:
    """The network HTML (measures table and findings) names parties, kinds and drawbacks by their labels."""
    from kemitraan_rules.html import network_html
    from kemitraan_rules.network import load_network

    text = html_text(network_html(load_network(NETWORK), lang, picture=False))
    assert problems(text, lang, _user_ids(NETWORK)) == []


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_example_report_is_plain(engine: Engine, path: Path, lang: str) -> None:
    text = render_text(engine.evaluate(load_scenario(path)), lang)
    assert problems(text, lang, _user_ids(path)) == []


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(
    "args",
    [
        ["plan", str(LIFECYCLE / "partnership.yaml")],
        ["screen", str(LIFECYCLE / "profile.yaml"), str(LIFECYCLE / "candidates.yaml")],
        ["map", str(LIFECYCLE / "profile.yaml")],
        ["network", str(NETWORK)],
    ],
    ids=["plan", "screen", "map", "network"],
)
def test_command_output_is_plain(args: list[str], lang: str) -> None:
    result = CliRunner().invoke(main, [*args, "--lang", lang])
    assert result.exit_code == 0, result.output
    user_ids = _user_ids(*(Path(a) for a in args[1:]))
    assert problems(result.output, lang, user_ids) == []


def test_cli_errors_follow_lang(tmp_path: Path) -> None:
    """The opening word of an error message is in the chosen language (the default is Indonesian)."""
    missing = str(tmp_path / "nope.yaml")
    runner = CliRunner()
    assert runner.invoke(main, ["evaluate", missing]).output.startswith("kesalahan:")
    assert runner.invoke(main, ["evaluate", missing, "--lang", "en"]).output.startswith("error:")
    assert runner.invoke(main, ["network", missing]).output.startswith("kesalahan:")


def test_every_field_and_value_has_words_in_both_languages() -> None:
    """Each fact field and each value id of the vocabulary has a label in Indonesian and in English."""
    loaded = wording.words()
    for name in FIELDS:
        texts, _ = loaded.field(name)
        assert texts is not None and texts.get("id") and texts.get("en"), name
    groups = {
        "step": v.STEPS,
        "party_kind": v.PARTY_KINDS,
        "category": tuple(set(v.PARTY_KIND_CATEGORY.values())),
        "provision": v.PROVISIONS,
        "reason": v.REASONS,
        "scale": v.SCALES,
        "level": v.LEVELS,
        "agreement": v.AGREEMENT_STATUSES,
        "severity": v.SEVERITIES,
        "lkp_aspect": v.LKP_ASPECTS,
        "plc_stage": v.PLC_STAGES,
    }
    for group, ids in groups.items():
        for identifier in ids:
            entry = loaded.values[group].get(identifier)
            assert entry is not None and entry.get("id") and entry.get("en"), (group, identifier)


def test_failed_derived_fact_is_not_derived_and_followed_down(engine: Engine) -> None:
    """A derived fact that was not derived reads 'not derived' with its description, and why_not follows it
    down to the scenario fields that would derive it, with their labels and actual values."""
    report = engine.evaluate(load_scenario(ROOT / "examples" / "scenarios" / "prasyarat_gagal.yaml"))
    failed = {f.field: f for f in report.why_not("pola_asuh").failed_conditions}
    nurture = failed["derived.pembinaan_dari_yang_besar"]
    assert nurture.text["en"].startswith("not derived: The stronger party nurtures")
    assert nurture.text["id"].startswith("belum dapat disimpulkan: Pihak yang lebih kuat memberi pembinaan")
    below = [f.text["en"] for group in nurture.via for f in group]
    assert "needed: what the stronger party gives in this partnership contains any of production means or technology; actually: nothing" in below
    people = failed["larger.people"]
    assert people.text["id"] == "perlu: sumber daya manusia pihak yang lebih kuat sama dengan tinggi; kenyataannya: sedang"


def test_a_drawback_fired_by_several_rules_is_shown_once(engine: Engine) -> None:
    report = engine.evaluate(load_scenario(ROOT / "examples" / "scenarios" / "banyak_kendala.yaml"))
    assert len(report.warnings_for("ketergantungan")) > 1
    text = render_text(report, "en")
    assert text.count("Dependency (market control)") == 1
    for warning in report.warnings_for("ketergantungan"):
        assert warning.reason["en"] in text

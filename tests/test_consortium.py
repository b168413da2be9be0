"""A partnership of more than two members (a consortium): members with roles, pairwise links, one full report per
link and findings on the partnership as a whole (issue 10, leftovers)."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from kemitraan_rules import Engine, ScenarioError, scenario_from_dict
from kemitraan_rules.cli import main
from kemitraan_rules.consortium import (
    Consortium,
    consortium_from_dict,
    evaluate_consortium,
    load_consortium,
    load_scenario_or_consortium,
    render_consortium_text,
)
from kemitraan_rules.report_schema import consortium_report_json_schema
from kemitraan_rules.scenario import load_scenario, scenario_json_schema

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "scenarios" / "consortium" / "konsorsium_tata_boga.yaml"
SCHEMAS = ROOT / "kemitraan_rules" / "schemas"


def _party(pid: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "kind": kind, **fields}


def consortium(links: list[dict[str, Any]], *, extra: list[str] = (), **whole: Any) -> dict[str, Any]:
    """An LKP, an education office, a hotel and an LSP (and ``extra`` LSM parties), every party a member."""
    parties = [
        _party("lkp", "lkp", scale="kecil", vision=["keterampilan", "kerja"]),
        _party("dinas", "dinas_pendidikan", vision=["keterampilan", "mutu"]),
        _party("hotel", "dudi", scale="menengah", vision=["keterampilan"]),
        _party("lsp", "lembaga_sertifikasi", vision=["keterampilan", "mutu"]),
        *(_party(pid, "lsm") for pid in extra),
    ]
    roles = {"lkp": ["penyelenggara"], "dinas": ["pembina"], "hotel": ["tempat_praktik"], "lsp": ["penguji_sertifikasi"]}
    members = [{"party": p["id"], "roles": roles.get(p["id"], ["penyandang_dana"])} for p in parties]
    data: dict[str, Any] = {"id": "kons", "title": "Konsorsium uji", "parties": parties, "members": members, "links": links}
    if whole:
        data["partnership"] = whole
    return data


def link(seeker: str, candidate: str, **fields: Any) -> dict[str, Any]:
    return {"seeker": seeker, "candidate": candidate, **fields}


STAR = [link("lkp", "dinas"), link("lkp", "hotel"), link("lkp", "lsp")]


@pytest.fixture(scope="module")
def example_report(engine: Engine) -> Any:
    return evaluate_consortium(engine, EXAMPLE)


# --- each link is a two-party evaluation ------------------------------------------------------------------------


def test_each_link_is_evaluated_as_its_own_two_party_scenario(engine: Engine, example_report: Any) -> None:
    """A link's report is exactly the report of the same two parties and relationship written as a scenario."""
    model = load_consortium(EXAMPLE)
    assert len(example_report.links) == len(model.links) == 4
    for link_report, relationship in zip(example_report.links, model.links, strict=True):
        parties = [model.party(relationship.seeker).to_dict(), model.party(relationship.candidate).to_dict()]
        alone = scenario_from_dict(
            {
                "id": f"kons.{relationship.seeker}.{relationship.candidate}",
                "title": link_report.report.title,
                "parties": parties,
                "relationship": relationship.to_dict(),
            }
        )
        assert link_report.report.to_dict() == engine.evaluate(alone).to_dict() | {"scenario": link_report.report.scenario}


def test_a_two_party_scenario_evaluates_as_before(engine: Engine) -> None:
    """A scenario with one relationship is read as a Scenario and evaluated by Engine.evaluate, unchanged."""
    path = ROOT / "examples" / "scenarios" / "pola_asuh.yaml"
    read = load_scenario_or_consortium(path)
    assert read == load_scenario(path)
    result = CliRunner().invoke(main, ["evaluate", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [engine.evaluate(path).to_dict()]


def test_order_of_members_links_and_parties_does_not_matter(engine: Engine) -> None:
    """Shuffled lists give an equal consortium and an identical report."""
    data = consortium([*STAR, link("dinas", "lsp", shared_vision=True)], shared_vision=True)
    reference = evaluate_consortium(engine, consortium_from_dict(data)).to_dict()
    rng = random.Random(7)
    for _ in range(3):
        shuffled = copy.deepcopy(data)
        for key in ("parties", "members", "links"):
            rng.shuffle(shuffled[key])
        assert consortium_from_dict(shuffled) == consortium_from_dict(data)
        assert evaluate_consortium(engine, consortium_from_dict(shuffled)).to_dict() == reference


# --- whole-partnership findings ----------------------------------------------------------------------------------


def test_an_isolated_member_leaves_the_whole_unmet(engine: Engine) -> None:
    """A member with no link is not in the partnership: 'two or more parties' is unmet for the whole, naming it."""
    report = evaluate_consortium(engine, consortium_from_dict(consortium(STAR, extra=["lsm_a"])))
    finding = report.finding("konsorsium.semua_terhubung")
    assert (finding.status, finding.members) == ("unmet", ("lsm_a",))
    assert "lsm_a" in finding.reasons[0]["id"]
    assert report.status == "not_yet"
    connected = evaluate_consortium(engine, consortium_from_dict(consortium(STAR)))
    assert connected.finding("konsorsium.semua_terhubung").status == "met"


def test_separate_groups_are_not_one_partnership(engine: Engine) -> None:
    """Links that fall apart into groups with no link between them are several partnerships, not one."""
    report = evaluate_consortium(engine, consortium_from_dict(consortium([link("lkp", "dinas"), link("hotel", "lsp")])))
    finding = report.finding("konsorsium.semua_terhubung")
    assert finding.status == "unmet"
    assert "dinas" in finding.reasons[0]["en"] and "; " in finding.reasons[0]["en"]


def test_a_member_every_link_goes_through_is_a_dependency(engine: Engine) -> None:
    """Every link through one member: the whole partnership depends on it (Kamil's dependency drawback); a link that
    bypasses it removes the warning."""
    star = evaluate_consortium(engine, consortium_from_dict(consortium(STAR)))
    [warning] = star.warnings
    assert (warning.id, warning.concept, warning.members) == ("konsorsium.bergantung_satu_anggota", "ketergantungan", ("lkp",))
    assert warning.mitigation["id"].startswith("Jalin komunikasi yang efektif")
    bypassed = evaluate_consortium(engine, consortium_from_dict(consortium([*STAR, link("dinas", "lsp")])))
    assert bypassed.warnings == ()


def test_shared_vision_across_all_members(engine: Engine) -> None:
    """Kemendiknas: two or more institutions work together toward the same goal. A theme in every member's vision,
    or a stated shared vision, meets it; a stated 'no' or a link without a shared vision leaves it unmet."""
    themes = evaluate_consortium(engine, consortium_from_dict(consortium(STAR)))
    assert themes.finding("konsorsium.visi_bersama").status == "met"
    assert "keterampilan" in themes.finding("konsorsium.visi_bersama").reasons[0]["id"]
    stated_no = evaluate_consortium(engine, consortium_from_dict(consortium(STAR, shared_vision=False)))
    assert stated_no.finding("konsorsium.visi_bersama").status == "unmet"
    bad_link = [link("lkp", "dinas", shared_vision=False), *STAR[1:]]
    one_link = evaluate_consortium(engine, consortium_from_dict(consortium(bad_link, shared_vision=True)))
    finding = one_link.finding("konsorsium.visi_bersama")
    assert (finding.status, finding.links) == ("unmet", ("lkp--dinas",))


def test_an_agreement_must_cover_all_members(engine: Engine) -> None:
    """The agreement precondition for the whole: one MoU binding all members; exploration is not an agreement."""
    covered = evaluate_consortium(engine, consortium_from_dict(consortium(STAR, agreement="mou_ditandatangani")))
    assert covered.finding("konsorsium.kesepakatan_menyeluruh").status == "met"
    exploring = evaluate_consortium(engine, consortium_from_dict(consortium(STAR, agreement="penjajagan")))
    finding = exploring.finding("konsorsium.kesepakatan_menyeluruh")
    assert finding.status == "unmet"
    assert "dalam penjajakan" in finding.reasons[0]["id"]
    unknown = evaluate_consortium(engine, consortium_from_dict(consortium(STAR)))
    assert unknown.finding("konsorsium.kesepakatan_menyeluruh").status == "unknown"


def test_coordination_key_for_the_whole(engine: Engine) -> None:
    """The paper's main key: all programmes coordinated, integrated and synchronised with every institution; one
    forum and one plan meet it for the whole, a link whose own key is unmet does not."""
    whole = dict(coordination_forum=True, programmes_synchronised=True)
    good = evaluate_consortium(engine, consortium_from_dict(consortium(STAR, **whole)))
    assert good.finding("konsorsium.koordinasi").status == "met"
    assert good.summary["key"] == "met"
    bad_link = [link("lkp", "dinas", programmes_synchronised=False), *STAR[1:]]
    report = evaluate_consortium(engine, consortium_from_dict(consortium(bad_link, **whole)))
    finding = report.finding("konsorsium.koordinasi")
    assert (finding.status, finding.links) == ("unmet", ("lkp--dinas",))
    assert report.link("dinas", "lkp").report.assessment("key", "koordinasi_integrasi_sinkronisasi").status == "unmet"


def test_example_consortium(example_report: Any) -> None:
    """The shipped example: linked and sharing a vision; the bank link is still exploring, so the agreement across all
    is unmet; the key is unmet; the LKP is the member everything depends on."""
    statuses = {f.id: f.status for f in example_report.findings}
    assert statuses == {
        "konsorsium.semua_terhubung": "met",
        "konsorsium.visi_bersama": "met",
        "konsorsium.kesepakatan_menyeluruh": "unmet",
        "konsorsium.koordinasi": "unmet",
        "konsorsium.bergantung_satu_anggota": "warning",
    }
    assert example_report.status == "not_yet"
    assert example_report.summary["links_by_status"] == {"partnership": 3, "undetermined": 0, "not_yet": 1}
    assert example_report.member("dinas_pendidikan_sleman").roles == ("pembina", "penyandang_dana")


# --- input problems ---------------------------------------------------------------------------------------------


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        consortium_from_dict(data)
    return [f"{p.path}: {p.message}" for p in caught.value.problems]


def test_bad_consortium_input_names_every_problem() -> None:
    """Unknown roles, non-members, unknown parties, repeated pairs and links without a candidate each get a problem
    at their path, with the valid values where the set is small."""
    data = consortium([*STAR, link("hotel", "lkp"), link("lkp", "nobody"), {"seeker": "dinas"}])
    data["members"][0]["roles"] = ["bos"]
    data["members"].pop()  # lsp is no longer a member
    problems = _problems(data)
    assert any(p.startswith("members[0].roles[0]: unknown value 'bos'") for p in problems)
    assert any("party 'lsp' is not a member" in p for p in problems)
    assert any(p.startswith("links[3]:") and "already linked" in p for p in problems)
    assert any(p.startswith("links[4].candidate: unknown party id 'nobody'") for p in problems)
    assert any(p.startswith("links[5]: missing required field 'candidate'") for p in problems)
    with pytest.raises(ScenarioError) as caught:
        consortium_from_dict(data)
    role = next(p for p in caught.value.problems if p.path == "members[0].roles[0]")
    assert "penyelenggara" in role.allowed


def test_two_members_are_a_relationship_not_a_consortium() -> None:
    data = consortium([link("lkp", "dinas")])
    data["parties"], data["members"] = data["parties"][:2], data["members"][:2]
    assert any("at least 3 members" in p for p in _problems(data))


def test_a_consortium_file_read_as_a_scenario_says_what_it_is(tmp_path: Path) -> None:
    """load_scenario refuses a consortium file with one problem that says how to read it, with the file named."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(EXAMPLE)
    [problem] = caught.value.problems
    assert "consortium" in problem.message and problem.file == str(EXAMPLE)


def test_problems_carry_the_file_line(tmp_path: Path) -> None:
    path = tmp_path / "k.yaml"
    text = EXAMPLE.read_text(encoding="utf-8").replace("roles: [penguji_sertifikasi]", "roles: [penguji]")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_consortium(path)
    [problem] = caught.value.problems
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "roles: [penguji]" in row)
    assert (problem.file, problem.line, problem.path) == (str(path), line, "members[3].roles[0]")


# --- schemas, rendering and the command line -------------------------------------------------------------------------


def test_schemas_describe_consortium_files_and_reports(example_report: Any) -> None:
    """The scenario schema accepts a consortium file and refuses one that mixes a relationship with links; the shipped
    consortium report schema is the generated one and fits the report."""
    import yaml

    schema = scenario_json_schema()
    jsonschema.validate(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), schema)
    mixed = consortium(STAR)
    mixed["relationship"] = {"seeker": "lkp", "candidate": "dinas"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(mixed, schema)
    shipped = json.loads((SCHEMAS / "consortium_report.schema.json").read_text(encoding="utf-8"))
    assert shipped == consortium_report_json_schema()
    jsonschema.validate(example_report.to_dict(), shipped)


@pytest.mark.parametrize(("lang", "words"), [("id", ("Anggota", "Temuan atas kemitraan")), ("en", ("Members", "Findings on the partnership"))])
def test_text_is_in_the_chosen_language(example_report: Any, lang: str, words: tuple[str, ...]) -> None:
    from tests.test_language import _user_ids, problems

    text = render_consortium_text(example_report, lang)
    assert all(word in text for word in words)
    assert problems(text, lang, _user_ids(EXAMPLE)) == []
    assert text.count("Laporan kemitraan:" if lang == "id" else "Partnership report:") == 4


def test_cli_evaluates_a_consortium_file(tmp_path: Path) -> None:
    runner = CliRunner()
    text = runner.invoke(main, ["evaluate", str(EXAMPLE), "--lang", "en"])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("Consortium partnership report")
    as_json = runner.invoke(main, ["evaluate", str(EXAMPLE), "--format", "json"])
    [data] = json.loads(as_json.output)
    assert data["kind"] == "consortium" and len(data["links"]) == 4
    page = runner.invoke(main, ["evaluate", str(EXAMPLE), "--format", "html"])
    assert page.output.startswith("<!DOCTYPE html>") and page.output.count('class="kemitraan"') == 5
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("candidate: bank_bpd", "candidate: bank_x"), encoding="utf-8")
    refused = runner.invoke(main, ["evaluate", str(bad)])
    assert refused.exit_code == 2 and "bank_x" in refused.output and "Traceback" not in refused.output


def test_consortium_model_round_trips() -> None:
    model = load_consortium(EXAMPLE)
    assert isinstance(model, Consortium)
    assert consortium_from_dict(model.to_dict()) == model


def test_consortium_problems_are_worded_in_both_languages() -> None:
    """Every problem of a bad consortium file has a code of the message table, so `--lang id` prints no English."""
    from kemitraan_rules.errors import MESSAGES

    data = consortium([*STAR, link("hotel", "lkp"), {"seeker": "dinas"}])
    data["members"][0]["roles"] = []
    data["members"].append(dict(data["members"][1]))  # a member listed twice
    data["members"].pop(2)  # a party that is not a member
    with pytest.raises(ScenarioError) as caught:
        consortium_from_dict(data)
    codes = {p.code for p in caught.value.problems}
    assert {"member_twice", "member_without_role", "party_not_member", "already_linked", "link_without_candidate"} <= codes
    assert all(p.code in MESSAGES for p in caught.value.problems)
    texts = [p.text("id") for p in caught.value.problems]
    assert not any(word in text for text in texts for word in ("member", "listed", "already linked", "every link")), texts
    with pytest.raises(ScenarioError) as few:
        consortium_from_dict({**consortium(STAR[:1]), "members": consortium(STAR)["members"][:2]})
    assert "too_few_members" in {p.code for p in few.value.problems}

"""Notebook display: one-line reprs, HTML and Markdown in the language of ``options.lang``, escaping, the HTML page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

import kemitraan_rules
from kemitraan_rules import Engine, UnknownIdError, load_rulesets, options
from kemitraan_rules.cli import main
from kemitraan_rules.lifecycle import load_partnership
from kemitraan_rules.network import load_network

from .conftest import make_scenario

EXAMPLES = Path(__file__).parents[1] / "examples"


@pytest.fixture(autouse=True)
def _indonesian() -> Iterator[None]:
    """Every test starts (and leaves the session) with the default language."""
    options.lang = "id"
    yield
    options.lang = "id"


def _evil() -> dict[str, object]:
    data = make_scenario(agreement="draf_mou", trust="rendah")
    data["title"] = "Mitra <b>tebal</b> & <script>alert('judul')</script>"
    data["parties"][0]["name"] = "<script>alert('x')</script> LKP"  # type: ignore[index]
    return data


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def _tags(html: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


class TestRepr:
    def test_report_repr_is_one_short_line_with_id_best_status_counts(self, engine: Engine) -> None:
        """repr(report) names the scenario, the best pattern of each layer, the status and counts, on one line."""
        report = engine.evaluate(EXAMPLES / "scenarios" / "inti_plasma.yaml")
        text = repr(report)
        assert "\n" not in text and len(text) < 300
        assert text.startswith("<Report 'inti_plasma'")
        assert "Pola inti plasma (8)" in text and "memenuhi syarat kemitraan" in text
        assert f"peringatan: {len(report.warnings)}" in text and f"aturan terpicu: {len(report.fired)}" in text

    def test_repr_follows_options_lang(self, engine: Engine) -> None:
        """Setting options.lang = 'en' turns the words of the repr into English."""
        report = engine.evaluate(EXAMPLES / "scenarios" / "inti_plasma.yaml")
        options.lang = "en"
        text = repr(report)
        assert "legal pattern" in text and "rules fired" in text and "peringatan" not in text

    def test_unknown_language_is_a_typed_error(self) -> None:
        """A language other than id/en is refused with an UnknownIdError naming the valid ones."""
        with pytest.raises(UnknownIdError, match="known: id, en"):
            options.lang = "fr"
        assert options.lang == "id"

    def test_whynot_network_record_rulebase_reprs(self, engine: Engine) -> None:
        """WhyNot, PartnerNetwork, Partnership and RuleBase each have a one-line repr with their counts."""
        report = engine.evaluate(EXAMPLES / "scenarios" / "inti_plasma.yaml")
        why = repr(report.why_not("waralaba"))
        assert why.startswith("<WhyNot 'waralaba': tidak direkomendasikan") and "aturan pendukung belum terpicu" in why
        network = load_network(EXAMPLES / "networks" / "lkp_network.yaml")
        assert repr(network) == "<PartnerNetwork 'lkp_network': 10 pihak, 9 kemitraan>"
        record = load_partnership(EXAMPLES / "lifecycle" / "partnership.yaml")
        assert re.fullmatch(
            r"<Partnership 'lkp_garmen_2024': langkah 8/11 Pelaksanaan; pola pola_sejajar; 2 pihak; \d+ catatan riwayat>", repr(record)
        )
        base = load_rulesets([kemitraan_rules.builtin()])
        text = repr(base)
        assert text.startswith(f"<RuleBase: {len(base.rules)} aturan") and "\n" not in text and len(text) < 400


class TestHtml:
    def test_report_html_has_bars_checklists_details_and_warnings(self, engine: Engine) -> None:
        """The fragment ranks patterns with a bar each, lists assessments as a checklist, expands to rules and sources."""
        report = engine.evaluate(EXAMPLES / "scenarios" / "banyak_kendala.yaml")
        html = report._repr_html_()
        tags = _tags(html)
        assert tags.count("details") >= len(report.recommendations) + len(report.warnings)
        assert html.count('class="bar') == len(report.recommendations)
        assert "Pola inti plasma" in html and "Prasyarat" in html and "Penanganan" in html
        assert "☒" in html and "☑" in html  # unmet and met assessments
        assert report.warnings[0].source in html  # the conclusion opens onto its rule and source
        first_rule = report.recommendation("inti_plasma").supporting[0]
        assert first_rule.id in html and first_rule.text["id"] in html
        assert "<script" not in html.lower() and "http" not in html  # no script, no external asset

    def test_html_language_follows_options(self, engine: Engine) -> None:
        """The same report in English once options.lang is 'en'; an explicit lang wins over the setting."""
        report = engine.evaluate(EXAMPLES / "scenarios" / "banyak_kendala.yaml")
        options.lang = "en"
        html = report._repr_html_()
        assert "Preconditions" in html and "What to do" in html and "Prasyarat" not in html
        assert "Prasyarat" in report.to_html("id")

    def test_user_strings_are_escaped(self, engine: Engine) -> None:
        """A <script> in a title or party name is shown as text, never as markup."""
        report = engine.evaluate(_evil())
        for html in (report._repr_html_(), report.to_html(page=True), report._repr_markdown_()):
            assert "<script>" not in html and "<b>tebal</b>" not in html
        assert "&lt;script&gt;alert(&#x27;judul&#x27;)&lt;/script&gt;" in report.to_html()

    def test_markdown_has_table_and_checklist(self, engine: Engine) -> None:
        """_repr_markdown_ gives a table per layer and a [x]/[ ] checklist."""
        report = engine.evaluate(EXAMPLES / "scenarios" / "prasyarat_gagal.yaml")
        text = report._repr_markdown_()
        assert "| 1 |" in text and "- [ ] Adanya kesepakatan: tidak terpenuhi" in text and "- [x]" in text

    def test_other_objects_have_html(self, engine: Engine) -> None:
        """WhyNot, network (picture and measures), Partnership and RuleBase render to HTML fragments."""
        report = engine.evaluate(EXAMPLES / "scenarios" / "inti_plasma.yaml")
        why = report.why_not("waralaba")._repr_html_()
        assert "Mengapa belum" in why and report.why_not("waralaba").unfired[0].rule.id in why
        network = load_network(EXAMPLES / "networks" / "lkp_network.yaml")
        html = network._repr_html_()
        assert "data:image/png;base64," in html and "Ukuran jejaring" in html and html.count("<tr>") == 1 + len(network.parties)
        record = load_partnership(EXAMPLES / "lifecycle" / "partnership.yaml")
        assert "<b>Pelaksanaan</b>" in record._repr_html_()
        base = load_rulesets([kemitraan_rules.builtin()])
        assert "patterns_legal" in base._repr_html_()


class TestMarkdown:
    def _objects(self, engine: Engine) -> dict[str, object]:
        report = engine.evaluate(EXAMPLES / "scenarios" / "inti_plasma.yaml")
        _, diff = engine.what_if(EXAMPLES / "scenarios" / "inti_plasma.yaml", {"relationship.trust": "rendah"})
        return {
            "why_not": report.why_not("waralaba"),
            "network": load_network(EXAMPLES / "networks" / "lkp_network.yaml"),
            "record": load_partnership(EXAMPLES / "lifecycle" / "partnership.yaml"),
            "rulebase": load_rulesets([kemitraan_rules.builtin()]),
            "diff": diff,
        }

    def test_every_displayable_object_has_markdown_in_options_lang(self, engine: Engine) -> None:
        """WhyNot, PartnerNetwork, Partnership, RuleBase and ReportDiff give Markdown with their content, in
        Indonesian by default and in English once options.lang is 'en'."""
        objects = self._objects(engine)
        expected = {
            "why_not": (("### Mengapa belum: Pola waralaba", "aturan yang menentang", "kenyataannya:"), ("### Why not: Franchise", "actually:")),
            "network": (
                ("### Jejaring mitra: LKP Maju Terampil", "| PT Garmen Nusantara | dunia usaha"),
                ("### Partner network:", "business and industry"),
            ),
            "record": (("### Catatan kemitraan:", "| LKP Tata Busana Mandiri | LKP (lembaga"), ("### Partnership record:", "8/11 Implementation")),
            "rulebase": (("### Basis aturan", "| patterns\\_legal |"), ("### Rule base", "| rulesets |")),
            "diff": (("### Bagaimana jika: inti\\_plasma", "saling percaya: tinggi -\\> rendah"), ("### What if:", "trust: high -\\> low")),
        }
        indonesian = {name: obj._repr_markdown_() for name, obj in objects.items()}  # type: ignore[attr-defined]
        options.lang = "en"
        english = {name: obj._repr_markdown_() for name, obj in objects.items()}  # type: ignore[attr-defined]
        for name, (in_id, in_en) in expected.items():
            assert all(text in indonesian[name] for text in in_id), (name, indonesian[name][:600])
            assert all(text in english[name] for text in in_en), (name, english[name][:600])
        network = objects["network"]
        assert english["network"].count("\n| ") == 1 + len(network.parties)  # type: ignore[attr-defined]

    def test_markdown_escapes_user_strings(self) -> None:
        """A party name with Markdown or HTML in it is shown as text in the record's Markdown."""
        text = (EXAMPLES / "lifecycle" / "partnership.yaml").read_text(encoding="utf-8")
        record = load_partnership("evil.yaml", text=text.replace("name: PT Garmen Jaya", "name: '<b>PT</b> | *Garmen*'"))
        markdown = record._repr_markdown_()
        assert "<b>" not in markdown and "\\<b\\>PT\\</b\\> \\| \\*Garmen\\*" in markdown


class TestPage:
    def test_cli_format_html_is_a_standalone_page(self, tmp_path: Path) -> None:
        """kemitraan evaluate --format html prints one page with a print stylesheet and the escaped user strings."""
        path = tmp_path / "s.json"
        path.write_text(json.dumps(_evil()), encoding="utf-8")
        result = CliRunner().invoke(main, ["evaluate", str(path), "--format", "html", "--lang", "en"])
        assert result.exit_code == 0, result.output
        page = result.output
        assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page and "@media print" in page
        assert "<script>" not in page and "&lt;script&gt;" in page
        assert "Partnership report" in page and "Laporan" not in page

    def test_several_files_make_one_page(self) -> None:
        """Several scenarios give one page, one report after another, each starting on a new printed page."""
        files = [str(EXAMPLES / "scenarios" / f"{name}.yaml") for name in ("inti_plasma", "waralaba")]
        result = CliRunner().invoke(main, ["evaluate", *files, "--format", "html"])
        assert result.exit_code == 0, result.output
        page = result.output
        assert page.count("<!DOCTYPE html>") == 1 and page.count('<div class="kemitraan">') == 2
        assert "break-after:page" in page and "Kelompok Tani Jamur" in page

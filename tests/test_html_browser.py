"""The HTML page in a real browser (Debian's chromium, headless): text rendered, no script runs, details expand,
printing shows every conclusion.  Skipped, with the reason, where no chromium is installed."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kemitraan_rules.cli import main

from .conftest import make_scenario

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium browser installed (Debian: apt-get install chromium)")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
TITLE = "Mitra <script>alert('judul')</script> & <b>tebal</b>"


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page `kemitraan evaluate --format html` writes for a scenario whose title carries markup."""
    folder = tmp_path_factory.mktemp("html")
    data: dict[str, Any] = make_scenario(agreement="belum_ada", trust="rendah")
    data["title"] = TITLE
    scenario = folder / "s.json"
    scenario.write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(scenario), "--format", "html"])
    assert result.exit_code == 0, result.output
    page = folder / "laporan.html"
    page.write_text(result.output, encoding="utf-8")
    return page


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    command = [BROWSER, "--headless", *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def test_rendered_dom_has_the_text_and_no_script(page_file: Path, tmp_path: Path) -> None:
    """After rendering, the DOM holds the report's words and the title as text; no script element exists."""
    result = _chromium("--dump-dom", page_file.as_uri(), profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    assert "Laporan kemitraan" in dom and "Prasyarat" in dom and "Peringatan kendala" in dom
    assert "&lt;script&gt;alert('judul')&lt;/script&gt;" in dom
    assert "<script" not in dom.lower()


def test_screenshot_is_drawn(page_file: Path, tmp_path: Path) -> None:
    """chromium draws the page (a PNG of a real size)."""
    shot = tmp_path / "shot.png"
    result = _chromium(f"--screenshot={shot}", "--window-size=1000,1400", page_file.as_uri(), profile=tmp_path / "profile")
    assert result.returncode == 0, result.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


@pytest.fixture()
def browser_page(page_file: Path) -> Iterator[tuple[Any, list[str]]]:
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed (pip install playwright)")
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=BROWSER, args=FLAGS)
        page = browser.new_page()
        problems: list[str] = []
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("console", lambda message: problems.append(f"console: {message.text}") if message.type == "error" else None)
        page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        page.goto(page_file.as_uri())
        yield page, problems
        browser.close()


def test_no_script_errors_and_details_expand(browser_page: tuple[Any, list[str]]) -> None:
    """No script error and no alert; a closed conclusion opens on click and shows its rules and sources."""
    page, problems = browser_page
    assert page.get_by_text(TITLE, exact=False).count() >= 1
    first = page.locator("details").first
    rule = first.locator("li").first
    assert not first.evaluate("element => element.open") and not rule.is_visible()
    first.locator("summary").click()
    assert first.evaluate("element => element.open") and rule.is_visible()
    assert "[" in rule.inner_text() and ";" in rule.inner_text()  # the rule's id and its source
    assert problems == []


def test_print_shows_every_conclusion(browser_page: tuple[Any, list[str]]) -> None:
    """With the print stylesheet the content of closed details is visible, so a printed page loses nothing."""
    page, problems = browser_page
    closed = page.locator("details").nth(1)
    assert not closed.locator("li").first.is_visible()
    page.emulate_media(media="print")
    assert not closed.evaluate("element => element.open") and closed.locator("li").first.is_visible()
    assert problems == []

"""Every code example in the README and in docs/ runs: Python blocks are executed, shell commands are invoked.

Python blocks of one page run in order in one namespace, in a scratch folder that sees the checkout's
``examples/``, ``rulesets/`` and ``tests/`` (so writing ``net.png`` touches nothing).  A line
``print(EXPR)  # VALUE`` (VALUE a single word) also checks that EXPR prints VALUE, so the results the docs state are
the ones the code gives.  In ``sh``/``bash``/``console`` blocks, each ``kemitraan ...`` command (optionally behind
``$ `` or ``cat FILE |``) is run in-process (click's runner, as ``kemitraan`` would run it) and must exit 0.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from kemitraan_rules.cli import main

ROOT = Path(__file__).parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
CHECK = re.compile(r"^print\((?P<expr>.+)\)\s+#\s+(?P<value>\S+)\s*$")


def _blocks(page: Path, languages: tuple[str, ...]) -> list[str]:
    """The fenced blocks of ``page`` in ``languages``; doctest blocks (``>>>``) are left to the doctest runs
    (``tests/test_docs_notebooks.py`` and the API pages' doctests), which also check their output."""
    blocks = [body for language, body in FENCE.findall(page.read_text(encoding="utf-8")) if language in languages]
    return [body for body in blocks if not body.lstrip().startswith(">>>")]


def _scratch(tmp_path: Path) -> Path:
    for name in ("examples", "rulesets", "tests"):
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def _python_pages() -> list[Path]:
    return [page for page in PAGES if _blocks(page, ("python",))]


def _commands(page: Path) -> list[str]:
    found = []
    for block in _blocks(page, ("sh", "bash", "console")):
        for line in block.splitlines():
            command = line.removeprefix("$ ").split(" #", 1)[0].strip()
            if command.startswith("kemitraan ") or re.match(r"cat \S+ \| kemitraan ", command):
                found.append(command)
    return found


def test_the_pages_have_examples() -> None:
    """The collector finds the examples (a broken pattern would make every test below vacuous)."""
    assert len(_python_pages()) >= 5 and sum(len(_commands(page)) for page in PAGES) >= 15


@pytest.mark.parametrize("page", _python_pages(), ids=lambda page: page.name)
def test_python_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's Python blocks run in order, and every ``print(EXPR)  # VALUE`` prints VALUE."""
    code = "\n".join(_blocks(page, ("python",)))
    if "distributed" in code and importlib.util.find_spec("distributed") is None:
        pytest.skip("the page's Dask example needs the [dask] extra")
    monkeypatch.chdir(_scratch(tmp_path))
    namespace: dict[str, object] = {"__name__": "__docs__"}
    checked = 0
    for number, block in enumerate(_blocks(page, ("python",)), 1):
        exec(compile(block, f"{page.name}[python block {number}]", "exec"), namespace)
        for line in block.splitlines():
            match = CHECK.match(line.strip())
            if match:
                assert str(eval(match["expr"], namespace)) == match["value"], f"{page.name}: {line.strip()}"
                checked += 1
    if page.name in ("getting-started.md", "mulai.md", "user-guide.md"):
        assert checked >= 1, "the page states results that are not checked"


@pytest.mark.parametrize("page", [page for page in PAGES if _commands(page)], ids=lambda page: page.name)
def test_shell_examples_run(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each ``kemitraan`` command of the page exits 0 (globs expanded, ``cat F |`` as standard input)."""
    cwd = _scratch(tmp_path)
    monkeypatch.chdir(cwd)
    runner = CliRunner()
    for command in _commands(page):
        stdin = None
        if command.startswith("cat "):
            source, command = command.removeprefix("cat ").split(" | ", 1)
            stdin = (cwd / source).read_text(encoding="utf-8")
        words = []
        for word in shlex.split(command)[1:]:
            words.extend(sorted(str(p.relative_to(cwd)) for p in cwd.glob(word)) if "*" in word else [word])
        result = runner.invoke(main, words, input=stdin)
        assert result.exit_code == 0, f"{page.name}: {command}\n{result.output[-2000:]}"

"""Loading rulesets from an untrusted source is safe: no code runs, and hostile files fail fast with a clear error."""

from __future__ import annotations

import builtins
import time
from pathlib import Path

import pytest

from kemitraan_rules.errors import RulesetError
from kemitraan_rules.rules import MAX_RULES_PER_RULESET, load_rulesets

SENTINEL = "_kemitraan_pwned"


def load_refused(path: Path) -> tuple[str, float]:
    """Load ``path`` expecting a RulesetError; return its text and the CPU seconds taken."""
    start = time.process_time()  # CPU time: what the refusal costs, whatever else the machine runs
    with pytest.raises(RulesetError) as info:
        load_rulesets([path])
    return str(info.value), time.process_time() - start


@pytest.fixture(autouse=True)
def no_sentinel() -> None:
    if hasattr(builtins, SENTINEL):
        delattr(builtins, SENTINEL)


@pytest.mark.parametrize(
    "tag",
    [
        f"!!python/object/apply:exec ['import builtins; builtins.{SENTINEL} = True']",
        "!!python/object:os.system {}",
        "!custom {a: 1}",
    ],
)
def test_python_tags_run_no_code(tmp_path: Path, tag: str) -> None:
    """A YAML tag that would build a Python object is refused; the side effect it asks for never happens."""
    path = tmp_path / "jahat.yaml"  # not 'tag.yaml': the file name is in the message and must not satisfy the check
    path.write_text(f'ruleset: jahat\nversion: "1"\nrules: {tag}\n', encoding="utf-8")
    message, seconds = load_refused(path)
    assert "explicit YAML tag" in message
    assert not hasattr(builtins, SENTINEL)
    assert seconds < 2


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    """An alias bomb (9 levels of 10 aliases each) is refused by the node limit, quickly."""
    lines = ['ruleset: bom\nversion: "1"\na0: &a0 ["lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message, seconds = load_refused(path)
    assert "more than" in message and "values" in message
    assert seconds < 2


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    """A 50 MB file is refused from its size alone (it is never read)."""
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    message, seconds = load_refused(path)
    assert "bytes, more than the limit" in message
    assert seconds < 2


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    """1000-deep nesting is refused with a 'nested too deeply' error, not a RecursionError."""
    path = tmp_path / "deep.yaml"
    path.write_text('ruleset: dalam\nversion: "1"\nrules: ' + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    message, seconds = load_refused(path)
    assert "nested too deeply" in message and "deep.yaml:3:208" in message  # the 201st '[' on line 3
    # Refused by a scan of the flow brackets before parsing: ruamel used to recurse about a thousand frames first
    # (2.9-5.1 s of CPU here).  The bound only says "no hang".
    assert seconds < 5


def test_brackets_inside_text_do_not_count_as_nesting(tmp_path: Path) -> None:
    """The bracket scan counts brackets in text values too; its margin (5 x the depth limit) keeps a valid document
    whose texts hold many unbalanced brackets loading normally."""
    from kemitraan_rules.scenario import load_scenario

    path = tmp_path / "kurung.yaml"
    title = "[" * 150 + "{" * 40
    path.write_text(
        f"id: kurung\ntitle: '{title}'\nparties:\n  - {{id: a, kind: lkp}}\n  - {{id: b, kind: dudi}}\nrelationship: {{seeker: a, candidate: b}}\n",
        encoding="utf-8",
    )
    assert load_scenario(path).title == title


def test_too_many_rules_is_refused(tmp_path: Path) -> None:
    """A file one rule over the limit is refused with a message naming the limit and what to do (the engine would hang
    on a unit that large), at no more cost than parsing it."""
    rule = (
        "  - {{id: banyak.r{n}, when: [{{relation.trust: tinggi}}], then: {{derive: {{fact: f}}}}, text: {{id: T, en: T}}, source: {{author: X}}}}\n"
    )
    text = 'ruleset: banyak\nversion: "1"\nderived:\n  f: {type: bool, description: {id: F, en: F}}\nrules:\n'
    path = tmp_path / "many.yaml"
    count = MAX_RULES_PER_RULESET + 1
    path.write_text(text + "".join(rule.format(n=n) for n in range(count)), encoding="utf-8")
    message, seconds = load_refused(path)
    assert f"{count} rules, more than the limit of {MAX_RULES_PER_RULESET}" in message and "split it" in message
    assert seconds < 2

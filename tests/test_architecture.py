"""The package's layout matches docs/architecture.md, and every name the docs mention is importable publicly."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kemitraan_rules"
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def _package_modules() -> set[str]:
    return {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}


def _documented_modules() -> set[str]:
    """Module paths the house tables name: `kemitraan_rules/x.py`, or a package row listing `name.py` entries."""
    named = {m for m in re.findall(r"`kemitraan_rules/([a-z_/]+\.py)`", ARCHITECTURE)}
    for package, cell in re.findall(r"^\| `kemitraan_rules/([a-z_]+)/` \| (.*) \|$", ARCHITECTURE, flags=re.M):
        named.add(f"{package}/__init__.py")
        named |= {f"{package}/{m}" for m in re.findall(r"`([a-z_]+\.py)`", cell)}
    return named


def test_every_documented_module_exists() -> None:
    """Each module docs/architecture.md names is a file of the package."""
    missing = _documented_modules() - _package_modules()
    assert not missing, f"named in docs/architecture.md but not in the package: {sorted(missing)}"


def test_every_module_is_documented() -> None:
    """Each module of the package is named in docs/architecture.md (a new module needs its row)."""
    undocumented = _package_modules() - _documented_modules()
    assert not undocumented, f"not described in docs/architecture.md: {sorted(undocumented)}"


def _dotted_names() -> set[str]:
    texts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))]
    found: set[str] = set()
    for text in texts:
        found |= set(re.findall(r"\bkemitraan_rules(?:\.[A-Za-z_][A-Za-z0-9_]*)+", text))
    return found


@pytest.mark.parametrize("dotted", sorted(_dotted_names()))
def test_names_in_docs_resolve_through_public_modules(dotted: str) -> None:
    """Every `kemitraan_rules.x.y` a doc or docstring mentions resolves, and no part of its path is private."""
    parts = dotted.split(".")
    assert not any(p.startswith("_") and not p.startswith("__") for p in parts), f"{dotted} sends users into a private module"
    obj: object = importlib.import_module(parts[0])
    for index, part in enumerate(parts[1:], start=1):
        if hasattr(obj, part):
            obj = getattr(obj, part)
            continue
        obj = importlib.import_module(".".join(parts[: index + 1]))


def test_every_data_file_declares_its_kind_and_is_listed() -> None:
    """Each data file under rulesets/ (but the scenario tests, in any tests/ folder) has a kind: header and a row in
    rulesets/README.md."""
    from kemitraan_rules._yaml import load_document
    from kemitraan_rules.errors import RulesetError

    index = (ROOT / "rulesets" / "README.md").read_text(encoding="utf-8")
    for path in sorted((ROOT / "rulesets").rglob("*.yaml")):
        relative = path.relative_to(ROOT / "rulesets").as_posix()
        if "tests" in path.relative_to(ROOT / "rulesets").parts[:-1]:
            continue
        data = load_document(path, error=RulesetError).data
        assert isinstance(data, dict) and isinstance(data.get("kind"), str), f"{relative} has no kind: header"
        assert f"| `{relative}` | `{data['kind']}` |" in index, f"{relative} is not listed in rulesets/README.md"

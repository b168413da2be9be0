"""Where the data files shipped with the library live.

The rule files and settings are data, not code: they sit in the top-level ``rulesets/`` directory of a source
checkout, and an installed wheel carries them as ``kemitraan_rules/rulesets`` (``setup.py`` maps them there).
Every module that reads a shipped rule or settings file finds it through :func:`builtin_rulesets_dir`, so the
two layouts are handled in one place.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["builtin_rulesets_dir"]

_PACKAGE_DIR = Path(__file__).resolve().parent


def builtin_rulesets_dir() -> Path:
    """Return the directory of the shipped rulesets.

    ``<package>/rulesets`` when it exists (installed wheel), else ``<checkout>/rulesets`` (source checkout).
    The path is returned even when neither exists, so a caller's error message can name where it looked.
    """
    installed = _PACKAGE_DIR / "rulesets"
    if installed.is_dir():
        return installed
    return _PACKAGE_DIR.parent / "rulesets"

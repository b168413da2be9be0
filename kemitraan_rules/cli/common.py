"""Pieces every ``kemitraan`` subcommand shares: error handling (exit codes) and the ``--rules`` option.

They live apart from :mod:`kemitraan_rules.cli` so that the subcommand modules can import them while ``cli`` imports
the subcommands.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from ..errors import LANGUAGES, EvaluationError, KemitraanError, error_text, message

__all__ = [
    "STDIN",
    "build_engine",
    "dump_records",
    "error_word",
    "handle_errors",
    "lang_option",
    "law_option",
    "read_text",
    "rules_option",
]

STDIN = "-"
"""The file name every command reads as standard input."""

F = TypeVar("F", bound=Callable[..., Any])


def error_word(lang: str | None) -> str:
    """``kesalahan`` (Indonesian, the default) or ``error`` (``--lang en``): the word that opens an error on stderr."""
    return message("_error", lang or LANGUAGES[0])


def lang_option(func: F) -> F:
    """``--lang id|en``: the language of everything the command prints, its error messages included (default id)."""
    option = click.option(
        "--lang",
        type=click.Choice(list(LANGUAGES)),
        default=LANGUAGES[0],
        show_default=True,
        help="Language of the output and of the error messages.",
    )
    return option(func)


def handle_errors(func: F) -> F:
    """Turn library errors into a message on stderr and exit code 2 (invalid input) or 1 (anything else).

    The whole message is in the command's ``--lang`` (Indonesian when it has none): the error word, and the error's
    own text (:func:`~kemitraan_rules.errors.error_text`).
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        lang = kwargs.get("lang") or LANGUAGES[0]
        try:
            return func(*args, **kwargs)
        except EvaluationError as exc:
            click.echo(f"{error_word(lang)}: {error_text(exc, lang)}", err=True)
            sys.exit(1)
        except (KemitraanError, OSError) as exc:
            click.echo(f"{error_word(lang)}: {error_text(exc, lang)}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


def rules_option(func: F) -> F:
    """``--rules DIR`` (repeatable): extra rule directories or files, added to the built-in rulesets."""
    option = click.option(
        "--rules",
        "rules",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="Extra rule directory or file, added to the built-in rulesets (repeatable).",
    )
    return option(func)


def law_option(func: F) -> F:
    """``--law paper_1995|current``: the legal profile to evaluate under (default: the paper's; see docs/law.md)."""
    from ..vocabulary import DEFAULT_LAW, LAW_PROFILES

    option = click.option(
        "--law",
        type=click.Choice(list(LAW_PROFILES)),
        default=DEFAULT_LAW,
        show_default=True,
        help="Legal profile: the law the paper cites (paper_1995) or the law in force today (current: UU 20/2008).",
    )
    return option(func)


def build_engine(rules: Sequence[Path], no_builtin: bool = False, law: str | None = None) -> Any:
    """An :class:`~kemitraan_rules.engine.Engine` over the built-in rulesets plus ``rules``, under the legal profile ``law``."""
    from ..engine import Engine
    from ..rules import builtin

    paths: list[Path] = ([] if no_builtin else [builtin()]) + list(rules)
    return Engine(paths, law=law)


def read_text(name: str | Path) -> tuple[str, str | None]:
    """``(name, text)`` for a FILE argument: ``-`` is standard input (named ``stdin`` in messages), else ``text`` is
    None and the loaders read the file themselves (so their problems name the file, line and field)."""
    if str(name) == STDIN:
        return "stdin", sys.stdin.read()
    return str(name), None


def dump_records(records: Sequence[Any], fmt: str) -> str:
    """Records as ``json`` (always a list, one input or many, so scripts read one shape) or ``jsonl`` (a line each)."""
    import json

    if fmt == "jsonl":
        return "".join(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n" for record in records)
    return json.dumps(list(records), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

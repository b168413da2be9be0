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

from ..errors import EvaluationError, KemitraanError

__all__ = [
    "STDIN",
    "build_engine",
    "dump_records",
    "error_word",
    "format_option",
    "handle_errors",
    "lang_option",
    "law_option",
    "read_text",
    "read_texts",
    "rules_option",
]

STDIN = "-"
"""The file name every command reads as standard input."""

F = TypeVar("F", bound=Callable[..., Any])


#: The word that opens an error message on stderr, in each language of ``--lang``.
_ERROR_WORD = {"id": "kesalahan", "en": "error"}


def error_word(lang: str | None) -> str:
    """``kesalahan`` (Indonesian, the default) or ``error`` (``--lang en``)."""
    return _ERROR_WORD.get(lang or "id", _ERROR_WORD["id"])


def handle_errors(func: F) -> F:
    """Turn library errors into a message on stderr and exit code 2 (invalid input) or 1 (anything else).

    The message opens with the error word of the command's ``--lang`` (Indonesian when it has none).
    """

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        word = error_word(kwargs.get("lang"))
        try:
            return func(*args, **kwargs)
        except EvaluationError as exc:
            click.echo(f"{word}: {exc}", err=True)
            sys.exit(1)
        except KemitraanError as exc:
            click.echo(f"{word}: {exc}", err=True)
            sys.exit(2)
        except OSError as exc:
            click.echo(f"{word}: {exc}", err=True)
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


def format_option(*extra: str, help_text: str = "json: a list of records, one per input; jsonl: one a line.") -> Callable[[F], F]:
    """``--format text|json|jsonl`` (plus ``extra`` choices such as ``html``), default ``text``: every command's one
    output switch, so that ``json`` and ``jsonl`` read alike everywhere (see :func:`dump_records`)."""
    return click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl", *extra]), default="text", show_default=True, help=help_text)


def lang_option(func: F) -> F:
    """``--lang id|en``: the language of every text a command prints (Indonesian by default)."""
    option = click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True, help="Language of the texts.")
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


def read_texts(names: Sequence[str | Path]) -> list[tuple[str, str | None]]:
    """:func:`read_text` for each FILE argument; standard input can be read once only, so ``-`` given twice is a
    usage error (exit 2) rather than a second, silently empty input."""
    if sum(1 for name in names if str(name) == STDIN) > 1:
        raise click.BadParameter("'-' (standard input) can be given only once", param_hint="FILES")
    return [read_text(name) for name in names]


def dump_records(records: Sequence[Any], fmt: str) -> str:
    """Records as ``json`` (always a list, one input or many, so scripts read one shape) or ``jsonl`` (a line each)."""
    import json

    if fmt == "jsonl":
        return "".join(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n" for record in records)
    return json.dumps(list(records), indent=2, ensure_ascii=False, sort_keys=True) + "\n"

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
    "LocalisedGroup",
    "LocalisedUsageError",
    "build_engine",
    "dump_records",
    "error_word",
    "format_option",
    "handle_errors",
    "lang_in",
    "lang_option",
    "law_option",
    "read_text",
    "read_texts",
    "rules_option",
    "usage_error_text",
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
    """Turn library errors into a message on stderr and exit code 2 (invalid input) or 1 (anything else), and Ctrl-C
    into a message and exit code 130 (128 + SIGINT, as a shell reports it).

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
        except KeyboardInterrupt:  # Ctrl-C: said in the command's language (click would print "Aborted!"), exit 130
            click.echo(message("interrupted", lang), err=True)
            sys.exit(130)

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


def lang_in(args: Sequence[str]) -> str:
    """The ``--lang`` of a command line not parsed yet (``--lang en`` or ``--lang=en``), else the default ``id``.

    A usage error (an unknown option, a missing argument) stops click before ``--lang`` is read, so its message
    takes the language from the raw arguments.
    """
    for index, arg in enumerate(args):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else args[index + 1] if arg == "--lang" and index + 1 < len(args) else None
        if value in LANGUAGES:
            return value
    return LANGUAGES[0]


class LocalisedUsageError(click.UsageError):
    """A click usage error shown in Indonesian: the usage line, the help hint and the error, in our words.

    Click writes its own messages in English (through gettext, with no Indonesian catalogue); this rewords the
    errors a user meets (unknown option or command, missing argument, bad choice, missing file) from the exception's
    data, and keeps click's own sentence, marked as such, for the rare others.
    """

    def __init__(self, original: click.UsageError, lang: str) -> None:
        super().__init__(original.format_message(), original.ctx)
        self.original, self.lang = original, lang

    def show(self, file: Any = None) -> None:
        ctx, lang = self.ctx, self.lang
        lines = []
        if ctx is not None:
            usage = ctx.get_usage().removeprefix("Usage:").strip()
            lines.append(message("usage", lang, usage=usage))
            if ctx.command.get_help_option(ctx) is not None:
                option = max(ctx.command.get_help_option_names(ctx), key=len)
                lines.append(message("try_help", lang, command=f"{ctx.command_path} {option}") + "\n")
        lines.append(f"{error_word(lang)}: {usage_error_text(self.original, lang)}")
        click.echo("\n".join(lines), file=file, err=file is None)


def usage_error_text(exc: click.UsageError, lang: str) -> str:
    """The sentence of a click usage error in ``lang``, built from the exception's data (option, parameter, value)."""
    import re

    quoted = re.findall(r"'([^']*)'", exc.message)
    if isinstance(exc, click.NoSuchOption):
        text = message("no_such_option", lang, name=exc.option_name)
        if exc.possibilities:
            text += "; " + message("_did_you_mean", lang, hint=", ".join(sorted(exc.possibilities)))
        return text
    param = getattr(exc, "param", None)
    hint = getattr(exc, "param_hint", None) or (param.get_error_hint(exc.ctx) if param is not None and exc.ctx is not None else "")
    hint = " / ".join(hint) if isinstance(hint, (list, tuple)) else str(hint)
    if isinstance(exc, click.MissingParameter):
        return message("missing_parameter", lang, name=hint)
    if isinstance(exc, click.BadParameter) and param is not None:
        if isinstance(param.type, click.Choice) and quoted:
            choices = ", ".join(str(choice) for choice in param.type.choices)
            return message("bad_choice", lang, name=hint, shown=repr(quoted[0]), allowed=choices)
        if isinstance(param.type, click.Path) and "does not exist" in exc.message and quoted:
            return message("no_such_path", lang, name=hint, shown=repr(quoted[0]))
        return message("bad_parameter", lang, name=hint, detail=exc.message)
    if exc.message.startswith("No such command") and quoted:
        return message("no_such_command", lang, shown=repr(quoted[0]))
    if exc.message.startswith("Got unexpected extra argument"):
        extra = exc.message.split("(", 1)[1].rstrip(")") if "(" in exc.message else ""
        return message("extra_arguments", lang, arguments=extra)
    return message("bad_usage", lang, detail=exc.message)


class LocalisedGroup(click.Group):
    """A command group whose usage errors follow ``--lang`` (Indonesian unless ``--lang en``), like every other error."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any) -> click.Context:
        lang = lang_in(args)
        try:
            ctx = super().make_context(info_name, list(args), parent, **extra)
        except click.UsageError as exc:
            raise _localised(exc, lang) from None
        ctx.meta.setdefault("kemitraan.lang", lang)
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _localised(exc, ctx.meta.get("kemitraan.lang", LANGUAGES[0])) from None


def _localised(exc: click.UsageError, lang: str) -> click.UsageError:
    """``exc`` itself in English (click's words), else :class:`LocalisedUsageError`; never wrapped twice."""
    return exc if lang == "en" or isinstance(exc, LocalisedUsageError) else LocalisedUsageError(exc, lang)

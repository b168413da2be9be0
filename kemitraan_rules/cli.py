"""The ``kemitraan`` command line.

Exit codes: 0 success, 2 invalid input (scenario, rule file, network, ...; the error on stderr, no traceback),
1 any other failure.  Subcommands of other concerns (rules, network, lifecycle) live in their own ``_cli_*``
modules and are registered here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import EvaluationError, KemitraanError

__all__ = ["handle_errors", "main", "rules_option"]

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(func: F) -> F:
    """Turn library errors into a message on stderr and exit code 2 (invalid input) or 1 (anything else)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except EvaluationError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
        except KemitraanError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
        except OSError as exc:
            click.echo(f"error: {exc}", err=True)
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


def build_engine(rules: Sequence[Path], no_builtin: bool = False) -> Any:
    """An :class:`~kemitraan_rules.engine.Engine` over the built-in rulesets plus ``rules``."""
    from .engine import Engine
    from .rules import builtin

    paths: list[Path] = ([] if no_builtin else [builtin()]) + list(rules)
    return Engine(paths)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kemitraan-rules")
def main() -> None:
    """kemitraan: rule-based decision support for partnerships (kemitraan) of LKP, PAUD, PKBM and small firms."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True, help="Language of the text output.")
@rules_option
@click.option("--no-builtin", is_flag=True, help="Use only the --rules given, not the built-in rulesets.")
@handle_errors
def evaluate(files: Sequence[Path], fmt: str, lang: str, rules: Sequence[Path], no_builtin: bool) -> None:
    """Evaluate scenario FILES (YAML or JSON) and print the explained recommendation."""
    import json

    from .render import render_text
    from .scenario import load_scenario

    scenarios = [load_scenario(path) for path in files]  # validate all before evaluating any
    engine = build_engine(rules, no_builtin)
    reports = [engine.evaluate(scenario) for scenario in scenarios]
    if fmt == "json":
        data = reports[0].to_dict() if len(reports) == 1 else [report.to_dict() for report in reports]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))
    else:
        click.echo("\n".join(render_text(report, lang) for report in reports), nl=False)


def _register() -> None:
    """Attach the subcommands that live in their own modules."""
    import importlib

    for module_name, attribute in (
        ("._cli_rules", "rules"),
        ("._cli_network", "network_command"),
        ("._cli_lifecycle", "map_command"),
        ("._cli_lifecycle", "screen_command"),
        ("._cli_lifecycle", "plan_command"),
        ("._cli_batch", "batch_command"),
    ):
        try:
            module = importlib.import_module(module_name, __package__)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.endswith(module_name.lstrip(".")):
                continue  # that concern is not part of this build
            raise
        command = getattr(module, attribute, None)
        if isinstance(command, click.Command):
            main.add_command(command)


_register()


if __name__ == "__main__":  # pragma: no cover
    main()

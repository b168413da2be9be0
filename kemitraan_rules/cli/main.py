"""The ``kemitraan`` command line.

Exit codes: 0 success, 2 invalid input (scenario, rule file, network, ...; the error on stderr, no traceback),
1 any other failure.  Subcommands of other concerns (rules, network, lifecycle) live in their own
modules of this package and are registered here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .common import LocalisedGroup, build_engine, dump_records, handle_errors, lang_option, law_option, read_text, rules_option

__all__ = ["build_engine", "handle_errors", "main", "rules_option", "run"]

#: The subcommands defined in the other modules of this package: ``name -> (module, attribute)``.
_SUBCOMMANDS = {
    "batch": ("batch", "batch_command"),
    "compare": ("compare", "compare_command"),
    "map": ("lifecycle", "map_command"),
    "network": ("network", "network_command"),
    "plan": ("lifecycle", "plan_command"),
    "rules": ("rules", "rules"),
    "screen": ("lifecycle", "screen_command"),
}


class _Commands(LocalisedGroup):
    """A group whose subcommands from other modules are imported only when that subcommand runs (or help lists it),
    and whose usage errors follow ``--lang`` (:class:`~kemitraan_rules.cli.common.LocalisedGroup`).

    ``kemitraan evaluate`` then loads neither the rule-authoring tools, nor the network wing, nor the parallel batch
    machinery: start-up time is most of a one-file evaluation.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *_SUBCOMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _SUBCOMMANDS and cmd_name not in self.commands:
            import importlib

            module, attribute = _SUBCOMMANDS[cmd_name]
            command = getattr(importlib.import_module(f".{module}", __package__), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kemitraan-rules")
def main() -> None:
    """kemitraan: rule-based decision support for partnerships (kemitraan) of LKP, PAUD, PKBM and small firms."""


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "jsonl", "html"]),
    default="text",
    show_default=True,
    help="json: a list of reports; jsonl: one a line; html: a printable page.",
)
@lang_option
@rules_option
@click.option("--no-builtin", is_flag=True, help="Use only the --rules given, not the built-in rulesets.")
@law_option
@handle_errors
def evaluate(files: Sequence[Path], fmt: str, lang: str, rules: Sequence[Path], no_builtin: bool, law: str) -> None:
    """Evaluate scenario FILES (YAML or JSON; - reads standard input) and print the explained recommendation.

    A file with members and links (a consortium of more than two members) gets a report per link and findings on
    the partnership as a whole.
    """
    # Only what this run needs is imported: a two-party file loads neither the consortium's report nor a renderer
    # its output format does not use (start-up is most of a single evaluation; see docs/performance.md).
    from ..consortium.model import Consortium, load_scenario_or_consortium

    inputs = [read_text(path) for path in files]
    scenarios = [load_scenario_or_consortium(name, text=text) for name, text in inputs]  # validate all before evaluating any
    engine = build_engine(rules, no_builtin, law)
    if any(isinstance(s, Consortium) for s in scenarios):
        from ..consortium.report import evaluate_consortium

        reports: list[Any] = [evaluate_consortium(engine, s) if isinstance(s, Consortium) else engine.evaluate(s) for s in scenarios]
    else:
        reports = [engine.evaluate(s) for s in scenarios]
    if fmt in ("json", "jsonl"):
        click.echo(dump_records([report.to_dict() for report in reports], fmt), nl=False)
    elif fmt == "html":
        from ..html import report_page

        click.echo(report_page(reports, lang), nl=False)
    else:
        from ..consortium.render import render_consortium_text
        from ..consortium.report import ConsortiumReport
        from ..render import render_text

        texts = [render_consortium_text(r, lang) if isinstance(r, ConsortiumReport) else render_text(r, lang) for r in reports]
        click.echo("\n".join(texts), nl=False)


def run() -> None:
    """The ``kemitraan`` program (console script and ``python -m kemitraan_rules``): :func:`main`, then exit.

    The process ends as soon as the command does, so the objects it built are frozen out of the garbage collector
    first (:func:`gc.freeze`): the interpreter's final collection then skips them instead of walking every one
    (about a quarter of the wall time of a one-file ``evaluate``; see docs/performance.md).  Nothing is lost by it:
    output goes through files the commands close themselves, and standard output is flushed at exit as always.
    Code that calls :func:`main` and carries on (tests, click's ``CliRunner``) is unaffected: only this entry freezes.
    """
    import gc

    try:
        main()
    finally:
        gc.freeze()


if __name__ == "__main__":  # pragma: no cover
    run()

"""``kemitraan compare``: one scenario under both legal profiles, side by side (see ``docs/law.md``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from .common import handle_errors, rules_option

__all__ = ["compare_command"]


@click.command("compare")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True, help="Language of the text output.")
@rules_option
@handle_errors
def compare_command(file: Path, fmt: str, lang: str, rules: Sequence[Path]) -> None:
    """Evaluate scenario FILE under both legal profiles (UU 9/1995 and UU 20/2008) and show what differs and why."""
    import json

    from ..law import compare_laws
    from ..rules import builtin
    from ..scenario import load_scenario

    comparison = compare_laws(load_scenario(file), [builtin(), *rules])
    if fmt == "json":
        click.echo(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False, sort_keys=True))
    else:
        click.echo(comparison.render(lang), nl=False)

"""``kemitraan network FILE...``: summary of a partner network, as text or JSON, and optionally a picture.

Each FILE is a network file (top-level ``partnerships``) or a scenario file (top-level ``relationship``); scenarios
are combined into one network (:meth:`PartnerNetwork.from_scenarios`), network files are read one by one and
merged.  Invalid input prints the problems on stderr and exits with status 2, without a traceback.
The command is registered on the main group by ``kemitraan_rules.cli``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .. import wording
from .._yaml import load_document
from ..errors import KemitraanError, NetworkError, Problem
from .common import error_word

__all__ = ["network_command"]


def _load(files: tuple[str, ...]) -> Any:
    from ..network import PartnerNetwork
    from ..scenario import load_scenario

    scenarios = []
    merged: dict[str, Any] = {"parties": [], "partnerships": []}
    names = []
    for name in files:
        document = load_document(name, error=NetworkError)
        data = document.data
        if isinstance(data, dict) and "partnerships" in data:
            PartnerNetwork.from_dict(data, source=document.source)  # validate with file positions
            seen = {p["id"] for p in merged["parties"]}
            merged["parties"].extend(p for p in data.get("parties", []) if p.get("id") not in seen)
            merged["partnerships"].extend(data.get("partnerships", []))
            names.append(str(data.get("id") or Path(name).stem))
            merged["title"] = data.get("title", "")
        elif isinstance(data, dict) and "relationship" in data:
            scenarios.append(load_scenario(name))
        else:
            raise NetworkError(
                [Problem(path="", message="neither a network file (key 'partnerships') nor a scenario (key 'relationship')", file=name)],
                name,
            )
    if scenarios and not merged["partnerships"]:
        return PartnerNetwork.from_scenarios(scenarios)
    if scenarios:
        raise NetworkError([Problem(path="", message="give either network files or scenario files, not both")])
    merged["id"] = "+".join(names)
    return PartnerNetwork.from_dict(merged, source=None)


_HEADERS = {
    "id": ("pihak", "jenis", "kekuatan", "mitra", "porsi bergantung", "HHI", "alternatif", "kendala jaringan"),
    "en": ("party", "kind", "strength", "partners", "dep. share", "HHI", "alternatives", "constraint"),
}


def _text(net: Any, lang: str) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    en = lang == "en"
    console = Console(highlight=False)
    if not console.is_terminal:  # piped or captured: room for the labels, which are longer than the ids were
        console = Console(highlight=False, width=max(console.width, 150))
    count = f"{net.graph.number_of_nodes()} {'parties' if en else 'pihak'}, {net.graph.number_of_edges()} {'partnerships' if en else 'kemitraan'}"
    console.print(f"[bold]{escape(net.title or net.id)}[/bold]: {count}")
    table = Table(*_HEADERS[lang])
    # Party ids are never cut short ("bank_da…" would name no party); the other columns wrap at spaces instead.
    table.columns[0].no_wrap = True
    table.columns[0].min_width = max((len(str(p)) for p in net.parties), default=1)
    broker = net.brokerage(with_betweenness=False)
    for party in net.parties:
        strength, dep, bargaining = net.strength(party), net.dependency(party), net.bargaining(party)
        constraint = broker[party].constraint
        kind = net.graph.nodes[party].get("kind")
        table.add_row(
            party,
            wording.value_label("party_kind", kind, lang) if kind else "-",
            "-" if strength.ratio is None else f"{strength.ratio:.2f}",
            str(len(strength.partners)),
            f"{dep.total_share:.2f}",
            f"{dep.hhi:.2f}",
            "-" if bargaining.weakest is None else str(bargaining.weakest),
            "-" if constraint is None else f"{constraint:.2f}",
        )
    console.print(table)
    findings = net.findings()
    console.print(f"[bold]{'Findings' if en else 'Temuan'}[/bold] ({len(findings)})")
    for finding in findings:
        severity = wording.value_label("severity", finding.severity, lang)
        drawback = wording.concept_label("drawback", finding.drawback, lang)
        console.print(escape(f"- [{severity}] {drawback}: {finding.reason[lang]}"))
        console.print(escape(f"  -> {finding.mitigation[lang]}"))


@click.command("network")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Write a picture (.png or .svg).")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True, help="Language of the text output.")
def network_command(files: tuple[str, ...], fmt: str, plot_path: str | None, lang: str) -> None:
    """Summarise a partner network: strength, dependency, bargaining, cascade risks and findings."""
    try:
        net = _load(files)
        if plot_path is not None:
            net.plot(plot_path, lang=lang)
        if fmt == "json":
            click.echo(json.dumps(net.summary(), indent=2, ensure_ascii=False))
        else:
            _text(net, lang)
    except KemitraanError as exc:
        click.echo(f"{error_word(lang)}: {exc}", err=True)
        sys.exit(2)
    except OSError as exc:  # --plot into a missing folder, an unreadable file: a message, not a traceback
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)

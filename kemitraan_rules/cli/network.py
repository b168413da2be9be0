"""``kemitraan network FILE...``: summary of a partner network, as text or JSON, and optionally a picture.

Each FILE is a network file (top-level ``partnerships``) or a scenario file (top-level ``relationship``); scenarios
are combined into one network (:meth:`PartnerNetwork.from_scenarios`), network files are read one by one and
merged.  Invalid input prints the problems on stderr and exits with status 2, without a traceback.
The command is registered on the main group by ``kemitraan_rules.cli``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .. import wording
from .._yaml import load_document
from ..errors import KemitraanError, NetworkError, Problem, error_text
from .common import error_word, read_text

__all__ = ["network_command"]


def _load(files: tuple[str, ...]) -> Any:
    from ..network import PartnerNetwork
    from ..scenario import load_scenario

    scenarios = []
    merged: dict[str, Any] = {"parties": [], "partnerships": []}
    names = []
    for given in files:
        name, text = read_text(given)
        document = load_document(name, text=text, error=NetworkError)
        data = document.data
        if isinstance(data, dict) and "partnerships" in data:
            PartnerNetwork.from_dict(data, source=document.source)  # validate with file positions
            seen = {p["id"] for p in merged["parties"]}
            merged["parties"].extend(p for p in data.get("parties", []) if p.get("id") not in seen)
            merged["partnerships"].extend(data.get("partnerships", []))
            names.append(str(data.get("id") or Path(name).stem))
            merged["title"] = data.get("title", "")
        elif isinstance(data, dict) and "relationship" in data:
            scenarios.append(load_scenario(name, text=text))
        else:
            raise NetworkError(
                [Problem.make("network_or_scenario", file=name)],
                name,
            )
    if scenarios and not merged["partnerships"]:
        return PartnerNetwork.from_scenarios(scenarios)
    if scenarios:
        raise NetworkError([Problem.make("networks_and_scenarios")])
    merged["id"] = "+".join(names)
    return PartnerNetwork.from_dict(merged, source=None)


_HEADERS = {
    "id": ("pihak", "jenis", "kekuatan", "mitra", "porsi bergantung", "HHI", "alternatif", "kendala jaringan"),
    "en": ("party", "kind", "strength", "partners", "dep. share", "HHI", "alternatives", "constraint"),
}


def _table(headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    """Rows as left-aligned columns of plain text: every cell whole, whatever the width of the terminal or pipe."""
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in [headers, *rows]]


def _text(net: Any, lang: str) -> None:
    """The summary as plain text; nothing is cut, so piped output (``| less``, a file) holds every name and figure."""
    parties, partnerships = ("pihak", "kemitraan") if lang == "id" else ("parties", "partnerships")
    click.echo(f"{net.title or net.id}: {net.graph.number_of_nodes()} {parties}, {net.graph.number_of_edges()} {partnerships}")
    broker = net.brokerage(with_betweenness=False)
    rows = []
    for party in net.parties:
        strength, dep, bargaining = net.strength(party), net.dependency(party), net.bargaining(party)
        constraint = broker[party].constraint
        kind = net.graph.nodes[party].get("kind")
        rows.append(
            (
                net.party_name(party),
                wording.value_label("party_kind", kind, lang) if kind else "-",
                "-" if strength.ratio is None else f"{strength.ratio:.2f}",
                str(len(strength.partners)),
                f"{dep.total_share:.2f}",
                f"{dep.hhi:.2f}",
                "-" if bargaining.weakest is None else str(bargaining.weakest),
                "-" if constraint is None else f"{constraint:.2f}",
            )
        )
    for line in _table(_HEADERS[lang], rows):
        click.echo(line)
    findings = net.findings()
    click.echo(f"{'Temuan' if lang == 'id' else 'Findings'} ({len(findings)})")
    for finding in findings:
        severity = wording.value_label("severity", finding.severity, lang)
        drawback = wording.concept_label("drawback", finding.drawback, lang)
        click.echo(f"- [{severity}] {drawback}: {finding.reason[lang]}")
        click.echo(f"  -> {finding.mitigation[lang]}")


_MISSING = {
    "id": "perintah ini memerlukan paket tambahan '{extra}' ({module} tidak terpasang): pip install 'kemitraan-rules[{extra}]'",
    "en": "this command needs the '{extra}' extra ({module} is not installed): pip install 'kemitraan-rules[{extra}]'",
}


@click.command("network")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--plot", "plot_path", type=click.Path(dir_okay=False), help="Write a picture (.png or .svg).")
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True, help="Language of the text output and the picture.")
def network_command(files: tuple[str, ...], fmt: str, plot_path: str | None, lang: str) -> None:
    """Summarise a partner network (FILES: network or scenario files; - reads standard input): strength, dependency,
    bargaining, cascade risks and findings."""
    try:
        net = _load(files)
        if plot_path is not None:
            net.plot(plot_path, lang=lang)
        if fmt == "json":
            click.echo(json.dumps(net.summary(), indent=2, ensure_ascii=False))
        else:
            _text(net, lang)
    except (KemitraanError, OSError) as exc:  # OSError: --plot into a missing folder, an unreadable file
        click.echo(f"{error_word(lang)}: {error_text(exc, lang)}", err=True)
        sys.exit(2)
    except ModuleNotFoundError as exc:
        if exc.name not in ("networkx", "matplotlib"):
            raise
        extra = "network" if exc.name == "networkx" else "plot"
        click.echo(f"{error_word(lang)}: " + _MISSING[lang].format(extra=extra, module=exc.name), err=True)
        sys.exit(2)

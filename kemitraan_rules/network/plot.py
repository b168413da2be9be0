"""Pictures of a partner network with matplotlib (PNG or SVG).

Edges are coloured by partnership pattern and point from the dependent party to the party it depends on; nodes
are coloured by the category of their kind and sized by the paper's network strength (share of programmes
connected; parties without programmes get the smallest size).  Labels are drawn for up to 60 parties, with a white
box so that they stay readable over edges.  The layout is a seeded spring layout, so the same network gives the
same picture.

Only matplotlib's object-oriented API is used (a :class:`matplotlib.figure.Figure` that no ``pyplot`` state
knows): drawing or saving never changes the backend (no ``matplotlib.use``), so inline pictures of a notebook keep
working, and a figure returned as a cell's last expression is shown once.  matplotlib is the optional extra
``kemitraan-rules[plot]``, imported here only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from .. import vocabulary as v
from .. import wording
from ..errors import NetworkError, Problem, require_extra

if TYPE_CHECKING:
    from .model import PartnerNetwork

__all__ = ["plot_network"]

_FORMATS = ("png", "svg")
_NO_PATTERN = "(none)"
#: The legend titles, in the language of the picture.
_LEGEND = {"pattern": {"id": "pola", "en": "pattern"}, "category": {"id": "golongan pihak", "en": "party category"}}
_NONE = {"id": "tanpa pola", "en": "no pattern"}


def _pattern_label(pattern: str, lang: str) -> str:
    """A pattern of the legend by its catalogue label; edges without a pattern as "tanpa pola" / "no pattern"."""
    return _NONE[lang] if pattern == _NO_PATTERN else wording.concept_label("pattern", pattern, lang)


_LABEL_LIMIT = 60


def _colours(names: list[str], cmap_name: str) -> dict[str, Any]:
    matplotlib = require_extra("matplotlib", "plot", "drawing a network")
    cmap = matplotlib.colormaps[cmap_name]
    return {name: cmap(i % cmap.N) for i, name in enumerate(names)}


def _layout(simple: nx.Graph, seed: int) -> dict[Any, Any]:
    """Spring layout of the connected parties in [-1, 1]^2; isolated parties in a row below, so they do not squeeze
    the rest into the centre."""
    isolated = sorted(n for n in simple if simple.degree(n) == 0)
    connected = simple.subgraph([n for n in simple if simple.degree(n) > 0])
    positions: dict[Any, Any] = {}
    if connected.number_of_nodes():
        k = 3.0 / max(1, connected.number_of_nodes()) ** 0.5
        positions.update(nx.spring_layout(connected, k=k, iterations=300, seed=seed, scale=1.0))
    for index, node in enumerate(isolated):
        x = -1.0 + 2.0 * (index + 0.5) / len(isolated)
        positions[node] = (x, -1.25)
    return positions


def plot_network(
    network: PartnerNetwork,
    path: str | Path | None,
    *,
    title: str | None,
    max_parties: int,
    lang: str,
    seed: int,
) -> Any:
    """Draw ``network``; save to ``path`` (format from the suffix: .png or .svg) and return the figure."""
    if path is not None and Path(path).suffix.lower().lstrip(".") not in _FORMATS:
        raise NetworkError(
            [
                Problem.make(
                    "bad_picture_format",
                    "plot",
                    value=str(path),
                    allowed=tuple(f".{f}" for f in _FORMATS),
                    shown=repr(Path(path).suffix),
                )
            ]
        )
    require_extra("matplotlib", "plot", "drawing a network")
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    graph = network.graph
    nodes = sorted(graph)
    shown_note = ""
    if len(nodes) > max_parties:
        degree = dict(graph.degree())
        nodes = sorted(sorted(nodes, key=lambda n: (-degree[n], n))[:max_parties])
        shown_note = f" ({max_parties} pihak dengan kemitraan terbanyak)" if lang == "id" else f" ({max_parties} most connected parties shown)"
    sub = graph.subgraph(nodes)
    simple = nx.Graph(sub.to_undirected())
    count = max(1, len(nodes))
    positions = _layout(simple, seed)

    categories = sorted({v.PARTY_KIND_CATEGORY.get(str(sub.nodes[n].get("kind")), "lainnya") for n in nodes})
    category_colour = _colours(categories, "Pastel1")
    patterns = sorted({str(d.get("pattern") or _NO_PATTERN) for _u, _w, d in sub.edges(data=True)})
    ordered_patterns = [p for p in (*v.PATTERNS, _NO_PATTERN) if p in patterns]
    pattern_colour = _colours(ordered_patterns, "tab10")

    size = 14 if count <= 60 else 18
    fig = Figure(figsize=(size, size * 0.72), dpi=110)
    ax = fig.subplots()
    ratios = {n: network.strength(n).ratio for n in nodes}
    node_sizes = [500 + 1400 * (ratios[n] or 0.0) for n in nodes]
    node_colours = [category_colour[v.PARTY_KIND_CATEGORY.get(str(sub.nodes[n].get("kind")), "lainnya")] for n in nodes]
    nx.draw_networkx_nodes(sub, positions, nodelist=nodes, node_size=node_sizes, node_color=node_colours, edgecolors="#444444", linewidths=0.8, ax=ax)
    for pattern in ordered_patterns:
        edges = sorted({(u, w) for u, w, d in sub.edges(data=True) if str(d.get("pattern") or _NO_PATTERN) == pattern})
        widths = [0.8 + 3.0 * float(max((d.get("share") or 0.0) for d in sub.get_edge_data(u, w).values())) for u, w in edges]
        nx.draw_networkx_edges(
            sub,
            positions,
            edgelist=edges,
            edge_color=[pattern_colour[pattern]] * len(edges),
            width=widths,
            arrows=True,
            arrowstyle="-|>",
            arrowsize=14,
            connectionstyle="arc3,rad=0.08",
            nodelist=nodes,
            node_size=node_sizes,
            alpha=0.85,
            ax=ax,
        )
    if count <= _LABEL_LIMIT:
        nx.draw_networkx_labels(
            sub,
            positions,
            labels={n: network.party_name(n) for n in nodes},
            font_size=8 if count > 25 else 10,
            ax=ax,
            bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.75},
        )
    pattern_handles = [Line2D([0], [0], color=pattern_colour[p], lw=3, label=_pattern_label(p, lang)) for p in ordered_patterns]
    category_handles = [
        Line2D(
            [0],
            [0],
            marker="o",
            color="none",
            markerfacecolor=category_colour[c],
            markeredgecolor="#444444",
            markersize=11,
            label=wording.value_label("category", c, lang),
        )
        for c in categories
    ]
    legend = {"fontsize": 9, "title_fontsize": 10, "frameon": False}
    first = ax.legend(handles=pattern_handles, title=_LEGEND["pattern"][lang], loc="upper left", bbox_to_anchor=(1.01, 1.0), **legend)
    ax.add_artist(first)
    ax.legend(
        handles=category_handles,
        title=_LEGEND["category"][lang],
        loc="lower left",
        bbox_to_anchor=(1.01, 0.0),
        fontsize=9,
        title_fontsize=10,
        frameon=False,
    )
    if title is None:
        name = network.title or network.id
        if lang == "id":
            title = f"{name}: {graph.number_of_nodes()} pihak, {graph.number_of_edges()} kemitraan{shown_note}"
            caption = "Panah: pihak -> mitra tempat ia bergantung; tebal: bagian hasil usaha; ukuran simpul: kekuatan jejaring"
        else:
            title = f"{name}: {graph.number_of_nodes()} parties, {graph.number_of_edges()} partnerships{shown_note}"
            caption = "Arrow: party -> partner it depends on; width: share of output; node size: network strength"
    else:
        caption = ""
    ax.set_title(title, fontsize=14)
    if caption:
        ax.text(0.0, -0.02, caption, transform=ax.transAxes, fontsize=9, color="#555555", va="top")
    ax.set_axis_off()
    fig.tight_layout()
    if path is not None:
        fig.savefig(path, format=Path(path).suffix.lower().lstrip("."), bbox_inches="tight")
    return fig

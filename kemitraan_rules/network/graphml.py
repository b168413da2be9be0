"""GraphML input and output of a partner network.

GraphML holds only scalar attributes, so list and mapping attributes (``programmes``, ``offers``, ``provides``,
...) are written as JSON text and decoded on reading; ``None`` values are left out.  Reading returns plain data in
the network-file format, which :meth:`PartnerNetwork.from_dict` validates like any other input.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from ..errors import NetworkError, Problem

if TYPE_CHECKING:
    from .model import PartnerNetwork

__all__ = ["read_graphml", "write_graphml"]

_JSON_PREFIX = "json:"


#: Characters XML 1.0 cannot hold (C0 controls but tab, newline and return; surrogates; U+FFFE and U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _encode(value: Any) -> Any:
    """A GraphML attribute value: lists and mappings as JSON text, and so is text that XML cannot hold or that starts
    with the ``json:`` prefix (written as such, a title ``"\x1f"`` made a file no XML parser reads, and a name
    ``"json:[1]"`` would be decoded as a list on reading)."""
    if isinstance(value, (tuple, list, dict)):
        if isinstance(value, dict):
            value = {k: list(x) if isinstance(x, tuple) else x for k, x in value.items()}
        return _JSON_PREFIX + json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, str) and (value.startswith(_JSON_PREFIX) or _NOT_XML.search(value)):
        return _JSON_PREFIX + json.dumps(value)  # ASCII: every such character becomes a \u escape
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_JSON_PREFIX):
        return json.loads(value[len(_JSON_PREFIX) :])
    return value


def write_graphml(network: PartnerNetwork, path: Path) -> None:
    """Write ``network`` to ``path`` as GraphML (network id and title as graph attributes)."""
    graph = nx.MultiDiGraph(network_id=_encode(network.id), title=_encode(network.title))  # "id" clashes with GraphML's own
    for node, data in sorted(network.graph.nodes(data=True)):
        graph.add_node(node, **{k: _encode(x) for k, x in sorted(data.items()) if x is not None})
    for u, w, key, data in sorted(network.graph.edges(keys=True, data=True), key=lambda e: (str(e[2]), e[0], e[1])):
        graph.add_edge(u, w, key=key, **{k: _encode(x) for k, x in sorted(data.items()) if x is not None})
    nx.write_graphml(graph, path)


def read_graphml(path: Path) -> dict[str, Any]:
    """Read a GraphML file into network-file data (not yet validated)."""
    try:
        graph = nx.read_graphml(path, force_multigraph=True)
    except (OSError, nx.NetworkXError, ValueError, SyntaxError) as exc:  # ElementTree's ParseError is a SyntaxError
        raise NetworkError([Problem.make("bad_graphml", file=str(path), detail=str(exc))], str(path)) from None
    try:  # 'json:' attributes are decoded here: a malformed one is a NetworkError, not a traceback
        parties = [{"id": node, **{k: _decode(x) for k, x in data.items()}} for node, data in graph.nodes(data=True)]
        partnerships = [
            {"id": key, "party": u, "partner": w, **{k: _decode(x) for k, x in data.items()}} for u, w, key, data in graph.edges(keys=True, data=True)
        ]
    except (ValueError, RecursionError) as exc:  # json.JSONDecodeError is a ValueError
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise NetworkError([Problem.make("bad_graphml_json", file=str(path), detail=detail)], str(path)) from None
    result: dict[str, Any] = {"parties": parties, "partnerships": partnerships}
    for name, key in (("id", "network_id"), ("title", "title")):
        if graph.graph.get(key):
            result[name] = _decode(graph.graph[key])
    return result

"""Measures over a partner network: plain functions, graph first, each with its formula, source and example.

The graph is the ``networkx.MultiDiGraph`` of :class:`kemitraan_rules.network.PartnerNetwork`.  An edge ``u -> v``
means **u depends on v** (the plasma on its core, the subcontractor on its contractor, the franchisee on its
franchisor, the agent on its principal, the funded firm on its venture investor); its ``share`` is the share (0-1)
of u's output or revenue that goes through v.  Edge attributes: ``pattern``, ``share``, ``provides`` (party id ->
provisions), ``exclusivity``, ``agreement``, ``step``, ``programmes`` (party id -> programmes it connects).
Node attributes: ``kind``, ``scale``, ``name``, ``programmes``, ``offers``, ``needs``.

Most measures read a :class:`DependenceTable` (one pass over the edges) so that computing them for every party of a
100,000-party network stays linear in the number of edges; each function builds one when not given it.
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import attrs
import networkx as nx

from ..vocabulary import PARTY_KIND_CATEGORY

__all__ = [
    "Bargaining",
    "Brokerage",
    "Cascade",
    "DependenceTable",
    "Dependency",
    "SinglePoint",
    "Stop",
    "Strength",
    "bargaining_position",
    "betweenness",
    "brokerage",
    "burt_constraint",
    "cascade",
    "dependence_table",
    "dependency_concentration",
    "effective_size",
    "hhi",
    "network_strength",
    "single_points_of_failure",
]

_EPSILON = 1e-9


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building large tables (only acyclic data is allocated).

    Building 300,000 small dicts and tuples triggers many full collections that find nothing; pausing them halves
    the build time of a 100,000-party network.  The previous state is restored on exit.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _clean(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 6)


# --------------------------------------------------------------------------------------------------------------------
# Dependence table
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class DependenceTable:
    """Dependence aggregated per ordered pair of parties (parallel partnerships summed, capped at 1).

    ``out[u][v]`` is u's dependence on v; ``into[v][u]`` the same seen from v; ``patterns[(u, v)]`` the sorted
    patterns of the partnerships from u to v; ``exclusive`` the pairs bound by an exclusivity clause;
    ``provides[(u, v)]`` what v provides to u on those partnerships.
    """

    out: Mapping[str, Mapping[str, float]]
    into: Mapping[str, Mapping[str, float]]
    patterns: Mapping[tuple[str, str], tuple[str, ...]]
    exclusive: frozenset[tuple[str, str]]
    provides: Mapping[tuple[str, str], tuple[str, ...]]


def edge_share(data: Mapping[str, Any], assumed_share: Mapping[str, float]) -> float:
    """The share of an edge: its stated ``share``, else the assumed share of its pattern, else 0.

    >>> edge_share({"share": 0.4, "pattern": "inti_plasma"}, {"inti_plasma": 0.8})
    0.4
    >>> edge_share({"share": None, "pattern": "inti_plasma"}, {"inti_plasma": 0.8})
    0.8
    """
    share = data.get("share")
    if share is not None:
        return float(share)
    pattern = data.get("pattern")
    return float(assumed_share.get(pattern, 0.0)) if pattern is not None else 0.0


def dependence_table(graph: nx.MultiDiGraph, assumed_share: Mapping[str, float] | None = None) -> DependenceTable:
    """Aggregate the edges of ``graph`` into a :class:`DependenceTable` (one pass, O(edges)).

    Dependence of u on v: ``d(u, v) = min(1, sum of the shares of the partnerships u -> v)``.

    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", share=0.3, pattern="dagang_umum"); g.add_edge("a", "b", share=0.2, pattern="keagenan")
    0
    1
    >>> table = dependence_table(g)
    >>> table.out["a"]["b"], table.patterns[("a", "b")]
    (0.5, ('dagang_umum', 'keagenan'))
    """
    with paused_gc():
        return _dependence_table(graph, assumed_share or {})


def _dependence_table(graph: nx.MultiDiGraph, assumed: Mapping[str, float]) -> DependenceTable:
    out: dict[str, dict[str, float]] = defaultdict(dict)
    patterns: dict[tuple[str, str], set[str]] = defaultdict(set)
    provides: dict[tuple[str, str], set[str]] = defaultdict(set)
    exclusive: set[tuple[str, str]] = set()
    for u, v, data in graph.edges(data=True):
        row = out[u]
        row[v] = row.get(v, 0.0) + edge_share(data, assumed)
        if data.get("pattern") is not None:
            patterns[(u, v)].add(data["pattern"])
        if data.get("exclusivity"):
            exclusive.add((u, v))
        given = (data.get("provides") or {}).get(v)
        if given:
            provides[(u, v)].update(given)
    into: dict[str, dict[str, float]] = defaultdict(dict)
    for u, row in out.items():
        for v, share in row.items():
            capped = min(1.0, share)
            row[v] = capped
            into[v][u] = capped
    return DependenceTable(
        out=dict(out),
        into=dict(into),
        patterns={pair: tuple(sorted(names)) for pair, names in patterns.items()},
        exclusive=frozenset(exclusive),
        provides={pair: tuple(sorted(names)) for pair, names in provides.items()},
    )


# --------------------------------------------------------------------------------------------------------------------
# Network strength (Kamil 2010 / Kemendiknas 2010: the more programmes connected, the stronger the network)
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class Strength:
    """The paper's network strength of an institution, with the partners behind it."""

    party: str
    programmes: tuple[str, ...]
    connected: tuple[str, ...]
    ratio: float | None
    partners: tuple[str, ...]
    partner_kinds: tuple[str, ...]
    partner_categories: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data, lists sorted."""
        return {
            "party": self.party,
            "programmes": list(self.programmes),
            "connected": list(self.connected),
            "ratio": _clean(self.ratio),
            "partners": len(self.partners),
            "partner_kinds": list(self.partner_kinds),
            "kind_diversity": len(self.partner_kinds),
            "category_diversity": len(self.partner_categories),
        }


def network_strength(graph: nx.MultiDiGraph, party: str) -> Strength:
    """Network strength of ``party``: the share of its programmes connected to at least one external partner.

    Formula: ``S(p) = |{programme g of p : some partnership of p, in either direction, lists g}| / |programmes(p)|``;
    ``None`` when p declares no programme.  The record also gives the partners (neighbours in either direction),
    their distinct kinds and categories: the count and diversity behind the ratio.

    Source: the paper's LKP network cycle (Kemendiknas 2010, cited with Kamil 2010): the more of an institution's
    programmes are connected to external sources, the stronger its network and its standing.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("lkp", kind="lkp", programmes=("jahit", "boga", "tik")); g.add_node("pt", kind="dudi")
    >>> g.add_node("bank", kind="bank")
    >>> _ = g.add_edge("lkp", "pt", programmes={"lkp": ("jahit",)})
    >>> _ = g.add_edge("bank", "lkp", programmes={"lkp": ("boga",)})
    >>> s = network_strength(g, "lkp")
    >>> round(s.ratio, 3), s.connected, s.partner_kinds
    (0.667, ('boga', 'jahit'), ('bank', 'dudi'))
    """
    programmes = tuple(sorted(graph.nodes[party].get("programmes", ())))
    own = set(programmes)
    connected: set[str] = set()
    partners: set[str] = set()
    for _u, v, data in graph.out_edges(party, data=True):
        partners.add(v)
        connected.update(own.intersection((data.get("programmes") or {}).get(party, ())))
    for u, _v, data in graph.in_edges(party, data=True):
        partners.add(u)
        connected.update(own.intersection((data.get("programmes") or {}).get(party, ())))
    partners.discard(party)
    kinds = {graph.nodes[p].get("kind") for p in partners} - {None}
    categories = {PARTY_KIND_CATEGORY.get(k) for k in kinds} - {None}
    ratio = len(connected) / len(programmes) if programmes else None
    return Strength(
        party=party,
        programmes=programmes,
        connected=tuple(sorted(connected)),
        ratio=ratio,
        partners=tuple(sorted(partners)),
        partner_kinds=tuple(sorted(str(k) for k in kinds)),
        partner_categories=tuple(sorted(str(c) for c in categories)),
    )


# --------------------------------------------------------------------------------------------------------------------
# Dependency concentration (Herfindahl-Hirschman index; Patatoukas 2012)
# --------------------------------------------------------------------------------------------------------------------


def hhi(shares: Iterable[float]) -> float:
    """Herfindahl-Hirschman index of ``shares`` after normalising them to sum to 1.

    Formula: ``HHI = sum_i (s_i / sum_j s_j)^2``; it lies in ``[1/n, 1]`` for n positive shares (1/n when equal,
    1 when one partner takes everything).  Zero when there is no positive share (no dependence at all).

    Source: Herfindahl (1950), Hirschman (1945); Patatoukas (2012) uses it over a supplier's customers as
    *customer-base concentration*.

    >>> hhi([0.8])
    1.0
    >>> hhi([0.3, 0.3])
    0.5
    >>> round(hhi([0.6, 0.2, 0.2]), 3)
    0.44
    >>> hhi([])
    0.0
    """
    values = [s for s in shares if s > 0]
    total = math.fsum(values)
    if total <= 0:
        return 0.0
    return math.fsum((s / total) ** 2 for s in values)


@attrs.frozen
class Dependency:
    """Dependence of a party on its partners: shares per partner, their total, and their concentration."""

    party: str
    shares: Mapping[str, float]
    total_share: float
    hhi: float
    hhi_output: float

    @property
    def main_partner(self) -> str | None:
        """The partner with the largest share (ties broken by id), or ``None``."""
        if not self.shares:
            return None
        return min(self.shares, key=lambda p: (-self.shares[p], p))

    def to_dict(self) -> dict[str, Any]:
        """Plain data; shares sorted by partner id."""
        return {
            "party": self.party,
            "shares": {p: round(s, 6) for p, s in sorted(self.shares.items())},
            "total_share": round(self.total_share, 6),
            "hhi": round(self.hhi, 6),
            "hhi_output": round(self.hhi_output, 6),
            "main_partner": self.main_partner,
        }


def dependency_concentration(
    graph: nx.MultiDiGraph,
    party: str,
    *,
    assumed_share: Mapping[str, float] | None = None,
    table: DependenceTable | None = None,
) -> Dependency:
    """Concentration of ``party``'s dependence across the partners it depends on.

    Formula: with ``d_v`` the dependence of the party on partner v (the summed shares of its partnerships to v),
    ``hhi = HHI(d_v)`` (see :func:`hhi`, shares normalised over partners, in [1/n, 1]) and
    ``hhi_output = sum_v d_v^2`` (Patatoukas' form over the whole output, in [0, 1]: output that goes through no
    partner is not concentrated).  ``total_share = sum_v d_v``.

    Source: Patatoukas (2012), customer-base concentration; Kamil (2010) warns of dependency (``ketergantungan``).

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "b", share=0.6); _ = g.add_edge("a", "c", share=0.2)
    >>> d = dependency_concentration(g, "a")
    >>> round(d.hhi, 4), round(d.hhi_output, 4), round(d.total_share, 4), d.main_partner
    (0.625, 0.4, 0.8, 'b')
    """
    table = table or dependence_table(graph, assumed_share)
    shares = dict(sorted(table.out.get(party, {}).items()))
    return Dependency(
        party=party,
        shares=shares,
        total_share=math.fsum(shares.values()),
        hhi=hhi(shares.values()),
        hhi_output=math.fsum(s * s for s in shares.values()),
    )


# --------------------------------------------------------------------------------------------------------------------
# Bargaining position from alternatives (Emerson 1962)
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class Bargaining:
    """Alternatives a party has for each partner it depends on, and Emerson's dependence index per partner."""

    party: str
    needs: Mapping[str, tuple[str, ...]]
    alternatives: Mapping[str, int]
    dependence_index: Mapping[str, float]
    exclusive: tuple[str, ...]

    @property
    def weakest(self) -> int | None:
        """The fewest alternatives over the partners (``None`` when the party depends on nobody)."""
        return min(self.alternatives.values()) if self.alternatives else None

    def to_dict(self) -> dict[str, Any]:
        """Plain data sorted by partner id."""
        return {
            "party": self.party,
            "needs": {p: list(n) for p, n in sorted(self.needs.items())},
            "alternatives": dict(sorted(self.alternatives.items())),
            "dependence_index": {p: round(x, 6) for p, x in sorted(self.dependence_index.items())},
            "exclusive": list(self.exclusive),
            "weakest": self.weakest,
        }


@attrs.frozen
class ProviderIndex:
    """Who can provide what: provision id -> parties offering it (node ``offers`` or ``provides`` on an edge)."""

    by_provision: Mapping[str, frozenset[str]]
    by_kind: Mapping[str, frozenset[str]]


def provider_index(graph: nx.MultiDiGraph) -> ProviderIndex:
    """Index the parties able to provide each provision, and the parties of each kind (one pass)."""
    by_provision: dict[str, set[str]] = defaultdict(set)
    by_kind: dict[str, set[str]] = defaultdict(set)
    for node, data in graph.nodes(data=True):
        for provision in data.get("offers", ()):
            by_provision[provision].add(node)
        if data.get("kind") is not None:
            by_kind[data["kind"]].add(node)
    for _u, _v, data in graph.edges(data=True):
        for provider, provisions in (data.get("provides") or {}).items():
            for provision in provisions:
                by_provision[provision].add(provider)
    return ProviderIndex({k: frozenset(x) for k, x in by_provision.items()}, {k: frozenset(x) for k, x in by_kind.items()})


def _count_without(pool: frozenset[str], *excluded: str) -> int:
    return len(pool) - sum(1 for x in excluded if x in pool)


def bargaining_position(
    graph: nx.MultiDiGraph,
    party: str,
    *,
    assumed_share: Mapping[str, float] | None = None,
    table: DependenceTable | None = None,
    index: ProviderIndex | None = None,
) -> Bargaining:
    """Bargaining position of ``party``: how many alternative partners could provide what it gets from each partner.

    For each partner v the party depends on, the *needs* are what v provides to it on their partnerships, else
    what v offers that the party needs, else (nothing known) "a party of v's kind".  The alternatives for v are
    the other parties (neither the party nor v) able to provide the scarcest of those needs.  An exclusivity
    clause on a partnership to v sets its alternatives to 0: the party is bound and cannot turn to others
    (Kamil 2010, ``posisi_tawar_rendah``).  Emerson's dependence index is ``d_v / (1 + alternatives_v)``.

    Source: Emerson (1962), *Power-dependence relations*: A's dependence on B rises with A's stake in what B
    mediates and falls with the alternatives open to A outside the relation.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="usaha_kecil"); g.add_node("b", kind="dudi"); g.add_node("c", kind="dudi", offers=("bahan_baku",))
    >>> _ = g.add_edge("a", "b", share=0.6, provides={"b": ("bahan_baku",)})
    >>> bp = bargaining_position(g, "a")
    >>> bp.alternatives["b"], round(bp.dependence_index["b"], 2)
    (1, 0.3)
    """
    table = table or dependence_table(graph, assumed_share)
    index = index or provider_index(graph)
    own = graph.nodes[party]
    needs: dict[str, tuple[str, ...]] = {}
    alternatives: dict[str, int] = {}
    dependence: dict[str, float] = {}
    exclusive: list[str] = []
    for partner, share in sorted(table.out.get(party, {}).items()):
        wanted = table.provides.get((party, partner), ())
        if not wanted:
            offers = set(graph.nodes[partner].get("offers", ()))
            wanted = tuple(sorted(offers.intersection(own.get("needs", ()))))
        needs[partner] = wanted
        if (party, partner) in table.exclusive:
            count = 0
            exclusive.append(partner)
        elif wanted:
            empty: frozenset[str] = frozenset()
            count = min(_count_without(index.by_provision.get(w, empty), party, partner) for w in wanted)
        else:
            kind = graph.nodes[partner].get("kind")
            pool = index.by_kind.get(kind, frozenset()) if kind is not None else frozenset()
            count = _count_without(pool, party, partner)
        alternatives[partner] = count
        dependence[partner] = share / (1 + count)
    return Bargaining(party, needs, alternatives, dependence, tuple(exclusive))


# --------------------------------------------------------------------------------------------------------------------
# Brokerage (Burt 1992; Freeman 1977)
# --------------------------------------------------------------------------------------------------------------------


def _undirected_adjacency(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    adjacency: dict[str, set[str]] = {node: set() for node in graph}
    for u, v in graph.edges():
        if u != v:
            adjacency[u].add(v)
            adjacency[v].add(u)
    return adjacency


def _burt(graph: nx.MultiDiGraph) -> tuple[dict[str, float], dict[str, float]]:
    adjacency = _undirected_adjacency(graph)
    inverse_degree = {n: 1.0 / len(nbrs) for n, nbrs in adjacency.items() if nbrs}
    constraint: dict[str, float] = {}
    esize: dict[str, float] = {}
    for node in sorted(adjacency):
        neighbours = adjacency[node]
        if not neighbours:
            constraint[node] = esize[node] = math.nan
            continue
        p = inverse_degree[node]
        total = 0.0
        redundancy = 0
        for other in neighbours:
            common = neighbours & adjacency[other]
            redundancy += len(common)
            indirect = p * math.fsum(inverse_degree[q] for q in common)
            total += (p + indirect) ** 2
        constraint[node] = total
        esize[node] = len(neighbours) - redundancy / len(neighbours)
    return constraint, esize


def burt_constraint(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Burt's constraint of every party, over the undirected, unweighted simple graph of partnerships.

    Formula: ``c_i = sum_{j in N(i)} (p_ij + sum_{q in N(i), q != j} p_iq p_qj)^2`` with ``p_ij = 1/deg(i)`` for a
    tie (direction and parallel partnerships ignored: a tie is a tie).  High constraint: the party's partners are
    tied to each other, so it has no structural hole to broker.  Isolated parties get ``nan`` (undefined, as in
    NetworkX); records turn it into ``None``.

    Why not ``networkx.constraint`` directly: on a ``DiGraph`` it follows successors only, so a party that is only
    depended upon gets ``nan``; on a multigraph it silently miscounts; and it takes minutes at 100,000 parties.
    This function gives the same values as NetworkX on the undirected simple graph (a test pins it) in linear time
    in the number of (tie, common neighbour) pairs.

    Source: Burt (1992), *Structural Holes*; NetworkX ``structuralholes``.

    >>> g = nx.MultiDiGraph([("a", "b"), ("c", "b"), ("b", "d")]); g.add_node("z")
    >>> {k: round(x, 3) for k, x in burt_constraint(g).items() if not math.isnan(x)}
    {'a': 1.0, 'b': 0.333, 'c': 1.0, 'd': 1.0}
    """
    return _burt(graph)[0]


def effective_size(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Burt's effective size of every party's network (undirected, unweighted; isolates ``nan``).

    Formula (Borgatti 1997 simplification, exact for unweighted undirected ties):
    ``e_i = n_i - 2 t_i / n_i`` with n_i the number of partners and t_i the ties among them.

    Source: Burt (1992); Borgatti (1997), *Structural holes: unpacking Burt's redundancy measures*.

    >>> g = nx.MultiDiGraph([("a", "b"), ("a", "c"), ("b", "c"), ("a", "d")])
    >>> effective_size(g)["a"]
    2.3333333333333335
    """
    return _burt(graph)[1]


def betweenness(graph: nx.MultiDiGraph, *, k: int | None = None, seed: int = 0) -> dict[str, float]:
    """Normalised betweenness centrality over the undirected simple graph; ``k`` pivots sample it (Brandes 2008).

    Formula: ``b(v) = sum_{s != v != t} sigma_st(v) / sigma_st``, normalised by ``(n-1)(n-2)/2``.

    Source: Freeman (1977); Brandes (2001) for the algorithm, Brandes & Pich (2007) for pivot sampling.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c")])
    >>> betweenness(g)["b"]
    1.0
    """
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    if k is not None and k >= simple.number_of_nodes():
        k = None
    result: dict[str, float] = nx.betweenness_centrality(simple, k=k, seed=seed, normalized=True)
    return result


@attrs.frozen
class Brokerage:
    """Brokerage measures of one party (``None`` where undefined: isolated parties)."""

    party: str
    constraint: float | None
    effective_size: float | None
    betweenness: float | None

    def to_dict(self) -> dict[str, Any]:
        """Plain data, rounded to 6 places."""
        return {
            "party": self.party,
            "constraint": _clean(self.constraint),
            "effective_size": _clean(self.effective_size),
            "betweenness": _clean(self.betweenness),
        }


def brokerage(graph: nx.MultiDiGraph, *, with_betweenness: bool = True, k: int | None = None, seed: int = 0) -> dict[str, Brokerage]:
    """Constraint, effective size and (optionally sampled) betweenness of every party, sorted by id."""
    constraint, esize = _burt(graph)
    between = betweenness(graph, k=k, seed=seed) if with_betweenness else {}
    return {
        node: Brokerage(
            node,
            None if math.isnan(constraint[node]) else constraint[node],
            None if math.isnan(esize[node]) else esize[node],
            between.get(node),
        )
        for node in sorted(graph)
    }


# --------------------------------------------------------------------------------------------------------------------
# Cascade of failures and single points of failure (Hafsah 2010: the plasma stops when the core fails)
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class Stop:
    """One party stopped by a cascade: in which wave, which stopped partners caused it, and how much it lost."""

    party: str
    wave: int
    lost_share: float
    because: tuple[tuple[str, float], ...]
    patterns: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {
            "party": self.party,
            "wave": self.wave,
            "lost_share": round(self.lost_share, 6),
            "because": [{"partner": p, "share": round(s, 6)} for p, s in self.because],
            "patterns": list(self.patterns),
        }


@attrs.frozen
class Cascade:
    """The ordered result of a cascade: the failed parties and every party stopped, wave by wave."""

    failed: tuple[str, ...]
    threshold: float
    stops: tuple[Stop, ...]

    @property
    def stopped(self) -> tuple[str, ...]:
        """Ids of the stopped parties, in cascade order."""
        return tuple(stop.party for stop in self.stops)

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"failed": list(self.failed), "threshold": self.threshold, "stops": [s.to_dict() for s in self.stops]}


def cascade(
    graph: nx.MultiDiGraph,
    failed: Iterable[str],
    *,
    threshold: float,
    assumed_share: Mapping[str, float] | None = None,
    table: DependenceTable | None = None,
) -> Cascade:
    """Remove the ``failed`` parties and stop, recursively, every party that loses at least ``threshold`` of its output.

    Formula: a party u stops in wave w+1 when ``sum_{v stopped by wave w} d(u, v) >= threshold`` (d: dependence,
    see :func:`dependence_table`).  Waves are computed breadth first; within a wave parties are sorted by id, so
    the order is deterministic.  Losses add up: two partners of 30% each stop a party at a threshold of 0.5.  The
    cascade is monotone: failing more parties never stops fewer.  Cost: O(edges into stopped parties).

    Source: Hafsah (2010): in core-plasma the plasma depends on the core, and when the core makes a loss the plasma
    stops (``ketergantungan_inti``); the threshold comes from ``rulesets/settings/network.yaml``.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("plasma", "inti", share=0.8, pattern="inti_plasma")
    >>> _ = g.add_edge("kios", "plasma", share=0.6, pattern="dagang_umum")
    >>> [(s.party, s.wave) for s in cascade(g, ["inti"], threshold=0.5).stops]
    [('plasma', 1), ('kios', 2)]
    """
    table = table or dependence_table(graph, assumed_share)
    start = tuple(sorted(set(failed)))
    stopped = set(start)
    lost: dict[str, float] = defaultdict(float)
    causes: dict[str, list[tuple[str, float]]] = defaultdict(list)
    stops: list[Stop] = []
    wave = list(start)
    number = 0
    while wave:
        number += 1
        reached: set[str] = set()
        for source in wave:
            for dependent, share in table.into.get(source, {}).items():
                if dependent in stopped:
                    continue
                lost[dependent] += share
                causes[dependent].append((source, share))
                if lost[dependent] >= threshold - _EPSILON:
                    reached.add(dependent)
        wave = sorted(reached)
        for party in wave:
            stopped.add(party)
            because = tuple(sorted(causes[party], key=lambda c: (-c[1], c[0])))
            patterns = sorted({p for partner, _ in because for p in table.patterns.get((party, partner), ())})
            stops.append(Stop(party, number, min(1.0, lost[party]), because, tuple(patterns)))
    return Cascade(start, threshold, tuple(stops))


@attrs.frozen
class SinglePoint:
    """A party whose failure alone stops others: the parties halted, in cascade order."""

    party: str
    halted: tuple[str, ...]
    direct: tuple[str, ...]
    patterns: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data."""
        return {"party": self.party, "halted": list(self.halted), "direct": list(self.direct), "patterns": list(self.patterns)}


def single_points_of_failure(
    graph: nx.MultiDiGraph,
    *,
    threshold: float,
    assumed_share: Mapping[str, float] | None = None,
    table: DependenceTable | None = None,
) -> tuple[SinglePoint, ...]:
    """Parties whose failure alone halts at least one other party, with the full cascade each would cause.

    A party v is a single point of failure when some u has ``d(u, v) >= threshold`` (only then can the first wave
    of ``cascade([v])`` be non-empty); the cascade is then run for each such v.  Sorted by the number of parties
    halted (most first), then by id.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("p1", "inti", share=0.9, pattern="inti_plasma"); _ = g.add_edge("p2", "inti", share=0.1)
    >>> [(s.party, s.halted) for s in single_points_of_failure(g, threshold=0.5)]
    [('inti', ('p1',))]
    """
    table = table or dependence_table(graph, assumed_share)
    result: list[SinglePoint] = []
    for party in sorted(table.into):
        direct = tuple(sorted(u for u, s in table.into[party].items() if s >= threshold - _EPSILON))
        if not direct:
            continue
        run = cascade(graph, [party], threshold=threshold, table=table)
        patterns = sorted({p for u in direct for p in table.patterns.get((u, party), ())})
        result.append(SinglePoint(party, run.stopped, direct, tuple(patterns)))
    result.sort(key=lambda s: (-len(s.halted), s.party))
    return tuple(result)

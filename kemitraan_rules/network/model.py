"""The partner network: parties and partnerships as a ``networkx.MultiDiGraph``, with dependency, bargaining and
cascade analysis.

The paper's claim made measurable: the more of an institution's programmes are connected to external partners,
the stronger its network and its standing (:meth:`PartnerNetwork.strength`).  Its warnings made visible: a plasma
that stops when its core fails (:meth:`PartnerNetwork.cascade`, Hafsah 2010) and partners bound to one dominant
firm with no alternatives (:meth:`PartnerNetwork.bargaining`, Kamil 2010).  :meth:`PartnerNetwork.findings` turns
them into warnings of the same shape as the engine's report warnings, with the drawback ids of the inventory.

**Direction of dependence.**  An edge ``u -> v`` (``add_partnership(u, v, ...)``) means *u depends on v*: the plasma
on its core (``inti_plasma``), the subcontractor on its contractor (``subkontrak``), the franchisee on its franchisor
(``waralaba``), the agent on its principal (``keagenan``), the funded firm on its venture investor
(``modal_ventura``).  ``share`` is the share (0-1) of u's output or revenue going through v; a party's shares sum to
at most 1.  Arrows in pictures point the same way, from the dependent to the party it depends on.

Thresholds are data, in ``rulesets/settings/network.yaml``; ``PartnerNetwork(thresholds={...})`` overrides some.
The measures themselves are plain functions in :mod:`kemitraan_rules.network.measures`, re-exported by the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import networkx as nx

from .. import vocabulary as v
from .._validate import A_MAPPING
from .._yaml import SourceMap, json_text, load_document
from ..errors import NetworkError, Problem, type_word
from ..facts import assess_strength
from ..vocabulary import Text
from .measures import (
    Bargaining,
    Brokerage,
    Cascade,
    DependenceTable,
    Dependency,
    ProviderIndex,
    SinglePoint,
    Stop,
    Strength,
    bargaining_position,
    brokerage,
    cascade,
    dependence_table,
    dependency_concentration,
    network_strength,
    paused_gc,
    provider_index,
    single_points_of_failure,
)
from .settings import NetworkSettings, default_settings, settings_with
from .validate import check_partnership, check_party

if TYPE_CHECKING:
    from ..scenario import Scenario

__all__ = ["SEVERITIES", "Finding", "PartnerNetwork", "load_network"]

#: Severities of findings, most severe first (the order findings are sorted in).
SEVERITIES: tuple[str, ...] = v.SEVERITIES
_PARTY_ATTRIBUTES = ("kind", "name", "scale", "programmes", "offers", "needs")


@attrs.frozen
class Finding:
    """A network-level warning, in the same shape as the engine report's warnings.

    ``drawback`` is an id of :data:`kemitraan_rules.vocabulary.DRAWBACKS`; ``rule`` a stable id such as
    ``network.hhi_concentration``; ``subject`` the parties concerned (the party first); ``reason`` and
    ``mitigation`` are keyed by language (``id``, ``en``); ``figures`` the numbers behind the finding.
    """

    drawback: str
    rule: str
    subject: tuple[str, ...]
    reason: Mapping[str, str]
    mitigation: Mapping[str, str]
    severity: str
    figures: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        """Plain data (figures rounded to 6 places)."""
        return {
            "drawback": self.drawback,
            "rule": self.rule,
            "subject": list(self.subject),
            "reason": dict(sorted(self.reason.items())),
            "mitigation": dict(sorted(self.mitigation.items())),
            "severity": self.severity,
            "figures": {k: round(x, 6) for k, x in sorted(self.figures.items())},
        }


class PartnerNetwork:
    """Parties (nodes) and partnerships (edges ``dependent -> partner``) of a partner network.

    Build it edge by edge (:meth:`add_party`, :meth:`add_partnership`), from a network file
    (:func:`load_network`), from JSON or GraphML (:meth:`from_json`, :meth:`from_graphml`) or from evaluated
    scenarios (:meth:`from_scenarios`).  Every way validates the same: a bad input raises :class:`NetworkError`
    naming the edge and the problem, and nothing is added.

    ``graph`` is the ``networkx.MultiDiGraph`` itself (read it freely; change it only through the methods, which
    keep the shares valid and the cached tables fresh).
    """

    def __init__(
        self,
        *,
        thresholds: Mapping[str, Any] | None = None,
        settings: NetworkSettings | None = None,
        id: str = "network",
        title: str = "",
    ) -> None:
        self.graph: nx.MultiDiGraph = nx.MultiDiGraph()
        self.settings = settings_with(settings or default_settings(), thresholds)
        self.id = id
        self.title = title
        self._share_sums: dict[str, float] = {}
        self._edge_keys: set[str] = set()
        self._table: DependenceTable | None = None
        self._index: ProviderIndex | None = None

    # ---- building -------------------------------------------------------------------------------------------------

    def __repr__(self) -> str:
        from ..display import short_repr

        return short_repr(self)

    def _repr_html_(self) -> str:
        """The network as a picture with its measures and findings (Jupyter; language of ``kemitraan_rules.options``)."""
        from ..html import to_html

        return to_html(self)

    def _repr_markdown_(self) -> str:
        """The network as Markdown: measures by party name and the findings with mitigations (language of ``kemitraan_rules.options``)."""
        from ..display import to_markdown

        return to_markdown(self)

    def measures_frame(self) -> Any:
        """The measures of every party as a pandas DataFrame indexed by party (extra ``kemitraan-rules[analysis]``)."""
        from ..tables import measures_frame

        return measures_frame(self)

    def findings_frame(self) -> Any:
        """The findings as a pandas DataFrame, one row per finding (extra ``kemitraan-rules[analysis]``)."""
        from ..tables import findings_frame

        return findings_frame(self)

    def _changed(self) -> None:
        self._table = None
        self._index = None

    def add_party(self, party_id: str, **attributes: Any) -> None:
        """Add a party (or update the attributes of a known one); attributes as in the scenario model, all optional.

        Accepted: ``kind``, ``name``, ``scale``, ``programmes``, ``offers``, ``needs`` and the other party fields
        of :class:`kemitraan_rules.scenario.Party`; English aliases are turned into the Indonesian ids.
        """
        known = dict(self.graph.nodes[party_id]) if party_id in self.graph else {}
        raw = {**known, **{k: x for k, x in attributes.items() if x is not None}, "id": party_id}
        for key in ("programmes", "offers", "needs", "vision"):
            if isinstance(raw.get(key), tuple):
                raw[key] = list(raw[key])
        if raw.get("kind") is None:
            raw["kind"] = "individu"  # placeholder for validation only; removed below
            has_kind = False
        else:
            has_kind = True
        problems: list[Problem] = []
        values = check_party(raw, ("parties", party_id), SourceMap(None), problems)
        if values is None:
            raise NetworkError(problems)
        if not has_kind:
            values.pop("kind")
        values.pop("id")
        self.graph.add_node(party_id, **values)
        self._changed()

    def add_partnership(self, party: str, partner: str, **attributes: Any) -> str:
        """Add a partnership in which ``party`` depends on ``partner``; return its id.

        Attributes: ``pattern`` (a pattern id), ``share`` (0-1, share of ``party``'s output or revenue through
        ``partner``), ``provides`` (party id -> provisions), ``exclusivity``, ``agreement``, ``step``,
        ``programmes`` (a list: ``party``'s programmes this partnership connects; or party id -> list), ``id``.
        """
        raw = {"party": party, "partner": partner, **{k: x for k, x in attributes.items() if x is not None}}
        return self._add_checked(raw, ("partnerships", self.graph.number_of_edges()), SourceMap(None))

    def _add_checked(self, raw: Mapping[str, Any], path: tuple[str | int, ...], source: SourceMap) -> str:
        problems: list[Problem] = []
        values = check_partnership(raw, path, source, self.graph.nodes, self._share_sums, problems)
        if values is None:
            raise NetworkError(problems, source.file)
        return self._insert(values, path, source)

    def _insert(self, values: dict[str, Any], path: tuple[str | int, ...], source: SourceMap) -> str:
        party, partner = values.pop("party"), values.pop("partner")
        key = values.pop("id", None) or self._generated_key(party, partner)
        if key in self._edge_keys:
            if "share" in values:
                self._share_sums[party] -= values["share"]
            raise NetworkError([source.problem((*path, "id"), "duplicate_partnership", value=key)], source.file)
        self.graph.add_edge(party, partner, key=key, **values)
        self._edge_keys.add(str(key))
        self._changed()
        return str(key)

    def _generated_key(self, party: str, partner: str) -> str:
        """An id for a partnership added without one: ``<party>--<partner>-<n>``, unused, and valid as an id.

        It must pass the id pattern, so that every writer's output (JSON, GraphML) reads back (``u->v#1`` did not).
        """
        number = self.graph.number_of_edges(party, partner) + 1
        while f"{party}--{partner}-{number}" in self._edge_keys:
            number += 1
        return f"{party}--{partner}-{number}"

    @classmethod
    def from_dict(cls, data: Any, *, source: SourceMap | None = None, thresholds: Mapping[str, Any] | None = None) -> PartnerNetwork:
        """Build and validate a network from plain data (the network file format); every problem is listed."""
        with paused_gc():
            return cls._from_dict(data, source=source, thresholds=thresholds)

    @classmethod
    def _from_dict(cls, data: Any, *, source: SourceMap | None, thresholds: Mapping[str, Any] | None) -> PartnerNetwork:
        source = source or SourceMap(None)
        problems: list[Problem] = []
        if not isinstance(data, Mapping):
            raise NetworkError([source.problem((), "wrong_type", expected=A_MAPPING, got=type_word(data))], source.file)
        for key in data:
            if key not in ("id", "title", "description", "parties", "partnerships"):
                problems.append(
                    source.problem(
                        (key,), "unknown_field", value=key, allowed=("id", "title", "description", "parties", "partnerships"), field=repr(key)
                    )
                )
        net = cls(thresholds=thresholds, id=str(data.get("id") or "network"), title=str(data.get("title") or ""))
        parties = data.get("parties")
        if not isinstance(parties, list):
            problems.append(
                source.problem(("parties",), "wrong_type", value=parties, expected=Text("daftar pihak", "a list of parties"), got=type_word(parties))
            )
            parties = []
        for index, raw in enumerate(parties):
            values = check_party(raw, ("parties", index), source, problems)
            if values is None:
                continue
            party_id = values.pop("id")
            if party_id in net.graph:
                problems.append(source.problem(("parties", index, "id"), "duplicate_party", value=party_id))
                continue
            net.graph.add_node(party_id, **values)
        partnerships = data.get("partnerships")
        if not isinstance(partnerships, list):
            problems.append(
                source.problem(
                    ("partnerships",),
                    "wrong_type",
                    value=partnerships,
                    expected=Text("daftar kemitraan", "a list of partnerships"),
                    got=type_word(partnerships),
                )
            )
            partnerships = []
        for index, raw in enumerate(partnerships):
            values = check_partnership(raw, ("partnerships", index), source, net.graph.nodes, net._share_sums, problems)
            if values is None:
                continue
            try:
                net._insert(values, ("partnerships", index), source)
            except NetworkError as exc:
                problems.extend(exc.problems)
        if problems:
            raise NetworkError(problems, source.file)
        return net

    @classmethod
    def from_scenarios(
        cls,
        scenarios: Iterable[Scenario],
        engine: Any = None,
        pattern: str | None = None,
        *,
        thresholds: Mapping[str, Any] | None = None,
    ) -> PartnerNetwork:
        """Build a network from scenarios: their parties, and one partnership per direction of dependence.

        The pattern of each partnership is ``pattern`` when given, else (with an ``engine``) the top recommended
        legal pattern of the evaluated scenario (``report.best("legal")``, falling back to ``best("family")``),
        else none.  Each party with a share in ``relationship.shares`` gets an edge to the other party with that
        share; without shares, the weaker party depends on the stronger (decided from evidence only,
        :func:`~kemitraan_rules.facts.assess_strength`), and when neither is stronger each depends on the other.  The
        relationship's programmes are the seeker's programmes the partnership connects.  A party in several
        scenarios is merged (lists united); a conflicting kind is an error.
        """
        if pattern is not None and pattern not in v.PATTERNS:
            problem = Problem.make("unknown_pattern", "pattern", value=pattern, allowed=v.PATTERNS)
            raise NetworkError([problem])
        net = cls(thresholds=thresholds)
        problems: list[Problem] = []
        for scenario in sorted(scenarios, key=lambda s: s.id):
            for party in scenario.parties:
                net._merge_party(party, scenario.id, problems)
            relationship = scenario.relationship
            if relationship.candidate is None:
                continue
            chosen = pattern if pattern is not None else _engine_pattern(engine, scenario)
            seeker, candidate = relationship.seeker, relationship.candidate
            if relationship.shares:
                directions: list[tuple[str, str, float | None]] = [
                    (p, candidate if p == seeker else seeker, s) for p, s in relationship.shares.items()
                ]
            else:
                directions = [(dependent, other, None) for dependent, other in _dependence(scenario)]
            for dependent, other, share in sorted(directions, key=lambda d: d[0]):
                raw: dict[str, Any] = {
                    "id": scenario.id if len(directions) == 1 else f"{scenario.id}.{dependent}",
                    "party": dependent,
                    "partner": other,
                    "pattern": chosen,
                    "share": share,
                    "provides": {k: list(x) for k, x in relationship.provides.items()} or None,
                    "exclusivity": relationship.exclusivity,
                    "agreement": relationship.agreement,
                    "step": relationship.step,
                    "programmes": {seeker: list(relationship.programmes)} if relationship.programmes else None,
                }
                raw = {k: x for k, x in raw.items() if x is not None}
                path = ("scenarios", scenario.id)
                values = check_partnership(raw, path, SourceMap(None), net.graph.nodes, net._share_sums, problems)
                if values is not None:
                    try:
                        net._insert(values, path, SourceMap(None))
                    except NetworkError as exc:
                        problems.extend(exc.problems)
        if problems:
            raise NetworkError(problems, "scenarios")
        return net

    def _merge_party(self, party: Any, scenario_id: str, problems: list[Problem]) -> None:
        data = party.to_dict()
        party_id = data.pop("id")
        if party_id not in self.graph:
            self.graph.add_node(party_id, **{k: tuple(x) if isinstance(x, list) else x for k, x in data.items()})
            return
        node = self.graph.nodes[party_id]
        if node.get("kind") != data.get("kind"):
            problems.append(
                Problem.make(
                    "conflicting_kind",
                    f"scenarios.{scenario_id}.parties.{party_id}.kind",
                    value=data.get("kind"),
                    party=repr(party_id),
                    here=repr(data.get("kind")),
                    there=repr(node.get("kind")),
                )
            )
            return
        for key, value in data.items():
            if isinstance(value, list):
                node[key] = tuple(sorted(set(node.get(key, ())) | set(value)))
            elif node.get(key) is None:
                node[key] = value

    # ---- measures -------------------------------------------------------------------------------------------------

    @property
    def table(self) -> DependenceTable:
        """The dependence table of the current graph (cached until the network changes)."""
        if self._table is None:
            self._table = dependence_table(self.graph, self.settings.assumed_share)
        return self._table

    @property
    def providers(self) -> ProviderIndex:
        """Who can provide what (cached until the network changes)."""
        if self._index is None:
            self._index = provider_index(self.graph)
        return self._index

    def _require(self, party: str) -> None:
        if party not in self.graph:
            known = tuple(sorted(self.graph)) if self.graph.number_of_nodes() <= 200 else ()
            raise NetworkError([Problem.make("unknown_party", "party", value=party, allowed=known)])

    @property
    def parties(self) -> tuple[str, ...]:
        """Party ids, sorted."""
        return tuple(sorted(self.graph))

    def party_name(self, party: str) -> str:
        """What a reader calls the party: its ``name``, or its id when it has none (texts, tables and findings name
        parties by it; :meth:`summary` and the other data keep the ids)."""
        name = self.graph.nodes[party].get("name") if party in self.graph else None
        return str(name) if name else party

    def strength(self, party: str) -> Strength:
        """Network strength after the paper (see :func:`network_strength`)."""
        self._require(party)
        return network_strength(self.graph, party)

    def dependency(self, party: str) -> Dependency:
        """Concentration of the party's dependence on partners (see :func:`dependency_concentration`)."""
        self._require(party)
        return dependency_concentration(self.graph, party, table=self.table)

    def bargaining(self, party: str) -> Bargaining:
        """Alternatives for each partner the party depends on (see :func:`bargaining_position`)."""
        self._require(party)
        return bargaining_position(self.graph, party, table=self.table, index=self.providers)

    def brokerage(self, *, with_betweenness: bool = True, k: int | None = None, seed: int = 0) -> dict[str, Brokerage]:
        """Constraint, effective size and betweenness of every party (betweenness sampled above the threshold)."""
        if k is None and self.graph.number_of_nodes() > self.settings.betweenness_exact_max_nodes:
            k = self.settings.betweenness_sample_k
        return brokerage(self.graph, with_betweenness=with_betweenness, k=k, seed=seed)

    def cascade(self, failed: Iterable[str], *, threshold: float | None = None) -> Cascade:
        """Who stops, in which order and why, when the ``failed`` parties fail (see :func:`cascade`)."""
        failed = list(failed) if not isinstance(failed, str) else [failed]
        for party in failed:
            self._require(party)
        limit = self.settings.cascade_dependence if threshold is None else threshold
        return cascade(self.graph, failed, threshold=limit, table=self.table)

    def single_points_of_failure(self) -> tuple[SinglePoint, ...]:
        """Parties whose failure alone halts others (see :func:`single_points_of_failure`)."""
        return single_points_of_failure(self.graph, threshold=self.settings.cascade_dependence, table=self.table)

    def explain(self, stop: Stop, lang: str = "en") -> str:
        """A sentence saying why a party stopped in a cascade."""
        return _stop_reason(stop, lang)

    def summary(self, *, betweenness_k: int | None = None) -> dict[str, Any]:
        """Everything about the network as plain, sorted data (what ``kemitraan network --format json`` prints)."""
        broker = self.brokerage(k=betweenness_k)
        parties = []
        for party in self.parties:
            node = self.graph.nodes[party]
            parties.append(
                {
                    "id": party,
                    "kind": node.get("kind"),
                    "scale": node.get("scale"),
                    "strength": self.strength(party).to_dict(),
                    "dependency": self.dependency(party).to_dict(),
                    "bargaining": self.bargaining(party).to_dict(),
                    "brokerage": broker[party].to_dict(),
                }
            )
        return {
            "id": self.id,
            "title": self.title,
            "parties": self.graph.number_of_nodes(),
            "partnerships": self.graph.number_of_edges(),
            "settings": self.settings.to_dict(),
            "measures": parties,
            "single_points_of_failure": [s.to_dict() for s in self.single_points_of_failure()],
            "findings": [f.to_dict() for f in self.findings()],
        }

    # ---- findings -------------------------------------------------------------------------------------------------

    def findings(self) -> tuple[Finding, ...]:
        """Network-level warnings (drawback ids of the inventory), sorted by severity, rule and subject."""
        from .findings import network_findings

        found = network_findings(self)
        return tuple(sorted(found, key=lambda f: (-SEVERITIES.index(f.severity), f.rule, f.subject)))

    # ---- input and output -----------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The network in the network-file format (sorted); :meth:`from_dict` reads it back into an equal network."""
        parties = []
        for party in self.parties:
            record: dict[str, Any] = {"id": party}
            for key, value in sorted(self.graph.nodes[party].items()):
                record[key] = list(value) if isinstance(value, tuple) else value
            parties.append(record)
        partnerships = []
        for u, w, key, data in sorted(self.graph.edges(keys=True, data=True), key=lambda e: (str(e[2]), e[0], e[1])):
            record = {"id": key, "party": u, "partner": w}
            for name in ("pattern", "share", "exclusivity", "agreement", "step"):
                if data.get(name) is not None:
                    record[name] = data[name]
            for name in ("provides", "programmes"):
                if data.get(name):
                    record[name] = {p: list(x) for p, x in sorted(data[name].items())}
            partnerships.append(record)
        result: dict[str, Any] = {"id": self.id}
        if self.title:
            result["title"] = self.title
        result["parties"] = parties
        result["partnerships"] = partnerships
        return result

    def to_json(self, path: str | Path | None = None) -> str:
        """The network as JSON text (network-file format); also written to ``path`` when given."""
        text = json_text(self.to_dict(), indent=2) + "\n"
        if path is not None:
            Path(path).write_text(text, encoding="utf-8")
        return text

    @classmethod
    def from_json(cls, text: str, *, thresholds: Mapping[str, Any] | None = None) -> PartnerNetwork:
        """Read the output of :meth:`to_json` (validated like a network file)."""
        document = load_document("<json>", text=text, error=NetworkError)
        return cls.from_dict(document.data, source=document.source, thresholds=thresholds)

    def to_graphml(self, path: str | Path) -> None:
        """Write GraphML; list and mapping attributes are stored as JSON text, ``None`` values are left out."""
        from .graphml import write_graphml

        write_graphml(self, Path(path))

    @classmethod
    def from_graphml(cls, path: str | Path, *, thresholds: Mapping[str, Any] | None = None) -> PartnerNetwork:
        """Read a GraphML file written by :meth:`to_graphml` (validated like a network file)."""
        from .graphml import read_graphml

        return cls.from_dict(read_graphml(Path(path)), source=SourceMap(str(path)), thresholds=thresholds)

    def plot(
        self,
        path: str | Path | None = None,
        *,
        title: str | None = None,
        max_parties: int = 150,
        lang: str = "en",
        seed: int = 7,
    ) -> Any:
        """Draw the network with matplotlib and return the figure; save it as PNG or SVG when ``path`` is given.

        Edges are coloured by pattern and point from the dependent to the party it depends on; node colour is the
        party's category and node size its network strength.  Above ``max_parties`` only the parties with the most
        partnerships are drawn (the title says so).
        """
        from .plot import plot_network

        return plot_network(self, path, title=title, max_parties=max_parties, lang=lang, seed=seed)


def load_network(path: str | Path, *, text: str | None = None, thresholds: Mapping[str, Any] | None = None) -> PartnerNetwork:
    """Load a network from a YAML or JSON file; problems name file, line, column, the edge and the field."""
    document = load_document(path, text=text, error=NetworkError)
    net = PartnerNetwork.from_dict(document.data, source=document.source, thresholds=thresholds)
    if not isinstance(document.data.get("id"), str):
        net.id = Path(str(path)).stem
    return net


def _engine_pattern(engine: Any, scenario: Scenario) -> str | None:
    if engine is None:
        return None
    report = engine.evaluate(scenario)
    for layer in ("legal", "family"):
        best = report.best(layer)
        found = getattr(best, "pattern", None) if best is not None else None
        if isinstance(found, str) and found in v.PATTERNS:
            return found
    return None


def _dependence(scenario: Scenario) -> list[tuple[str, str]]:
    """Who depends on whom in a scenario without shares: the weaker on the stronger when the evidence shows one
    stronger (:func:`~kemitraan_rules.facts.assess_strength`); otherwise each on the other.  Who sought the
    partnership is never evidence."""
    strength = assess_strength(scenario)
    if strength.stronger is not None and strength.weaker is not None:
        return [(strength.weaker, strength.stronger)]
    seeker, candidate = scenario.relationship.seeker, scenario.relationship.candidate
    assert candidate is not None
    return sorted([(seeker, candidate), (candidate, seeker)])


def _percent(share: float) -> str:
    return f"{round(share * 100):d}%"


def _stop_reason(stop: Stop, lang: str) -> str:
    causes = ", ".join(f"{p} ({_percent(s)})" for p, s in stop.because)
    core = "inti_plasma" in stop.patterns
    if lang == "id":
        text = f"{stop.party} berhenti pada gelombang {stop.wave}: {_percent(stop.lost_share)} hasil usahanya melalui mitra yang gagal: {causes}."
        if core:
            text += " Plasma bergantung pada intinya; bila inti merugi, plasma ikut berhenti (Hafsah 2010)."
        return text
    text = f"{stop.party} stops in wave {stop.wave}: {_percent(stop.lost_share)} of its output went through failed partners: {causes}."
    if core:
        text += " A plasma depends on its core; when the core fails, the plasma stops with it (Hafsah 2010)."
    return text

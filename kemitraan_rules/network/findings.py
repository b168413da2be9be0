"""Network findings: the network measures turned into warnings of the same shape as the engine report's.

Four rules, each reading its thresholds from the settings (``rulesets/settings/network.yaml``):

``network.hhi_concentration`` (drawback ``ketergantungan``, Kamil 2010)
    A party sending at least ``dependency_min_share`` of its output through partners, with a Herfindahl-Hirschman
    index above ``hhi_flag`` (critical from ``hhi_critical``).
``network.core_failure_cascade`` (``ketergantungan_inti`` for core-plasma, else ``ketergantungan``; Hafsah 2010)
    A single point of failure: its failure alone stops other parties (critical for core-plasma).
``network.no_alternatives`` (``posisi_tawar_rendah``, Kamil 2010; Emerson 1962)
    A party depending on a partner for at least ``dependency_min_share`` of its output with fewer than
    ``min_alternatives`` alternatives, or bound by an exclusivity clause.
``network.dominant_partner`` (``penyalahgunaan_posisi``, Kamil 2010)
    A partner on which at least ``dominance_min_dependents`` parties depend above ``cascade_dependence``, none of
    them larger than it.

The texts are data, in ``rulesets/network/findings.yaml`` (Indonesian and English, ``$placeholders`` checked when
the file is loaded); they paraphrase the sources.  The mitigation the paper names is effective communication between
the parties, to which the library adds concrete steps (diversify partners, avoid exclusivity clauses, a contingency
plan).
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import vocabulary as v
from .._cache import load_cached_document
from .._resources import builtin_rulesets_dir
from .._validate import Validator
from ..errors import NetworkError

if TYPE_CHECKING:
    from .model import Finding, PartnerNetwork

__all__ = ["FindingTexts", "finding_texts", "network_findings"]

#: The placeholders each finding's texts may use (the loader refuses any other, so a typo fails at load time).
_PLACEHOLDERS: Mapping[str, Mapping[str, tuple[str, ...]]] = {
    "network.hhi_concentration": {
        "reason": ("party", "main", "total_share", "main_share", "hhi", "hhi_flag"),
        "mitigation": (),
    },
    "network.core_failure_cascade": {
        "reason": ("party", "count", "halted"),
        "reason_core": (),
        "reason_other": (),
        "mitigation": ("party",),
    },
    "network.no_alternatives": {
        "reason": ("party", "partner", "share", "why"),
        "why_exclusive": (),
        "why_none": (),
        "why_few": ("count",),
        "mitigation": (),
    },
    "network.dominant_partner": {"reason": ("partner", "count"), "mitigation": ()},
}


class FindingTexts:
    """The texts of the network findings, read from ``rulesets/network/findings.yaml`` and checked on loading."""

    def __init__(self, common: Mapping[str, str], texts: Mapping[str, Mapping[str, Mapping[str, str]]]) -> None:
        self.common = common
        self.texts = texts

    def text(self, rule: str, part: str, **values: Any) -> dict[str, str]:
        """One text of a finding in every language, its ``$placeholders`` filled with ``values``."""
        return {lang: string.Template(template).substitute(values) for lang, template in self.texts[rule][part].items()}

    def mitigation(self, rule: str, **values: Any) -> dict[str, str]:
        """The paper's remedy (effective communication) followed by this finding's concrete step."""
        extra = self.text(rule, "mitigation", **values)
        return {lang: f"{self.common[lang]}; {extra[lang]}." for lang in extra}


def finding_texts(path: str | Path | None = None) -> FindingTexts:
    """Load and check the findings' texts (the shipped file by default; cached)."""
    return _load(str(Path(path) if path is not None else builtin_rulesets_dir() / "network" / "findings.yaml"))


@functools.lru_cache(maxsize=4)
def _load(path: str) -> FindingTexts:
    document = load_cached_document(Path(path), error=NetworkError)
    check = Validator(document.source)
    top = check.mapping(document.data, (), ("kind", "version", "common", "findings"))
    texts: dict[str, dict[str, dict[str, str]]] = {}
    common: dict[str, str] = {}
    if top is not None:
        if top["kind"] != "network_findings":
            check.add(("kind",), "not_findings_file", top["kind"], ("network_findings",))
        common_raw = check.mapping(top["common"], ("common",), ("mitigation",), ("basis",))
        if common_raw is not None:
            common = check.bilingual(common_raw["mitigation"], ("common", "mitigation"))
        findings = check.mapping(top["findings"], ("findings",), tuple(_PLACEHOLDERS))
        if findings is not None:
            for rule, parts in _PLACEHOLDERS.items():
                raw = check.mapping(findings[rule], ("findings", rule), tuple(parts), ("basis",))
                if raw is None:
                    continue
                if "basis" in raw:
                    check.choice(raw["basis"], ("findings", rule, "basis"), ("paper", "law", "interpretation"), "basis")
                texts[rule] = {part: check.bilingual(raw[part], ("findings", rule, part), names) for part, names in parts.items()}
    if check.problems:
        raise NetworkError(check.problems, path)
    return FindingTexts(common, texts)


def _pct(x: float) -> str:
    return f"{round(x * 100):d}%"


def _scale_rank(scale: object) -> int:
    return v.SCALES.index(scale) if isinstance(scale, str) and scale in v.SCALES else -1


def network_findings(net: PartnerNetwork) -> list[Finding]:
    """Every finding of ``net`` (unsorted; :meth:`PartnerNetwork.findings` sorts them)."""
    from .model import Finding

    s = net.settings
    table = net.table
    words = finding_texts()
    found: list[Finding] = []

    for party in sorted(table.out):
        dep = net.dependency(party)
        if dep.total_share >= s.dependency_min_share and dep.hhi > s.hhi_flag + 1e-12:
            main = dep.main_partner or ""
            main_share = dep.shares.get(main, 0.0)
            found.append(
                Finding(
                    drawback="ketergantungan",
                    rule="network.hhi_concentration",
                    subject=(party, main),
                    reason=words.text(
                        "network.hhi_concentration",
                        "reason",
                        party=net.party_name(party),
                        main=net.party_name(main),
                        total_share=_pct(dep.total_share),
                        main_share=_pct(main_share),
                        hhi=f"{dep.hhi:.2f}",
                        hhi_flag=f"{s.hhi_flag:.2f}",
                    ),
                    mitigation=words.mitigation("network.hhi_concentration"),
                    severity="critical" if dep.hhi >= s.hhi_critical else "warning",
                    figures={"hhi": dep.hhi, "total_share": dep.total_share, "main_share": main_share},
                )
            )

    for point in net.single_points_of_failure():
        core = "inti_plasma" in point.patterns
        halted = ", ".join(net.party_name(p) for p in point.halted)
        name = net.party_name(point.party)
        found.append(
            Finding(
                drawback="ketergantungan_inti" if core else "ketergantungan",
                rule="network.core_failure_cascade",
                subject=(point.party, *point.halted),
                reason=_joined(
                    words.text("network.core_failure_cascade", "reason", party=name, count=len(point.halted), halted=halted),
                    words.text("network.core_failure_cascade", "reason_core" if core else "reason_other"),
                ),
                mitigation=words.mitigation("network.core_failure_cascade", party=name),
                severity="critical" if core else "warning",
                figures={"halted": float(len(point.halted)), "direct": float(len(point.direct))},
            )
        )

    for party in sorted(table.out):
        bargaining = net.bargaining(party)
        for partner, count in sorted(bargaining.alternatives.items()):
            share = table.out[party][partner]
            bound = partner in bargaining.exclusive
            if share < s.dependency_min_share or (count >= s.min_alternatives and not bound):
                continue
            if bound:
                why = words.text("network.no_alternatives", "why_exclusive")
            elif count == 0:
                why = words.text("network.no_alternatives", "why_none")
            else:
                why = words.text("network.no_alternatives", "why_few", count=count)
            found.append(
                Finding(
                    drawback="posisi_tawar_rendah",
                    rule="network.no_alternatives",
                    subject=(party, partner),
                    reason={
                        lang: words.text(
                            "network.no_alternatives",
                            "reason",
                            party=net.party_name(party),
                            partner=net.party_name(partner),
                            share=_pct(share),
                            why=why[lang],
                        )[lang]
                        for lang in why
                    },
                    mitigation=words.mitigation("network.no_alternatives"),
                    severity="warning",
                    figures={"share": share, "alternatives": float(count), "exclusive": 1.0 if bound else 0.0},
                )
            )

    for partner in sorted(table.into):
        rank = _scale_rank(net.graph.nodes[partner].get("scale"))
        heavy = sorted(
            u for u, share in table.into[partner].items() if share >= s.cascade_dependence and _scale_rank(net.graph.nodes[u].get("scale")) <= rank
        )
        if len(heavy) < s.dominance_min_dependents:
            continue
        found.append(
            Finding(
                drawback="penyalahgunaan_posisi",
                rule="network.dominant_partner",
                subject=(partner, *heavy),
                reason=words.text("network.dominant_partner", "reason", partner=net.party_name(partner), count=len(heavy)),
                mitigation=words.mitigation("network.dominant_partner"),
                severity="warning",
                figures={"dependents": float(len(heavy))},
            )
        )
    return found


def _joined(first: Mapping[str, str], second: Mapping[str, str]) -> dict[str, str]:
    return {lang: f"{first[lang]} {second[lang]}" for lang in first}

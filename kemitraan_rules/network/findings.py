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

The texts paraphrase the sources; the mitigation the paper names is effective communication between the parties,
to which the library adds concrete steps (diversify partners, avoid exclusivity clauses, a contingency plan).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import vocabulary as v

if TYPE_CHECKING:
    from .model import Finding, PartnerNetwork

__all__ = ["network_findings"]

_COMMUNICATION = {
    "id": "Bangun komunikasi dua arah yang efektif antara para pihak",
    "en": "Keep effective two-way communication between the parties",
}


def _pct(x: float) -> str:
    return f"{round(x * 100):d}%"


def _mitigation(extra_id: str, extra_en: str) -> dict[str, str]:
    return {"id": f"{_COMMUNICATION['id']}; {extra_id}.", "en": f"{_COMMUNICATION['en']}; {extra_en}."}


def _count(n: int) -> str:
    return "1 party stops" if n == 1 else f"{n} parties stop"


def _scale_rank(scale: object) -> int:
    return v.SCALES.index(scale) if isinstance(scale, str) and scale in v.SCALES else -1


def network_findings(net: PartnerNetwork) -> list[Finding]:
    """Every finding of ``net`` (unsorted; :meth:`PartnerNetwork.findings` sorts them)."""
    from .model import Finding

    s = net.settings
    table = net.table
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
                    reason={
                        "id": f"Ketergantungan {party} terpusat: {_pct(dep.total_share)} hasil usahanya melalui mitra, "
                        f"{_pct(main_share)} lewat {main} saja (indeks HHI {dep.hhi:.2f} di atas {s.hhi_flag:.2f}). "
                        "Penguasaan pasar oleh satu mitra menumbuhkan ketergantungan tanpa disadari (Kamil 2010).",
                        "en": f"{party}'s dependence is concentrated: {_pct(dep.total_share)} of its output goes through "
                        f"partners, {_pct(main_share)} through {main} alone (HHI {dep.hhi:.2f}, above {s.hhi_flag:.2f}). "
                        "A partner that controls the market breeds dependency unnoticed (Kamil 2010).",
                    },
                    mitigation=_mitigation(
                        "sebarkan pemasaran dan pasokan ke beberapa mitra agar tidak ada satu mitra yang dominan",
                        "spread marketing and supply over several partners so that no single one dominates",
                    ),
                    severity="critical" if dep.hhi >= s.hhi_critical else "warning",
                    figures={"hhi": dep.hhi, "total_share": dep.total_share, "main_share": main_share},
                )
            )

    for point in net.single_points_of_failure():
        core = "inti_plasma" in point.patterns
        halted = ", ".join(point.halted)
        found.append(
            Finding(
                drawback="ketergantungan_inti" if core else "ketergantungan",
                rule="network.core_failure_cascade",
                subject=(point.party, *point.halted),
                reason={
                    "id": f"Bila {point.party} gagal atau merugi, {len(point.halted)} pihak ikut berhenti: {halted}. "
                    + (
                        "Dalam pola inti-plasma, plasma bergantung pada inti; kerugian inti menghentikan plasma (Hafsah 2010)."
                        if core
                        else "Mereka menyalurkan sebagian besar hasil usahanya melalui pihak ini."
                    ),
                    "en": f"If {point.party} fails or makes a loss, {_count(len(point.halted))} with it: {halted}. "
                    + (
                        "In core-plasma the plasma depends on its core, so a loss at the core halts the plasma (Hafsah 2010)."
                        if core
                        else "They send most of their output through this party."
                    ),
                },
                mitigation=_mitigation(
                    f"siapkan rencana darurat bila {point.party} gagal (pembeli atau pemasok cadangan) dan kurangi bagian "
                    "hasil usaha yang bergantung padanya",
                    f"prepare a contingency plan for the failure of {point.party} (back-up buyers or suppliers) and lower "
                    "the share of output that depends on it",
                ),
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
                why_id, why_en = "terikat klausul eksklusivitas", "is bound by an exclusivity clause"
            elif count == 0:
                why_id, why_en = "tidak punya mitra alternatif", "has no alternative partner"
            else:
                why_id, why_en = f"hanya punya {count} mitra alternatif", f"has only {count} alternative partners"
            found.append(
                Finding(
                    drawback="posisi_tawar_rendah",
                    rule="network.no_alternatives",
                    subject=(party, partner),
                    reason={
                        "id": f"{party} bergantung pada {partner} untuk {_pct(share)} hasil usahanya dan {why_id}: "
                        "pihak yang lemah terikat pada yang dominan dan tidak dapat bermitra dengan pihak lain (Kamil 2010); "
                        "makin sedikit alternatif, makin besar ketergantungan (Emerson 1962).",
                        "en": f"{party} depends on {partner} for {_pct(share)} of its output and {why_en}: the weaker "
                        "party is tied to the dominant one and cannot work with others (Kamil 2010); the fewer the "
                        "alternatives, the deeper the dependence (Emerson 1962).",
                    },
                    mitigation=_mitigation(
                        "hindari klausul eksklusivitas dan cari mitra alternatif untuk kebutuhan yang sama",
                        "avoid exclusivity clauses and look for alternative partners for the same needs",
                    ),
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
                reason={
                    "id": f"{len(heavy)} pihak menyalurkan sebagian besar hasil usahanya melalui {partner}. Pihak yang "
                    "dominan dapat menguasai hubungan dan melanggar kesepakatan (Kamil 2010).",
                    "en": f"{len(heavy)} parties send most of their output through {partner}. A dominant party can "
                    "control the relationship and breach the agreement (Kamil 2010).",
                },
                mitigation=_mitigation(
                    "tuangkan hak dan kewajiban dalam MoU tertulis, pantau pelaksanaannya bersama, dan bentuk kelompok "
                    "agar posisi tawar mitra kecil lebih kuat",
                    "set rights and duties down in a written MoU, monitor it jointly, and group the small partners so that they bargain together",
                ),
                severity="warning",
                figures={"dependents": float(len(heavy))},
            )
        )
    return found

"""Seeded random partner networks for benchmarks and tests.

:func:`random_network_data` returns plain data in the network-file format, so the generated network is built
through the same validation as any user input.  Shape: about 10% of the parties are large partners (firms, banks,
government offices) and the rest small ones (small firms, LKPs); each partnership goes from a small party to a
partner picked with preferential attachment (hubs emerge, as cores do), and the shares of a party are drawn so that
they sum to at most 1.  The same ``seed`` always gives the same network.
"""

from __future__ import annotations

import random
from typing import Any

from .. import vocabulary as v

__all__ = ["random_network_data"]

_LARGE_KINDS = ("dudi", "bank", "dinas_koperasi_ukm", "perusahaan_modal_ventura")
_SMALL_KINDS = ("usaha_kecil", "lkp", "kelompok_usaha", "koperasi")
_PROVISIONS = ("pemasaran_hasil", "bahan_baku", "job_order", "dana", "bimbingan_teknis", "sarana_produksi")


def random_network_data(parties: int, partnerships: int, *, seed: int = 0) -> dict[str, Any]:
    """A reproducible random network of ``parties`` parties and ``partnerships`` partnerships (network-file data).

    >>> data = random_network_data(20, 40, seed=1)
    >>> len(data["parties"]), len(data["partnerships"]) <= 40
    (20, True)
    >>> random_network_data(20, 40, seed=1) == data
    True
    """
    rng = random.Random(seed)
    large_count = max(1, parties // 10)
    records: list[dict[str, Any]] = []
    for index in range(parties):
        large = index < large_count
        kind = rng.choice(_LARGE_KINDS if large else _SMALL_KINDS)
        record: dict[str, Any] = {
            "id": f"p{index:06d}",
            "kind": kind,
            "scale": rng.choice(("menengah", "besar")) if large else rng.choice(("mikro", "kecil")),
            "offers": sorted(rng.sample(_PROVISIONS, 2)) if large else [],
        }
        if kind == "lkp":
            record["programmes"] = sorted(rng.sample(["menjahit", "tata_boga", "komputer", "otomotif", "tata_rias"], 3))
        records.append(record)
    small = range(large_count, parties)
    # Preferential attachment over large partners: each use makes a partner likelier to be picked again.
    attachment = [f"p{i:06d}" for i in range(large_count)]
    remaining = {f"p{i:06d}": 1.0 for i in range(parties)}
    edges: list[dict[str, Any]] = []
    attempts = 0
    while len(edges) < partnerships and attempts < partnerships * 3:
        attempts += 1
        party = f"p{rng.choice(small):06d}" if rng.random() < 0.85 else f"p{rng.randrange(parties):06d}"
        partner = rng.choice(attachment) if rng.random() < 0.9 else f"p{rng.randrange(parties):06d}"
        if partner == party:
            continue
        share = round(min(remaining[party], rng.uniform(0.05, 0.6)), 3)
        remaining[party] = round(remaining[party] - share, 3)
        pattern = rng.choice(v.LEGAL_PATTERNS)
        edge: dict[str, Any] = {"id": f"e{len(edges):07d}", "party": party, "partner": partner, "pattern": pattern, "share": share}
        if rng.random() < 0.05:
            edge["exclusivity"] = True
        edges.append(edge)
        attachment.append(partner)
    return {"id": f"random_{parties}_{partnerships}_{seed}", "parties": records, "partnerships": edges}

"""Seeded, realistic synthetic scenarios for benchmarks and tests (not used by the library itself).

Why: throughput, memory and scaling figures mean something only over a mix that looks like real use: small
institutions (LKP, PAUD, PKBM, small firms) seeking larger partners (DUDI, banks, government offices) and the other
way round, with some fields unknown, relationships at every step, and sometimes no candidate yet.  The same seed
always gives the same scenarios (``random.Random(seed)``), so figures and tests are reproducible.

Example::

    >>> from kemitraan_rules.synthetic import scenario_dicts
    >>> first = scenario_dicts(3, seed=1)
    >>> first == scenario_dicts(3, seed=1) and len(first) == 3
    True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from .. import vocabulary as v

__all__ = ["iter_scenario_dicts", "scenario_dict", "scenario_dicts"]

_SMALL_KINDS = ("lkp", "paud", "pkbm", "usaha_kecil", "kelompok_usaha", "koperasi", "pesantren")
_LARGE_KINDS = ("dudi", "bank", "pemerintah_daerah", "dinas_pendidikan", "perguruan_tinggi", "lsm", "donatur", "dudi")
_VISION_THEMES = ("kewirausahaan", "kualitas", "pemberdayaan", "lapangan_kerja", "inovasi", "lingkungan", "budaya")
_LEVEL_FIELDS = ("capital", "people", "facilities", "technology", "management", "market_access")


def _maybe(rng: random.Random, value: Any, known: float) -> Any:
    """``value`` with probability ``known``, else ``None`` (unknown field)."""
    return value if rng.random() < known else None


def _party(rng: random.Random, party_id: str, small: bool) -> dict[str, Any]:
    kind = rng.choice(_SMALL_KINDS if small else _LARGE_KINDS)
    scales = v.SCALES[:2] if small else v.SCALES[2:]
    levels = v.LEVELS[:2] if small else v.LEVELS[1:]
    party: dict[str, Any] = {
        "id": party_id,
        "kind": kind,
        "scale": _maybe(rng, rng.choice(scales), 0.85),
        "in_provincial_capital": _maybe(rng, rng.random() < 0.4, 0.7),
        "has_csr_funds": _maybe(rng, (not small) and rng.random() < 0.5, 0.6),
        "offers": rng.sample(v.PROVISIONS, rng.randint(0, 4)),
        "needs": rng.sample(v.PROVISIONS, rng.randint(0, 4)),
        "vision": rng.sample(_VISION_THEMES, rng.randint(0, 3)),
        "programmes": [f"prog{n}" for n in range(rng.randint(0, 3))],
        "members": rng.choice((1, 1, 1, 3, 12)) if small else 1,
    }
    for name in _LEVEL_FIELDS:
        party[name] = _maybe(rng, rng.choice(levels), 0.75)
    return {key: value for key, value in party.items() if value is not None}


def scenario_dict(rng: random.Random, index: int, parties: int = 2) -> dict[str, Any]:
    """One scenario mapping (as :func:`kemitraan_rules.scenario_from_dict` takes) with ``parties`` parties (>= 1).

    The seeker is small four times in five; one scenario in ten names no candidate.  Parties beyond the seeker and
    the candidate are other possible partners, which the ``relation.alternatives`` fact counts.
    """
    if parties < 1:
        raise ValueError("a scenario has at least one party")
    seeker_small = rng.random() < 0.8
    members = [_party(rng, "p0", seeker_small)]
    members += [_party(rng, f"p{n}", not seeker_small if n == 1 else rng.random() < 0.5) for n in range(1, parties)]
    relationship: dict[str, Any] = {"seeker": "p0"}
    if parties >= 2 and rng.random() < 0.9:
        relationship["candidate"] = "p1"
        involved = ("p0", "p1")
        relationship["provides"] = {pid: rng.sample(v.PROVISIONS, rng.randint(0, 3)) for pid in involved}
        if rng.random() < 0.5:
            relationship["shares"] = {rng.choice(involved): round(rng.random(), 2)}
        if rng.random() < 0.5:
            relationship["gains"] = {pid: rng.choice(v.LEVELS) for pid in involved}
        relationship["decisions_by"] = _maybe(rng, rng.choice((*involved, "bersama")), 0.5)
        relationship["rules_set_by"] = _maybe(rng, rng.choice((*involved, "bersama")), 0.5)
    relationship.update(
        {
            "agreement": _maybe(rng, rng.choice(v.AGREEMENT_STATUSES), 0.8),
            "trust": _maybe(rng, rng.choice(v.LEVELS), 0.7),
            "commitment": _maybe(rng, rng.choice(v.LEVELS), 0.7),
            "two_way_communication": _maybe(rng, rng.random() < 0.6, 0.7),
            "exclusivity": _maybe(rng, rng.random() < 0.3, 0.6),
            "roles_agreed": _maybe(rng, rng.random() < 0.5, 0.6),
            "strict_standards": _maybe(rng, rng.random() < 0.3, 0.5),
            "responsible_units": _maybe(rng, rng.randint(1, 5), 0.5),
            "programmes": [f"prog{n}" for n in range(rng.randint(0, 2))],
            "step": _maybe(rng, rng.choice(v.STEPS), 0.7),
        }
    )
    relationship = {key: value for key, value in relationship.items() if value is not None}
    return {"id": f"s{index}", "parties": members, "relationship": relationship}


def iter_scenario_dicts(count: int, seed: int = 0, parties: int | tuple[int, int] = 2) -> Iterator[dict[str, Any]]:
    """``count`` scenario mappings from ``seed``; ``parties`` is a fixed count or an inclusive ``(low, high)`` range."""
    rng = random.Random(seed)
    for index in range(count):
        n = parties if isinstance(parties, int) else rng.randint(*parties)
        yield scenario_dict(rng, index, n)


def scenario_dicts(count: int, seed: int = 0, parties: int | tuple[int, int] = 2) -> list[dict[str, Any]]:
    """The list form of :func:`iter_scenario_dicts`."""
    return list(iter_scenario_dicts(count, seed, parties))

"""Seeded synthetic candidate lists for the screening benchmark and tests (deterministic for a given seed)."""

from __future__ import annotations

import random

from .. import vocabulary as v
from ..lifecycle.mapping import Candidate
from ..scenario import Party

__all__ = ["synthetic_candidates"]

_THEMES = ("keterampilan", "kemandirian", "kewirausahaan", "mutu", "kerja", "teknologi")


def synthetic_candidates(count: int, seed: int = 0) -> tuple[Candidate, ...]:
    """``count`` random but valid candidates (kinds, levels, offers, needs, vision, relationship fields)."""
    rng = random.Random(seed)
    candidates = []
    for index in range(count):
        party = Party(
            id=f"c{index:04d}",
            kind=rng.choice(v.PARTY_KINDS[3:]),
            name=f"Candidate {index}",
            scale=rng.choice((None, *v.SCALES)),
            capital=rng.choice((None, *v.LEVELS)),
            people=rng.choice((None, *v.LEVELS)),
            management=rng.choice((None, *v.LEVELS)),
            technology=rng.choice((None, *v.LEVELS)),
            offers=tuple(rng.sample(v.PROVISIONS, rng.randint(0, 4))),
            needs=tuple(rng.sample(v.PROVISIONS, rng.randint(0, 3))),
            vision=tuple(rng.sample(_THEMES, rng.randint(0, 3))),
        )
        relationship = {
            key: value
            for key, value in (
                ("commitment", rng.choice((None, *v.LEVELS))),
                ("trust", rng.choice((None, *v.LEVELS))),
                ("agreement", rng.choice((None, *v.AGREEMENT_STATUSES))),
                ("two_way_communication", rng.choice((None, True, False))),
            )
            if value is not None
        }
        candidates.append(Candidate(party, relationship))
    return tuple(candidates)

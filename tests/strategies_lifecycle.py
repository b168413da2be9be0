"""Hypothesis strategies for the lifecycle records (kept apart from ``strategies.py``, which another module owns)."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from kemitraan_rules import vocabulary as v
from kemitraan_rules.lifecycle import (
    Contribution,
    EvaluationRecord,
    HistoryEntry,
    MonitoringRecord,
    MoU,
    Partnership,
    Plan,
    PlannedActivity,
    ProblemNote,
    Signature,
)
from kemitraan_rules.lifecycle.rules import GAIN_LEVELS
from kemitraan_rules.scenario import Party, Relationship

words = st.text(alphabet="abcdefghij _-éü0123456789:#'\"", min_size=1, max_size=12).filter(lambda s: s.strip() == s and s != "")
notes = st.just("") | words
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31)).map(lambda d: d.isoformat())
ids = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


def _party(party_id: str) -> st.SearchStrategy[Party]:
    return st.builds(
        Party,
        id=st.just(party_id),
        kind=st.sampled_from(v.PARTY_KINDS),
        name=words,
        scale=st.none() | st.sampled_from(v.SCALES),
        capital=st.none() | st.sampled_from(v.LEVELS),
        offers=st.lists(st.sampled_from(v.PROVISIONS), max_size=3, unique=True).map(tuple),
        needs=st.lists(st.sampled_from(v.PROVISIONS), max_size=3, unique=True).map(tuple),
        vision=st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), max_size=3, unique=True).map(tuple),
    )


@st.composite
def partnerships(draw: st.DrawFn) -> Partnership:
    """A valid partnership record with random plan, MoU, history, monitoring and evaluations."""
    party_ids = draw(st.lists(ids, min_size=2, max_size=3, unique=True))
    parties = tuple(draw(_party(pid)) for pid in party_ids)
    pick = st.sampled_from(party_ids)
    texts = st.lists(words, max_size=3).map(tuple)
    roles = st.dictionaries(pick, texts, max_size=len(party_ids))
    relationship = draw(
        st.none()
        | st.builds(
            Relationship,
            seeker=st.just(party_ids[0]),
            candidate=st.just(party_ids[1]),
            trust=st.none() | st.sampled_from(v.LEVELS),
            commitment=st.none() | st.sampled_from(v.LEVELS),
            shares=st.dictionaries(st.sampled_from(party_ids[:2]), st.floats(0, 1), max_size=2),
        )
    )
    activity_ids = draw(st.lists(ids, max_size=3, unique=True))
    plan = draw(
        st.none()
        | st.builds(
            Plan,
            roles=roles,
            activities=st.just(tuple(PlannedActivity(a, draw(notes), draw(st.none() | pick)) for a in activity_ids)),
            goals=texts,
        )
    )
    mou_parties = tuple(draw(st.lists(pick, min_size=0, max_size=len(party_ids), unique=True)))
    mou = draw(
        st.none()
        | st.builds(
            MoU,
            parties=st.just(mou_parties),
            roles=st.dictionaries(st.sampled_from(mou_parties), texts, max_size=3) if mou_parties else st.just({}),
            activities=texts,
            start=st.none() | st.just("2024-01-01"),
            end=st.none() | st.just("2025-01-01"),
            signatures=st.lists(st.builds(Signature, st.sampled_from(mou_parties), dates, notes), max_size=2).map(tuple)
            if mou_parties
            else st.just(()),
            version=st.integers(0, 5),
        )
    )
    contribution = st.builds(
        Contribution,
        party=pick,
        promised=texts,
        delivered=texts,
        gain=st.none() | st.sampled_from(GAIN_LEVELS),
        share=st.none() | st.floats(0, 1),
    )
    monitoring = st.builds(
        MonitoringRecord,
        period=words,
        date=dates,
        activities_planned=texts,
        activities_done=texts,
        goals_reached=texts,
        problems=st.lists(st.builds(ProblemNote, words, notes), max_size=2).map(tuple),
        contributions=st.lists(contribution, max_size=3).map(tuple),
        decisions=st.dictionaries(st.sampled_from((*party_ids, "bersama")), st.integers(0, 9), max_size=3),
    )
    return Partnership(
        id=draw(ids),
        parties=parties,
        step=draw(st.sampled_from(v.STEPS)),
        title=draw(notes),
        pattern=draw(st.none() | st.sampled_from(v.PATTERNS)),
        relationship=relationship,
        history=tuple(draw(st.lists(st.builds(HistoryEntry, st.sampled_from(v.STEPS), dates, notes), max_size=4))),
        plan=plan,
        mou=mou,
        monitoring=tuple(draw(st.lists(monitoring, max_size=2))),
        evaluations=tuple(
            draw(st.lists(st.builds(EvaluationRecord, dates, words, st.sampled_from(("continue", "revise_mou", "end")), texts), max_size=2))
        ),
    )

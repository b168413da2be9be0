"""Needs analysis, partner mapping and candidate screening (langkah 1-3 of the steps).

An institution states its :class:`Profile`: itself as a party, its problems among the six reasons for seeking
partners, the strength or weakness of its four LKP aspects and, optionally, the indicators of its Program Life
Cycle.  From it:

* :func:`map_partners` answers *which kinds of partner to map for each need*, ranked with the reason, and what to
  learn about each candidate and how (analisis kebutuhan; Kamil 2010, Kemendiknas 2010);
* :func:`screen` answers *who to partner with*: it scores a list of candidate partners on commitment,
  consistency, seriousness, capability, shared vision and mutual need (analisis potensi mitra), adds the pattern
  the engine would recommend with each one, and ranks them with reasons.

Which partners fit which need, the criteria, their measures and weights are data in
``rulesets/lifecycle/mapping.yaml`` and ``screening.yaml``; the code only implements the closed set of measure
kinds they choose from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from .. import vocabulary as v
from .. import wording
from .._validate import A_MAPPING, ValidatedObjects, Validator
from .._yaml import FieldPath, SourceMap, load_document
from ..errors import LifecycleError, Problem, ScenarioError, type_word
from ..scenario import RELATIONSHIP_FIELDS, Party, Relationship, Scenario, parse_party, party_input, register_validated_party
from ..vocabulary import Text
from .rules import Criterion, LifecycleRules, MappedPartner, Measure, load_lifecycle_rules

__all__ = [
    "ASPECT_STATUSES",
    "Candidate",
    "KindRanking",
    "NeedMapping",
    "PartnerMap",
    "Profile",
    "ScreenedCandidate",
    "Screening",
    "candidates_from_dict",
    "load_candidates",
    "load_profile",
    "map_partners",
    "profile_from_dict",
    "screen",
]

#: The assessment of an LKP aspect: strong or weak.
ASPECT_STATUSES: tuple[str, ...] = ("kuat", "lemah")
_ASPECT_ALIASES = {"strong": "kuat", "weak": "lemah"}


# --------------------------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class Profile:
    """An institution's profile: the party, its reasons for seeking partners, its aspects and its indicators."""

    institution: Party
    reasons: tuple[str, ...] = ()
    aspects: Mapping[str, str] = attrs.field(factory=dict)
    indicators: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def weaknesses(self) -> tuple[str, ...]:
        """The LKP aspects assessed weak, in the order of the inventory."""
        return tuple(aspect for aspect in v.LKP_ASPECTS if self.aspects.get(aspect) == "lemah")

    @property
    def strengths(self) -> tuple[str, ...]:
        return tuple(aspect for aspect in v.LKP_ASPECTS if self.aspects.get(aspect) == "kuat")


@attrs.frozen
class Candidate:
    """A candidate partner and what is known of the relationship with it (relationship fields, without ids)."""

    party: Party
    relationship: Mapping[str, Any] = attrs.field(factory=dict)


def _check_party(
    data: object, path: FieldPath, source: SourceMap, problems: list[Problem], others: Sequence[str] = ()
) -> tuple[Party | None, dict[str, Any]]:
    """A party mapping read as a scenario file reads it (:func:`~kemitraan_rules.scenario.parse_party`: ``offers: []``
    is "offers nothing", a party without a name is named by its id), positions reported in ``source``.

    The party only when it has no problem at all (then registered as validated), with its fields as read (empty
    when it has no valid id and kind); the problems are added to ``problems``.  ``others`` are the ids of the other
    parties of the scenarios the party will be evaluated in.
    """
    check = Validator(source)
    own_id = data.get("id") if isinstance(data, Mapping) else None
    party = parse_party(check, data, path, [str(own_id), *others])
    problems.extend(check.problems)
    if party is None:
        return None, {}
    values = attrs.asdict(party, recurse=False)
    if check.problems:
        return None, values
    register_validated_party(party)  # checked clean: screening's scenarios need not check it again
    return party, values


def _build_profile(data: object, source: SourceMap) -> Profile:
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise LifecycleError([source.problem((), "wrong_type", expected=A_MAPPING, got=type_word(data))], source.file)
    allowed = ("institution", "reasons", "aspects", "indicators")
    for key in data:
        if key not in allowed:
            problems.append(source.problem((key,), "unknown_field", value=key, allowed=allowed, field=repr(key)))
    if "institution" not in data:
        problems.append(source.problem((), "missing_field", field="'institution'"))
        raise LifecycleError(problems, source.file)
    institution, _ = _check_party(data["institution"], ("institution",), source, problems)
    reasons: list[str] = []
    raw_reasons = data.get("reasons", [])
    if not isinstance(raw_reasons, list):
        problems.append(
            source.problem(
                ("reasons",), "wrong_type", value=raw_reasons, expected=Text("daftar id alasan", "a list of reason ids"), got=type_word(raw_reasons)
            )
        )
        raw_reasons = []
    for index, reason in enumerate(raw_reasons):
        if reason not in v.REASONS:
            problems.append(source.problem(("reasons", index), "unknown_choice", value=reason, allowed=v.REASONS, what=Text("alasan", "reason")))
        elif reason in reasons:
            problems.append(source.problem(("reasons", index), "listed_twice", value=reason))
        else:
            reasons.append(reason)
    aspects: dict[str, str] = {}
    raw_aspects = data.get("aspects", {})
    if not isinstance(raw_aspects, Mapping):
        problems.append(
            source.problem(
                ("aspects",),
                "wrong_type",
                value=raw_aspects,
                expected=Text("pemetaan dari aspek LKP ke kuat/lemah", "a mapping from LKP aspect to kuat/lemah"),
                got=type_word(raw_aspects),
            )
        )
        raw_aspects = {}
    for aspect, status in raw_aspects.items():
        canonical = v.normalise(status, ASPECT_STATUSES, _ASPECT_ALIASES)
        if aspect not in v.LKP_ASPECTS:
            problems.append(
                source.problem(("aspects", aspect), "unknown_choice", value=aspect, allowed=v.LKP_ASPECTS, what=Text("aspek LKP", "LKP aspect"))
            )
        elif canonical not in ASPECT_STATUSES:
            problems.append(source.problem(("aspects", aspect), "unknown_value", value=status, allowed=ASPECT_STATUSES))
        else:
            aspects[aspect] = str(canonical)
    from .plc import check_indicators

    indicators = check_indicators(data.get("indicators", {}), ("indicators",), source, problems)
    if problems or institution is None:
        raise LifecycleError(problems, source.file)
    return Profile(institution, tuple(reasons), aspects, indicators)


def profile_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> Profile:
    """Build and validate a :class:`Profile` from plain data; :class:`LifecycleError` lists every problem."""
    return _build_profile(data, SourceMap(source))


def load_profile(path: str | Path, *, text: str | None = None) -> Profile:
    """Load a profile from a YAML or JSON file; problems name ``file:line:column`` and the field."""
    document = load_document(path, text=text, error=LifecycleError)
    return _build_profile(document.data, document.source)


def _build_candidates(data: object, source: SourceMap, seeker: str) -> tuple[Candidate, ...]:
    problems: list[Problem] = []
    base: FieldPath = ()
    if isinstance(data, Mapping) and set(data) == {"candidates"}:
        data, base = data["candidates"], ("candidates",)
    if not isinstance(data, list):
        raise LifecycleError(
            [
                source.problem(
                    base,
                    "wrong_type",
                    expected=Text("daftar calon mitra (atau pemetaan dengan 'candidates')", "a list of candidates (or a mapping with 'candidates')"),
                    got=type_word(data),
                )
            ],
            source.file,
        )
    candidates: list[Candidate] = []
    seen: set[str] = set()
    for index, raw in enumerate(data):
        path: FieldPath = (*base, index)
        if not isinstance(raw, Mapping) or "party" not in raw:
            problems.append(
                source.problem(
                    path,
                    "wrong_type",
                    value=raw,
                    expected=Text(
                        "pemetaan dengan 'party' (dan boleh juga 'relationship')", "a mapping with 'party' (and optionally 'relationship')"
                    ),
                    got=type_word(raw),
                )
            )
            continue
        for key in raw:
            if key not in ("party", "relationship"):
                problems.append(source.problem((*path, key), "unknown_field", value=key, allowed=("party", "relationship"), field=repr(key)))
        party, _ = _check_party(raw["party"], (*path, "party"), source, problems, (seeker,))
        if party is None:
            continue
        if party.id in seen or party.id == seeker:
            problems.append(source.problem((*path, "party", "id"), "duplicate_party", value=party.id))
            continue
        seen.add(party.id)
        candidate = _check_relationship(party, raw.get("relationship", {}), path, source, seeker, problems)
        if candidate is not None:
            candidates.append(candidate)
    if problems:
        raise LifecycleError(problems, source.file)
    return tuple(candidates)


#: Candidates built by the loader from checked mappings (by identity): screening checks any other one first.
_VALIDATED_CANDIDATES: ValidatedObjects[Candidate] = ValidatedObjects()


def _check_relationship(party: Party, data: object, path: FieldPath, source: SourceMap, seeker: str, problems: list[Problem]) -> Candidate | None:
    """The candidate ``party`` with its relationship mapping checked by the scenario's own field table (``None`` and
    the problems added to ``problems`` when it has any)."""
    fields = [f for f in RELATIONSHIP_FIELDS if f.name not in ("seeker", "candidate")]
    check = Validator(source)
    relationship: dict[str, Any] = {}
    mapping = check.mapping(data, (*path, "relationship"), (), [f.name for f in fields])
    if mapping is not None:
        relationship = check.record(fields, mapping, (*path, "relationship"), [seeker, party.id])
    if check.problems:
        problems.extend(check.problems)
        return None
    candidate = Candidate(party, relationship)
    _VALIDATED_CANDIDATES.add(candidate)
    return candidate


def _checked_candidates(candidates: Sequence[Candidate], seeker: str) -> list[Candidate]:
    """``candidates`` as screening uses them: each one the loader built as is, any other (built with attrs, which
    checks nothing) checked field by field like a candidate file, positions named ``[index].party.<field>`` and
    ``[index].relationship.<field>``.  Raises :class:`LifecycleError` with every problem found."""
    problems: list[Problem] = []
    checked: list[Candidate] = []
    source = SourceMap("candidates")
    for index, candidate in enumerate(candidates):
        if candidate in _VALIDATED_CANDIDATES:
            checked.append(candidate)
            continue
        if not isinstance(candidate, Candidate):
            problems.append(source.problem((index,), "wrong_type", expected=Text("calon mitra (Candidate)", "a Candidate"), got=type_word(candidate)))
            continue
        raw_party = party_input(candidate.party) if isinstance(candidate.party, Party) else candidate.party
        party, _ = _check_party(raw_party, (index, "party"), source, problems, (seeker,))
        relationship = dict(candidate.relationship) if isinstance(candidate.relationship, Mapping) else candidate.relationship
        if party is not None:
            found = _check_relationship(party, relationship, (index,), source, seeker, problems)
            if found is not None:
                checked.append(found)
    if problems:
        raise LifecycleError(problems, source.file)
    return checked


def candidates_from_dict(data: object, *, seeker: str, source: str | None = None) -> tuple[Candidate, ...]:
    """Validate a list of candidates (``[{party: {...}, relationship: {...}}, ...]``) for the seeker ``seeker``."""
    return _build_candidates(data, SourceMap(source), seeker)


def load_candidates(path: str | Path, *, seeker: str, text: str | None = None) -> tuple[Candidate, ...]:
    """Load candidates from a YAML or JSON file; problems name ``file:line:column`` and the field."""
    document = load_document(path, text=text, error=LifecycleError)
    return _build_candidates(document.data, document.source, seeker)


# --------------------------------------------------------------------------------------------------------------------
# Mapping
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class NeedMapping:
    """The partner kinds to map for one need, ranked (empty when no rule covers the need)."""

    need: str
    type: str
    source: str
    partners: tuple[MappedPartner, ...]

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        return {
            "need": self.need,
            "type": self.type,
            "source": self.source,
            "partners": [{"kind": p.kind, "weight": p.weight, "why": p.why.get(lang)} for p in self.partners],
        }


@attrs.frozen
class KindRanking:
    """A partner kind over all needs: the summed weight and the needs it serves."""

    kind: str
    score: int
    needs: tuple[str, ...]


@attrs.frozen
class PartnerMap:
    """The result of the needs analysis: per need, the kinds to map; overall, the kinds ranked; what to learn and how."""

    institution: str
    needs: tuple[NeedMapping, ...]
    ranking: tuple[KindRanking, ...]
    learn: tuple[tuple[str, Text], ...]
    approaches: tuple[tuple[str, Text], ...]

    def kinds_for(self, need: str) -> tuple[str, ...]:
        """The partner kinds mapped for ``need``, best first."""
        for entry in self.needs:
            if entry.need == need:
                return tuple(p.kind for p in entry.partners)
        return ()

    def to_dict(self, lang: str = "id") -> dict[str, Any]:
        return {
            "institution": self.institution,
            "needs": [entry.to_dict(lang) for entry in self.needs],
            "ranking": [{"kind": k.kind, "score": k.score, "needs": list(k.needs)} for k in self.ranking],
            "learn": [{"id": key, "text": text.get(lang)} for key, text in self.learn],
            "approaches": [{"id": key, "text": text.get(lang)} for key, text in self.approaches],
        }


_KIND_ORDER = {kind: index for index, kind in enumerate(v.PARTY_KINDS)}


def _profile_needs(profile: Profile) -> list[tuple[str, str]]:
    needs = [(reason, "reason") for reason in profile.reasons]
    needs += [(aspect, "aspect") for aspect in profile.weaknesses]
    needs += [(need, "provision") for need in profile.institution.needs]
    return needs


def map_partners(profile: Profile, *, rules: LifecycleRules | None = None) -> PartnerMap:
    """Which kinds of partner to map for each need of ``profile``, ranked with the reason (``mapping.yaml``).

    Needs are the profile's reasons, then its weak aspects, then the provisions the institution lacks.  Within a
    need, kinds rank by weight, ties in inventory order; the overall ranking sums the weights over the needs.
    """
    rules = rules or load_lifecycle_rules()
    entries: list[NeedMapping] = []
    totals: dict[str, int] = {}
    served: dict[str, list[str]] = {}
    for need, need_type in _profile_needs(profile):
        rule = rules.needs.get(need)
        partners = () if rule is None else tuple(sorted(rule.partners, key=lambda p: (-p.weight, _KIND_ORDER[p.kind])))
        entries.append(NeedMapping(need, need_type, "" if rule is None else rule.source, partners))
        for partner in partners:
            totals[partner.kind] = totals.get(partner.kind, 0) + partner.weight
            served.setdefault(partner.kind, []).append(need)
    ranking = tuple(KindRanking(kind, totals[kind], tuple(served[kind])) for kind in sorted(totals, key=lambda k: (-totals[k], _KIND_ORDER[k])))
    return PartnerMap(profile.institution.id, tuple(entries), ranking, rules.learn, rules.approaches)


# --------------------------------------------------------------------------------------------------------------------
# Screening
# --------------------------------------------------------------------------------------------------------------------


@attrs.frozen
class ScreenedCandidate:
    """One screened candidate: its score (0-1 plus the engine adjustment), each criterion's score, reasons, patterns.

    A criterion is ``None`` when nothing about it is known.  ``legal_pattern`` / ``family_pattern`` are the
    engine's best recommendation with this partner (``None`` when none is recommended or the engine was not used).
    """

    rank: int
    party: str
    name: str
    kind: str
    score: float
    criteria: Mapping[str, float | None]
    reasons_for: tuple[str, ...]
    reasons_against: tuple[str, ...]
    unknown: tuple[str, ...]
    mapped_for: tuple[str, ...]
    legal_pattern: str | None = None
    family_pattern: str | None = None
    partnership_status: str | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "party": self.party,
            "name": self.name,
            "kind": self.kind,
            "score": round(self.score, 4),
            "criteria": {key: None if value is None else round(value, 4) for key, value in self.criteria.items()},
            "reasons_for": list(self.reasons_for),
            "reasons_against": list(self.reasons_against),
            "unknown": list(self.unknown),
            "mapped_for": list(self.mapped_for),
            "legal_pattern": self.legal_pattern,
            "family_pattern": self.family_pattern,
            "partnership_status": self.partnership_status,
            "warnings": list(self.warnings),
        }


@attrs.frozen
class Screening:
    """The ranked candidates, best first (ties by party id), for the institution ``seeker``."""

    seeker: str
    candidates: tuple[ScreenedCandidate, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"seeker": self.seeker, "candidates": [c.to_dict() for c in self.candidates]}


def _field(name: str, candidate: Party, relationship: Mapping[str, Any]) -> Any:
    scope, _, attribute = name.partition(".")
    if scope == "candidate":
        return getattr(candidate, attribute)
    return relationship.get(attribute)


def _measure(measure: Measure, seeker: Party, candidate: Candidate, levels: Mapping[str, float]) -> float | None:
    params = measure.params
    if measure.kind == "level":
        value = _field(params["field"], candidate.party, candidate.relationship)
        return None if value is None else levels[value]
    if measure.kind == "flag":
        value = _field(params["field"], candidate.party, candidate.relationship)
        return None if value is None else float(bool(value))
    if measure.kind == "scored":
        value = _field(params["field"], candidate.party, candidate.relationship)
        scores: Mapping[str, float] = params["scores"]
        return scores.get(value) if value is not None else None
    if measure.kind == "vision_overlap":
        override = candidate.relationship.get("shared_vision")
        if override is not None:
            return float(bool(override))
        if not seeker.vision or not candidate.party.vision:
            return None
        return len(set(seeker.vision) & set(candidate.party.vision)) / len(set(seeker.vision))
    if measure.kind == "needs_covered":
        sides = {"seeker": [(seeker, candidate.party)], "candidate": [(candidate.party, seeker)]}
        pairs = sides.get(params["direction"], sides["seeker"] + sides["candidate"])
        values = [len(set(needer.needs) & set(giver.offers)) / len(needer.needs) for needer, giver in pairs if needer.needs]
        return None if not values else sum(values) / len(values)
    raise AssertionError(f"unknown measure {measure.kind!r}")  # pragma: no cover - the loader refuses it


def _criterion(criterion: Criterion, seeker: Party, candidate: Candidate, levels: Mapping[str, float]) -> float | None:
    total = weight = 0.0
    for measure in criterion.measures:
        value = _measure(measure, seeker, candidate, levels)
        if value is not None and measure.weight > 0:
            total += value * measure.weight
            weight += measure.weight
    return None if weight == 0 else total / weight


def _score(profile: Profile, candidate: Candidate, rules: LifecycleRules, mapped: Mapping[str, tuple[str, ...]], lang: str) -> dict[str, Any]:
    criteria: dict[str, float | None] = {}
    total = weight = 0.0
    reasons_for: list[str] = []
    reasons_against: list[str] = []
    unknown: list[str] = []
    for criterion in rules.criteria:
        value = _criterion(criterion, profile.institution, candidate, rules.levels)
        criteria[criterion.id] = value
        label = criterion.label.get(lang)
        if value is None:
            unknown.append(criterion.id)
            continue
        total += value * criterion.weight
        weight += criterion.weight
        if value >= rules.strong:
            reasons_for.append(f"{label}: {value:.2f}")
        elif value < rules.weak:
            reasons_against.append(f"{label}: {value:.2f}")
    mapped_for = mapped.get(candidate.party.kind, ())
    if mapped_for:
        word = "dipetakan untuk" if lang != "en" else "mapped for"
        reasons_for.append(f"{word}: {', '.join(wording.need_label(need, lang) for need in mapped_for)}")
    return {
        "score": 0.0 if weight == 0 else total / weight,
        "criteria": criteria,
        "reasons_for": reasons_for,
        "reasons_against": reasons_against,
        "unknown": tuple(unknown),
        "mapped_for": mapped_for,
    }


def _engine_row(row: dict[str, Any], seeker: Party, engine: Any, adjust: Mapping[str, float]) -> None:
    """Evaluate the seeker with this candidate and add the patterns, status and score adjustment to ``row``."""
    candidate: Candidate = row["candidate"]
    relationship = Relationship(seeker=seeker.id, candidate=candidate.party.id, **candidate.relationship)
    scenario = Scenario(id=f"screen.{candidate.party.id}", parties=(seeker, candidate.party), relationship=relationship)
    try:
        report = engine.evaluate(scenario)
    except ScenarioError as exc:  # pragma: no cover - the candidate was validated already
        raise LifecycleError(exc.problems, f"candidate {candidate.party.id}") from None
    legal, family = report.best("legal"), report.best("family")
    row["legal_pattern"] = None if legal is None else legal.pattern
    row["family_pattern"] = None if family is None else family.pattern
    row["partnership_status"] = report.partnership_status
    row["warnings"] = tuple(report.drawbacks)
    unmet = sum(1 for a in report.preconditions if a.status == "unmet")
    high = sum(1 for w in report.warnings if w.severity == "critical")
    row["score"] += (
        (adjust["ready_bonus"] if report.partnership_ready else 0.0) + unmet * adjust["per_unmet_precondition"] + high * adjust["per_high_warning"]
    )


def screen(
    profile: Profile,
    candidates: Sequence[Candidate],
    *,
    engine: Any = None,
    use_engine: bool = True,
    engine_top: int | None = None,
    lang: str = "id",
    rules: LifecycleRules | None = None,
) -> Screening:
    """Screen and rank ``candidates`` for the institution of ``profile`` (analisis potensi mitra).

    Each candidate is scored on the criteria of ``screening.yaml``; with the engine (``engine`` or a shared default
    :class:`~kemitraan_rules.engine.Engine`), the scenario *institution as seeker + candidate* is evaluated to add the
    recommended legal and family patterns and the engine adjustment (ready bonus, unmet preconditions, serious
    warnings).  ``use_engine=False`` skips it; ``engine_top=N`` asks the engine only about the N candidates that
    score best on the criteria (the engine costs milliseconds per candidate, the criteria microseconds; see
    ``benchmarks/screening.py``).  The ranking is deterministic: score, then party id.
    """
    rules = rules or load_lifecycle_rules()
    partner_map = map_partners(profile, rules=rules)
    mapped = {entry.kind: entry.needs for entry in partner_map.ranking}
    if use_engine and engine is None:
        from ..engine import builtin_engine

        engine = builtin_engine()
    seeker = profile.institution
    rows: list[dict[str, Any]] = []
    adjust = rules.engine_adjustment
    for candidate in _checked_candidates(candidates, seeker.id):
        row = _score(profile, candidate, rules, mapped, lang)
        row["party"] = candidate.party
        row["candidate"] = candidate
        rows.append(row)
    if use_engine:
        rows.sort(key=lambda row: (-round(row["score"], 6), row["party"].id))
        for row in rows[:engine_top] if engine_top is not None else rows:
            _engine_row(row, seeker, engine, adjust)
    rows.sort(key=lambda row: (-round(row["score"], 6), row["party"].id))
    ranked = tuple(
        ScreenedCandidate(
            rank=index + 1,
            party=row["party"].id,
            name=row["party"].name or row["party"].id,
            kind=row["party"].kind,
            score=round(row["score"], 6),
            criteria=row["criteria"],
            reasons_for=tuple(row["reasons_for"]),
            reasons_against=tuple(row["reasons_against"]),
            unknown=row["unknown"],
            mapped_for=row["mapped_for"],
            legal_pattern=row.get("legal_pattern"),
            family_pattern=row.get("family_pattern"),
            partnership_status=row.get("partnership_status"),
            warnings=row.get("warnings", ()),
        )
        for index, row in enumerate(rows)
    )
    return Screening(seeker.id, ranked)

"""Rule files: loading and validating rulesets into checked, immutable rule specifications.

A rule directory holds one ruleset per ``*.yaml`` / ``*.json`` file (see ``docs/rule-format.md``).  Loading
validates everything before any rule reaches the engine: structure, ids, known fields and operators, the types of
values, the concepts named by conclusions, derived facts, and size bounds.  Every problem is reported at once as a
:class:`RulesetError` whose problems read like a compiler's: ``file:line:column: rule 'id': message``.

Legal profiles: a rules directory may hold ``law/<profile>/`` folders (``paper_1995``, ``current``); loading a
directory loads its own files and those of the selected profile's folder only, and a pattern in the catalogue lists
the profiles it belongs to (``law:``).  See ``docs/law.md``.

The result is a :class:`RuleBase`: all rules of all rulesets, merged (user rulesets may add rules and concepts, and
may override or disable a built-in rule *explicitly*; a silent id collision is an error), sorted by id so that the
order of files never changes a result.
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from . import vocabulary as v
from ._cache import file_digest, load_cached_document
from ._resources import builtin_rulesets_dir
from ._yaml import DocumentLimits, FieldPath, SourceMap
from .errors import Problem, RulesetError
from .facts import FIELDS, FieldSpec
from .operators import OPERATORS

__all__ = [
    "ASSESSED_KINDS",
    "BASES",
    "CONCLUSION_KINDS",
    "LAW_DIR",
    "MAX_RULES_PER_RULESET",
    "Basis",
    "Concept",
    "Conclusion",
    "Condition",
    "RuleBase",
    "RuleSpec",
    "RulesetInfo",
    "Source",
    "builtin",
    "load_rulesets",
    "profile_files",
    "select_law",
]

#: A ruleset (one file) may hold at most this many rules.  durable-rules hangs while building a ruleset of a little
#: over 500 rules; the compiler splits rules into smaller units anyway, but a file this large is a mistake to report.
MAX_RULES_PER_RULESET = 250
#: The largest weight a rule may give: sums of weights must stay finite (two weights of 1e308 made a score ``inf``,
#: which strict JSON cannot carry).
MAX_WEIGHT = 1_000_000
#: Bounds for reading one rule file.  Rule files are small (the largest built-in one holds about 1,000 values), so a
#: bound on values far below the general one makes an alias bomb fail in a fraction of a second instead of seconds.
RULE_FILE_LIMITS = DocumentLimits(max_nodes=50_000)
#: The concept kinds a rule assesses met or unmet (each becomes a group of assessments in a report).
ASSESSED_KINDS: tuple[str, ...] = ("precondition", "principle", "element", "key")
CONCLUSION_KINDS: tuple[str, ...] = ("recommend", "exclude", "out_of_scope", "precondition", "principle", "element", "key", "warn", "derive")
#: What a rule, mitigation or setting rests on: the paper states it (``paper``), a statute as the paper cites it
#: (``law``), or this library's own reading or threshold (``interpretation``, which must say why in a ``note``).
BASES: tuple[str, ...] = ("paper", "law", "interpretation")
STATUSES: tuple[str, ...] = ("met", "unmet")
SEVERITIES: tuple[str, ...] = v.SEVERITIES
LANGUAGES: tuple[str, ...] = v.LANGUAGES
#: A rule id: dotted lower-case words (``inti_plasma.inti_membina``); a name: one such word (ruleset, concept id).
RULE_ID_PATTERN = r"^[a-z0-9_]+(\.[a-z0-9_]+)+$"
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
_RULE_ID = re.compile(RULE_ID_PATTERN)
_NAME = re.compile(NAME_PATTERN)
#: The header every data file under rulesets/ carries: ``kind: rules`` for a rule file (optional in user files).
RULE_FILE_KIND = "rules"
_RULESET_KEYS = ("kind", "ruleset", "version", "description", "concepts", "derived", "settings", "rules", "overrides", "disable")
_RULE_KEYS = ("id", "when", "then", "text", "source", "basis", "description")
_CONCEPT_KEYS = (
    "label",
    "description",
    "source",
    "basis",
    "layer",
    "mitigation",
    "mitigation_basis",
    "remedy_steps",
    "patterns",
    "law",
    "counterpart",
)
#: The folder of a rules directory that holds one subfolder per legal profile (``law/paper_1995/``, ``law/current/``).
LAW_DIR = "law"
_DERIVED_TYPES = ("bool", "enum", "int", "number")


@attrs.frozen
class Basis:
    """What a rule, mitigation or setting rests on: ``kind`` is one of :data:`BASES`; an ``interpretation`` carries a
    one-line ``note`` (``id`` and ``en``) saying why this library reads the paper so."""

    kind: str
    note: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def is_interpretation(self) -> bool:
        return self.kind == "interpretation"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind}
        if self.note:
            data["note"] = dict(self.note)
        return data


@attrs.frozen
class Source:
    """Where a rule or concept comes from: author (or law), year, and the section of the paper."""

    author: str
    year: int | None = None
    section: str = ""

    def __str__(self) -> str:
        year = f" {self.year}" if self.year is not None else ""
        section = f", {self.section}" if self.section else ""
        return f"{self.author}{year}{section}"

    def to_dict(self) -> dict[str, Any]:
        return {"author": self.author, "year": self.year, "section": self.section}


@attrs.frozen
class Location:
    """File, line and column of a rule in its rule file."""

    file: str | None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file or "<data>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@attrs.frozen
class Condition:
    """One test of one fact field: ``field op operand``."""

    field: str
    op: str
    operand: Any

    def key(self) -> tuple[str, str, str]:
        """A hashable identity: two equal conditions share one compiled test."""
        return (self.field, self.op, repr(self.operand))

    def __str__(self) -> str:
        operand = self.operand
        if isinstance(operand, (list, tuple)):
            operand = "[" + ", ".join(str(x) for x in operand) + "]"
        elif isinstance(operand, bool):
            operand = "true" if operand else "false"
        return f"{self.field} {self.op} {operand}"


@attrs.frozen
class Conclusion:
    """What a rule concludes when it fires; ``kind`` is one of :data:`CONCLUSION_KINDS`."""

    kind: str
    target: str  # pattern, precondition, principle, element, key, drawback or derived fact name
    weight: float = 0.0
    status: str = ""
    severity: str = ""
    value: Any = True

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "target": self.target}
        if self.kind == "recommend":
            data["weight"] = self.weight
        if self.status:
            data["status"] = self.status
        if self.severity:
            data["severity"] = self.severity
        if self.kind == "derive":
            data["value"] = self.value
        return data


@attrs.frozen
class RuleSpec:
    """A validated rule: conditions that must all hold, the conclusions drawn, its texts and source."""

    id: str
    ruleset: str
    conditions: tuple[Condition, ...]
    conclusions: tuple[Conclusion, ...]
    text: Mapping[str, str]
    source: Source
    location: Location
    basis: Basis | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "ruleset": self.ruleset,
            "when": [str(c) for c in self.conditions],
            "then": [c.to_dict() for c in self.conclusions],
            "text": dict(self.text),
            "source": self.source.to_dict(),
        }
        if self.basis is not None:
            data["basis"] = self.basis.to_dict()
        return data


@attrs.frozen
class Concept:
    """A declared concept (pattern, precondition, principle, element or drawback) with its texts."""

    kind: str
    id: str
    label: Mapping[str, str]
    description: Mapping[str, str]
    source: Source | None = None
    layer: str | None = None
    mitigation: Mapping[str, str] = attrs.field(factory=dict)
    remedy_steps: tuple[str, ...] = ()
    basis: Basis | None = None
    mitigation_basis: Basis | None = None
    #: For a benefit: the patterns the paper ties it to (empty: any partnership).
    patterns: tuple[str, ...] = ()
    #: The legal profiles a pattern or drawback belongs to (empty: every profile, as the strategy families).
    law: tuple[str, ...] = ()
    #: For a pattern: the pattern of the current profile that corresponds to it (``None``: none), and what changed.
    counterpart: str | None = None
    counterpart_note: Mapping[str, str] = attrs.field(factory=dict)

    def in_profile(self, law: str) -> bool:
        """Whether this concept belongs to the legal profile ``law``."""
        return not self.law or law in self.law


@attrs.frozen
class RulesetInfo:
    """Name, version and file of one loaded ruleset (recorded in every report)."""

    name: str
    version: str
    file: str
    rules: int

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "rules": self.rules}


@attrs.frozen
class RuleBase:
    """All validated rules, concepts, derived-fact declarations and settings of a set of rulesets."""

    rules: tuple[RuleSpec, ...]
    concepts: Mapping[tuple[str, str], Concept]
    derived: Mapping[str, FieldSpec]
    settings: Mapping[str, float]
    rulesets: tuple[RulesetInfo, ...]
    setting_bases: Mapping[str, Basis] = attrs.field(factory=dict)
    #: The legal profile these rules were loaded for (``paper_1995`` or ``current``).
    law: str = v.DEFAULT_LAW

    def __repr__(self) -> str:
        from .display import short_repr

        return short_repr(self)

    def _repr_html_(self) -> str:
        """The rule base in a notebook: its rulesets with versions and rule counts (see :mod:`kemitraan_rules.html`)."""
        from .html import to_html

        return to_html(self)

    @property
    def fields(self) -> dict[str, FieldSpec]:
        """Every field rules can test: the scenario fields and the declared derived facts."""
        return {**FIELDS, **self.derived}

    def rule(self, rule_id: str) -> RuleSpec:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(f"unknown rule id {rule_id!r}")

    def concept(self, kind: str, concept_id: str) -> Concept:
        return self.concepts[(kind, concept_id)]

    def concept_ids(self, kind: str) -> tuple[str, ...]:
        """Ids of the concepts of one kind: the inventory's first, in inventory order, then added ones by id."""
        inventory = {
            "pattern": v.PATTERNS,
            "precondition": v.PRECONDITIONS,
            "principle": v.PRINCIPLES,
            "element": v.ELEMENTS,
            "key": v.KEYS,
            "drawback": v.DRAWBACKS,
            "benefit": v.BENEFITS,
        }[kind]
        declared = {cid for (k, cid), concept in self.concepts.items() if k == kind and concept.in_profile(self.law)}
        return tuple(c for c in inventory if c in declared) + tuple(sorted(declared - set(inventory)))

    def pattern_layer(self, pattern: str) -> str:
        concept = self.concepts[("pattern", pattern)]
        return concept.layer or v.PATTERN_LAYER.get(pattern, "legal")

    def setting(self, name: str, default: float) -> float:
        return self.settings.get(name, default)


# --------------------------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------------------------


def builtin() -> Path:
    """The directory of the built-in rulesets (inside the installed package, or ``rulesets/`` of a checkout)."""
    return builtin_rulesets_dir()


#: Suffixes of rule files; ``*.schema.json`` files (an editor's schema placed beside the rules) are not rule files.
RULE_FILE_SUFFIXES = (".yaml", ".yml", ".json")


def _is_rule_file(path: Path) -> bool:
    return path.is_file() and path.suffix in RULE_FILE_SUFFIXES and not path.name.endswith(".schema.json")


def _profile_of(path: Path) -> str | None:
    """The legal profile of a ``law/<profile>/`` folder, or of a file in one; ``None`` elsewhere."""
    folder = path if path.is_dir() else path.parent
    return folder.name if folder.parent.name == LAW_DIR else None


def select_law(paths: Sequence[str | Path], law: str | None = None) -> str:
    """The legal profile to load: ``law`` if given (it must exist), else that of a ``law/<profile>/`` folder or file
    named in ``paths``, else the default (``paper_1995``).

    Known profiles are the built-in ones and any ``law/<profile>/`` folder of the directories given.  Raises
    :class:`RulesetError` for an unknown profile, or when files of two profiles are named together.
    """
    entries = [Path(p) for p in paths]
    known = set(v.LAW_PROFILES)
    for path in entries:
        if path.is_dir() and (path / LAW_DIR).is_dir():
            known |= {p.name for p in (path / LAW_DIR).iterdir() if p.is_dir()}
    named = sorted({profile for profile in map(_profile_of, entries) if profile is not None})
    allowed = tuple(sorted(known))
    if law is not None and law not in known:
        raise RulesetError([Problem(path="law", message=f"unknown legal profile {law!r}", value=law, allowed=allowed)])
    if len(named) > 1 or (law is not None and named and named != [law]):
        profiles = ", ".join(sorted({*named, *([law] if law is not None else [])}))
        raise RulesetError(
            [Problem(path="law", message=f"rule files of several legal profiles were given ({profiles}); load one at a time", allowed=allowed)]
        )
    return law if law is not None else named[0] if named else v.DEFAULT_LAW


def profile_files(directory: Path, law: str) -> list[Path]:
    """The rule files of one directory under a legal profile: its own, then those of its ``law/<law>/`` folder."""
    files = sorted(p for p in directory.iterdir() if _is_rule_file(p))
    profile_dir = directory / LAW_DIR / law
    if _profile_of(directory) is None and profile_dir.is_dir():
        files += sorted(p for p in profile_dir.iterdir() if _is_rule_file(p))
    return files


def rule_files(paths: Iterable[str | Path], *, include_builtin: bool = False, law: str | None = None) -> list[Path]:
    """The rule files named by ``paths`` (directories or files), the built-in ones first when asked.

    A directory contributes its rule files in name order, then those of its ``law/<profile>/`` folder for the legal
    profile ``law`` (by default the one :func:`select_law` picks; other subdirectories, such as the lifecycle rules
    and settings under ``rulesets/``, hold other kinds of file).  Each file appears once even if it is named twice (a
    built-in file checked on its own is not loaded twice).  A path that does not exist raises :class:`RulesetError`.
    """
    entries: list[Path] = [builtin()] if include_builtin else []
    entries += [Path(p) for p in paths]
    selected = select_law(entries, law)
    files: list[Path] = []
    seen: set[Path] = set()
    for entry in entries:
        if entry.is_dir():
            found = profile_files(entry, selected)
        elif entry.is_file():
            found = [entry]
        else:
            raise RulesetError([Problem(path="", message="no such rule file or directory", file=str(entry))], str(entry))
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


@attrs.define
class _RawRuleset:
    name: str
    version: str
    file: str
    source: SourceMap
    data: dict[str, Any]
    builtin: bool


def load_rulesets(paths: Sequence[str | Path] | None = None, law: str | None = None) -> RuleBase:
    """Load and validate the rulesets in ``paths`` (directories or files) into a :class:`RuleBase`.

    With no ``paths``, the built-in rulesets.  User rule directories are merged with the built-in ones when they
    are listed together (``load_rulesets([builtin(), "my_rules/"])``).  ``law`` selects the legal profile
    (``paper_1995``, the default, or ``current``): each directory's ``law/<law>/`` folder is loaded with it, and a
    file or folder given from a ``law/<profile>/`` folder selects that profile when ``law`` is not given (see
    :func:`select_law`).  Raises :class:`RulesetError` with every problem found in every file.
    """
    if paths is None:
        paths = [builtin()]
    law = select_law(paths, law)
    files = rule_files(paths, law=law)
    key = _rulebase_key(files, law)
    if key is not None:
        with _RULEBASES_LOCK:
            cached = _RULEBASES.get(key)
        if cached is not None:
            return cached
    rulebase = _load(files, law)
    if key is not None and key == _rulebase_key(files, law):  # not edited while it was being loaded
        with _RULEBASES_LOCK:
            _RULEBASES[key] = rulebase
            while len(_RULEBASES) > _RULEBASES_KEPT:
                del _RULEBASES[next(iter(_RULEBASES))]
    return rulebase


#: Validated rule bases of this process, by legal profile and every file's ``(name, resolved path, size, mtime_ns,
#: sha256)``: a second ``Engine()`` over unchanged rules costs a stat and a hash per file.  Bounded (oldest dropped).
_RulebaseKey = tuple[str, tuple[tuple[str, str, int, int, str], ...]]
_RULEBASES: dict[_RulebaseKey, RuleBase] = {}
_RULEBASES_LOCK = threading.Lock()
_RULEBASES_KEPT = 16


def _rulebase_key(files: Sequence[Path], law: str) -> _RulebaseKey | None:
    """The cache key of a list of rule files, or ``None`` when one cannot be read (loading then reports it)."""
    key = []
    for file in files:
        try:
            stat = file.stat()
        except OSError:
            return None
        digest = file_digest(file)
        if digest is None:
            return None
        key.append((str(file), str(file.resolve()), stat.st_size, stat.st_mtime_ns, digest))
    return (law, tuple(key))


def _load(files: Sequence[Path], law: str) -> RuleBase:
    builtin_dir = builtin().resolve()
    problems: list[Problem] = []
    raws: list[_RawRuleset] = []
    for file in files:
        try:
            document = load_cached_document(file, error=RulesetError, limits=RULE_FILE_LIMITS)
        except RulesetError as exc:
            problems.extend(exc.problems)
            continue
        header = _check_header(document.data, document.source, problems)
        if header is not None:
            is_builtin = file.resolve().parent == builtin_dir or file.resolve().parent.parent.parent == builtin_dir
            raws.append(_RawRuleset(header[0], header[1], str(file), document.source, document.data, is_builtin))
    names: dict[str, str] = {}
    for raw in raws:
        if raw.name in names:
            problems.append(raw.source.problem(("ruleset",), f"ruleset name {raw.name!r} is also used by {names[raw.name]}", value=raw.name))
        names[raw.name] = raw.file
    if problems:
        raise RulesetError(problems)
    return _Assembler(raws, law).assemble()


def _check_header(data: object, source: SourceMap, problems: list[Problem]) -> tuple[str, str] | None:
    if not isinstance(data, Mapping):
        problems.append(source.problem((), f"a rule file must be a mapping with a 'ruleset' key (got {type(data).__name__})"))
        return None
    before = len(problems)
    for key in data:
        if key not in _RULESET_KEYS:
            problems.append(source.problem((key,), f"unknown top-level key {key!r}", value=key, allowed=_RULESET_KEYS))
    if "kind" in data and data["kind"] != RULE_FILE_KIND:
        problems.append(source.problem(("kind",), f"this is not a rule file (kind {data['kind']!r})", value=data["kind"], allowed=(RULE_FILE_KIND,)))
    name = data.get("ruleset")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        problems.append(source.problem(("ruleset",) if "ruleset" in data else (), f"'ruleset' must be a lower_snake_case name (got {name!r})"))
    version = data.get("version")
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version:
        problems.append(
            source.problem(("version",) if "version" in data else (), f"'version' must be a version string such as \"1.0.0\" (got {version!r})")
        )
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        problems.append(source.problem(("rules",), "'rules' must be a list of rules"))
    elif len(rules) > MAX_RULES_PER_RULESET:
        problems.append(
            source.problem(
                ("rules",),
                f"ruleset has {len(rules)} rules, more than the limit of {MAX_RULES_PER_RULESET}; split it into several rulesets by concern",
            )
        )
    if len(problems) > before:
        return None
    assert isinstance(name, str) and isinstance(version, str)
    return name, version


class _Assembler:
    """Validates the content of all rulesets together (rules may name concepts and facts of other rulesets)."""

    def __init__(self, raws: list[_RawRuleset], law: str = v.DEFAULT_LAW) -> None:
        self.raws = raws
        self.law = law
        self.problems: list[Problem] = []
        self.concepts: dict[tuple[str, str], Concept] = {}
        self.derived: dict[str, FieldSpec] = {}
        self.settings: dict[str, float] = {}
        self.setting_bases: dict[str, Basis] = {}
        self.declared_in: dict[tuple[str, str], str] = {}  # (section, name) -> file that declared it first

    def problem(
        self, raw: _RawRuleset, path: FieldPath, message: str, *, rule: str | None = None, value: object = None, allowed: Sequence[str] = ()
    ) -> None:
        self.problems.append(raw.source.problem(path, message, rule=rule, value=value, allowed=tuple(allowed)))

    def assemble(self) -> RuleBase:
        for raw in self.raws:
            self._concepts(raw)
            self._derived(raw)
            self._settings(raw)
        rules: dict[str, RuleSpec] = {}
        overrides: dict[str, _RawRuleset] = {}
        disabled: dict[str, _RawRuleset] = {}
        for raw in self.raws:
            for key, target in (("overrides", overrides), ("disable", disabled)):
                ids = raw.data.get(key, [])
                if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                    self.problem(raw, (key,), f"'{key}' must be a list of rule ids")
                    continue
                for rule_id in ids:
                    target[rule_id] = raw
        owners: dict[str, _RawRuleset] = {}
        for raw in sorted(self.raws, key=lambda r: (not r.builtin, r.file)):
            for index, data in enumerate(raw.data.get("rules", []) or []):
                rule = self._rule(raw, index, data)
                if rule is None:
                    continue
                if rule.id in rules:
                    first = owners[rule.id]
                    if overrides.get(rule.id) is raw and first is not raw:
                        rules[rule.id] = rule
                        owners[rule.id] = raw
                        continue
                    self.problem(
                        raw,
                        ("rules", index, "id"),
                        f"duplicate rule id (already defined in {first.file}); to replace it, list it under 'overrides:'",
                        rule=rule.id,
                    )
                    continue
                rules[rule.id] = rule
                owners[rule.id] = raw
        for rule_id, raw in sorted(overrides.items()):
            if owners.get(rule_id) is not raw:
                self.problem(
                    raw, ("overrides",), f"overrides rule {rule_id!r}, but it defines no rule with that id, or no earlier ruleset does", value=rule_id
                )
        for rule_id, raw in sorted(disabled.items()):
            if rule_id not in rules:
                self.problem(raw, ("disable",), f"disables unknown rule {rule_id!r}", value=rule_id, allowed=sorted(rules))
            else:
                del rules[rule_id]
        self._check_concepts_used(rules.values())
        if self.problems:
            raise RulesetError(self.problems)
        infos = tuple(
            sorted(
                (RulesetInfo(r.name, r.version, r.file, sum(1 for o in owners.values() if o is r)) for r in self.raws),
                key=lambda info: info.name,
            )
        )
        return RuleBase(
            rules=tuple(sorted(rules.values(), key=lambda r: r.id)),
            concepts=dict(sorted(self.concepts.items())),
            derived=dict(sorted(self.derived.items())),
            settings=dict(sorted(self.settings.items())),
            rulesets=infos,
            setting_bases=dict(sorted(self.setting_bases.items())),
            law=self.law,
        )

    # --- sections ---------------------------------------------------------------------------------------------------
    def _texts(self, raw: _RawRuleset, path: FieldPath, data: object, *, rule: str | None = None, what: str = "text") -> dict[str, str]:
        if not isinstance(data, Mapping) or any(not isinstance(data.get(lang), str) or not data.get(lang, "").strip() for lang in LANGUAGES):
            self.problem(raw, path, f"{what} must be a mapping with non-empty 'id' (Indonesian) and 'en' (English) texts", rule=rule)
            return {}
        extra = [k for k in data if k not in LANGUAGES]
        if extra:
            self.problem(raw, (*path, extra[0]), f"unknown language {extra[0]!r}", rule=rule, value=extra[0], allowed=LANGUAGES)
        return {lang: " ".join(str(data[lang]).split()) for lang in LANGUAGES}

    def _source(self, raw: _RawRuleset, path: FieldPath, data: object, *, rule: str | None = None) -> Source | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("author"), str):
            self.problem(raw, path, "source must be a mapping with 'author' (and 'year', 'section')", rule=rule)
            return None
        for key in data:
            if key not in ("author", "year", "section"):
                self.problem(raw, (*path, key), f"unknown key {key!r}", rule=rule, value=key, allowed=("author", "year", "section"))
        year = data.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            self.problem(raw, (*path, "year"), f"year must be a whole number (got {year!r})", rule=rule)
            year = None
        section = data.get("section", "")
        return Source(str(data["author"]), year, str(section) if section is not None else "")

    def _basis(self, raw: _RawRuleset, path: FieldPath, data: object, *, rule: str | None = None) -> Basis | None:
        """``paper`` / ``law`` / ``interpretation`` (a string or ``{kind: ..., note: {id, en}}``); an interpretation
        needs a note saying why."""
        if isinstance(data, str):
            data = {"kind": data}
        if not isinstance(data, Mapping) or data.get("kind") not in BASES:
            kind = data.get("kind") if isinstance(data, Mapping) else data
            self.problem(raw, path, f"basis must be one of paper, law, interpretation (got {kind!r})", rule=rule, value=kind, allowed=BASES)
            return None
        for key in data:
            if key not in ("kind", "note"):
                self.problem(raw, (*path, key), f"unknown key {key!r}", rule=rule, value=key, allowed=("kind", "note"))
        note: dict[str, str] = {}
        if "note" in data:
            note = self._texts(raw, (*path, "note"), data["note"], rule=rule, what="note")
        elif data["kind"] == "interpretation":
            self.problem(raw, path, "an interpretation needs a 'note' ({id: ..., en: ...}) saying why", rule=rule)
            return None
        return Basis(str(data["kind"]), note)

    def _concepts(self, raw: _RawRuleset) -> None:
        section = raw.data.get("concepts")
        if section is None:
            return
        if not isinstance(section, Mapping):
            self.problem(raw, ("concepts",), "'concepts' must map a concept kind to its concepts", allowed=v.CONCEPT_KINDS)
            return
        for kind, entries in section.items():
            if kind not in v.CONCEPT_KINDS:
                self.problem(raw, ("concepts", kind), f"unknown concept kind {kind!r}", value=kind, allowed=v.CONCEPT_KINDS)
                continue
            if not isinstance(entries, Mapping):
                self.problem(raw, ("concepts", kind), "must map concept ids to their description")
                continue
            for concept_id, data in entries.items():
                path: FieldPath = ("concepts", kind, concept_id)
                if not _NAME.fullmatch(concept_id):
                    self.problem(raw, path, f"concept id {concept_id!r} must be lower_snake_case")
                    continue
                if (kind, concept_id) in self.concepts:
                    self.problem(raw, path, f"{kind} {concept_id!r} is already declared in {self.declared_in[(kind, concept_id)]}")
                    continue
                if not isinstance(data, Mapping):
                    self.problem(raw, path, "must be a mapping with label and description")
                    continue
                for key in data:
                    if key not in _CONCEPT_KEYS:
                        self.problem(raw, (*path, key), f"unknown key {key!r}", value=key, allowed=_CONCEPT_KEYS)
                label = self._texts(raw, (*path, "label"), data.get("label"), what="label")
                description = self._texts(raw, (*path, "description"), data.get("description"), what="description")
                source = self._source(raw, (*path, "source"), data["source"]) if "source" in data else None
                layer = data.get("layer")
                if kind == "pattern":
                    if layer not in v.LAYERS:
                        self.problem(raw, (*path, "layer"), f"a pattern needs a layer (got {layer!r})", value=layer, allowed=v.LAYERS)
                    elif concept_id in v.PATTERN_LAYER and v.PATTERN_LAYER[concept_id] != layer:
                        self.problem(raw, (*path, "layer"), f"{concept_id} belongs to the {v.PATTERN_LAYER[concept_id]} layer")
                elif layer is not None:
                    self.problem(raw, (*path, "layer"), "only patterns have a layer")
                mitigation: dict[str, str] = {}
                if kind == "drawback":
                    mitigation = self._texts(raw, (*path, "mitigation"), data.get("mitigation"), what="mitigation")
                elif "mitigation" in data:
                    self.problem(raw, (*path, "mitigation"), "only drawbacks have a mitigation")
                steps = data.get("remedy_steps", [])
                if not isinstance(steps, list) or any(step not in v.STEPS for step in steps):
                    self.problem(raw, (*path, "remedy_steps"), "remedy_steps must be a list of step ids", value=steps, allowed=v.STEPS)
                    steps = []
                basis = self._basis(raw, (*path, "basis"), data["basis"]) if "basis" in data else None
                mitigation_basis = None
                if "mitigation_basis" in data:
                    if kind != "drawback":
                        self.problem(raw, (*path, "mitigation_basis"), "only drawbacks have a mitigation")
                    mitigation_basis = self._basis(raw, (*path, "mitigation_basis"), data["mitigation_basis"])
                patterns = data.get("patterns", [])
                if "patterns" in data and kind != "benefit":
                    self.problem(raw, (*path, "patterns"), "only benefits name the patterns they belong to")
                elif not isinstance(patterns, list) or any(not isinstance(p, str) or not _NAME.fullmatch(p) for p in patterns):
                    self.problem(raw, (*path, "patterns"), "patterns must be a list of pattern ids", value=patterns, allowed=v.PATTERNS)
                    patterns = []
                law = self._concept_law(raw, path, kind, data)
                counterpart, note = self._counterpart(raw, path, kind, data)
                self.declared_in[(kind, concept_id)] = raw.file
                self.concepts[(kind, concept_id)] = Concept(
                    kind,
                    concept_id,
                    label,
                    description,
                    source,
                    layer,
                    mitigation,
                    tuple(steps),
                    basis,
                    mitigation_basis,
                    tuple(sorted(patterns)),
                    law,
                    counterpart,
                    note,
                )

    def _concept_law(self, raw: _RawRuleset, path: FieldPath, kind: str, data: Mapping[str, Any]) -> tuple[str, ...]:
        """The ``law`` of a pattern: a non-empty list of profile names (absent: every profile)."""
        if "law" not in data:
            return ()
        law = data["law"]
        if kind not in ("pattern", "drawback"):
            self.problem(raw, (*path, "law"), "only patterns and drawbacks belong to a legal profile ('law')")
            return ()
        if not isinstance(law, list) or not law or not all(isinstance(x, str) and _NAME.match(x) for x in law) or len(set(law)) != len(law):
            self.problem(raw, (*path, "law"), "law must be a list of legal profile names, each once", value=law, allowed=v.LAW_PROFILES)
            return ()
        return tuple(sorted(law))

    def _counterpart(self, raw: _RawRuleset, path: FieldPath, kind: str, data: Mapping[str, Any]) -> tuple[str | None, dict[str, str]]:
        """A pattern's ``counterpart``: ``{pattern: ID or null, note: {id, en}}`` (checked against the patterns later)."""
        if "counterpart" not in data:
            return None, {}
        section = data["counterpart"]
        cpath = (*path, "counterpart")
        if kind != "pattern" or not isinstance(section, Mapping) or set(section) != {"pattern", "note"}:
            self.problem(raw, cpath, "counterpart is a pattern's mapping with 'pattern' (a pattern id or null) and 'note' ({id, en})")
            return None, {}
        target = section["pattern"]
        if target is not None and (not isinstance(target, str) or not _NAME.match(target)):
            self.problem(raw, (*cpath, "pattern"), f"counterpart pattern must be a pattern id or null (got {target!r})", value=target)
            return None, {}
        return target, self._texts(raw, (*cpath, "note"), section["note"], what="counterpart note")

    def _derived(self, raw: _RawRuleset) -> None:
        section = raw.data.get("derived")
        if section is None:
            return
        if not isinstance(section, Mapping):
            self.problem(raw, ("derived",), "'derived' must map derived fact names to their declaration")
            return
        for name, data in section.items():
            path: FieldPath = ("derived", name)
            field_name = f"derived.{name}"
            if not _NAME.fullmatch(name):
                self.problem(raw, path, f"derived fact name {name!r} must be lower_snake_case")
                continue
            if field_name in self.derived:
                self.problem(raw, path, f"derived fact {name!r} is already declared in {self.declared_in[('derived', name)]}")
                continue
            if not isinstance(data, Mapping):
                self.problem(raw, path, "must be a mapping with 'type' and 'description'")
                continue
            for key in data:
                if key not in ("type", "values", "description"):
                    self.problem(raw, (*path, key), f"unknown key {key!r}", value=key, allowed=("type", "values", "description"))
            kind = data.get("type")
            if kind not in _DERIVED_TYPES:
                self.problem(raw, (*path, "type"), f"unknown type {kind!r}", value=kind, allowed=_DERIVED_TYPES)
                continue
            values = data.get("values", [])
            if kind == "enum" and (not isinstance(values, list) or not values or not all(isinstance(x, str) for x in values)):
                self.problem(raw, (*path, "values"), "an enum derived fact needs a non-empty list of string 'values'")
                continue
            description = self._texts(raw, (*path, "description"), data.get("description"), what="description")
            self.declared_in[("derived", name)] = raw.file
            self.derived[field_name] = FieldSpec(
                field_name, str(kind), tuple(values), description.get("en", ""), derived=True, labels=dict(description)
            )

    def _settings(self, raw: _RawRuleset) -> None:
        section = raw.data.get("settings")
        if section is None:
            return
        if not isinstance(section, Mapping):
            self.problem(raw, ("settings",), "'settings' must map setting names to numbers")
            return
        for name, value in section.items():
            if isinstance(value, Mapping):
                # {value: N, basis: ...}: a setting that says what it rests on.
                for key in value:
                    if key not in ("value", "basis"):
                        self.problem(raw, ("settings", name, key), f"unknown key {key!r}", value=key, allowed=("value", "basis"))
                if "basis" in value:
                    basis = self._basis(raw, ("settings", name, "basis"), value["basis"])
                    if basis is not None:
                        self.setting_bases[str(name)] = basis
                value = value.get("value")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                self.problem(raw, ("settings", name), f"setting must be a finite number (got {value!r})")
            elif name in self.settings:
                self.problem(raw, ("settings", name), f"setting {name!r} is already set in {self.declared_in[('settings', name)]}")
            else:
                self.declared_in[("settings", name)] = raw.file
                self.settings[name] = float(value)

    # --- rules ----------------------------------------------------------------------------------------------------------
    def _rule(self, raw: _RawRuleset, index: int, data: object) -> RuleSpec | None:
        path: FieldPath = ("rules", index)
        if not isinstance(data, Mapping):
            self.problem(raw, path, f"a rule must be a mapping (got {type(data).__name__})")
            return None
        rule_id = data.get("id")
        if not isinstance(rule_id, str) or not _RULE_ID.fullmatch(rule_id):
            self.problem(raw, (*path, "id") if "id" in data else path, f"rule id must look like 'topic.name' in lower_snake_case (got {rule_id!r})")
            return None
        before = len(self.problems)
        for key in data:
            if key not in _RULE_KEYS:
                self.problem(raw, (*path, key), f"unknown key {key!r}", rule=rule_id, value=key, allowed=_RULE_KEYS)
        conditions = self._conditions(raw, (*path, "when"), data.get("when"), rule_id)
        conclusions = self._conclusions(raw, (*path, "then"), data.get("then"), rule_id)
        text = self._texts(raw, (*path, "text"), data.get("text"), rule=rule_id)
        source = self._source(raw, (*path, "source"), data.get("source"), rule=rule_id)
        basis = self._basis(raw, (*path, "basis"), data["basis"], rule=rule_id) if "basis" in data else None
        if len(self.problems) > before or source is None:
            return None
        line, column = raw.source.locate(path)
        return RuleSpec(rule_id, raw.name, conditions, conclusions, text, source, Location(raw.file, line, column), basis)

    def _conditions(self, raw: _RawRuleset, path: FieldPath, data: object, rule_id: str) -> tuple[Condition, ...]:
        if not isinstance(data, list) or not data:
            self.problem(raw, path, "'when' must be a non-empty list of conditions", rule=rule_id)
            return ()
        fields = {**FIELDS, **self.derived}
        result: list[Condition] = []
        for index, item in enumerate(data):
            cpath = (*path, index)
            if not isinstance(item, Mapping) or len(item) != 1:
                self.problem(raw, cpath, "a condition is a one-key mapping 'field: test'", rule=rule_id)
                continue
            ((field_name, test),) = item.items()
            spec = fields.get(field_name)
            if spec is None:
                self.problem(raw, (*cpath, field_name), f"unknown field {field_name!r}", rule=rule_id, value=field_name, allowed=sorted(fields))
                continue
            if isinstance(test, Mapping):
                if len(test) != 1:
                    self.problem(raw, (*cpath, field_name), "a test is a one-key mapping 'operator: operand'", rule=rule_id)
                    continue
                ((op, operand),) = test.items()
            else:
                op, operand = ("contains" if spec.type == "list" else "eq"), test
            condition = self._condition(raw, (*cpath, field_name), spec, op, operand, rule_id)
            if condition is not None:
                if condition in result:
                    self.problem(raw, cpath, f"condition '{condition}' is listed twice", rule=rule_id)
                    continue
                result.append(condition)
        return tuple(sorted(result, key=Condition.key))

    def _condition(self, raw: _RawRuleset, path: FieldPath, spec: FieldSpec, op: object, operand: object, rule_id: str) -> Condition | None:
        if op not in OPERATORS:
            self.problem(raw, path, f"unknown operator {op!r}", rule=rule_id, value=op, allowed=tuple(OPERATORS))
            return None
        assert isinstance(op, str)
        operator = OPERATORS[op]
        if spec.type not in operator.types:
            valid = tuple(o for o, known in OPERATORS.items() if spec.type in known.types)
            self.problem(raw, path, f"operator {op!r} does not apply to {spec.type} field {spec.name!r}", rule=rule_id, value=op, allowed=valid)
            return None
        if operator.arity == "none":
            if operand is not True:
                self.problem(raw, path, f"'{op}' takes the operand true (got {operand!r})", rule=rule_id)
                return None
            if op == "missing" and spec.derived:
                self.problem(
                    raw,
                    path,
                    "'missing' cannot test a derived fact (negation over derived facts is not monotonic); derive the opposite fact instead",
                    rule=rule_id,
                )
                return None
            return Condition(spec.name, op, True)
        many = operator.arity == "many"
        items = operand if many else [operand]
        if not isinstance(items, list) or not items:
            self.problem(raw, path, f"'{op}' takes a non-empty list (got {operand!r})", rule=rule_id)
            return None
        checked: list[Any] = []
        for item in items:
            value = self._operand(raw, path, spec, item, rule_id)
            if value is None:
                return None
            checked.append(value)
        if many:
            if len(set(map(repr, checked))) != len(checked):
                self.problem(raw, path, f"'{op}' lists a value twice", rule=rule_id)
                return None
            return Condition(spec.name, op, tuple(sorted(checked, key=repr)))
        return Condition(spec.name, op, checked[0])

    def _operand(self, raw: _RawRuleset, path: FieldPath, spec: FieldSpec, item: object, rule_id: str) -> Any:
        kind = spec.type
        if isinstance(item, Mapping) and kind in ("int", "number"):
            # {setting: NAME}: the threshold lives in the settings (one place to change it, with its basis).
            name = item.get("setting")
            if set(item) != {"setting"} or name not in self.settings:
                self.problem(raw, path, f"unknown setting {name!r}", rule=rule_id, value=name, allowed=sorted(self.settings))
                return None
            value = self.settings[str(name)]
            if kind == "int":
                if not value.is_integer():
                    self.problem(raw, path, f"setting {name!r} is {value:g}, but {spec.name!r} takes a whole number", rule=rule_id)
                    return None
                return int(value)
            return value
        if kind in ("enum", "list"):
            if item not in spec.values:
                self.problem(raw, path, f"{item!r} is not a value of {spec.name!r}", rule=rule_id, value=item, allowed=spec.values)
                return None
            return item
        if kind == "bool":
            if not isinstance(item, bool):
                self.problem(raw, path, f"{spec.name!r} is true or false (got {item!r})", rule=rule_id)
                return None
            return item
        if kind == "int":
            if isinstance(item, bool) or not isinstance(item, int):
                self.problem(raw, path, f"{spec.name!r} takes a whole number (got {item!r})", rule=rule_id)
                return None
            return item
        if isinstance(item, bool) or not isinstance(item, (int, float)) or not math.isfinite(item):
            self.problem(raw, path, f"{spec.name!r} takes a number (got {item!r})", rule=rule_id)
            return None
        return float(item)

    def _conclusions(self, raw: _RawRuleset, path: FieldPath, data: object, rule_id: str) -> tuple[Conclusion, ...]:
        items = data if isinstance(data, list) else [data]
        if data is None or not items:
            self.problem(raw, path, "'then' must be a conclusion or a non-empty list of conclusions", rule=rule_id, allowed=CONCLUSION_KINDS)
            return ()
        result: list[Conclusion] = []
        for index, item in enumerate(items):
            cpath = (*path, index) if isinstance(data, list) else path
            if not isinstance(item, Mapping) or len(item) != 1:
                self.problem(
                    raw,
                    cpath,
                    "a conclusion is a one-key mapping such as 'recommend: {pattern: ..., weight: ...}'",
                    rule=rule_id,
                    allowed=CONCLUSION_KINDS,
                )
                continue
            ((kind, args),) = item.items()
            if kind not in CONCLUSION_KINDS:
                self.problem(raw, (*cpath, kind), f"unknown conclusion {kind!r}", rule=rule_id, value=kind, allowed=CONCLUSION_KINDS)
                continue
            if not isinstance(args, Mapping):
                self.problem(raw, (*cpath, kind), f"'{kind}' takes a mapping of arguments", rule=rule_id)
                continue
            conclusion = self._conclusion(raw, (*cpath, kind), kind, args, rule_id)
            if conclusion is not None:
                result.append(conclusion)
        return tuple(result)

    def _conclusion(self, raw: _RawRuleset, path: FieldPath, kind: str, args: Mapping[str, Any], rule_id: str) -> Conclusion | None:
        expected = {
            "recommend": ("pattern", "weight"),
            "exclude": ("pattern",),
            "out_of_scope": ("pattern",),
            "precondition": ("id", "status"),
            "principle": ("id", "status"),
            "element": ("id", "status"),
            "key": ("id", "status"),
            "warn": ("drawback", "severity"),
            "derive": ("fact", "value"),
        }[kind]
        required = {
            "recommend": ("pattern", "weight"),
            "exclude": ("pattern",),
            "out_of_scope": ("pattern",),
            "warn": ("drawback",),
            "derive": ("fact",),
        }.get(kind, ("id", "status"))
        for key in args:
            if key not in expected:
                self.problem(raw, (*path, key), f"unknown argument {key!r} of '{kind}'", rule=rule_id, value=key, allowed=expected)
                return None
        for key in required:
            if key not in args:
                self.problem(raw, path, f"'{kind}' needs '{key}'", rule=rule_id)
                return None
        target = str(args[required[0]])
        if kind == "recommend":
            weight = args["weight"]
            if (
                isinstance(weight, bool)
                or not isinstance(weight, (int, float))
                or not math.isfinite(weight)
                or weight == 0
                or abs(weight) > MAX_WEIGHT
            ):
                self.problem(
                    raw, (*path, "weight"), f"weight must be a non-zero number from -{MAX_WEIGHT} to {MAX_WEIGHT} (got {weight!r})", rule=rule_id
                )
                return None
            return Conclusion(kind, target, weight=float(weight))
        if kind in ("exclude", "out_of_scope"):
            return Conclusion(kind, target)
        if kind in ASSESSED_KINDS:
            status = args["status"]
            if status not in STATUSES:
                self.problem(raw, (*path, "status"), f"unknown status {status!r}", rule=rule_id, value=status, allowed=STATUSES)
                return None
            return Conclusion(kind, target, status=str(status))
        if kind == "warn":
            severity = args.get("severity", "warning")
            if severity not in SEVERITIES:
                self.problem(raw, (*path, "severity"), f"unknown severity {severity!r}", rule=rule_id, value=severity, allowed=SEVERITIES)
                return None
            return Conclusion(kind, target, severity=str(severity))
        field_name = f"derived.{target}"
        spec = self.derived.get(field_name)
        if spec is None:
            self.problem(
                raw,
                (*path, "fact"),
                f"derives undeclared fact {target!r}; declare it under 'derived:'",
                rule=rule_id,
                value=target,
                allowed=sorted(n.split(".", 1)[1] for n in self.derived),
            )
            return None
        value = self._operand(raw, (*path, "value"), spec, args.get("value", True), rule_id)
        if value is None:
            return None
        return Conclusion(kind, target, value=value)

    def _check_concepts_used(self, rules: Iterable[RuleSpec]) -> None:
        kinds = {
            "recommend": "pattern",
            "exclude": "pattern",
            "out_of_scope": "pattern",
            "precondition": "precondition",
            "principle": "principle",
            "element": "element",
            "key": "key",
            "warn": "drawback",
        }
        by_file = {raw.file: raw for raw in self.raws}
        for (concept_kind, concept_id), concept in sorted(self.concepts.items()):
            if concept.counterpart is not None and ("pattern", concept.counterpart) not in self.concepts:
                raw = by_file[self.declared_in[(concept_kind, concept_id)]]
                known = sorted(cid for (k, cid) in self.concepts if k == "pattern")
                self.problem(
                    raw,
                    ("concepts", concept_kind, concept_id, "counterpart", "pattern"),
                    f"unknown counterpart pattern {concept.counterpart!r}",
                    allowed=known,
                )
        for rule in rules:
            raw = by_file[rule.location.file or ""]
            for index, conclusion in enumerate(rule.conclusions):
                kind = kinds.get(conclusion.kind)
                if kind is None:
                    continue
                if (kind, conclusion.target) not in self.concepts:
                    known = sorted(cid for (k, cid) in self.concepts if k == kind)
                    path = _rule_path(raw, rule.id)
                    self.problem(
                        raw,
                        (*path, "then", index) if path else (),
                        f"unknown {kind} {conclusion.target!r} (declare it under 'concepts:' to add one)",
                        rule=rule.id,
                        value=conclusion.target,
                        allowed=known,
                    )
                elif not self.concepts[(kind, conclusion.target)].in_profile(self.law):
                    concept = self.concepts[(kind, conclusion.target)]
                    path = _rule_path(raw, rule.id)
                    self.problem(
                        raw,
                        (*path, "then", index) if path else (),
                        f"{kind} {conclusion.target!r} belongs to the legal profile(s) {', '.join(concept.law)}, "
                        f"not to {self.law!r} (load these rules with law={concept.law[0]!r})",
                        rule=rule.id,
                        value=conclusion.target,
                    )


def _rule_path(raw: _RawRuleset, rule_id: str) -> FieldPath:
    for index, data in enumerate(raw.data.get("rules", []) or []):
        if isinstance(data, Mapping) and data.get("id") == rule_id:
            return ("rules", index)
    return ()

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
from ._cache import file_digest, load_cached_document, read_snapshot, write_snapshot
from ._resources import builtin_rulesets_dir
from ._validate import A_MAPPING, A_WHOLE_NUMBER
from ._yaml import DocumentLimits, FieldPath, SourceMap
from .errors import Problem, RulesetError, shown, type_word
from .facts import FIELDS, FieldSpec
from .operators import OPERATORS
from .vocabulary import Text

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
#: The words of problem messages that name parts of a rule file, in both languages.
_WHAT: dict[str, Text] = {
    "text": Text("teks", "text"),
    "note": Text("catatan", "note"),
    "label": Text("label", "label"),
    "description": Text("uraian", "description"),
    "mitigation": Text("mitigasi", "mitigation"),
    "counterpart note": Text("catatan padanan", "counterpart note"),
}
_TYPE: dict[str, Text] = {
    "bool": Text("ya/tidak", "bool"),
    "enum": Text("pilihan", "enum"),
    "int": Text("bilangan bulat", "int"),
    "number": Text("bilangan", "number"),
    "list": Text("daftar", "list"),
}
_CONCEPT_WORDS: dict[str, Text] = {
    "pattern": Text("pola", "pattern"),
    "precondition": Text("prasyarat", "precondition"),
    "principle": Text("prinsip", "principle"),
    "element": Text("unsur", "element"),
    "drawback": Text("kelemahan", "drawback"),
}


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

    def _repr_markdown_(self) -> str:
        """The rule base as Markdown: rulesets with versions and rule counts, concepts by kind (language of ``kemitraan_rules.options``)."""
        from .display import to_markdown

        return to_markdown(self)

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
        raise RulesetError([Problem.make("unknown_choice", "law", value=law, allowed=allowed, what=Text("profil hukum", "legal profile"))])
    if len(named) > 1 or (law is not None and named and named != [law]):
        profiles = ", ".join(sorted({*named, *([law] if law is not None else [])}))
        raise RulesetError([Problem.make("several_profiles", "law", allowed=allowed, profiles=profiles)])
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
            raise RulesetError([Problem.make("no_rule_path", file=str(entry))], str(entry))
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
    # A fresh process finds the rule base validated by an earlier one on disk (same files, same library code).
    rulebase = None if key is None else _read_snapshot(key)
    if rulebase is None:
        rulebase = _load(files, law)
        if key is None or key != _rulebase_key(files, law):  # edited while it was being loaded: keep nothing
            return rulebase
        _write_snapshot(key, rulebase)
    if key is not None:
        with _RULEBASES_LOCK:
            _SNAPSHOT_KEYS[id(rulebase)] = (rulebase, _snapshot_key(key))
            _RULEBASES[key] = rulebase
            while len(_RULEBASES) > _RULEBASES_KEPT:
                evicted = _RULEBASES.pop(next(iter(_RULEBASES)))
                _SNAPSHOT_KEYS.pop(id(evicted), None)
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


#: The on-disk key of each rule base loaded from unchanged files, by identity (see :func:`snapshot_key`).
_SNAPSHOT_KEYS: dict[int, tuple[RuleBase, list[Any]]] = {}


def snapshot_key(rulebase: RuleBase) -> list[Any] | None:
    """What identifies ``rulebase`` on disk (its files' names and content hashes, its profile), when it was loaded
    from files by :func:`load_rulesets`; ``None`` for a rule base built otherwise.  The compiler keys the units it
    packs for a rule base by it, beside the rule base's own snapshot."""
    with _RULEBASES_LOCK:
        hit = _SNAPSHOT_KEYS.get(id(rulebase))
    return hit[1] if hit is not None and hit[0] is rulebase else None


def _snapshot_classes() -> tuple[type, ...]:
    """The classes a rule base snapshot may hold: the cache's ``read_snapshot`` rebuilds only these."""
    return (RuleBase, RuleSpec, Condition, Conclusion, Source, Location, Basis, Concept, RulesetInfo, FieldSpec)


def _snapshot_key(key: _RulebaseKey) -> list[Any]:
    """The on-disk key of a rule base: its profile and every file's name, resolved path and content hash (not its
    mtime: a copied or checked-out file with the same content is the same rule file)."""
    law, files = key
    return [law, [[name, resolved, digest] for name, resolved, _size, _mtime, digest in files]]


def _read_snapshot(key: _RulebaseKey) -> RuleBase | None:
    """The validated rule base a process stored for exactly these rule files and this library code, if any."""
    rulebase = read_snapshot(_snapshot_key(key), _snapshot_classes())
    return rulebase if isinstance(rulebase, RuleBase) else None


def _write_snapshot(key: _RulebaseKey, rulebase: RuleBase) -> None:
    write_snapshot(_snapshot_key(key), rulebase, _snapshot_classes())


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
            problems.append(raw.source.problem(("ruleset",), "ruleset_name_used", value=raw.name, other=names[raw.name]))
        names[raw.name] = raw.file
    if problems:
        raise RulesetError(problems)
    return _Assembler(raws, law).assemble()


def _check_header(data: object, source: SourceMap, problems: list[Problem]) -> tuple[str, str] | None:
    if not isinstance(data, Mapping):
        problems.append(
            source.problem(
                (),
                "key_must_be",
                key=Text("berkas aturan", "a rule file"),
                expected=Text("pemetaan dengan kunci 'ruleset'", "a mapping with a 'ruleset' key"),
                got=type_word(data),
            )
        )
        return None
    before = len(problems)
    for key in data:
        if key not in _RULESET_KEYS:
            problems.append(source.problem((key,), "unknown_top_key", value=key, allowed=_RULESET_KEYS, key=repr(key)))
    if "kind" in data and data["kind"] != RULE_FILE_KIND:
        problems.append(source.problem(("kind",), "not_rule_file", value=data["kind"], allowed=(RULE_FILE_KIND,)))
    name = data.get("ruleset")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        problems.append(
            source.problem(("ruleset",) if "ruleset" in data else (), "not_snake_name", what=Text("'ruleset'", "'ruleset'"), got=shown(name))
        )
    version = data.get("version")
    if isinstance(version, (int, float)) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version:
        problems.append(source.problem(("version",) if "version" in data else (), "bad_version", got=shown(version)))
    rules = data.get("rules", [])
    if not isinstance(rules, list):
        problems.append(
            source.problem(("rules",), "key_must_be", key="'rules'", expected=Text("daftar aturan", "a list of rules"), got=type_word(rules))
        )
    elif len(rules) > MAX_RULES_PER_RULESET:
        problems.append(
            source.problem(
                ("rules",),
                "too_many_rules",
                count=len(rules),
                limit=MAX_RULES_PER_RULESET,
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
        self,
        raw: _RawRuleset,
        path: FieldPath,
        code: str,
        *,
        rule: str | None = None,
        value: object = None,
        allowed: Sequence[str] = (),
        **params: object,
    ) -> None:
        """Record the problem ``code`` (:data:`~kemitraan_rules.errors.MESSAGES`) at ``path`` of ``raw``'s file."""
        self.problems.append(raw.source.problem(path, code, rule=rule, value=value, allowed=tuple(allowed), **params))

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
                    self.problem(raw, (key,), "wrong_type", expected=Text("daftar id aturan", "a list of rule ids"), got=shown(ids))
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
                        "duplicate_rule",
                        other=first.file,
                        rule=rule.id,
                    )
                    continue
                rules[rule.id] = rule
                owners[rule.id] = raw
        for rule_id, raw in sorted(overrides.items()):
            if owners.get(rule_id) is not raw:
                self.problem(raw, ("overrides",), "bad_override", value=rule_id, id=repr(rule_id))
        for rule_id, raw in sorted(disabled.items()):
            if rule_id not in rules:
                self.problem(raw, ("disable",), "unknown_choice", value=rule_id, allowed=sorted(rules), what=Text("aturan", "rule"))
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
            self.problem(raw, path, "bad_texts", rule=rule, what=_WHAT.get(what, Text(what, what)))
            return {}
        extra = [k for k in data if k not in LANGUAGES]
        if extra:
            self.problem(raw, (*path, extra[0]), "unknown_choice", rule=rule, value=extra[0], allowed=LANGUAGES, what=Text("bahasa", "language"))
        return {lang: " ".join(str(data[lang]).split()) for lang in LANGUAGES}

    def _source(self, raw: _RawRuleset, path: FieldPath, data: object, *, rule: str | None = None) -> Source | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("author"), str):
            self.problem(raw, path, "bad_source", rule=rule)
            return None
        for key in data:
            if key not in ("author", "year", "section"):
                self.problem(raw, (*path, key), "unknown_key", rule=rule, value=key, allowed=("author", "year", "section"), key=repr(key))
        year = data.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            self.problem(raw, (*path, "year"), "key_must_be", rule=rule, key=Text("tahun", "year"), expected=A_WHOLE_NUMBER, got=shown(year))
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
            self.problem(raw, path, "bad_basis", rule=rule, value=kind, allowed=BASES, got=shown(kind))
            return None
        for key in data:
            if key not in ("kind", "note"):
                self.problem(raw, (*path, key), "unknown_key", rule=rule, value=key, allowed=("kind", "note"), key=repr(key))
        note: dict[str, str] = {}
        if "note" in data:
            note = self._texts(raw, (*path, "note"), data["note"], rule=rule, what="note")
        elif data["kind"] == "interpretation":
            self.problem(raw, path, "interpretation_note", rule=rule)
            return None
        return Basis(str(data["kind"]), note)

    def _concepts(self, raw: _RawRuleset) -> None:
        section = raw.data.get("concepts")
        if section is None:
            return
        if not isinstance(section, Mapping):
            self.problem(
                raw,
                ("concepts",),
                "wrong_type",
                allowed=v.CONCEPT_KINDS,
                expected=Text("pemetaan dari jenis konsep ke konsepnya", "a mapping from concept kind to its concepts"),
                got=type_word(section),
            )
            return
        for kind, entries in section.items():
            if kind not in v.CONCEPT_KINDS:
                self.problem(
                    raw, ("concepts", kind), "unknown_choice", value=kind, allowed=v.CONCEPT_KINDS, what=Text("jenis konsep", "concept kind")
                )
                continue
            if not isinstance(entries, Mapping):
                self.problem(
                    raw,
                    ("concepts", kind),
                    "wrong_type",
                    expected=Text("pemetaan dari id konsep ke uraiannya", "a mapping from concept id to its description"),
                    got=type_word(entries),
                )
                continue
            for concept_id, data in entries.items():
                path: FieldPath = ("concepts", kind, concept_id)
                if not _NAME.fullmatch(concept_id):
                    self.problem(raw, path, "not_snake_name", what=Text("id konsep", "concept id"), got=shown(concept_id))
                    continue
                if (kind, concept_id) in self.concepts:
                    self.problem(raw, path, "already_declared", name=repr(concept_id), other=self.declared_in[(kind, concept_id)])
                    continue
                if not isinstance(data, Mapping):
                    self.problem(
                        raw,
                        path,
                        "wrong_type",
                        expected=Text("pemetaan dengan label dan description", "a mapping with label and description"),
                        got=type_word(data),
                    )
                    continue
                for key in data:
                    if key not in _CONCEPT_KEYS:
                        self.problem(raw, (*path, key), "unknown_key", value=key, allowed=_CONCEPT_KEYS, key=repr(key))
                label = self._texts(raw, (*path, "label"), data.get("label"), what="label")
                description = self._texts(raw, (*path, "description"), data.get("description"), what="description")
                source = self._source(raw, (*path, "source"), data["source"]) if "source" in data else None
                layer = data.get("layer")
                if kind == "pattern":
                    if layer not in v.LAYERS:
                        self.problem(raw, (*path, "layer"), "pattern_layer", value=layer, allowed=v.LAYERS, got=shown(layer))
                    elif concept_id in v.PATTERN_LAYER and v.PATTERN_LAYER[concept_id] != layer:
                        self.problem(raw, (*path, "layer"), "wrong_layer", name=concept_id, layer=v.PATTERN_LAYER[concept_id])
                elif layer is not None:
                    self.problem(raw, (*path, "layer"), "only_for", key="layer", kinds=Text("pola", "patterns"))
                mitigation: dict[str, str] = {}
                if kind == "drawback":
                    mitigation = self._texts(raw, (*path, "mitigation"), data.get("mitigation"), what="mitigation")
                elif "mitigation" in data:
                    self.problem(raw, (*path, "mitigation"), "only_for", key="mitigation", kinds=Text("kelemahan", "drawbacks"))
                steps = data.get("remedy_steps", [])
                if not isinstance(steps, list) or any(step not in v.STEPS for step in steps):
                    self.problem(
                        raw,
                        (*path, "remedy_steps"),
                        "wrong_type",
                        value=steps,
                        allowed=v.STEPS,
                        expected=Text("daftar id langkah", "a list of step ids"),
                        got=shown(steps),
                    )
                    steps = []
                basis = self._basis(raw, (*path, "basis"), data["basis"]) if "basis" in data else None
                mitigation_basis = None
                if "mitigation_basis" in data:
                    if kind != "drawback":
                        self.problem(raw, (*path, "mitigation_basis"), "only_for", key="mitigation_basis", kinds=Text("kelemahan", "drawbacks"))
                    mitigation_basis = self._basis(raw, (*path, "mitigation_basis"), data["mitigation_basis"])
                patterns = data.get("patterns", [])
                if "patterns" in data and kind != "benefit":
                    self.problem(raw, (*path, "patterns"), "only_for", key="patterns", kinds=Text("manfaat", "benefits"))
                elif not isinstance(patterns, list) or any(not isinstance(p, str) or not _NAME.fullmatch(p) for p in patterns):
                    self.problem(
                        raw,
                        (*path, "patterns"),
                        "wrong_type",
                        value=patterns,
                        allowed=v.PATTERNS,
                        expected=Text("daftar id pola", "a list of pattern ids"),
                        got=shown(patterns),
                    )
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
            self.problem(raw, (*path, "law"), "only_for", key="law", kinds=Text("pola dan kelemahan", "patterns and drawbacks"))
            return ()
        if not isinstance(law, list) or not law or not all(isinstance(x, str) and _NAME.match(x) for x in law) or len(set(law)) != len(law):
            self.problem(
                raw,
                (*path, "law"),
                "wrong_type",
                value=law,
                allowed=v.LAW_PROFILES,
                expected=Text("daftar nama profil hukum, masing-masing sekali", "a list of legal profile names, each once"),
                got=shown(law),
            )
            return ()
        return tuple(sorted(law))

    def _counterpart(self, raw: _RawRuleset, path: FieldPath, kind: str, data: Mapping[str, Any]) -> tuple[str | None, dict[str, str]]:
        """A pattern's ``counterpart``: ``{pattern: ID or null, note: {id, en}}`` (checked against the patterns later)."""
        if "counterpart" not in data:
            return None, {}
        section = data["counterpart"]
        cpath = (*path, "counterpart")
        if kind != "pattern" or not isinstance(section, Mapping) or set(section) != {"pattern", "note"}:
            self.problem(raw, cpath, "bad_counterpart")
            return None, {}
        target = section["pattern"]
        if target is not None and (not isinstance(target, str) or not _NAME.match(target)):
            self.problem(
                raw, (*cpath, "pattern"), "wrong_type", value=target, expected=Text("id pola atau null", "a pattern id or null"), got=shown(target)
            )
            return None, {}
        return target, self._texts(raw, (*cpath, "note"), section["note"], what="counterpart note")

    def _derived(self, raw: _RawRuleset) -> None:
        section = raw.data.get("derived")
        if section is None:
            return
        if not isinstance(section, Mapping):
            self.problem(
                raw,
                ("derived",),
                "wrong_type",
                expected=Text("pemetaan dari nama fakta turunan ke deklarasinya", "a mapping from derived fact name to its declaration"),
                got=type_word(section),
            )
            return
        for name, data in section.items():
            path: FieldPath = ("derived", name)
            field_name = f"derived.{name}"
            if not _NAME.fullmatch(name):
                self.problem(raw, path, "not_snake_name", what=Text("nama fakta turunan", "derived fact name"), got=shown(name))
                continue
            if field_name in self.derived:
                self.problem(raw, path, "already_declared", name=repr(name), other=self.declared_in[("derived", name)])
                continue
            if not isinstance(data, Mapping):
                self.problem(
                    raw,
                    path,
                    "wrong_type",
                    expected=Text("pemetaan dengan 'type' dan 'description'", "a mapping with 'type' and 'description'"),
                    got=type_word(data),
                )
                continue
            for key in data:
                if key not in ("type", "values", "description"):
                    self.problem(raw, (*path, key), "unknown_key", value=key, allowed=("type", "values", "description"), key=repr(key))
            kind = data.get("type")
            if kind not in _DERIVED_TYPES:
                self.problem(raw, (*path, "type"), "unknown_choice", value=kind, allowed=_DERIVED_TYPES, what=Text("tipe", "type"))
                continue
            values = data.get("values", [])
            if kind == "enum" and (not isinstance(values, list) or not values or not all(isinstance(x, str) for x in values)):
                self.problem(raw, (*path, "values"), "enum_values")
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
            self.problem(
                raw,
                ("settings",),
                "wrong_type",
                expected=Text("pemetaan dari nama pengaturan ke bilangan", "a mapping from setting name to number"),
                got=type_word(section),
            )
            return
        for name, value in section.items():
            if isinstance(value, Mapping):
                # {value: N, basis: ...}: a setting that says what it rests on.
                for key in value:
                    if key not in ("value", "basis"):
                        self.problem(raw, ("settings", name, key), "unknown_key", value=key, allowed=("value", "basis"), key=repr(key))
                if "basis" in value:
                    basis = self._basis(raw, ("settings", name, "basis"), value["basis"])
                    if basis is not None:
                        self.setting_bases[str(name)] = basis
                value = value.get("value")
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                self.problem(
                    raw,
                    ("settings", name),
                    "key_must_be",
                    key=Text("pengaturan", "setting"),
                    expected=Text("bilangan terhingga", "a finite number"),
                    got=shown(value),
                )
            elif name in self.settings:
                self.problem(raw, ("settings", name), "already_declared", name=repr(name), other=self.declared_in[("settings", name)])
            else:
                self.declared_in[("settings", name)] = raw.file
                self.settings[name] = float(value)

    # --- rules ----------------------------------------------------------------------------------------------------------
    def _rule(self, raw: _RawRuleset, index: int, data: object) -> RuleSpec | None:
        path: FieldPath = ("rules", index)
        if not isinstance(data, Mapping):
            self.problem(raw, path, "wrong_type", expected=A_MAPPING, got=type_word(data))
            return None
        rule_id = data.get("id")
        if not isinstance(rule_id, str) or not _RULE_ID.fullmatch(rule_id):
            self.problem(raw, (*path, "id") if "id" in data else path, "bad_rule_id", got=shown(rule_id))
            return None
        before = len(self.problems)
        for key in data:
            if key not in _RULE_KEYS:
                self.problem(raw, (*path, key), "unknown_key", rule=rule_id, value=key, allowed=_RULE_KEYS, key=repr(key))
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
            self.problem(
                raw,
                path,
                "key_must_be",
                rule=rule_id,
                key="'when'",
                expected=Text("daftar syarat yang tidak kosong", "a non-empty list of conditions"),
                got=shown(data),
            )
            return ()
        fields = {**FIELDS, **self.derived}
        result: list[Condition] = []
        for index, item in enumerate(data):
            cpath = (*path, index)
            if not isinstance(item, Mapping) or len(item) != 1:
                self.problem(raw, cpath, "bad_condition", rule=rule_id)
                continue
            ((field_name, test),) = item.items()
            spec = fields.get(field_name)
            if spec is None:
                self.problem(
                    raw, (*cpath, field_name), "unknown_field", rule=rule_id, value=field_name, allowed=sorted(fields), field=repr(field_name)
                )
                continue
            if isinstance(test, Mapping):
                if len(test) != 1:
                    self.problem(raw, (*cpath, field_name), "bad_test", rule=rule_id)
                    continue
                ((op, operand),) = test.items()
            else:
                op, operand = ("contains" if spec.type == "list" else "eq"), test
            condition = self._condition(raw, (*cpath, field_name), spec, op, operand, rule_id)
            if condition is not None:
                if condition in result:
                    self.problem(raw, cpath, "listed_twice", rule=rule_id, shown=f"'{condition}'")
                    continue
                result.append(condition)
        return tuple(sorted(result, key=Condition.key))

    def _condition(self, raw: _RawRuleset, path: FieldPath, spec: FieldSpec, op: object, operand: object, rule_id: str) -> Condition | None:
        if op not in OPERATORS:
            self.problem(raw, path, "unknown_choice", rule=rule_id, value=op, allowed=tuple(OPERATORS), what=Text("operator", "operator"))
            return None
        assert isinstance(op, str)
        operator = OPERATORS[op]
        if spec.type not in operator.types:
            valid = tuple(o for o, known in OPERATORS.items() if spec.type in known.types)
            self.problem(
                raw,
                path,
                "operator_type",
                rule=rule_id,
                value=op,
                allowed=valid,
                field=repr(spec.name),
                type=_TYPE.get(spec.type, Text(spec.type, spec.type)),
            )
            return None
        if operator.arity == "none":
            if operand is not True:
                self.problem(raw, path, "operand_true", rule=rule_id, op=repr(op), got=shown(operand))
                return None
            if op == "missing" and spec.derived:
                self.problem(
                    raw,
                    path,
                    "missing_derived",
                    rule=rule_id,
                )
                return None
            return Condition(spec.name, op, True)
        many = operator.arity == "many"
        items = operand if many else [operand]
        if not isinstance(items, list) or not items:
            self.problem(raw, path, "operand_list", rule=rule_id, op=repr(op), got=shown(operand))
            return None
        checked: list[Any] = []
        for item in items:
            value = self._operand(raw, path, spec, item, rule_id)
            if value is None:
                return None
            checked.append(value)
        if many:
            if len(set(map(repr, checked))) != len(checked):
                self.problem(raw, path, "operand_twice", rule=rule_id, op=repr(op))
                return None
            return Condition(spec.name, op, tuple(sorted(checked, key=repr)))
        return Condition(spec.name, op, checked[0])

    def _operand(self, raw: _RawRuleset, path: FieldPath, spec: FieldSpec, item: object, rule_id: str) -> Any:
        kind = spec.type
        if isinstance(item, Mapping) and kind in ("int", "number"):
            # {setting: NAME}: the threshold lives in the settings (one place to change it, with its basis).
            name = item.get("setting")
            if set(item) != {"setting"} or name not in self.settings:
                self.problem(raw, path, "unknown_choice", rule=rule_id, value=name, allowed=sorted(self.settings), what=Text("pengaturan", "setting"))
                return None
            value = self.settings[str(name)]
            if kind == "int":
                if not value.is_integer():
                    self.problem(raw, path, "setting_not_whole", rule=rule_id, name=repr(name), number=value, field=repr(spec.name))
                    return None
                return int(value)
            return value
        if kind in ("enum", "list"):
            if item not in spec.values:
                self.problem(raw, path, "not_a_value_of", rule=rule_id, value=item, allowed=spec.values, field=repr(spec.name))
                return None
            return item
        if kind == "bool":
            if not isinstance(item, bool):
                self.problem(raw, path, "field_bool", rule=rule_id, field=repr(spec.name), got=shown(item))
                return None
            return item
        if kind == "int":
            if isinstance(item, bool) or not isinstance(item, int):
                self.problem(raw, path, "field_takes", rule=rule_id, field=repr(spec.name), expected=A_WHOLE_NUMBER, got=shown(item))
                return None
            return item
        if isinstance(item, bool) or not isinstance(item, (int, float)) or not math.isfinite(item):
            self.problem(raw, path, "field_takes", rule=rule_id, field=repr(spec.name), expected=Text("bilangan", "a number"), got=shown(item))
            return None
        return float(item)

    def _conclusions(self, raw: _RawRuleset, path: FieldPath, data: object, rule_id: str) -> tuple[Conclusion, ...]:
        items = data if isinstance(data, list) else [data]
        if data is None or not items:
            self.problem(
                raw,
                path,
                "key_must_be",
                rule=rule_id,
                key="'then'",
                allowed=CONCLUSION_KINDS,
                expected=Text("satu kesimpulan atau daftar kesimpulan yang tidak kosong", "a conclusion or a non-empty list of conclusions"),
                got=shown(data),
            )
            return ()
        result: list[Conclusion] = []
        for index, item in enumerate(items):
            cpath = (*path, index) if isinstance(data, list) else path
            if not isinstance(item, Mapping) or len(item) != 1:
                self.problem(
                    raw,
                    cpath,
                    "bad_conclusion",
                    rule=rule_id,
                    allowed=CONCLUSION_KINDS,
                )
                continue
            ((kind, args),) = item.items()
            if kind not in CONCLUSION_KINDS:
                self.problem(
                    raw, (*cpath, kind), "unknown_choice", rule=rule_id, value=kind, allowed=CONCLUSION_KINDS, what=Text("kesimpulan", "conclusion")
                )
                continue
            if not isinstance(args, Mapping):
                self.problem(raw, (*cpath, kind), "conclusion_arguments", rule=rule_id, kind=repr(kind))
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
                self.problem(raw, (*path, key), "unknown_argument", rule=rule_id, value=key, allowed=expected, key=repr(key), kind=repr(kind))
                return None
        for key in required:
            if key not in args:
                self.problem(raw, path, "needs_argument", rule=rule_id, kind=repr(kind), key=repr(key))
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
                self.problem(raw, (*path, "weight"), "bad_weight", rule=rule_id, limit=MAX_WEIGHT, got=shown(weight))
                return None
            return Conclusion(kind, target, weight=float(weight))
        if kind in ("exclude", "out_of_scope"):
            return Conclusion(kind, target)
        if kind in ASSESSED_KINDS:
            status = args["status"]
            if status not in STATUSES:
                self.problem(raw, (*path, "status"), "unknown_choice", rule=rule_id, value=status, allowed=STATUSES, what=Text("status", "status"))
                return None
            return Conclusion(kind, target, status=str(status))
        if kind == "warn":
            severity = args.get("severity", "warning")
            if severity not in SEVERITIES:
                self.problem(
                    raw,
                    (*path, "severity"),
                    "unknown_choice",
                    rule=rule_id,
                    value=severity,
                    allowed=SEVERITIES,
                    what=Text("tingkat keparahan", "severity"),
                )
                return None
            return Conclusion(kind, target, severity=str(severity))
        field_name = f"derived.{target}"
        spec = self.derived.get(field_name)
        if spec is None:
            self.problem(
                raw,
                (*path, "fact"),
                "undeclared_fact",
                name=repr(target),
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
                    "unknown_choice",
                    what=Text("pola padanan", "counterpart pattern"),
                    value=concept.counterpart,
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
                        "undeclared_concept",
                        kind=_CONCEPT_WORDS[kind],
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
                        "other_profile",
                        kind=_CONCEPT_WORDS[kind],
                        profiles=", ".join(concept.law),
                        law=repr(self.law),
                        first=repr(concept.law[0]),
                        rule=rule.id,
                        value=conclusion.target,
                    )


def _rule_path(raw: _RawRuleset, rule_id: str) -> FieldPath:
    for index, data in enumerate(raw.data.get("rules", []) or []):
        if isinstance(data, Mapping) and data.get("id") == rule_id:
            return ("rules", index)
    return ()

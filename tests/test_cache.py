"""The rule-file cache (`_cache.py`) makes loading faster, never different or fragile.

A cached load gives the same rule base as a fresh parse; an edited rule file is parsed again; a missing, read-only
or unusable cache directory and a corrupted cache file fall back to parsing.  The snapshots of validated rule bases
give the rule base validation gives, and are missed (the rules validated again) whenever the rule files, the
library's code or the entry itself differ.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path

import attr
import pytest

from kemitraan_rules import Engine, RulesetError, _cache, rules
from kemitraan_rules.rules import builtin, load_rulesets

RULES = """\
ruleset: cache_probe
version: "1"
rules:
  - id: cache_probe.kecil
    when:
      - seeker.scale: {eq: kecil}
    then:
      - recommend: {pattern: inti_plasma, weight: 1}
    text: {id: "Kecil", en: "Small"}
    source: {author: Test, year: 2024}
"""


@pytest.fixture
def disk_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty on-disk cache and an empty in-process cache."""
    directory = tmp_path / "cache"
    monkeypatch.setenv(_cache.CACHE_ENV, str(directory))
    _cache.clear_memory_cache()
    return directory


def drop_snapshots(directory: Path) -> None:
    """Remove the validated rule-base snapshots, so that a load goes through the parse cache and validation."""
    for entry in directory.glob("rulebase-*.json"):
        entry.unlink()


def user_rules(tmp_path: Path, text: str = RULES) -> Path:
    folder = tmp_path / "rules"
    folder.mkdir(exist_ok=True)
    (folder / "probe.yaml").write_text(text, encoding="utf-8")
    return folder


def test_cached_load_equals_fresh_parse(disk_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "builtin"
    shutil.copytree(builtin(), copy)
    first = load_rulesets([copy])  # parses, writes the disk cache
    assert list(disk_cache.glob("v*.json"))
    _cache.clear_memory_cache()
    drop_snapshots(disk_cache)
    os.utime(next(copy.glob("*.yaml")))  # another mtime: the rule-base cache misses, the document cache hits
    from_disk = load_rulesets([copy])
    assert from_disk is not first
    assert from_disk == first
    monkeypatch.setenv(_cache.CACHE_ENV, "")
    _cache.clear_memory_cache()
    os.utime(next(copy.glob("*.yaml")))
    assert load_rulesets([copy]) == first


def test_second_engine_reuses_the_rule_base(disk_cache: Path) -> None:
    first = Engine()
    second = Engine()
    assert second.rulebase is first.rulebase
    assert second.compiled is first.compiled


def test_edited_rule_file_is_parsed_again(disk_cache: Path, tmp_path: Path) -> None:
    folder = user_rules(tmp_path)
    before = load_rulesets([builtin(), folder])
    assert "cache_probe.kecil" in {r.id for r in before.rules}
    path = folder / "probe.yaml"
    mtime = path.stat().st_mtime_ns
    path.write_text(RULES.replace("cache_probe.kecil", "cache_probe.kecil_x"), encoding="utf-8")
    os.utime(path, ns=(mtime, mtime))  # same mtime, other size and content
    after = load_rulesets([builtin(), folder])
    assert "cache_probe.kecil_x" in {r.id for r in after.rules}
    assert "cache_probe.kecil" not in {r.id for r in after.rules}
    path.write_text(RULES.replace("year: 2024", "year: 2025"), encoding="utf-8")  # same size, other content
    os.utime(path, ns=(mtime, mtime))
    assert load_rulesets([builtin(), folder]).rule("cache_probe.kecil").source.year == 2025


def test_invalid_file_is_not_cached_and_reports_its_position(disk_cache: Path, tmp_path: Path) -> None:
    folder = user_rules(tmp_path, RULES.replace("eq: kecil", "eq: [kecil"))
    for _ in range(2):
        with pytest.raises(RulesetError) as caught:
            load_rulesets([builtin(), folder])
        assert caught.value.problems[0].line is not None
    bad = user_rules(tmp_path, RULES.replace("seeker.scale", "seeker.nonsense"))
    for _ in range(2):  # parses fine (cached), fails validation with the same located problem each time
        _cache.clear_memory_cache()
        with pytest.raises(RulesetError) as caught:
            load_rulesets([bad])
        assert caught.value.problems[0].line == 6


def test_corrupted_cache_file_falls_back_to_parsing(disk_cache: Path, tmp_path: Path) -> None:
    folder = user_rules(tmp_path)
    expected = load_rulesets([builtin(), folder])
    entries = list(disk_cache.glob("v*.json"))
    assert entries
    for garbage in ("{not json", "[]", '{"format": 1, "sha256": "x"}', "\x00\x01"):
        for entry in entries:
            entry.write_text(garbage, encoding="utf-8")
        _cache.clear_memory_cache()
        drop_snapshots(disk_cache)
        os.utime(folder / "probe.yaml")
        assert load_rulesets([builtin(), folder]) == expected
    for entry in entries:  # right hash, wrong shape
        text = entry.read_text(encoding="utf-8")
        digest = entry.stem.split("-", 1)[1]
        entry.write_text(f'{{"format": 1, "sha256": "{digest}", "data": {{}}, "positions": [[1, 2, 3]]}}', encoding="utf-8")
        assert text
    _cache.clear_memory_cache()
    drop_snapshots(disk_cache)
    os.utime(folder / "probe.yaml")
    assert load_rulesets([builtin(), folder]) == expected


def test_an_edited_cache_entry_is_not_read(disk_cache: Path, tmp_path: Path) -> None:
    """An entry carries its own SHA-256: a record changed after writing (here: a rule's weight) is parsed again."""
    folder = user_rules(tmp_path)
    expected = load_rulesets([builtin(), folder])
    edited = 0
    for entry in disk_cache.glob("v*.json"):
        head, _, payload = entry.read_bytes().partition(b"\n")
        assert head == hashlib.sha256(payload).hexdigest().encode("ascii")
        if b"cache_probe" in payload:
            entry.write_bytes(head + b"\n" + payload.replace(b"cache_probe.kecil", b"cache_probe.besar"))
            edited += 1
    assert edited == 1
    _cache.clear_memory_cache()
    drop_snapshots(disk_cache)
    os.utime(folder / "probe.yaml")
    assert load_rulesets([builtin(), folder]) == expected


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_read_only_cache_dir_falls_back_to_parsing(disk_cache: Path, tmp_path: Path) -> None:
    disk_cache.mkdir()
    disk_cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        folder = user_rules(tmp_path)
        base = load_rulesets([builtin(), folder])
        assert not list(disk_cache.glob("*"))
        _cache.clear_memory_cache()
        os.utime(folder / "probe.yaml")
        assert load_rulesets([builtin(), folder]) == base
    finally:
        disk_cache.chmod(stat.S_IRWXU)


def test_unwritable_cache_dir_falls_back_to_parsing(disk_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As the read-only test, for any user (root ignores permissions): every write into the cache fails."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    folder = user_rules(tmp_path)
    base = load_rulesets([builtin(), folder])
    assert not list(disk_cache.glob("*.json"))
    _cache.clear_memory_cache()
    os.utime(folder / "probe.yaml")
    assert load_rulesets([builtin(), folder]) == base


def test_missing_or_impossible_cache_dir_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a_file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv(_cache.CACHE_ENV, str(blocker / "cache"))  # cannot be created: its parent is a file
    _cache.clear_memory_cache()
    folder = user_rules(tmp_path)
    assert "cache_probe.kecil" in {r.id for r in load_rulesets([builtin(), folder]).rules}
    monkeypatch.setenv(_cache.CACHE_ENV, str(tmp_path / "does" / "not" / "exist"))
    _cache.clear_memory_cache()
    os.utime(folder / "probe.yaml")
    assert "cache_probe.kecil" in {r.id for r in load_rulesets([builtin(), folder]).rules}
    assert (tmp_path / "does" / "not" / "exist").is_dir()  # created on first use


# --- validated rule-base snapshots -----------------------------------------------------------------------------------
def everything(rulebase: rules.RuleBase) -> object:
    """Every field of a rule base, those left out of ``==`` (eq=False) included, with collection types kept."""
    return attr.asdict(rulebase, retain_collection_types=True)


def no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("the rules were validated, not read from the snapshot")

    monkeypatch.setattr(rules, "_load", refuse)


@pytest.mark.parametrize("law", ["paper_1995", "current"])
def test_a_snapshot_gives_the_rule_base_validation_gives(disk_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, law: str) -> None:
    folder = user_rules(tmp_path)
    validated = load_rulesets([builtin(), folder], law=law)
    assert len(list(disk_cache.glob("rulebase-*.json"))) == 1
    _cache.clear_memory_cache()
    rules._RULEBASES.clear()
    with monkeypatch.context() as patch:
        no_validation(patch)
        from_snapshot = load_rulesets([builtin(), folder], law=law)
    assert from_snapshot is not validated
    assert everything(from_snapshot) == everything(validated)
    assert type(next(iter(from_snapshot.concepts))) is tuple  # keys and tuples come back as they were
    with Engine(from_snapshot) as engine:
        report = engine.evaluate(Path(__file__).parent.parent / "examples" / "scenarios" / "inti_plasma.yaml")
    with Engine(validated) as engine:
        assert engine.evaluate(Path(__file__).parent.parent / "examples" / "scenarios" / "inti_plasma.yaml").to_dict() == report.to_dict()


def test_an_edited_rule_file_or_other_code_misses_the_snapshot(disk_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = user_rules(tmp_path)
    load_rulesets([builtin(), folder])
    (folder / "probe.yaml").write_text(RULES.replace("weight: 1", "weight: 2"), encoding="utf-8")
    rules._RULEBASES.clear()
    edited = load_rulesets([builtin(), folder])
    assert [c.weight for c in edited.rule("cache_probe.kecil").conclusions] == [2.0]
    assert len(list(disk_cache.glob("rulebase-*.json"))) == 2
    rules._RULEBASES.clear()
    monkeypatch.setattr(_cache, "code_fingerprint", lambda: "other library code")
    calls = []
    real = rules._load
    monkeypatch.setattr(rules, "_load", lambda *args: calls.append(1) or real(*args))
    assert load_rulesets([builtin(), folder]) == edited
    assert calls == [1]  # validated again under other code


def test_the_library_code_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fingerprint changes when a module of the package changes size or mtime."""
    package = tmp_path / "pkg"
    shutil.copytree(Path(_cache.__file__).parent, package, ignore=shutil.ignore_patterns("rulesets", "__pycache__", "schemas"))
    monkeypatch.setattr(_cache, "__file__", str(package / "_cache.py"))
    _cache.code_fingerprint.cache_clear()
    try:
        before = _cache.code_fingerprint()
        module = package / "consortium" / "model.py"
        module.write_text(module.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        _cache.code_fingerprint.cache_clear()
        assert _cache.code_fingerprint() != before
    finally:
        _cache.code_fingerprint.cache_clear()


@pytest.mark.parametrize(
    "damage",
    [
        lambda payload: b"garbage",
        lambda payload: payload[: len(payload) // 2],
        lambda payload: payload.replace(b'"$class": "RuleSpec"', b'"$class": "Popen"'),
        lambda payload: payload.replace(b'"$tuple"', b'"$set"', 1),
        lambda payload: payload.replace(b'"weight": 1.0', b'"weight": 9.0'),
    ],
    ids=["garbage", "truncated", "unknown-class", "unknown-tag", "edited-value"],
)
def test_a_damaged_snapshot_is_a_miss(disk_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: object) -> None:
    """Damage with the entry's own hash recomputed (as an attacker or a bug could) is refused by shape or by class;
    damage without it by the hash.  Either way the rules are validated again and the result is the same."""
    folder = user_rules(tmp_path)
    validated = load_rulesets([builtin(), folder])
    (entry,) = disk_cache.glob("rulebase-*.json")
    head, _, payload = entry.read_bytes().partition(b"\n")
    damaged = damage(payload)  # type: ignore[operator]
    assert damaged != payload
    for rehash in (False, True):
        new_head = hashlib.sha256(damaged).hexdigest().encode("ascii") if rehash else head
        entry.write_bytes(new_head + b"\n" + damaged)
        rules._RULEBASES.clear()
        again = load_rulesets([builtin(), folder])
        if rehash and b"9.0" in damaged:
            continue  # a well-formed entry with its hash remade is read as written: the hash guards accidents only
        assert everything(again) == everything(validated)


def test_an_invalid_rule_base_is_never_snapshotted(disk_cache: Path, tmp_path: Path) -> None:
    bad = user_rules(tmp_path, RULES.replace("seeker.scale", "seeker.nonsense"))
    for _ in range(2):
        rules._RULEBASES.clear()
        with pytest.raises(RulesetError) as caught:
            load_rulesets([bad])
        assert caught.value.problems[0].line == 6
    assert not list(disk_cache.glob("rulebase-*.json"))


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="the XDG rule is written out for Linux and the BSDs only")
@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-cache", "relative/cache", ""])
def test_the_user_cache_dir_is_the_one_platformdirs_gives(monkeypatch: pytest.MonkeyPatch, xdg: str | None) -> None:
    platformdirs = pytest.importorskip("platformdirs")
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    _cache._user_cache_dir.cache_clear()
    try:
        assert _cache._user_cache_dir() == Path(platformdirs.user_cache_dir("kemitraan-rules", appauthor=False))
    finally:
        _cache._user_cache_dir.cache_clear()


def test_packed_units_are_kept_beside_the_snapshot(disk_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fresh process gets the units the compiler packed for the same rule files; a rule base built otherwise (no
    files) or a damaged entry packs them again, with the same result."""
    from kemitraan_rules import compiler

    folder = user_rules(tmp_path)
    packed = compiler._packed(load_rulesets([builtin(), folder]))
    assert len(list(disk_cache.glob("rulebase-*.json"))) == 2  # the rule base and its units
    rules._RULEBASES.clear()
    again = load_rulesets([builtin(), folder])
    with monkeypatch.context() as patch:
        patch.setattr(compiler, "_Packer", None)  # packing now would fail
        assert compiler._packed(again) == packed
    unkeyed = attr.evolve(again)  # equal, but not loaded from files: no key, packed here
    assert rules.snapshot_key(unkeyed) is None
    assert compiler._packed(unkeyed) == packed
    for entry in disk_cache.glob("rulebase-*.json"):
        _head, _, payload = entry.read_bytes().partition(b"\n")
        damaged = payload.replace(b'"$frozenset"', b'"$set"')
        entry.write_bytes(hashlib.sha256(damaged).hexdigest().encode("ascii") + b"\n" + damaged)
    rules._RULEBASES.clear()
    assert compiler._packed(load_rulesets([builtin(), folder])) == packed


def test_snapshots_are_bounded(disk_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each edit of a rule file writes a new snapshot pair; only the newest :data:`SNAPSHOTS_KEPT` entries stay."""
    monkeypatch.setattr(_cache, "SNAPSHOTS_KEPT", 4)
    folder = user_rules(tmp_path)
    for weight in range(1, 6):
        (folder / "probe.yaml").write_text(RULES.replace("weight: 1", f"weight: {weight}"), encoding="utf-8")
        rules._RULEBASES.clear()
        Engine([builtin(), folder]).close()  # loads (one snapshot) and compiles (the units: another)
    assert len(list(disk_cache.glob("rulebase-*.json"))) == 4
    rules._RULEBASES.clear()
    with monkeypatch.context() as patch:  # the newest is among those kept
        no_validation(patch)
        assert [c.weight for c in load_rulesets([builtin(), folder]).rule("cache_probe.kecil").conclusions] == [5.0]


def test_parsed_documents_in_memory_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every distinct rule file a process parses stayed in memory for ever (a service loading users' rule files grew
    without bound); now the most recently used DOCUMENTS_KEPT stay, and a file read again is a hit that stays."""
    monkeypatch.setenv(_cache.CACHE_ENV, "")  # no disk cache: every new content is parsed here
    monkeypatch.setattr(_cache, "DOCUMENTS_KEPT", 5)
    _cache.clear_memory_cache()
    folder = tmp_path / "versions"
    folder.mkdir()
    paths = []
    for version in range(12):
        path = folder / f"v{version}.yaml"
        path.write_text(RULES.replace('"1"', f'"{version}"'), encoding="utf-8")
        paths.append(path)

    def kept() -> list[str]:
        return [document.data["version"] for document in _cache._MEMORY.values()]

    for path in paths[:4]:
        _cache.load_cached_document(path, error=RulesetError)
    _cache.load_cached_document(paths[0], error=RulesetError)  # a hit: now the most recently used
    for path in paths[4:6]:
        _cache.load_cached_document(path, error=RulesetError)
    assert kept() == ["2", "3", "0", "4", "5"]  # the least recently used (1) went first, not the oldest parsed (0)
    for path in paths[6:]:
        _cache.load_cached_document(path, error=RulesetError)
    assert kept() == ["7", "8", "9", "10", "11"]
    _cache.clear_memory_cache()

"""A cache of parsed rule files: in-process, and on disk as JSON in the user cache directory.

Parsing a rule file with ruamel.yaml's round-trip parser (which keeps the line and column of every value, for error
messages) is most of the cost of loading rules: about 0.3 s for the built-in files.  The parse depends only on the
file's bytes, so its result (the plain data and the positions of the source map (``_yaml.SourceMap``)) is
cached by the SHA-256 of the content:

* **In-process**, a table keyed by the content hash holds the parsed document (the :data:`DOCUMENTS_KEPT` most
  recently used); :func:`kemitraan_rules.rules.load_rulesets`
  keeps the validated :class:`~kemitraan_rules.rules.RuleBase` keyed by every file's ``(path, size, mtime_ns, hash)``.
* **On disk**, one JSON file per content hash under ``platformdirs.user_cache_dir("kemitraan-rules")`` (override with
  ``KEMITRAAN_RULES_CACHE_DIR``; set it to an empty string to turn the disk cache off).  JSON, never pickle: a cache
  file is untrusted data and is only ever read as plain values, then checked for shape.

**Validated rule bases** are cached on disk too (:func:`read_snapshot` / :func:`write_snapshot`): a fresh process
(one ``kemitraan evaluate``) would otherwise validate every rule again, about a quarter of its start-up.  A snapshot
is keyed by every rule file's path and content hash, the legal profile and the library's own code (the size and
mtime of each of its modules, and its version), and holds the rule base as plain JSON values, decoded only into the
rule classes the caller allows: an edited rule file, an edited or upgraded library, or a damaged entry is a miss.
The compiler keeps the units it packs for such a rule base beside it.  At most :data:`SNAPSHOTS_KEPT` entries stay.

Only documents that parsed without a problem are cached, and the validation of their content runs on every load, so
a cached load gives exactly the rule base (and the errors) a fresh parse gives.  An unreadable, read-only or missing
cache directory, or a corrupted cache file, falls back to parsing: the cache can make loading faster, never wrong.
An edited rule file has another size, mtime or content hash, so it is parsed again.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import hashlib
import json
import math
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from ._yaml import DocumentLimits, LoadedDocument, SourceMap, load_document, position_key
from .errors import Problem

__all__ = ["CACHE_ENV", "cache_dir", "clear_memory_cache", "file_digest", "load_cached_document", "read_snapshot", "write_snapshot"]

#: Environment variable naming the on-disk cache directory (empty: no disk cache).
CACHE_ENV = "KEMITRAAN_RULES_CACHE_DIR"
#: Bumped whenever the parsed form changes, so an old cache file is never read as a new one.
_FORMAT = 3
#: The application name of the user cache directory.
_APP = "kemitraan-rules"

_DEFAULT_LIMITS = DocumentLimits()
#: Parsed documents by content hash, least recently used first; at most :data:`DOCUMENTS_KEPT` of them.
_MEMORY: collections.OrderedDict[str, LoadedDocument] = collections.OrderedDict()
_LOCK = threading.Lock()
#: How many parsed documents the process keeps: every file of several rule bases (the built-in rulesets are about
#: twenty files), without a long-lived process that loads ever new rule files (a service taking users' rules, a
#: notebook re-running an edited file) keeping each version it ever parsed.
DOCUMENTS_KEPT = 128


def cache_dir() -> Path | None:
    """The on-disk cache directory, or ``None`` when the disk cache is turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    return _user_cache_dir() / "rules"


@functools.cache
def _user_cache_dir() -> Path:
    """``platformdirs.user_cache_dir("kemitraan-rules")``.

    On Linux and the BSDs that is the XDG rule (``$XDG_CACHE_HOME`` when it is an absolute path, else
    ``~/.cache``; then the application name), written out here because importing platformdirs (which imports ``tempfile``, ``shutil``,
    ``random``) costs about 15 ms, a twentieth of a whole ``kemitraan evaluate`` run; a test checks that both agree.
    Elsewhere (macOS, Windows) platformdirs decides.
    """
    if os.name == "posix" and sys.platform != "darwin":
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(xdg) if os.path.isabs(xdg) else Path(os.path.expanduser("~/.cache"))
        return base / _APP
    import platformdirs

    return Path(platformdirs.user_cache_dir(_APP, appauthor=False))


def clear_memory_cache() -> None:
    """Forget the in-process cache (tests; the disk cache is left alone)."""
    with _LOCK:
        _MEMORY.clear()


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file's content, or ``None`` when it cannot be read (the parser then reports why)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def load_cached_document(
    path: Path,
    *,
    error: Callable[[Sequence[Problem], str | None], Exception],
    limits: DocumentLimits = _DEFAULT_LIMITS,
) -> LoadedDocument:
    """``_yaml.load_document`` of a data file (rules, labels, settings), through the in-process and on-disk caches.

    The content is read and hashed every time (a few hundred microseconds for the built-in files), so a file edited
    within the resolution of its mtime is never mistaken for the old one.
    """
    name = str(path)
    try:
        if path.stat().st_size > limits.max_bytes:
            return load_document(path, error=error, limits=limits)
        content = path.read_bytes()
        text = content.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return load_document(path, error=error, limits=limits)  # reports the problem in the caller's terms
    digest = hashlib.sha256(content).hexdigest()
    with _LOCK:
        document = _MEMORY.get(digest)
        if document is not None:
            _MEMORY.move_to_end(digest)
    if document is None:
        document = _read_disk(digest, name)
        if document is None:
            document = load_document(path, text=text, error=error, limits=limits)
            _write_disk(digest, document)
        with _LOCK:
            _MEMORY[digest] = document
            while len(_MEMORY) > DOCUMENTS_KEPT:
                _MEMORY.popitem(last=False)
    return _renamed(document, name)


def _renamed(document: LoadedDocument, name: str) -> LoadedDocument:
    """The document with its source map naming ``name`` (the same file may be named by several paths)."""
    source = document.source
    if source.file == name:
        return document
    return LoadedDocument(document.data, SourceMap(name, source.positions, stored=source.stored))


def _entry_path(digest: str) -> Path | None:
    directory = cache_dir()
    return None if directory is None else directory / f"v{_FORMAT}-{digest}.json"


def _read_disk(digest: str, name: str) -> LoadedDocument | None:
    """The cached parse of the file whose content has ``digest``, or ``None`` when there is none or it is damaged.

    The positions are only checked for shape when a message needs one (:meth:`SourceMap.locate`), and only the one
    asked for: they are stored keyed by ``position_key`` (in ``_yaml``), so reading an entry converts
    none of them.
    """
    record = _read_entry(_entry_path(digest))
    if record is None or record.get("sha256") != digest:
        return None
    positions = record.get("positions")
    if "data" not in record or not isinstance(positions, dict):
        return None
    return LoadedDocument(record["data"], SourceMap(name, stored=positions))


def _read_entry(entry: Path | None) -> dict[str, Any] | None:
    """The JSON record of a cache entry of this format, or ``None`` when there is none or it is damaged.

    An entry is its own SHA-256 on the first line, then the JSON record: any change to the record (a truncated write,
    garbage, an edit) fails that check.
    """
    if entry is None:
        return None
    try:
        head, _, payload = entry.read_bytes().partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode("ascii") != head:
            return None
        record = json.loads(payload)
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and record.get("format") == _FORMAT else None


def _write_disk(digest: str, document: LoadedDocument) -> None:
    """Write the parse of the file whose content has ``digest``."""
    record: dict[str, Any] = {
        "format": _FORMAT,
        "sha256": digest,
        "data": document.data,
        "positions": {position_key(path): [line, column] for path, (line, column) in document.source.positions.items()},
    }
    _write_entry(_entry_path(digest), record)


def _write_entry(entry: Path | None, record: dict[str, Any]) -> None:
    """Write a cache entry atomically (temporary file, then rename); any failure leaves no entry behind."""
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when an entry is written (tempfile imports shutil, random: start-up time)

        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
        try:
            payload = json.dumps(record, ensure_ascii=False, allow_nan=True).encode("utf-8")
            with os.fdopen(handle, "wb") as stream:
                stream.write(hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, ValueError, TypeError, RecursionError):
        return


# --- validated rule bases --------------------------------------------------------------------------------------------
class _NotSnapshotable(Exception):
    """A value the snapshot codec does not encode (the rule base is then simply not cached)."""


@functools.cache
def code_fingerprint() -> str:
    """What identifies the library's code in this process: its version and every module's path, size and mtime
    (the compiled durable-rules core included).

    A snapshot made by other code (an upgrade, an edited checkout) has another key, so validation rules never
    outlive the code that applied them.
    """
    from . import __version__

    package = Path(__file__).resolve().parent
    parts = [__version__]
    for directory, subdirectories, names in os.walk(package):
        subdirectories[:] = sorted(d for d in subdirectories if os.path.exists(os.path.join(directory, d, "__init__.py")))  # packages only
        for name in sorted(n for n in names if n.endswith((".py", ".so", ".pyd"))):
            module = os.path.join(directory, name)
            try:
                status = os.stat(module)
            except OSError:
                parts.append(f"{module}:?")
                continue
            parts.append(f"{os.path.relpath(module, package)}:{status.st_size}:{status.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def _snapshot_path(key: Any) -> tuple[Path | None, str]:
    """The entry of the snapshot keyed by ``key`` (JSON values), and that key as text."""
    text = json.dumps([code_fingerprint(), key], ensure_ascii=False, sort_keys=True)
    directory = cache_dir()
    name = f"rulebase-v{_FORMAT}-{hashlib.sha256(text.encode('utf-8')).hexdigest()}.json"
    return (None if directory is None else directory / name), text


def read_snapshot(key: Any, classes: Sequence[type]) -> Any:
    """The object stored by :func:`write_snapshot` under ``key``, rebuilt from ``classes`` only; ``None`` on a miss.

    Any surprise in the entry (a class not in ``classes``, a field it does not have, a value of the wrong shape)
    is a miss: the caller validates the rules again.
    """
    entry, text = _snapshot_path(key)
    if entry is None:
        return None
    by_name = {cls.__name__: cls for cls in classes}

    def rebuild(obj: dict[str, Any]) -> Any:
        # json calls this for every JSON object, innermost first, so the values it sees are already rebuilt.  The
        # encoder writes a plain object only when none of its keys starts with "$", so a tag key means a tagged value.
        if "$class" in obj:
            if len(obj) != 2:
                raise _NotSnapshotable("shape")
            return by_name[obj["$class"]](**obj["fields"])
        if "$tuple" in obj:
            if len(obj) != 1:
                raise _NotSnapshotable("shape")
            return tuple(obj["$tuple"])
        if "$dict" in obj:
            if len(obj) != 1:
                raise _NotSnapshotable("shape")
            return {key: value for key, value in obj["$dict"]}
        if "$frozenset" in obj:
            if len(obj) != 1:
                raise _NotSnapshotable("shape")
            return frozenset(obj["$frozenset"])
        if "$float" in obj:
            number = float(obj["$float"])
            if len(obj) != 1 or math.isfinite(number):
                raise _NotSnapshotable("shape")
            return number
        if any(name[:1] == "$" for name in obj):  # a tag this code does not know
            raise _NotSnapshotable("shape")
        return obj

    try:
        head, _, payload = entry.read_bytes().partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode("ascii") != head:
            return None
        record = json.loads(payload, object_hook=rebuild)
    except (OSError, _NotSnapshotable, TypeError, ValueError, KeyError, AttributeError, RecursionError):
        return None
    if not isinstance(record, dict) or record.get("format") != _FORMAT or record.get("key") != text:
        return None
    return record.get("value")


def write_snapshot(key: Any, value: Any, classes: Sequence[type]) -> None:
    """Store ``value`` (attrs instances of ``classes``, tuples, lists, dicts, scalars) under ``key``; a value holding
    anything else is not stored."""
    entry, text = _snapshot_path(key)
    if entry is None:
        return
    try:
        encoded = _encode(value, frozenset(classes))
    except (_NotSnapshotable, RecursionError):
        return
    _write_entry(entry, {"format": _FORMAT, "key": text, "value": encoded})
    _prune_snapshots(entry.parent)


#: At most this many snapshot entries are kept (a rule base and its units are two); the least recently written go.
#: A rule author editing rules writes a new pair at every load, about 0.4 MB for the built-in rules.
SNAPSHOTS_KEPT = 32


def _prune_snapshots(directory: Path) -> None:
    """Delete the oldest snapshot entries beyond :data:`SNAPSHOTS_KEPT`; a file another process removed first, or
    one that cannot be removed, is left to the next write."""
    try:
        entries = sorted(directory.glob("rulebase-*.json"), key=lambda path: path.stat().st_mtime_ns)
    except OSError:
        return
    for entry in entries[: max(0, len(entries) - SNAPSHOTS_KEPT)]:
        with contextlib.suppress(OSError):
            entry.unlink()


def _encode(value: Any, classes: frozenset[type]) -> Any:
    """Plain JSON values that :func:`read_snapshot` turns back into an equal object, types included: tuples, sets of
    text, dicts whose keys are not plain text and attrs instances are tagged objects (keys starting with ``$``)."""
    kind = type(value)
    if value is None or kind in (bool, int, str):
        return value
    if kind is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if kind is list:
        return [_encode(item, classes) for item in value]
    if kind is tuple:
        return {"$tuple": [_encode(item, classes) for item in value]}
    if kind is dict:
        if all(type(k) is str and not k.startswith("$") for k in value):
            return {k: _encode(item, classes) for k, item in value.items()}
        return {"$dict": [[_encode(k, classes), _encode(item, classes)] for k, item in value.items()]}
    if kind is frozenset and all(type(item) is str for item in value):
        return {"$frozenset": sorted(value)}  # sorted: the same set is always the same entry
    if kind in classes:
        fields = {a.alias: _encode(getattr(value, a.name), classes) for a in attrs.fields(kind) if a.init}
        return {"$class": kind.__name__, "fields": fields}
    raise _NotSnapshotable(kind.__name__)

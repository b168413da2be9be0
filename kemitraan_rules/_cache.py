"""A cache of parsed rule files: in-process, and on disk as JSON in the user cache directory.

Parsing a rule file with ruamel.yaml's round-trip parser (which keeps the line and column of every value, for error
messages) is most of the cost of loading rules: about 0.3 s for the built-in files.  The parse depends only on the
file's bytes, so its result (the plain data and the positions of the source map (``_yaml.SourceMap``)) is
cached by the SHA-256 of the content:

* **In-process**, a dict keyed by the content hash holds the parsed document; :func:`kemitraan_rules.rules.load_rulesets`
  keeps the validated :class:`~kemitraan_rules.rules.RuleBase` keyed by every file's ``(path, size, mtime_ns, hash)``.
* **On disk**, one JSON file per content hash under ``platformdirs.user_cache_dir("kemitraan-rules")`` (override with
  ``KEMITRAAN_RULES_CACHE_DIR``; set it to an empty string to turn the disk cache off).  JSON, never pickle: a cache
  file is untrusted data and is only ever read as plain values, then checked for shape.

Only documents that parsed without a problem are cached, and the validation of their content runs on every load, so
a cached load gives exactly the rule base (and the errors) a fresh parse gives.  An unreadable, read-only or missing
cache directory, or a corrupted cache file, falls back to parsing: the cache can make loading faster, never wrong.
An edited rule file has another size, mtime or content hash, so it is parsed again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ._yaml import DocumentLimits, LoadedDocument, SourceMap, load_document
from .errors import Problem

__all__ = ["CACHE_ENV", "cache_dir", "clear_memory_cache", "file_digest", "load_cached_document"]

#: Environment variable naming the on-disk cache directory (empty: no disk cache).
CACHE_ENV = "KEMITRAAN_RULES_CACHE_DIR"
#: Bumped whenever the parsed form changes, so an old cache file is never read as a new one.
_FORMAT = 2

_DEFAULT_LIMITS = DocumentLimits()
_MEMORY: dict[str, LoadedDocument] = {}
_LOCK = threading.Lock()


def cache_dir() -> Path | None:
    """The on-disk cache directory, or ``None`` when the disk cache is turned off."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return Path(configured) if configured else None
    try:
        import platformdirs
    except ImportError:  # pragma: no cover - platformdirs is a dependency
        return None
    return Path(platformdirs.user_cache_dir("kemitraan-rules", appauthor=False)) / "rules"


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
    if document is None:
        document = _read_disk(digest, name)
        if document is None:
            document = load_document(path, text=text, error=error, limits=limits)
            _write_disk(digest, document)
        with _LOCK:
            _MEMORY[digest] = document
    return _renamed(document, name)


def _renamed(document: LoadedDocument, name: str) -> LoadedDocument:
    """The document with its source map naming ``name`` (the same file may be named by several paths)."""
    source = document.source
    if source.file == name:
        return document
    return LoadedDocument(document.data, SourceMap(name, source.positions, pending=source.pending))


def _entry_path(digest: str) -> Path | None:
    directory = cache_dir()
    return None if directory is None else directory / f"v{_FORMAT}-{digest}.json"


def _read_disk(digest: str, name: str) -> LoadedDocument | None:
    """The cached parse of the file whose content has ``digest``, or ``None`` when there is none or it is damaged.

    An entry is its own SHA-256 on the first line, then the JSON record: any change to the record (a truncated write,
    garbage, an edit) fails that check and the file is parsed again.  The positions are only checked for shape when
    a message needs one (:meth:`SourceMap.locate`); checking all of them here was most of a cached load.
    """
    entry = _entry_path(digest)
    if entry is None:
        return None
    try:
        head, _, payload = entry.read_bytes().partition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode("ascii") != head:
            return None
        record = json.loads(payload)
        if not isinstance(record, dict) or record.get("format") != _FORMAT or record.get("sha256") != digest:
            return None
        positions = record["positions"]
        if not isinstance(positions, list):
            return None
        return LoadedDocument(record["data"], SourceMap(name, pending=positions))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_disk(digest: str, document: LoadedDocument) -> None:
    """Write the cache entry atomically (temporary file, then rename); any failure leaves no entry behind."""
    entry = _entry_path(digest)
    if entry is None:
        return
    record: dict[str, Any] = {
        "format": _FORMAT,
        "sha256": digest,
        "data": document.data,
        "positions": [[list(path), line, column] for path, (line, column) in document.source.positions.items()],
    }
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=".json")
        try:
            payload = json.dumps(record, ensure_ascii=False, allow_nan=True).encode("utf-8")
            with os.fdopen(handle, "wb") as stream:
                stream.write(hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, ValueError, TypeError):
        return

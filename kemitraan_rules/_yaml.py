"""Safe loading of YAML and JSON documents, keeping the line and column of every value.

Rule files, scenarios, networks and partnership records are all read through :func:`load_document`.  It

* never executes code: ruamel.yaml's round-trip parser builds only plain mappings, sequences and scalars, and any
  explicit tag (``!!python/object``, ``!custom``) is refused;
* refuses oversized input before parsing it, and deeply nested or alias-bomb documents while converting it, with a
  clear error instead of a crash or a hang;
* returns plain Python data plus a :class:`SourceMap`, so that validators can say ``file:line:column`` for any
  field path such as ``parties[1].scale``.
"""

from __future__ import annotations

import io
import json
import re
import stat
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError

from .errors import Problem, os_reason

__all__ = [
    "DocumentLimits",
    "FieldPath",
    "LoadedDocument",
    "SourceMap",
    "format_path",
    "json_text",
    "load_document",
    "position_key",
    "yaml_text",
]

FieldPath = tuple[str | int, ...]


def format_path(path: Sequence[str | int]) -> str:
    """Render a field path as ``parties[1].scale`` (indices in brackets, keys joined by dots)."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@attrs.frozen
class DocumentLimits:
    """Bounds that keep an untrusted document from exhausting memory or time."""

    max_bytes: int = 5_000_000
    max_depth: int = 40
    max_nodes: int = 500_000


def position_key(path: Sequence[str | int]) -> str:
    """The text key of a field path in a stored position table: its compact JSON (``["rules",3,"when"]``).

    Stored tables (the parse cache) are keyed by this text so that they load as one JSON object and a lookup
    converts only the path asked for, instead of every stored path being turned back into a tuple first.
    """
    return json.dumps(list(path), ensure_ascii=False, separators=(",", ":"))


@attrs.define
class SourceMap:
    """Positions (1-based line and column) of the values of a loaded document, by field path."""

    file: str | None
    positions: dict[FieldPath, tuple[int, int]] = attrs.field(factory=dict)
    #: Positions as the parse cache stored them (``{position_key(path): [line, column]}``), consulted when a path is
    #: not in ``positions``: a cached document is located without converting its whole table.
    stored: dict[str, Any] | None = attrs.field(default=None, repr=False, eq=False)

    def locate(self, path: Sequence[str | int]) -> tuple[int | None, int | None]:
        """Line and column of the value at ``path``, or of its nearest located ancestor."""
        key = tuple(path)
        while True:
            if key in self.positions:
                return self.positions[key]
            if self.stored is not None:
                found = self.stored.get(position_key(key))
                # A stored item of the wrong shape is skipped: it can only cost a line number in a message, never data.
                if isinstance(found, list) and len(found) == 2 and all(type(number) is int for number in found):
                    return found[0], found[1]
            if not key:
                return None, None
            key = key[:-1]

    def problem(self, path: Sequence[str | int], code: str, **kwargs: Any) -> Problem:
        """A :class:`Problem` at ``path`` located in this document: the sentence of ``code`` (a key of
        :data:`~kemitraan_rules.errors.MESSAGES`) filled with the other keyword arguments (see :meth:`Problem.at`)."""
        line, column = self.locate(path)
        return Problem.at(format_path(path), code, file=self.file, line=line, column=column, **kwargs)


@attrs.frozen
class LoadedDocument:
    """Plain data (dicts, lists, scalars) and where each value stood in the source."""

    data: Any
    source: SourceMap


_SURROGATE = re.compile("[\ud800-\udfff]")

#: The only explicit tags a data file may carry: YAML's own types, which change nothing in how it is read.
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("map", "seq", "str", "int", "float", "bool", "null", "timestamp"))


def _parser() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.allow_duplicate_keys = False
    return yaml


#: Characters JSON writes raw when ``ensure_ascii`` is false but YAML does not read back as themselves: those outside
#: YAML's printable set (DEL, C1 controls, surrogates, U+FFFE, U+FFFF), which it refuses, and the line breaks of YAML
#: 1.1 (NEL, U+2028, U+2029), which it folds into a space inside a quoted string.  (C0 controls are always escaped.)
_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def json_text(data: Any, **options: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, **options)`` that :func:`load_document` reads back: the characters YAML
    refuses are written as ``\\u`` escapes (a network title holding DEL made ``to_json`` output that ``from_json``
    refused).  Readable text (Indonesian, accented names) stays as it is."""
    text = json.dumps(data, ensure_ascii=False, **options)
    return _NOT_YAML_PRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


#: Characters ruamel.yaml's emitter may leave raw inside a single-quoted or plain scalar although YAML reads them as
#: line breaks: NEL came back as a space (``'0\x850'`` read as ``'0 0'``), a trailing one was lost.
_YAML_LINE_BREAKS = re.compile("[\x85\u2028\u2029]")


def yaml_text(data: Any) -> str:
    """``data`` (plain mappings, lists and scalars, in the order given) as block-style YAML that
    :func:`load_document` reads back equal.

    Text holding a character YAML reads as a line break (NEL, U+2028, U+2029) is written double-quoted, where the
    emitter escapes it (``\\N``); everything else is written as ruamel.yaml's round-trip dumper chooses.
    """
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    def quoted(value: Any) -> Any:
        if isinstance(value, str):
            return DoubleQuotedScalarString(value) if _YAML_LINE_BREAKS.search(value) else value
        if isinstance(value, Mapping):
            return {quoted(key): quoted(item) for key, item in value.items()}
        if isinstance(value, (list, tuple)):
            return [quoted(item) for item in value]
        return value

    yaml = YAML(typ="rt", pure=True)
    yaml.default_flow_style = False
    stream = io.StringIO()
    yaml.dump(quoted(data), stream)
    return stream.getvalue()


#: Flow brackets nested more than this many times ``max_depth`` are refused before parsing.  The converter refuses
#: any value deeper than ``max_depth`` anyway; the parser, though, recursed about a thousand frames into such a
#: document before its RecursionError (seconds for 1,000 ``[``).  The margin keeps brackets inside text values
#: (which the scan counts too) from ever refusing a valid document.
_FLOW_DEPTH_FACTOR = 5
_FLOW_BRACKETS = re.compile(r"[\[\]{}]")


def _flow_too_deep(text: str, limit: int) -> tuple[int, int] | None:
    """Line and column of the first flow bracket (``[`` or ``{``) opened more than ``limit`` levels deep, if any."""
    if text.count("[") + text.count("{") <= limit:
        return None
    depth = 0
    for match in _FLOW_BRACKETS.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > limit:
                start = match.start()
                return text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)
        elif depth:
            depth -= 1
    return None


def load_document(
    source: str | Path,
    *,
    text: str | None = None,
    limits: DocumentLimits | None = None,
    error: Callable[[Sequence[Problem], str | None], Exception],
) -> LoadedDocument:
    """Load a YAML or JSON document from the file ``source`` (or from ``text``, with ``source`` as its name).

    ``error`` builds the exception to raise (``ScenarioError``, ``RulesetError``, ...) from the problems found, so
    each caller reports in its own error type.  JSON is read by the same parser, since JSON is YAML 1.2.
    """
    limits = limits or DocumentLimits()
    name = str(source)
    if text is None:
        path = Path(source)
        try:
            status = path.stat()
        except OSError as exc:
            raise error([Problem.make("cannot_read", file=name, reason=os_reason(exc))], name) from None
        if not stat.S_ISREG(status.st_mode):  # a FIFO would hang, /dev/zero would eat all memory (st_size is 0)
            raise error([Problem.make("not_regular_file", file=name)], name)
        if status.st_size > limits.max_bytes:
            raise error(
                [Problem.make("file_too_large", file=name, size=status.st_size, limit=limits.max_bytes)],
                name,
            )
        try:
            with path.open("rb") as handle:
                data = handle.read(limits.max_bytes + 1)  # the file may have grown since stat
            if len(data) > limits.max_bytes:
                raise error([Problem.make("file_over_limit", file=name, limit=limits.max_bytes)], name)
            text = data.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise error([Problem.make("not_utf8", file=name, reason=str(exc))], name) from None
    elif len(text.encode("utf-8")) > limits.max_bytes:
        raise error([Problem.make("document_too_large", file=name, limit=limits.max_bytes)], name)
    deep = _flow_too_deep(text, _FLOW_DEPTH_FACTOR * limits.max_depth)
    if deep is not None:
        raise error([Problem.make("too_deep", file=name, line=deep[0], column=deep[1], limit=limits.max_depth)], name)
    try:
        raw = _parser().load(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        message = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise error([Problem.make("bad_yaml", file=name, line=line, column=column, detail=message)], name) from None
    except RecursionError:
        raise error([Problem.make("too_deep", file=name, limit=limits.max_depth)], name) from None
    except Exception as exc:  # ruamel's constructors raise IndexError on scalars such as '-_' or '0x_'
        raise error([Problem.make("bad_yaml", file=name, detail=f"{type(exc).__name__}: {exc}")], name) from None
    source_map = SourceMap(name)
    converter = _Converter(source_map, limits, name, error)
    data = converter.convert(raw, ())
    return LoadedDocument(data, source_map)


class _Converter:
    """Turn ruamel's round-trip nodes into plain data, recording positions and enforcing the limits."""

    def __init__(
        self,
        source_map: SourceMap,
        limits: DocumentLimits,
        name: str,
        error: Callable[[Sequence[Problem], str | None], Exception],
    ) -> None:
        self.source_map = source_map
        self.limits = limits
        self.name = name
        self.error = error
        self.nodes = 0

    def fail(self, path: FieldPath, code: str, **params: object) -> Exception:
        return self.error([self.source_map.problem(path, code, **params)], self.name)

    def text(self, value: str, path: FieldPath) -> str:
        """``value`` with JSON's surrogate-pair escapes (``"\\ud83d\\ude00"``) joined; a lone surrogate is refused.

        YAML reads each ``\\uXXXX`` escape alone, so a character outside the BMP written by ``json.dumps`` arrives as
        two surrogates, which no output encoding accepts.
        """
        if _SURROGATE.search(value) is None:
            return value
        try:
            return value.encode("utf-16", "surrogatepass").decode("utf-16")
        except UnicodeDecodeError:
            raise self.fail(path, "lone_surrogate") from None

    def convert(self, node: Any, path: FieldPath) -> Any:
        self.nodes += 1
        if self.nodes > self.limits.max_nodes:
            raise self.fail(path, "too_many_values", limit=self.limits.max_nodes)
        if len(path) > self.limits.max_depth:
            raise self.fail(path, "too_deep", limit=self.limits.max_depth)
        tag = getattr(node, "tag", None)
        tag_value = getattr(tag, "value", None) if tag is not None else None
        if tag_value and str(tag_value) not in _PLAIN_TAGS:  # '!!python/...' is 'tag:yaml.org,2002:python/...'
            raise self.fail(path, "yaml_tag", tag=repr(tag_value))
        if isinstance(node, CommentedMap):
            result: dict[Any, Any] = {}
            for key, value in node.items():
                if not isinstance(key, (str, int, float, bool)) or key is None:
                    raise self.fail(path, "bad_key", key=repr(key))
                key_text = str(key) if not isinstance(key, str) else self.text(key, path)
                child = (*path, key_text)
                try:
                    line, column = node.lc.value(key)
                except (KeyError, TypeError, AttributeError):
                    try:
                        line, column = node.lc.key(key)
                    except (KeyError, TypeError, AttributeError):
                        line, column = node.lc.line, node.lc.col
                self.source_map.positions[child] = (line + 1, column + 1)
                result[key_text] = self.convert(value, child)
            if path not in self.source_map.positions:
                self.source_map.positions[path] = (node.lc.line + 1, node.lc.col + 1)
            return result
        if isinstance(node, CommentedSeq):
            items: list[Any] = []
            for index, value in enumerate(node):
                child = (*path, index)
                try:
                    line, column = node.lc.item(index)
                    self.source_map.positions[child] = (line + 1, column + 1)
                except (KeyError, TypeError, AttributeError, IndexError):
                    pass
                items.append(self.convert(value, child))
            if path not in self.source_map.positions:
                self.source_map.positions[path] = (node.lc.line + 1, node.lc.col + 1)
            return items
        if isinstance(node, Mapping):  # pragma: no cover - ruamel always gives CommentedMap in rt mode
            return {str(k): self.convert(v, (*path, str(k))) for k, v in node.items()}
        if isinstance(node, bool) or node is None:
            return node
        if isinstance(node, int):
            return int(node)
        if isinstance(node, float):
            return float(node)
        if isinstance(node, str):
            return self.text(str(node), path)
        # Dates, timestamps and other YAML scalars become their ISO text; validators decide whether they fit.
        iso = getattr(node, "isoformat", None)
        if callable(iso):
            return str(iso())
        tag = getattr(node, "tag", None)
        if tag is not None:
            raise self.fail(path, "yaml_tag", tag=repr(getattr(tag, "value", tag)))
        raise self.fail(path, "unsupported_value", type=type(node).__name__)

"""``kemitraan batch``: evaluate a directory of scenario files or a JSONL file with several processes.

Why a command of its own: a province's institutions times their candidate partners are tens of thousands of
scenarios; this streams them through :func:`kemitraan_rules.batch.evaluate_iter` (input order kept, memory bounded),
shows a progress bar on stderr, and writes one JSON line per scenario (``index``, ``scenario``, then ``report`` or
``error``).  Exit code 0 if every scenario was evaluated, 1 if any failed (the failures are in the output).

Nothing earlier is lost: each JSONL line is decoded and parsed alone (a bad line is one failed record naming its
line); ``--out`` is written to a temporary file beside it and renamed over it only when the run completes.  A run
that stops (bad ``--rules``, Ctrl-C, SIGTERM) leaves ``--out`` as it was and keeps what it did in ``<out>.partial``
(complete JSON lines, in input order); SIGTERM stops the worker processes before exiting.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import click

from ..batch import UnreadableInput
from ..errors import Problem, message
from .common import STDIN, handle_errors, lang_option, rules_option

__all__ = ["batch_command", "iter_batch_inputs", "run_batch"]

_SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")


def iter_batch_inputs(source: Path, lines: Iterable[bytes] | None = None) -> Iterator[Any]:
    """The scenarios of ``source``: the files of a directory (sorted, ``*.yaml|*.yml|*.json``) or a JSONL file
    (or the JSONL ``lines`` already read, as bytes, for standard input).

    Each line is decoded and parsed alone: a line that is not UTF-8, not JSON, or that Python's JSON reader refuses
    (a number of more than 4,300 digits, nesting deeper than the recursion limit) is passed on as an
    :class:`~kemitraan_rules.batch.UnreadableInput` naming ``line N``, so it is reported with its index like any
    other invalid scenario instead of stopping the batch.  In a directory, every entry with a scenario suffix is
    passed on (a non-regular file then fails alone, with its name), never silently skipped.
    """
    if lines is None and source.is_dir():
        yield from sorted(path for path in source.iterdir() if path.suffix in _SCENARIO_SUFFIXES)
        return
    name = "stdin" if str(source) == STDIN else str(source)
    with contextlib.ExitStack() as stack:
        raw_lines: Iterable[bytes] = lines if lines is not None else stack.enter_context(source.open("rb"))
        for number, raw in enumerate(raw_lines, 1):
            if not raw.strip():
                continue
            try:
                yield json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                yield UnreadableInput(Problem.make("line_not_utf8", file=name, line_number=number, byte=exc.start + 1))
            except json.JSONDecodeError as exc:
                yield UnreadableInput(Problem.make("line_not_json", file=name, line_number=number, detail=exc.msg, column_number=exc.colno))
            except (ValueError, RecursionError) as exc:
                if isinstance(exc, RecursionError):
                    yield UnreadableInput(Problem.make("line_too_deep", file=name, line_number=number))
                else:
                    yield UnreadableInput(Problem.make("line_unreadable", file=name, line_number=number, detail=str(exc).split(";")[0]))


def run_batch(
    source: Path,
    out: IO[str],
    workers: int | None = 1,
    rules: Sequence[Path] = (),
    no_builtin: bool = False,
    show_progress: bool = True,
    lang: str | None = None,
) -> tuple[int, int]:
    """Evaluate every scenario of ``source`` and write one JSON line per scenario to ``out``; (evaluated, failed).

    The function behind ``kemitraan batch``; ``source`` ``-`` reads JSONL from standard input.  The progress bar
    (tqdm, from the ``[analysis]`` extra) is drawn only when stderr is a terminal (``disable=None``) and tqdm is
    installed; its total is the number of files of a directory or of non-blank lines of the JSONL input.  A failed
    scenario's ``error`` is written in ``lang`` (``id`` or ``en``; English when ``None``, as the API speaks).
    """
    from ..batch import evaluate_iter
    from ..rules import builtin

    paths: list[Path] = ([] if no_builtin else [builtin()]) + list(rules)
    lines = sys.stdin.buffer.readlines() if str(source) == STDIN else None
    total = sum(1 for line in lines if line.strip()) if lines is not None else _count_inputs(source)
    bar = _progress_bar(total) if show_progress else None
    done = failed = 0
    inputs = iter_batch_inputs(source, lines)
    # output="json": whoever evaluates a scenario (a worker or this process) serialises its report; this process writes text
    items = evaluate_iter(inputs, workers=workers, rulesets=paths, progress=None if bar is None else bar.update, output="json")
    try:
        for item in items:
            out.write(item.to_json(lang) + "\n")
            done += 1
            failed += not item.ok
    finally:
        close = getattr(items, "close", None)
        if close is not None:  # a stop while writing still stops the worker processes now, not at collection
            close()
        if bar is not None:
            bar.close()
    return done, failed


def _count_inputs(source: Path) -> int:
    """How many scenarios ``source`` holds: files of a directory, non-blank lines of a JSONL file."""
    if source.is_dir():
        return sum(1 for path in source.iterdir() if path.suffix in _SCENARIO_SUFFIXES)
    with source.open("rb") as lines:
        return sum(1 for line in lines if line.strip())


def _progress_bar(total: int) -> Any:
    """A tqdm bar on stderr that shows itself only on a terminal, or None when tqdm is not installed."""
    try:
        from tqdm import tqdm
    except ModuleNotFoundError:
        return None
    return tqdm(total=total, unit="scenario", file=sys.stderr, disable=None)


@click.command("batch")
@click.argument("source", type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option("--workers", "-w", type=click.IntRange(min=1), default=None, help="Processes that evaluate, this one included (default: one per CPU).")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="JSONL output (default: stdout).")
@rules_option
@click.option("--no-builtin", is_flag=True, help="Use only the --rules given, not the built-in rulesets.")
@click.option("--no-progress", is_flag=True, help="Do not show the progress bar.")
@lang_option
@handle_errors
def batch_command(source: Path, workers: int | None, out: Path | None, rules: Sequence[Path], no_builtin: bool, no_progress: bool, lang: str) -> None:
    """Evaluate every scenario of SOURCE (a directory of YAML/JSON files, a JSONL file, or - for JSONL on standard
    input), in parallel, and write one JSON line per scenario."""
    with _sigterm_as_exit():
        if out is None:
            done, failed = run_batch(source, sys.stdout, workers, rules, no_builtin, not no_progress, lang)
        else:
            done, failed = _run_to_file(source, out, workers, rules, no_builtin, not no_progress, lang)
    click.echo(message("batch_summary", lang, done=done, evaluated=done - failed, failed=failed), err=True)
    if failed:
        sys.exit(1)


def _run_to_file(
    source: Path, out: Path, workers: int | None, rules: Sequence[Path], no_builtin: bool, show_progress: bool, lang: str
) -> tuple[int, int]:
    """:func:`run_batch` into a temporary file renamed over ``out`` only on completion (see the module docstring)."""
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    complete = False
    try:
        with temporary.open("w", encoding="utf-8") as handle:
            result = run_batch(source, handle, workers, rules, no_builtin, show_progress, lang)
        complete = True
    finally:
        if complete:
            os.replace(temporary, out)
        elif temporary.exists() and temporary.stat().st_size > 0:
            partial = out.with_name(out.name + ".partial")
            os.replace(temporary, partial)
            click.echo(message("batch_stopped", lang, out=out, partial=partial), err=True)
        else:
            temporary.unlink(missing_ok=True)
    return result


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """Turn SIGTERM into ``SystemExit(143)`` so that files are closed and the worker processes stopped on the way out."""
    if threading.current_thread() is not threading.main_thread():  # pragma: no cover - the CLI runs in the main thread
        yield
        return

    def terminate(_signum: int, _frame: object) -> None:
        raise SystemExit(128 + signal.SIGTERM)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)

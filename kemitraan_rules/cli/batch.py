"""``kemitraan batch``: evaluate a directory of scenario files or a JSONL file with several processes.

Why a command of its own: a province's institutions times their candidate partners are tens of thousands of
scenarios; this streams them through :func:`kemitraan_rules.batch.evaluate_iter` (input order kept, memory bounded),
shows a progress bar on stderr, and writes one JSON line per scenario (``index``, ``scenario``, then ``report`` or
``error``).  Exit code 0 if every scenario was evaluated, 1 if any failed (the failures are in the output).
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import attrs
import click

from .common import STDIN, handle_errors, rules_option

__all__ = ["NotJson", "batch_command", "iter_batch_inputs", "run_batch"]

_SCENARIO_SUFFIXES = (".yaml", ".yml", ".json")


def iter_batch_inputs(source: Path, lines: Sequence[str] | None = None) -> Iterator[Any]:
    """The scenarios of ``source``: the files of a directory (sorted, ``*.yaml|*.yml|*.json``) or a JSONL file
    (or the JSONL ``lines`` already read, for standard input).

    A JSONL line that is not valid JSON comes as a :class:`NotJson` record; :func:`run_batch` reports it at its index
    ("line N: not JSON: ...") like any other failed scenario instead of stopping the batch.
    """
    if lines is None and source.is_dir():
        yield from sorted(path for path in source.iterdir() if path.suffix in _SCENARIO_SUFFIXES and path.is_file())
        return
    with contextlib.ExitStack() as stack:
        text: Iterable[str] = lines if lines is not None else stack.enter_context(source.open(encoding="utf-8"))
        for number, line in enumerate(text, 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                yield NotJson(f"{'stdin' if str(source) == STDIN else source}: line {number}: not JSON: {exc.msg}")


@attrs.frozen
class NotJson:
    """A JSONL line that could not be parsed: ``message`` names the source and the line."""

    message: str


def run_batch(
    source: Path,
    out: IO[str],
    workers: int | None = 1,
    rules: Sequence[Path] = (),
    no_builtin: bool = False,
    show_progress: bool = True,
) -> tuple[int, int]:
    """Evaluate every scenario of ``source`` and write one JSON line per scenario to ``out``; (evaluated, failed).

    The function behind ``kemitraan batch``.  The progress bar (tqdm, from the ``[analysis]`` extra) is drawn only
    when stderr is a terminal (``disable=None``) and tqdm is installed; its total is the number of files of a
    directory or of non-blank lines of a JSONL file, counted before evaluating.
    """
    from ..batch import evaluate_iter
    from ..rules import builtin

    paths: list[Path] = ([] if no_builtin else [builtin()]) + list(rules)
    lines = sys.stdin.readlines() if str(source) == STDIN else None
    total = sum(1 for line in lines if line.strip()) if lines is not None else _count_inputs(source)
    bar = _progress_bar(total) if show_progress else None
    done = failed = 0
    unparsed: dict[int, str] = {}  # input position -> message, for lines that are not JSON
    positions: list[int] = []  # input position of each scenario handed to the evaluator

    def parsed() -> Iterator[Any]:
        for position, item in enumerate(iter_batch_inputs(source, lines)):
            if isinstance(item, NotJson):
                unparsed[position] = item.message
            else:
                positions.append(position)
                yield item

    def write(record: dict[str, Any]) -> None:
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")

    def flush_unparsed(before: int | None) -> None:
        nonlocal done, failed
        for position in sorted(p for p in unparsed if before is None or p < before):
            write({"error": unparsed.pop(position), "error_type": "ScenarioError", "index": position, "scenario": None})
            done += 1
            failed += 1
            if bar is not None:
                bar.update(1)

    try:
        progress = None if bar is None else bar.update
        for item in evaluate_iter(parsed(), workers=workers, rulesets=paths, progress=progress):
            position = positions[item.index]
            flush_unparsed(position)
            write({**item.to_dict(), "index": position})
            done += 1
            failed += not item.ok
        flush_unparsed(None)
    finally:
        if bar is not None:
            bar.close()
    return done, failed


def _count_inputs(source: Path) -> int:
    """How many scenarios ``source`` holds: files of a directory, non-blank lines of a JSONL file."""
    if source.is_dir():
        return sum(1 for path in source.iterdir() if path.suffix in _SCENARIO_SUFFIXES and path.is_file())
    with source.open(encoding="utf-8") as lines:
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
@click.option("--workers", "-w", type=click.IntRange(min=1), default=None, help="Worker processes (default: all CPUs).")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None, help="JSONL output (default: stdout).")
@rules_option
@click.option("--no-builtin", is_flag=True, help="Use only the --rules given, not the built-in rulesets.")
@click.option("--no-progress", is_flag=True, help="Do not show the progress bar.")
@handle_errors
def batch_command(source: Path, workers: int | None, out: Path | None, rules: Sequence[Path], no_builtin: bool, no_progress: bool) -> None:
    """Evaluate every scenario of SOURCE (a directory of YAML/JSON files, a JSONL file, or - for JSONL on standard
    input), in parallel, and write one JSON line per scenario."""
    if out is None:
        done, failed = run_batch(source, sys.stdout, workers, rules, no_builtin, not no_progress)
    else:
        with out.open("w", encoding="utf-8") as handle:
            done, failed = run_batch(source, handle, workers, rules, no_builtin, not no_progress)
    click.echo(f"{done} scenarios, {done - failed} evaluated, {failed} failed", err=True)
    if failed:
        sys.exit(1)

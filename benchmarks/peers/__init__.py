"""Contenders for ``benchmarks/evaluate.py``: the same decision, written for other engines and in plain Python.

Each module builds one contender from :class:`decision.Decision` (the rules and the inputs) and returns a callable
``evaluate(index) -> frozenset of fired rule ids``.  A contender whose package is not installed (the optional extra
``[bench]``: zen-engine, clipspy) raises :class:`Skipped`, and the benchmark reports it as skipped.
"""


class Skipped(Exception):
    """A contender that cannot run here (its package is not installed); the message says why."""

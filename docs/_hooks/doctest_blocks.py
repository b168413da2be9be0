"""A griffe extension for the API reference: show docstring doctests (``>>>`` blocks) as Python console code.

Markdown reads a line that starts with ``>`` as a quotation, so a doctest would render as nested quotes and its
bracketed output as broken links.  This wraps each doctest (its ``>>>``/``...`` lines and their expected output, up
to the next blank line) in a ``pycon`` fence; the docstrings themselves stay plain doctests that the tests run.
"""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """``text`` with every doctest block fenced as ``pycon``."""
    out: list[str] = []
    inside = False
    for line in text.splitlines():
        starts = line.lstrip().startswith(">>>")
        if starts and not inside:
            out.append("```pycon")
            inside = True
        elif inside and not line.strip():
            out.append("```")
            inside = False
        out.append(line)
    if inside:
        out.append("```")
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    """Fence the doctests of every docstring griffe loads."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)

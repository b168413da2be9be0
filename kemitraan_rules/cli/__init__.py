"""The command-line wing: ``kemitraan`` and its subcommands (click).

``main`` is the entry point; ``common`` holds what every command shares (the error decorator, the ``--rules``
option, building the engine); ``rules``, ``network``, ``lifecycle`` and ``batch`` hold their subcommands.
"""

from __future__ import annotations

from .main import main

__all__ = ["main"]

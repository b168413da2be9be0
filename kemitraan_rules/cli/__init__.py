"""The command-line wing: ``kemitraan`` and its subcommands (click).

``main`` is the command group and ``run`` the program's entry point (``main``, then exit); ``common`` holds what
every command shares (the error decorator, the ``--rules`` option, building the engine); ``rules``, ``network``,
``lifecycle`` and ``batch`` hold their subcommands.
"""

from __future__ import annotations

from .main import main, run

__all__ = ["main", "run"]

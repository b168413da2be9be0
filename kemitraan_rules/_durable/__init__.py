"""The vendored durable-rules 2.0.28 Python host (see ``vendor/durable_rules/PATCHES.md``).

kemitraan-rules patch 11: ``logging`` (with ``traceback``) is imported only when the host logs, which it does only
on an error path; importing it up front was a tenth of the command line's start-up.
"""


class _Logger:
    """Stands for ``logging.getLogger(__name__)`` and creates it on first use."""

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        import logging

        return getattr(logging.getLogger(__name__), name)


logger = _Logger()

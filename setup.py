"""Build of the compiled part of kemitraan-rules: the durable-rules C core as ``kemitraan_rules._durable_engine``.

Metadata lives in ``pyproject.toml``; setuptools reads it.  This file adds what pyproject.toml cannot state for the
setuptools versions still in use: the C extension (durable-rules 2.0.28's Rete core, vendored and patched under
``vendor/durable_rules``, see its ``PATCHES.md``) and the rule files, which sit in the top-level ``rulesets/``
directory of a checkout and are installed as ``kemitraan_rules/rulesets``.  Building needs only a C compiler and
the Python headers.
"""

from __future__ import annotations

import sys

from setuptools import Extension, find_packages, setup

_CORE = [f"vendor/durable_rules/src/rules/{name}.c" for name in ("json", "rete", "state", "events", "regex")]

# The C core is C99 with GNU extensions (durable-rules' own flags); -fcommon because its headers define globals.
_FLAGS = [] if sys.platform == "win32" else ["-std=c99", "-D_GNU_SOURCE", "-fcommon"]

setup(
    packages=[*find_packages(include=["kemitraan_rules", "kemitraan_rules.*"]), "kemitraan_rules.rulesets"],
    package_dir={"kemitraan_rules.rulesets": "rulesets"},
    package_data={
        "kemitraan_rules": ["schemas/*.json", "py.typed"],
        "kemitraan_rules.rulesets": ["*.yaml", "**/*.yaml"],
    },
    ext_modules=[
        Extension(
            "kemitraan_rules._durable_engine",
            sources=["vendor/durable_rules/src/rulespy/rules.c", *_CORE],
            include_dirs=["vendor/durable_rules/src/rules"],
            extra_compile_args=_FLAGS,
        )
    ],
)

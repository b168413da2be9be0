"""Shared fixtures: one engine over the built-in rulesets for the whole session (engines are cheap to re-create,
but sharing keeps the suite fast), and a factory for small scenario mappings."""

from __future__ import annotations

import os
import tempfile
from typing import Any

import pytest
from hypothesis import settings

from kemitraan_rules import Engine

# Hypothesis profiles (docs/rule-authoring.md, "Testing"): ``ci``, the default, keeps the property tests of
# tests/test_schema_properties.py within about 40 s on a quiet 2-core machine; ``long`` (HYPOTHESIS_PROFILE=long)
# draws 20 times as many examples for a search before a release.  Tests that set max_examples themselves keep it.
settings.register_profile("ci", max_examples=15, deadline=None)
settings.register_profile("long", max_examples=300, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The parsed-rule-file cache of the test run lives in a temporary directory, never in the user's cache.
os.environ.setdefault("KEMITRAAN_RULES_CACHE_DIR", tempfile.mkdtemp(prefix="kemitraan-rules-test-cache-"))


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine()


def make_scenario(**relationship: Any) -> dict[str, Any]:
    """A two-party scenario (a small LKP seeking a large firm) with relationship fields overridden."""
    return {
        "id": "kecil_besar",
        "parties": [
            {
                "id": "lkp_a",
                "kind": "lkp",
                "scale": "kecil",
                "capital": "rendah",
                "needs": ["job_order"],
                "offers": ["tenaga_kerja"],
                "vision": ["kerja"],
            },
            {
                "id": "pt_b",
                "kind": "dudi",
                "scale": "besar",
                "capital": "tinggi",
                "offers": ["job_order"],
                "needs": ["tenaga_kerja"],
                "vision": ["kerja"],
            },
        ],
        "relationship": {"seeker": "lkp_a", "candidate": "pt_b", **relationship},
    }

"""The benchmark script runs end to end (tiny counts) and prints the figures the issue asks for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "evaluate.py"


def test_quick_benchmark_prints_overhead() -> None:
    """`evaluate.py --quick` exits 0, prints the ratio to raw durable-rules, every contender agrees with the interpreter."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--only", "peers", "verify", "memory"],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert float(lines["target1_ours_cost_over_raw_durable_cpu"].split()[0]) > 0
    for name in ("ours", "raw_durable", "hand_written_python", "table_interpreter", "interpreter_agrees_all_rules"):
        key = name if name.startswith("interpreter") else f"agrees_{name}"
        agree, total = lines[key].split()[0].split("/")
        assert agree == total, key
    assert "rss_growth_mb" in lines

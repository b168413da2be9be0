"""The benchmark script runs end to end (tiny counts) and prints the figures the issue asks for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "evaluate.py"


def test_quick_benchmark_prints_overhead() -> None:
    """`evaluate.py --quick` exits 0, prints the overhead ratio and checks plain Python fires the engine's rules."""
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--quick", "--only", "throughput", "memory"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    assert float(lines["overhead_vs_raw_durable"]) > 0
    agree, total = lines["plain_agrees_with_engine"].split("/")
    assert agree == total
    assert "rss_growth_mb" in lines

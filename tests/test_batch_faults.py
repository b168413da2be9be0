"""``kemitraan batch`` under faults (issue 11.9): bad lines fail alone, ``--out`` is never destroyed, SIGTERM is clean."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from kemitraan_rules.cli import main
from kemitraan_rules.synthetic import scenario_dicts

ROOT = Path(__file__).resolve().parents[1]


def test_each_bad_jsonl_line_fails_alone(tmp_path: Path) -> None:
    """A huge number, 100,000 nested brackets and a non-UTF-8 byte are three failed records; the rest is evaluated."""
    good = [json.dumps(d).encode() for d in scenario_dicts(3, seed=11)]
    lines = [good[0], b'{"id": ' + b"9" * 5000 + b"}", b"[" * 100_000 + b"]" * 100_000, b'{"id": "caf\xe9"}', good[1], good[2]]
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(source), "--workers", "1", "--out", str(out), "--no-progress", "--lang", "en"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["index"] for r in records] == list(range(6))
    assert ["report" in r for r in records] == [True, False, False, False, True, True]
    for index, line_number in ((1, 2), (2, 3), (3, 4)):
        assert f"line {line_number}:" in records[index]["error"], records[index]
    assert "UTF-8" in records[3]["error"]


def test_a_failed_run_leaves_the_previous_out_intact(tmp_path: Path) -> None:
    """A run that stops on bad --rules leaves yesterday's --out byte for byte (it was truncated to 0 bytes)."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(scenario_dicts(1, seed=3)[0]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text('{"yesterday": true}\n', encoding="utf-8")
    rules = tmp_path / "bad_rules"
    rules.mkdir()
    (rules / "r.yaml").write_text("ruleset: x\nrules: [{id: 1}]\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(source), "--workers", "1", "--out", str(out), "--rules", str(rules), "--no-progress"])
    assert result.exit_code == 2, result.output
    assert out.read_text(encoding="utf-8") == '{"yesterday": true}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad_rules", "in.jsonl", "out.jsonl"]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _start_batch(tmp_path: Path, seed: int, **popen: Any) -> tuple[subprocess.Popen[bytes], Path]:
    """``kemitraan batch -w 2 --out`` over 3,000 scenarios, started in the background; the process and ``--out``
    (holding yesterday's line, which a stopped run must leave as it is)."""
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in scenario_dicts(3000, seed=seed)), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_text('{"yesterday": true}\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kemitraan_rules", "batch", str(source), "-w", "2", "--out", str(out), "--no-progress"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, **popen), out


def _survivors(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (a zombie, dead and waiting to be reaped, does not count)."""
    return {pid for pid in pids if Path(f"/proc/{pid}").exists() and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]}


def test_sigterm_keeps_out_shuts_the_pool_and_leaves_valid_partial_output(tmp_path: Path) -> None:
    """SIGTERM mid-run: --out unchanged, <out>.partial is valid JSONL in order, no worker process survives."""
    process, out = _start_batch(tmp_path, seed=2)
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while time.monotonic() < deadline and not workers:  # -w 2: one worker process (the CLI's process is the other)
            time.sleep(0.5)
            workers = _children(process.pid)
        assert process.poll() is None, process.communicate()
        written = tmp_path / f".out.jsonl.{process.pid}.tmp"  # the CLI's temporary output, renamed when complete
        started = time.monotonic() + 60
        while time.monotonic() < started and not (written.exists() and written.stat().st_size > 0):
            time.sleep(0.05)  # until the workers (forked ones start in a few hundredths of a second) send results
        assert process.poll() is None, "the batch ended before it could be interrupted"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0
    assert out.read_text(encoding="utf-8") == '{"yesterday": true}\n'
    partial = tmp_path / "out.jsonl.partial"
    if partial.exists():
        indexes = [json.loads(line)["index"] for line in partial.read_text(encoding="utf-8").splitlines()]
        assert indexes == list(range(len(indexes)))
    time.sleep(2)
    assert _survivors(workers) == set(), stderr.decode()[-2000:]


def test_ctrl_c_stops_the_batch_in_its_language_and_leaves_valid_partial_output(tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group, as a terminal sends it) mid-run: exit code 130 and one line in the
    command's language, no traceback from the workers, --out unchanged, <out>.partial in order, no process left."""
    process, out = _start_batch(tmp_path, seed=5, start_new_session=True)
    try:
        written = tmp_path / f".out.jsonl.{process.pid}.tmp"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not (written.exists() and written.stat().st_size > 0) and process.poll() is None:
            time.sleep(0.05)
        workers = _children(process.pid)
        assert process.poll() is None, "the batch ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    text = stderr.decode()
    assert process.returncode == 130, text[-2000:]
    assert "dihentikan dengan Ctrl-C" in text and "Traceback" not in text and "Aborted" not in text, text[-2000:]
    assert out.read_text(encoding="utf-8") == '{"yesterday": true}\n'
    indexes = [json.loads(line)["index"] for line in (tmp_path / "out.jsonl.partial").read_text(encoding="utf-8").splitlines()]
    assert indexes == list(range(len(indexes))) and indexes
    time.sleep(1)
    assert _survivors(workers) == set()


def test_a_directory_entry_that_is_not_a_regular_file_fails_alone(tmp_path: Path) -> None:
    """A FIFO among the scenario files was skipped silently; now it is a failed record and nothing hangs."""
    folder = tmp_path / "in"
    folder.mkdir()
    for data in scenario_dicts(2, seed=4):
        (folder / f"{data['id']}.json").write_text(json.dumps(data), encoding="utf-8")
    os.mkfifo(folder / "pipa.yaml")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "kemitraan_rules", "batch", str(folder), "-w", "1", "--no-progress", "--lang", "en"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)  # a FIFO read hangs
    assert result.returncode == 1, result.stderr[-2000:]
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    assert ["report" in r for r in records] == [False, True, True]  # sorted: pipa.yaml, s0.json, s1.json
    assert "not a regular file" in records[0]["error"]


def test_forked_workers_do_not_repeat_the_callers_buffered_output() -> None:
    """Output the caller buffered before the pool forked is written once: forked workers flush their copy on exit."""
    program = (
        "import sys\n"
        "from kemitraan_rules import evaluate_many\n"
        "from kemitraan_rules.synthetic import scenario_dicts\n"
        "if __name__ == '__main__':\n"
        "    sys.stdout.write('before-the-pool\\n')\n"  # stdout is a pipe: block-buffered, still in the buffer
        "    items = evaluate_many(scenario_dicts(4, seed=1), workers=2, chunksize=1)\n"
        "    sys.stdout.write(f'{sum(item.ok for item in items)} ok\\n')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == "before-the-pool\n4 ok\n"

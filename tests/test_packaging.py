"""A non-editable install ships the rulesets, the schemas and the compiled engine, and works from another directory;
the sdist carries the vendored engine sources, so building it needs only a C compiler."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.skipif(os.environ.get("KEMITRAAN_SKIP_PACKAGING") == "1", reason="packaging test disabled")
def test_wheel_install_works_from_another_directory(tmp_path: Path) -> None:
    """pip install (non-editable) into a fresh target, then evaluate an example from an unrelated folder."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(target), str(ROOT)],
        check=True,
        capture_output=True,
    )
    installed = target / "kemitraan_rules"
    assert (installed / "rulesets" / "catalogue.yaml").is_file()
    assert (installed / "schemas" / "scenario.schema.json").is_file()
    work = tmp_path / "elsewhere"
    work.mkdir()
    example = ROOT / "examples" / "scenarios" / "inti_plasma.yaml"
    code = (
        "import kemitraan_rules, sys; import kemitraan_rules._durable_engine; from kemitraan_rules import Engine;"
        f"assert kemitraan_rules.__file__.startswith({str(target)!r}), kemitraan_rules.__file__;"
        f"print(Engine().evaluate({str(example)!r}).best('legal').pattern);"
        # the engine is our compiled copy, whatever durable-rules may also be installed
        "assert 'durable' not in sys.modules and 'durable_rules_engine' not in sys.modules, sorted(sys.modules);"
        f"assert kemitraan_rules._durable_engine.__file__.startswith({str(target)!r})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=work, env={**os.environ, "PYTHONPATH": str(target)}, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "inti_plasma"


@pytest.mark.skipif(os.environ.get("KEMITRAAN_SKIP_PACKAGING") == "1", reason="packaging test disabled")
def test_wheel_and_sdist_contents(tmp_path: Path) -> None:
    """The wheel holds the extension, the vendored host, rulesets (subfolders too), schemas and the vendored licence;
    the sdist holds the C sources and headers, the licence and the patch list."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("kemitraan_rules-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert any(n.startswith("kemitraan_rules/_durable_engine.") and n.endswith((".so", ".pyd")) for n in names), sorted(names)
    for expected in (
        "kemitraan_rules/_durable/engine.py",
        "kemitraan_rules/rulesets/catalogue.yaml",
        "kemitraan_rules/rulesets/lifecycle/steps.yaml",
        "kemitraan_rules/rulesets/settings/network.yaml",
        "kemitraan_rules/schemas/scenario.schema.json",
    ):
        assert expected in names, expected
    assert any(n.endswith("licenses/vendor/durable_rules/LICENSE") for n in names)
    assert not any(n.startswith(("durable/", "durable_rules_engine")) for n in names)

    sdists = tmp_path / "sdist"
    code = f"from setuptools import build_meta; print(build_meta.build_sdist({str(sdists)!r}))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    with tarfile.open(sdists / result.stdout.strip().splitlines()[-1]) as archive:
        members = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for expected in (
        "setup.py",
        "vendor/durable_rules/LICENSE",
        "vendor/durable_rules/PATCHES.md",
        "vendor/durable_rules/src/rules/rete.c",
        "vendor/durable_rules/src/rules/rete.h",
        "vendor/durable_rules/src/rulespy/rules.c",
        "rulesets/lifecycle/steps.yaml",
        "kemitraan_rules/schemas/scenario.schema.json",
    ):
        assert expected in members, expected


def _install_into_venv(tmp_path: Path) -> Path:
    """A venv in ``tmp_path`` with this checkout installed non-editable into it; returns its python.

    The venv has no pip of its own; a ``.pth`` file lends it the test environment's dependencies (attrs, click, ...).
    A ``.pth`` inside a lent directory is not read, so an editable install of the checkout there does not leak in.
    """
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = Path(subprocess.run([str(python), "-c", code], check=True, capture_output=True, text=True).stdout.strip())
    lent = [path for path in sys.path if path.endswith("site-packages")]
    (purelib / "lent.pth").write_text("\n".join(lent) + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(purelib), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return python


@pytest.mark.skipif(os.environ.get("KEMITRAAN_SKIP_PACKAGING") == "1", reason="packaging test disabled")
def test_typed_client_passes_mypy_strict_and_types_are_seen(tmp_path: Path) -> None:
    """The installed package ships py.typed: mypy --strict passes the example client and catches a wrong type in it.

    The second check is what proves mypy reads the library's annotations: were the package untyped, every name
    would be Any and assigning a pattern id (str) to an int would pass.
    """
    python = _install_into_venv(tmp_path)
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "MYPYPATH")}
    code = "import kemitraan_rules; print(kemitraan_rules.__file__)"
    where = subprocess.run([str(python), "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, check=False)
    installed = Path(where.stdout.strip())
    assert installed.parent.joinpath("py.typed").is_file() and installed.is_relative_to(tmp_path), where.stdout + where.stderr
    client = (ROOT / "examples" / "typed_client" / "client.py").read_text(encoding="utf-8")
    work = tmp_path / "app"
    work.mkdir()
    (work / "client.py").write_text(client, encoding="utf-8")
    (work / "wrong.py").write_text(client.replace("drawback: str = warning.drawback", "drawback: int = warning.drawback"), encoding="utf-8")

    def mypy(name: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--python-executable", str(python), name]
        return subprocess.run(command, cwd=work, env=env, capture_output=True, text=True, check=False)

    good = mypy("client.py")
    assert good.returncode == 0, good.stdout + good.stderr
    wrong = mypy("wrong.py")
    expected = 'incompatible types in assignment (expression has type "str", variable has type "int")'
    assert wrong.returncode == 1 and expected in wrong.stdout.lower(), wrong.stdout

"""Network pictures use matplotlib's object-oriented API only: no pyplot state, no backend change."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kemitraan_rules import MissingExtraError
from kemitraan_rules.network import load_network

EXAMPLE = Path(__file__).parents[1] / "examples" / "networks" / "lkp_network.yaml"


def test_plot_returns_a_figure_and_never_touches_pyplot_or_the_backend(tmp_path: Path) -> None:
    """In a fresh interpreter with an interactive backend chosen, plotting and saving keep that backend, register no
    figure with pyplot (so a notebook shows the returned Figure once, not twice), and still write the file."""
    script = textwrap.dedent(
        f"""
        import sys
        import matplotlib
        matplotlib.use("template")  # stands for the notebook's inline backend: whatever it is, it must stay
        from matplotlib.figure import Figure
        from kemitraan_rules.network import load_network
        net = load_network({str(EXAMPLE)!r})
        figure = net.plot({str(tmp_path / "n.png")!r})
        figure2 = net.plot()
        pyplot = sys.modules.get("matplotlib.pyplot")  # networkx imports it; no figure may be registered there
        print(type(figure) is Figure, type(figure2) is Figure, matplotlib.get_backend(), len(pyplot.get_fignums()) if pyplot else 0)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["True", "True", "template", "0"]
    assert (tmp_path / "n.png").stat().st_size > 1000


def test_missing_matplotlib_names_the_plot_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib, plotting raises MissingExtraError naming kemitraan-rules[plot]."""
    net = load_network(EXAMPLE)
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"kemitraan-rules\[plot\]"):
        net.plot()
    assert "data:image/png" not in net._repr_html_()  # the display still works, without the picture

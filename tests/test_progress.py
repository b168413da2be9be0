"""evaluate_many(progress=True) shows a tqdm.auto bar (a widget in notebooks, text in a terminal)."""

from __future__ import annotations

from typing import Any

import pytest
import tqdm.auto

from kemitraan_rules import evaluate_many
from kemitraan_rules.synthetic import scenario_dicts


def test_progress_true_uses_tqdm_auto(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bar is tqdm.auto's, sized to the input, advanced once per scenario, and closed."""
    bars: list[Any] = []
    real = tqdm.auto.tqdm

    class Recording(real):  # type: ignore[misc, valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, disable=True, **kwargs)
            self.updates: list[int] = []
            self.closed_by_us = False
            bars.append(self)

        def update(self, n: float | None = 1) -> bool | None:
            self.updates.append(int(n or 0))
            return super().update(n)

        def close(self) -> None:
            self.closed_by_us = True
            super().close()

    monkeypatch.setattr(tqdm.auto, "tqdm", Recording)
    items = evaluate_many(scenario_dicts(3), workers=1, progress=True)
    assert len(items) == 3 and len(bars) == 1
    assert bars[0].total == 3 and sum(bars[0].updates) == 3 and bars[0].closed_by_us

"""Generate ``rulesets/tests/generated_coverage.yaml``: scenario tests that make every built-in rule fire.

Why: the built-in rulesets must come with at least one scenario test per rule (issue 3), and writing ~200 scenarios
by hand would cost more than it proves.  This script evaluates a few hand-made scenarios (for rules that random
scenarios rarely reach) and a seeded pool of synthetic ones, then picks a small set that together fires every rule
(greedy set cover) and writes one test per picked scenario with ``fired:`` listing the rules it is there to cover.
Hand-written tests with richer expectations (top pattern, warnings, preconditions) live beside it in
``rulesets/tests/``.  Re-run after changing the built-in rules:

    python tools/generate_builtin_rule_tests.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kemitraan_rules.engine import Engine  # noqa: E402
from kemitraan_rules.synthetic import scenario_dicts  # noqa: E402

OUTPUT = ROOT / "rulesets" / "tests" / "generated_coverage.yaml"


def _party(pid: str, kind: str, scale: str, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "kind": kind, "scale": scale, **extra}


#: Scenarios for rules that the synthetic pool seldom reaches (a core-plasma package, venture capital, ...).
HAND_MADE: list[dict[str, Any]] = [
    {
        "id": "inti_plasma_paket_lengkap",
        "parties": [
            _party("plasma", "usaha_kecil", "kecil", market_access="rendah", capital="rendah"),
            _party("inti", "dudi", "besar", capital="tinggi", market_access="tinggi"),
        ],
        "relationship": {
            "seeker": "plasma",
            "candidate": "inti",
            "provides": {"inti": ["bimbingan_teknis", "sarana_produksi", "pembelian_hasil", "pemasaran_hasil"]},
            "shares": {"plasma": 0.9},
            "exclusivity": True,
            "rules_set_by": "inti",
            "decisions_by": "inti",
        },
    },
    {
        "id": "modal_ventura_sebagai_pencari",
        "parties": [
            _party("mv", "perusahaan_modal_ventura", "besar"),
            _party("uk", "usaha_kecil", "kecil"),
        ],
        "relationship": {"seeker": "mv", "candidate": "uk", "provides": {"mv": ["penyertaan_modal"]}},
    },
    {
        "id": "modal_ventura_sebagai_calon",
        "parties": [
            _party("uk", "usaha_kecil", "kecil"),
            _party("mv", "perusahaan_modal_ventura", "besar"),
        ],
        "relationship": {"seeker": "uk", "candidate": "mv", "provides": {"mv": ["penyertaan_modal"]}},
    },
    {
        "id": "kekuatan_sebanding",
        "parties": [
            _party("a", "lkp", "kecil", capital="sedang", people="sedang", technology="sedang", management="sedang"),
            _party("b", "lkp", "kecil", capital="sedang", people="sedang", technology="sedang", management="sedang"),
        ],
        "relationship": {"seeker": "a", "candidate": "b", "provides": {"a": ["instruktur"], "b": ["fasilitas"]}},
    },
    {
        "id": "kredit_bank_bukan_modal_ventura",
        "parties": [_party("uk", "usaha_kecil", "kecil", capital="rendah"), _party("bank", "bank", "besar")],
        "relationship": {"seeker": "uk", "candidate": "bank", "provides": {"bank": ["kredit"]}},
    },
    {
        "id": "dagang_antara_pihak_tanpa_peringkat",
        "parties": [
            {"id": "toko", "kind": "usaha_kecil", "needs": ["pasokan_kebutuhan"], "offers": ["pembelian_hasil"]},
            {"id": "pkbm", "kind": "pkbm", "needs": ["pembelian_hasil"], "offers": ["pasokan_kebutuhan"]},
        ],
        "relationship": {"seeker": "pkbm", "candidate": "toko", "provides": {"toko": ["pembelian_hasil"], "pkbm": ["pasokan_kebutuhan"]}},
    },
    {
        "id": "waralaba_penerima_menengah_luar_ibukota",
        "parties": [
            _party("penerima", "usaha_kecil", "menengah", in_provincial_capital=False),
            _party("pemberi", "dudi", "besar", in_provincial_capital=True),
        ],
        "relationship": {
            "seeker": "penerima",
            "candidate": "pemberi",
            "provides": {"pemberi": ["lisensi_merek", "saluran_distribusi", "bimbingan_manajemen"]},
        },
    },
]


def main() -> None:
    engine = Engine()
    rule_ids = [r.id for r in engine.rulebase.rules]
    pool = HAND_MADE + scenario_dicts(3000, seed=7, parties=(2, 4)) + scenario_dicts(300, seed=3, parties=1)
    fired: list[set[str]] = [set(engine.evaluate(s).fired) for s in pool]
    uncovered = set(rule_ids)
    picked: list[tuple[dict[str, Any], list[str]]] = []
    # Hand-made scenarios first (they document themselves), then greedy cover by the pool.
    for scenario, rules in zip(pool[: len(HAND_MADE)], fired[: len(HAND_MADE)], strict=True):
        new = sorted(rules & uncovered)
        if new:
            picked.append((scenario, new))
            uncovered -= rules
    while uncovered:
        best = max(range(len(pool)), key=lambda i: len(fired[i] & uncovered))
        new = sorted(fired[best] & uncovered)
        if not new:
            break
        picked.append((pool[best], new))
        uncovered -= fired[best]
    if uncovered:
        print("not covered:", ", ".join(sorted(uncovered)), file=sys.stderr)
    tests = [
        {"name": f"covers_{index:02d}_{scenario['id']}", "scenario": scenario, "expect": {"fired": rules}}
        for index, (scenario, rules) in enumerate(picked, 1)
    ]
    yaml = YAML()
    yaml.default_flow_style = None
    yaml.width = 120
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8") as handle:
        handle.write("# Generated by tools/generate_builtin_rule_tests.py: one expectation per built-in rule.\n")
        handle.write("# Re-run the script after changing the built-in rules; hand-written tests go in other files.\n")
        yaml.dump({"description": "coverage of every built-in rule", "tests": tests}, handle)
    print(f"{len(tests)} tests covering {len(rule_ids) - len(uncovered)} of {len(rule_ids)} rules -> {OUTPUT}")


if __name__ == "__main__":
    main()

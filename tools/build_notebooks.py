"""Write the example notebooks in ``examples/notebooks/`` from the cells below and execute them, storing outputs.

Why a script: notebooks are JSON that nobody reviews well; their source lives here as plain Python, and a re-run
after a library change refreshes the stored outputs.  CI runs the stored notebooks with nbmake (``./dev test``).

    python tools/build_notebooks.py            # write and execute all three (about a minute)
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

HERE = Path(__file__).resolve().parents[1] / "examples" / "notebooks"

TOUR = [
    (
        "md",
        """# Tur: satu LKP, beberapa calon mitra / A tour: one LKP, several candidate partners

LKP Tata Busana *Melati* (kecil, modal rendah) mencari mitra. Kita menilai beberapa calon mitra, menjelaskan
rekomendasinya, mencoba "bagaimana jika", mencari apa yang harus berubah agar pola lain direkomendasikan, dan
menyusun tabel hasilnya.

*A small sewing course centre looks for a partner: evaluate several candidates, explain, ask what-if, find what
would have to change, and tabulate the results.*""",
    ),
    (
        "code",
        """from kemitraan_rules import Engine, load_scenario

engine = Engine()            # compiles the built-in rulesets: build it once, reuse it
base = load_scenario("../scenarios/pola_asuh.yaml")
report = engine.evaluate(base)
print(report.render("en")[:1500])""",
    ),
    ("md", "## Explain: why is *waralaba* (franchise) not recommended?"),
    (
        "code",
        """why = report.why_not("waralaba")
print("recommended:", why.recommended, "score:", why.score, "threshold:", why.threshold)
for failed in why.failed_conditions[:5]:
    print("-", failed)""",
    ),
    ("md", "## Several candidate partners\n\nThe same LKP, five candidates that differ in scale and in what they provide."),
    (
        "code",
        """import copy

candidates = {
    "garment firm: instructors, technology": {"scale": "besar", "capital": "tinggi", "provides": ["instruktur", "bimbingan_teknis", "teknologi", "job_order"]},
    "garment firm: means, guidance, marketing": {"scale": "besar", "capital": "tinggi", "provides": ["sarana_produksi", "bimbingan_teknis", "pemasaran_hasil"]},
    "medium tailor: buys the output": {"scale": "menengah", "capital": "sedang", "provides": ["pembelian_hasil"]},
    "investor: equity": {"scale": "besar", "capital": "tinggi", "provides": ["penyertaan_modal"]},
    "brand owner: licence": {"scale": "besar", "capital": "tinggi", "provides": ["lisensi_merek", "saluran_distribusi", "bimbingan_manajemen"]},
}
data = base.to_dict()
seeker, candidate = data["relationship"]["seeker"], data["relationship"]["candidate"]
reports = {}
for name, change in candidates.items():
    variant = copy.deepcopy(data)
    partner = next(party for party in variant["parties"] if party["id"] == candidate)
    partner["scale"], partner["capital"] = change["scale"], change["capital"]
    variant["relationship"]["provides"] = {candidate: change["provides"], seeker: ["tenaga_kerja"]}
    reports[name] = engine.evaluate(variant)

def best(rep, layer):
    found = rep.best(layer)
    return None if found is None else found.pattern

rows = [(name, best(rep, "legal"), best(rep, "family"), rep.partnership_status, len(rep.warnings)) for name, rep in reports.items()]
for row in rows:
    print(row)""",
    ),
    ("md", "## What if there were no agreement yet?\n\nChange one field and compare."),
    (
        "code",
        """unsigned = copy.deepcopy(data)
unsigned["relationship"]["agreement"] = "belum_ada"
after = engine.evaluate(unsigned)
print("mou_ditandatangani ->", report.partnership_status, [p.id + ":" + p.status for p in report.preconditions])
print("belum_ada          ->", after.partnership_status, [p.id + ":" + p.status for p in after.preconditions])
print("next steps:", after.next_steps)""",
    ),
    (
        "md",
        """## Counterfactual: what would make *subkontrak* the recommendation?

`why_not` lists the conditions of the supporting rules that failed; satisfying one of them is a candidate change.
Here the LKP would produce components for the firm's own production.""",
    ),
    (
        "code",
        """print("before:", report.why_not("subkontrak").recommended)
for failed in report.why_not("subkontrak").failed_conditions[:4]:
    print("  failed:", failed)
component = copy.deepcopy(data)
component["relationship"]["provides"] = {candidate: ["bimbingan_teknis", "bahan_baku"], seeker: ["komponen"]}
changed = engine.evaluate(component)
print("after:", changed.why_not("subkontrak").recommended, "| best legal:", best(changed, "legal"))""",
    ),
    ("md", "## Table of results"),
    (
        "code",
        """import pandas as pd

table = pd.DataFrame(rows, columns=["candidate", "legal", "family", "status", "warnings"]).set_index("candidate")
table""",
    ),
]

NETWORK = [
    (
        "md",
        """# Jaringan regional / A regional network

Sebuah kabupaten: 45 lembaga dan mitra, 80 kemitraan (dibangkitkan dengan benih tetap agar hasilnya sama setiap
kali). Kita mengukur kekuatan jaringan, ketergantungan, dan apa yang berhenti bila satu mitra inti gagal.

*A district of 45 institutions and partners (seeded synthetic data): strength, dependency, and the cascade when a
core partner fails.*""",
    ),
    (
        "code",
        """from kemitraan_rules.network import PartnerNetwork
from kemitraan_rules.synthetic import random_network_data

net = PartnerNetwork.from_dict(random_network_data(45, 80, seed=3))
summary = net.summary()
print(summary["parties"], "parties,", summary["partnerships"], "partnerships")""",
    ),
    ("md", "## Strength and dependency of each institution"),
    (
        "code",
        """import pandas as pd

rows = []
for party in net.parties:
    strength, dependency = net.strength(party), net.dependency(party)
    rows.append({"party": party, "kind": net.graph.nodes[party].get("kind"), "strength": strength.ratio,
                 "partners": len(strength.partners), "dependency share": dependency.total_share, "HHI": dependency.hhi})
table = pd.DataFrame(rows).set_index("party").sort_values("HHI", ascending=False)
table.head(10)""",
    ),
    ("md", "## Single points of failure, and the cascade when the biggest one fails"),
    (
        "code",
        """points = net.single_points_of_failure()
for point in points[:5]:
    print(point)
core = points[0].party if points else max(net.parties, key=lambda p: net.graph.degree(p))
cascade = net.cascade([core])
print(f"if {core} fails, {len(cascade.stopped)} parties stop:")
for stop in cascade.stops[:8]:
    print(" ", net.explain(stop, lang="en"))""",
    ),
    ("md", "## Findings (the report's warnings, from the network)"),
    (
        "code",
        """for finding in net.findings()[:8]:
    print(f"[{finding.severity}] {finding.drawback}: {finding.reason['en']}")""",
    ),
    ("md", "## Picture"),
    (
        "code",
        """import matplotlib.pyplot as plt

figure = net.plot(lang="en", title="District network (synthetic, seed 3)")
plt.close(figure)   # the notebook shows the returned figure once
figure""",
    ),
]

RULES = [
    (
        "md",
        """# Menulis aturan baru / Writing a new rule

Dinas Pendidikan sebuah daerah ingin menambah satu pola: *magang industri* (peserta kursus magang di industri yang
memberi *job order*). Kita menulis aturannya, memeriksa (check), mencari kesalahan yang mungkin (lint), mengujinya
dengan skenario, lalu melihatnya di laporan.

*A regional office adds a pattern: write the rule, check it, lint it, test it with a scenario, see it in a report.*""",
    ),
    (
        "code",
        """import tempfile
from pathlib import Path

folder = Path(tempfile.mkdtemp()) / "aturan_daerah"
(folder / "tests").mkdir(parents=True)
(folder / "magang.yaml").write_text('''ruleset: aturan_daerah
version: "1.0.0"
concepts:
  pattern:
    magang_industri:
      layer: legal
      label: {id: "Magang industri", en: "Industry apprenticeship"}
      description: {id: "Peserta kursus magang di industri.", en: "Course learners apprentice in industry."}
rules:
  - id: daerah.magang
    when:
      - larger.provides: job_order
      - smaller.kind: {in: [lkp, pkbm]}
    then:
      - recommend: {pattern: magang_industri, weight: 5}
    text: {id: "Industri memberi job order kepada lembaga kursus.", en: "Industry gives job orders to a course centre."}
    source: {author: "Dinas Pendidikan", year: 2024}
''', encoding="utf-8")
print(folder)""",
    ),
    ("md", "## Check: structure, fields, operators, value types"),
    (
        "code",
        """from kemitraan_rules import authoring

result = authoring.check([folder])
print(len(result.files), "files,", len(result.problems), "problems")""",
    ),
    ("md", "A typo is caught with its file, line and column, and a suggestion:"),
    (
        "code",
        """broken = folder.parent / "rusak"
broken.mkdir()
(broken / "typo.yaml").write_text((folder / "magang.yaml").read_text().replace("larger.provides", "larger.provide"), encoding="utf-8")
for problem in authoring.check([broken]).problems:
    print(authoring.format_problem(problem))""",
    ),
    ("md", "## Lint: valid but probably wrong"),
    (
        "code",
        """lint = authoring.lint([folder])
print(len(lint.problems), "problems,", len(lint.warnings), "warnings")
for warning in lint.warnings:
    print(warning)""",
    ),
    ("md", "## Test with a scenario written beside the rule"),
    (
        "code",
        """(folder / "tests" / "magang.yaml").write_text('''tests:
  - name: hotel_gives_job_orders
    scenario:
      parties:
        - {id: lkp, kind: lkp, scale: kecil}
        - {id: hotel, kind: dudi, scale: besar}
      relationship: {seeker: lkp, candidate: hotel, provides: {hotel: [job_order]}}
    expect:
      recommended: [magang_industri]
      fired: [daerah.magang]
''', encoding="utf-8")
run = authoring.run_scenario_tests([folder])
for test in run.results:
    print(test.name, "passed" if test.passed else test.failures)""",
    ),
    ("md", "## See it in a report"),
    (
        "code",
        """from kemitraan_rules import Engine
from kemitraan_rules.rules import builtin

engine = Engine([builtin(), folder])
report = engine.evaluate({
    "id": "kursus_dan_hotel",
    "parties": [{"id": "lkp", "kind": "lkp", "scale": "kecil"}, {"id": "hotel", "kind": "dudi", "scale": "besar"}],
    "relationship": {"seeker": "lkp", "candidate": "hotel", "provides": {"hotel": ["job_order"]}},
})
print(report.best("legal").pattern)
print(authoring.show_rules(engine.rulebase, "daerah.magang", lang="en"))""",
    ),
]


def build(name: str, cells: list[tuple[str, str]]) -> Path:
    """Write notebook ``name`` from ``cells`` and execute it in its own folder, keeping the outputs."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, source in cells:
        notebook.cells.append(nbformat.v4.new_markdown_cell(source) if kind == "md" else nbformat.v4.new_code_cell(source))
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(HERE)}}).execute()
    path = HERE / name
    nbformat.write(notebook, path)
    return path


def main() -> int:
    HERE.mkdir(parents=True, exist_ok=True)
    for name, cells in (("01_tour.ipynb", TOUR), ("02_regional_network.ipynb", NETWORK), ("03_writing_a_rule.ipynb", RULES)):
        print(build(name, cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())

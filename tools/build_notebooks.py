"""Write the example notebooks in ``examples/notebooks/`` from the cells below and execute them, storing outputs.

Why a script: notebooks are JSON that nobody reviews well; their source lives here as plain Python, and a re-run
after a library change refreshes the stored outputs.  CI runs the stored notebooks with nbmake (``./dev test``).

    python tools/build_notebooks.py                   # write and execute all three (about a minute)
    python tools/build_notebooks.py 01_tour.ipynb     # only the notebooks named
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
rekomendasinya, mencoba "bagaimana jika" (`engine.what_if`), mencari apa yang harus berubah agar pola lain
direkomendasikan (`engine.counterfactual`), menyapu satu per satu nilai masukan (`engine.sensitivity`), dan menyusun
tabel hasilnya (`kemitraan_rules.tables.reports_to_frame`).

*A small sewing course centre looks for a partner: evaluate several candidates, explain, ask what-if, find what
would have to change, sweep the inputs, and tabulate the results, each with the library's own API.*""",
    ),
    (
        "code",
        """from kemitraan_rules import Engine, load_scenario, options

options.lang = "en"  # the language of the notebook displays (Indonesian by default)
engine = Engine()  # compiles the built-in rulesets: build it once, reuse it
base = load_scenario("../scenarios/pola_asuh.yaml")
report = engine.evaluate(base)
print(report.render("en")[:1500])""",
    ),
    (
        "md",
        """## Explain: why is *waralaba* (franchise) not recommended?""",
    ),
    (
        "code",
        """why = report.why_not("waralaba")
why  # a notebook shows the score against the threshold, the rules against and the conditions that failed""",
    ),
    (
        "md",
        """## Several candidate partners

The same LKP, five candidates that differ in scale and in what they provide. `engine.what_if(scenario, changes)`
takes dotted paths (`parties.<id>.scale`, `relationship.provides.<id>`) and returns the new report and what changed.""",
    ),
    (
        "code",
        """from kemitraan_rules.tables import reports_to_frame

seeker, candidate = base.relationship.seeker, base.relationship.candidate
candidates = {
    "garment firm: instructors, technology": ("besar", "tinggi", ["instruktur", "bimbingan_teknis", "teknologi", "job_order"]),
    "garment firm: means, guidance, marketing": ("besar", "tinggi", ["sarana_produksi", "bimbingan_teknis", "pemasaran_hasil"]),
    "medium tailor: buys the output": ("menengah", "sedang", ["pembelian_hasil"]),
    "investor: equity": ("besar", "tinggi", ["penyertaan_modal"]),
    "brand owner: licence": ("besar", "tinggi", ["lisensi_merek", "saluran_distribusi", "bimbingan_manajemen"]),
}
reports = {}
for name, (scale, capital, provides) in candidates.items():
    reports[name], _ = engine.what_if(
        base,
        {
            f"parties.{candidate}.scale": scale,
            f"parties.{candidate}.capital": capital,
            f"relationship.provides.{candidate}": provides,
            f"relationship.provides.{seeker}": ["tenaga_kerja"],
        },
    )
for name, found in reports.items():
    print(f"{name}: {found!r}")  # one line each: best patterns, status, counts""",
    ),
    (
        "md",
        """## Table of results

`reports_to_frame` gives one row per report: status, best pattern and score of each layer, counts and warnings.""",
    ),
    (
        "code",
        """table = reports_to_frame(reports.values())
table.index = list(reports)
table[["best_legal", "best_family", "partnership_status", "warning_count", "warnings"]]""",
    ),
    (
        "md",
        """## What if there were no agreement yet?

`what_if` returns the new report and a `ReportDiff`: the input changes, patterns that moved, warnings that came or
went and the assessments that changed. A notebook shows it, like the report and the why-not, in the language of
`kemitraan_rules.options.lang`.""",
    ),
    (
        "code",
        """after, diff = engine.what_if(base, {"relationship.agreement": "belum_ada"})
diff""",
    ),
    (
        "md",
        """## Counterfactual: what would make *subkontrak* the recommendation?

`engine.counterfactual` searches the smallest sets of input changes (here at most two) that get a pattern
recommended, starting from the conditions `why_not` reports as failed.""",
    ),
    (
        "code",
        """answers = engine.counterfactual(base, "subkontrak", max_changes=2, limit=3)
for answer in answers:
    print(answer.render("en"))""",
    ),
    (
        "md",
        """## Sensitivity: which single input moves the result?

`engine.sensitivity` tries every other allowed value of the given fields, one at a time, and tabulates what
changed (a pandas DataFrame; all fields of both parties and the relationship when no field is given).""",
    ),
    (
        "code",
        """sweep = engine.sensitivity(base, ["relationship.agreement", "relationship.trust", f"parties.{candidate}.scale"])
sweep[["field", "value", "previous", "status_after", "best_family", "best_legal"]]""",
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


NOTEBOOKS = {"01_tour.ipynb": TOUR, "02_regional_network.ipynb": NETWORK, "03_writing_a_rule.ipynb": RULES}


def main(names: list[str]) -> int:
    """Build the notebooks named (all three when none is): a change to one need not re-run the others."""
    unknown = sorted(set(names) - set(NOTEBOOKS))
    if unknown:
        print(f"unknown notebook(s): {', '.join(unknown)} (known: {', '.join(NOTEBOOKS)})", file=sys.stderr)
        return 2
    HERE.mkdir(parents=True, exist_ok=True)
    for name in names or list(NOTEBOOKS):
        print(build(name, NOTEBOOKS[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

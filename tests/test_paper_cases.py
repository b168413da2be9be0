"""Small scenarios written straight from statements of the paper (and the sources it cites), each pinned to the
engine's conclusion.  The statement each test encodes is its docstring."""

from __future__ import annotations

from typing import Any

import pytest

from kemitraan_rules import Engine, scenario_from_dict
from kemitraan_rules.report import Report


def party(pid: str, kind: str, **fields: Any) -> dict[str, Any]:
    return {"id": pid, "kind": kind, **fields}


SMALL = dict(scale="kecil", capital="rendah", people="sedang", technology="sedang", management="sedang")
STRONG = dict(capital="tinggi", people="tinggi", technology="tinggi", management="tinggi")


def run(engine: Engine, small: dict[str, Any], large: dict[str, Any], *, extra: list[dict[str, Any]] = (), **rel: Any) -> Report:
    """Evaluate a scenario in which ``small`` seeks ``large``; ``provides_small``/``provides_large`` fill provides."""
    provides = {}
    if "provides_small" in rel:
        provides[small["id"]] = rel.pop("provides_small")
    if "provides_large" in rel:
        provides[large["id"]] = rel.pop("provides_large")
    for key in ("shares", "gains"):
        if key in rel:
            rel[key] = {small["id"] if who == "small" else large["id"]: value for who, value in rel[key].items()}
    for key in ("rules_set_by", "decisions_by", "bound"):
        if rel.get(key) in ("small", "large"):
            rel[key] = small["id"] if rel[key] == "small" else large["id"]
    data = {
        "id": "kasus",
        "parties": [small, large, *extra],
        "relationship": {"seeker": small["id"], "candidate": large["id"], "provides": provides, **rel},
    }
    return engine.evaluate(scenario_from_dict(data))


def best(report: Report, layer: str) -> str | None:
    entry = report.best(layer)
    return entry.pattern if entry is not None else None


# --- patterns: strategy families (Kamil 2010) ----------------------------------------------------------------------


def test_pola_asuh_big_nurtures_small(engine: Engine) -> None:
    """Pola asuh: the bigger one in capital, people and technology nurtures the smaller, still to mutual benefit."""
    report = run(
        engine,
        party("lkp", "lkp", **SMALL, needs=["instruktur"], offers=["tenaga_kerja"]),
        party("pt", "dudi", scale="besar", **STRONG, needs=["tenaga_kerja"]),
        provides_large=["bimbingan_teknis", "instruktur", "teknologi"],
        provides_small=["tenaga_kerja"],
    )
    assert best(report, "family") == "pola_asuh"


def test_pola_sejajar_partner_markets_and_group_supplies(engine: Engine) -> None:
    """Pola sejajar: the partner firm markets the group's output and the group supplies the firm's needs."""
    report = run(
        engine,
        party("ud", "usaha_kecil", scale="kecil", capital="sedang", people="sedang", technology="sedang", management="sedang"),
        party("cv", "dudi", scale="kecil", capital="sedang", people="sedang", technology="sedang", management="sedang"),
        provides_large=["pemasaran_hasil"],
        provides_small=["pasokan_kebutuhan"],
    )
    assert best(report, "family") == "pola_sejajar"
    assert report.recommendation("pola_asuh").score < 0


def test_pola_klaster_craftsmen_fostered_in_four_ways(engine: Engine) -> None:
    """Pola klaster: a group of craftsmen acting as a cluster is fostered with funds, materials, guidance, technology."""
    report = run(
        engine,
        party("kelompok", "kelompok_usaha", scale="mikro", members=20, capital="rendah", technology="rendah", management="rendah"),
        party("pt", "dudi", scale="besar", **STRONG),
        provides_large=["dana", "bahan_baku", "bimbingan_teknis", "bimbingan_manajemen", "teknologi"],
    )
    assert best(report, "family") == "pola_klaster"
    assert report.recommendation("pola_klaster").score > report.recommendation("pola_asuh").score


def test_pola_klaster_fostered_by_an_institution(engine: Engine) -> None:
    """Pola klaster: the fostering partner may be an institution (here a government office giving teaching materials and guidance)."""
    report = run(
        engine,
        party("paud", "kelompok_usaha", members=8, capital="rendah", technology="rendah"),
        party("dinas", "dinas_pendidikan", capital="tinggi", technology="sedang", people="tinggi"),
        provides_large=["bahan_ajar", "bimbingan_manajemen", "pelatihan"],
    )
    assert best(report, "family") == "pola_klaster"
    assert best(report, "legal") is None


# --- patterns: UU 9/1995 art. 27 -----------------------------------------------------------------------------------


def test_inti_plasma_core_supplies_means_guidance_and_markets(engine: Engine) -> None:
    """Inti plasma: the large core provides production means and technical guidance up to marketing the output."""
    report = run(
        engine,
        party("petani", "usaha_kecil", **SMALL),
        party("pt", "dudi", scale="besar", **STRONG),
        provides_large=["sarana_produksi", "bimbingan_teknis", "pemasaran_hasil"],
        provides_small=["pasokan_kebutuhan"],
    )
    assert best(report, "legal") == "inti_plasma"


def test_subkontrak_components_for_large_production(engine: Engine) -> None:
    """Subkontrak: a small firm produces components the large firm needs for its production; Kamil files it under pola asuh."""
    report = run(
        engine,
        party("bengkel", "usaha_kecil", **SMALL),
        party("pt", "dudi", scale="besar", **STRONG),
        provides_small=["komponen"],
        provides_large=["bahan_baku", "bimbingan_teknis"],
    )
    assert best(report, "legal") == "subkontrak"
    assert best(report, "family") == "pola_asuh"


def test_dagang_umum_large_firm_markets_small_output(engine: Engine) -> None:
    """Dagang umum: a medium or large firm markets the small firm's output."""
    report = run(
        engine,
        party("ukm", "usaha_kecil", **SMALL),
        party("pt", "dudi", scale="menengah", **STRONG),
        provides_large=["pemasaran_hasil"],
    )
    assert best(report, "legal") == "dagang_umum"


def test_dagang_umum_small_firm_supplies_needs(engine: Engine) -> None:
    """Dagang umum: or the small firm supplies what its medium or large partner needs."""
    report = run(
        engine,
        party("ukm", "usaha_kecil", **SMALL),
        party("pt", "dudi", scale="besar", **STRONG),
        provides_small=["pasokan_kebutuhan"],
    )
    assert best(report, "legal") == "dagang_umum"


def test_keagenan_special_right_to_market(engine: Engine) -> None:
    """Keagenan: a small firm is given a special right to market the goods and services of a large principal."""
    report = run(
        engine,
        party("toko", "usaha_kecil", **SMALL),
        party("pt", "dudi", scale="besar", **STRONG),
        provides_large=["hak_pemasaran_eksklusif"],
        provides_small=["jasa_pemasaran"],
    )
    assert best(report, "legal") == "keagenan"
    assert best(report, "family") == "pola_sejajar"


def test_modal_ventura_equity_participation(engine: Engine) -> None:
    """Modal ventura: a firm finances its partner business on the principle of equity participation."""
    report = run(
        engine,
        party("ukm", "usaha_kecil", **SMALL),
        party("pmv", "perusahaan_modal_ventura", scale="menengah", **STRONG),
        provides_large=["penyertaan_modal"],
    )
    assert best(report, "legal") == "modal_ventura"


def test_modal_ventura_soft_loan(engine: Engine) -> None:
    """Modal ventura: the financing may take the form of a loan with softer repayment and return terms."""
    report = run(
        engine,
        party("ukm", "usaha_kecil", **SMALL),
        party("pmv", "perusahaan_modal_ventura", **STRONG),
        provides_large=["pinjaman_lunak"],
    )
    assert best(report, "legal") == "modal_ventura"


def test_waralaba_capable_small_franchisee_comes_first(engine: Engine) -> None:
    """PP 26/1997 art. 7(1): a franchisor gives capable small firms the first chance to be franchisees."""
    report = run(
        engine,
        party("lkp", "lkp", scale="kecil", capital="sedang", management="tinggi", in_provincial_capital=True),
        party("pt", "dudi", scale="besar", **STRONG),
        provides_large=["lisensi_merek", "saluran_distribusi", "bimbingan_manajemen"],
    )
    assert best(report, "legal") == "waralaba"
    assert "waralaba.usaha_kecil_mampu_didahulukan" in {r.id for r in report.recommendation("waralaba").supporting}


def test_waralaba_large_franchisee_outside_provincial_capital_is_barred(engine: Engine) -> None:
    """PP 26/1997 art. 7(2): outside a provincial capital, franchise expansion goes only through small business."""
    report = run(
        engine,
        party(
            "penerima",
            "dudi",
            scale="besar",
            capital="tinggi",
            people="sedang",
            technology="sedang",
            management="sedang",
            in_provincial_capital=False,
        ),
        party("pemberi", "dudi", scale="besar", **STRONG),
        provides_large=["lisensi_merek", "saluran_distribusi", "bimbingan_manajemen"],
    )
    entry = report.recommendation("waralaba")
    assert entry.excluded and not entry.recommended
    assert best(report, "legal") != "waralaba"


def test_waralaba_bar_holds_whichever_party_is_stronger(engine: Engine) -> None:
    """The PP 26/1997 bar follows the franchisee, even when the franchisee is the stronger of the two."""
    report = run(
        engine,
        party("pemberi", "dudi", scale="menengah", capital="sedang", people="sedang", technology="sedang", management="sedang"),
        party("penerima", "dudi", scale="besar", **STRONG, in_provincial_capital=False),
        provides_small=["lisensi_merek", "saluran_distribusi"],
    )
    assert report.recommendation("waralaba").excluded


def test_medium_franchisee_in_provincial_capital_is_not_barred_but_not_preferred(engine: Engine) -> None:
    """The art. 7(2) bar is about regencies outside the provincial capital; inside it a non-small franchisee is only counted against."""
    report = run(
        engine,
        party(
            "penerima",
            "dudi",
            scale="menengah",
            capital="sedang",
            people="sedang",
            technology="sedang",
            management="tinggi",
            in_provincial_capital=True,
        ),
        party("pemberi", "dudi", scale="besar", **STRONG),
        provides_large=["lisensi_merek", "saluran_distribusi"],
    )
    entry = report.recommendation("waralaba")
    assert not entry.excluded
    assert "waralaba.penerima_bukan_usaha_kecil" in {r.id for r in entry.against}


def test_uu_patterns_need_a_medium_or_large_partner(engine: Engine) -> None:
    """UU 9/1995: its partnerships are between a small business and a medium or large one; two small firms are outside
    its scope (not barred: the law does not speak of them), so none of its patterns is recommended."""
    report = run(
        engine,
        party("a", "usaha_kecil", scale="mikro", capital="rendah"),
        party("b", "usaha_kecil", scale="kecil", capital="sedang"),
        provides_large=["sarana_produksi", "bimbingan_teknis", "pemasaran_hasil"],
    )
    for pattern in ("inti_plasma", "subkontrak", "dagang_umum", "waralaba", "keagenan"):
        entry = report.recommendation(pattern)
        assert entry.out_of_scope and not entry.excluded and not entry.recommended, pattern
    assert best(report, "legal") is None


def test_lkp_and_school_sharing_learners_get_no_legal_pattern(engine: Engine) -> None:
    """An LKP and a school exchanging learners and facilities is a partnership, but not a business pattern of UU 9/1995."""
    report = run(
        engine,
        party("lkp", "lkp", capital="sedang", people="sedang", needs=["peserta_didik"], offers=["pelatihan"], vision=["keterampilan"]),
        party(
            "smk", "sekolah", capital="sedang", people="tinggi", needs=["pelatihan"], offers=["peserta_didik", "fasilitas"], vision=["keterampilan"]
        ),
        provides_large=["peserta_didik", "fasilitas"],
        provides_small=["pelatihan"],
        agreement="mou_ditandatangani",
    )
    assert best(report, "legal") is None
    assert all(r.score < 2 for r in report.layer("legal"))
    assert report.partnership_status == "partnership"


# --- preconditions, principles and elements (Kemendiknas 2010) -----------------------------------------------------


def test_no_candidate_means_no_second_party(engine: Engine) -> None:
    """A partnership needs two or more parties: an institution without a candidate partner must map and explore first."""
    data = {"id": "sendiri", "parties": [party("lkp", "lkp", scale="kecil")], "relationship": {"seeker": "lkp"}}
    report = engine.evaluate(scenario_from_dict(data))
    assessment = report.assessment("precondition", "dua_pihak_atau_lebih")
    assert assessment.status == "unmet"
    assert "pemetaan" in report.next_steps


@pytest.mark.parametrize(
    ("agreement", "status"),
    [("belum_ada", "unmet"), ("penjajagan", "unmet"), ("draf_mou", "met"), ("mou_ditandatangani", "met")],
)
def test_exploration_is_not_yet_an_agreement(engine: Engine, agreement: str, status: str) -> None:
    """The agreement precondition: roles set down in an MoU (draft or signed); exploring together is not an agreement yet."""
    report = run(engine, party("lkp", "lkp", **SMALL), party("pt", "dudi", scale="besar", **STRONG), agreement=agreement)
    assert report.assessment("precondition", "kesepakatan").status == status


def test_shared_vision_and_mutual_need(engine: Engine) -> None:
    """Shared vision and mutual need are preconditions: differing visions and unanswered needs leave both unmet."""
    report = run(
        engine,
        party("lkp", "lkp", **SMALL, needs=["job_order"], vision=["literasi_digital"]),
        party("hotel", "dudi", scale="menengah", **STRONG, needs=["tenaga_kerja"], vision=["pariwisata"]),
    )
    assert report.assessment("precondition", "kesamaan_visi_misi").status == "unmet"
    assert report.assessment("precondition", "saling_membutuhkan").status == "unmet"
    assert report.assessment("principle", "kesamaan_visi_misi").status == "unmet"


def test_principles_from_trust_communication_commitment_and_roles(engine: Engine) -> None:
    """Trust, two-way communication, strong commitment and agreeing who does what are principles of partnership."""
    good = run(
        engine,
        party("lkp", "lkp", **SMALL),
        party("pt", "dudi", scale="besar", **STRONG),
        trust="tinggi",
        two_way_communication=True,
        commitment="tinggi",
        roles_agreed=True,
        gains={"small": "tinggi", "large": "sedang"},
    )
    for principle in ("kepercayaan", "komunikasi_timbal_balik", "komitmen_kuat", "efisiensi_efektivitas", "saling_menguntungkan"):
        assert good.assessment("principle", principle).status == "met", principle
    assert good.assessment("element", "keterbukaan").status == "met"
    bad = run(
        engine,
        party("lkp", "lkp", **SMALL),
        party("pt", "dudi", scale="besar", **STRONG),
        trust="rendah",
        two_way_communication=False,
        commitment="rendah",
        roles_agreed=False,
        gains={"small": "rendah", "large": "tinggi"},
    )
    for principle in ("kepercayaan", "komunikasi_timbal_balik", "komitmen_kuat", "efisiensi_efektivitas", "saling_menguntungkan"):
        assert bad.assessment("principle", principle).status == "unmet", principle
    assert bad.assessment("element", "keterbukaan").status == "unmet"
    assert bad.assessment("element", "saling_menguntungkan").status == "unmet"


def test_equality_lost_when_the_firm_sets_the_rules(engine: Engine) -> None:
    """Equality: rules set jointly keep the parties equal; rules set by the stronger alone do not."""
    joint = run(engine, party("lkp", "lkp", **SMALL), party("pt", "dudi", scale="besar", **STRONG), rules_set_by="bersama")
    assert joint.assessment("element", "kesetaraan").status == "met"
    onesided = run(engine, party("lkp", "lkp", **SMALL), party("pt", "dudi", scale="besar", **STRONG), rules_set_by="large")
    assert onesided.assessment("element", "kesetaraan").status == "unmet"


# --- drawbacks (Kamil 2010, Hafsah 2010) -----------------------------------------------------------------------------


def test_plasma_that_depends_on_its_core(engine: Engine) -> None:
    """Hafsah: in core-plasma the plasma hangs on the core; if the core makes a loss, the plasma stops."""
    report = run(
        engine,
        party("plasma", "kelompok_usaha", members=15, **SMALL),
        party("inti", "dudi", scale="besar", **STRONG),
        provides_large=["sarana_produksi", "bimbingan_teknis", "pembelian_hasil"],
        shares={"small": 0.85},
    )
    assert "ketergantungan_inti" in report.drawbacks
    assert "ketergantungan" in report.drawbacks
    assert best(report, "legal") == "inti_plasma"


def test_moderate_share_is_no_dependency(engine: Engine) -> None:
    """A plasma that sells only part of its output through the core is not (yet) dependent on it."""
    report = run(
        engine,
        party("plasma", "usaha_kecil", scale="kecil", capital="sedang", market_access="tinggi"),
        party("inti", "dudi", scale="besar", **STRONG),
        provides_large=["sarana_produksi", "bimbingan_teknis", "pembelian_hasil"],
        shares={"small": 0.3},
    )
    assert "ketergantungan_inti" not in report.drawbacks
    assert "ketergantungan" not in report.drawbacks


def test_weak_partner_bound_exclusively(engine: Engine) -> None:
    """Kamil: the weak partner bound by agreement to the dominant firm cannot work with others: low bargaining position."""
    report = run(
        engine,
        party("ukm", "usaha_kecil", **SMALL),
        party("pt", "dudi", scale="besar", **STRONG),
        provides_large=["pembelian_hasil"],
        exclusivity=True,
    )
    assert "posisi_tawar_rendah" in report.drawbacks


def test_rules_by_the_firm_over_a_small_capital_plasma(engine: Engine) -> None:
    """Hafsah: rules follow the firm's market interest and a small-capital plasma has no bargaining power."""
    report = run(engine, party("plasma", "usaha_kecil", **SMALL), party("pt", "dudi", scale="besar", **STRONG), rules_set_by="large")
    assert any(w.severity == "warning" for w in report.warnings_for("aturan_sepihak"))


def test_waiting_for_the_firm_slows_problem_handling(engine: Engine) -> None:
    """Hafsah: waiting for the firm's instruction or approval delays the handling of problems."""
    report = run(engine, party("plasma", "usaha_kecil", **SMALL), party("pt", "dudi", scale="besar", **STRONG), decisions_by="large")
    assert "penanganan_lambat" in report.drawbacks
    shared = run(engine, party("plasma", "usaha_kecil", **SMALL), party("pt", "dudi", scale="besar", **STRONG), decisions_by="bersama")
    assert "penanganan_lambat" not in shared.drawbacks


def test_strict_standards_and_broken_commitment(engine: Engine) -> None:
    """Hafsah: strict product standards reject much output; a broken commitment leads to dispute."""
    report = run(
        engine,
        party("petani", "usaha_kecil", **{**SMALL, "technology": "rendah"}),
        party("pt", "dudi", scale="besar", **STRONG),
        strict_standards=True,
        commitment="rendah",
        agreement="belum_ada",
    )
    assert any(w.severity == "critical" for w in report.warnings_for("standarisasi_ketat"))
    assert any(w.severity == "critical" for w in report.warnings_for("ingkar_komitmen"))
    assert report.warnings_for("standarisasi_ketat")[0].mitigation["en"]


def test_many_responsible_people_make_a_long_process(engine: Engine) -> None:
    """Hafsah: the involvement and responsibility of many people make the partnership need many steps."""
    report = run(engine, party("lkp", "lkp", **SMALL), party("pt", "dudi", scale="besar", **STRONG), responsible_units=8)
    assert "proses_panjang" in report.drawbacks


def test_dominant_firm_without_two_way_communication(engine: Engine) -> None:
    """Kamil: the large firm may dominate every activity; without two-way communication one side dominates."""
    report = run(engine, party("ukm", "usaha_kecil", **SMALL), party("pt", "dudi", scale="besar", **STRONG), two_way_communication=False)
    assert any(w.severity == "critical" for w in report.warnings_for("penyalahgunaan_posisi"))
    peers = run(
        engine,
        party("a", "usaha_kecil", scale="kecil", capital="sedang"),
        party("b", "usaha_kecil", scale="kecil", capital="sedang"),
        two_way_communication=False,
    )
    assert "penyalahgunaan_posisi" not in peers.drawbacks


def test_small_partner_capacity_limits(engine: Engine) -> None:
    """Kamil: management capacity, availability of funds and the ability to adopt new technology are drawbacks."""
    report = run(
        engine,
        party("ukm", "usaha_kecil", scale="kecil", capital="rendah", technology="rendah", management="rendah"),
        party("pt", "dudi", scale="besar", **STRONG),
    )
    assert {"kapasitas_manajemen", "ketersediaan_dana", "adopsi_teknologi"} <= set(report.drawbacks)
    capable = run(
        engine,
        party("ukm", "usaha_kecil", scale="kecil", capital="sedang", technology="sedang", management="sedang"),
        party("pt", "dudi", scale="besar", **STRONG),
    )
    assert not {"kapasitas_manajemen", "ketersediaan_dana", "adopsi_teknologi"} & set(capable.drawbacks)


def test_forward_chaining_reaches_second_level_facts(engine: Engine) -> None:
    """Derived facts feed other rules: small + medium/large gives the UU 9/1995 pairing, which supports sub-contracting."""
    report = run(
        engine,
        party("bengkel", "usaha_kecil", **SMALL),
        party("pt", "dudi", scale="menengah", **STRONG),
        provides_small=["komponen"],
    )
    assert "derivasi.skala_sesuai_uu" in report.fired
    assert "subkontrak.skala_usaha" in report.fired


def test_franchise_bar_applies_when_described_by_offers_and_needs(engine: Engine) -> None:
    """The franchisee is whoever needs the licence the other offers: the PP 26/1997 bar holds without 'provides' too."""
    report = run(
        engine,
        party("penerima", "dudi", scale="menengah", capital="sedang", management="sedang", in_provincial_capital=False, needs=["lisensi_merek"]),
        party("pemberi", "dudi", scale="besar", **STRONG, offers=["lisensi_merek", "saluran_distribusi"]),
    )
    assert report.recommendation("waralaba").excluded
    small = run(
        engine,
        party("penerima", "usaha_kecil", scale="kecil", capital="sedang", management="sedang", in_provincial_capital=False, needs=["lisensi_merek"]),
        party("pemberi", "dudi", scale="besar", **STRONG, offers=["lisensi_merek"]),
    )
    assert best(small, "legal") == "waralaba"


def test_agency_right_needed_and_offered(engine: Engine) -> None:
    """Keagenan from the parties' needs and offers: the small firm needs the special marketing right the principal offers."""
    report = run(
        engine,
        party("toko", "usaha_kecil", **SMALL, needs=["hak_pemasaran_eksklusif"], offers=["jasa_pemasaran"]),
        party("pt", "dudi", scale="besar", **STRONG, offers=["hak_pemasaran_eksklusif"], needs=["jasa_pemasaran"]),
    )
    assert best(report, "legal") == "keagenan"
    assert "keagenan.tanpa_pemasaran_oleh_yang_kecil" not in {r.id for r in report.recommendation("keagenan").against}


# --- definitions checked against the paper's text (issue 10) ---------------------------------------------------------


def _pair(engine: Engine, a: dict[str, Any], b: dict[str, Any], **relationship: Any) -> Report:
    data = {"id": "kasus", "parties": [a, b], "relationship": {"seeker": a["id"], "candidate": b["id"], **relationship}}
    return engine.evaluate(scenario_from_dict(data))


def test_exclusive_agency_of_a_micro_shop_for_a_large_factory_is_sejajar(engine: Engine) -> None:
    """Pola sejajar puts economic gain first and includes agency, whatever the gap in scale (Kamil 2010)."""
    report = _pair(
        engine,
        party("toko", "usaha_kecil", scale="mikro", capital="rendah"),
        party("pabrik", "dudi", scale="besar", **STRONG),
        provides={"toko": ["jasa_pemasaran"], "pabrik": ["hak_pemasaran_eksklusif"]},
        exclusivity=True,
    )
    assert best(report, "family") == "pola_sejajar"
    assert best(report, "legal") == "keagenan"


@pytest.mark.parametrize(
    ("partner", "lkp_gives", "partner_gives"),
    [
        (party("smk", "sekolah"), ["instruktur", "pelatihan"], ["peserta_didik", "fasilitas"]),
        (party("lsp", "lembaga_sertifikasi"), ["peserta_didik"], ["sertifikasi"]),
        (party("hotel", "dudi", scale="menengah"), ["tenaga_kerja"], ["job_order", "penempatan_lulusan"]),
    ],
)
def test_lkp_cooperation_with_schools_certifiers_and_firms_gets_a_family(
    engine: Engine, partner: dict[str, Any], lkp_gives: list[str], partner_gives: list[str]
) -> None:
    """The cooperation the paper is written for (an LKP exchanging learners, instructors, facilities, certification
    or jobs with its partners) is one of the 'other forms of cooperation' of pola sejajar, not 'no pattern'."""
    report = _pair(
        engine,
        party("lkp", "lkp", scale="kecil"),
        partner,
        provides={"lkp": lkp_gives, partner["id"]: partner_gives},
    )
    assert best(report, "family") == "pola_sejajar"


def test_nurture_is_not_recommended_between_parties_of_the_same_scale_and_capital(engine: Engine) -> None:
    """Pola asuh runs from the bigger in capital to the smaller; two small LKPs of the same capital, one of which
    trains the other, are not a nurture pair."""
    report = _pair(
        engine,
        party("a", "lkp", scale="kecil", capital="sedang"),
        party("b", "lkp", scale="kecil", capital="sedang"),
        provides={"a": ["pelatihan", "bimbingan_manajemen"], "b": ["peserta_didik"]},
    )
    assert not report.recommendation("pola_asuh").recommended


def test_bank_credit_is_financing_not_venture_capital(engine: Engine) -> None:
    """Venture capital finances on the principle of participation (equity); an ordinary bank credit is not it."""
    small, bank = party("uk", "usaha_kecil", scale="kecil", capital="rendah"), party("bank", "bank", scale="besar")
    credit = _pair(engine, small, bank, provides={"bank": ["kredit"]})
    assert not credit.recommendation("modal_ventura").recommended
    assert credit.recommendation("modal_ventura").score < 0
    equity = _pair(engine, small, bank, provides={"bank": ["penyertaan_modal"]})
    assert equity.recommendation("modal_ventura").recommended
    soft_loan_only = _pair(engine, party("uk", "usaha_kecil", scale="kecil"), bank, provides={"bank": ["pinjaman_lunak"]})
    assert not soft_loan_only.recommendation("modal_ventura").recommended


def test_subcontracting_always_warns_of_dependency(engine: Engine) -> None:
    """The paper names the weakness of sub-contracting: the small firm's heavy dependency on its partner."""
    report = _pair(
        engine,
        party("bengkel", "usaha_kecil", scale="kecil", market_access="sedang"),
        party("pabrik", "dudi", scale="besar"),
        provides={"bengkel": ["komponen"], "pabrik": ["pembelian_hasil"]},
    )
    assert best(report, "legal") == "subkontrak"
    assert "ketergantungan" in report.drawbacks


def test_core_plasma_warns_that_the_plasma_usually_depends_on_the_core(engine: Engine) -> None:
    """Hafsah: in core-plasma the plasma usually depends on the core, even when no share is stated."""
    report = _pair(
        engine,
        party("tani", "kelompok_usaha", scale="mikro", capital="rendah", members=20),
        party("inti", "dudi", scale="besar"),
        provides={"inti": ["sarana_produksi", "bimbingan_teknis", "pembelian_hasil"]},
        strict_standards=True,
    )
    assert {"ketergantungan_inti", "aturan_sepihak", "standarisasi_ketat", "penanganan_lambat"} <= set(report.drawbacks)
    assert any(w.drawback == "standarisasi_ketat" and w.severity == "critical" for w in report.warnings)


def test_a_far_larger_party_is_flagged_for_dominance(engine: Engine) -> None:
    """Kamil: the large firm sometimes dominates every activity and may even breach the agreement."""
    report = _pair(
        engine,
        party("lkp", "lkp", scale="mikro"),
        party("pt", "dudi", scale="besar"),
        provides={"pt": ["job_order"], "lkp": ["tenaga_kerja"]},
        commitment="rendah",
    )
    severities = {w.severity for w in report.warnings if w.drawback == "penyalahgunaan_posisi"}
    assert {"info", "warning"} <= severities


def test_trust_rests_on_fairness(engine: Engine) -> None:
    """Kamil: the three elements rest on trust grounded in fairness, honesty and wisdom; rules set by one party that
    leave the other with little gain undermine it, even when trust is reported as present."""
    report = _pair(
        engine,
        party("lkp", "lkp", scale="kecil"),
        party("pt", "dudi", scale="besar"),
        provides={"pt": ["job_order"], "lkp": ["tenaga_kerja"]},
        trust="sedang",
        rules_set_by="pt",
        gains={"lkp": "rendah", "pt": "tinggi"},
    )
    assert report.assessment("principle", "kepercayaan").status == "unmet"


def test_an_agent_without_a_granted_right_is_still_sejajar(engine: Engine) -> None:
    """A micro shop marketing a large factory's goods under an exclusive bond, with no right written in 'provides':
    agency, and so pola sejajar, whatever the gap in scale."""
    report = _pair(
        engine,
        party("toko", "usaha_kecil", scale="mikro"),
        party("pabrik", "dudi", scale="besar"),
        provides={"toko": ["jasa_pemasaran"]},
        exclusivity=True,
    )
    assert best(report, "family") == "pola_sejajar"
    assert best(report, "legal") == "keagenan"


def test_exclusivity_has_a_direction(engine: Engine) -> None:
    """Kamil: the weak partner bound to the dominant firm cannot work with others (weak bargaining position); a
    large principal that binds itself to a small agent does not put the agent in that position."""
    common = dict(provides_large=["pembelian_hasil"], provides_small=["pasokan_kebutuhan"])
    small, large = party("uk", "usaha_kecil", scale="kecil"), party("pt", "dudi", scale="besar")
    weak_bound = run(engine, small, large, bound="small", **common)
    assert "posisi_tawar_rendah" in weak_bound.drawbacks
    assert weak_bound.facts["relation.bound"] == "smaller"
    strong_bound = run(engine, small, large, bound="large", **common)
    assert "posisi_tawar_rendah" not in strong_bound.drawbacks
    assert strong_bound.facts["relation.exclusivity"] is False


def test_trust_rests_on_honesty(engine: Engine) -> None:
    """Kemendiknas (principle 2): to be trusted, communication must be in good faith and honest; a party that keeps
    information from its partner leaves trust unmet and the relationship not transparent, though trust is reported."""
    common = dict(provides={"pt": ["job_order"], "lkp": ["tenaga_kerja"]}, trust="tinggi", two_way_communication=True)
    honest = _pair(engine, party("lkp", "lkp", scale="kecil"), party("pt", "dudi", scale="besar"), open_information=True, **common)
    hidden = _pair(engine, party("lkp", "lkp", scale="kecil"), party("pt", "dudi", scale="besar"), open_information=False, **common)
    assert honest.assessment("principle", "kepercayaan").status == "met"
    assert honest.assessment("element", "keterbukaan").status == "met"
    trust = hidden.assessment("principle", "kepercayaan")
    assert trust.status == "unmet"
    assert [r.id for r in trust.unmet_by] == ["prinsip.kepercayaan_tanpa_kejujuran"]
    assert trust.unmet_by[0].source.startswith("Kemendiknas 2010")
    assert hidden.assessment("element", "keterbukaan").status == "unmet"
    assert "unsur.informasi_tertutup" in hidden.fired


def test_trust_rests_on_wisdom(engine: Engine) -> None:
    """Kamil: trust is grounded in wisdom too; decisions taken without weighing the partner's interests leave trust
    unmet, and fairness, honesty and wisdom together ground it."""
    common = dict(provides={"pt": ["job_order"], "lkp": ["tenaga_kerja"]}, rules_set_by="bersama", open_information=True)
    rash = _pair(engine, party("lkp", "lkp", scale="kecil"), party("pt", "dudi", scale="besar"), considered_decisions=False, **common)
    wise = _pair(engine, party("lkp", "lkp", scale="kecil"), party("pt", "dudi", scale="besar"), considered_decisions=True, **common)
    assert rash.assessment("principle", "kepercayaan").status == "unmet"
    assert [r.id for r in rash.assessment("principle", "kepercayaan").unmet_by] == ["prinsip.kepercayaan_tanpa_kebijakan"]
    assert wise.assessment("principle", "kepercayaan").status == "met"
    assert [r.id for r in wise.assessment("principle", "kepercayaan").met_by] == ["prinsip.kepercayaan_berlandaskan_tiga_dasar"]
    assert all(r.is_interpretation and r.basis_note for r in rash.assessment("principle", "kepercayaan").unmet_by)


@pytest.mark.parametrize(
    ("forum", "plan", "status"),
    [(True, True, "met"), (False, True, "unmet"), (True, False, "unmet"), (None, None, "unknown")],
)
def test_coordination_integration_synchronisation_is_the_key(engine: Engine, forum: bool | None, plan: bool | None, status: str) -> None:
    """The paper: the main key to carrying a partnership out is coordinating, integrating and synchronising all
    programmes with the institutions taking part; a coordination forum and one joint plan are its evidence."""
    fields = {k: x for k, x in (("coordination_forum", forum), ("programmes_synchronised", plan)) if x is not None}
    report = _pair(engine, party("lkp", "lkp", scale="kecil"), party("smk", "sekolah"), provides={"lkp": ["pelatihan"]}, **fields)
    key = report.assessment("key", "koordinasi_integrasi_sinkronisasi")
    assert key.status == status
    assert report.to_dict()["keys"][0]["status"] == status
    for lang, heading in (("id", "Kunci pelaksanaan"), ("en", "Key to carrying it out")):
        text = report.render(lang)
        assert heading in text
        if status != "unknown":
            assert key.rules[0].text[lang] in text

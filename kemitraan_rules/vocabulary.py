"""The canonical ids of the domain, taken from the source paper's inventory.

These ids are the library's public vocabulary: rule files, scenarios, reports and the network all use them, and
downstream applications rely on them, so they never change.  Labels, descriptions, sources and mitigations live in
the data file ``rulesets/catalogue.yaml``; this module only fixes the ids and their order.

Scenario values (party kinds, scales, levels, ...) are Indonesian ids; the English words listed in the ``*_ALIASES``
mappings are accepted on input and normalised to the Indonesian id.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

__all__ = [
    "AGREEMENT_ALIASES",
    "AGREEMENT_STATUSES",
    "BENEFITS",
    "CONCEPT_KINDS",
    "CURRENT_LAW_PATTERNS",
    "CYCLE_RESTART_STEP",
    "DEFAULT_LAW",
    "DRAWBACKS",
    "ELEMENTS",
    "FAMILY_PATTERNS",
    "KEYS",
    "LANGUAGES",
    "LAW_PROFILES",
    "LAYERS",
    "LEGAL_PATTERNS",
    "LEVELS",
    "LEVEL_ALIASES",
    "LKP_ASPECTS",
    "MEMBER_ROLES",
    "MEMBER_ROLE_ALIASES",
    "PARTY_KINDS",
    "PARTY_KIND_ALIASES",
    "PARTY_KIND_CATEGORY",
    "PATTERNS",
    "PATTERN_LAYER",
    "PLC_STAGES",
    "PRECONDITIONS",
    "PRINCIPLES",
    "PROVISIONS",
    "PROVISION_ALIASES",
    "REASONS",
    "SCALES",
    "SCALE_ALIASES",
    "SECONDARY_SOURCES",
    "SEVERITIES",
    "STEPS",
    "SUPPLY_ALIASES",
    "SUPPLY_KINDS",
    "Text",
    "allowed_values",
    "following_step",
    "normalise",
]


# --- Bilingual text -------------------------------------------------------------------------------------------
@attrs.frozen
class Text:
    """A text in Indonesian (``id``) and English (``en``): every user-facing text the library holds.

    Reports and network findings carry the same texts as plain ``{"id": ..., "en": ...}`` mappings in their JSON form;
    :meth:`to_dict` gives that form and :meth:`from_mapping` reads it back.
    """

    id: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` (``id`` or ``en``); Indonesian for any other value."""
        return self.en if lang == "en" else self.id

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "en": self.en}

    @classmethod
    def from_mapping(cls, texts: Mapping[str, str]) -> Text:
        """A :class:`Text` from its JSON form (both languages required)."""
        return cls(texts["id"], texts["en"])


# --- 0. Severity -----------------------------------------------------------------------------------------------
#: The one severity scale of every warning and finding (drawbacks, network findings, lifecycle evaluation), from
#: least to most serious.  Reports sort by it, most serious first.
SEVERITIES: tuple[str, ...] = ("info", "warning", "critical")

# --- 1. Partnership patterns -----------------------------------------------------------------------------------
#: Strategy families (Kamil 2010).
FAMILY_PATTERNS: tuple[str, ...] = ("pola_asuh", "pola_sejajar", "pola_klaster")
#: Legal patterns (UU 9/1995, art. 27).
LEGAL_PATTERNS: tuple[str, ...] = (
    "inti_plasma",
    "subkontrak",
    "dagang_umum",
    "waralaba",
    "keagenan",
    "modal_ventura",
)
#: Legal patterns that only the current legal profile knows (UU 20/2008 art. 26, PP 7/2021); inti_plasma, subkontrak
#: and waralaba belong to both profiles (the catalogue's ``law`` field says which profile a pattern belongs to).
CURRENT_LAW_PATTERNS: tuple[str, ...] = (
    "perdagangan_umum",
    "distribusi_keagenan",
    "rantai_pasok",
    "bagi_hasil",
    "kerja_sama_operasional",
    "usaha_patungan",
    "penyumberluaran",
)
PATTERNS: tuple[str, ...] = FAMILY_PATTERNS + LEGAL_PATTERNS + CURRENT_LAW_PATTERNS
LAYERS: tuple[str, ...] = ("family", "legal")
PATTERN_LAYER: Mapping[str, str] = MappingProxyType(
    {**{p: "family" for p in FAMILY_PATTERNS}, **{p: "legal" for p in LEGAL_PATTERNS + CURRENT_LAW_PATTERNS}}
)
#: Legal profiles: the law the paper cites (UU 9/1995, the default) and the law in force (UU 20/2008 and its
#: regulations).  Each is a folder ``law/<profile>/`` of a rules directory; see ``docs/law.md``.
LAW_PROFILES: tuple[str, ...] = ("paper_1995", "current")
DEFAULT_LAW = "paper_1995"

# --- 2. Preconditions and elements ---------------------------------------------------------------------------------
PRECONDITIONS: tuple[str, ...] = (
    "dua_pihak_atau_lebih",
    "kesamaan_visi_misi",
    "kesepakatan",
    "saling_membutuhkan",
)
ELEMENTS: tuple[str, ...] = ("kesetaraan", "keterbukaan", "saling_menguntungkan")
#: The main key to carrying a partnership out: coordinating, integrating and synchronising the programmes of the
#: institutions taking part (the paper's own synthesis, "Konsep Kemitraan").
KEYS: tuple[str, ...] = ("koordinasi_integrasi_sinkronisasi",)

# --- 3. Principles (Kemendiknas 2010) ------------------------------------------------------------------------------
PRINCIPLES: tuple[str, ...] = (
    "kesamaan_visi_misi",
    "kepercayaan",
    "saling_menguntungkan",
    "efisiensi_efektivitas",
    "komunikasi_timbal_balik",
    "komitmen_kuat",
)

# --- 4. Drawbacks (Kamil 2010, then Hafsah 2010) -------------------------------------------------------------------
DRAWBACKS: tuple[str, ...] = (
    "ketergantungan",
    "penyalahgunaan_posisi",
    "kapasitas_manajemen",
    "ketersediaan_dana",
    "adopsi_teknologi",
    "posisi_tawar_rendah",
    "proses_panjang",
    "aturan_sepihak",
    "ingkar_komitmen",
    "ketergantungan_inti",
    "standarisasi_ketat",
    "penanganan_lambat",
)

# --- 6. Why an institution seeks partners ---------------------------------------------------------------------------
REASONS: tuple[str, ...] = (
    "sumber_daya_terbatas",
    "potensi_masyarakat",
    "kesenjangan_kompetensi",
    "tren_pasar_kerja",
    "peserta_menurun",
    "sulit_job_order",
)

# --- 9. The eleven steps, in order ----------------------------------------------------------------------------------
STEPS: tuple[str, ...] = (
    "pemetaan",
    "menggali_informasi",
    "analisis_informasi",
    "penjajagan",
    "penyusunan_rencana",
    "kesepakatan",
    "penandatanganan_mou",
    "pelaksanaan",
    "monitoring_evaluasi",
    "perbaikan",
    "perencanaan_selanjutnya",
)

#: Where the cycle of steps goes on after its last step: a new round starts at the joint plan (step 5).
CYCLE_RESTART_STEP = "penyusunan_rencana"


def following_step(step: str) -> str:
    """The step after ``step``; after the last step the cycle starts again at :data:`CYCLE_RESTART_STEP`."""
    index = STEPS.index(step)
    return STEPS[index + 1] if index + 1 < len(STEPS) else CYCLE_RESTART_STEP


# --- 10. The LKP network cycle ---------------------------------------------------------------------------------------
LKP_ASPECTS: tuple[str, ...] = ("sdm", "sarana_prasarana", "program_kursus", "lulusan")
#: The Program Life Cycle, a repeating cycle of five stages (Kemendiknas 2010, figure 1 of the paper).
PLC_STAGES: tuple[str, ...] = (
    "penyelenggaraan_kursus",
    "peningkatan_mutu",
    "layanan_memuaskan",
    "citra_positif",
    "peningkatan_peserta",
)

# --- 5. What a partnership can bring (Kamil 2010 and Hafsah 2010: advantages, benefits, goals) ------------------------
BENEFITS: tuple[str, ...] = (
    # Kamil: advantages (kelebihan)
    "efisiensi_biaya",
    "kesempatan_inovasi",
    "perbaikan_berkelanjutan",
    "kinerja_mitra",
    "saling_menutupi_kelemahan",
    "akses_lebih_luas",
    "saling_evaluasi",
    "standar_disepakati",
    # Hafsah: advantages
    "dukungan_permodalan",
    "dukungan_sarana_produksi",
    "pemasaran_terjamin",
    "pendampingan_teknis",
    "kualitas_terkontrol",
    "target_produksi",
    "ekonomi_daerah",
    "ekonomi_nasional",
    # Kamil: benefits (manfaat)
    "manfaat_efisiensi",
    "jaminan_mutu",
    "risiko_berkurang",
    "manfaat_sosial",
    "pendapatan_kesejahteraan",
    "keberlanjutan_program",
    # the paper's commentary on sub-contracting
    "subkontrak_bagian_produksi",
    "subkontrak_bahan_baku",
    "subkontrak_pembiayaan",
    # Hafsah: goals (tujuan), general and by aspect
    "tujuan_umum",
    "tujuan_ekonomi",
    "tujuan_sosial_budaya",
    "tujuan_teknologi",
    "tujuan_manajemen",
)

#: The languages of every text the library writes (Indonesian first, the default).
LANGUAGES: tuple[str, ...] = ("id", "en")

#: The works the paper cites and the library cites through it ("as cited in the source paper"), in the order a
#: report's note lists them; a rule's source starting with one of them is a secondary citation.
SECONDARY_SOURCES: tuple[str, ...] = ("Kamil 2010", "Hafsah 2010", "Kemendiknas 2010")

#: Every kind of concept a rule file can declare or a report can name.
CONCEPT_KINDS: tuple[str, ...] = ("pattern", "precondition", "principle", "element", "key", "drawback", "benefit")

# --- Scenario vocabulary -----------------------------------------------------------------------------------------------
#: Kinds of party (section 7 of the inventory, plus the institutions the library serves).
PARTY_KINDS: tuple[str, ...] = (
    "lkp",
    "paud",
    "pkbm",
    "usaha_kecil",
    "kelompok_usaha",
    "sekolah",
    "perguruan_tinggi",
    "pesantren",
    "pemerintah_daerah",
    "legislatif",
    "dinas_pendidikan",
    "dinas_koperasi_ukm",
    "dinas_perindustrian_perdagangan",
    "dinas_pertanian",
    "disnakertrans",
    "dinas_kesehatan",
    "dinas_pariwisata",
    "instansi_pemerintah",
    "dudi",
    "bank",
    "koperasi",
    "perusahaan_modal_ventura",
    "lsm",
    "ormas",
    "asosiasi_profesi",
    "tokoh_masyarakat",
    "akademisi",
    "lembaga_sertifikasi",
    "ban_pnf",
    "donatur",
    "individu",
    "pihak_asing",
)

#: The broad category of each party kind, used by rules that speak of "a business" or "a government office".
PARTY_KIND_CATEGORY: Mapping[str, str] = MappingProxyType(
    {
        "lkp": "pendidikan_nonformal",
        "paud": "pendidikan_nonformal",
        "pkbm": "pendidikan_nonformal",
        "usaha_kecil": "usaha",
        "kelompok_usaha": "usaha",
        "sekolah": "pendidikan_formal",
        "perguruan_tinggi": "pendidikan_formal",
        "pesantren": "pendidikan_formal",
        "pemerintah_daerah": "pemerintah",
        "legislatif": "pemerintah",
        "dinas_pendidikan": "pemerintah",
        "dinas_koperasi_ukm": "pemerintah",
        "dinas_perindustrian_perdagangan": "pemerintah",
        "dinas_pertanian": "pemerintah",
        "disnakertrans": "pemerintah",
        "dinas_kesehatan": "pemerintah",
        "dinas_pariwisata": "pemerintah",
        "instansi_pemerintah": "pemerintah",
        "dudi": "usaha",
        "bank": "keuangan",
        "koperasi": "keuangan",
        "perusahaan_modal_ventura": "keuangan",
        "lsm": "masyarakat",
        "ormas": "masyarakat",
        "asosiasi_profesi": "masyarakat",
        "tokoh_masyarakat": "masyarakat",
        "akademisi": "masyarakat",
        "lembaga_sertifikasi": "sertifikasi",
        "ban_pnf": "sertifikasi",
        "donatur": "donor",
        "individu": "masyarakat",
        "pihak_asing": "asing",
    }
)

PARTY_KIND_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "course_centre": "lkp",
        "course_center": "lkp",
        "early_childhood": "paud",
        "community_learning_centre": "pkbm",
        "small_business": "usaha_kecil",
        "umkm": "usaha_kecil",
        "ukm": "usaha_kecil",
        "business_group": "kelompok_usaha",
        "kelompok": "kelompok_usaha",
        "cluster": "kelompok_usaha",
        "school": "sekolah",
        "sd": "sekolah",
        "smp": "sekolah",
        "sma": "sekolah",
        "smk": "sekolah",
        "university": "perguruan_tinggi",
        "pondok_pesantren": "pesantren",
        "local_government": "pemerintah_daerah",
        "pemda": "pemerintah_daerah",
        "legislature": "legislatif",
        "dprd": "legislatif",
        "education_office": "dinas_pendidikan",
        "government": "instansi_pemerintah",
        "government_office": "instansi_pemerintah",
        "business": "dudi",
        "industry": "dudi",
        "company": "dudi",
        "perusahaan": "dudi",
        "cooperative": "koperasi",
        "venture_capital": "perusahaan_modal_ventura",
        "ngo": "lsm",
        "association": "asosiasi_profesi",
        "asosiasi": "asosiasi_profesi",
        "community_leader": "tokoh_masyarakat",
        "academic": "akademisi",
        "certification_body": "lembaga_sertifikasi",
        "lsk": "lembaga_sertifikasi",
        "lsp": "lembaga_sertifikasi",
        "accreditation_board": "ban_pnf",
        "donor": "donatur",
        "individual": "individu",
        "foreign": "pihak_asing",
        "foreign_party": "pihak_asing",
    }
)

#: Business scale (UU 9/1995 distinguishes small from medium and large business).
SCALES: tuple[str, ...] = ("mikro", "kecil", "menengah", "besar")
SCALE_ALIASES: Mapping[str, str] = MappingProxyType({"micro": "mikro", "small": "kecil", "medium": "menengah", "large": "besar", "big": "besar"})

#: Levels of a resource or a quality (capital, people, trust, commitment, ...).
LEVELS: tuple[str, ...] = ("rendah", "sedang", "tinggi")
LEVEL_ALIASES: Mapping[str, str] = MappingProxyType({"low": "rendah", "medium": "sedang", "high": "tinggi"})

#: Whether the weaker party's supply recurs as a standing tier of a supply chain or is a one-off sale.
SUPPLY_KINDS: tuple[str, ...] = ("berkelanjutan", "sekali")
SUPPLY_ALIASES: Mapping[str, str] = MappingProxyType(
    {"recurring": "berkelanjutan", "ongoing": "berkelanjutan", "continuous": "berkelanjutan", "one_off": "sekali", "once": "sekali"}
)

#: Agreement status of a relationship, from nothing to a signed MoU.
#: Roles a member plays in a partnership of more than two members (a consortium).  The paper names these partners of
#: an LKP (Pemda and the offices, DUDI, banks and cooperatives, schools, certification bodies LSK/LSP) and what each
#: brings (policy and guidance, funds, a place to practise, learners, certification, jobs for graduates).
MEMBER_ROLES: tuple[str, ...] = (
    "penyelenggara",
    "penyandang_dana",
    "pembina",
    "tempat_praktik",
    "penyedia_peserta_didik",
    "penguji_sertifikasi",
    "pengguna_lulusan",
)
MEMBER_ROLE_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "organiser": "penyelenggara",
        "pelaksana": "penyelenggara",
        "funder": "penyandang_dana",
        "policy": "pembina",
        "fasilitator_kebijakan": "pembina",
        "practice_place": "tempat_praktik",
        "pemagangan": "tempat_praktik",
        "learner_provider": "penyedia_peserta_didik",
        "certification": "penguji_sertifikasi",
        "graduate_user": "pengguna_lulusan",
    }
)
AGREEMENT_STATUSES: tuple[str, ...] = ("belum_ada", "penjajagan", "draf_mou", "mou_ditandatangani")
AGREEMENT_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "none": "belum_ada",
        "exploration": "penjajagan",
        "in_exploration": "penjajagan",
        "draft_mou": "draf_mou",
        "draft": "draf_mou",
        "signed_mou": "mou_ditandatangani",
        "signed": "mou_ditandatangani",
    }
)

#: What a party can provide in a relationship (or offer, or need).
PROVISIONS: tuple[str, ...] = (
    "pemasaran_hasil",  # markets the other party's output
    "pembelian_hasil",  # buys the other party's output
    "pasokan_kebutuhan",  # supplies what the other party needs
    "komponen",  # produces components for the other party's own production
    "sarana_produksi",  # production means (equipment, inputs)
    "bimbingan_teknis",  # technical guidance in production
    "bimbingan_manajemen",  # guidance in business and management
    "bahan_baku",  # raw materials
    "bahan_ajar",  # teaching materials
    "teknologi",  # technology transfer and mastery
    "dana",  # funds, grants
    "pinjaman_lunak",  # loans or bonds on soft repayment terms
    "penyertaan_modal",  # equity participation
    "obligasi_konversi",  # a bond convertible into equity (a venture-capital instrument)
    "bagi_hasil",  # financing repaid by a share of profits (a venture-capital return)
    "kredit",  # an ordinary loan or bank credit (financing, not venture capital)
    "lahan",  # land
    "lisensi_merek",  # brand licence
    "saluran_distribusi",  # the firm's distribution channel
    "hak_pemasaran_eksklusif",  # a special (exclusive) right to market the other's goods or services
    "jasa_pemasaran",  # marketing the other party's goods or services (as agent or distributor)
    "lab_site",  # a learning site (build, extend, upgrade or repair)
    "job_order",  # job orders for graduates or the unit
    "penempatan_lulusan",  # placement of graduates
    "sertifikasi",  # competence certification (LSK/LSP)
    "akreditasi",  # accreditation (BAN PNF)
    "peserta_didik",  # learners / enrolment
    "instruktur",  # instructors, experts
    "informasi_pasar_kerja",  # labour-market information
    "pelatihan",  # training for the other party's people
    "fasilitas",  # facilities, rooms, equipment for learning
    "tenaga_kerja",  # trained workers / graduates as workforce
    "promosi",  # promotion, public image
    "kebijakan",  # policy support, permits
)
PROVISION_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "marketing": "pemasaran_hasil",
        "market_output": "pemasaran_hasil",
        "marketing_output": "pemasaran_hasil",
        "buy_output": "pembelian_hasil",
        "supply": "pasokan_kebutuhan",
        "supply_needs": "pasokan_kebutuhan",
        "components": "komponen",
        "production_means": "sarana_produksi",
        "technical_guidance": "bimbingan_teknis",
        "management_guidance": "bimbingan_manajemen",
        "raw_materials": "bahan_baku",
        "teaching_materials": "bahan_ajar",
        "technology": "teknologi",
        "funds": "dana",
        "funding": "dana",
        "soft_loan": "pinjaman_lunak",
        "equity": "penyertaan_modal",
        "convertible_bond": "obligasi_konversi",
        "convertible": "obligasi_konversi",
        "profit_sharing": "bagi_hasil",
        "revenue_sharing": "bagi_hasil",
        "credit": "kredit",
        "bank_credit": "kredit",
        "loan": "kredit",
        "land": "lahan",
        "brand_licence": "lisensi_merek",
        "brand_license": "lisensi_merek",
        "distribution_channel": "saluran_distribusi",
        "exclusive_marketing_rights": "hak_pemasaran_eksklusif",
        "marketing_services": "jasa_pemasaran",
        "job_orders": "job_order",
        "graduate_placement": "penempatan_lulusan",
        "certification": "sertifikasi",
        "accreditation": "akreditasi",
        "learners": "peserta_didik",
        "enrolment": "peserta_didik",
        "instructors": "instruktur",
        "labour_market_information": "informasi_pasar_kerja",
        "training": "pelatihan",
        "facilities": "fasilitas",
        "workforce": "tenaga_kerja",
        "promotion": "promosi",
        "policy": "kebijakan",
    }
)


def normalise(value: object, allowed: tuple[str, ...], aliases: Mapping[str, str]) -> object:
    """Map an input value to its canonical id: lower-cased, spaces and dashes as underscores, aliases resolved.

    Values that are not strings are returned unchanged so that the caller's validation reports them.
    """
    if not isinstance(value, str):
        return value
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    if key in allowed:
        return key
    return aliases.get(key, key)


def allowed_values(field: str, scenario: object = None) -> tuple[object, ...]:
    """The canonical values (ids only, no English aliases) of a scenario input field such as ``scale``, ``trust`` or
    ``parties.lkp_melati.capital``; see :func:`kemitraan_rules.explore.allowed_values`.

    >>> allowed_values("scale")
    ('mikro', 'kecil', 'menengah', 'besar')
    """
    from .explore import allowed_values as _allowed

    return _allowed(field, scenario)  # type: ignore[arg-type]

"""Errors raised by kemitraan-rules, and the one place their messages are worded, in Indonesian and English.

Every error the library raises on purpose derives from :class:`KemitraanError`, so an application can catch
one type.  Errors about input carry a list of :class:`Problem` records: each names *where* the problem is
(a file, a line and column when known, a path of fields such as ``parties[1].scale``), *what* was found and
*what would be valid*.  The message lists every problem, not just the first, so a user can fix a file in one go.

Language.  A problem carries a stable :attr:`Problem.code` and its parameters (the data: field names, values, ids,
numbers); :data:`MESSAGES` holds the sentence of each code in Indonesian and English, and :func:`format_problem`
renders one in either.  The table is a module table, not a YAML file like ``rulesets/words/labels.yaml``: the error
that reports a broken data file must not depend on reading a data file, its placeholders are checked by the tests
against the code that fills them, and it loads with the module (no I/O while an error is being raised).  Field paths,
values, ids and allowed values are kept as the user wrote them; only the words around them are translated.

Default language.  The command line speaks Indonesian unless ``--lang en``.  The Python API renders ``str(error)``
and ``str(problem)`` in English (``lang="en"``), the language of Python's own tracebacks and of the logs and issue
reports a programmer searches; it does not follow :data:`kemitraan_rules.options` (a display setting), so an
exception reads the same whenever and wherever it is printed.  ``error.text("id")`` and
``format_problem(problem, "id")`` give the Indonesian text, exactly as the command line prints it.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from .vocabulary import Text

__all__ = [
    "LANGUAGES",
    "MESSAGES",
    "EvaluationError",
    "KemitraanError",
    "LifecycleError",
    "MissingExtraError",
    "NetworkError",
    "Problem",
    "ReportDataError",
    "RulesetError",
    "ScenarioError",
    "UnknownIdError",
    "error_text",
    "format_problem",
    "message",
    "os_reason",
    "require_extra",
    "shown",
    "suggest",
    "type_word",
]

#: The languages every message is written in; the first is the command line's default.
LANGUAGES: tuple[str, ...] = ("id", "en")
#: The language of ``str(error)`` and ``str(problem)`` in the Python API (see the module docstring for why).
API_LANG = "en"


#: Every message a user reads about bad input, by :attr:`Problem.code`: ``{"id": template, "en": template}``.
#: Placeholders are filled with the problem's parameters (data: names, values, numbers, kept as given).
MESSAGES: Mapping[str, Mapping[str, str]] = {
    # -- the words around every problem line and every error -----------------------------------------------------
    "_rule": {"id": "aturan {rule}", "en": "rule {rule}"},
    "_allowed": {"id": "yang sah: {values}", "en": "allowed: {values}"},
    "_more": {"id": "{count} seluruhnya", "en": "{count} in all"},
    "_did_you_mean": {"id": "mungkin maksud Anda {hint}?", "en": "did you mean {hint}?"},
    "_in_source": {"id": " di {source}", "en": " in {source}"},
    "_count": {"id": "{count} masalah", "en": "{count} problem"},
    "_count_many": {"id": "{count} masalah", "en": "{count} problems"},
    "_error": {"id": "kesalahan", "en": "error"},
    "_warning": {"id": "peringatan", "en": "warning"},
    # -- lint warnings (code "lint.<warning code>"; the English is LintWarning.message) ----------------------------
    "lint.duplicate-rule": {
        "id": "syarat dan kesimpulannya sama dengan aturan '{other}'",
        "en": "same conditions and conclusions as rule '{other}'",
    },
    "lint.underived-fact": {
        "id": "menguji fakta turunan '{fact}', tetapi tidak ada aturan yang menurunkannya, jadi aturan ini tidak akan pernah berlaku",
        "en": "tests derived fact '{fact}', but no rule derives it, so this rule never fires",
    },
    "lint.derived-cycle": {
        "id": "fakta turunan saling bergantung dalam satu lingkaran: {path}",
        "en": "derived facts depend on each other in a cycle: {path}",
    },
    "lint.duplicate-id": {
        "id": "id aturan ini sudah dipakai di {other}; ganti salah satu id, atau cantumkan di bawah 'overrides:' untuk menggantikan "
        "aturan yang pertama",
        "en": "rule id is already defined at {other}; rename one, or list it under 'overrides:' to replace the first",
    },
    "lint.never-fires": {
        "id": "tidak akan pernah berlaku: {tests} tidak dapat terpenuhi bersamaan",
        "en": "can never fire: {tests} cannot all hold",
    },
    "lint.never-fires.same-field": {
        "id": "tidak akan pernah berlaku: {tests} menguji satu kolom dua kali, padahal setiap syarat memerlukan faktanya sendiri "
        "(satu fakta per kolom); gabungkan menjadi satu uji atau gunakan fakta turunan",
        "en": "can never fire: {tests} test one field twice, and each condition needs a fact of its own (one fact per field); "
        "combine them into one test or use a derived fact",
    },
    "lint.shadowed": {
        "id": "setiap kali aturan ini berlaku, aturan '{other}' juga berlaku dengan kesimpulan yang sama (syaratnya lebih umum), "
        "sehingga kesimpulannya ditarik dua kali",
        "en": "whenever it fires, rule '{other}' fires too with the same conclusions (its conditions are more general), so the "
        "conclusions are drawn twice",
    },
    "lint.conflict": {
        "id": "aturan '{other}' menyimpulkan {kind} {target} {other_status}, sedangkan aturan ini menyimpulkan {status}, dan keduanya "
        "dapat berlaku pada satu skenario (keduanya menguji {fields}); yang tidak terpenuhi menang, jadi buat syaratnya saling "
        "meniadakan bila hal itu tidak dimaksudkan",
        "en": "rule '{other}' concludes {kind} {target} {other_status} where this one concludes {status}, and both can fire on one "
        "scenario (both test {fields}); unmet wins, so make the conditions exclusive if that is not meant",
    },
    "lint.conflict.cancelled": {
        "id": "setiap kali aturan ini merekomendasikan pola {target} ({weight}), aturan '{other}' juga berlaku dan {effect}, "
        "sehingga aturan ini tidak pernah berguna; persempit salah satunya",
        "en": "whenever this rule recommends {target} ({weight}), rule '{other}' fires too and {effect}, so this rule can never "
        "help; narrow one of them",
    },
    "lint.conflict.both": {
        "id": "menyimpulkan {kind} {target} terpenuhi sekaligus tidak terpenuhi",
        "en": "concludes {kind} {target} both met and unmet",
    },
    "lint.gap": {"id": "tidak ada aturan yang {what} {kind} {concept}", "en": "no rule {what} {kind} {concept}"},
    "lint.unused-derived.derived": {
        "id": "fakta turunan '{fact}' diturunkan, tetapi tidak ada aturan yang mengujinya",
        "en": "derived fact '{fact}' is derived but no rule tests it",
    },
    "lint.unused-derived.declared": {
        "id": "fakta turunan '{fact}' dideklarasikan, tetapi tidak ada aturan yang mengujinya",
        "en": "derived fact '{fact}' is declared but no rule tests it",
    },
    # -- failures of scenario tests (kemitraan rules test; authoring.ExpectationFailure) ---------------------------
    "test.failure": {"id": "{expectation}: diharapkan {expected}, ternyata {actual}", "en": "{expectation}: expected {expected}, got {actual}"},
    "test.why_not": {
        "id": "mengapa bukan {pattern}: skor {score}, ambang {threshold}",
        "en": "why not {pattern}: score {score}, threshold {threshold}",
    },
    "test.excluded_by": {"id": "dikecualikan oleh {rules}", "en": "excluded by {rules}"},
    "test.against": {"id": "aturan yang menentang: {rules}", "en": "against: {rules}"},
    "test.supporting": {"id": "{pattern} didukung oleh: {rules}", "en": "{pattern} supporting: {rules}"},
    "test.pattern_against": {"id": "{pattern} ditentang oleh: {rules}", "en": "{pattern} against: {rules}"},
    "test.pattern_excluded_by": {"id": "{pattern} dikecualikan oleh: {rules}", "en": "{pattern} excluded by: {rules}"},
    "test.did_not_fire": {"id": "{rule} tidak terpicu: {failed}", "en": "{rule} did not fire: {failed}"},
    "test.held_check_derived": {
        "id": "syaratnya terpenuhi; periksa fakta turunannya",
        "en": "its conditions held, check derived facts",
    },
    "test.all_hold": {
        "id": "{rule}: semua syaratnya terpenuhi oleh fakta skenario; periksa aturan yang menjadi dasarnya",
        "en": "{rule}: all conditions hold on the scenario facts; check the rules it depends on",
    },
    "test.fired_with": {"id": "{rule} terpicu ({status})", "en": "{rule} fired ({status})"},
    "test.state_score": {"id": "{state} (skor {score})", "en": "{state} (score {score})"},
    "test.recommended": {"id": "direkomendasikan", "en": "recommended"},
    "test.not_recommended": {"id": "tidak direkomendasikan", "en": "not recommended"},
    "test.excluded": {"id": "dikecualikan", "en": "excluded"},
    "test.not_scored": {"id": "tidak dinilai", "en": "not scored"},
    "test.no_recommendation": {"id": "tidak ada rekomendasi", "en": "no recommendation"},
    "test.a_warning": {"id": "ada peringatan", "en": "a warning"},
    "test.no_warning": {"id": "tidak ada peringatan", "en": "no warning"},
    "test.nothing": {"id": "tidak ada", "en": "none"},
    "test.warned_by": {"id": "diperingatkan oleh aturan {rule}", "en": "warned by {rule}"},
    "test.fired": {"id": "terpicu", "en": "fired"},
    "test.not_fired": {"id": "tidak terpicu", "en": "not fired"},
    "test.did_not_fire_state": {"id": "tidak terpicu", "en": "did not fire"},
    "test.met": {"id": "terpenuhi", "en": "met"},
    "test.unmet": {"id": "tidak terpenuhi", "en": "unmet"},
    "test.unknown": {"id": "tidak diketahui", "en": "unknown"},
    "_scenario": {"id": "skenario: {scenario}", "en": "scenario: {scenario}"},
    "_rules": {"id": "aturan: {rules}", "en": "rules: {rules}"},
    # -- errors that are not about one input -------------------------------------------------------------------------
    "unknown_id": {"id": "id {kind} {shown} tidak dikenal (yang dikenal: {known})", "en": "unknown {kind} id {shown} (known: {known})"},
    "missing_extra": {
        "id": "{purpose} memerlukan {module}, yang belum terpasang: pip install 'kemitraan-rules[{extra}]'",
        "en": "{purpose} needs {module}, which is not installed: pip install 'kemitraan-rules[{extra}]'",
    },
    "evaluation_failed": {"id": "mesin inferensi gagal: {detail}", "en": "{detail}"},
    # -- what went wrong inside an evaluation (the detail of an EvaluationError; {error} is durable-rules' own text) --
    "engine_closed": {"id": "mesin ini sudah ditutup; buat Engine yang baru", "en": "this engine is closed; create a new Engine"},
    "engine_no_fixed_point": {"id": "penalaran maju tidak mencapai titik tetap", "en": "forward chaining did not reach a fixed point"},
    "engine_conflicting_derived": {
        "id": "aturan menurunkan nilai yang bertentangan untuk {field}: {first} dan {second}",
        "en": "rules derive conflicting values for {field}: {first} and {second}",
    },
    "engine_unsendable_fact": {
        "id": "fakta {field} bernilai sesuatu yang tidak dapat diterima durable-rules sebagai JSON ({error})",
        "en": "fact {field} has a value durable-rules cannot receive as JSON ({error})",
    },
    "engine_unknown_action": {
        "id": "durable-rules menjalankan aksi yang tidak didaftarkan oleh aturan mana pun: {action}",
        "en": "durable-rules ran an action no rule registered: {action}",
    },
    "engine_retract_refused": {
        "id": "durable-rules menolak menarik kembali fakta unit {unit} (kode {result})",
        "en": "durable-rules refused to retract the facts of unit {unit} (code {result})",
    },
    "engine_too_many_conditions": {
        "id": "sebuah fakta memenuhi lebih banyak syarat daripada yang diizinkan durable-rules (galat 303)",
        "en": "a fact satisfied more conditions than durable-rules allows (error 303)",
    },
    "engine_fact_seen": {
        "id": "durable-rules menolak sebuah fakta karena sudah pernah dilihat",
        "en": "durable-rules refused a fact as already seen",
    },
    "engine_no_rule_for_fact": {"id": "durable-rules tidak menemukan aturan untuk sebuah fakta", "en": "durable-rules found no rule for a fact"},
    "engine_failed": {"id": "durable-rules gagal: {error}", "en": "durable-rules failed: {error}"},
    "engine_in_unit": {"id": "{detail} (unit {unit}, fakta: {fields})", "en": "{detail} (unit {unit}, facts: {fields})"},
    # -- titles of the error types -------------------------------------------------------------------------------
    "title_input": {"id": "masukan tidak sah", "en": "invalid input"},
    "title_scenario": {"id": "skenario tidak sah", "en": "invalid scenario"},
    "title_ruleset": {"id": "berkas aturan tidak sah", "en": "invalid ruleset"},
    "title_network": {"id": "jaringan mitra tidak sah", "en": "invalid network"},
    "title_partnership": {"id": "data kemitraan tidak sah", "en": "invalid partnership"},
    "title_report": {"id": "data laporan tidak sah", "en": "invalid report data"},
    # -- reading a file (the safe loader) --------------------------------------------------------------------------
    "cannot_use_file": {"id": "berkas tidak dapat dipakai: {reason}", "en": "cannot use the file: {reason}"},
    "cannot_read": {"id": "berkas tidak dapat dibaca: {reason}", "en": "cannot read file: {reason}"},
    "not_regular_file": {
        "id": "bukan berkas biasa (melainkan direktori, perangkat, FIFO, atau soket)",
        "en": "not a regular file (a directory, device, FIFO or socket)",
    },
    "file_too_large": {"id": "berkas berukuran {size} bita, melebihi batas {limit}", "en": "file is {size} bytes, more than the limit of {limit}"},
    "file_over_limit": {"id": "berkas melebihi batas {limit} bita", "en": "file is more than the limit of {limit} bytes"},
    "not_utf8": {"id": "berkas tidak dapat dibaca sebagai teks UTF-8 ({reason})", "en": "cannot read file as UTF-8 text ({reason})"},
    "document_too_large": {"id": "dokumen melebihi batas {limit} bita", "en": "document is larger than the limit of {limit} bytes"},
    "bad_yaml": {
        "id": "bukan YAML/JSON yang sah (pesan pengurai: {detail})",
        "en": "not valid YAML/JSON: {detail}",
    },
    "too_deep": {"id": "dokumen bersarang terlalu dalam (batasnya {limit} tingkat)", "en": "document is nested too deeply (limit {limit} levels)"},
    "too_many_values": {
        "id": "dokumen memuat lebih dari {limit} nilai (perluasan alias?)",
        "en": "document has more than {limit} values (alias expansion?)",
    },
    "lone_surrogate": {
        "id": "teks memuat surogat tunggal (escape \\uD800-\\uDFFF tanpa pasangan)",
        "en": "text holds a lone surrogate (an unpaired \\uD800-\\uDFFF escape)",
    },
    "yaml_tag": {"id": "tag YAML eksplisit {tag} tidak diizinkan dalam berkas data", "en": "explicit YAML tag {tag} is not allowed in data files"},
    "bad_key": {"id": "kunci pemetaan {key} harus berupa skalar biasa", "en": "mapping key {key} must be a plain scalar"},
    "unsupported_value": {"id": "nilai bertipe {type} tidak didukung", "en": "unsupported value of type {type}"},
    # -- the validation kit (every input reader) -------------------------------------------------------------------
    "wrong_type": {"id": "harus berupa {expected} (yang diberikan: {got})", "en": "must be {expected} (got {got})"},
    "unknown_field": {"id": "kolom {field} tidak dikenal", "en": "unknown field {field}"},
    "missing_field": {"id": "kolom wajib {field} tidak ada", "en": "missing required field {field}"},
    "unknown_value": {"id": "nilai {shown} tidak dikenal", "en": "unknown value {shown}"},
    "unknown_choice": {"id": "{what} {shown} tidak dikenal", "en": "unknown {what} {shown}"},
    "unknown_party": {"id": "id pihak {shown} tidak dikenal", "en": "unknown party id {shown}"},
    "bad_id": {
        "id": "{shown} bukan id yang sah (huruf, angka, '_', '.', '-'; diawali huruf atau angka)",
        "en": "{shown} is not a valid id (letters, digits, '_', '.', '-'; starting with a letter or digit)",
    },
    "not_in_range": {
        "id": "harus berupa bilangan dari {low:g} sampai {high:g} (yang diberikan: {shown})",
        "en": "must be a number from {low:g} to {high:g} (got {shown})",
    },
    "not_iso_date": {
        "id": "harus berupa tanggal ISO seperti 2024-03-01 (yang diberikan: {got})",
        "en": "must be an ISO date such as 2024-03-01 (got {got})",
    },
    "below_minimum": {"id": "paling sedikit {minimum} (yang diberikan: {got})", "en": "must be at least {minimum} (got {got})"},
    "listed_twice": {"id": "{shown} tercantum dua kali", "en": "{shown} is listed twice"},
    "duplicate_party": {"id": "id pihak {shown} tercantum dua kali", "en": "duplicate party id {shown}"},
    "duplicate_partnership": {"id": "id kemitraan {shown} tercantum dua kali", "en": "duplicate partnership id {shown}"},
    # -- rule files (kemitraan_rules.rules) ---------------------------------------------------------------------------
    "unknown_key": {"id": "kunci {key} tidak dikenal", "en": "unknown key {key}"},
    "unknown_top_key": {"id": "kunci tingkat teratas {key} tidak dikenal", "en": "unknown top-level key {key}"},
    "key_must_be": {"id": "{key} harus berupa {expected} (yang diberikan: {got})", "en": "{key} must be {expected} (got {got})"},
    "field_bool": {"id": "{field} bernilai true atau false (yang diberikan: {got})", "en": "{field} is true or false (got {got})"},
    "bad_basis": {
        "id": "dasar harus salah satu dari paper, law, interpretation (yang diberikan: {got})",
        "en": "basis must be one of paper, law, interpretation (got {got})",
    },
    "several_profiles": {
        "id": "berkas aturan dari beberapa profil hukum diberikan ({profiles}); muat satu per satu",
        "en": "rule files of several legal profiles were given ({profiles}); load one at a time",
    },
    "no_rule_path": {"id": "berkas atau direktori aturan itu tidak ada", "en": "no such rule file or directory"},
    "ruleset_name_used": {"id": "nama ruleset {shown} sudah dipakai oleh {other}", "en": "ruleset name {shown} is also used by {other}"},
    "not_rule_file": {"id": "ini bukan berkas aturan (kind {shown})", "en": "this is not a rule file (kind {shown})"},
    "not_snake_name": {
        "id": "{what} harus berupa nama dengan huruf kecil dan garis bawah (lower_snake_case; yang diberikan: {got})",
        "en": "{what} must be a lower_snake_case name (got {got})",
    },
    "bad_version": {
        "id": "'version' harus berupa teks versi seperti \"1.0.0\" (yang diberikan: {got})",
        "en": "'version' must be a version string such as \"1.0.0\" (got {got})",
    },
    "too_many_rules": {
        "id": "ruleset ini memuat {count} aturan, melebihi batas {limit}; pecah menjadi beberapa ruleset menurut pokok bahasannya",
        "en": "ruleset has {count} rules, more than the limit of {limit}; split it into several rulesets by concern",
    },
    "duplicate_rule": {
        "id": "id aturan ganda (sudah ditetapkan di {other}); untuk menggantinya, cantumkan di bawah 'overrides:'",
        "en": "duplicate rule id (already defined in {other}); to replace it, list it under 'overrides:'",
    },
    "bad_override": {
        "id": "menimpa aturan {id}, tetapi berkas ini tidak menetapkan aturan dengan id itu, atau tidak ada ruleset sebelumnya yang menetapkannya",
        "en": "overrides rule {id}, but it defines no rule with that id, or no earlier ruleset does",
    },
    "bad_texts": {
        "id": "{what} harus berupa pemetaan dengan teks 'id' (bahasa Indonesia) dan 'en' (bahasa Inggris) yang tidak kosong",
        "en": "{what} must be a mapping with non-empty 'id' (Indonesian) and 'en' (English) texts",
    },
    "bad_source": {
        "id": "source harus berupa pemetaan dengan 'author' (serta 'year' dan 'section')",
        "en": "source must be a mapping with 'author' (and 'year', 'section')",
    },
    "interpretation_note": {
        "id": "tafsiran memerlukan 'note' ({{id: ..., en: ...}}) yang menjelaskan alasannya",
        "en": "an interpretation needs a 'note' ({{id: ..., en: ...}}) saying why",
    },
    "already_declared": {"id": "{name} sudah dideklarasikan di {other}", "en": "{name} is already declared in {other}"},
    "pattern_layer": {"id": "pola memerlukan lapisan (yang diberikan: {got})", "en": "a pattern needs a layer (got {got})"},
    "wrong_layer": {"id": "{name} termasuk lapisan {layer}", "en": "{name} belongs to the {layer} layer"},
    "only_for": {"id": "hanya {kinds} yang boleh memiliki {key}", "en": "only {kinds} have {key}"},
    "bad_counterpart": {
        "id": "counterpart harus berupa pemetaan pola dengan 'pattern' (id pola atau null) dan 'note' ({{id, en}})",
        "en": "counterpart is a pattern's mapping with 'pattern' (a pattern id or null) and 'note' ({{id, en}})",
    },
    "enum_values": {
        "id": "fakta turunan berjenis pilihan memerlukan 'values', yaitu daftar teks yang tidak kosong",
        "en": "an enum derived fact needs a non-empty list of string 'values'",
    },
    "bad_rule_id": {
        "id": "id aturan harus berbentuk 'topik.nama' dengan huruf kecil dan garis bawah (yang diberikan: {got})",
        "en": "rule id must look like 'topic.name' in lower_snake_case (got {got})",
    },
    "bad_condition": {"id": "syarat berupa pemetaan satu kunci 'kolom: uji'", "en": "a condition is a one-key mapping 'field: test'"},
    "bad_test": {"id": "uji berupa pemetaan satu kunci 'operator: operan'", "en": "a test is a one-key mapping 'operator: operand'"},
    "operator_type": {
        "id": "operator {shown} tidak berlaku untuk kolom {field} bertipe {type}",
        "en": "operator {shown} does not apply to {type} field {field}",
    },
    "operand_true": {"id": "{op} menerima operan true (yang diberikan: {got})", "en": "{op} takes the operand true (got {got})"},
    "missing_derived": {
        "id": "'missing' tidak dapat menguji fakta turunan (negasi atas fakta turunan tidak monoton); turunkan fakta kebalikannya",
        "en": "'missing' cannot test a derived fact (negation over derived facts is not monotonic); derive the opposite fact instead",
    },
    "operand_list": {"id": "{op} menerima daftar yang tidak kosong (yang diberikan: {got})", "en": "{op} takes a non-empty list (got {got})"},
    "operand_twice": {"id": "{op} mencantumkan suatu nilai dua kali", "en": "{op} lists a value twice"},
    "setting_not_whole": {
        "id": "pengaturan {name} bernilai {number:g}, padahal {field} menerima bilangan bulat",
        "en": "setting {name} is {number:g}, but {field} takes a whole number",
    },
    "not_a_value_of": {"id": "{shown} bukan nilai {field}", "en": "{shown} is not a value of {field}"},
    "field_takes": {"id": "{field} menerima {expected} (yang diberikan: {got})", "en": "{field} takes {expected} (got {got})"},
    "bad_conclusion": {
        "id": "kesimpulan berupa pemetaan satu kunci seperti 'recommend: {{pattern: ..., weight: ...}}'",
        "en": "a conclusion is a one-key mapping such as 'recommend: {{pattern: ..., weight: ...}}'",
    },
    "conclusion_arguments": {"id": "{kind} menerima pemetaan argumen", "en": "{kind} takes a mapping of arguments"},
    "unknown_argument": {"id": "argumen {key} dari {kind} tidak dikenal", "en": "unknown argument {key} of {kind}"},
    "needs_argument": {"id": "{kind} memerlukan {key}", "en": "{kind} needs {key}"},
    "bad_weight": {
        "id": "bobot harus berupa bilangan bukan nol dari -{limit} sampai {limit} (yang diberikan: {got})",
        "en": "weight must be a non-zero number from -{limit} to {limit} (got {got})",
    },
    "undeclared_fact": {
        "id": "menurunkan fakta {name} yang belum dideklarasikan; deklarasikan di bawah 'derived:'",
        "en": "derives undeclared fact {name}; declare it under 'derived:'",
    },
    "undeclared_concept": {
        "id": "{kind} {shown} tidak dikenal (deklarasikan di bawah 'concepts:' untuk menambahkannya)",
        "en": "unknown {kind} {shown} (declare it under 'concepts:' to add one)",
    },
    "other_profile": {
        "id": "{kind} {shown} termasuk profil hukum {profiles}, bukan {law} (muat aturan ini dengan law={first})",
        "en": "{kind} {shown} belongs to the legal profile(s) {profiles}, not to {law} (load these rules with law={first})",
    },
    "too_many_tests": {
        "id": "kondisi aturan ini menjadi {count} uji, melebihi {limit} yang dapat dimuat satu unit kompilasi; "
        "pecah menjadi beberapa aturan yang menurunkan fakta antara",
        "en": "the rule's conditions make {count} tests, more than the {limit} one compiled unit can hold; "
        "split it into several rules that derive intermediate facts",
    },
    # -- scenario test files (kemitraan rules test) --------------------------------------------------------------------
    "bad_test_file": {
        "id": "berkas uji skenario berupa pemetaan dengan daftar 'tests:' (dan 'description' bila perlu)",
        "en": "a scenario test file is a mapping with a 'tests:' list (and an optional 'description')",
    },
    "bad_scenario_test": {
        "id": "uji berupa pemetaan dengan 'name', 'scenario' atau 'scenario_file', dan 'expect'",
        "en": "a test is a mapping with 'name', 'scenario' or 'scenario_file', and 'expect'",
    },
    "one_scenario": {
        "id": "uji memerlukan tepat satu dari 'scenario' (langsung) atau 'scenario_file' (jalur relatif terhadap berkas uji)",
        "en": "a test needs exactly one of 'scenario' (inline) or 'scenario_file' (a path relative to the test file)",
    },
    "scenario_file_outside": {
        "id": "'scenario_file' harus berada di dalam {folder} (yang diberikan: {got})",
        "en": "'scenario_file' must stay inside {folder} (got {got})",
    },
    "no_scenario_file": {"id": "berkas skenario tidak ada: {target}", "en": "no such scenario file: {target}"},
    "nested_scenario": {"id": "skenario tidak sah: {problem}", "en": "invalid scenario: {problem}"},
    "bad_top": {
        "id": "'top' memetakan lapisan (family, legal) ke pola terbaik yang diharapkan (atau null bila tidak ada)",
        "en": "'top' maps a layer (family, legal) to the expected best pattern (or null for none)",
    },
    "bad_assessment_map": {
        "id": "{key} memetakan id konsep ke salah satu dari {statuses}",
        "en": "{key} maps concept ids to one of {statuses}",
    },
    # -- scenarios ----------------------------------------------------------------------------------------------------
    "consortium_file": {
        "id": "kemitraan lebih dari dua anggota (members, links) adalah konsorsium: baca dengan "
        "kemitraan_rules.consortium.load_consortium atau nilai dengan `kemitraan evaluate`",
        "en": "a partnership of more than two members (members, links) is a consortium: read it with "
        "kemitraan_rules.consortium.load_consortium, or evaluate it with `kemitraan evaluate`",
    },
    # -- change paths of what-if, sensitivity and counterfactual (kemitraan_rules.explore) ---------------------------
    "unknown_party_field": {"id": "kolom pihak {field} tidak dikenal", "en": "unknown party field {field}"},
    "path_without_party": {
        "id": "jalur ini tidak diawali id pihak mana pun dalam skenario",
        "en": "no party of the scenario starts this path",
    },
    "unknown_relationship_field": {"id": "kolom hubungan {field} tidak dikenal", "en": "unknown relationship field {field}"},
    "needs_party_id": {"id": "{name} harus diikuti id pihak", "en": "{name} takes a party id after it"},
    "field_without_parts": {"id": "relationship.{name} tidak mempunyai bagian", "en": "relationship.{name} has no parts"},
    "unknown_path": {"id": "jalur tidak dikenal", "en": "unknown path"},
    # -- consortium files (kemitraan_rules.consortium) ----------------------------------------------------------------
    "member_twice": {"id": "pihak {shown} tercantum dua kali sebagai anggota", "en": "party {shown} is listed as a member twice"},
    "member_without_role": {
        "id": "setiap anggota memainkan sekurang-kurangnya satu peran",
        "en": "a member plays at least one role",
    },
    "party_not_member": {
        "id": "pihak {shown} bukan anggota: cantumkan pihak itu beserta peran yang dimainkannya",
        "en": "party {shown} is not a member: list it with the roles it plays",
    },
    "too_few_members": {
        "id": "konsorsium beranggotakan sekurang-kurangnya {minimum} pihak (yang diberikan: {count}); dua pihak ditulis sebagai satu `relationship`",
        "en": "a consortium has at least {minimum} members (got {count}); two parties are one `relationship`",
    },
    "links_empty": {"id": "harus berupa daftar tautan yang tidak kosong", "en": "must be a non-empty list of links"},
    "link_without_candidate": {
        "id": "kolom wajib 'candidate' tidak ada: setiap tautan menghubungkan dua anggota",
        "en": "missing required field 'candidate': every link joins two members",
    },
    "already_linked": {
        "id": "{seeker} dan {candidate} sudah ditautkan (satu tautan untuk setiap pasangan anggota)",
        "en": "{seeker} and {candidate} are already linked (one link per pair of members)",
    },
    "not_consortium_findings_file": {
        "id": "ini bukan berkas temuan konsorsium (kind {shown})",
        "en": "this is not a consortium findings file (kind {shown})",
    },
    "same_party": {"id": "calon mitra harus pihak lain, bukan pihak pencari mitra", "en": "the candidate must be another party than the seeker"},
    "not_involved": {
        "id": "pihak {shown} bukan pencari mitra dan bukan calon mitra",
        "en": "party {shown} is neither the seeker nor the candidate",
    },
    "entity_shares_without_entity": {
        "id": "porsi saham badan usaha patungan diisi, padahal joint_entity bernilai false",
        "en": "shares in a new joint entity are given, but joint_entity is false",
    },
    "joint_operation_with_entity": {
        "id": "kerja sama operasi berarti tanpa badan usaha baru, padahal joint_entity bernilai true",
        "en": "a joint operation is cooperation without a new entity, but joint_entity is true",
    },
    "shares_above_one": {
        "id": "jumlah porsinya {total:g}; seluruhnya paling banyak 1",
        "en": "the shares add up to {total:g}; together they must be at most 1",
    },
    "unreadable_scenario_object": {"id": "objek Scenario tidak dapat dibaca ({detail})", "en": "the Scenario object cannot be read: {detail}"},
    "evaluate_argument": {
        "id": "evaluate() menerima Scenario, pemetaan, atau jalur berkas, bukan {type}",
        "en": "evaluate() takes a Scenario, a mapping or a file path, not {type}",
    },
    # -- partnership records and lifecycle profiles (kemitraan_rules.lifecycle) --------------------------------------
    "mou_ends_early": {"id": "MoU berakhir ({end}) sebelum dimulai ({start})", "en": "the MoU ends ({end}) before it starts ({start})"},
    "cannot_enter": {"id": "belum dapat masuk ke langkah {shown}: {reason}", "en": "cannot enter {shown}: {reason}"},
    "missing_parameter_key": {"id": "parameter {key} belum diberikan", "en": "missing parameter {key}"},
    "indicator_unordered": {
        "id": "indikator {indicator} tidak berurutan; pakai indicator_in",
        "en": "indicator {indicator} has no order; use indicator_in",
    },
    "only_last_without_when": {
        "id": "hanya entri terakhir yang boleh tanpa 'when' (entri sesudahnya tidak akan pernah berlaku)",
        "en": "only the last entry may omit 'when' (entries after it could never apply)",
    },
    "last_without_when": {
        "id": "entri terakhir tidak boleh memiliki 'when', supaya setiap evaluasi mempunyai hasil",
        "en": "the last entry must have no 'when', so that every evaluation has an outcome",
    },
    "no_monitoring": {"id": "belum ada catatan pemantauan untuk dievaluasi", "en": "there is no monitoring record to evaluate"},
    # -- partner networks ---------------------------------------------------------------------------------------------
    "not_settings_file": {"id": "ini bukan berkas pengaturan jaringan (kind {shown})", "en": "this is not a network settings file (kind {shown})"},
    "not_findings_file": {"id": "ini bukan berkas temuan jaringan (kind {shown})", "en": "this is not a network findings file (kind {shown})"},
    "bad_placeholder": {"id": "tempat isian {placeholder} tidak dikenal atau salah tulis", "en": "unknown or malformed placeholder {placeholder}"},
    "bad_graphml": {"id": "GraphML tidak dapat dibaca (pesan pengurai: {detail})", "en": "cannot read GraphML: {detail}"},
    "bad_graphml_json": {
        "id": "GraphML tidak dapat dibaca: atribut 'json:' bukan JSON (pesan pengurai: {detail})",
        "en": "cannot read GraphML: a 'json:' attribute is not JSON: {detail}",
    },
    "bad_picture_format": {"id": "format gambar {shown} tidak didukung", "en": "unsupported picture format {shown}"},
    "partnership_label": {"id": "kemitraan {id} ({edge})", "en": "partnership {id} ({edge})"},
    "partnership_edge": {"id": "kemitraan {edge}", "en": "partnership {edge}"},
    "share_sum": {
        "id": "porsi pihak {party} berjumlah {total:.4g}, melebihi 1 ({before:.4g} sudah tercantum pada kemitraannya yang lain, {here:.4g} di sini)",
        "en": "shares of party {party} sum to {total:.4g}, above 1 ({before:.4g} already stated on its other partnerships, {here:.4g} here)",
    },
    "self_loop": {
        "id": "suatu pihak tidak dapat menjadi mitra bagi dirinya sendiri ({shown})",
        "en": "self-loop: a party cannot be its own partner ({shown})",
    },
    "unknown_party_edge": {
        "id": "id pihak {shown} tidak dikenal (tambahkan pihaknya sebelum kemitraannya)",
        "en": "unknown party id {shown} (add the party before its partnerships)",
    },
    "unknown_pattern": {"id": "id pola {shown} tidak dikenal", "en": "unknown pattern id {shown}"},
    "share_range": {
        "id": "porsi harus berupa bilangan dari 0 sampai 1 (yang diberikan: {shown})",
        "en": "share must be a number from 0 to 1 (got {shown})",
    },
    "provides_map": {
        "id": "provides harus memetakan id pihak kemitraan ini ke daftar bentuk dukungan",
        "en": "provides must map a party id of this partnership to a list of provisions",
    },
    "not_in_partnership": {"id": "{shown} bukan pihak dalam kemitraan ini", "en": "{shown} is not a party of this partnership"},
    "programmes_map": {
        "id": "programmes harus berupa daftar (milik pihak itu) atau pemetaan dari id pihak ke daftar",
        "en": "programmes must be a list (the party's) or map party ids to lists",
    },
    "unknown_programmes": {"id": "{names} tidak termasuk program {party}", "en": "{names} not among {party}'s programmes"},
    "conflicting_kind": {
        "id": "pihak {party} berjenis {here} di sini, tetapi {there} di skenario lain",
        "en": "party {party} is {here} here but {there} in another scenario",
    },
    "network_or_scenario": {
        "id": "bukan berkas jaringan (kunci 'partnerships') dan bukan skenario (kunci 'relationship')",
        "en": "neither a network file (key 'partnerships') nor a scenario (key 'relationship')",
    },
    "networks_and_scenarios": {
        "id": "berikan berkas jaringan atau berkas skenario, jangan keduanya",
        "en": "give either network files or scenario files, not both",
    },
    # -- batch input --------------------------------------------------------------------------------------------------
    "line_not_utf8": {"id": "baris {line_number}: bukan UTF-8 (bita ke-{byte})", "en": "line {line_number}: not UTF-8 (byte {byte})"},
    "line_not_json": {
        "id": "baris {line_number}, kolom {column_number}: bukan JSON (pesan pengurai: {detail})",
        "en": "line {line_number}: not JSON: {detail} (column {column_number})",
    },
    "line_unreadable": {
        "id": "baris {line_number}: JSON tidak dapat dibaca (pesan pengurai: {detail})",
        "en": "line {line_number}: unreadable JSON: {detail}",
    },
    "line_too_deep": {
        "id": "baris {line_number}: JSON tidak dapat dibaca: bersarang terlalu dalam",
        "en": "line {line_number}: unreadable JSON: nested too deeply",
    },
    "batch_failed": {"id": "skenario #{index} ({scenario}): {type}: {error}", "en": "scenario #{index} ({scenario}): {type}: {error}"},
    "worker_lost": {
        "id": "proses pekerja {pid} berhenti (kode keluar {exit_code}) sebelum mengirim hasil; hasil yang sudah diberikan tetap utuh",
        "en": "worker process {pid} ended (exit code {exit_code}) before sending its results; the results already given are complete",
    },
    "batch_summary": {
        "id": "{done} skenario: {evaluated} berhasil dievaluasi, {failed} gagal",
        "en": "{done} scenarios, {evaluated} evaluated, {failed} failed",
    },
    # -- summaries of the rules commands (kemitraan rules check/lint/test) -----------------------------------------
    "check_summary": {"id": "{files} berkas aturan diperiksa, {count} masalah", "en": "{files} rule files checked, {count} problems"},
    "check_summary_one": {"id": "{files} berkas aturan diperiksa, {count} masalah", "en": "{files} rule files checked, {count} problem"},
    "lint_summary": {"id": "{problems} masalah, {warnings} peringatan", "en": "{problems} problems, {warnings} warnings"},
    "test_summary": {
        "id": "{passed} lulus, {failed} gagal, {problems} masalah dalam berkas uji",
        "en": "{passed} passed, {failed} failed, {problems} problems in test files",
    },
    "test_ok": {"id": "lulus", "en": "ok"},
    "test_failed": {"id": "GAGAL", "en": "FAILED"},
    "rules_fired": {"id": "aturan yang terpicu: {rules}", "en": "rules fired: {rules}"},
    "none": {"id": "(tidak ada)", "en": "(none)"},
    "no_scenario_tests": {
        "id": "tidak ada uji skenario (tulis di <direktori aturan>/tests/*.yaml)",
        "en": "no scenario tests found (write them in <rules dir>/tests/*.yaml)",
    },
    # -- command-line usage (kemitraan_rules.cli.common.LocalisedUsageError; click says these in English itself) --
    "usage": {"id": "Penggunaan: {usage}", "en": "Usage: {usage}"},
    "try_help": {"id": "Coba '{command}' untuk bantuan.", "en": "Try '{command}' for help."},
    "no_such_option": {"id": "opsi {name} tidak dikenal", "en": "no such option: {name}"},
    "no_such_command": {"id": "perintah {shown} tidak dikenal", "en": "no such command {shown}"},
    "missing_parameter": {"id": "{name} belum diberikan", "en": "missing {name}"},
    "bad_choice": {"id": "nilai {shown} untuk {name} tidak sah (yang sah: {allowed})", "en": "invalid value {shown} for {name} (allowed: {allowed})"},
    "no_such_path": {"id": "berkas atau direktori {shown} untuk {name} tidak ada", "en": "{name}: file or directory {shown} does not exist"},
    "bad_parameter": {"id": "nilai untuk {name} tidak sah (pesan click: {detail})", "en": "invalid value for {name}: {detail}"},
    "extra_arguments": {"id": "ada argumen berlebih: {arguments}", "en": "unexpected extra arguments: {arguments}"},
    "bad_usage": {"id": "cara pemakaian tidak sah (pesan click: {detail})", "en": "{detail}"},
    "interrupted": {"id": "dihentikan dengan Ctrl-C", "en": "interrupted by Ctrl-C"},
    "batch_stopped": {
        "id": "berhenti: {out} tidak diubah; skenario yang sudah selesai ada di {partial}",
        "en": "stopped: {out} left unchanged; the scenarios done so far are in {partial}",
    },
}

#: The words that fill the ``expected`` and ``got`` parameters (what a value must be, what it was).
_TYPE_WORDS: Mapping[str, Text] = {
    "dict": Text("pemetaan", "a mapping"),
    "list": Text("daftar", "a list"),
    "str": Text("teks", "a string"),
    "int": Text("bilangan bulat", "a whole number"),
    "float": Text("bilangan", "a number"),
    "bool": Text("true atau false", "true or false"),
    "NoneType": Text("kosong", "nothing (null)"),
}


_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother, _REPR.maxlist, _REPR.maxdict = 3, 80, 80, 8, 8


def shown(value: object) -> str:
    """``repr(value)`` bounded in depth and length, as a message quotes a bad value (a 5,000-deep list made the
    message itself a RecursionError); a missing value is ``null``, as YAML and JSON write it, not Python's ``None``."""
    return "null" if value is None else _REPR.repr(value)


def type_word(value: object) -> Text:
    """The kind of ``value`` in words of both languages (``a mapping``/``pemetaan``), for "got ..." in a message."""
    name = type(value).__name__
    if isinstance(value, Mapping):
        name = "dict"
    return _TYPE_WORDS.get(name, Text(name, name))


def _lang(lang: str | None) -> str:
    return lang if lang in LANGUAGES else API_LANG if lang is None else LANGUAGES[0]


def worded(code: str, **params: object) -> Text:
    """The sentence of ``code`` in every language, as one :class:`Text` (for an error that words it later)."""
    return Text(message(code, "id", **params), message(code, "en", **params))


def message(code: str, lang: str | None = None, **params: object) -> str:
    """The sentence of ``code`` in ``lang`` (English when ``None``), its placeholders filled with ``params``.

    A parameter that is :class:`Text` is our wording and is given in ``lang``; anything else is data, shown as is.
    """
    chosen = _lang(lang)
    shown = {key: value.get(chosen) if isinstance(value, Text) else value for key, value in params.items()}
    return MESSAGES[code][chosen].format(**shown)


def suggest(value: object, allowed: Iterable[str]) -> str | None:
    """Return the allowed value closest to ``value`` ("did you mean ...?"), or ``None``."""
    if not isinstance(value, str):
        return None
    from difflib import get_close_matches  # only when a message suggests a value: 3 ms of start-up otherwise

    matches = get_close_matches(value, list(allowed), n=1, cutoff=0.6)
    return matches[0] if matches else None


@attrs.frozen
class Problem:
    """One problem found in an input: where it is, what is wrong, and what would be valid.

    ``path`` is a field path (``parties[1].scale``, ``rules[3].when[0]``); ``file``, ``line`` and ``column``
    (1-based) locate it in a source file when the input came from one.  ``allowed`` lists the valid values when
    the set is small enough to print.  A problem made with :meth:`make` has a ``code`` of :data:`MESSAGES` and its
    ``params``, and reads in either language (:meth:`text`); ``message`` is then its English sentence.  A problem
    built from a ``message`` alone (an extension's own check) reads the same in both languages.
    """

    path: str
    message: str
    value: object = None
    allowed: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None
    column: int | None = None
    rule: str | None = None
    #: A machine-readable code (``unknown_value``, ``missing_field``, ``wrong_type``, ...): the key of its sentence
    #: in :data:`MESSAGES`, and what tools and tests match on.
    code: str = "invalid"
    #: The data that fills the sentence of ``code`` (the English ``message`` already holds it, so not compared).
    params: Mapping[str, object] = attrs.field(factory=dict, eq=False, repr=False)
    #: A phrase that names the object the problem is about (``partnership 'p3' (a -> b)``), before the sentence.
    subject: Text | None = attrs.field(default=None, eq=False, repr=False)

    @classmethod
    def make(cls, code: str, path: str = "", *, value: object = None, allowed: Sequence[str] = (), subject: Text | None = None,
             file: str | None = None, line: int | None = None, column: int | None = None, rule: str | None = None,
             **params: object) -> Problem:  # fmt: skip
        """A problem whose sentence is :data:`MESSAGES` ``[code]`` filled with ``params``."""
        params.setdefault("shown", shown(value))
        english = message(code, "en", **params)
        if subject is not None:
            english = f"{subject.en}: {english}"
        return cls(path, english, value, tuple(allowed), file, line, column, rule, code, dict(params), subject)

    @classmethod
    def at(cls, path: str, code_or_message: str, **kwargs: Any) -> Problem:
        """:meth:`make` when ``code_or_message`` is a code of :data:`MESSAGES`, else a problem with that message as it
        is (a sentence that is not in the table yet, or an extension's own, reads the same in both languages)."""
        if code_or_message in MESSAGES:
            return cls.make(code_or_message, path, **kwargs)
        fields = {key: kwargs.pop(key) for key in ("value", "allowed", "file", "line", "column", "rule") if key in kwargs}
        if "allowed" in fields:
            fields["allowed"] = tuple(fields["allowed"])
        return cls(path, code_or_message, **fields)

    def text(self, lang: str | None = None) -> str:
        """The sentence of this problem (without its location) in ``lang`` (English when ``None``)."""
        chosen = _lang(lang)
        if self.code not in MESSAGES:
            return self.message
        sentence = message(self.code, chosen, **self.params)
        return f"{self.subject.get(chosen)}: {sentence}" if self.subject is not None else sentence

    def location(self) -> str:
        """``file:line:column`` (as much of it as is known), or the empty string."""
        if self.file is None:
            return ""
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        return format_problem(self)


#: How many allowed values a problem line lists before it only counts them (a longer list hides the message).
MAX_ALLOWED_SHOWN = 12


def format_problem(problem: Problem, lang: str | None = None) -> str:
    """One problem as one compiler-style line, the same from every command and every error, in ``lang``.

    ``file:line:column: rule 'id': path: message (allowed: a, b, ...); did you mean 'x'?`` -- each part only when
    known.  At most :data:`MAX_ALLOWED_SHOWN` allowed values are listed, then their count.  ``lang`` is ``id`` or
    ``en``; ``None`` is the API's English (the command line passes its ``--lang``).
    """
    chosen = _lang(lang)
    location = problem.location()
    text = f"{location}: " if location else ""
    if problem.rule:
        text += message("_rule", chosen, rule=repr(problem.rule)) + ": "
    if problem.path:
        text += f"{problem.path}: "
    text += problem.text(chosen)
    if problem.allowed:
        shown = ", ".join(problem.allowed[:MAX_ALLOWED_SHOWN])
        if len(problem.allowed) > MAX_ALLOWED_SHOWN:
            shown += ", ... (" + message("_more", chosen, count=len(problem.allowed)) + ")"
        text += " (" + message("_allowed", chosen, values=shown) + ")"
    hint = suggest(problem.value, problem.allowed)
    if hint is not None and hint != problem.value:
        text += "; " + message("_did_you_mean", chosen, hint=repr(hint))
    return text


class KemitraanError(Exception):
    """Base class of every error raised by kemitraan-rules."""

    def text(self, lang: str | None = None) -> str:
        """The message in ``lang`` (``id`` or ``en``; English when ``None``); ``str(error)`` is ``text("en")``."""
        return str(self)


def error_text(exc: BaseException, lang: str | None = None) -> str:
    """The message of any error a command reports, in ``lang``: a :class:`KemitraanError` in its words, an
    ``OSError`` (a file that cannot be read or written) as "cannot read file: reason: name"."""
    if isinstance(exc, KemitraanError):
        return exc.text(lang)
    if isinstance(exc, OSError):
        name = f": {exc.filename}" if exc.filename is not None else ""
        return message("cannot_use_file", lang, reason=os_reason(exc)) + name
    return str(exc)


def os_reason(exc: OSError) -> Text | str:
    """Why the system refused a file, in both languages when it is a common reason (else the system's text)."""
    text = exc.strerror or str(exc)
    indonesian = _OS_REASONS.get(exc.errno) if exc.errno is not None else None
    return Text(indonesian, text) if indonesian is not None else text


#: Indonesian for the reasons the system gives most often when a file cannot be opened (its English is strerror).
_OS_REASONS: Mapping[int, str] = {
    2: "berkas atau direktori tidak ada",
    13: "izin ditolak",
    20: "bukan direktori",
    21: "merupakan direktori",
    28: "ruang penyimpanan habis",
    30: "sistem berkas hanya dapat dibaca",
}


class _ProblemsError(KemitraanError, ValueError):
    """An error about input that lists every problem found (see :class:`Problem`)."""

    #: The :data:`MESSAGES` code of the error's title.
    title_code = "title_input"

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self.text(API_LANG))

    @property
    def title(self) -> str:
        """The English title (``invalid scenario``), as in ``str(error)``."""
        return message(self.title_code, API_LANG)

    def text(self, lang: str | None = None) -> str:
        """Title, source, count and one line per problem (:func:`format_problem`), in ``lang``."""
        chosen = _lang(lang)
        where = message("_in_source", chosen, source=self.source) if self.source else ""
        count = len(self.problems)
        head = message(self.title_code, chosen) + where + ": " + message("_count" if count == 1 else "_count_many", chosen, count=count)
        return head + "".join(f"\n  - {format_problem(problem, chosen)}" for problem in self.problems)


class ScenarioError(_ProblemsError):
    """A scenario (the parties and the relationship to evaluate) is malformed; nothing was evaluated."""

    title_code = "title_scenario"


class RulesetError(_ProblemsError):
    """A rule file is malformed, refers to unknown ids or fields, or is too large for the engine."""

    title_code = "title_ruleset"


class NetworkError(_ProblemsError):
    """A partner network (parties and partnerships) is malformed: unknown party, bad share, self-loop, ..."""

    title_code = "title_network"


class LifecycleError(_ProblemsError):
    """A partnership record or a step transition is invalid."""

    title_code = "title_partnership"


class ReportDataError(_ProblemsError):
    """Data given to ``Report.from_dict`` does not have the layout of ``Report.to_dict()`` (its JSON Schema)."""

    title_code = "title_report"


class MissingExtraError(KemitraanError, ImportError):
    """An optional dependency is not installed; the message names the extra that installs it."""

    def __init__(self, module: str, extra: str, purpose: str) -> None:
        self.module, self.extra, self.purpose = module, extra, purpose
        super().__init__(self.text(API_LANG), name=module)

    def text(self, lang: str | None = None) -> str:
        purpose = _PURPOSE_WORDS.get(self.purpose, Text(self.purpose, self.purpose))
        return message("missing_extra", lang, purpose=purpose, module=self.module, extra=self.extra)


#: What each optional dependency is needed for (the ``purpose`` of :func:`require_extra`), in both languages.
_PURPOSE_WORDS: Mapping[str, Text] = {
    "drawing a network": Text("Menggambar jaringan", "drawing a network"),
    "a table (DataFrame)": Text("Tabel (DataFrame)", "a table (DataFrame)"),
}


def require_extra(module: str, extra: str, purpose: str) -> Any:
    """Import ``module`` (an optional dependency) or raise :class:`MissingExtraError` naming ``extra``."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(module, extra, purpose) from None


class EvaluationError(KemitraanError, RuntimeError):
    """The inference engine failed while evaluating a scenario.

    Names the scenario and, when known, the rules involved, so the failure can be reproduced.  The engine's own
    message is kept as it came (it is the engine's diagnosis, not our sentence); the words around it are translated.
    """

    def __init__(self, message: str | Text, *, scenario: str | None = None, rules: Sequence[str] = ()) -> None:
        #: What failed: our sentence in both languages (:func:`worded`), or a text as the engine gave it.
        self.detail = message
        self.scenario = scenario
        self.rules = tuple(rules)
        super().__init__(self.text(API_LANG))

    def text(self, lang: str | None = None) -> str:
        parts = [message("evaluation_failed", lang, detail=self.detail)]
        if self.scenario is not None:
            parts.append(message("_scenario", lang, scenario=self.scenario))
        if self.rules:
            parts.append(message("_rules", lang, rules=", ".join(self.rules)))
        return "; ".join(parts)


#: The kinds of id :class:`UnknownIdError` is raised for, in both languages.
_KIND_WORDS: Mapping[str, Text] = {
    "language": Text("bahasa", "language"),
    "pattern": Text("pola", "pattern"),
    "layer": Text("lapisan", "layer"),
    "precondition": Text("prasyarat", "precondition"),
    "principle": Text("prinsip", "principle"),
    "element": Text("unsur", "element"),
    "counterfactual target": Text("sasaran kontrafaktual", "counterfactual target"),
    "field with a finite set of values": Text("kolom dengan himpunan nilai terhingga", "field with a finite set of values"),
    "field (give the scenario: its values are the party ids and 'bersama')": Text(
        "kolom (berikan skenarionya: nilainya adalah id pihak dan 'bersama')",
        "field (give the scenario: its values are the party ids and 'bersama')",
    ),
}


class UnknownIdError(KemitraanError, KeyError):
    """An id (pattern, precondition, drawback, ...) that the rulesets do not declare."""

    def __init__(self, kind: str | Text, value: str, allowed: tuple[str, ...]) -> None:
        self.kind, self.value, self.allowed = (kind.en if isinstance(kind, Text) else kind), value, allowed
        self._kind = kind if isinstance(kind, Text) else _KIND_WORDS.get(kind, Text(kind, kind))
        super().__init__(self.text(API_LANG))

    def text(self, lang: str | None = None) -> str:
        text = message("unknown_id", lang, kind=self._kind, shown=repr(self.value), known=", ".join(self.allowed))
        hint = suggest(self.value, self.allowed)
        if hint:
            text += "; " + message("_did_you_mean", lang, hint=repr(hint))
        return text

    def __str__(self) -> str:
        return str(self.args[0])

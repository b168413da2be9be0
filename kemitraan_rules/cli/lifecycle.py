"""``kemitraan map``, ``kemitraan screen`` and ``kemitraan plan``: the lifecycle commands.

Registered by :mod:`kemitraan_rules.cli`.  Invalid input prints every problem on stderr and exits with 2, without
a traceback (the shared :func:`~kemitraan_rules.cli.common.handle_errors`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .. import vocabulary as v
from .. import wording
from .common import dump_records, format_option, handle_errors, lang_option, read_texts

__all__ = ["map_command", "plan_command", "screen_command"]

_FILES = click.Path(dir_okay=False, allow_dash=True, path_type=Path)


def _emit(records: Sequence[dict[str, Any]], texts: Sequence[str], fmt: str) -> None:
    """Print the records as ``json``/``jsonl`` (a list for one input as for several, like ``evaluate``) or the texts,
    one input's after another, separated by a blank line."""
    if fmt in ("json", "jsonl"):
        click.echo(dump_records(records, fmt), nl=False)
    else:
        click.echo("\n\n".join(texts))


@click.command("map")
@click.argument("profiles", nargs=-1, required=True, type=_FILES)
@format_option()
@lang_option
@handle_errors
def map_command(profiles: Sequence[Path], fmt: str, lang: str) -> None:
    """Kinds of partner to map for each need of each PROFILE (reasons, weak LKP aspects, lacking provisions;
    - reads standard input)."""
    from ..lifecycle.mapping import load_profile, map_partners
    from ..lifecycle.plc import assess_cycle

    loaded = [load_profile(name, text=text) for name, text in read_texts(profiles)]  # validate all before any output
    records, texts = [], []
    for profile in loaded:
        result = map_partners(profile)
        cycle = assess_cycle(profile.aspects, profile.indicators)
        records.append({**result.to_dict(lang), "cycle": cycle.to_dict(lang)})
        texts.append(_map_text(result, cycle, profile.institution.name or profile.institution.id, lang))
    _emit(records, texts, fmt)


def _map_text(result: Any, cycle: Any, institution: str, lang: str) -> str:
    """The partner map in ``lang``: needs, partner kinds and stages by their labels."""
    en = lang == "en"
    lines = [f"{'Partner map for' if en else 'Peta mitra untuk'} {institution}", ""]
    for entry in result.needs:
        kind = wording.value_label("need_type", entry.type, lang)
        lines.append(f"{wording.need_label(entry.need, lang)} ({kind}){f' [{entry.source}]' if entry.source else ''}")
        if not entry.partners:
            lines.append("  -")
        for partner in entry.partners:
            lines.append(f"  {partner.weight}  {wording.value_label('party_kind', partner.kind, lang)}: {partner.why.get(lang)}")
    lines += ["", "Overall ranking:" if en else "Peringkat keseluruhan:"]
    for k in result.ranking:
        needs = ", ".join(wording.need_label(need, lang) for need in k.needs)
        lines.append(f"  {k.score:>3}  {wording.value_label('party_kind', k.kind, lang)} ({needs})")
    lines += ["", "Learn about each candidate:" if en else "Gali dari setiap calon mitra:"]
    lines += [f"  - {text.get(lang)}" for _, text in result.learn]
    lines += ["Approaches:" if en else "Pendekatan:"] + [f"  - {text.get(lang)}" for _, text in result.approaches]
    stage = wording.value_label("plc_stage", cycle.stage, lang)
    lines += ["", f"{'Program Life Cycle' if en else 'Siklus hidup program'}: {stage} - {cycle.guidance.get(lang)}"]
    if cycle.unknown:
        unknown = ", ".join(wording.value_label("indicator", name, lang) for name in cycle.unknown)
        lines.append(f"  {'unknown indicators' if en else 'indikator yang belum diketahui'}: {unknown}")
    return "\n".join(lines)


@click.command("screen")
@click.argument("profile", type=_FILES)
@click.argument("candidates", nargs=-1, required=True, type=_FILES)
@click.option("--top", type=click.IntRange(min=1), default=None, help="Show only the best N candidates.")
@click.option("--no-engine", is_flag=True, help="Score the criteria only; do not ask the engine for patterns.")
@click.option(
    "--engine-top",
    type=click.IntRange(min=1),
    default=None,
    help="Ask the engine only about the best N candidates by criteria (faster on long lists).",
)
@format_option()
@lang_option
@handle_errors
def screen_command(profile: Path, candidates: Sequence[Path], top: int | None, no_engine: bool, engine_top: int | None, fmt: str, lang: str) -> None:
    """Rank the partners of each CANDIDATES file for the institution of PROFILE (analisis potensi mitra; - reads
    standard input, for one of the files)."""
    from ..lifecycle.mapping import load_candidates, load_profile, screen

    (profile_input, *candidate_inputs) = read_texts([profile, *candidates])
    loaded = load_profile(profile_input[0], text=profile_input[1])
    lists = [load_candidates(name, seeker=loaded.institution.id, text=text) for name, text in candidate_inputs]
    records, texts = [], []
    for listed in lists:
        result = screen(loaded, listed, use_engine=not no_engine, engine_top=engine_top, lang=lang)
        ranked = result.candidates[:top] if top else result.candidates
        records.append({"seeker": result.seeker, "candidates": [c.to_dict() for c in ranked]})
        texts.append(_screen_text(ranked, loaded.institution.name or result.seeker, lang))
    _emit(records, texts, fmt)


def _screen_text(ranked: Any, seeker: str, lang: str) -> str:
    """The ranked candidates in ``lang``: kinds, patterns, criteria and statuses by their labels."""
    from ..lifecycle.rules import load_lifecycle_rules

    criteria = {criterion.id: criterion.label.get(lang) for criterion in load_lifecycle_rules().criteria}
    en = lang == "en"
    lines = [f"{'Candidates for' if en else 'Calon mitra untuk'} {seeker}", ""]
    for c in ranked:
        patterns = ", ".join(wording.concept_label("pattern", p, lang) for p in (c.legal_pattern, c.family_pattern) if p) or "-"
        kind = wording.value_label("party_kind", c.kind, lang)
        lines.append(f"{c.rank:>3}. {c.name} ({kind})  {'score' if en else 'skor'} {c.score:.2f}  {'pattern' if en else 'pola'}: {patterns}")
        if c.reasons_for:
            lines.append(f"     + {'; '.join(c.reasons_for)}")
        if c.reasons_against:
            lines.append(f"     - {'; '.join(c.reasons_against)}")
        if c.unknown:
            unknown = ", ".join(criteria.get(name, name) for name in c.unknown)
            lines.append(f"     ? {'unknown' if en else 'belum diketahui'}: {unknown}")
        if c.partnership_status:
            lines.append(f"     status: {wording.value_label('status', c.partnership_status, lang)}")
    return "\n".join(lines)


@click.command("plan")
@click.argument("partnerships", nargs=-1, required=True, type=_FILES)
@click.option("--no-engine", is_flag=True, help="Do not ask the engine about the preconditions.")
@format_option()
@lang_option
@handle_errors
def plan_command(partnerships: Sequence[Path], no_engine: bool, fmt: str, lang: str) -> None:
    """Status of each PARTNERSHIP record (- reads standard input): current step, what the next step misses, next
    actions, evaluation."""
    from ..lifecycle import check_step, evaluate_monitoring, load_partnership, next_actions, next_step

    loaded = [load_partnership(name, text=text) for name, text in read_texts(partnerships)]

    def no_assess(_: Any) -> dict[str, str]:
        return {}

    assess = no_assess if no_engine else None
    records, texts = [], []
    for record in loaded:
        following = next_step(record)
        check = check_step(record, following, assess=assess)
        actions = next_actions(record, lang, assess=assess)
        evaluation = evaluate_monitoring(record) if record.monitoring else None
        revisit = () if no_engine else _plan_revisit(record)
        records.append(
            {
                "id": record.id,
                "step": record.step,
                "next_step": check.to_dict(lang),
                "next_actions": [a.to_dict() for a in actions],
                "revisit": [entry.to_dict() for entry in revisit],
                "evaluation": None if evaluation is None else evaluation.to_dict(lang),
            }
        )
        texts.append(_plan_text(record, following, check, actions, revisit, evaluation, lang))
    _emit(records, texts, fmt)


def _plan_revisit(record: Any) -> tuple[Any, ...]:
    """Earlier steps the engine's unmet preconditions send this partnership back to (empty without a relationship)."""
    from ..engine import Engine
    from ..report import revisit_for

    scenario = record.scenario()
    if scenario is None:
        return ()
    return revisit_for(Engine().evaluate(scenario).preconditions, record.step)


def _plan_text(record: Any, following: str, check: Any, actions: Any, revisit: Any, evaluation: Any, lang: str) -> str:
    """The plan in ``lang``: the step reached and the next, what is missing, actions, earlier steps to revisit."""
    en = lang == "en"

    def step(name: str) -> str:
        return wording.value_label("step", name, lang)

    number = f"{v.STEPS.index(record.step) + 1} {'of' if en else 'dari'} {len(v.STEPS)}"
    lines = [f"{record.title or record.id}: {'step reached' if en else 'langkah yang telah dicapai'} {step(record.step)} ({number})"]
    state = ("ready" if en else "siap") if check.allowed else ("not ready" if en else "belum siap")
    lines.append(f"{'Next step' if en else 'Langkah berikutnya'}: {step(following)} ({state})")
    lines += [f"  - {r.text.get(lang)}" for r in check.missing]
    lines.append("Next actions:" if en else "Tindakan berikutnya:")
    lines += [f"  [{step(a.step)}] {a.text}" for a in actions] or ["  -"]
    if revisit:
        lines.append("Earlier steps to revisit:" if en else "Perlu kembali ke langkah sebelumnya:")
        for entry in revisit:
            steps = wording.join([step(s) for s in entry.steps], lang)
            why = "because the precondition" if en else "karena prasyarat"
            status = wording.value_label("assessment", entry.status, lang)
            lines.append(f"  - {steps}, {why} \u201c{entry.label[lang]}\u201d: {status}")
            lines += [f"       {reason[lang]}" for reason in entry.reasons]
    if evaluation is not None:
        outcome = wording.value_label("outcome", evaluation.outcome, lang)
        lines.append(f"{'Evaluation' if en else 'Evaluasi'} ({evaluation.period}): {outcome} - {evaluation.outcome_text.get(lang)}")
        for finding in evaluation.findings:
            concept = f" [{_concept(finding.concept, lang)}]" if finding.concept else ""
            severity = wording.value_label("severity", finding.severity, lang)
            lines.append(f"  {severity}: {finding.text.get(lang)}{concept} ({finding.detail.get(lang)})")
            if evaluation.outcome == "revise_mou":
                lines.append(f"    -> {finding.change.get(lang)}")
    return "\n".join(lines)


def _concept(concept: str, lang: str) -> str:
    """A finding's concept (a drawback or a principle) by its catalogue label."""
    kind = "drawback" if concept in v.DRAWBACKS else "principle"
    return wording.concept_label(kind, concept, lang)

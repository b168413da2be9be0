"""``kemitraan map``, ``kemitraan screen`` and ``kemitraan plan``: the lifecycle commands.

Registered by :mod:`kemitraan_rules.cli`.  Invalid input prints every problem on stderr and exits with 2, without
a traceback (the shared :func:`~kemitraan_rules.cli.common.handle_errors`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from .common import handle_errors

__all__ = ["map_command", "plan_command", "screen_command"]

_FORMAT = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
_LANG = click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True, help="Language of the texts.")


def _json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


@click.command("map")
@click.argument("profile", type=click.Path(path_type=Path))
@_FORMAT
@_LANG
@handle_errors
def map_command(profile: Path, fmt: str, lang: str) -> None:
    """Kinds of partner to map for each need of PROFILE (reasons, weak LKP aspects, lacking provisions)."""
    from ..lifecycle.mapping import load_profile, map_partners
    from ..lifecycle.plc import assess_cycle

    loaded = load_profile(profile)
    result = map_partners(loaded)
    cycle = assess_cycle(loaded.aspects, loaded.indicators)
    if fmt == "json":
        _json({**result.to_dict(lang), "cycle": cycle.to_dict(lang)})
        return
    en = lang == "en"
    lines = [f"{'Partner map for' if en else 'Peta mitra untuk'} {result.institution}", ""]
    for entry in result.needs:
        lines.append(f"{entry.need} ({entry.type}){f' [{entry.source}]' if entry.source else ''}")
        if not entry.partners:
            lines.append("  -")
        for partner in entry.partners:
            lines.append(f"  {partner.weight}  {partner.kind}: {partner.why.get(lang)}")
    lines += ["", "Overall ranking:" if en else "Peringkat keseluruhan:"]
    lines += [f"  {k.score:>3}  {k.kind} ({', '.join(k.needs)})" for k in result.ranking]
    lines += ["", "Learn about each candidate:" if en else "Gali dari setiap calon mitra:"]
    lines += [f"  - {text.get(lang)}" for _, text in result.learn]
    lines += ["Approaches:" if en else "Pendekatan:"] + [f"  - {text.get(lang)}" for _, text in result.approaches]
    lines += ["", f"{'Program Life Cycle' if en else 'Siklus program'}: {cycle.stage} - {cycle.guidance.get(lang)}"]
    if cycle.unknown:
        lines.append(f"  {'unknown indicators' if en else 'indikator belum diketahui'}: {', '.join(cycle.unknown)}")
    click.echo("\n".join(lines))


@click.command("screen")
@click.argument("profile", type=click.Path(path_type=Path))
@click.argument("candidates", type=click.Path(path_type=Path))
@click.option("--top", type=click.IntRange(min=1), default=None, help="Show only the best N candidates.")
@click.option("--no-engine", is_flag=True, help="Score the criteria only; do not ask the engine for patterns.")
@click.option(
    "--engine-top",
    type=click.IntRange(min=1),
    default=None,
    help="Ask the engine only about the best N candidates by criteria (faster on long lists).",
)
@_FORMAT
@_LANG
@handle_errors
def screen_command(profile: Path, candidates: Path, top: int | None, no_engine: bool, engine_top: int | None, fmt: str, lang: str) -> None:
    """Rank the CANDIDATES partners for the institution of PROFILE (analisis potensi mitra)."""
    from ..lifecycle.mapping import load_candidates, load_profile, screen

    loaded = load_profile(profile)
    listed = load_candidates(candidates, seeker=loaded.institution.id)
    result = screen(loaded, listed, use_engine=not no_engine, engine_top=engine_top, lang=lang)
    ranked = result.candidates[:top] if top else result.candidates
    if fmt == "json":
        _json({"seeker": result.seeker, "candidates": [c.to_dict() for c in ranked]})
        return
    en = lang == "en"
    lines = [f"{'Candidates for' if en else 'Calon mitra untuk'} {result.seeker}", ""]
    for c in ranked:
        patterns = ", ".join(p for p in (c.legal_pattern, c.family_pattern) if p) or "-"
        lines.append(f"{c.rank:>3}. {c.name} ({c.kind})  score {c.score:.2f}  {'pattern' if en else 'pola'}: {patterns}")
        if c.reasons_for:
            lines.append(f"     + {'; '.join(c.reasons_for)}")
        if c.reasons_against:
            lines.append(f"     - {'; '.join(c.reasons_against)}")
        if c.unknown:
            lines.append(f"     ? {', '.join(c.unknown)}")
        if c.partnership_status:
            lines.append(f"     status: {c.partnership_status}")
    click.echo("\n".join(lines))


@click.command("plan")
@click.argument("partnership", type=click.Path(path_type=Path))
@click.option("--no-engine", is_flag=True, help="Do not ask the engine about the preconditions.")
@_FORMAT
@_LANG
@handle_errors
def plan_command(partnership: Path, no_engine: bool, fmt: str, lang: str) -> None:
    """Status of the PARTNERSHIP record: current step, what the next step misses, next actions, evaluation."""
    from ..lifecycle import check_step, evaluate_monitoring, load_partnership, next_actions, next_step

    record = load_partnership(partnership)

    def no_assess(_: Any) -> dict[str, str]:
        return {}

    assess = no_assess if no_engine else None
    following = next_step(record)
    check = check_step(record, following, assess=assess)
    actions = next_actions(record, lang, assess=assess)
    evaluation = evaluate_monitoring(record) if record.monitoring else None
    if fmt == "json":
        _json(
            {
                "id": record.id,
                "step": record.step,
                "next_step": check.to_dict(lang),
                "next_actions": [a.to_dict() for a in actions],
                "evaluation": None if evaluation is None else evaluation.to_dict(lang),
            }
        )
        return
    en = lang == "en"
    lines = [f"{record.title or record.id}: {'step' if en else 'langkah'} {record.step}"]
    state = ("ready" if en else "siap") if check.allowed else ("missing" if en else "belum terpenuhi")
    lines.append(f"{'Next step' if en else 'Langkah berikutnya'}: {following} ({state})")
    lines += [f"  - {r.text.get(lang)}" for r in check.missing]
    lines.append("Next actions:" if en else "Tindakan berikutnya:")
    lines += [f"  [{a.step}] {a.text}" for a in actions] or ["  -"]
    if evaluation is not None:
        lines.append(f"{'Evaluation' if en else 'Evaluasi'} ({evaluation.period}): {evaluation.outcome} - {evaluation.outcome_text.get(lang)}")
        for finding in evaluation.findings:
            concept = f" [{finding.concept}]" if finding.concept else ""
            lines.append(f"  {finding.severity}: {finding.text.get(lang)}{concept} ({finding.detail})")
            if evaluation.outcome == "revise_mou":
                lines.append(f"    -> {finding.change.get(lang)}")
    click.echo("\n".join(lines))

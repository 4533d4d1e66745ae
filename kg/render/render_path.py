"""Text view of a treatment path (the kg.questions.path_model.TreatmentPath kg.questions.paths.treatment_path returns).

Returns lines tagged with a kind ("notice", "title", "warning", "article", "stage", "applies", "option",
"not-applicable", "detail", "other") so the CLI can style them; `plain` joins them without styling.
"""

from __future__ import annotations

from .. import EDUCATIONAL_NOTICE
from ..questions.dose_text import number_text, quantity_text, range_text
from ..questions.path_model import Caution, PatientView, Step, StepDose, TreatmentPath

Line = tuple[str, str]
INDENT = "     "


def render_lines(path: TreatmentPath) -> list[Line]:
    out: list[Line] = [("notice", EDUCATIONAL_NOTICE)]
    cond = path.condition
    reached = [c.label for c in cond.reached if c.iri != cond.iri]
    title = f"Treatment path: {cond.label}"
    if reached:
        title += f" (also reaches: {'; '.join(reached)})"
    out.append(("title", title))
    out.append(("detail", "Patient: " + _patient(path.patient)))
    for w in cond.see_also:
        if w.relation in ("broader condition", "related condition"):
            out.append(("detail", f"See: {w.label} — has guidance and is a {w.relation} of {w.part.label}"))
        else:
            out.append(("detail", f"See: {w.label} — has guidance and has {w.part.label} as a {w.relation}"))
    for w in path.warnings:
        out.append(("warning", f"! {w}"))
    current_article, current_stage = None, None
    others = [s for s in path.steps if s.population_match is False]
    bounds = {p.iri: p.bounds for p in path.populations}
    for step in (s for s in path.steps if s.population_match is not False):
        src = step.source
        if src.article != current_article:
            current_article, current_stage = src.article, None
            pop = src.population.label if src.population else "population not stated"
            if src.population and path.patient.age is None and src.population.iri in bounds:
                pop += f" ({bounds[src.population.iri]}; numbered on its own)"
            out.append(("article", ""))
            out.append(("article", f"== {src.article_title or src.article} — for {pop} =="))
        if step.stage.label != current_stage:
            current_stage = step.stage.label
            out.append(("stage", f"-- {current_stage} --"))
        out.extend(_step(step))
    if others:
        out.append(("article", ""))
        out.append(("article", "== Guidance for other populations (not applicable to this patient) =="))
        for s in others:
            pop = s.source.population.label if s.source.population else "?"
            out.append(("other", f"  - {s.stage.label}: {s.therapy.label} ({s.strength}) — "
                                 f"for {pop}; {s.source.article_title}"))
    if path.cautions:
        out.append(("article", ""))
        out.append(("stage", "-- cautions for the condition --"))
        for c in path.cautions:
            out.append(("detail", "  " + _caution(c)))
    if path.monitoring:
        out.append(("article", ""))
        out.append(("stage", "-- monitoring --"))
        for m in path.monitoring:
            watch = ", ".join(x.label for x in m.monitors_for)
            pop = f" [{m.population.label}]" if m.population else ""
            out.append(("detail", f"  - {m.label}" + (f" (for {watch})" if watch else "") + pop))
    if path.diagnostic_tests:
        out.append(("stage", "-- diagnostic tests --"))
        for t in path.diagnostic_tests:
            when = ", ".join(q.label for q in t.when)
            members = f": {', '.join(t.members)}" if t.members else ""
            cond_txt = f" — when {when}" + ("" if t.applies else " (not given)") if when else ""
            out.append(("detail", f"  - {t.label}{members}{cond_txt}"))
    return out


def plain(path: TreatmentPath) -> str:
    return "\n".join(text for _, text in render_lines(path)) + "\n"


def _patient(p: PatientView) -> str:
    parts = []
    parts.append(f"age {number_text(p.age)}" if p.age is not None else "age not given")
    if p.sex:
        parts.append(p.sex)
    if p.weight_kg is not None:
        parts.append(f"{number_text(p.weight_kg)} kg")
    if p.height_cm is not None:
        parts.append(f"{number_text(p.height_cm)} cm")
    if p.crcl_ml_min is not None:
        parts.append(f"CrCl {number_text(p.crcl_ml_min)} mL/min")
    if p.egfr_ml_min_173m2 is not None:
        parts.append(f"eGFR {number_text(p.egfr_ml_min_173m2)} mL/min/1.73 m²")
    d = p.derived
    if d.bsa_m2:
        parts.append(f"BSA {d.bsa_m2.value} m² (Mosteller)")
    if d.ibw_kg:
        parts.append(f"IBW {d.ibw_kg.value} kg (Devine)")
    if p.features:
        parts.append("has: " + ", ".join(f.label for f in p.features))
    if p.avoid:
        parts.append("avoid: " + ", ".join(t.label for t in p.avoid))
    if p.population:
        parts.append("population: " + ", ".join(x.label for x in p.population))
    return " · ".join(parts)


def _step(s: Step) -> list[Line]:
    kind = s.status
    status = {"applies": "APPLIES", "option": "OPTION", "not-applicable": "NOT APPLICABLE"}[kind]
    if s.preferred:
        status += ", PREFERRED"
    # Only steps that apply are numbered; an option or a step that does not apply is never numbered.
    mark = f"{s.number}." if s.number else ("opt" if kind == "option" else " - ")
    head = f"  {mark} {s.therapy.label} — {s.strength}  [{status}]"
    lines: list[Line] = [(kind, head), ("detail", f"{INDENT}why: {s.reason}")]
    if s.preferred:
        lines.append(("detail", f"{INDENT}preferred for this patient: "
                                + ", ".join(f.label for f in s.preferred_matches)))
    elif s.preference_note:
        lines.append(("detail", f"{INDENT}preference: {s.preference_note}"))
    elif s.preferred_when:
        lines.append(("detail", f"{INDENT}preferred when: " + ", ".join(f.label for f in s.preferred_when)))
    for b in s.displaced_by:
        lines.append(("detail", f"{INDENT}displaced by: {b.therapy} ({b.stage}), preferred for "
                                + ", ".join(f.label for f in b.because)))
    if s.alternative_to and not s.option:
        when = " or ".join(s.alternative_when)
        suffix = f" ({when})" if when else ""
        lines.append(("detail", f"{INDENT}stands in for {s.alternative_to.label}{suffix}"))
    if s.dose_from:
        lines.append(("detail", f"{INDENT}dose: {s.dose_from.text}"))
    for d in s.doses:
        lines.extend(_dose(d))
    if not s.doses and not s.dose_from:
        lines.append(("detail", f"{INDENT}dose: none given"))
    if s.duration:
        du = s.duration
        words = [quantity_text(du.min, du.max, du.unit), f"counted from {du.from_}" if du.from_ else ""]
        lines.append(("detail", f"{INDENT}duration: " + " ".join(w for w in words if w)))
    if s.response_window:
        w = s.response_window
        lines.append(("detail", f"{INDENT}response window: {quantity_text(w.value, w.value, w.unit)}"))
    if s.note:
        lines.append(("detail", f"{INDENT}note: {s.note}"))
    for f in s.flags:
        lines.append(("warning", f"{INDENT}curator flag ({f.level}): {f.message}"))
    for c in s.cautions:
        lines.append(("warning", f"{INDENT}caution: {_caution(c)}"))
    for m in s.monitoring:
        lines.append(("detail", f"{INDENT}monitor: {m.label} ({m.linked_by})"))
    if s.citations:
        lines.append(("detail", f"{INDENT}cites: " + "; ".join(c.text for c in s.citations)))
    for c in s.citations:
        for f in c.flags:
            lines.append(("warning", f"{INDENT}curator flag on [{c.marker}] ({f.level}): {f.message}"))
    src = s.source
    pop = src.population.label if src.population else "population not stated"
    lines.append(("detail", f"{INDENT}source: {src.article_title} ({pop})"))
    return lines


def _dose(d: StepDose) -> list[Line]:
    lines: list[Line] = [("detail", f"{INDENT}dose as written: {d.as_written}")]
    if d.offered is False:
        lines.append(("warning", f"{INDENT}NOT OFFERED for this patient: "
                                 + "; ".join(b.reason for b in d.bands or () if b.status == "outside")))
    for b in d.bands or ():
        if b.status == "in":
            lines.append(("detail", f"{INDENT}band: {b.reason}"))
        elif b.status == "not-evaluated":
            lines.append(("warning", f"{INDENT}{b.reason} (band: {b.text})"))
    if d.offered is False:
        return lines
    if not d.computed:  # a computed line carries the flags itself, next to the number
        for f in d.flags:
            lines.append(("warning", f"{INDENT}curator flag on this dose ({f.level}): {f.message}"))
    c = d.computed
    if c:
        amount = range_text(c.min, c.max)
        per = f"/{c.per}" if c.per and c.per != "period not stated" else ""
        extra = f"; {c.cap}" if c.cap else f"; {c.maximum}"
        gaps = f" [{'; '.join(c.gaps)}]" if c.gaps else ""
        lines.append(("detail", f"{INDENT}for this patient: {amount} {c.unit}{per}{gaps}{extra} ({c.rounding})"))
        lines.append(("detail", f"{INDENT}  formula: {c.formula}"))
        for w in c.warnings:
            lines.append(("warning", f"{INDENT}  ! {w}"))
    elif d.missing:
        lines.append(("detail", f"{INDENT}not computed: {', '.join(d.missing)}"))
    for r in d.range_position:
        because = ", ".join(f.label for f in r.because)
        per = f"/{c.per}" if c and c.per and c.per != "period not stated" else ""
        value = ""
        if c and r.computed is not None:
            value = f" = {number_text(r.computed)} {c.unit}{per} for this patient"
        where = "; ".join(f"{st.locator}: {st.summary}" for st in r.statements)
        lines.append(("detail", f"{INDENT}range: toward the {r.position} ({number_text(r.amount)} "
                                f"{d.unit} {d.basis}{value}) because of {because} — {where}"))
    return lines


def _caution(c: Caution) -> str:
    agent = f"{c.agent_dose_level + ' ' if c.agent_dose_level else ''}{c.agent.label}" if c.agent else ""
    text = f"risk of {c.risk.label}" if c.risk else "risk"
    if agent:
        text += f" with {agent}"
    if c.in_patients_with:
        text += f" in {c.in_patients_with.label}"
    if c.mitigation:
        text += f"; {c.mitigation.rstrip('.')}"
    if c.monitoring:
        text += "; monitor: " + ", ".join(m.label for m in c.monitoring)
    return text

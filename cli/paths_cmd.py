"""`kg paths`: the treatment path for a condition and a patient."""

from __future__ import annotations

import click

from kg.errors import excerpt

from .options import format_option, handle_errors, open_store, progress, store_option, terminal_safe, write_result

_STYLES = {
    "notice": {"fg": "yellow"},
    "title": {"bold": True},
    "warning": {"fg": "red"},
    "article": {"bold": True, "fg": "cyan"},
    "stage": {"bold": True},
    "applies": {"fg": "green", "bold": True},
    "option": {"fg": "blue", "bold": True},
    "not-applicable": {"dim": True},
    "other": {"dim": True},
}


@click.command(name="paths")
@click.argument("condition")
@click.option("--age", metavar="YEARS",
              help="Age in years (0-120, at most 3 decimals); selects guidance for children or adults.")
@click.option("--sex", metavar="F|M", help="female or male (F, M, any case); needed for ideal body weight (Devine).")
@click.option("--weight", metavar="KG", help="Body weight in kg (0.2-350, a plain number without the unit).")
@click.option("--height", metavar="CM", help="Height in cm (40-250); needed for BSA and ideal body weight.")
@click.option("--crcl", metavar="ML_MIN",
              help="Creatinine clearance in mL/min (0-400); checks doses the graph gives for a CrCl band.")
@click.option("--egfr", metavar="ML_MIN_1.73M2",
              help="eGFR in mL/min/1.73 m2 (0-400); checks doses given for an eGFR band (never taken as a CrCl).")
@click.option("--has", "has", multiple=True, metavar="FEATURE",
              help="A feature or comorbidity the patient has, as the graph names it (repeatable).")
@click.option("--avoid", "avoid", multiple=True, metavar="THERAPY",
              help="A therapy or drug class that is contraindicated or not tolerated (repeatable).")
@click.option("--response", type=click.Choice(["inadequate"]),
              help="Response to first-line treatment; 'inadequate' brings in the escalation steps.")
@click.option("--walk", type=click.Choice(["networkx", "sparql"]), default="networkx", show_default=True,
              help="How the graph is walked; both give the same path.")
@format_option(result="kg.questions.path_model:TreatmentPath")
@store_option
@handle_errors
def paths(condition: str, age: str | None, sex: str | None, weight: str | None, height: str | None,
          crcl: str | None, egfr: str | None, has: tuple[str, ...], avoid: tuple[str, ...], response: str | None,
          walk: str, fmt: str, store: str | None) -> None:
    """Lay out the treatment path for CONDITION and one patient, step by step.

    Stages come in the order the graph gives them (first line, adjuncts, alternatives, escalation,
    refractory, taper/maintenance). Each step shows why it applies or not, the dose as written and,
    when the measurements allow, the dose computed for this patient (BSA by Mosteller, ideal body
    weight by Devine, the stated maximum applied), the position in the range a feature selects,
    cautions, monitoring, citations and its article. Steps that do not apply are shown with the reason.

    \b
    Examples:
      kg paths "scleroderma-myositis overlap" --age 45 --sex female --weight 70 --height 165
      kg paths "scleroderma-myositis overlap" --age 45 --weight 70 --has diabetes
      kg paths "scleroderma-myositis overlap" --age 45 --sex male --height 180 --avoid methotrexate
      kg paths "scleroderma-myositis overlap" --age 45 --response inadequate --has "severe weakness"
      kg paths "scleroderma-myositis overlap" --age 10 --weight 30 --height 135 --format json
      kg paths "scleroderma-myositis overlap" --age 30 --sex female --weight 70 --height 165 --has "pregnancy planning"
      kg paths "scleroderma-myositis overlap" --age 12 --has "refractory disease" --avoid infliximab --avoid adalimumab
      kg paths JDM --age 10
      kg paths "bone and joint infection" --age 70 --weight 80 --crcl 25

    A dose the graph gives for a patient band (a weight, age or renal-function band) is offered only
    when the patient is in it: one outside is listed as NOT OFFERED with the band and the value; one
    whose measure was not given says "band not evaluated: needs ..." and is never chosen silently.

    Each step ends APPLIES (numbered per population), OPTION or NOT APPLICABLE with its reason; a
    step is PREFERRED only when it applies. Without --age each population is shown on its own.
    A feature or --avoid that matches nothing in an article is reported. The rules are in
    docs/path-semantics.md.

    Names of conditions, features and therapies: see `kg conditions` and `kg therapies`.
    Educational use only: not medical advice.
    """
    from kg.questions.paths import check_patient, treatment_path, typed_patient
    from kg.read.names import NameIndex

    patient = typed_patient(age, sex, weight, height, has, avoid, response, crcl=crcl, egfr=egfr)
    check_patient(patient)
    s = open_store(store)
    progress(f"walking the graph for {excerpt(condition)}")
    path = treatment_path(s, NameIndex(s), condition, patient, walk=walk)
    if fmt == "json":
        write_result(path, "json")
        return
    from kg.render.render_path import render_lines

    for kind, text in render_lines(path):
        text = terminal_safe(text)
        click.echo(click.style(text, **_STYLES[kind]) if kind in _STYLES and text else text)

"""`kg viz`: write the graph around a condition (or a reference) as one offline, interactive HTML page."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

import click

from .options import count_range, echo_text, handle_errors, open_store, progress, store_option

# The patient options of `kg paths`, reused as the same click objects so both commands always take
# exactly the same flags with the same checks and help.
PATIENT_OPTIONS = ("age", "sex", "weight", "height", "has", "avoid", "response")


@click.command()
@click.argument("condition", required=False, metavar="[CONDITION]")
@click.option("--path", "with_path", is_flag=True,
              help="Highlight the treatment path `kg paths` derives for the patient described by the patient "
              "options, numbered in order. Needs CONDITION.")
@click.option("--reference", "reference", metavar="REF",
              help="Highlight everything that relies on this cited work (title, CURIE or IRI). Without CONDITION "
              "the view is that work's neighbourhood.")
@click.option("--depth", type=count_range(0), default=None, metavar="N",
              help="Keep only nodes within N hops of CONDITION (or REF).")
@click.option("--max-nodes", type=count_range(1), default=500, show_default=True, metavar="N",
              help="Draw at most N nodes; the page says so when it cuts. Path and highlighted nodes are kept first.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE.html", help="Where to write the page (UTF-8, self-contained, works offline). Written "
              "atomically; an existing file is replaced only if it is unchanged since `kg viz` wrote it, or with --force; never "
              "a symlink, never under graph/.")
@click.option("--force", is_flag=True, help="Replace an existing file that kg viz did not write, or that was edited since.")
@click.option("--open", "open_page", is_flag=True, help="Open the written page in the default browser.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: a short summary; json: what was drawn (nodes, edges, whether the view was cut).")
@store_option
@handle_errors
def viz(condition: str | None, with_path: bool, reference: str | None, depth: int | None, max_nodes: int,
        output: Path, force: bool, open_page: bool, fmt: str, store: str | None, age: str | None, sex: str | None,
        weight: str | None, height: str | None, has: tuple[str, ...], avoid: tuple[str, ...],
        response: str | None) -> None:
    """Write an interactive graph of the guidance as a single HTML page.

    Nodes are coloured and shaped by kind (condition, therapy, dose, recommendation, caution,
    monitoring, statement, reference, article) with a legend; stage and population are shown on
    recommendations. Click or hover a node to read its evidence: the dose written out, the statement
    locator (article › section › item), the citation markers as printed and the works they resolve to.
    Filter by kind, article or stage in the page. The page makes no network request.

    Without CONDITION the whole curated guidance is drawn.

    \b
      kg viz -o all.html
      kg viz "scleroderma-myositis overlap" -o overlap.html --open
      kg viz "juvenile overlap syndrome" --depth 2 -o juvenile.html
      kg viz --reference "Scleroderma overlap syndrome." -o imaj.html
      kg viz "scleroderma-myositis overlap" --path --age 45 --sex female --weight 70 --height 165 -o path.html
    """
    from kg import EDUCATIONAL_NOTICE
    from kg.errors import InputError
    from kg.questions.projection import path_steps, project, require_focus_for_depth
    from kg.read.names import NameIndex
    from kg.render.viz import render_html
    from kg.safe_write import check_target, write_output

    patient = None
    if with_path or any(v not in (None, ()) for v in (age, sex, weight, height, has, avoid, response)):
        # The path's patient model (and its dosing) is loaded only when a patient is described.
        from kg.questions.paths import Patient, check_patient, typed_patient

        patient = typed_patient(age, sex, weight, height, has, avoid, response)
        if with_path and not condition:
            raise InputError("--path needs a CONDITION",
                             'e.g. kg viz "scleroderma-myositis overlap" --path --age 45 ...')
        if not with_path and patient != Patient():
            raise InputError("patient options only apply with --path", "add --path to highlight the patient's path")
        check_patient(patient)
    require_focus_for_depth(depth, condition or reference)
    check_target(output, force=force)  # refuse before the work, not after
    st = open_store(store)
    names = NameIndex(st)
    path_ids: list[str] = []
    if with_path and condition and patient is not None:
        progress("deriving the treatment path for the patient")
        path_ids = path_steps(st, condition, patient, names)
    progress("projecting the graph" + (f" around {condition}" if condition else ""))
    # The walk stops near --max-nodes (path steps first), so the page costs what it shows.
    view = project(st, condition, reference=reference, names=names, max_nodes=max_nodes, include=path_ids)
    progress(f"rendering {view.graph.number_of_nodes():,} nodes and {view.graph.number_of_edges():,} edges")
    page, report = render_html(
        view.graph,
        title=view.title,
        highlight_path=path_ids or None,
        highlight=view.highlight or None,
        max_nodes=max_nodes,
        focus=view.focus,
        depth=depth,
        notice=EDUCATIONAL_NOTICE,
        # The path alone, by stage left to right; the whole guidance as the clustered overview.
        layout="path" if path_ids else ("overview" if not (condition or reference) else "force"),
    )
    written = write_output(output, page, force=force)
    if fmt == "json":
        doc = {"output": str(written), **asdict(report), "path": path_ids, "highlighted": len(view.highlight),
               "walk_stopped_at_max_nodes": view.truncated}
        sys.stdout.write(json.dumps(doc, indent=2, sort_keys=True) + "\n")
    else:
        echo_text(f"Wrote {written}: {report.message}")
        if report.cut or view.truncated:
            click.echo("The view was cut: raise --max-nodes or narrow it with --depth to see more.")
        if path_ids:
            steps = ", ".join(view.graph.nodes[r]["label"] for r in path_ids if r in view.graph)
            click.echo(f"Path: {len(path_ids)} applicable step(s), numbered in order: {steps}")
        elif with_path:
            click.echo("Path: no step applies to this patient; see `kg paths` for the reasons.")
        if view.highlight:
            click.echo(f"Highlighted: {len(view.highlight)} node(s) relying on the reference.")
        click.echo(EDUCATIONAL_NOTICE)
    if open_page:
        click.launch(str(written.resolve()))


def _attach_patient_options() -> None:
    from .paths_cmd import paths

    shared = [p for p in paths.params if p.name in PATIENT_OPTIONS]
    at = next(i for i, p in enumerate(viz.params) if p.name == "store")
    viz.params[at:at] = shared


_attach_patient_options()

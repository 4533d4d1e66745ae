"""`kg trace`: from guidance back to statements and references, or from a reference forward."""

from __future__ import annotations

import click

from .options import format_option, handle_errors, open_store, store_option, write_result


@click.command()
@click.argument("thing", required=False)
@click.option(
    "--reference",
    "-r",
    "reference",
    metavar="REF",
    help="Trace forward from a cited work (title, IRI or CURIE such as ref:imaj-2011-scleroderma-overlap-syndrome).",
)
@click.option("--impact", is_flag=True, help="With --reference: what would be left with no supporting reference.")
@click.option(
    "--sources",
    "sources",
    metavar="DIR",
    default=None,
    help="Directory of article files: show each statement's own text, found by locator and confirmed by "
    "checksum. Env: KG_SOURCES; default ../shared/seeds beside the project, skipped when absent.",
)
@format_option(result="kg.questions.evidence:Trace")
@store_option
@handle_errors
def trace(
    thing: str | None, reference: str | None, impact: bool, sources: str | None, fmt: str, store: str | None
) -> None:
    """Show the evidence behind guidance, or everything that relies on a reference.

    THING is a therapy, recommendation, dose, caution, monitoring item or statement, by name or
    IRI/CURIE. For each statement that asserts it you get the article, the locator (section › item),
    the citation markers as printed and the reference each resolves to — or that it does not.

    \b
      kg trace methotrexate
      kg trace art:ssc-myositis-overlap-adult/rec-ivig --sources ../shared/seeds
      kg trace --reference "Guideline Directed Topic Overview"
      kg trace --reference ref:imaj-2011-scleroderma-overlap-syndrome --impact
      kg trace rituximab --format json
    """
    from pathlib import Path

    from kg.config import sources_dir
    from kg.errors import InputError
    from kg.questions.evidence import impact as run_impact
    from kg.questions.evidence import resolve_reference, resolve_thing, trace_back, trace_forward
    from kg.read.names import NameIndex

    if bool(thing) == bool(reference):
        raise InputError("give either THING or --reference REF", "see `kg trace --help`")
    if impact and not reference:
        raise InputError("--impact needs --reference REF")
    st = open_store(store)
    names = NameIndex(st)
    src = Path(sources) if sources else sources_dir()
    if not src.is_dir():
        if sources:
            raise InputError(f"sources directory not found: {src}")
        src = None  # no configured article files: trace without statement text
    if reference:
        ref = resolve_reference(st, reference, names)
        if impact:
            write_result(run_impact(st, ref), fmt)
            return
        result = trace_forward(st, ref, src)
    else:
        iri, kind = resolve_thing(st, thing, names)
        result = trace_back(st, iri, kind, src)
    write_result(result, fmt)

"""`kg trace`: from guidance back to statements and references, or from a reference forward."""

from __future__ import annotations

import sys

import click

from .options import format_option, handle_errors, open_store, store_option, write_text


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
@format_option("text", "json")
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

    from kg import EDUCATIONAL_NOTICE
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
            result = run_impact(st, ref)
            _out(fmt, result, lambda: render_impact(result))
            return
        result = trace_forward(st, ref, src)
    else:
        iri, kind = resolve_thing(st, thing, names)
        result = trace_back(st, iri, kind, src)
    _out(fmt, result, lambda: render_trace(result))
    if fmt == "text":
        click.echo(EDUCATIONAL_NOTICE)


def _out(fmt: str, result, text) -> None:
    if fmt == "json":
        from kg.render.result_json import to_json

        sys.stdout.write(to_json(result))
    else:
        write_text(text())


def _short(iri: str | None) -> str:
    from rdflib import URIRef

    from kg.vocab.curie import shorten

    return shorten(URIRef(iri)) if iri else ""


def _citation_line(c) -> str:
    if not c.resolved:
        return f"[{c.label}] does not resolve: no reference-list entry" + (
            " (flagged by curator)" if c.flagged_unresolved else ""
        )
    return (
        f"[{c.label}] → #{c.position} {c.type_as_printed or c.work_type}: {c.title_as_printed} — "
        f"{c.source_as_printed}, {c.year_as_printed}"
    )


def render_trace(t) -> str:
    out = []
    direction = "evidence for" if t.direction == "back" else "relies on"
    out.append(
        f"{t.subject_kind} {t.subject_label} ({_short(t.subject)}) — {direction}"
        if t.direction == "back"
        else f"reference {t.subject_label} ({_short(t.subject)}) — what relies on it"
    )
    if t.entries:
        for e in t.entries:
            out.append(
                f"  listed in {e['article_title']} as #{e['position']}; "
                f"cited by {e['cited_by_statements']} statement(s)"
            )
    holders_by_article: dict[str, list] = {}
    for h in t.holders:
        holders_by_article.setdefault(h.article or "", []).append(h)
    by_article = t.by_article()
    for article in sorted(set(by_article) | set(holders_by_article)):
        statements = by_article.get(article, [])
        title = statements[0].article_title if statements else _short(article)
        out.append("")
        out.append(f"== {title} ({_short(article)})")
        for h in holders_by_article.get(article, []):
            out.append(f"  {h.kind}: {h.label}")
            for place in h.feeds:
                bits = [place.get("condition"), place.get("stage"), place.get("therapy"), place.get("population")]
                out.append("      feeds: " + " / ".join(b for b in bits if b))
        for st in statements:
            out.append(f"  • {st.locator}  (line {st.source_line}, markers: {st.markers_as_printed or 'none'})")
            if st.summary:
                out.append(f"      summary: {st.summary}")
            if st.source:
                status = st.source["status"]
                if st.source.get("text"):
                    out.append(f"      text [{status}]: {st.source['text']}")
                else:
                    out.append(f"      text [{status}]: {st.source.get('detail', '')}")
            if not st.citations:
                out.append("      cites nothing")
            for c in st.citations:
                out.append("      " + _citation_line(c))
    orphan_holders = holders_by_article.get("", [])
    for h in orphan_holders:
        out.append(f"  {h.kind}: {h.label}")
    if not t.statements:
        out.append("no statements found")
    return "\n".join(out) + "\n"


def render_impact(im) -> str:
    out = [f"if {im.reference_label} ({_short(im.reference)}) were withdrawn:", ""]
    out.append(f"left with no supporting reference ({len(im.left_without_support)}):")
    for item in im.left_without_support:
        out.append(f"  - {item.kind}: {item.label}  [{_short(item.article)}]")
    out.append("")
    out.append(f"keeps other support ({len(im.keeps_other_support)}):")
    for item in im.keeps_other_support:
        which = "; ".join(o["title"] for o in item.other_support)
        out.append(f"  - {item.kind}: {item.label}  [{_short(item.article)}] — still cited: {which}")
    out.append("")
    out.append("conditions and treatment-path places affected:")
    for place in im.feeds:
        out.append(
            "  - "
            + " / ".join(
                v
                for v in (place.get("condition"), place.get("stage"), place.get("therapy"), place.get("population"))
                if v
            )
        )
    return "\n".join(out) + "\n"

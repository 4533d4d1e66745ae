"""`kg compare`: what the articles say about the same therapy, side by side."""

from __future__ import annotations

import json
import sys

import click

from .options import format_option, handle_errors, open_store, store_option


@click.command()
@click.argument("subject", required=False, metavar="[CONDITION|THERAPY]")
@format_option("text", "json")
@store_option
@handle_errors
def compare(subject: str | None, fmt: str, store: str | None) -> None:
    """Compare the articles' recommendations for each therapy more than one of them addresses.

    Side by side: stage, dose (normalised: g→mg by UCUM code, per week→per day, per dose given once
    daily == per day), basis, route, duration, frequency, maximum, population and indication. Each
    difference is classified — same; different dose; different basis; only in one article; explained
    by a different population or indication — and both sides cite their statements and markers.
    Drugs of one class used by different articles are listed at class level, never equated.

    \b
      kg compare
      kg compare "scleroderma-myositis overlap"
      kg compare IVIG --format json
    """
    from kg import EDUCATIONAL_NOTICE
    from kg.compare import compare as run_compare
    from kg.errors import UnknownName
    from kg.names import NameIndex

    st = open_store(store)
    iri = kind = None
    if subject:
        names = NameIndex(st)
        try:
            iri, kind = names.resolve(subject, "therapy"), "therapy"
        except UnknownName:
            iri, kind = names.resolve(subject, "condition", "therapy"), "condition"
            if iri and not _is_condition(st, iri):
                kind = "therapy"
    result = run_compare(st, iri, kind)
    if fmt == "json":
        doc = {"notice": EDUCATIONAL_NOTICE, **result.as_dict()}
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
        return
    sys.stdout.write(render(result))
    click.echo(EDUCATIONAL_NOTICE)


def _is_condition(st, iri) -> bool:
    return st.ask("ASK { ?x a kgv:Condition }", {"x": iri})


def _short(iri: str | None) -> str:
    from rdflib import URIRef

    from kg.results_format import shorten

    return shorten(URIRef(iri)) if iri else ""


def _side_lines(side) -> list[str]:
    lines = [
        f"    {side.article_title} ({_short(side.article)}): {side.stage or '?'}, "
        f"{side.population or 'population not stated'}"
    ]
    if side.dose:
        lines.append(
            f"      dose: {side.dose['display']}"
            + (f" (as given for {_short(side.dose_from)})" if side.dose_from else "")
        )
        for step in side.dose["formula"]:
            lines.append(f"        normalised: {step}")
    if side.indication:
        lines.append(f"      indication: {'; '.join(side.indication)}")
    for c in side.citations:
        refs = "; ".join(c["references"]) or "no resolving reference"
        unresolved = f", unresolved: {', '.join(c['unresolved'])}" if c["unresolved"] else ""
        lines.append(f"      cites: {c['locator']} [markers {c['markers'] or 'none'}] → {refs}{unresolved}")
    return lines


def render(result) -> str:
    out = []
    if result.subject:
        out.append(f"comparison for {result.subject_label} ({_short(result.subject)})")
    if not result.therapies:
        out.append("no therapy is addressed by more than one article")
    for tc in result.therapies:
        out.append("")
        out.append(f"== {tc.label}")
        for row in tc.rows:
            head = row.classification + (f" ({row.underlying})" if row.underlying else "")
            out.append(f"  * {head}")
            for reason in row.explained_by:
                out.append(f"      {reason}")
            for d in row.differences:
                if d["field"] in ("population", "indication"):
                    continue
                vals = " | ".join(str(v) if v is not None else "—" for v in d["values"])
                note = f" ({d['note']})" if d.get("note") else ""
                out.append(f"      {d['field']}: {vals}{note}")
            for side in row.sides:
                out.extend(_side_lines(side))
    if result.classes:
        out.append("")
        out.append("== drug-class level (different drugs of one class; doses shown, not equated)")
        for cc in result.classes:
            out.append(f"  {cc.label}:")
            for article, rows in cc.by_article.items():
                items = "; ".join(f"{r['therapy']} ({r['stage']})" for r in rows)
                out.append(f"    {_short(article)}: {items}")
    return "\n".join(out) + "\n"

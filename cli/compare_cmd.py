"""`kg compare`: what the articles say about the same therapy, a related drug or a drug class, side by side."""

from __future__ import annotations

import sys

import click

from .options import format_option, handle_errors, open_store, store_option, write_text


@click.command()
@click.argument("subject", required=False, metavar="[CONDITION|THERAPY|CLASS]")
@format_option("text", "json")
@store_option
@handle_errors
def compare(subject: str | None, fmt: str, store: str | None) -> None:
    """Compare the articles' recommendations for each therapy more than one of them addresses.

    Pairs are made across articles and each says why: the same drug; drugs the graph relates
    (skos:related, with the curator's justification and source); or drugs of one class
    (kgv:drugClass), listed by stage with doses shown but never equated.

    Side by side: stage, dose, basis, route, duration, frequency, maximum, population and indication.
    Doses are normalised in unit only (g→mg, ug→mg by UCUM code); each keeps its own period and basis,
    and two doses are equated only per the same period and basis. A weekly, per-course or per-dose
    amount is never spread over days (a per-dose amount with a stated number of doses a day has an
    exact daily total). Each difference is classified — same; different dose; different basis; only
    in one article; explained by a different population or indication — and both sides cite their
    statements and markers.

    \b
      kg compare
      kg compare glucocorticoids
      kg compare prednisone
      kg compare "scleroderma-myositis overlap"
      kg compare IVIG --format json
    """
    from kg import EDUCATIONAL_NOTICE
    from kg.questions.compare import compare as run_compare
    from kg.questions.compare import resolve_subject

    st = open_store(store)
    iri = kind = None
    if subject:
        iri, kind = resolve_subject(st, subject)
    result = run_compare(st, iri, kind)
    if fmt == "json":
        from kg.render.result_json import to_json

        sys.stdout.write(to_json(result))
        return
    write_text(render(result))
    click.echo(EDUCATIONAL_NOTICE)


def _short(iri: str | None) -> str:
    from rdflib import URIRef

    from kg.vocab.curie import shorten

    return shorten(URIRef(iri)) if iri else ""


def _side_lines(side) -> list[str]:
    lines = [
        f"    {side.article_title} ({_short(side.article)}): {side.therapy_label}, {side.stage or '?'}, "
        f"{side.population or 'population not stated'}"
    ]
    if side.dose:
        lines.append(
            f"      dose: {side.dose.display}"
            + (f" (as given for {_short(side.dose_from)})" if side.dose_from else "")
        )
        if side.dose.quantity:
            lines.append(f"        compared as: {side.dose.quantity}")
        for step in side.dose.formula:
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
        addressed = ", ".join(_short(a) for a in result.addressed_by) or "no article"
        out.append(f"no therapy, and no drugs the graph relates, are addressed by more than one article "
                   f"(addressed by: {addressed})")
    for tc in result.therapies:
        out.append("")
        out.append(f"== {tc.label}")
        out.append(f"  paired because: {tc.pairing.text}")
        if tc.pairing.justification:
            out.append(f"    justification: {tc.pairing.justification}")
        if tc.pairing.source:
            out.append(f"    source: {tc.pairing.source}")
        for row in tc.rows:
            head = row.classification + (f" ({row.underlying})" if row.underlying else "")
            out.append(f"  * {head}")
            if row.paired_because:
                out.append(f"      paired because: {'; '.join(row.paired_because)}")
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
        out.append("== drug-class level (drugs of one class; doses shown, not equated)")
        for cc in result.classes:
            out.append(f"  {cc.label}:")
            for article, items in cc.by_article.items():
                out.append(f"    {_short(article)}:")
                for item in items:
                    doses = "; ".join(item.doses) or "no dose recorded"
                    out.append(f"      {item.stage}: {item.therapy_label} ({doses})")
            for pair in cc.pairs:
                a, b = (f"{label} ({_short(art)})" for label, art in zip(pair.labels, pair.articles, strict=True))
                out.append(f"    {pair.stage}: {a} ↔ {b}: {pair.because.text}")
    return "\n".join(out) + "\n"

"""`kg compare`: what the articles say about the same therapy, a related drug or a drug class, side by side."""

from __future__ import annotations

import click

from .options import format_option, handle_errors, open_store, store_option, write_result


@click.command()
@click.argument("subject", required=False, metavar="[CONDITION|THERAPY|CLASS]")
@format_option(result="kg.questions.compare:Comparison")
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
    from kg.questions.compare import compare as run_compare
    from kg.questions.compare import resolve_subject

    st = open_store(store)
    iri = kind = None
    if subject:
        iri, kind = resolve_subject(st, subject)
    write_result(run_compare(st, iri, kind), fmt)

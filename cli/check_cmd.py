"""`kg check`: citation integrity and curator flags."""

from __future__ import annotations

import sys

import click

from .options import format_option, handle_errors, open_store, store_option, write_result


@click.command()
@click.option("--strict", is_flag=True, help="Exit non-zero on warnings too, not only on errors.")
@click.option(
    "--level",
    type=click.Choice(["error", "warning", "info"]),
    default="info",
    show_default=True,
    help="Show findings at this level and above.",
)
@format_option(result="kg.questions.integrity:CheckReport")
@store_option
@handle_errors
def check(strict: bool, level: str, fmt: str, store: str | None) -> None:
    """Report citation problems and everything the curators flagged.

    Dangling citation markers, references never cited, statements of guidance that cite nothing,
    references shared between articles (and how they were matched: normalised title, source and
    year), near-duplicate works, entries whose printed fields disagree with the work, and every
    curator flag. Each finding names the article and the locator (section › item, or References › N).
    On a store `kg build` wrote, the report the build kept with it is shown (the same findings, without
    checking a million triples again); a store without one, or with one written by another version, is
    checked in full.

    Exit status: 1 when there are errors; with --strict also when there are warnings; else 0.

    \b
      kg check
      kg check --strict
      kg check --format json | jq '.findings[] | select(.kind == "dangling-marker")'
    """
    from kg.questions.integrity import check_report
    from kg.questions.integrity_cache import stored_findings

    opened = open_store(store)
    report = check_report(opened, level, stored_findings(opened))
    write_result(report, fmt)
    if report.failed or (strict and report.summary["warning"]):
        sys.exit(1)

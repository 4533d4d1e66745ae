"""`kg conditions`, `kg therapies`, `kg references`."""

from __future__ import annotations

import sys

import click

from .options import handle_errors, open_store, store_option, write_text


def _listing_command(kind: str, doc: str) -> click.Command:
    @click.command(name=kind, help=doc)
    @click.option(
        "--format", "fmt", type=click.Choice(["table", "json", "csv", "tsv"]), default="table", show_default=True
    )
    @store_option
    @handle_errors
    def command(fmt: str, store: str | None) -> None:
        from kg.read.catalog import listing
        from kg.render import render

        text = render(listing(open_store(store), kind), fmt)
        write_text(text) if fmt == "table" else sys.stdout.write(text)

    return command


conditions = _listing_command(
    "conditions",
    "List conditions and patient features with their synonyms, broader condition and how many "
    "recommendations name them. Any label or synonym shown works wherever a command takes a condition.",
)
therapies = _listing_command(
    "therapies", "List drugs, drug classes, non-drug therapies and combinations with abbreviations and classes."
)
references = _listing_command(
    "references",
    "List cited works with type, source and year, and which article cites each at which number. "
    "A work cited by both articles appears once.",
)

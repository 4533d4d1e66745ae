"""`kg build` and `kg export`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import handle_errors, open_store, progress, store_option, terminal_safe, terminate_as_interrupt

INTERRUPTED_EXIT = 130  # the shell's code for a command stopped by an interrupt


@click.command()
@store_option
@click.option(
    "--graph-dir",
    type=click.Path(file_okay=False, exists=True),
    default=None,
    help="Curated sources to build from. Default: graph/ in the project.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@click.option("--full", is_flag=True, help="Rebuild everything even when only article files changed.")
@click.option("--timings", is_flag=True,
              help="Print the wall and CPU seconds of each phase to standard error (one JSON line, 'timings: {...}').")
@handle_errors
def build(store: str | None, graph_dir: str | None, quiet: bool, full: bool, timings: bool) -> None:
    """Validate the curated sources and build the store.

    Reads graph/ (vocabulary, entities, one Turtle file per article), applies the derivation
    rules in graph/rules, validates everything against the SHACL shapes in graph/shapes, and
    writes a new Oxigraph store that replaces the old one atomically. On a validation error it
    prints every problem with its file, node, property and rule, exits 1, and leaves the previous
    store untouched. Integrity warnings from `kg check` are printed after a successful build.
    When only article files changed since the last build, only those articles are re-read,
    re-derived and re-validated (the result is the same as a full build; --full forces one);
    when nothing changed, the store is left as it is.
    Stopped by Ctrl-C or SIGTERM, it removes what it had written, keeps the previous store and
    exits 130. With --store URL the sources are validated the same way and loaded into the
    endpoint atomically (one update transaction, or staging graphs moved into place by one
    request); credentials come from $KG_STORE_USER/$KG_STORE_PASSWORD or ~/.netrc.

    The store's lock is taken first: if another build is writing the store, it exits 75 ("store in
    use") at once. A directory that is not empty and is not a store (no .kg-store marker) is refused.

    \b
    Exit codes: 0 built; 1 validation or write failure; 2 bad input; 75 store in use; 130 interrupted.
    """
    from pathlib import Path

    from kg.config import GRAPH_DIR, store_location
    from kg.publish.build import build as run_build
    from kg.store import is_remote

    location = store_location(store)
    sources = Path(graph_dir) if graph_dir else GRAPH_DIR
    if not is_remote(location):
        _refuse_store_in_sources(Path(location), sources)
    try:
        with terminate_as_interrupt():
            if is_remote(location):
                from kg.publish.push import push

                report = push(sources, location, progress=None if quiet else progress)
            else:
                from kg.questions.integrity_cache import annotate

                phases: dict[str, float] | None = {} if timings else None
                report = run_build(sources, location, progress=None if quiet else progress, full=full,
                                   annotate=annotate, timings=phases)
                if phases is not None:
                    import json

                    click.echo("timings: " + json.dumps(phases), err=True)
    except KeyboardInterrupt:
        if is_remote(location):
            what = "the endpoint keeps its previous graphs (the switch to new ones is a single update request)"
        else:
            what = "the half-written build was removed and the previous store (if any) is unchanged"
        click.echo(f"Error: build interrupted; {what}", err=True)
        sys.exit(INTERRUPTED_EXIT)
    mode = getattr(report, "mode", "full")
    if mode == "unchanged":
        click.echo(f"{report.location} is up to date: {report.triples} triples in {len(report.graphs)} named graphs")
        return
    how = f" (incremental: {len(report.changed)} article file(s) rebuilt)" if mode == "incremental" else ""
    click.echo(f"built {report.location}: {report.triples} triples in {len(report.graphs)} named graphs{how}")
    if isinstance(report.annotation, list):  # the build's own integrity report (incremental when it was)
        _print_integrity(report.annotation)
    else:
        _report_integrity(location)


def _refuse_store_in_sources(root: Path, sources: Path) -> None:
    """A store is never written inside the curated sources (graph/ or --graph-dir), even through a link:
    its directories would sit among files a curator edits and a build reads."""
    from kg.errors import InputError
    from kg.safe_write import protected_roots

    real = root.resolve()
    for protected in {sources.resolve(), *protected_roots()}:
        if real == protected or protected in real.parents:
            raise InputError(f"refusing to build the store at {root}: it is inside the curated sources ({protected})",
                             "give --store a directory outside them (default: .kg/store)")


def _report_integrity(location: str) -> None:
    try:
        from kg.questions.integrity import check as integrity_check
    except ImportError:
        return
    from kg.store import open_store as _open

    _print_integrity(integrity_check(_open(location)))


def _print_integrity(findings: list) -> None:
    shown = [f for f in findings if f.level in ("error", "warning")]
    for finding in shown:
        click.echo(finding.one_line(), err=True)
    if shown:
        click.echo(f"{len(shown)} integrity warning(s); run `kg check` for details", err=True)


EXPORT_FORMATS = ("ttl", "nt", "jsonld", "trig", "nq", "rdfxml", "fhir", "kgx",
                  "turtle", "ntriples", "json-ld", "nquads", "xml")


@click.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS, case_sensitive=False),
    default="ttl",
    show_default=True,
    help="RDF: ttl, nt, jsonld and rdfxml merge all graphs; trig and nq keep one named graph per article "
    "(aliases: turtle, ntriples, json-ld, nquads, xml). fhir: a FHIR R4 Bundle (CPG-on-FHIR). "
    "kgx: KGX TSV with Biolink categories, two files PREFIX_nodes.tsv and PREFIX_edges.tsv (needs -o PREFIX).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    help="File to write (for kgx: the prefix of the two files). Default: standard output. Written atomically "
    "(a temporary file renamed into place); an existing file is replaced only if it is unchanged since `kg export` wrote "
    "it (a checksum record, .NAME.kg-written, is kept beside it) or with --force; never through a symlink, never under graph/.",
)
@click.option("--force", is_flag=True, help="Replace an existing file that kg export did not write, or that was edited since.")
@handle_errors
def export(store: str | None, fmt: str, output: str | None, force: bool) -> None:
    """Export the built graph. Output is byte-identical for identical sources.

    \b
      kg export --format trig -o guideline.trig
      kg export --format nt | sort | sha256sum
      kg export --format fhir -o guideline-bundle.json
      kg export --format kgx -o guideline      # guideline_nodes.tsv, guideline_edges.tsv
    """
    from kg.render.export import canonical_format
    from kg.render.export import export as run_export
    from kg.safe_write import check_target, write_output

    fmt = canonical_format(fmt)
    targets = [output + "_nodes.tsv", output + "_edges.tsv"] if fmt == "kgx" and output else [output] if output else []
    for target in targets:
        check_target(target, force=force)  # refuse before the work, not after
    if fmt == "kgx":
        from kg.errors import InputError
        from kg.render.exports.kgx import to_kgx

        if not output:
            raise InputError("KGX is two files (nodes and edges) and cannot go to standard output",
                             "give a prefix: kg export --format kgx -o guideline")
        files = to_kgx(open_store(store))
        for suffix, text in (("_nodes.tsv", files.nodes), ("_edges.tsv", files.edges)):
            write_output(output + suffix, text, force=force)
            click.echo(f"wrote {terminal_safe(output + suffix)}", err=True)
        return
    text = run_export(open_store(store), fmt)
    if output:
        write_output(output, text, force=force)
        click.echo(f"wrote {terminal_safe(output)}", err=True)
    else:
        sys.stdout.write(text)


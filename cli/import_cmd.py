"""`kg import` (draft curated sources from article files) and `kg sources verify`."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import click

from .options import echo_text, format_option, handle_errors, open_store, progress, store_option


@click.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--out",
    "out_dir",
    default="drafts",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Directory for the drafts (one <article-slug>.ttl per file). Point it at graph/articles only "
    "when you mean to.",
)
@format_option("text", "json")
@click.option(
    "--sources",
    "sources",
    default=None,
    type=click.Path(file_okay=False),
    help="Sources directory the drafts' kgv:sourceFile will be looked up in (env KG_SOURCES); "
    "warns when an imported file is not there.",
)
@click.option(
    "--keep-text",
    is_flag=True,
    help="Also write each statement's text into the draft (as kgv:sourceText). Off by default: "
    "the repository keeps facts, not the articles' prose.",
)
@click.option(
    "--layout",
    type=click.Choice(["auto", "text", "markdown"]),
    default="auto",
    show_default=True,
    help="Article layout; auto uses .md/.markdown or '#' headings for Markdown.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 2, nothing written) on citation markers beyond the reference list, references "
    "without a year, an article that states no date or an ambiguous numeric date, instead of drafting "
    "them as flags.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite a file in --out that is not an untouched draft of kg import (edited since, or written by hand).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress messages.")
@store_option
@handle_errors
def import_(
    files: tuple[str, ...],
    out_dir: str,
    fmt: str,
    sources: str | None,
    keep_text: bool,
    layout: str,
    strict: bool,
    force: bool,
    quiet: bool,
    store: str | None,
) -> None:
    """Draft curated sources from guideline articles.

    Reads each FILE (the plain layout of the seed articles, or the same content as Markdown with
    '#' headings, '-' bullets and [1] markers) and writes a draft in the curation format of
    graph/articles: sections, statements with locators and checksums, citation markers resolved or
    flagged, reference entries matched to works already in the graph, and the guidance it could
    structure (recommendations, doses, cautions, monitoring). Therapies and conditions are
    recognised by the labels and synonyms in the built store, so run `kg build` first.

    Nothing is dropped: a statement it cannot structure stays in the draft with a
    'needs curation' note, and the summary lists everything needing a curator's eye. On any
    error nothing is written (all files or none).

    \b
      kg import article.txt                      # writes drafts/<slug>.ttl
      kg import a.txt b.md --out drafts/ --format json
      kg import article.txt --strict             # refuse dangling markers
      kg build --graph-dir <dir with the draft in articles/>
    """
    from kg.config import sources_dir
    from kg.errors import InputError
    from kg.importer.draft import build_draft, is_untouched_draft, seal
    from kg.importer.markdown import read_any
    from kg.importer.recognise import Lexicon
    from kg.importer.summary import summarise

    say = (lambda m: None) if quiet else progress
    say("loading names from the store")
    lexicon = Lexicon.from_store(open_store(store))
    out = Path(out_dir)
    drafts: dict[str, str] = {}
    summaries = []
    for name in files:
        path = Path(name)
        say(f"reading {path}")
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror or e}") from None
        article, used = read_any(data, path.name, None if layout == "auto" else layout)
        problems = list(article.problems)
        draft = build_draft(article, lexicon, path.name, keep_text=keep_text)
        if strict:
            _refuse_if_unclean(path.name, article, draft)
        target = f"{draft.slug}.ttl"
        if target in drafts:
            raise InputError(f"{path}: drafts to {target}, like an earlier file; import them separately")
        existing = out / target
        if (existing.exists() or existing.is_symlink()) and not force and not _untouched(existing, is_untouched_draft):
            raise InputError(
                f"{existing} exists and is not an unedited draft of kg import (it was edited, or written by hand)",
                "use --force to overwrite it",
            )
        drafts[target] = seal(draft.ttl)
        text = data.decode("utf-8-sig", errors="replace")
        summaries.append(summarise(draft, str(path), used, str(out / target), problems, article, text))
        src = Path(sources) if sources else sources_dir()
        if sources and not (src / path.name).is_file():
            summaries[-1].problems.append(
                (
                    1,
                    f"{path.name} is not in the sources directory {src}; "
                    "`kg sources verify` and `kg trace --sources` will not find it",
                )
            )
    _write_all(out, drafts)
    if fmt == "json":
        click.echo(json.dumps({"drafts": [s.as_dict() for s in summaries]}, indent=2, ensure_ascii=False))
    else:
        for s in summaries:
            echo_text("\n".join(s.lines()))
        click.echo(
            f"wrote {len(drafts)} draft(s) to {out}/; review them, then move them to graph/articles/ and run kg build"
        )


def _untouched(path: Path, check) -> bool:
    """Whether the file is a draft kg import wrote and nobody edited since (checked on its content)."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        return check(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False


def _refuse_if_unclean(name: str, article, draft) -> None:
    from kg.importer import ImporterError

    if article.last_updated is None:
        raise ImporterError(1, "the article states no date (--strict)", name)
    if len(article.date_readings) > 1:
        raise ImporterError(
            article.date_line or 1,
            f"ambiguous numeric date: it reads as {' or '.join(article.date_readings)} (--strict)",
            name,
        )

    if draft.markers_dangling:
        first = next(i for i in article.items if draft.markers_dangling[0] in i.markers)
        raise ImporterError(
            first.line,
            f"citation marker(s) {', '.join(draft.markers_dangling)} beyond the reference "
            f"list of {len(article.references)} entries (--strict)",
            name,
        )
    for ref in article.references:
        if ref.year is None:
            raise ImporterError(ref.line, f"reference {ref.position} has no year (--strict)", name)


def _write_all(out: Path, drafts: dict[str, str]) -> None:
    """Write every draft beside the target first, then move them in: all files or none."""
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kg-import-", dir=parent))
    try:
        for name, ttl in drafts.items():
            with open(staging / name, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(ttl)
        out.mkdir(parents=True, exist_ok=True)
        for name in drafts:
            os.replace(staging / name, out / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@click.group()
def sources() -> None:
    """Check the graph's statements against the article files they were curated from."""


@sources.command("verify")
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@store_option
@format_option("text", "json")
@handle_errors
def verify(directory: str | None, store: str | None, fmt: str) -> None:
    """Check that every statement still points at identical text in DIRECTORY.

    Each statement is found by its article's source file, its section's heading checksum and its
    item path, and confirmed by the checksum of its text. Exits 1 and lists each drifted statement
    when an article was edited after curation. DIRECTORY defaults to $KG_SOURCES or the seeds.

    \b
      kg sources verify ../shared/seeds
      kg sources verify articles/ --format json
    """
    from kg.config import sources_dir
    from kg.errors import InputError
    from kg.importer.verify import AnyLayoutFiles
    from kg.importer.verify import verify as run_verify

    folder = sources_dir(directory)
    if not folder.is_dir():
        raise InputError(f"sources directory {folder} not found", "pass DIRECTORY or set KG_SOURCES")
    report = run_verify(open_store(store), AnyLayoutFiles(folder))
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        for finding in report.findings:
            echo_text(finding.one_line())
        click.echo(
            f"{report.checked} statements checked against {folder}: {report.verified} identical, "
            f"{report.drifted} drifted"
        )
    if report.drifted:
        sys.exit(1)

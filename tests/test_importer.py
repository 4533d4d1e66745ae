"""`kg import` and `kg sources verify` end to end on a real store: drafts, errors, atomic writes, drift."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal

from kg.importer import ImporterError
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.importer.recognise import Lexicon
from kg.sources.reader import ReferenceEntry
from kg.vocab.namespaces import KGV
from kg_cli.main import main

FIXTURES = Path(__file__).parent / "fixtures" / "import"
GOUT = FIXTURES / "gout-flare.txt"

MINIMAL = """What helps a test condition?

Last updated: May 5, 2021

A Test Article About Nothing Real

Prednisone 5 mg/day keeps things calm. 1

Details

  • Methotrexate 10 mg/week with folic acid 1 mg/day 1

References

Guideline
A made-up guidance title
Example Publisher, 2020
"""


def run(args: list[str], env: dict[str, str]):
    return CliRunner().invoke(main, args, env=env, catch_exceptions=False)


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    return tmp_path


def test_import_writes_a_draft_and_prints_the_summary(cli_env, work):
    out = work / "drafts"
    result = run(["import", str(GOUT), "--out", str(out), "-q"], cli_env)
    assert result.exit_code == 0, result.output
    (draft,) = sorted(out.glob("*.ttl"))
    g = Graph().parse(draft, format="turtle")
    # 1 summary paragraph + 2 lead-ins + 4 bullets under them + (2 + 2 + 2) bullets in later sections = 13
    assert len(set(g.subjects(None, KGV.Statement))) == 13
    assert "statements: 13 read" in result.output
    # marker 4 is printed but the list has 3 entries: drafted as flagged, and said so
    assert "1 dangling (4)" in result.output
    assert (None, KGV.flaggedUnresolved, Literal(True)) in g


def test_import_is_deterministic(cli_env, work):
    first = run(["import", str(GOUT), "--out", str(work / "a"), "-q"], cli_env)
    second = run(["import", str(GOUT), "--out", str(work / "b"), "-q"], cli_env)
    assert first.exit_code == second.exit_code == 0
    name = next((work / "a").glob("*.ttl")).name
    assert (work / "a" / name).read_bytes() == (work / "b" / name).read_bytes()


def test_json_summary_counts_add_up(cli_env, work):
    result = run(["import", str(GOUT), "--out", str(work / "d"), "--format", "json", "-q"], cli_env)
    (summary,) = json.loads(result.output)["drafts"]
    s = summary["statements"]
    assert s["read"] == s["structured"] + s["lead_ins"] + s["unstructured"]
    assert summary["markers"] == {"resolved": ["1", "2", "3"], "dangling": ["4"]}
    assert summary["references"] == {"read": 3, "matched": 1, "new": 2}  # entry 2 is a work the graph already has
    assert summary["lines"]["read"] == summary["lines"]["placed"] + len(summary["lines"]["skipped"])


def test_statement_text_is_written_only_with_keep_text(cli_env, work):
    phrase = "until the flare settles"
    run(["import", str(GOUT), "--out", str(work / "plain"), "-q"], cli_env)
    run(["import", str(GOUT), "--out", str(work / "kept"), "--keep-text", "-q"], cli_env)
    plain = next((work / "plain").glob("*.ttl")).read_text(encoding="utf-8")
    kept = next((work / "kept").glob("*.ttl")).read_text(encoding="utf-8")
    assert phrase not in plain and phrase in kept
    g = Graph().parse(data=kept, format="turtle")
    from kg.vocab.namespaces import KGV

    assert any(phrase in str(o) for o in g.objects(None, KGV.sourceText))


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.txt", b"What?\n\nLast updated: May 5, 2021\n\nTitle\n\nText \xff\xfe here 1\n", "bad.txt:7: not UTF-8"),
        ("empty.txt", b"", "the file is empty"),
        ("headings.md", b"# Only a title\n\n## One\n\n## Two\n", "no statements"),
        ("binary.txt", b"Title\n\x00\x01\x02 not text\n", "binary.txt:2: binary data"),
        ("headings.txt", b"Q?\n\nLast updated: May 5, 2021\n\nTitle\n\nOne\n\nTwo\n", "no statements"),
        ("other.txt", b"<html><body>not an article</body></html>\n", "Expected text layout"),
    ],
)
def test_unreadable_articles_fail_with_a_line_and_write_nothing(cli_env, work, name, content, expected):
    path = work / name
    path.write_bytes(content)
    out = work / "drafts"
    result = CliRunner().invoke(main, ["import", str(path), "--out", str(out), "-q"], env=cli_env)
    assert result.exit_code == 2
    assert expected in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_strict_refuses_markers_beyond_the_list_and_missing_years_writing_nothing(cli_env, work):
    no_year = work / "no-year.txt"
    no_year.write_text(MINIMAL.replace("Example Publisher, 2020", "Example Publisher"), encoding="utf-8")
    beyond = work / "beyond.txt"
    beyond.write_text(MINIMAL.replace("calm. 1", "calm. 7"), encoding="utf-8")
    out = work / "drafts"
    for path, message in ((no_year, "reference 1 has no year"), (beyond, "citation marker(s) 7 beyond")):
        result = CliRunner().invoke(main, ["import", str(path), "--out", str(out), "--strict", "-q"], env=cli_env)
        assert result.exit_code == 2 and message in result.output
        assert not out.exists()
    # without --strict both are drafted with flags, and the summary says so
    result = run(["import", str(no_year), "--out", str(out), "-q"], cli_env)
    assert result.exit_code == 0 and "reference has no year" in result.output


def test_one_bad_file_among_several_writes_none(cli_env, work):
    bad = work / "bad.txt"
    bad.write_bytes(b"")
    out = work / "drafts"
    result = CliRunner().invoke(main, ["import", str(GOUT), str(bad), "--out", str(out), "-q"], env=cli_env)
    assert result.exit_code == 2 and not out.exists()


def test_existing_curated_file_is_not_overwritten_without_force(cli_env, work):
    out = work / "articles"
    run(["import", str(GOUT), "--out", str(out), "-q"], cli_env)
    target = next(out.glob("*.ttl"))
    target.write_text("# hand-curated\n", encoding="utf-8")
    refused = CliRunner().invoke(main, ["import", str(GOUT), "--out", str(out), "-q"], env=cli_env)
    assert refused.exit_code == 2 and "--force" in refused.output
    assert target.read_text(encoding="utf-8") == "# hand-curated\n"
    assert run(["import", str(GOUT), "--out", str(out), "--force", "-q"], cli_env).exit_code == 0


def test_markdown_copy_has_the_same_statement_checksums_as_the_plain_article(store):
    plain, _ = read_any(MINIMAL.encode(), "a.txt")
    markdown = (MINIMAL.replace("A Test Article About Nothing Real", "# A Test Article About Nothing Real")
                .replace("\nDetails\n", "\n## Details\n").replace("calm. 1", "calm. [1]")
                .replace("  • Methotrexate", "- Methotrexate").replace("1 mg/day 1", "1 mg/day [1]")
                .replace("References\n\nGuideline\nA made-up guidance title\nExample Publisher, 2020",
                         "## References\n\n1. Guideline | A made-up guidance title | Example Publisher, 2020"))
    md, layout = read_any(markdown.encode(), "a.md")
    assert layout == "markdown"
    assert [(i.heading, i.path, i.checksum, i.markers) for i in md.items] == [
        (i.heading, i.path, i.checksum, i.markers) for i in plain.items]
    assert md.references == [ReferenceEntry(1, "Guideline", "A made-up guidance title", "Example Publisher", 2020,
                                            md.references[0].line)]
    draft = build_draft(md, Lexicon.from_store(store), "a.md")
    assert "kgv:RouteNotStated" in draft.ttl


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600) | st.text(max_size=600).map(lambda t: t.encode("utf-8")))
def test_reading_arbitrary_bytes_raises_only_importer_errors_with_a_line(data):
    for name in ("x.txt", "x.md"):
        try:
            read_any(data, name)
        except ImporterError as e:
            assert e.line >= 1


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([
    "Q?", "", "Last updated: May 5, 2021", "Last updated: Smarch 5, 2021", "Title", "# Title", "## Part", "Part",
    "Lead-in:", "  • bullet 1", "    • deeper 2, 1", "- item [3]", "Sentence one. 2 Sentence two. 1", "References",
    "Guideline", "Research", "A title", "Source, 2020", "Source", "Professional Medical Disclaimer", "1. a | b | c",
]), max_size=30))
def test_article_shaped_noise_drafts_or_raises_importer_error(store_lexicon, lines):
    text = "\n".join(lines)
    for name in ("x.txt", "x.md"):
        try:
            article, _ = read_any(text.encode(), name)
            build_draft(article, store_lexicon, name)
        except ImporterError as e:
            assert e.line >= 1


@pytest.fixture(scope="module")
def store_lexicon(store_path):
    from kg.store.oxigraph import OxigraphStore

    return Lexicon.from_store(OxigraphStore.open_read_only(store_path))


def test_sources_verify_reports_identical_statements_then_drift(cli_env, work, seeds_dir):
    ok = run(["sources", "verify", str(seeds_dir)], cli_env)
    assert ok.exit_code == 0, ok.output
    assert " 0 drifted" in ok.output
    edited = work / "seeds"
    shutil.copytree(seeds_dir, edited)
    path = edited / "000_756ee9486a3d0099.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    folic = next(i for i, line in enumerate(lines) if "folic acid 1 mg/day" in line)
    lines[folic] = lines[folic].replace("1 mg/day", "5 mg/day")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    drift = CliRunner().invoke(main, ["sources", "verify", str(edited), "--format", "json"], env=cli_env)
    assert drift.exit_code == 1
    report = json.loads(drift.output)
    assert report["drifted"] == 1 and report["checked"] == report["verified"] + 1
    (finding,) = report["findings"]
    assert finding["kind"] == "drift" and finding["locator"].endswith("› 1.3")


def test_import_without_a_built_store_says_to_build(work):
    result = CliRunner().invoke(main, ["import", str(GOUT), "--out", str(work / "d"), "--store", str(work / "none")])
    assert result.exit_code == 1 and "kg build" in result.output
    assert not (work / "d").exists()


def test_progress_goes_to_stderr_only(cli_env, work):
    result = CliRunner().invoke(main, ["import", str(GOUT), "--out", str(work / "d")], env=cli_env)
    assert result.exit_code == 0 and "… reading" in result.stderr and "… reading" not in result.stdout

"""Files `kg import` writes: an edited draft is never overwritten without --force (judged on the content,
not the header a curator leaves in place), and titles without Latin letters get distinct, stable slugs."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.importer.draft import is_untouched_draft, seal, slugify
from kg_cli.main import main

GOUT = Path(__file__).parent / "fixtures" / "import" / "gout-flare.txt"


def test_rerun_overwrites_an_untouched_draft_but_refuses_one_edited_below_its_header(cli_env, tmp_path):
    out = tmp_path / "drafts"
    first = CliRunner().invoke(main, ["import", str(GOUT), "--out", str(out), "-q"], env=cli_env)
    assert first.exit_code == 0, first.output
    (draft,) = out.glob("*.ttl")
    again = CliRunner().invoke(main, ["import", str(GOUT), "--out", str(out), "-q"], env=cli_env)
    assert again.exit_code == 0, "an untouched draft is the tool's own output and may be rewritten"
    edited = draft.read_text(encoding="utf-8").replace("kgv:StrengthUse", "kgv:StrengthConsider", 1)
    edited += "# curator: checked the doses against the article\n"
    draft.write_text(edited, encoding="utf-8")
    refused = CliRunner().invoke(main, ["import", str(GOUT), "--out", str(out), "-q"], env=cli_env)
    assert refused.exit_code == 2 and "--force" in refused.output and "edited" in refused.output
    assert draft.read_text(encoding="utf-8") == edited
    forced = CliRunner().invoke(main, ["import", str(GOUT), "--out", str(out), "--force", "-q"], env=cli_env)
    assert forced.exit_code == 0 and draft.read_text(encoding="utf-8") != edited


def test_seal_detects_any_change_to_the_body():
    sealed = seal("# Draft written by kg import from x.txt\n@prefix a: <urn:a> .\n")
    assert is_untouched_draft(sealed)
    assert not is_untouched_draft(sealed.replace("urn:a", "urn:b"))
    assert not is_untouched_draft(sealed + " ")
    assert not is_untouched_draft("# Draft written by kg import from x.txt\nanything\n")


def test_non_latin_titles_get_distinct_stable_slugs_and_accents_fold():
    greek, russian = "Θεραπεία της ουρικής αρθρίτιδας", "Лечение подагры у взрослых"
    assert slugify(greek) != slugify(russian)
    assert slugify(greek) == slugify(greek) and slugify(greek).startswith("article-")
    assert "article" != slugify(greek)
    assert slugify("Traitement de la goutte: précis") == "traitement-de-la-goutte-precis"
    assert slugify("2024") != slugify("2025") and slugify("2024").startswith("2024-")


def test_two_non_latin_articles_import_to_two_files(cli_env, tmp_path):
    text = GOUT.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines()[3:] if line.strip() and not line.startswith("Last"))
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(text.replace(title, "Θεραπεία ουρικής αρθρίτιδας", 1), encoding="utf-8")
    b.write_text(text.replace(title, "Лечение подагры", 1), encoding="utf-8")
    out = tmp_path / "drafts"
    result = CliRunner().invoke(main, ["import", str(a), str(b), "--out", str(out), "-q"], env=cli_env)
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.ttl"))) == 2

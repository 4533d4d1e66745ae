"""Every curated statement's locator finds text in the seed article whose checksum matches the graph."""

from __future__ import annotations

from kg.sources.reader import read_article, text_checksum

STATEMENTS = """
SELECT ?statement ?file ?headingSha ?path ?sha ?printed WHERE {
  ?statement a kgv:Statement ; kgv:inArticle ?article ; kgv:inSection ?section ; kgv:itemPath ?path ;
             kgv:textSha256 ?sha ; kgv:markersAsPrinted ?printed .
  ?section kgv:headingSha256 ?headingSha .
  ?article kgv:sourceFile ?file .
}"""


def test_every_statement_locator_finds_identical_text_in_its_article(store, seeds_dir):
    rows = store.select(STATEMENTS).rows
    assert len(rows) > 90
    articles = {}
    for statement, file, heading_sha, path, sha, printed in rows:
        article = articles.setdefault(str(file), read_article((seeds_dir / str(file)).read_text(encoding="utf-8")))
        headings = [h for h in article.headings if text_checksum(h) == str(heading_sha)]
        assert len(headings) == 1, f"{statement}: heading checksum matches {len(headings)} headings"
        item = article.find(headings[0], str(path))
        assert item is not None, f"{statement}: no item {path} under {headings[0]!r}"
        assert item.checksum == str(sha), f"{statement}: text changed at {item.locator}"
        assert item.markers_printed == str(printed)


def test_every_item_of_both_articles_is_curated_as_a_statement(store, seeds_dir):
    curated = {(str(f), str(h), str(p)) for _, f, h, p, _, _ in store.select(STATEMENTS).rows}
    for path in sorted(seeds_dir.glob("*.txt")):
        article = read_article(path.read_text(encoding="utf-8"))
        for item in article.items:
            assert (path.name, text_checksum(item.heading), item.path) in curated, (
                f"{path.name}: {item.locator} not curated"
            )

"""Each article file is one named graph, named by the one kgv:GuidelineArticle it declares.

The build reads an article file only up to its declaration and checks the loaded graphs afterwards; a file
that is not exactly one new article is read again in full. These tests hold the findings and the loaded
graphs of both ways against what the rule says, for files that declare none, two, or another file's article,
files that do not parse, and declarations at the top, in the middle and at the end of a file.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.publish.build import _read_exactly, read_into

PREFIXES = """@prefix kgv: <https://w3id.org/guideline-kg/vocab#> .
@prefix art: <https://w3id.org/guideline-kg/article/> .
@prefix ex: <https://example.org/> .
"""


def _graph_dir(tmp: Path, files: dict[str, str]) -> Path:
    root = tmp / "graph"
    for sub in ("vocab", "entities", "articles"):
        (root / sub).mkdir(parents=True, exist_ok=True)
    (root / "entities" / "e.ttl").write_text(PREFIXES + "ex:thing a ex:Thing .\n", encoding="utf-8")
    for name, body in files.items():
        (root / "articles" / name).write_text(PREFIXES + body, encoding="utf-8")
    return root


def _read(root: Path, exact: bool):
    store = ox.Store()
    loaded = _read_exactly(store, root) if exact else read_into(store, root)
    graphs = {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g)) for g in store.named_graphs()}
    return loaded, graphs


def _findings(loaded) -> list[tuple[str, str, str]]:
    return sorted((f.kind, f.file or "", f.message) for f in loaded.findings)


def _article(n: int, extra: int = 2, at: str = "top") -> str:
    body = [f"ex:s{n}_{i} ex:p \"{i}\" ." for i in range(extra)]
    decl = f"art:a{n} a kgv:GuidelineArticle ."
    place = {"top": 0, "middle": len(body) // 2, "end": len(body)}[at]
    return "\n".join(body[:place] + [decl] + body[place:]) + "\n"


def test_one_article_per_file_loads_each_into_its_graph_with_its_count(tmp_path: Path) -> None:
    root = _graph_dir(tmp_path, {"a.ttl": _article(1, 3, "end"), "b.ttl": _article(2, 5, "middle")})
    loaded, graphs = _read(root, exact=False)
    assert loaded.findings == []
    art = "https://w3id.org/guideline-kg/article/"
    assert loaded.articles == {"graph/articles/a.ttl": art + "a1", "graph/articles/b.ttl": art + "a2"}
    assert loaded.counts[art + "a1"] == 4 and loaded.counts[art + "a2"] == 6
    assert graphs[art + "a1"] == 4 and graphs[art + "a2"] == 6


@pytest.mark.parametrize("files, kind, message", [
    ({"a.ttl": "ex:x ex:p 1 .\n"}, "article-file", "declares 0 kgv:GuidelineArticle nodes; expected exactly one"),
    ({"a.ttl": _article(1) + "art:a9 a kgv:GuidelineArticle .\n"}, "article-file",
     "declares 2 kgv:GuidelineArticle nodes; expected exactly one"),
    ({"a.ttl": _article(1), "b.ttl": _article(1)}, "article-file",
     "article https://w3id.org/guideline-kg/article/a1 is declared in more than one file"),
    ({"a.ttl": _article(1) + "ex:broken ex:p \n"}, "syntax", None),
])
def test_a_file_that_is_not_exactly_one_new_article_is_reported(tmp_path: Path, files, kind, message) -> None:
    root = _graph_dir(tmp_path, files)
    loaded, graphs = _read(root, exact=False)
    assert [f.kind for f in loaded.findings] == [kind]
    if message is not None:
        assert loaded.findings[0].message == message
    assert _findings(loaded) == _findings(_read(root, exact=True)[0])
    assert graphs == _read(root, exact=True)[1]


_FILE = st.tuples(
    st.lists(st.integers(0, 3), max_size=3),  # the articles the file declares (0: none, several, repeats)
    st.integers(0, 4),  # other triples
    st.sampled_from(["top", "middle", "end"]),
    st.booleans(),  # ends in a syntax error
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_FILE, min_size=1, max_size=4))
def test_reading_up_to_the_declaration_gives_what_reading_each_file_in_full_gives(tmp_path_factory, specs) -> None:
    files = {}
    for i, (articles, extra, at, broken) in enumerate(specs):
        body = [f"ex:s{i}_{k} ex:p {k} ." for k in range(extra)]
        decls = [f"art:a{n} a kgv:GuidelineArticle ." for n in articles]
        place = {"top": 0, "middle": len(body) // 2, "end": len(body)}[at]
        files[f"f{i}.ttl"] = "\n".join(body[:place] + decls + body[place:]) + ("\nex:x ex:p " if broken else "\n")
    root = _graph_dir(tmp_path_factory.mktemp("g"), files)
    quick, quick_graphs = _read(root, exact=False)
    exact, exact_graphs = _read(root, exact=True)
    assert _findings(quick) == _findings(exact)
    assert quick.articles == exact.articles and quick.counts == exact.counts
    assert quick_graphs == exact_graphs

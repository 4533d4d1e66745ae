"""`kg sources verify`: does every statement in the graph still point at identical text in its article file?

Each statement is found by its article's kgv:sourceFile, its section's kgv:headingSha256 and its
kgv:itemPath (kg.sources.source_text.locate, shared with `kg trace --sources`), and confirmed by
kgv:textSha256. Anything else is drift: changed text, a missing section or item, a missing file.
Articles are queried one at a time with the article bound, so the queries stay selective.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef

from kg.findings import Finding
from kg.sources.reader import Article
from kg.sources.source_text import VERIFIED, ArticleFiles, SourceText
from kg.store.base import Store

from ..vocab.curie import turtle_name as _curie
from . import ImporterError
from .markdown import read_any

ARTICLES_QUERY = """
SELECT ?article ?file WHERE { ?article a kgv:GuidelineArticle . OPTIONAL { ?article kgv:sourceFile ?file } }
ORDER BY ?article
"""
STATEMENTS_QUERY = """
SELECT ?statement ?heading ?headingSha ?path ?textSha WHERE {
  ?statement kgv:inArticle ?article ; a kgv:Statement ; kgv:inSection ?section ; kgv:itemPath ?path ;
             kgv:textSha256 ?textSha .
  ?section kgv:headingSha256 ?headingSha ; kgv:heading ?heading .
}
ORDER BY ?statement
"""


class AnyLayoutFiles(ArticleFiles):
    """Article files in either layout the importer reads (plain text or Markdown)."""

    def _read(self, file_name: str) -> Article | SourceText:
        path = self.directory / file_name
        if Path(file_name).name != file_name or not path.is_file():
            return SourceText("file-not-found", detail=f"{file_name} not found in {self.directory}")
        try:
            return read_any(path.read_bytes(), file_name)[0]
        except (OSError, ImporterError) as e:
            return SourceText("unreadable", detail=f"{file_name}: {e}")


@dataclass
class VerifyReport:
    directory: str
    checked: int = 0
    verified: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def drifted(self) -> int:
        return self.checked - self.verified

    def as_dict(self) -> dict:
        return {
            "directory": self.directory,
            "checked": self.checked,
            "verified": self.verified,
            "drifted": self.drifted,
            "findings": [f.as_dict() for f in self.findings],
        }


def verify(store: Store, files: ArticleFiles) -> VerifyReport:
    report = VerifyReport(str(files.directory))
    for article, file_name in store.select(ARTICLES_QUERY).rows:
        rows = store.select(STATEMENTS_QUERY, {"article": URIRef(str(article))}).rows
        for statement, heading, heading_sha, path, text_sha in rows:
            report.checked += 1
            found = files.text_of(str(file_name) if file_name else None, str(heading_sha), str(path), str(text_sha))
            if found.status == VERIFIED:
                report.verified += 1
                continue
            report.findings.append(
                Finding(
                    level="error" if found.status in ("drift", "section-not-found", "item-not-found") else "warning",
                    kind=found.status,
                    message=found.detail or found.status,
                    article=_curie(str(article)),
                    locator=f"{heading} › {path}",
                    node=_curie(str(statement)),
                    file=str(file_name) if file_name else None,
                )
            )
    report.findings.sort()
    return report

"""Find a statement's own text in its article file by locator, and confirm it by checksum.

The graph stores no article prose: a statement carries a locator (the checksum of its section's
heading as printed, and its item path) and the checksum of its text. Given the article file, the
reader (kg.sources.reader) re-derives the items; the section is found by heading checksum (the displayed
kgv:heading may be a curator's shortening), the item by path, and the text is confirmed when its
checksum equals kgv:textSha256. When it differs, the article has drifted since curation.

`locate` is pure; `ArticleFiles` is the one place that reads files, and caches each article once.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .reader import Article, ArticleFormatError, read_article, text_checksum

# Statuses, in words a reader of `kg trace --sources` sees.
VERIFIED = "verified"
DRIFT = "drift"
SECTION_MISSING = "section-not-found"
ITEM_MISSING = "item-not-found"
FILE_MISSING = "file-not-found"
UNREADABLE = "unreadable"
NO_SOURCE_FILE = "no-source-file"


@dataclass(frozen=True)
class SourceText:
    """What the article file says at a statement's locator, and whether it is the text curated."""

    status: str
    text: str | None = None
    line: int | None = None
    found_sha256: str | None = None
    detail: str | None = None

    @property
    def verified(self) -> bool:
        return self.status == VERIFIED

    def as_dict(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def locate(article: Article, heading_sha256: str, item_path: str, text_sha256: str) -> SourceText:
    """The item at (section with this heading checksum, item path), checked against the recorded checksum."""
    headings = [h for h in article.headings if text_checksum(h) == heading_sha256]
    if not headings:
        return SourceText(SECTION_MISSING, detail="no heading in the file has the recorded checksum")
    # A repeated heading resolves to its first occurrence, as the reader's locators do.
    item = article.find(headings[0], item_path)
    if item is None:
        return SourceText(ITEM_MISSING, detail=f"section has no item {item_path}")
    if item.checksum != text_sha256:
        return SourceText(
            DRIFT,
            item.text,
            item.line,
            item.checksum,
            "the text at this locator differs from the text curated (checksum mismatch)",
        )
    return SourceText(VERIFIED, item.text, item.line, item.checksum)


class ArticleFiles:
    """Article files of a sources directory, each read and parsed at most once."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        self._cache: dict[str, Article | SourceText] = {}

    def article(self, file_name: str) -> Article | SourceText:
        """The parsed article, or a SourceText saying why there is none."""
        if file_name not in self._cache:
            self._cache[file_name] = self._read(file_name)
        return self._cache[file_name]

    def _read(self, file_name: str) -> Article | SourceText:
        path = self.directory / file_name
        # A file name from the graph must not walk out of the sources directory.
        if Path(file_name).name != file_name or not path.is_file():
            return SourceText(FILE_MISSING, detail=f"{file_name} not found in {self.directory}")
        try:
            return read_article(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ArticleFormatError) as e:
            return SourceText(UNREADABLE, detail=f"{file_name}: {e}")

    def text_of(self, file_name: str | None, heading_sha256: str, item_path: str, text_sha256: str) -> SourceText:
        if not file_name:
            return SourceText(NO_SOURCE_FILE, detail="the article records no kgv:sourceFile")
        article = self.article(file_name)
        if isinstance(article, SourceText):
            return article
        return locate(article, heading_sha256, item_path, text_sha256)

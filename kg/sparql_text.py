"""Lexical view of SPARQL text: tokens, the query form, the projection, the dataset clause.

One tokenizer for the store, the named-query loader and the guards, so that keywords inside strings,
comments or IRIs are never mistaken for syntax. It never rewrites values into a query: the only edit it
makes is adding variable *names* to a projection (see `project_variables`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import QueryError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*)?:(?:[\w\-:%\u00B7-\uFFFF]|\.(?=[\w\-:%]))*)
  | (?P<word>[A-Za-z_][\w\-]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int

    @property
    def upper(self) -> str:
        return self.text.upper()


def tokenize(text: str) -> list[Token]:
    """SPARQL tokens without whitespace and comments; strings, IRIs, variables and prefixed names are whole."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        out.append(Token(kind, m.group(), m.start(), m.end()))
    return out


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword that is syntax, not text."""
    for tok in tokenize(text):
        if tok.kind == "word" and tok.upper in QUERY_FORMS:
            return tok.upper
    raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")


def has_dataset_clause(text: str) -> bool:
    """True when the query names its own dataset with FROM / FROM NAMED."""
    return any(t.kind == "word" and t.upper == "FROM" for t in tokenize(text))


def _select_head(tokens: list[Token]) -> tuple[int, list[Token]] | None:
    """Index after `SELECT [DISTINCT|REDUCED]` of the outermost SELECT, and the tokens up to WHERE or `{`."""
    for i, tok in enumerate(tokens):
        if tok.kind == "word" and tok.upper == "SELECT":
            j = i + 1
            if j < len(tokens) and tokens[j].kind == "word" and tokens[j].upper in ("DISTINCT", "REDUCED"):
                j += 1
            head = []
            for t in tokens[j:]:
                if (t.kind == "word" and t.upper in ("WHERE", "FROM")) or t.text == "{":
                    break
                head.append(t)
            return j, head
    return None


def projected_variables(text: str) -> set[str]:
    """Variable names the outermost SELECT projects ("*" for SELECT *); empty for other forms."""
    found = _select_head(tokenize(text))
    if found is None:
        return set()
    _, head = found
    if head and head[0].text == "*":
        return {"*"}
    return {t.text[1:] for t in head if t.kind == "var"}


def project_variables(text: str, names: list[str]) -> str:
    """Add variable names (never values) to the outermost SELECT so a store can substitute them."""
    tokens = tokenize(text)
    found = _select_head(tokens)
    if found is None:
        return text
    j, head = found
    if head and head[0].text == "*":
        return text
    missing = [n for n in names if re.fullmatch(r"\w+", n) and n not in {t.text[1:] for t in head if t.kind == "var"}]
    at = tokens[j].start if j < len(tokens) else len(text)
    return text[:at] + "".join(f"?{n} " for n in missing) + text[at:]

"""Lexical view of SPARQL text: tokens, the query form, the projection, the dataset clause.

One tokenizer for the store, the named-query loader and the guards, so that keywords inside strings,
comments or IRIs are never mistaken for syntax. It never rewrites values into a query: the only edit it
makes is adding variable *names* to a projection (see `project_variables`).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..errors import QueryError

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


# A command runs the same few named queries many times (values are bound, never spliced, so the text
# repeats), and each run tokenizes its text up to six times (form, dataset clause, projection, hint,
# result order): the tokens of recent texts are kept. Long texts (ad-hoc queries) are not kept.
_CACHED_TEXT_CHARS = 20_000


@functools.lru_cache(maxsize=256)
def _cached_tokens(text: str) -> tuple[Token, ...]:
    return tuple(_scan(text))


def _scan(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        out.append(Token(kind, m.group(), m.start(), m.end()))
    return out


def tokenize(text: str) -> list[Token]:
    """SPARQL tokens without whitespace and comments; strings, IRIs, variables and prefixed names are whole."""
    if len(text) > _CACHED_TEXT_CHARS:
        return _scan(text)
    return list(_cached_tokens(text))


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


# ---------------------------------------------------------------- strict lexer and canonical text
#
# The guard (kg.store.guards) never decides on the user's text. It rewrites the text into a canonical form
# with a lexer that follows the SPARQL 1.1 grammar's terminals exactly (codepoint escapes expanded
# first, comments ended by LF *or* CR, escaped local names, every string form), and the canonical
# form is both what a real parser checks and what the engine runs. The canonical form has no
# comments, no escapes in IRIs or names and no prefixed names, so no two parsers read it differently.

_PN_CHARS_BASE = ("A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D"
                  "\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00B7\u0300-\u036F\u203F-\u2040"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PLX = r"(?:%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PN_LOCAL = f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
_VARNAME = f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00B7\u0300-\u036F\u203F-\u2040]*"
_ECHAR = r"""\\[tbnrf\\"']"""
_EXPONENT = r"[eE][+-]?[0-9]+"

_STRICT_PATTERN = (
    rf"""
    (?P<ws>[\x20\x09\x0D\x0A]+)
  | (?P<comment>\#[^\r\n]*)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|{_ECHAR}))*'''
             |\"\"\"(?:(?:"|"")?(?:[^"\\]|{_ECHAR}))*\"\"\"
             |'(?:[^'\\\n\r]|{_ECHAR})*'
             |"(?:[^"\\\n\r]|{_ECHAR})*")
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]{_VARNAME})
  | (?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)
  | (?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)
  | (?P<number>[+-]?(?:[0-9]+\.[0-9]*{_EXPONENT}|\.[0-9]+{_EXPONENT}|[0-9]+{_EXPONENT}|[0-9]*\.[0-9]+|[0-9]+))
  | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
  | (?P<nil>\([\x20\x09\x0D\x0A]*\))
  | (?P<anon>\[[\x20\x09\x0D\x0A]*\])
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[{{}}()\[\].,;*/+\-!=<>|^?])
    """
)


@functools.lru_cache(maxsize=1)
def _strict() -> re.Pattern[str]:
    """The strict lexer, compiled on first use: its Unicode classes cost ~0.04 CPU-s to compile, which
    every command importing this module would pay (kg paths never needs the strict lexer)."""
    return re.compile(_STRICT_PATTERN, re.VERBOSE)


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", "\\": "\\", '"': '"', "'": "'"}


def expand_codepoints(text: str) -> str:
    """SPARQL 1.1 §19.2: \\u and \\U escapes are replaced before the text is parsed, anywhere in it."""

    def one(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"invalid code point escape {m.group()!r}")
        return chr(code)

    return _CODEPOINT.sub(one, text)


def _where(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {col}"


def strict_tokens(text: str) -> list[Token]:
    """Tokens by the SPARQL 1.1 grammar's terminals (after codepoint escapes), comments and white space dropped.

    Raises QueryError at the first character no terminal accepts (a stray quote, a non-SPARQL space).
    """
    out = []
    pos = 0
    strict = _strict()
    while pos < len(text):
        m = strict.match(text, pos)
        if m is None:
            ch = text[pos]
            what = "unterminated or malformed string" if ch in "'\"" else f"unexpected character U+{ord(ch):04X}"
            raise QueryError(f"SPARQL syntax error: {what} at {_where(text, pos)}")
        kind = m.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            out.append(Token(kind, m.group(), m.start(), m.end()))
        pos = m.end()
    return out


def string_value(token: str) -> str:
    """The value of a SPARQL string token (any of the four quote forms), escapes resolved."""
    quote = 3 if token[:3] in ("'''", '"""') else 1
    body = token[quote:-quote]
    return re.sub(r"\\(.)", lambda m: _ECHARS[m.group(1)], body, flags=re.DOTALL)


def canonical_string(value: str) -> str:
    r"""One double-quoted form for every string: \\, \", \n, \r, \t, \b and \f are escaped.

    Tab, backspace and form feed are escaped too, so no raw control character is left in the canonical text
    for a parser to treat as layout (pyparsing, under rdflib, expands raw tabs to spaces by default)."""
    if re.search(r"\\[uU]", value):
        # Parsers differ on whether "\\u0041" holds an escape (rdflib expands it, Oxigraph does not).
        raise QueryError("a string containing a backslash followed by 'u' cannot be checked; "
                         "write it another way (e.g. CONCAT(\"\\\\\", \"u...\"))")
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t").replace("\b", "\\b").replace("\f", "\\f"))
    return f'"{escaped}"'


def canonical_query(text: str, prefixes: dict[str, str]) -> str:
    """The query in canonical form: same meaning, one spelling.

    Codepoint escapes expanded, comments and PREFIX declarations dropped, every prefixed name written
    as a full `<IRI>` (its local-name escapes resolved), every string double-quoted with minimal escapes,
    tokens separated by one space. `prefixes` are the predeclared ones; the query's own PREFIX
    declarations override them from where they appear.
    """
    if len(text) > MAX_QUERY_CHARS:
        check_size(text, [])
    expanded = expand_codepoints(text)
    tokens = check_size(expanded)
    declared = dict(prefixes)
    out: list[str] = []
    glue_next = False
    previous_end = -1
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "word" and tok.upper == "PREFIX":
            if i + 2 >= len(tokens) or tokens[i + 1].kind != "pname" or not tokens[i + 1].text.endswith(":") \
                    or tokens[i + 2].kind != "iri":
                raise QueryError(f"SPARQL syntax error: malformed PREFIX declaration at {_where(text, tok.start)}")
            declared[tokens[i + 1].text[:-1]] = tokens[i + 2].text[1:-1]
            previous_end = -1
            i += 3
            continue
        if tok.kind == "pname":
            part = canonical_iri_or_text(tok, declared)
        elif tok.kind == "string":
            part = canonical_string(string_value(tok.text))
        elif tok.kind == "nil":
            part = "()"
        elif tok.kind == "anon":
            part = "[]"
        else:
            part = tok.text
        # Tokens the original wrote side by side stay side by side (rdflib needs `p*`, `"a"@en`, `"1"^^<t>`
        # unspaced); every other gap, comments included, becomes one space. Tokens are self-delimiting in
        # canonical form, so neither choice can merge two of them into one.
        glue = glue_next or tok.kind == "langtag" or tok.text == "^^" or tok.start == previous_end
        if out and glue:
            out[-1] += part
        else:
            out.append(part)
        glue_next = tok.text == "^^"
        previous_end = tok.end
        i += 1
    return " ".join(out)


# ---------------------------------------------------------------- size and depth limits
#
# Documented input-validation bounds (README "Reliability"), decided on the strict tokens before any parser
# runs, because the parsers themselves are what fails on such input: rdflib's recursive-descent parser
# runs out of Python frames at a few dozen nested brackets and takes minutes on tens of thousands of
# tokens, and pyoxigraph's parser and planner recurse on the machine stack (a few thousand nested groups
# kill the process with SIGSEGV) or take time cubic in the length of a property path sequence (800 steps:
# 80 s). The bounds are far above what a hand-written or generated guideline query needs.

MAX_QUERY_CHARS = 1_000_000  # characters of query text (the same order as kg serve's 1 MiB body cap)
MAX_QUERY_TOKENS = 4_000  # SPARQL tokens (names, strings, numbers, punctuation), comments excluded
MAX_NESTING = 32  # brackets open at once: { } groups, ( ) expressions, sub-queries, [ ] blank nodes, paths
MAX_PATH_STEPS = 64  # predicates in one property path (a/b/c, a|b, ^a, !(a|b) ...)

_OPEN, _CLOSE = "({[", ")}]"


class QueryTooComplex(QueryError):
    """The query is beyond a documented size or depth bound; it was not parsed or run."""


def check_size(text: str, tokens: list[Token] | None = None) -> list[Token]:
    """Refuse text beyond MAX_QUERY_CHARS, MAX_QUERY_TOKENS or MAX_NESTING; return its strict tokens.

    `tokens` are the strict tokens of `text` when the caller has them already.
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooComplex(f"query too large: {len(text):,} characters (the limit is {MAX_QUERY_CHARS:,}); "
                              "it was not run")
    if tokens is None:
        tokens = strict_tokens(text)
    depth = 0
    for tok in tokens:
        if tok.kind == "punct" and tok.text in _OPEN:
            depth += 1
            if depth > MAX_NESTING:
                raise QueryTooComplex(f"query nested too deeply: more than {MAX_NESTING} brackets open at once "
                                      f"at {_where(text, tok.start)} (the limit is {MAX_NESTING}); it was not run")
        elif tok.kind == "punct" and tok.text in _CLOSE:
            depth = max(0, depth - 1)
    if len(tokens) > MAX_QUERY_TOKENS:
        raise QueryTooComplex(f"query too large: {len(tokens):,} tokens (the limit is {MAX_QUERY_TOKENS:,}); "
                              "it was not run")
    return tokens


def canonical_iri_or_text(tok: Token, declared: dict[str, str]) -> str:
    """A prefixed name as a full `<IRI>` (local-name escapes resolved); any other token as written."""
    if tok.kind != "pname":
        return tok.text
    prefix, _, local = tok.text.partition(":")
    if prefix not in declared:
        raise QueryError(f"SPARQL syntax error: undeclared prefix {prefix + ':'!r}")
    return "<" + declared[prefix] + re.sub(r"\\(.)", r"\1", local) + ">"


def where_brace(text: str) -> int:
    """Offset just after the `{` that opens the query's WHERE pattern (for inserting a VALUES block).

    The WHERE keyword is optional in SELECT/ASK/DESCRIBE; in CONSTRUCT the first top-level group is the
    template unless written `CONSTRUCT WHERE { ... }`.
    """
    tokens = tokenize(text)
    form = next((t.upper for t in tokens if t.kind == "word" and t.upper in QUERY_FORMS), None)
    depth = 0
    seen_where = False
    groups_closed = 0
    for tok in tokens:
        if tok.kind == "word" and tok.upper == "WHERE" and depth == 0:
            seen_where = True
        elif tok.text == "{":
            if depth == 0 and (seen_where or form != "CONSTRUCT" or groups_closed >= 1):
                return tok.end
            depth += 1
        elif tok.text == "}":
            depth -= 1
            if depth == 0:
                groups_closed += 1
    raise QueryError("cannot find the WHERE pattern of the query")

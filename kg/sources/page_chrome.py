"""Page furniture around an article saved from the web: lines that carry no clinical fact.

Guideline pages saved as text or Markdown keep what the site prints around the article: a "Skip to main
content" link, breadcrumbs ("Home > Conditions > Gout"), author and affiliation lines, a DOI, "Published
online", "Citation:", share and print links, an "On this page" list of the page's own sections, a copyright
line, "Content source:" and "Next review due:" footers, YAML front matter. The reader places such a line as
front matter (skipped, with a report line naming what it was) instead of refusing the whole file or reading it
as guidance. Each pattern matches a whole line of furniture; a line that also carries a dose, a citation marker
or a list of guidance is never furniture (`carries_guidance`).
"""

from __future__ import annotations

import re

# A line that carries guidance is read as body wherever it stands: an amount with its unit, a citation marker
# (trailing numbers after a sentence are read by the reader itself), or an advising verb ("give", "avoid",
# "do not", "should", "consider" ...). The verbs are reading cues, not clinical knowledge: they only stop a
# sentence of advice from being set aside as a subtitle.
_AMOUNT = re.compile(
    r"\d\s*(?:mg|g|mcg|micrograms?|µg|ml|mL|L|units?|IU|mmol|mEq|puffs?|tablets?|capsules?|drops?)\b", re.I
)
_ADVICE = re.compile(
    r"\b(?:give|given|offer|offered|use|used|avoid|avoided|do\s+not|don't|never|should|must|recommend\w*|"
    r"consider|start|started|stop|stopped|treat|treated|prescribe\w*|administer\w*|contraindicated|reserved?\s+for|"
    r"first[- ]line|second[- ]line|dose|doses|dosing|monitor\w*|refer|admit)\b",
    re.I,
)


def carries_guidance(line: str) -> bool:
    """Whether a header line says something a curator must see as guidance: an amount, or advice."""
    return bool(_AMOUNT.search(line) or _ADVICE.search(line))


_LINK = re.compile(r"!?\[(?P<t>[^\]]*)\]\([^)]*\)")
_BARE_URL = re.compile(r"^(?:<)?https?://\S+(?:>)?$|^www\.\S+$", re.I)
# Words of a navigation, share or print control; a line made only of these (and separators) is furniture.
_CONTROL_WORDS = (
    r"skip(?:\s+directly)?(?:\s+to)?(?:\s+(?:the\s+)?(?:main\s+|site\s+|page\s+)?(?:content|navigation|menu|search|"
    r"options|footer))?|jump\s+to(?:\s+\w+)?|back\s+to\s+top|"
    r"search(?:\s+(?:the|this|our))?(?:\s+[\w-]+){0,4}?\s+(?:website|site)|"
    r"author\s+information(?:\s+and\s+affiliations)?|affiliations|authors|article\s+notes|"
    r"(?:copyright\s+and\s+)?licen[cs]e\s+information|(?:pmc\s+)?disclaimer|"
    r"top\s+of\s+page|menu|search|sign\s+in|log\s+in|print(?:\s+this\s+page)?|print\s+page|share(?:\s+this\s+page)?|"
    r"share\s+on\s+\w+|email(?:\s+this\s+page)?|e-mail|facebook|twitter|x|linkedin|whatsapp|pinterest|copy\s+link|"
    r"download(?:\s+(?:pdf|as\s+pdf|this\s+page))?|pdf|save|bookmark|feedback|cite|cite\s+this(?:\s+page|\s+article)?|"
    r"tweet|follow\s+us|subscribe|view\s+(?:pdf|full\s+text)|full\s+text|abstract|article\s+information|"
    r"accessibility|cookies?(?:\s+(?:settings|preferences|policy))?|contact\s+us|home|"
    r"(?:accept|reject|allow|decline|refuse)(?:\s+(?:all|optional|additional|analytics))?(?:\s+cookies)?|"
    r"manage\s+(?:cookies|cookie\s+settings|preferences)|(?:only\s+)?(?:necessary|essential)\s+cookies(?:\s+only)?|"
    r"privacy(?:\s+(?:policy|notice))?|terms(?:\s+(?:and|&)\s+conditions|\s+of\s+use)?|site\s*map|sitemap"
)
# A cookie banner's sentence ("We use cookies to improve your experience. Accept cookies"): about the site, never
# guidance, though it says "use"
_COOKIE_NOTICE = re.compile(r"^(?:(?:this|our)\s+(?:site|website|service)\s+uses|we\s+(?:use|set|would\s+like\s+to\s+"
                            r"(?:use|set)))\s+(?:some\s+)?(?:essential\s+|analytics\s+|additional\s+)?cookies\b", re.I)
_CONTROLS = re.compile(rf"^(?:(?:{_CONTROL_WORDS})\s*[|·•/,;:–—-]?\s*)+$", re.I)
# Breadcrumbs: three or more short parts joined by '>', '›', '»', '/' or '|' ("Home > Conditions > Gout");
# two parts when the first is "Home".
_CRUMB_SEPARATOR = re.compile(r"\s+[>›»/]\s+|\s*[›»]\s*")
_ITEM_SEPARATOR = re.compile(r"\s+[|·•]\s+")
_VERSION = re.compile(r"^(?:version|edition|v)\s*\d+(?:\.\d+)*$", re.I)
_LABELLED = (
    (re.compile(r"^(?:by|authors?|written\s+by|contributors?|editors?|prepared\s+by|corresponding\s+author|"
                r"medically\s+reviewed\s+by|reviewed\s+by|clinical\s+reviewer)\b\s*:?\s+\S", re.I),
     "an author or reviewer line"),
    (re.compile(r"^(?:doi\s*:?\s*10\.|https?://(?:dx\.)?doi\.org/|\S*\bdoi\s*:\s*10\.)", re.I), "a DOI"),
    (re.compile(r"^(?:published\s+online|epub\s+ahead\s+of\s+print|first\s+published\s+online|received|accepted)"
                r"\b", re.I), "a publication history line"),
    (re.compile(r"^(?:citation|cite\s+(?:this|as)|how\s+to\s+cite|suggested\s+citation|please\s+cite)\b\s*:?", re.I),
     "a citation of the page itself"),
    # "(c)" is a copyright sign only with a year or the words of one ("(c) 2024 Example Trust", "(c) Crown copyright"):
    # "(c) Four-factor prothrombin complex concentrate ..." after "(a)" and "(b)" is the third item of a list
    (re.compile(r"^(?:©|\(c\)\s+(?=.*(?:\b(?:19|20)\d{2}\b|copyright|rights\s+reserved|licen[cs]ed?\b))|copyright\b|"
                r"all\s+rights\s+reserved)", re.I), "a copyright line"),
    (re.compile(r"^(?:[A-Z][\w .&-]{1,60}\.\s*(?:19|20)\d{2}(?:\s+[A-Z][a-z]{2,8})?(?:\s+\d{1,2})?;\s*\d+)"),
     "a citation of the page itself"),  # "J Ex Med. 2024 May 3;12(4):123-130."
    (re.compile(r"^(?:content\s+source|page\s+source|source|source\s+of\s+this\s+page|page\s+owner|owner|"
                r"organi[sz]ation|affiliations?|institution|publisher|produced\s+by|developed\s+by|"
                r"issued\s+by|licen[cs]e|funding|conflicts?\s+of\s+interest|competing\s+interests?|disclosures?|"
                r"keywords?|key\s+words|tags?|categories|topics?|audience|article\s+type|document\s+type|"
                r"status|version|reference\s+number|guideline\s+number|nice\s+guideline\s+\[?\w+\]?)\s*:", re.I),
     "a page-information line"),
    (re.compile(r"^(?:next\s+review(?:\s+due)?|review\s+due|due\s+for\s+review|review\s+date|expiry|expires)\b",
                re.I), "a planned review date (not the article's date)"),
    (re.compile(r"^(?:on\s+this\s+page|contents|table\s+of\s+contents|in\s+this\s+(?:article|page|section|guide)|"
                r"page\s+contents|jump\s+to\s+section|sections?\s+on\s+this\s+page|quick\s+links|related\s+"
                r"(?:pages|links|content|topics|articles))\s*:?$", re.I),
     "a list of links"),
)
# Disclaimers and not-advice notices; a line that is nothing else is furniture.
_DISCLAIMER = re.compile(
    r"^(?:disclaimer\b.*|.*\bnot\s+(?:a\s+substitute\s+for|intended\s+(?:as|to\s+replace))\b.*|"
    r".*\bnot\s+(?:clinical|medical|professional)\s+advice\b.*|.*\bdoes\s+not\s+replace\b.*|.*\bfor\s+(?:educational|information(?:al)?)\s+"
    r"(?:purposes|use)\s+only\b.*)$",
    re.I,
)
_NAV_HEADINGS = re.compile(
    r"^(?:on\s+this\s+page|contents|table\s+of\s+contents|(?:what(?:'s|\s+is)\s+)?in\s+this\s+(?:article|page|section|"
    r"guide|guideline|guidance|document|topic|chapter|summary|leaflet|protocol|policy)|page\s+contents|"
    r"contents\s+of\s+this\s+(?:page|guideline|document)|sections|"
    r"jump\s+to\s+section|sections?\s+on\s+this\s+page|quick\s+links|related\s+(?:pages|links|content|topics|"
    r"articles))\s*:?$",
    re.I,
)
_ITEM = re.compile(r"^\s*(?:[•\-\*+]|\d{1,3}[.)])\s+(?P<text>.*)$")
_MARKDOWN_DECORATION = re.compile(r"^[#>\s]*|[*_`]+")


def _plain(line: str) -> str:
    """The words of a line without Markdown decoration; links give their text."""
    text = _LINK.sub(lambda m: m.group("t"), line)
    return " ".join(_MARKDOWN_DECORATION.sub("", text).split())


# The name of the site or publisher printed above a page's title ("Example Health Service", "National Institute for
# Health and Care Excellence", "NHS"): an organisation word, few words, no topic of guidance. Only ever set aside
# before the title, and only when a title follows it.
_ORGANISATION = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w&'.-]*\s+){0,7}(?:Journal\s+of\s+(?:[A-Z][\w&'.-]*\s*)+$|Institute|Institutes|Centre|Center|Centers|Centres|College|Society|"
    r"Association|Organi[sz]ation|Agency|Ministry|Department|Foundation|Trust|Service|Services|Board|Council|"
    r"Academy|Federation|Network|Alliance|University|Hospital|Clinic|Authority|Commission|Journal)"
    r"(?:\s+(?:of|for|and|on)\s+(?:the\s+)?(?:[A-Z][\w&'.-]*|and|of|for)(?:\s+(?:[A-Z][\w&'.-]*|and|of|for))*)?$"
)
_ACRONYM_NAME = re.compile(r"^[A-Z]{2,6}(?:\s+[A-Z][\w&'.-]*){0,9}$")
_TOPIC_WORDS = re.compile(r"\b(?:guideline|guidance|management|treatment|therapy|diagnosis|recommendations?|"
                          r"statement|consensus|care\s+of|children|adults|infants|patients|treat\w*)\b|:", re.I)


def is_organisation_name(line: str) -> bool:
    """A line that is only the name of an organisation or site ('Example Health Service', 'NHS')."""
    text = _plain(line)
    if not text or len(text.split()) > 12 or _TOPIC_WORDS.search(text) or carries_guidance(text):
        return False
    if _ORGANISATION.match(text):
        return True
    # an acronym alone, or before the name it stands for ("NICE National Institute for Health and Care Excellence")
    return bool(_ACRONYM_NAME.match(text)) and (len(text.split()) == 1 or bool(_ORGANISATION.match(text.split(" ", 1)[1])))


def is_navigation_heading(line: str) -> bool:
    """'On this page', 'Contents', 'Related links': the caption of a list of the page's own links."""
    return bool(_NAV_HEADINGS.match(_plain(line)))


def chrome_reason(line: str, disclaimers: bool = True) -> str | None:
    """What page furniture the line is ('a breadcrumb trail', 'an author line' ...), or None for a line that may be
    part of the article. Never furniture: a line with an amount and unit. `disclaimers=False` leaves a
    not-advice notice to the caller (under the title it is the title's subtitle)."""
    raw = line.strip()
    if not raw:
        return None
    text = _plain(raw)
    if not text:
        return "a decoration line" if raw.strip("#>*_`-=~ ") == "" else None
    if _AMOUNT.search(text):
        return None
    if re.fullmatch(r"[-=_*~·•]{3,}", raw.replace(" ", "")):
        return "a rule line"
    if raw.startswith("<!--") and raw.endswith("-->"):
        return "an HTML comment"
    # a line that is only links (share buttons, a site menu) or a bare address
    if _LINK.search(raw) and not _LINK.sub("", raw).strip(" |·•,;/-–—*_#>") and len(text.split()) <= 12:
        return "a line of links"
    if _BARE_URL.match(text):
        return "a DOI" if "doi.org/" in text.casefold() else "a web address"
    if _CONTROLS.match(text):
        return "a navigation, share or print control"
    parts = [p for p in _CRUMB_SEPARATOR.split(text) if p.strip()]
    if (len(parts) >= 3 or (len(parts) == 2 and parts[0].strip().casefold() == "home")) and all(
        len(p.split()) <= 6 for p in parts
    ) and not text.rstrip().endswith((".", "?", "!")):
        return "a breadcrumb trail"
    items = [p.strip() for p in _ITEM_SEPARATOR.split(text) if p.strip()]
    if len(items) > 1 and all(_VERSION.match(p) or chrome_reason(p) for p in items):
        return "a page-information line"  # "Version 1 | Review due: June 2027 | Owner: Cardiology"
    if _VERSION.match(text):
        return "a version line"
    if _COOKIE_NOTICE.match(text):
        return "a navigation, share or print control"
    for pattern, why in _LABELLED:
        if pattern.match(text) and (why.startswith("a planned") or not carries_guidance(text)):
            return why
    if _is_author_list(text):
        return "an author list"
    if disclaimers and _is_disclaimer(text) and not _ADVICE_OUTSIDE_DISCLAIMER.search(text) and not (
        _titled_notice(raw, text)
    ):
        return "a disclaimer"
    return None


# Words of a not-advice notice itself ("Invented test guidance written for this project"): a part of the line made of
# such words is the notice, not a title standing before it.
_NOTICE_WORDS = re.compile(
    r"\b(?:invented|test|tests|testing|guidance|written|made|project|projects|educational|education|illustrative|"
    r"example|sample|fictional|fictitious|synthetic|importer|page|content|information|advice|disclaimer|"
    r"notice|only|purposes?|this|it|is|not)\b",
    re.I,
)


def _titled_notice(raw: str, text: str) -> bool:
    """A title with its not-advice notice attached ('# Neonatal sepsis (invented test guidance, not clinical advice)',
    'C. difficile infection: first episode and relapse (invented ...; not clinical advice)', 'Sepsis - not clinical
    advice'): the line names the article, so it is not furniture. A Markdown level-1 heading always names it."""
    if re.match(r"^\s*#\s", raw):
        return True
    head = re.split(r"\s*(?:\(|\[|:\s|\s[-–—]\s|;|,)\s*", text, maxsplit=1)[0]
    words = re.findall(r"[A-Za-z][A-Za-z.'-]*", head)
    if len(words) < 2 or len(head) >= len(text):
        return False
    return not _NOTICE_WORDS.search(head)


# A disclaimer names what the page is not; advice beside it ("not clinical advice; give aspirin ...") keeps the line.
_ADVICE_OUTSIDE_DISCLAIMER = re.compile(
    r"\b(?:give|offer|avoid|do\s+not\s+(?:give|use|start|offer)|contraindicated|prescribe)\b", re.I
)


_NAME = re.compile(r"^(?:[A-Z][a-z'’-]+|[A-Z]\.?)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.?|van|von|de|da|del|der|le|la))+$")


def _is_author_list(text: str) -> bool:
    """Names as a journal prints its authors: two or more 'Given Family' names, marked with affiliation numbers or
    symbols ('John Smith,1 Jane Doe2') or set apart by ';' ('Jane Doe; John Smith.')."""
    marked = bool(re.search(r"[a-z][\d*†‡§]+(?:,|\s|$)", text))
    if not (marked or ";" in text):
        return False
    parts = [re.sub(r"[\d*†‡§]+", "", p).strip(" .") for p in re.split(r",|;|\band\b", text)]
    parts = [p for p in parts if p]
    return len(parts) >= 2 and all(_NAME.match(p) for p in parts)


def _is_disclaimer(text: str) -> bool:
    """A line that is a not-advice notice and nothing else: a title carrying its own note ('Gout in adults (test
    guidance, not clinical advice)', 'Gout in adults - not clinical advice') is a title, not a disclaimer."""
    if not _DISCLAIMER.match(text):
        return False
    if re.match(r"disclaimer\b", text, re.I):
        return True
    outside = re.sub(r"\([^)]*\)?|\[[^\]]*\]?", " ", text)
    return not any(len(part.split()) >= 2 and not _DISCLAIMER.match(part)
                   for part in re.split(r"\s[-–—|]\s", outside))


# A table of contents repeats the page's own section titles, numbered ("2. First presentation", "2.1 Starting dose",
# "Section 5 - Doses", "5) Doses", "IV. Doses"), as links ("[Dosing](#dosing)") or as short lines, sometimes with
# the page a section starts on ("Definitions ........ 3"). Its entries are titles, never guidance: an entry that
# names a section "Dosing" or "Monitoring" is still a title (so the advising words of `carries_guidance` do not end
# the list; an amount with its unit does).
_ENTRY_NUMBER = re.compile(
    r"^\s*(?:[•\-\*+◦▪‣]\s+)?(?:(?:section|part|chapter|appendix)\s+)?(?:\d{1,3}(?:\.\d{1,3})*\.?\)?|[A-Za-z][.)]|"
    r"(?:[IVX]{1,5}|[ivx]{1,5})[.)])(?:\s*[-–—:]\s*|\s+)(?=\S)", re.I)
_ENTRY_BULLET = re.compile(r"^\s*[•\-\*+◦▪‣]\s+")
_PAGE_NUMBER = re.compile(r"\s*(?:\.{2,}|…+|·{2,}|\s{2,}|\t+)\s*\d{1,4}\s*$")
_TITLE_END = re.compile(r"[\s:.\-–—]+$")


def section_title(line: str) -> str:
    """A line reduced to the section title it names, for comparing a contents entry with the heading it repeats:
    without Markdown marks, link targets, its bullet, its section number ("2.1", "Section 5 -", "5)"), a page number
    after dot leaders, or a closing colon; in lower case. '' for a line with no words."""
    text = _plain(line)
    text = _PAGE_NUMBER.sub("", text)
    text = _ENTRY_BULLET.sub("", text)
    text = _ENTRY_NUMBER.sub("", text, count=1)
    return " ".join(_TITLE_END.sub("", text).split()).casefold()


def _numbered_title(line: str) -> tuple[str, str]:
    """A line's section number (its digits, '2.1') and title; an entry linking to the page's own anchor is matched
    by its title alone."""
    text = _plain(line)
    if re.search(r"\]\(#", line):
        return "#", section_title(line)
    m = re.match(r"^\s*(?:[•\-\*+◦▪‣]\s+)?(?:(?:section|part|chapter|appendix)\s+)?(\d{1,3}(?:\.\d{1,3})*)", text, re.I)
    return (m.group(1) if m else "?", section_title(line))


def _numbered_entry(line: str) -> bool:
    return bool(_ENTRY_NUMBER.match(_plain(line))) or bool(re.search(r"\]\(#", line))


def _entry_like(line: str, later: set[str] | frozenset[str] = frozenset()) -> bool:
    """A line that can be an entry of a table of contents: a short title (twelve words at most) with no amount, no
    citation marker and no closing stop of a sentence; or one that repeats a title in `later` (the lines printed
    further down the page), whatever it holds ("Severe hyperkalaemia (K+ 6.5 mmol/L or above)", "How is treatment
    monitored?")."""
    title = section_title(line)
    text = _PAGE_NUMBER.sub("", _plain(line))
    if not title or len(title.split()) > 16:
        return False
    if title in later:
        return True
    if len(title.split()) > 12 or _AMOUNT.search(text):
        return False
    if re.search(r"\[\d{1,3}(?:\s*[,-–]\s*\d{1,3})*\]|\^\d", line) or re.search(r"\d+\s*,\s*\d+\s*$|\.\s*\d+$", text):
        return False
    return not text.rstrip().endswith((".", ";", ",", "!", "?")) or bool(re.search(r"\]\(#", line))


def _later_titles(lines: list[str], after: int) -> set[str]:
    return {t for k in range(after, len(lines)) if lines[k].strip() and (t := section_title(lines[k]))}


def navigation_items(lines: list[str], caption: int) -> list[int]:
    """The lines of the list under a 'Contents' / 'On this page' caption: its entries (bulleted, numbered, nested,
    links, or short lines) up to the first blank line after the list, each a title carrying no amount. A blank line
    inside the list does not end it while the next entry repeats a title printed further down the page."""
    out: list[int] = []
    started = False
    later = _later_titles(lines, caption + 1)
    i = caption + 1
    while i < min(len(lines), caption + 80):
        raw = lines[i]
        if not raw.strip():
            if started:
                k = next((k for k in range(i + 1, min(len(lines), i + 3)) if lines[k].strip()), None)
                if k is None or section_title(lines[k]) not in _later_titles(lines, k + 1):
                    break
            i += 1
            continue
        if not _entry_like(raw, _later_titles(lines, i + 1) if section_title(raw) in later else frozenset()):
            break
        if not _ITEM.match(raw) and not _LINK.search(raw) and not _numbered_entry(raw):
            # a short line under the caption counts only while the list is made of such lines
            if started and any(_ITEM.match(lines[k]) or _numbered_entry(lines[k]) for k in out):
                break
        out.append(i)
        started = True
        i += 1
    return out


def contents_blocks(lines: list[str], start: int = 0) -> dict[int, str]:
    """The page's tables of contents: line index -> what the line is. A block is a navigation caption ('Contents',
    'On this page', 'In this guideline') with its entries, or, with no caption, a run of three or more numbered
    entries (or links to the page's own anchors) of which at least two in three repeat, in order of reading, titles
    printed as lines further down the page with the same section number (the sections they list; an anchor link
    by its title alone). Such lines are navigation: set aside with a
    report line, never read as headings, guidance or the reference list."""
    out: dict[int, str] = {}
    i = start
    while i < len(lines):
        line = lines[i]
        if i in out or not line.strip():
            i += 1
            continue
        if is_navigation_heading(line):
            items = navigation_items(lines, i)
            if items:
                out[i] = "a table of contents (the page's list of its own sections)"
                out.update({k: "an entry of the page's table of contents" for k in items})
                i = items[-1] + 1
                continue
        if _numbered_entry(line) and _entry_like(line) and (i == 0 or not lines[i - 1].strip()
                                                            or is_navigation_heading(lines[i - 1])):
            run = []
            k = i
            while k < len(lines) and lines[k].strip() and _entry_like(lines[k]) and (
                    _numbered_entry(lines[k]) or _ITEM.match(lines[k])):
                run.append(k)
                k += 1
            if len(run) >= 3:
                later = {key for k2 in range(k, len(lines)) if lines[k2].strip()
                         for key in (_numbered_title(lines[k2]), ("#", section_title(lines[k2])))}
                repeated = sum(1 for r in run if _numbered_title(lines[r]) in later)
                if repeated >= 3 and 3 * repeated >= 2 * len(run):
                    out.update({r: "an entry of the page's table of contents (its titles repeat the sections below)"
                                for r in run})
                    i = k
                    continue
        i += 1
    return out


_YAML_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w -]*?)\s*:\s*(?P<value>.*)$")
YAML_TITLE_KEYS = ("title",)
YAML_DATE_KEYS = ("last_updated", "last-updated", "updated", "date_modified", "modified", "last_modified",
                  "lastmod", "reviewed", "last_reviewed", "revised", "date", "published", "issued", "date_published")


def yaml_front_matter(lines: list[str]) -> tuple[int, int, dict[str, tuple[int, str]]] | None:
    """The block '---' ... '---' (or '...') that opens a Markdown file: (first, last line index, {key: (index,
    value)}); None when the file does not open with one. Values keep their text, unquoted."""
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None or lines[first].strip() != "---":
        return None
    fields: dict[str, tuple[int, str]] = {}
    for i in range(first + 1, min(len(lines), first + 80)):
        if lines[i].strip() in ("---", "..."):
            return first, i, fields
        m = _YAML_KEY.match(lines[i])
        if m and not lines[i].startswith((" ", "\t")):
            fields.setdefault(m.group("key").strip().casefold(), (i, m.group("value").strip().strip("'\"")))
        elif lines[i].strip() and not lines[i].startswith((" ", "\t", "-")):
            return None
    return None

"""Substances a page doses that neither the graph nor the drug lexicon names as medicines.

Guideline pages dose things that are not "drugs" to a drug dictionary: rehydration solutions, IV fluids, trace
elements, electrolyte mixtures. A reader knows they are what the page gives because an amount is given of them
("ORS 10 mL/kg", "zinc 20 mg once daily"). The importer reads them the same way, before any statement is drafted,
and only on that evidence:

- a name the page itself defines as an abbreviation ("oral rehydration solution (ORS)", "TXA (tranexamic acid)"):
  when the long form is a drug the graph or the lexicon knows, the abbreviation names that drug; when it is not,
  and the page gives a dose of the abbreviation or the long form, the long form is drafted as a new substance;
- a single word the drug lexicon lists as a substance but not as a medicine (a chemical element such as zinc, known
  to DrugBank and MeSH) written right before a dose of it;
- the fluid a volume is given of, under a name neither the graph nor the lexicon knows, where the words say the volume
  is of it: "500 mL of Gelofusine", "a 250 mL Plasma-Lyte bolus" (what it is given as after the name), "albumin 20%
  100 mL" / "20% albumin 100 mL" (a strength beside the name), "Gelofusine 500 mL IV" (the name opens the
  statement). A word merely next to a volume ("Child 1-4 years: 2.5-10 mL", "works best: 5 mL"), a reference to
  something named elsewhere ("10 mL/kg of the calculated deficit"), a vehicle ("20 mL/kg IV fluid bolus") and an
  abbreviation the page does not define ("ORS 10 mL/kg") are never read as one. Well-known fluids the lexicon lists
  under another name ("crystalloid", "Hartmann's", "compound sodium lactate") are named in data/common_names.tsv
  and read as the lexicon's own entries.

Every substance found this way is a new entity flagged for the curator with the reason it was read as one. A short
token or abbreviation the page does not define is never read as a substance here; nothing is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import ImporterError
from .cue_words import cue_words
from .dose_grammar import ROUTE_WORDS, parse_statement
from .recognise import Lexicon, could_be_drug
from .vocabulary import DrugEntry, _stopwords, condition_index, substance_entry

_WORD = re.compile(r"[a-z0-9²]+")
# "long form (ABBR)": the abbreviation in brackets after its long form
_ABBR_AFTER = re.compile(r"\((?P<abbr>[A-Z][A-Za-z]{1,7})\)")
# "ABBR (long form)": the long form in brackets after the abbreviation
_ABBR_BEFORE = re.compile(r"(?<![\w-])(?P<abbr>[A-Z][A-Z0-9]{1,7}s?)\s*\((?P<long>[A-Za-z][A-Za-z' -]{3,80})\)")
# a glossary entry, the abbreviation then its long form: "ICS: inhaled corticosteroid", "ICS = inhaled corticosteroid",
# "ICS - inhaled corticosteroid", "ICS, inhaled corticosteroid" (in an "Abbreviations:" list)
_GLOSSARY_ENTRY = re.compile(r"\A\s*(?P<abbr>[A-Z][A-Za-z0-9]{1,7}s?)\s*(?::|=|\s[-\u2013\u2014]|,)\s*"
                             r"(?P<long>[A-Za-z][A-Za-z0-9' -]{2,80}?)\s*\.?\s*\Z")
# the label an abbreviations list opens with ("Abbreviations:", "Key:", "Abbreviation used:")
_GLOSSARY_LABEL = re.compile(r"\A\s*(?:abbreviations?(?:\s+used)?|key|glossary)\s*[:\-\u2013]\s*", re.IGNORECASE)
# words an abbreviation's initials skip ("solution of salts", "tranexamic acid")
_SKIPPED = frozenset({"of", "and", "the", "for", "in", "with", "to", "a", "an"})
# words of the sentence before a long form that are never part of it ("replace losses with X (ABBR)")
_NOT_NAME = frozenset({"with", "give", "use", "using", "start", "offer", "then", "as", "by", "of", "and", "or", "the",
                       "a", "an", "to", "for", "via", "plus", "replace", "continue", "try", "add", "is", "are"})
# the last word of a long form that names a state, a disease or a measure of the patient, never a substance given
# ('acute kidney injury (AKI)', 'chronic kidney disease (CKD)', 'blood pressure (BP)')
_NOT_A_SUBSTANCE = re.compile(
    r"(?:injury|injuries|disease|diseases|syndrome|failure|infection|infections|disorder|deficiency|insufficiency|"
    r"itis|osis|aemia|emia|oma|pathy|pressure|rate|test|tests|score|scale|count|level|levels|ratio|index|volume|"
    r"output|status|stage|grade|unit|units|team|service|department|care|guideline|guidelines|trial|study|event|"
    r"events|attack|state|shock|loss|losses|dehydration|illness|condition|infarction|embolism|thrombosis|fibrillation|"
    r"arrest|ketoacidosis|dysfunction|impairment|hypertension|hypotension|edema|oedema|asthma|pain|fever)\Z",
    re.IGNORECASE,
)
# the text between a substance's name and its amount: nothing, a colon, or "at" ("ORS at 10 mL/kg/hour")
_BEFORE_AMOUNT = re.compile(r"\s*(?::|,)?\s*(?:at\s+|of\s+)?\Z", re.IGNORECASE)


def _initials_match(abbr: str, words: list[str]) -> bool:
    """Whether the words are the abbreviation's long form (Schwartz and Hearst's rule): every letter of the
    abbreviation appears in the words in order, the first one starting the first word, and no more content words than
    letters ('oral rehydration solution' = ORS, 'tranexamic acid' = TXA)."""
    letters = [c for c in abbr.casefold() if c.isalnum()]
    if abbr[-1] == "s" and abbr[:-1].isupper():
        letters = letters[:-1]  # a plural abbreviation ('ACEIs')
    long = " ".join(words).casefold()
    content = [w for w in words if w.casefold() not in _SKIPPED]
    if not letters or not long or long[0] != letters[0] or len(content) > len(letters):
        return False
    i = len(long) - 1
    for c in reversed(letters):
        while i >= 0 and long[i] != c:
            i -= 1
        if i < 0:
            return False
        i -= 1
    return True


def abbreviations(text: str) -> dict[str, str]:
    """The abbreviations a text defines: abbreviation -> long form, as printed. The long form is the shortest run of
    words before the bracket (or inside it) whose initials spell the abbreviation."""
    out: dict[str, str] = {}
    for m in _ABBR_AFTER.finditer(text):
        abbr = m.group("abbr")
        if sum(c.isupper() for c in abbr) < 2:
            continue
        before = re.findall(r"[A-Za-z][A-Za-z'-]*", text[max(0, m.start() - 120) : m.start()])
        for n in range(2, min(len(abbr) + 3, len(before)) + 1):
            words = before[-n:]
            if words[0].casefold() in _NOT_NAME:
                break
            if _initials_match(abbr, words):
                out.setdefault(abbr, " ".join(words))
                break
    for m in _ABBR_BEFORE.finditer(text):
        words = m.group("long").split()
        if _initials_match(m.group("abbr"), words):
            out.setdefault(m.group("abbr"), " ".join(words))
    for abbr, long in glossary(text).items():
        out.setdefault(abbr, long)
    return out


def glossary(text: str) -> dict[str, str]:
    """The abbreviations a glossary line defines, when the whole line is a glossary ("ICS: inhaled corticosteroid";
    "Abbreviations: ICS, inhaled corticosteroid; SABA, short-acting beta agonist"): abbreviation -> long form. Each
    entry's long form must spell its abbreviation's initials (so "Reliever: salbutamol" is no entry); a line with any
    other words is no glossary and gives {}."""
    label = _GLOSSARY_LABEL.match(text)
    body = text[label.end():] if label else text
    entries = [e for e in re.split(r"\s*;\s*", body.strip().rstrip(".")) if e.strip()]
    if not entries:
        return {}
    out: dict[str, str] = {}
    for entry in entries:
        m = _GLOSSARY_ENTRY.match(entry)
        if m is None:
            return {}
        if label is None and "," in entry[: m.end("abbr") + 2]:
            return {}  # "ICS, inhaled corticosteroid" alone on a line is a list, not a definition
        abbr, long = m.group("abbr"), m.group("long").strip()
        if sum(c.isupper() for c in abbr) < 2 or not _initials_match(abbr, re.findall(r"[A-Za-z][A-Za-z'-]*", long)):
            return {}
        out[abbr] = long
    return out


def _given_amounts(text: str) -> list:
    """The doses of amounts the statement gives (never a strength, a level, a rate limit or an amount counted up to)."""
    try:
        doses = parse_statement(text)
    except ImporterError:
        return []  # a line the dose grammar refuses is reported where it is drafted, not here
    return [d for d in doses
            if not (d.amount_not_stated or d.strength or d.level or d.given_so_far or d.titration or d.rate)]


def _dosed_names(text: str) -> list[str]:
    """The text just before each amount a dose of which the statement gives, as printed: where the name of what is
    given stands."""
    return [text[: d.span[0]] for d in _given_amounts(text) if d.span[0]]


# a volume's fluid named after it: "30 mL/kg of balanced crystalloid", "a 500 mL crystalloid bolus", "500 mL of
# 4.5% albumin"; the run of words is cut where the grammar goes on (a route, a time, a preposition, a number)
_AFTER_VOLUME = re.compile(
    r"\s*(?P<of>of\s+)?(?:\(?\d+(?:\.\d+)?\s*%\)?\s+)?(?P<run>[A-Za-z][\w'’+-]*(?:[ \t]+[A-Za-z][\w'’+-]*){0,4})")
# a volume's fluid named before it: "albumin 20% 100 mL", "20% albumin 100 mL", "Plasma-Lyte 148 500 mL", or a name
# that opens the statement ("Gelofusine 500 mL IV")
_BEFORE_VOLUME = re.compile(
    r"(?P<pct>\d+(?:\.\d+)?\s*%\s+)?(?<![\w'’-])(?P<name>[A-Za-z][\w'’+-]*)(?P<code>[ \t]+\d{2,3})?"
    r"(?P<strength>[ \t]+\(?\d+(?:\.\d+)?\s*%\)?)?\s*[:,]?\s*\Z", re.IGNORECASE)
# what may stand before a name that opens a statement: a list mark and a verb of giving
_OPENING = re.compile(r"\A[\s*•·\-–—>\d.)]*(?:(?:give|infuse|use|start|then|run|administer)\s+)?\Z", re.IGNORECASE)
# words that end a fluid's name: grammar (prepositions, conjunctions, verbs of giving, times), never part of a name
_NAME_ENDS = frozenset(
    """of over at in to as for with then and or via by if until per every each given stat once twice daily hourly
    immediately now repeat repeated within after before from into through up when while than is are be was may can
    should must give infuse run start use minutes minute hours hour days day weeks week mins min hrs hr years year
    months month yrs kg old aged age child children adult adults infant infants""".split())
# words that open a reference to something named elsewhere, never a name ("10 mL/kg of the calculated deficit")
_DETERMINERS = frozenset("the a an this that these those their his her your its each any further more same".split())
# what a volume is given as, not what is given ("bolus", "fluid", "solution" after the name; "IV fluid" alone)
_VEHICLE_WORDS = frozenset(
    """bolus boluses fluid fluids solution solutions infusion infusions injection injections bag bags drip drips
    volume volumes challenge challenges replacement resuscitation maintenance loading intravenous iv feed feeds
    intake""".split())


def _fluid_name(run: str) -> str | None:
    """The name in a run of words printed after a volume, or None: cut at the first word where the grammar goes on
    (a route, a time, a preposition), with what it is given as ('bolus', 'fluid') taken off its end."""
    from .dose_grammar import ROUTE_WORDS

    words: list[str] = []
    for w in run.split():
        low = w.casefold().strip("'’")
        if low in _NAME_ENDS or low in ROUTE_WORDS:
            break
        words.append(w)
    if not words or words[0].casefold() in _DETERMINERS:
        return None
    if any(w.isupper() and len(w) <= 6 for w in words):
        return None  # an abbreviation the page does not define ('ORS 10 mL/kg') is never guessed to be a substance
    while words and words[-1].casefold() in _VEHICLE_WORDS:
        words.pop()
    if not words or len(words) > 3 or not could_be_drug(words[-1].strip("'’")) or _NOT_A_SUBSTANCE.search(words[-1]):
        return None
    return " ".join(words)


def _volume_names(lex: Lexicon, text: str) -> list[str]:
    """The names a statement gives a volume of that the lexicon does not know, printed after the volume or right
    before it, as printed. A volume whose fluid the lexicon already names on either side gives none."""
    out: list[str] = []
    known = lex.mentions(text)
    for d in _given_amounts(text):
        if d.unit not in _VOLUMES:
            continue
        after = _AFTER_VOLUME.match(text, d.span[1])
        before = _BEFORE_VOLUME.search(text, 0, d.span[0])
        if after is not None and any(after.start("run") <= m.start < after.end("run") for m in known):
            continue  # "30 mL/kg of balanced crystalloid": a name the lexicon knows is in the run
        if before is not None and any(m.start <= before.start("name") < m.end for m in known):
            continue  # "compound sodium lactate 500 mL": the word before is the end of a known name
        # the evidence that a word names what the volume is of: 'of' after the volume, or what it is given as
        # ('a 500 mL crystalloid bolus'); before the volume, a strength beside the name or the name opening the
        # statement. A word merely next to a volume ('Child 1-4 years: 2.5-10 mL', 'works best: 5 mL') is not
        name = None
        if after is not None:
            run = after.group("run")
            vehicle = any(w.casefold() in _VEHICLE_WORDS for w in run.split()[1:3])
            if after.group("of") or vehicle:
                name = _fluid_name(run)
        if name is None and before is not None and (
                before.group("pct") or before.group("strength") or before.group("code")
                or _OPENING.match(text[: before.start("name")])):
            name = _fluid_name(before.group("name"))
        if name is not None:
            out.append(name)
    return out


_VOLUMES = ("mL", "L")


def _ends_with(before: str, name: str) -> bool:
    """Whether the text before an amount ends with the name (then nothing, a colon or 'at')."""
    m = re.search(r"(?<![\w-])" + re.escape(name) + r"(?P<rest>[^\w]*(?:\w+\s*)?)\Z", before, re.IGNORECASE)
    return m is not None and _BEFORE_AMOUNT.match(m.group("rest")) is not None


def learn_dosed_substances(lex: Lexicon, texts: Iterable[str], glossary_lines: Iterable[str] = ()) -> list[str]:
    """Teach the lexicon the substances the page doses under names it does not know (see the module docstring);
    returns the IRIs of the new substances drafted. Runs over the whole article before any statement is drafted, so a
    dose line reads the same wherever on the page the abbreviation was defined. `glossary_lines` are the entries of
    the page's list of abbreviations, which the reader keeps out of its statements ("ICS  inhaled corticosteroid",
    a gap of spaces or a tab standing for the colon there)."""
    texts = list(texts) + [re.sub(r"\s{2,}|\t+", ": ", g.strip(), count=1) for g in glossary_lines]
    defined: dict[str, str] = {}
    for text in texts:
        for abbr, long in abbreviations(text).items():
            defined.setdefault(abbr, long)
    dosed = [before for text in texts for before in _dosed_names(text)]
    new: list[str] = []
    for abbr, long in sorted(defined.items()):
        if any(m.start == 0 and m.end == len(abbr) for m in lex.therapies(abbr)):
            continue  # the abbreviation already names a drug the graph or the lexicon knows
        known = lex.mentions(long)
        whole = [m for m in known if m.start == 0 and m.end == len(long)]
        if not whole:
            # "inhaled corticosteroid", "oral anticoagulant": a known drug after words that only say its route
            # names that drug as the page abbreviates it
            whole = [m for m in known if m.end == len(long) and m.kind == "therapy"
                     and all(w.casefold() in ROUTE_WORDS for w in _WORD.findall(long[: m.start].casefold()))
                     and len(known) == 1]
        if whole:
            if whole[0].kind == "therapy":
                lex.add_name(whole[0].iri, "therapy", abbr)  # the page defines the abbreviation as this drug
            continue
        if (known or _NOT_A_SUBSTANCE.search(long) or condition_index().get(tuple(_WORD.findall(long.casefold()))) is not None
                or not any(_ends_with(b, abbr) or _ends_with(b, long) for b in dosed)):
            continue  # a condition or a test, or nothing the page gives an amount of
        reason = (f"the article defines '{abbr}' as '{long}' and gives a dose of it; in neither the graph nor the "
                  "drug lexicon")
        iri = lex.new_substance(long, DrugEntry(name=long.casefold(), canonical=long.casefold(), drugbank=None,
                                                mesh=None, synonyms=(), found_as=reason), also=(abbr,))
        new.append(iri)
    for name in [n for text in texts for n in _volume_names(lex, text)]:
        # a fluid the page gives a volume of, under a name the graph and the lexicon do not know ("500 mL of
        # Gelofusine", "a 500 mL Plasma-Lyte bolus"): a new substance, flagged, never a dose with no drug or the
        # drug of another clause
        if lex.mentions(name):
            continue  # the name, or a drug within it, is known ("balanced crystalloid")
        reason = (f"the article gives a volume of '{name}', which neither the graph nor the drug lexicon knows: read "
                  "as a fluid or substance it gives")
        new.append(lex.new_substance(name, DrugEntry(name=name.casefold(), canonical=name.casefold(), drugbank=None,
                                                     mesh=None, synonyms=(), found_as=reason)))
    new += _row_subjects(lex, texts)
    for before in dosed:
        words = re.findall(r"[A-Za-z][A-Za-z-]*", before[-40:])
        if not words or not _ends_with(before, words[-1]) and not (len(words) > 1 and _ends_with(before, words[-2])
                                                                  and words[-1].casefold() in ("at", "of")):
            continue
        word = words[-1] if _ends_with(before, words[-1]) else words[-2]
        if lex.therapies(word) or not could_be_drug(word):
            continue
        at = before.casefold().rfind(word.casefold())
        if any(m.start <= at < m.end for m in lex.mentions(before)):
            continue  # the last word of a name the lexicon knows ('compound sodium lactate'), not a substance of its own
        entry = substance_entry(word)
        if entry is None:
            continue
        reason = (f"the drug lexicon lists '{entry.name}' as a substance, not a medicine, and the article gives a "
                  "dose of it")
        new.append(lex.new_substance(word, DrugEntry(
            name=entry.name.casefold(), canonical=entry.canonical, drugbank=entry.drugbank, mesh=entry.mesh,
            synonyms=(), found_as=reason)))
    return list(dict.fromkeys(new))


# a drug table's row flattened to a line: its first cell the medicine's name (after a one-letter category cell such as
# a pregnancy category, 'A Pyridoxine ...'), its next cell the route ('Ginger Oral (biscuits, ...) Up to 1 g per day')
_ROW_SUBJECT = re.compile(r"\A(?:[A-Z]\s+)?(?P<name>[A-Z][a-z][A-Za-z-]{2,})\s+(?P<route>[A-Za-z]+)\b")


def _row_subjects(lex: Lexicon, texts: list[str]) -> list[str]:
    """The medicines of a drug table's rows that neither the graph nor the lexicon knows. A page whose table was
    flattened prints each row as a line opening with the medicine's name and then its route; when two or more rows of
    the page open so with a drug the lexicon knows, a row opening so with an unknown name that gives a dose is that
    name's row: the name is drafted as a new substance, flagged, so its dose is never carried to the drug of another
    row (the heading or the row above)."""
    rows = []
    for text in texts:
        m = _ROW_SUBJECT.match(text.strip())
        if m is None or m.group("route").casefold() not in ROUTE_WORDS:
            continue
        rows.append((m.group("name"), text))
    known = [name for name, _ in rows if any(t.start == 0 and t.end == len(name) for t in lex.therapies(name))]
    if len(known) < 2:
        return []
    new: list[str] = []
    for name, text in rows:
        # (an English-looking name is no bar here, 'Ginger': the row's place says it is what is given; a common
        # word or a patient label is)
        if lex.mentions(name) or name.casefold() in _stopwords() or name.casefold() in cue_words("patient_label_words"):
            continue
        if not any(d.span[0] > len(name) for d in _given_amounts(text)):
            continue
        reason = (f"a row of the page's drug table opens with '{name}' and its route, as the rows naming known drugs "
                  "do; neither the graph nor the drug lexicon knows it")
        new.append(lex.new_substance(name, DrugEntry(name=name.casefold(), canonical=name.casefold(), drugbank=None,
                                                     mesh=None, synonyms=(), found_as=reason)))
    return new

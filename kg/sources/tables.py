"""Read one row of a table as a reader reads it: each cell with what its column's name says.

Both layouts use it: the Markdown reader for pipe tables, the plain reader for pipe tables pasted into text.
It is pure text in, text out, so a row's statement text (and its checksum) is the same in either layout.
"""

from __future__ import annotations

import re

_EMPHASIS = re.compile(r"(\*\*|__)(?P<t>[^*_]+?)\1")
_CELL_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)

# A table's header row names what each column holds. A row is read as a reader reads it, each cell with what
# its column says: a column named for a drug ("Artemether per dose") names the drug of its amounts, a
# "Maximum" column is the maximum, a "Duration" column the course length, a route or period in the column's
# name ("Oral dose", "Daily dose") the route or period of its amounts. Columns whose name only says what
# kind of thing the cell is ("Drug", "Dose", "Route", "Body weight") add nothing to the cell.
_COLUMN_MAXIMUM = re.compile(r"^(?:max(?:imum)?|upper limit|ceiling)\b", re.IGNORECASE)
# the period a maximum column's name states: "Max daily dose", "Maximum per day", "Max dose/day" (day) or "Max single
# dose", "Maximum per dose" (dose)
_MAXIMUM_PERIOD = re.compile(r"\b(?:(daily|per day|a day|/\s*day|in 24 hours|24[- ]hour)|(single dose|per dose|each "
                             r"dose))\b", re.IGNORECASE)
_COLUMN_DURATION = re.compile(r"^(?:duration|course(?: length)?|length(?: of (?:course|treatment))?|how long|"
                              r"treatment duration|days?)$", re.IGNORECASE)
_COLUMN_DOSE = re.compile(r"^(?P<subject>.*?)\s*\b(?P<what>(?:per|each|a|single) dose|daily dose|dose per day|"
                          r"total daily dose|dose|dosage|dosing)$", re.IGNORECASE)
# a dose column whose name goes on after the word "dose" with how or how often every amount under it is given
# ("Dose, by mouth once daily", "Dose (IV, every 8 hours)", "Dose - twice daily"): those words follow each amount
_COLUMN_DOSE_THEN = re.compile(r"^(?P<head>.*?\b(?:dose|dosage|dosing))\s*(?:[,:;(\u2013\u2014-]\s*)+(?P<after>[^()]*?)\)?$",
                               re.IGNORECASE)
# a column of what a product holds ("Strength", "Tablet strength", "Content per tablet", "Isoniazid per tablet",
# "Formulation", "Available as"): its amounts are strengths, never doses to give, and are written as such
_COLUMN_STRENGTH = re.compile(
    r"\b(?:strengths?|per (?:tablet|capsule|sachet|vial|ampoule|suppository|patch|unit dose)|each (?:tablet|capsule)|"
    r"contents?|composition|formulations?|preparations?|presentations?|available as|(?:tablet|capsule) size)\b",
    re.IGNORECASE)
# a first column naming the product each row is ("Product", "Tablet", "Fixed-dose combination", "Formulation"): the
# amounts under the columns named for drugs are what one unit of it holds (its strengths)
_COLUMN_PRODUCT = re.compile(r"^(?:products?|tablets?|capsules?|formulations?|preparations?|presentations?|"
                             r"(?:fixed[- ]dose )?combinations?(?: tablets?| products?)?|fdcs?|(?:fdc|combination) "
                             r"(?:tablets?|products?))$", re.IGNORECASE)
_ROUTE_WORDS = {"oral": "orally", "po": "orally", "iv": "IV", "intravenous": "IV", "im": "IM", "intramuscular": "IM",
                "subcutaneous": "subcutaneously", "sc": "subcutaneously", "inhaled": "inhaled",
                "nebulised": "nebulised", "nebulized": "nebulised", "rectal": "rectally", "topical": "topically"}
_COLUMN_BAND = re.compile(r"\d\s*(?:kg|years?|yrs?|months?|weeks?|days?)\b", re.IGNORECASE)
# ... and the columns of an age counted from conception or birth ("Gestational age", "PMA", "Postnatal age")
_COLUMN_PATIENT = re.compile(r"^(?:age(?: group| band| range)?|(?:body |patient )?weight(?: band| range)?|"
                             r"(?:corrected )?gestational age|gestation|ga|postmenstrual age|pma|"
                             r"postmenstrual age \(pma\)|(?:postnatal|chronological)(?: age)?|pna|postnatal age \(pna\))$",
                             re.IGNORECASE)
# column names that only say what kind of thing a cell is: the cell is read as printed
_COLUMN_LABEL = re.compile(
    r"^(?:drugs?|medicines?|medications?|antibiotics?|agents?|treatments?|regimens?|therapy|therapies|options?|"
    r"choices?|lines?|steps?|dose|doses|dosage|dosing|amount|frequency|how often|"
    r"interval|timing|route|notes?|comments?|remarks?|when|indication|population|patients?|group|band|"
    r"loading dose|maintenance dose|initial dose|starting dose|usual dose)$", re.IGNORECASE)
_COLUMN_NOTE = re.compile(r"^(?:notes?|comments?|remarks?|cautions?|warnings?|precautions?|contraindications?|"
                          r"(?:special )?considerations?|safety(?: notes?)?|adverse effects?|side effects?|avoid(?: in| if)?|"
                          r"do not use(?: in| if)?|interactions?|additional information|other information)$",
                          re.IGNORECASE)
# a column whose name is a warning: its cells name the circumstances ("| Contraindications |" over "penicillin allergy")
_COLUMN_WARNING = re.compile(r"^(contra-?indications?|contra-?indicated(?: in)?|cautions?|precautions?|warnings?|"
                             r"use with caution(?: in)?|avoid(?: in| if| with)?|do not use(?: in| if| with)?)$",
                             re.IGNORECASE)
# the words of a note that warns ("avoid in penicillin allergy", "not for children under 12", "contraindicated in ...")
_WARNS = re.compile(r"\b(?:avoid\w*|do not|don't|never|not (?:for|in|to be|recommended|suitable|licensed|advised)|"
                    r"contra-?indicated|caution|unsuitable|beware)\b", re.IGNORECASE)
_EMPTY_CELL = {"", "-", "–", "—", "n/a", "none", "not applicable"}
# an amount with its unit anywhere in a cell ('Amoxicillin 1 g three times daily'), not a count or a band ('aged 80')
_UNIT_AMOUNT = re.compile(r"\d\s*(?:mg|g|mcg|micrograms?|µg|mL|ml|units?|IU|mmol)\b")
_AMOUNT_START = re.compile(r"^\s*(?:up to |max(?:imum)? )?\d")
# an amount with its unit inside a formulations cell (read as a strength there)
_STRENGTH_AMOUNT = re.compile(r"(?<![\w./])(?<!/ )\d[\d.,]*\s*(?:mg|g|mcg|micrograms?|µg|units?|IU|mL|ml|mmol)\b")
_PER_PERIOD = re.compile(r"(?:/\s*(?:day|dose|d)\b|\bper (?:day|dose)\b|\bdaily\b|\ba day\b|\beach dose\b|"
                         r"\bdivided doses\b|\bsingle dose\b)", re.IGNORECASE)
_FOOTNOTE_MARK = re.compile(r"(?:(?<=\S)(?:\*{1,3}|[\u2020\u2021\u00a7\u00b6]{1,3}|\^[a-z]{1,2}\b|"
                            r"[\u1d43\u1d47\u1d9c\u1d48\u1d49])|\s*\[[a-z]\])(?=\s|$|[,;:)])")
# ('[^1]', a Markdown footnote call, is the marker '[1]': table rows keep their calls as printed)
_CELL_MARKERS = re.compile(r"\s*((?:\[\^?\d{1,3}(?:\s*[-–,]\s*\^?\d{1,3})*\])+|\^\d{1,3}(?:\s*,\s*\d{1,3})*)\s*$")


def group_label(cells: list[str]) -> str | None:
    """The label of a row that holds only a label ("| **Children 1-11 months** | |"): a group heading inside the table,
    whose words head every row under it until the next such row. None for any other row."""
    if len(cells) < 2 or any(c.strip() for c in cells[1:]):
        return None
    bold = _EMPHASIS.fullmatch(cells[0].strip()) is not None
    label = _CELL_MARKERS.sub("", _EMPHASIS.sub(lambda mm: mm.group("t"), cells[0])).strip().strip(":").strip()
    if not label or _AMOUNT_START.match(label) or len(label.split()) > 8 or _SENTENCE_END.search(label):
        return None
    # a drug's row whose other cells the page left empty is not a group heading: only a label set in bold, or one
    # that says whom or what the rows are for (a band, a population, a severity, a line of treatment), heads rows
    if not (bold or re.search(r"\d", label) or _GROUP_WORDS.search(label)):
        return None
    return label


_GROUP_WORDS = re.compile(
    r"\b(?:adults?|child(?:ren)?|infants?|neonates?|newborns?|babies|adolescents?|young people|elderly|older (?:people|"
    r"adults)|pregnan\w*|breastfeeding|women|men|mild|moderate|severe|critical\w*|first[- ]line|second[- ]line|"
    r"third[- ]line|alternatives?|(?:penicillin|drug) allerg\w*|allerg\w*|renal|hepatic|impairment|prophylaxis|"
    r"treatment|maintenance|induction|loading|initial|step \d|stage)\b", re.IGNORECASE)


# the name of a field a row of a table can hold when the table runs its drugs across its columns and its fields down
# its rows ("| | Apixaban | Rivaroxaban |" over "| Dose | ... |", "| Frequency | ... |", "| Duration | ... |")
_FIELD_NAME = re.compile(
    r"^(?:(?:usual|standard|adult|child|children's|paediatric|pediatric|loading|maintenance|initial|starting|reduced|"
    r"lower|renal|oral|iv|im|daily|single|total daily|max(?:imum)?(?: daily| single)?)\s+)?(?:dose|doses|dosage|dosing)"
    r"(?:\s*\(.*\))?$|^(?:frequency|how often|interval|timing|duration|course(?: length)?|length of (?:course|treatment)|"
    r"route|max(?:imum)?|max(?:imum)? dose|notes?|comments?|cautions?|contra-?indications?|precautions?|warnings?|"
    r"avoid(?: in)?|when to use|indications?|use|formulation|preparation|strength|monitoring)$", re.IGNORECASE)


def is_field_name(label: str) -> bool:
    """A dose's field name ("Dose", "Dosage", "Frequency", "How often", "Duration", "Length of treatment", "Route",
    "Max"), as a table's row or a definition list's line names it; a warning, monitoring or note field is not one."""
    label = " ".join(label.split()).strip(" :")
    return _FIELD_NAME.match(label) is not None and _NOT_DOSE_FIELD.match(label) is None


_NOT_DOSE_FIELD = re.compile(r"^(?:notes?|comments?|cautions?|contra-?indications?|precautions?|warnings?|avoid(?: in)?|"
                             r"when to use|indications?|use|formulation|preparation|strength|monitoring)$", re.IGNORECASE)


def fields_in_rows(header: list[str], rows: list[list[str]]) -> bool:
    """A table whose first column names a field in every row (two or more rows: "Dose", "Frequency", "Duration") and
    whose other columns are named (the drugs): each column, not each row, is one drug's reading."""
    names = [" ".join(_EMPHASIS.sub(lambda mm: mm.group("t"), r[0]).split()).strip(" :") for r in rows if r]
    return (len(rows) >= 2 and len(header) >= 3 and all(h.strip() for h in header[1:])
            and all(_FIELD_NAME.match(n) for n in names) and not _FIELD_NAME.match(header[1].strip()))


def by_column(header: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The table read by its columns (see fields_in_rows): a header of the field names and one row per drug."""
    names = ["Drug"] + [r[0] for r in rows]
    width = len(header)
    return names, [[header[k]] + [(r[k] if k < len(r) else "") for r in rows] for k in range(1, width)]


def table_row_text(header: list[str], cells: list[str], group: str | None = None) -> str:
    """One row of a pipe table as a line of text, each cell read with its column's name (see above); citation
    markers printed in any cell move to the end of the row, where the reader takes a statement's markers. `group` is
    the label of the group row above it (see group_label), read ahead of the row as a caption's words are."""
    parts: list[str] = []
    markers: list[str] = []
    previous_band = previous_amount = had_amount = previous_option = False
    pending_route = ""
    product = bool(header) and _COLUMN_PRODUCT.match(" ".join(header[0].split()).strip(" :")) is not None
    for k, cell in enumerate(cells):
        # a line break inside a cell ('0.5 mg<br>max 5 mg') separates two parts of it, as a semicolon does
        cell = _EMPHASIS.sub(lambda mm: mm.group("t"), _CELL_BREAK.sub("; ", cell)).strip()
        found = _CELL_MARKERS.search(cell)
        if found:
            marker = found.group(1)
            markers.append(marker.replace("[^", "[").replace(",^", ",").replace(", ^", ", ") if "[^" in marker
                           else marker)
            cell = cell[: found.start()].strip()
        # a footnote mark on a cell ("10 mg/kg*", "100 mg^a", "2 g†", "5 mg [b]"): the footnote under the table is a
        # statement of its own; the mark is not part of the amount
        cell = _FOOTNOTE_MARK.sub("", cell).strip()
        if cell.casefold() in _EMPTY_CELL:
            continue
        column = " ".join(header[k].split()).strip(" :") if k < len(header) else ""
        text = _labelled_cell(column, cell, product=product and k > 0)
        if k == 0 and text in (cell, f"{column} {cell}") and _BAND_CELL.match(cell) and column and not re.search(r"\d", column) and not (
                _COLUMN_LABEL.match(column) or _COLUMN_PATIENT.match(column) or _COLUMN_UNIT.search(column)):
            # the first header cell names what the rows are about ("| Gentamicin | Dose |" over "| <30 weeks | 5 mg/kg
            # ... |"): each row's band is read after that name and labels the row's amounts
            text = f"{column} {cell}:"
        band = text != cell and _COLUMN_BAND.search(column) is not None
        amount = _AMOUNT_START.match(cell) is not None
        # one band's amount ends where the next band begins ("5-14 kg: 20 mg; 15-24 kg: 40 mg"), and the words of
        # one cell's amount end at the cell ("Ampicillin 50 mg/kg IV q8h, Cefotaxime 50 mg/kg IV q8h")
        if column.casefold() in ("route", "routes", "route of administration", "how given") and parts and \
                _ROUTE_AFTER.fullmatch(text.strip()) and had_amount:
            # the row's route is how every amount of the row is given: printed after them ('| Drug | Dose | Route |'),
            # it is read next to the row's label, ahead of them; printed before them, it is read where it stands
            # ('| Stage | Drug | Route | Dose |': after the drug, not before it)
            parts.insert(1, text)
            continue
        if column.casefold() in ("route", "routes", "route of administration", "how given") and parts and \
                _ROUTE_AFTER.fullmatch(text.strip()):
            # printed before the amounts with a band cell between ('| Drug | Route | Child | Dose |' over '| Prednisolone
            # | By mouth | under 10 kg | 10 mg |'): read straight before the row's first amount, as 'by mouth 10 mg'
            pending_route = text
            continue
        note = (_COLUMN_NOTE.match(column) is not None or _COLUMN_WARNING.match(column) is not None) and had_amount \
            and _WARNS.search(text) is not None
        if k > 0 and option_column(column, cell):
            # a column of options side by side ("| First choice | Alternative (penicillin allergy) |", "| Preferred |
            # If no response |"): its name says which choice the cell is, read as the cell's own label and set apart
            # from the next column's option, so one column's words are not another's
            text, note = f"{column}: {text}", previous_option
        # a cell after the row's label that holds a number (a dose): an option column after it is set apart from it
        previous_option = previous_option or (k > 0 and _DOSE_IN_CELL.search(cell) is not None)
        # a "Notes" or "Cautions" cell that warns, after a dose, is a clause of its own ("...; avoid in penicillin
        # allergy"): its warning is read as a warning beside the row's dose, never as the reading of the whole row
        # two dose columns whose cells each name their drug first ("| IV dose | Oral dose |" over "Amoxicillin 1 g ... |
        # Amoxicillin 500 mg ..."): two regimens side by side, kept apart as two clauses
        named_dose = had_amount and not amount and _COLUMN_DOSE.match(column) is not None and \
            _UNIT_AMOUNT.search(cell) is not None
        if pending_route and _DOSE_IN_CELL.search(cell):
            text, pending_route = f"{pending_route} {text}", ""
        parts.append(("; " if (band and previous_band) or note or named_dose else ", " if amount and previous_amount
                      else "") + text)
        previous_band, previous_amount = band, amount and not text.endswith(":")  # a row label heads what follows
        had_amount = had_amount or amount or (_COLUMN_DOSE.match(column) is not None
                                              and _UNIT_AMOUNT.search(cell) is not None)
    if pending_route:
        parts.append(pending_route)  # a row with no amount keeps its route where the row ends
    row = ""
    for part in parts:
        row += part if part.startswith(("; ", ", ")) else ("    " if row else "") + part
    if group and row:
        row = f"{group}: {row}"
    return "  " + row + ("" if not markers else " " + "".join(markers))


# an amount with its unit, as a dose is printed ("500 mg", "7.5 mg/kg", "0.03 units/minute"); an age or a weight is not
# (a clearance or a level, "CrCl 15-50 mL/min", "below 5 mmol/L", is a threshold, not a dose)
_DOSE_IN_CELL = re.compile(r"\d(?:[\d.,]*\d)?\s*(?:mg|g|mcg|micrograms?|µg|ug|units?|iu|ml|mmol|nanograms?|ng)\b"
                           r"(?!\s*/\s*(?:min|minute|l|litre|liter|dl|1\.73)\b)", re.IGNORECASE)


def option_column(column: str, cell: str) -> bool:
    """Whether a cell names a treatment with its dose (it opens with a word and holds a number) under a column named
    for something other than a kind of cell, a patient band, a dose field, a note or a warning: the column is one of
    several options a row gives, and its name is what the option is ("First choice", "Alternative (penicillin
    allergy)", "If no response after 48 hours")."""
    if not column or not re.search(r"[A-Za-z]{3}", column) or _AMOUNT_START.match(cell) or not _DOSE_IN_CELL.search(cell):
        return False
    return not (_COLUMN_LABEL.match(column) or _COLUMN_PATIENT.match(column) or _COLUMN_BAND.search(column)
                or _COLUMN_DOSE.match(column) or _COLUMN_NOTE.match(column) or _COLUMN_WARNING.match(column)
                or _COLUMN_MAXIMUM.match(column) or _COLUMN_DURATION.match(column) or _COLUMN_STRENGTH.search(column)
                or _COLUMN_PRODUCT.match(column))


def same_as_above(previous: list[str] | None, cells: list[str]) -> tuple[list[str], str | None]:
    """A row whose first cell is blank under a row that has one: the page merged that cell over both rows (a rowspan
    flattened to text), so the blank means "same as above" ("| Amoxicillin | 25 mg/kg |" then "| | 50 mg/kg in severe
    infection |"). Returns the cells with the first filled from the row above, and the text filled (None when
    nothing was), for the report."""
    if not previous or not cells or cells[0].strip() or not previous[0].strip():
        return cells, None
    if not any(c.strip() and c.strip().casefold() not in _EMPTY_CELL for c in cells[1:]):
        return cells, None
    # the page may merge several leading cells over the rows of one drug ('| Alternative | Prednisolone | By mouth |
    # under 10 kg | 10 mg |' then '| | | | 10-19 kg | 20 mg |'): every blank cell of the leading run is the row above's,
    # up to the first cell the row prints
    filled = list(cells)
    k = 0
    while k < len(filled) and k < len(previous) and not filled[k].strip() and previous[k].strip():
        filled[k] = previous[k]
        k += 1
    return filled, " | ".join(previous[j].strip() for j in range(k))


MERGED_CELL_NOTE = ("empty leading cell(s) read as the row above's ({!r}): cells the page merged over both rows; check "
                    "the row belongs to them (needs a curator's eye)")


# a unit printed once in the column's name ("Dose (mg/kg)", "Maximum, mg") for bare numbers in its cells
_COLUMN_UNIT = re.compile(
    r"\s*(?:\((?P<a>(?:mg|g|mcg|micrograms?|µg)(?:/(?:kg|m2|m²|day|dose))*)\)|,\s*(?P<b>(?:mg|g|mcg|micrograms?|µg)"
    r"(?:/(?:kg|m2|m²|day|dose))*)|\((?P<c>kg|years?|months?|weeks?|days?)\))$", re.IGNORECASE)
# (a bound printed before it, "<30" or "≥ 35" under "Gestational age (weeks)", is the band's own)
# a cell that is a band alone ("<30 weeks", "30-34 weeks", "5 to 14 kg", "35 kg and over")
_BAND_CELL = re.compile(r"^(?:[<>≤≥]=?\s*|(?:under|over|below|above|less than|more than|up to|at least)\s+)?"
                        r"\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?\s*(?:kg|years?|yrs?|months?|weeks?|wks?|days?)"
                        r"(?:\s+(?:and|or)\s+(?:over|above|more|older|less|under|younger))?$", re.IGNORECASE)
# a number with an aside in brackets after it ("14 (range, 10-21)", "7 (5-10)")
_BRACKETED_ASIDE = re.compile(r"^(?P<n>[^()]+?)\s*(?P<aside>\([^()]*\))$")
_BARE_NUMBER = re.compile(r"^(?:[<>≤≥]=?\s*|(?:under|over|below|above|less than|more than|up to|at least)\s+)?\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?$")


# words that make a column's amounts doses to give, whatever else its name says ("Preparation and dose", "Formulation
# and dosage", "Regimen")
_DOSE_WORDS = re.compile(r"\b(?:doses?|dosage|dosing|regimens?|give|given)\b", re.IGNORECASE)
_LABEL_WORD = re.compile(r"^(?:drugs?|medicines?|medications?|antibiotics?|agents?|treatments?|regimens?|therapy|"
                         r"therapies|options?|choices?)\b", re.IGNORECASE)
_OWN_FREQUENCY = re.compile(r"\b(?:daily|times|every|hourly|once|twice|thrice|weekly|monthly|nightly|[qb]\.?i\.?d|"
                            r"t\.?d\.?s|q\.?d\.?s|o\.?d|q\d+h|stat|single)\b", re.IGNORECASE)
_ROUTE_AFTER = re.compile(r"\b(?:by mouth|orally|oral|po|iv|intravenous(?:ly)?|im|intramuscular(?:ly)?|sc|"
                          r"subcutaneous(?:ly)?|inhaled|nebuli[sz]ed|rectal(?:ly)?|topical(?:ly)?)\b", re.IGNORECASE)


# a column named by a measure of kidney function with its unit in brackets ('Creatinine clearance (mL/min)', 'eGFR
# (mL/min/1.73m2)') over cells that are only a value or a bound and a value ('30-60', 'under 30', 'More than 50')
_MEASURE_UNIT_COLUMN = re.compile(r"\(\s*ml\s*/\s*min[^)]*\)\s*$", re.IGNORECASE)
_BOUND_VALUE = re.compile(r"^(?:[<>≤≥]=?\s*|(?:under|over|below|above|less\s+than|more\s+than|greater\s+than|up\s+to|"
                          r"at\s+least)\s+)?\d+(?:\.\d+)?(?:\s*(?:-|–|to)\s*\d+(?:\.\d+)?)?"
                          r"(?:\s+(?:or|and)\s+(?:more|less|over|under|above|below))?$", re.IGNORECASE)


def _labelled_cell(column: str, cell: str, product: bool = False) -> str:
    if _MEASURE_UNIT_COLUMN.search(column) and _BOUND_VALUE.match(cell.strip()):
        # the value is the column's measure in the column's unit: 'Creatinine clearance (mL/min) under 30'
        return f"{column} {cell.strip()}"
    unit = _COLUMN_UNIT.search(column)
    if unit is not None:
        column = column[: unit.start()].strip()
        named = unit.group('a') or unit.group('b') or unit.group('c')
        aside = _BRACKETED_ASIDE.match(cell)
        if _BARE_NUMBER.match(cell):
            cell = f"{cell} {named}"
        elif aside is not None and _BARE_NUMBER.match(aside.group("n")):
            # "14 (range, 10-21)" under "Duration (days)": the number is in the column's unit, the bracket an aside
            cell = f"{aside.group('n')} {named} {aside.group('aside')}"
    over_day = _COLUMN_24H.search(column)
    lead = _DOSE_AT_START.match(cell)
    if over_day is not None and lead is not None and not _COLUMN_MAXIMUM.match(column) and not (
            _OWN_FREQUENCY.search(cell[lead.end() :].split("(")[0]) or _PER_PERIOD.search(cell[lead.end() :].split("(")[0])):
        # "Syringe driver (continuous subcutaneous infusion) per 24 h" over "10 mg": the amount is given over each
        # 24 hours, by the one route the column names; the cell's own bracket ('(max 60 mg in 24 h)') stays after it
        routes = {_ROUTE_WORDS[w] for w in re.findall(r"[a-z]+", column.casefold()) if w in _ROUTE_WORDS}
        route = f" {next(iter(routes))}" if len(routes) == 1 else ""
        name = " ".join(_COLUMN_24H.sub(" ", column).split()).strip(" ,:;-")
        name = "" if not name or _COLUMN_LABEL.match(name) or _COLUMN_DOSE.match(name) else f"{name}: "
        return f"{name}{cell[: lead.end()]} per 24 hours{route}{cell[lead.end() :]}"
    dosing = _DOSE_WORDS.search(column) is not None
    if _AMOUNT_START.match(cell) and not dosing and (
            _COLUMN_STRENGTH.search(column) or (product and not _COLUMN_LABEL.match(column))) and not (
            _COLUMN_MAXIMUM.match(column) or _COLUMN_DURATION.match(column)):
        # what a product holds, never a dose: "Strength" over "500 mg", or the amount under a drug's column in a
        # table whose rows are products ("| Product | Isoniazid |" over "| Four-drug tablet | 75 mg |")
        named = " ".join(_COLUMN_STRENGTH.sub(" ", column).split()).strip(" ,:;-")
        named = "" if _COLUMN_LABEL.match(named) else named
        return f"{named + ' ' if named else ''}strength {cell}"
    if not _AMOUNT_START.match(cell) and not dosing and _COLUMN_STRENGTH.search(column) and _UNIT_AMOUNT.search(cell) \
            and not (_COLUMN_MAXIMUM.match(column) or _COLUMN_DURATION.match(column)):
        # a formulations cell that names each form before its amounts ("Powder for oral liquid: 125 mg/5 mL; Capsule:
        # 250 mg; 500 mg"): every amount in it is what a form holds, as a cell opening on its amount is
        return _STRENGTH_AMOUNT.sub(lambda m: f"strength {m.group(0)}", cell)
    if not _AMOUNT_START.match(cell) and _COLUMN_BAND.search(column) and _COLUMN_DOSE.match(column) is None and not (
            _COLUMN_MAXIMUM.match(column) or _COLUMN_DURATION.match(column) or _COLUMN_PATIENT.match(column)):
        # whom every row is for, said once in the name of the rows' label column ("Drug (children under 14 years)",
        # "Adults 40-55 kg"): each row is read with that band ahead of it, as under a caption stating it
        band = _LABEL_WORD.sub("", column)
        band = " ".join(band.replace("(", " ").replace(")", " ").split()).strip(" ,:;-")
        if band and _COLUMN_BAND.search(band):
            return f"{band}: {cell}"
    then = _COLUMN_DOSE_THEN.match(column) if _COLUMN_DOSE.match(column) is None else None
    if then is not None and _COLUMN_DOSE.match(then.group("head")) and then.group("after").strip():
        # "Dose, by mouth once daily" over "10 mg/kg": the amount, then how and how often (the cell's own frequency,
        # when it states one, stands; only the column's route is added then)
        after = then.group("after").strip(" ,;:")
        read = _labelled_cell(then.group("head"), cell)
        if (_COLUMN_BAND.search(after) or _GROUP_WORDS.search(after)) and not (
                _ROUTE_AFTER.search(after) or _OWN_FREQUENCY.search(after)):
            # "Dose (children under 12 years)", "Dose (adults)": whom the column's amounts are for, read as a band
            # label ahead of the amount ("children under 12 years: 25 mg/kg twice daily")
            return f"{after}: {read}" if _AMOUNT_START.match(cell) else read
        if _OWN_FREQUENCY.search(cell):
            after = " ".join(m.group() for m in _ROUTE_AFTER.finditer(after))
        return f"{read} {after}" if after and _AMOUNT_START.match(cell) else read
    if _COLUMN_BAND.search(column) and _COLUMN_DOSE.match(column) is None and _AMOUNT_START.match(cell):
        # bands across the header ("| Drug | 5-14 kg | 15-24 kg |"): each amount is for its column's band,
        # written as a reader says it ("5-14 kg: 20 mg")
        return f"{column}: {cell}"
    if _COLUMN_PATIENT.match(column) and re.search(r"\d", cell) and not _COLUMN_PATIENT.match(cell):
        # a cell under "Age" or "Body weight" says whom the row is for ("age 5 to 11 years:"), as a band
        return f"{column.casefold()} {cell}:"
    warning = _COLUMN_WARNING.match(column)
    if warning is not None and not _WARNS.search(cell) and not _AMOUNT_START.match(cell):
        # a cell under "Contraindications" or "Cautions" names only the circumstance ("penicillin allergy"): the
        # column's name is the warning, read with it as a reader does ("contraindicated in penicillin allergy")
        kind = warning.group(1).casefold()
        cue = ("contraindicated in" if kind.startswith("contra") else "avoid in" if kind.startswith(("avoid", "do not"))
               else "use with caution in")
        return f"{cue} {cell}"
    if _COLUMN_MAXIMUM.match(column) and not _COLUMN_MAXIMUM.match(cell):
        # "Max daily dose" over "2 g": the column's period is the maximum's ("maximum 2 g per day"), unless the
        # cell states its own ("4 g/day")
        period = _MAXIMUM_PERIOD.search(column)
        if period and not _PER_PERIOD.search(cell) and _AMOUNT_START.match(cell):
            return f"maximum {cell} per {'day' if period.group(1) else 'dose'}"
        return f"maximum {cell}"
    if _COLUMN_DURATION.match(column) and re.match(r"^\d", cell):
        return f"for {cell}"
    dose = _COLUMN_DOSE.match(column)
    if dose is None and _AMOUNT_START.match(cell) and column and not _COLUMN_LABEL.match(column):
        # an amount under a column named for something else than a kind of cell ("| Age | Ampicillin |
        # Cefotaxime |"): the column names whose amount it is; a drug lexicon then reads the name or ignores it
        return f"{column} {cell}"
    if dose is not None and not _AMOUNT_START.match(cell) and _UNIT_AMOUNT.search(cell) and \
            not _ROUTE_AFTER.search(cell):
        # "IV dose" over "Amoxicillin 1 g three times daily": the cell names its drug first; the column's route is
        # still how its amount is given, read after it as a reader does
        routes = [_ROUTE_WORDS[w.casefold()] for w in dose.group("subject").split() if w.casefold() in _ROUTE_WORDS]
        return f"{cell} {routes[0]}" if routes else cell
    if dose is None or not _AMOUNT_START.match(cell):
        return cell
    subject = dose.group("subject").strip()
    what = dose.group("what").casefold()
    period = ""
    if not _PER_PERIOD.search(cell):
        period = " per day" if what in ("daily dose", "dose per day", "total daily dose") else (
            " per dose" if what in ("per dose", "each dose", "a dose", "single dose") else "")
    words = subject.split()
    routes = [_ROUTE_WORDS[w.casefold()] for w in words if w.casefold() in _ROUTE_WORDS]
    named = " ".join(w for w in words if w.casefold() not in _ROUTE_WORDS and w.casefold() not in (
        "daily", "total", "and", "&", "/", "+", "or"))
    # "Preparation and dose", "Formulation/dose": the product's words name no drug, and before an amount they would
    # make it read as the product's strength
    named = " ".join(_COLUMN_STRENGTH.sub(" ", named).split())
    route = f" {routes[0]}" if routes and not re.search(r"\b(?:" + "|".join(_ROUTE_WORDS) + r"|orally)\b", cell, re.I) else ""
    # a subject left after the route and period words names whose amount the cell is ("Artemether per dose");
    # an amount cell of a row that already names its drug gets the subject too, which a drug lexicon then
    # reads or ignores ("Adult dose")
    return f"{named + ' ' if named else ''}{cell}{period}{route}"


# A table printed as text (a page copied from HTML or PDF): a header line of column names set apart by two or more
# spaces, then rows whose cells start exactly where the header's columns start. Only such a block is read as a table
# (each cell with its column's name, as a pipe table); anything less certain stays prose.
_ALIGNED_CELL = re.compile(r"\S+(?: \S+)*")
_SENTENCE_END = re.compile(r"[.:;!?,]\s*$")


def _aligned_cells(line: str) -> list[tuple[int, str]]:
    """The cells of a text line with where each starts: runs of words set apart by two or more spaces."""
    return [(m.start(), m.group()) for m in _ALIGNED_CELL.finditer(line.expandtabs(4).rstrip())]


def _centred(at: int, text: str, start: int, name: str) -> bool:
    """A cell centred under its column's name (or the name centred over its cells), give or take a space and a half
    of rounding on each side (an odd-length cell under an even-length name cannot sit exactly in the middle)."""
    return abs((2 * at + len(text)) - (2 * start + len(name))) <= 3


def aligned_row(header: list[tuple[int, str]], line: str) -> list[str] | None:
    """The cells of one row placed under the header's columns, or None when the row has fewer than two cells or a
    cell lines up with no column. A cell lines up when it starts where its column's name starts (left-aligned),
    ends where the name ends (numbers printed right-aligned, "Dose (mg)" over "150"), or has its middle under the
    name's middle (columns centred by spaces, as a page's table pasted as text often is)."""
    cells = _aligned_cells(line)
    if len(cells) < 2:
        return None
    placed = [""] * len(header)
    last = -1
    for at, text in cells:
        column = next((k for k, (start, name) in enumerate(header)
                       if k > last and (at == start or at + len(text) == start + len(name)
                                        or _centred(at, text, start, name))), None)
        if column is None:
            return None
        last = column
        placed[column] = text
    return placed if placed[0] else None


def _continued_cells(header: list[tuple[int, str]], line: str) -> list[str] | None:
    """The cells of a line that carries on the row above it: text only under columns after the first (the first,
    the row's label, left empty), each piece lining up with its column as a row's cells do or starting inside the
    column's span (from where its name starts to where the next column's starts). None for any other line."""
    cells = _aligned_cells(line)
    if not cells or len(header) < 2 or cells[0][0] < header[1][0] - 1:
        return None
    placed = [""] * len(header)
    last = 0
    for at, text in cells:
        column = next((k for k, (start, name) in enumerate(header)
                       if k > last and (at == start or at + len(text) == start + len(name)
                                        or _centred(at, text, start, name)
                                        or start <= at < (header[k + 1][0] if k + 1 < len(header) else at + 1))),
                      None)
        if column is None:
            return None
        last = column
        placed[column] = text
    return placed


# the end of a row label that goes on in the line below ("Children under" / "14 years", "1 month to" / "11 years")
_LABEL_GOES_ON = re.compile(r"(?:\b(?:to|and|or|under|over|from|with|of|than|aged|weighing|below|above|up|plus|"
                            r"at least|less|more|younger|older|per|in|for)|[-–,/(+&])$", re.IGNORECASE)


def _wrapped_label(header: list[tuple[int, str]], row: list[str], line: str) -> list[str] | None:
    """The cells of a line that carries on the row above's label: text starting under the first column that the label
    above cannot end without (it ends in "to", "under", "and", a dash or an open bracket) or that cannot start a row of
    its own (a lower-case word, an opening bracket), and any more text under the later columns, placed as a wrapped
    line's is (see _continued_cells). None for any other line, such as a group label ("Children") over the rows."""
    cells = _aligned_cells(line)
    if not cells or len(header) < 2 or abs(cells[0][0] - header[0][0]) > 1:
        return None
    at, text = cells[0]
    if at + len(text) > header[1][0]:
        return None
    above = row[0].rstrip()
    opened = above.count("(") > above.count(")")
    if not (_LABEL_GOES_ON.search(above) or opened or text[:1].islower() or text[:1] in "(["):
        return None
    if len(cells) == 1:
        return [text] + [""] * (len(header) - 1)
    expanded = line.expandtabs(4)
    rest = _continued_cells(header, " " * (at + len(text)) + expanded[at + len(text):])
    return None if rest is None else [text, *rest[1:]]


def _own_row(row: list[str], more: list[str]) -> bool:
    """A line under a row, with no label of its own (`more`: its cells, the first empty), that is a row of its own
    beside the same label rather than the row's cells wrapped: it fills two or more columns, and its first cell holds
    an amount with its unit, as the row above's cell in that column does ('Cefuroxime 1.5 g IV  8-hourly' over
    'with metronidazole 500 mg IV  8-hourly': the regimen's second drug, with its own frequency). An aside
    ('(maximum 480 mg per dose)') or a cell's words wrapped ('a day  days') is the row above going on."""
    filled = [k for k, cell in enumerate(more) if cell and k > 0]
    if len(filled) < 2:
        return False
    first = more[filled[0]]
    if _GOES_ON.match(first):
        # '25 mg once a day for 2 weeks,' / 'then 50 mg once a day for': the cell's course going on to its next step
        return False
    if _JOINED_AGENT.match(first):
        return True  # 'PLUS gentamicin  1 mg/kg every 12 hours': the regimen's next drug, on a row of its own
    if any(_DOSE_AT_START.match(more[k]) and _DOSE_IN_CELL.search(row[k]) for k in filled[1:]) and not \
            first.startswith(("(", "[")):
        # '   Second line, if ...  Levomepromazine  2.5-5 mg up to 4-hourly  5-12.5 mg' under the haloperidol row: a
        # later column opens on a fresh amount where the row above has one, so the line is the next option beside
        # the same label ('(max 5 mg in 24 h)' or '4-hourly (max 1.2 mg' under a dose goes on with it)
        return True
    return (not first.startswith(("(", "[")) and _DOSE_IN_CELL.search(first) is not None
            and _DOSE_IN_CELL.search(row[filled[0]]) is not None)


# a column's name saying its amounts are given over each 24 hours ('Syringe driver per 24 h', 'CSCI over 24 hours',
# 'Dose per 24 hours', 'mg/24 h')
_COLUMN_24H = re.compile(r"(?:\bper\s+|/\s*|\bin\s+|\bover\s+)24\s*-?\s*h(?:ours?|rs?)?\b", re.IGNORECASE)
# an amount or range of amounts with its dose unit ('2.5-5 mg', '600-1,200 micrograms'): one pattern for the
# readings below that ask whether a cell or line opens on one
_AMOUNT_WITH_UNIT = (r"\d[\d.,]*(?:\s*(?:-|\u2013|to)\s*\d[\d.,]*)?\s*"
                     r"(?:mg|g|mcg|micrograms?|milligrams?|nanograms?|µg|units?|IU|mL|ml|mmol)\b")
# a cell that opens on an amount with its dose unit ('2.5-5 mg up to 4-hourly', '600-1,200 micrograms')
_DOSE_AT_START = re.compile(r"^\s*" + _AMOUNT_WITH_UNIT, re.IGNORECASE)


# a cell opening on the words that carry a course on to its next step ('then 50 mg once a day', 'followed by ...')
_GOES_ON = re.compile(r"(?:then|followed\s+by|thereafter|after\s+that|and\s+then)\b", re.IGNORECASE)
# a cell opening on the word that joins a regimen's next drug to the one above ('PLUS gentamicin', 'with metronidazole')
_JOINED_AGENT = re.compile(r"^(?:PLUS|Plus|plus|\+|AND|with|With|WITH)\s+[A-Za-z]")


def _label_wrap_word(row: list[str], more: list[str]) -> bool:
    """A first-column piece under a row's label that carries that label on: the label leaves a bracket open
    ('Alternative (penicillin' / 'allergy)  with metronidazole 500 mg IV  8-hourly'), or the piece opens on a bracket
    ('Prosthetic valve' / '(first line)'), or the line leaves empty a column the row above fills and either the label
    cannot end where it does ('Children aged 1 to' / '5 years') or the piece opens on a word in lower case and holds no
    number ('Native valve, penicillin' / 'allergy (alternative)'). A line that fills every column the row above fills
    is a row of its own whatever its label ('1 or  5 mg' over '2 to  10 mg', 'oral  500 mg' over 'intravenous  1 g')."""
    label, piece = row[0].rstrip(), more[0]
    if label.count("(") > label.count(")") or piece[:1] in "([":
        return True
    incomplete = any(row[k] and not more[k] for k in range(1, len(row)))
    if not incomplete:
        return False
    if _LABEL_GOES_ON.search(label):
        return True
    return not re.search(r"\d", piece) and re.match(r"[a-z][a-z'-]*(?:\s|$)", piece) is not None


def _row_in_order(header: list[tuple[int, str]], line: str) -> list[str] | None:
    """A row whose cells drift from their columns (a long name pushes the rest along) but which has exactly one cell
    per column, set apart by two or more spaces: its cells are the columns' in order, as a reader takes them. A
    sentence is never such a row."""
    cells = _aligned_cells(line)
    if len(cells) != len(header) or len(cells) < 2 or _SENTENCE_END.search(line):
        return None
    if any(re.search(r"\d", name) for _, name in header):
        return None  # a header of column names states no amount; a row taken for a header ('Omeprazole  20 mg') is none
    return [text for _, text in cells]


# a rule line printed under a table's column names, between its rows or under its last row ('-----', '=====', a rule
# broken under each column '--------  ------', box-drawing '─────'): the table's furniture, no cell of it
_TABLE_RULE = re.compile(r"^\s*[-=_─━═]{3,}(?:\s+[-=_─━═]{3,})*\s*$")


def is_table_rule(line: str) -> bool:
    return bool(_TABLE_RULE.match(line.expandtabs(4)))


def header_over_rule(lines: list[str], i: int) -> bool:
    """lines[i] is the column names of an aligned table printed over a rule line (a table pasted as text, or a
    Markdown page's 'simple table'): two or more names, a rule line under them (or under the names' wrapped second
    line, 'Creatinine clearance  Gentamicin dose' / '(mL/min)'), and a row under the rule whose cells line up under
    the names. Such a line is not a Setext heading, whose underline it looks like, nor is the names' second line."""
    header = aligned_header(lines[i]) if i + 2 < len(lines) else None
    if header is None:
        return False
    at = i + 1
    if not is_table_rule(lines[at]) and at + 2 < len(lines) and is_table_rule(lines[at + 1]) and \
            header_wrap(header, lines[at]) is not None:
        at += 1
    if not is_table_rule(lines[at]) or at + 1 >= len(lines):
        return False
    return aligned_row(header, lines[at + 1]) is not None or _row_in_order(header, lines[at + 1]) is not None


def header_wrap(header: list[tuple[int, str]], line: str) -> list[str] | None:
    """The cells of a line carrying on the column names above it ('(mL/min)' under 'Creatinine clearance'): each
    piece starts inside a column's span, none states a number with a dose unit, and none ends a sentence. None for
    any other line."""
    cells = _aligned_cells(line)
    if not cells or _SENTENCE_END.search(line) or any(_UNIT_AMOUNT.search(text) for _, text in cells):
        return None
    placed = [""] * len(header)
    last = -1
    for at, text in cells:
        column = next((k for k, (start, name) in enumerate(header) if k > last and start - 1 <= at < (
            header[k + 1][0] if k + 1 < len(header) else at + 1)), None)
        if column is None:
            return None
        last = column
        placed[column] = text
    return placed


def aligned_header(line: str) -> list[tuple[int, str]] | None:
    """A header line of an aligned table: two or more column names apart by two or more spaces, not a sentence."""
    cells = _aligned_cells(line)
    if len(cells) < 2 or _SENTENCE_END.search(line) or line.lstrip().startswith(("-", "*", "•", "|")):
        return None
    if any(len(text.split()) > 6 for _, text in cells):
        return None
    if any(_AMOUNT_START.match(text) and _UNIT_AMOUNT.search(text) for _, text in cells):
        # a column's name states no amount: a line with a cell that is an amount with its unit ('CrCl over 60 mL/min
        # 4 mg' over the rows of other bands) is the first row of a table printed without column names, and its
        # amount read as every row's column name would be given to every band below it
        return None
    return cells


# a line of cells set apart by bars with no bar at either end ('Drug | Dose | Frequency | Duration', a table saved
# as text by a browser or a reader view): the bars are its cell breaks, as tabs are (a row with bars at both ends is
# a Markdown pipe row, read as one)
_BAR_CELLS = re.compile(r"^\s*[^|\s][^|]*(?:\|[^|]*)*\|?\s*$")


def _cell_break(line: str, row: bool = False) -> str | None:
    """What sets a line's cells apart: a tab, a bar (a row with no bar at its start), or None. A row's tab may open
    it (its first cell left empty: a cell merged over the row above); a header's may not."""
    if "\t" in (line if row else line.strip()):
        return "\t"
    if "|" in line and _BAR_CELLS.match(line) and len([c for c in line.split("|") if c.strip()]) >= 2:
        return "|"
    return None


def _tab_cells(line: str, sep: str = "\t") -> list[str]:
    """The cells of a line copied from a browser's table: one cell between tabs (two tabs in a row: an empty cell),
    or between bars for a row printed with bars and none at its start (a bar closing the row ends its last cell)."""
    text = line.rstrip()
    if sep == "|" and text.endswith("|"):
        text = text[:-1]
    return [c.strip() for c in text.split(sep)]


def _tab_table(lines: list[str], i: int, end: int, headings: frozenset[int]) -> tuple[
        list[str], list[tuple[int, list[str]]], int, list[tuple[int, str]]] | None:
    """A table copied from a browser, its cells set apart by tabs: a header line of two or more column names, then two
    or more lines with no more cells than the header (a missing cell at the end is empty). Cells are placed by their
    order, whatever their widths: (column names, rows as (line index, cells), the index after the table) or None."""
    sep = _cell_break(lines[i])
    if sep is None:
        return None
    names = _tab_cells(lines[i].strip(), sep)
    if len([n for n in names if n]) < 2 or _SENTENCE_END.search(lines[i]) or any(len(n.split()) > 6 for n in names):
        return None
    if lines[i].lstrip().startswith(("-", "*", "•", "|")):
        return None
    if any(_AMOUNT_START.match(n) and _UNIT_AMOUNT.search(n) for n in names):
        return None  # a column's name states no amount: the first row of a table printed with no column names
    block: list[tuple[int, list[str]]] = []
    notes: list[tuple[int, str]] = []
    j = i + 1
    while j < end and j not in headings and (_cell_break(lines[j], row=True) == sep or (
            lines[j].strip() and j + 1 < end and _cell_break(lines[j + 1], row=True) == sep
            and group_label([lines[j].strip(), ""]))):
        cells = _tab_cells(lines[j], sep) if _cell_break(lines[j], row=True) == sep else [lines[j].strip()]
        if len(cells) > len(names) or not (cells[0] or block):
            break
        if len(cells) == 1:
            cells.append("")  # a group row whose empty cells the page dropped with their tabs
        cells, filled = same_as_above(block[-1][1] if block else None, cells + [""] * (len(names) - len(cells)))
        if filled is not None:
            notes.append((j + 1, MERGED_CELL_NOTE.format(filled)))
        block.append((j, cells))
        j += 1
    if len(block) < 2 and not (len(block) == 1 and (j >= end or not lines[j].strip())
                               and (i == 0 or not lines[i - 1].strip() or lines[i - 1].rstrip().endswith(":"))
                               and all(not re.search(r"\d", n) for n in names)):
        return None  # one row is a table only when set apart from the text around it, under column names
    return names, block, j, notes


# a column named for the patients it is about ('Adult or child older than 12 years', 'Child aged 6 months - 6 years',
# 'Weight 10-15 kg'): a number with an age or weight unit, and no amount to give
_STACKED_BAND = re.compile(r"\d\s*(?:kg|years?|yrs?|months?|weeks?)\b", re.IGNORECASE)
_STACKED_AMOUNT = re.compile(r"^\s*(?:up to\s+)?" + _AMOUNT_WITH_UNIT, re.IGNORECASE)


def _stacked_table(lines: list[str], i: int, end: int, headings: frozenset[int]) -> tuple[
        list[str], list[tuple[int, list[str]]], dict[int, int], int] | None:
    """A table a browser's copy printed one cell a line (its rows and cells lost their breaks; blank lines may stand
    between the cells):

        Drugs / Adult or child older than 12 years / Child aged 6-12 years / Child aged under 6 months /
        Adrenaline (IM) 1:1000 / 500 micrograms (0.5 mL) / 300 micrograms (0.3 mL) / 100-150 micrograms

    Read only when it cannot be anything else: a first line naming what the rows are ('Drug', 'Drugs',
    'Medicine', 'Treatment'), two or more lines each naming the patients of a column (an age or a weight, no amount),
    then rows of a label line naming what is given (no amount) and exactly one line per column opening on an amount
    (a line in brackets after one is that cell's note: '(give 300 micrograms IM in a child who is small)'). Returns
    (column names, rows as (label line index, cells), the other lines read into them -> the line they were read
    into, the index after the table) or None."""
    def next_line(k: int) -> int:
        while k < end and not lines[k].strip():
            k += 1
        return k

    first = lines[i].strip()
    if not _COLUMN_LABEL.match(first.rstrip(":")) or (i > 0 and lines[i - 1].strip()
                                                      and not lines[i - 1].rstrip().endswith(":")):
        return None
    names, joined = [first.rstrip(":")], {}
    k = next_line(i + 1)
    while k < end and k not in headings:
        text = lines[k].strip()
        if not _STACKED_BAND.search(text) or _STACKED_AMOUNT.match(text) or _UNIT_AMOUNT.search(text) \
                or len(text.split()) > 8 or text[-1:] in ".;:":
            break
        names.append(text)
        joined[k] = i
        k = next_line(k + 1)
    width = len(names) - 1
    if width < 2:
        return None
    rows: list[tuple[int, list[str]]] = []
    while k < end and k not in headings:
        label = lines[k].strip()
        if _STACKED_AMOUNT.match(label) or label.startswith("(") or not re.search(r"[A-Za-z]{3}", label):
            break
        cells, seen, j = [label], {}, next_line(k + 1)
        while j < end and j not in headings and len(cells) <= width:
            text = lines[j].strip()
            if _STACKED_AMOUNT.match(text):
                cells.append(text)
            elif text.startswith("(") and text.endswith(")") and len(cells) > 1:
                cells[-1] = f"{cells[-1]} {text}"  # the note printed under a cell is that cell's
            else:
                break
            seen[j] = k
            j = next_line(j + 1)
        if len(cells) != width + 1:
            break
        if j < end and _STACKED_AMOUNT.match(lines[j]):
            return None  # more amounts than columns: which column each is is not said, so no table is read
        rows.append((k, cells))
        joined.update(seen)
        k = j
    if not rows:
        return None
    return names, rows, joined, k


def _one_row_table(lines: list[str], header: list[tuple[int, str]], i: int, j: int, start: int, end: int) -> bool:
    """A table of one row (a single drug's "Drug  Dose  Frequency  Duration" over its one line of cells): set apart
    from the text around it (a blank line, or a caption ending in ':', above the header; a blank line or the end below
    the row), the header's cells are column names (words, no amount), and the row's cells line up under them as
    printed (no drifted row, no wrapped cell). Two lines that only happen to have wide spaces in them are not both
    set apart like that with names over cells that line up."""
    above = lines[i - 1].strip() if i > start else ""
    if above and not above.endswith(":"):
        return False
    if j < end and lines[j].strip():
        return False
    return all(name[:1].isalpha() and not re.search(r"\d", name) for _, name in header)


def aligned_tables(lines: list[str], start: int, end: int, headings: frozenset[int] = frozenset()) -> tuple[
        dict[int, list[str]], dict[int, list[str]], dict[int, int], list[tuple[int, str]]]:
    """The aligned tables among lines[start:end] (and tables whose cells are set apart by tabs, see _tab_table):
    (header line index -> column names, row line index -> cells placed
    under those columns, wrapped line index -> the row line its text was joined to, problems as (1-based line,
    message)). A line whose text sits only under the columns after the first is the row above going on (a cell
    the page wrapped onto lines of its own): its text is joined to that row's cells. A table needs a header and two or more rows below it
    that line up, or one row set apart as a table of its own (_one_row_table); a line right under such a table that looks tabular but does not line up is reported (and read as
    prose), so no row is dropped without a word."""
    headers: dict[int, list[str]] = {}
    rows: dict[int, list[str]] = {}
    joined: dict[int, int] = {}
    problems: list[tuple[int, str]] = []
    i = start
    while i < end:
        stacked = None if i in headings else _stacked_table(lines, i, end, headings)
        if stacked is not None:
            names, block, read_into, j = stacked
            headers[i] = names
            rows.update(block)
            joined.update(read_into)
            problems.append((i + 1, "a table printed one cell a line (its rows and cells lost their breaks): read as "
                                    f"{len(names)} columns and {len(block)} row(s); check each row's cells (needs a "
                                    "curator's eye)"))
            i = j
            continue
        tabbed = None if i in headings else _tab_table(lines, i, end, headings)
        if tabbed is not None:
            names, block, j, notes = tabbed
            headers[i] = names
            rows.update(block)
            problems.extend(notes)
            i = j
            continue
        header = None if i in headings else aligned_header(lines[i])
        if header is None:
            i += 1
            continue
        block: list[tuple[int, list[str]]] = []
        wrapped: dict[int, int] = {}
        j = i + 1
        if j + 1 < end and not is_table_rule(lines[j]) and is_table_rule(lines[j + 1]) and (
                more := header_wrap(header, lines[j])) is not None:
            # the column names wrapped onto a second line over the rule: each name goes on with its piece
            header = [(start, f"{name} {piece}".strip()) for (start, name), piece in zip(header, more, strict=True)]
            wrapped[j] = i
            j += 1
        drifted: list[int] = []
        shared: list[int] = []  # the rows (indexes into block) printed beside one label cell: the last row's label's
        while j < end and lines[j].strip() and j not in headings:
            if is_table_rule(lines[j]) and (block or j == i + 1 or wrapped.get(j - 1) == i):
                # a rule under the names or between rows: furniture, accounted with the row (or names) above it
                wrapped[j] = block[-1][0] if block else i
                j += 1
                continue
            more = _wrapped_label(header, block[-1][1], lines[j]) if block and block[-1][1][0] else None
            if more is not None and not _label_wrap_word(block[-1][1], more):
                more = None
            if more is not None:
                # the label above cannot end where it does ("Alternative (penicillin" / "allergy)"): this line's text
                # under the first column goes on with it, whatever the rest of the line is; the label is that of every
                # row printed beside it
                for k in shared:
                    at, row = block[k]
                    block[k] = (at, [f"{row[0]} {more[0]}", *row[1:]])
                placed = [""] + more[1:]
                if _own_row(block[-1][1], placed):
                    # the line's other cells are a row of their own beside the same label (the regimen's second drug
                    # with its own frequency)
                    block.append((j, [block[-1][1][0], *placed[1:]]))
                    shared.append(len(block) - 1)
                else:
                    row_at, row = block[-1]
                    block[-1] = (row_at, [f"{a} {b}".strip() if b else a for a, b in zip(row, placed, strict=True)])
                    wrapped[j] = row_at
                j += 1
                continue
            cells = aligned_row(header, lines[j])
            if cells is None:
                cells = _row_in_order(header, lines[j])
                if cells is not None:
                    drifted.append(j)
            if cells is None and j + 1 < end and lines[j + 1].strip() and (aligned_row(header, lines[j + 1]) or (
                    _row_in_order(header, lines[j + 1]))):
                label = _aligned_cells(lines[j])
                if (len(label) == 1 and abs(label[0][0] - header[0][0]) <= 1 and group_label([label[0][1], ""])
                        and not (block and _wrapped_label(header, block[-1][1], lines[j]))):
                    # a group row: one label under the first column, over rows of the table ("Children 1-11 months")
                    cells = [label[0][1]] + [""] * (len(header) - 1)
            if cells is None and block:
                more = _continued_cells(header, lines[j])
                if more is not None and _own_row(block[-1][1], more):
                    # no label of its own, but a row of its own: its label cell is the one printed beside the row
                    # above, merged over both
                    block.append((j, [block[-1][1][0], *more[1:]]))
                    shared.append(len(block) - 1)
                    j += 1
                    continue
                if more is not None:
                    # a cell wrapped by the page onto lines of its own under its column: the row above goes on
                    row_at, row = block[-1]
                    block[-1] = (row_at, [f"{a} {b}".strip() if b else a for a, b in zip(row, more, strict=True)])
                    wrapped[j] = row_at
                    j += 1
                    continue
                more = _wrapped_label(header, block[-1][1], lines[j])
                if more is not None:
                    # the row's label wrapped onto the next line ("Children under" / "14 years"), perhaps with more
                    # of the other cells under their columns: the row above goes on
                    for k in shared[:-1]:
                        at, row = block[k]
                        block[k] = (at, [f"{row[0]} {more[0]}", *row[1:]])
                    row_at, row = block[-1]
                    block[-1] = (row_at, [f"{a} {b}".strip() if b else a for a, b in zip(row, more, strict=True)])
                    wrapped[j] = row_at
                    j += 1
                    continue
            if cells is None:
                break
            block.append((j, cells))
            shared = [len(block) - 1]
            j += 1
        if len(block) < 2 and not (len(block) == 1 and not drifted and not wrapped
                                   and _one_row_table(lines, header, i, j, start, end)):
            i += 1
            continue
        headers[i] = [text for _, text in header]
        rows.update(block)
        joined.update(wrapped)
        problems.extend((k + 1, "row does not line up with its table's columns; its cells read in column order (one "
                                "per column)") for k in drifted)
        after = lines[j].expandtabs(4) if j < end else ""
        indent = len(after) - len(after.lstrip())
        # the table's look goes on (cells set apart, or a line indented under the table's rows, such as a cell
        # wrapped onto a line of its own) but its cells do not line up: kept as prose, with a word to the curator
        if after.strip() and (len(_aligned_cells(after)) >= 2 or 0 < header[0][0] <= indent):
            problems.append((j + 1, "line under an aligned table does not line up with its columns; read as prose"))
        i = j
    return headers, rows, joined, problems


# a rule under a table's header whose columns are separated by pipes only between cells, as a page pasted to text
# prints it ('-------------+----------+------', '------|------'); the rows above and below it have as many cells
_INNER_RULE = re.compile(r"^\s*-{3,}(?:\s*[+|]\s*-{3,})+\s*$")


def _inner_cells(line: str) -> list[str] | None:
    """The cells of a row printed with pipes only between its cells ('2-5 years | 6 puffs | 2.5 mg', '   | pMDI +
    spacer |   ' with its first and last cells empty); None for a line with no pipe or no words. Whether it is a
    row is decided by the rule under the header: it has as many cells as the rule has columns."""
    body = line.strip()
    if "|" not in body or not re.search(r"\w", body):
        return None
    return [c.strip() for c in body.split("|")]


def frame_inner_pipe_tables(lines: list[str]) -> tuple[list[str], dict[int, str]]:
    """Tables printed with pipes only between cells and a rule of dashes under the header, the header wrapped over
    several lines ('Age band | Salbutamol, inhaled' / '| pMDI + spacer' / '| (100 micrograms/puff)'), rewritten as the
    framed pipe table a reader sees (one header row, each column's words joined; a row whose first cell is empty goes
    on from the row above), line for line: the header's earlier lines and a row's wrapped lines are left blank, so
    every line keeps its number (the lines left blank are returned with what they were joined to, for the reader to
    report). Anything else is returned as it was."""
    out = list(lines)
    joined: dict[int, str] = {}
    for r, line in enumerate(lines):
        if not _INNER_RULE.match(line):
            continue
        width = len(re.split(r"[+|]", line.strip()))
        header: list[int] = []
        h = r - 1
        while h >= 0 and (cells := _inner_cells(lines[h])) is not None and len(cells) == width:
            header.insert(0, h)
            h -= 1
        rows: list[tuple[int, list[str]]] = []
        b = r + 1
        while b < len(lines) and (cells := _inner_cells(lines[b])) is not None and len(cells) == width:
            if not cells[0] and rows:
                rows[-1][1][:] = [f"{a} {c}".strip() for a, c in zip(rows[-1][1], cells, strict=True)]
                out[b] = ""
                joined[b] = f"a table row's wrapped cells (read with the row on line {rows[-1][0] + 1})"
            else:
                rows.append((b, cells))
            b += 1
        if not header or not rows or not _inner_cells(lines[header[0]])[0]:
            # (a header must open with the name of its first column; no rows, no table)
            continue
        names = [" ".join(c for h in header if (c := _inner_cells(lines[h])[k])) for k in range(width)]
        for h in header[:-1]:
            out[h] = ""
            joined[h] = f"a table header wrapped over lines (read as one header row, line {header[-1] + 1})"
        out[header[-1]] = "| " + " | ".join(names) + " |"
        out[r] = "|" + "|".join("---" for _ in range(width)) + "|"
        for b, cells in rows:
            out[b] = "| " + " | ".join(cells) + " |"
    return out, joined

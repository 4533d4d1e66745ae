"""A dose printed as a definition list, one field per line:

    Drug: Flucloxacillin
    Dose: 500 mg
    Route: oral
    Frequency: every 6 hours
    Duration: 5 days

(in Markdown often with bold labels, "**Dose:** 500 mg"). A reader takes the block as one dose, as a table row of
those columns would be; read line by line it gave a bare "500 mg" with no route, frequency or course. A block of such
lines (consecutive lines of one section, each "<field name>: <value>") is read here as one statement, its text made
as a table row's is from its column names and cells (kg.sources.tables.table_row_text), its drug the block's own
"Drug:" line or, without one, the drug its heading or lead-in names (the draft's usual carrying, flagged there). A
second "Drug:" line, or a field named again ("Dose:" twice), starts the next block. The report lists each block read
so, with its lines.

A page saved from a web definition list (<dl>) prints each label and each value on lines of their own:

    Drug
    PPI with Amoxicillin
    Dosage
    1g BD

(often with blank lines between). Read line by line, the labels and the short values look like headings, so the dose
"1g BD" stood under a heading "Dosage" with no drug. pair_label_lines rewrites such a list line for line before the
page is read: each record (a drug label, its value, and the field labels after it up to the next drug label) is put on
the record's first line as a table row of those columns is read ("PPI with Amoxicillin 1g BD"), the other lines left
blank, so it reads as one dose and locators keep the page's own line numbers. Only a bare drug label
("Drug", "Medicine", "Antibiotic"; not "Treatment", a common section title) opens a record, and only a list that
pairs a drug with a dose field whose value holds a number is rewritten."""

from __future__ import annotations

import re

from kg.sources.reader import Article, Item, normalise_text, split_markers
from kg.sources.tables import is_field_name, table_row_text

# "Drug: X" / "**Dose:** 500 mg" / "__Route__: oral": a label, its colon, then the value
_FIELD_LINE = re.compile(r"^\s*(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z' ()/-]{0,40}?)\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*"
                         r"(?P<value>\S.*)$")
_DRUG_LABEL = re.compile(r"^(?:drugs?|medicines?|medications?|medicinal products?|antibiotics?|agents?|treatments?|"
                         r"regimens?|therapy|preparations?|product|name)$", re.IGNORECASE)
_DOSE_LABEL = re.compile(r"\b(?:dose|doses|dosage|dosing)\b", re.IGNORECASE)
_AMOUNT = re.compile(r"\d")
# a label printed alone on its line: "Drug", "**Dosage**", "Duration:"
_LABEL_LINE = re.compile(r"^\s*(?:\*\*|__)?(?P<label>[A-Za-z][A-Za-z' ()/-]{0,40}?)\s*(?:\*\*|__)?\s*:?\s*(?:\*\*|__)?\s*$")
# the labels that open a record of a label-per-line list: the drug's own column name, never a section title
_RECORD_LABEL = re.compile(r"^(?:drugs?|medicines?|medications?|antibiotics?|agents?)$", re.IGNORECASE)
_MAX_VALUE_PARAGRAPHS = 3  # a value of a definition list is a cell: a longer run is the page's prose going on
_MAX_VALUE_CHARS = 120
PAIRED_NOTE = ("lines {first}-{last} read as one record of a list printed one label or value a line ({labels}): each "
               "label is read with the value under it")

FIELD_BLOCK_NOTE = "lines {first}-{last} read as one dose: a block of labelled fields ({labels}), as a table row is read"


def _field(item: Item) -> tuple[str, str] | None:
    """(label, value) of an item that is one field of a definition list, or None."""
    if item.kind not in ("paragraph", "bullet"):
        return None
    body, _ = split_markers(item.text)
    m = _FIELD_LINE.match(body)
    if m is None:
        return None
    label, value = " ".join(m.group("label").split()), m.group("value").strip().rstrip(".")
    if _DRUG_LABEL.match(label) or is_field_name(label):
        return label, value
    return None


def _blocks(items: list[Item]) -> list[list[int]]:
    """Runs of item indexes that are one definition list each (see the module's docstring)."""
    out: list[list[int]] = []
    run: list[int] = []
    labels: set[str] = set()

    def close() -> None:
        fields = [_field(items[k]) for k in run]
        dosed = any(f is not None and (_DOSE_LABEL.search(f[0]) and _AMOUNT.search(f[1])) for f in fields)
        if len(run) >= 2 and dosed:
            out.append(list(run))

    for k, item in enumerate(items):
        field = _field(item)
        prev = items[run[-1]] if run else None
        joins = (field is not None and prev is not None and item.line == prev.line + 1 and item.heading == prev.heading
                 and item.path.count(".") == prev.path.count(".") and item.kind == prev.kind
                 and field[0].casefold() not in labels and not _DRUG_LABEL.match(field[0]))
        if joins:
            run.append(k)
            labels.add(field[0].casefold())
            continue
        close()
        run, labels = ([k], {field[0].casefold()}) if field is not None else ([], set())
    close()
    return out


def fold_field_blocks(article: Article) -> None:
    """Read each definition-list block of the article as one statement (see the module's docstring)."""
    items = article.items
    blocks = _blocks(items)
    if not blocks:
        return
    merged: dict[int, Item] = {}
    dropped: set[int] = set()
    for block in blocks:
        fields = [_field(items[k]) for k in block]
        labels = [f[0] for f in fields if f is not None]
        values = [f[1] for f in fields if f is not None]
        markers = tuple(dict.fromkeys(m for k in block for m in items[k].markers))
        text = normalise_text(table_row_text(labels, values))
        if markers:
            text = f"{text} {','.join(markers)}"
        first = items[block[0]]
        merged[block[0]] = Item(first.heading, first.path, text, markers, first.line, first.kind, first.outer)
        dropped.update(block[1:])
        article.problems.append((first.line, FIELD_BLOCK_NOTE.format(first=first.line, last=items[block[-1]].line,
                                                                     labels=", ".join(labels))))
    article.items = [merged.get(k, item) for k, item in enumerate(items) if k not in dropped]


def _label_line(line: str) -> str | None:
    """The label of a line that is a definition list's label alone (a drug label or a dose's field name), or None."""
    m = _LABEL_LINE.match(line)
    if m is None:
        return None
    label = " ".join(m.group("label").split())
    return label if _RECORD_LABEL.match(label) or is_field_name(label) else None


def _value(lines: list[str], start: int, stop: int, last: bool) -> tuple[list[int], str] | None:
    """The lines and the text of the value under a label (lines start..stop-1): its paragraphs, one a line or wrapped,
    joined as one cell ("Plus either:" / "Clarithromycin" reads "Plus either: Clarithromycin"); the last label of a
    list takes its first paragraph only. None when there is no value or it is too long to be a cell."""
    paragraphs: list[list[str]] = []
    used: list[int] = []
    current: list[str] = []
    for k in range(start, stop):
        text = lines[k].strip()
        if not text:
            if current:
                paragraphs.append(current)
                current = []
                if last:
                    break
            continue
        current.append(text)
        used.append(k)
    if current:
        paragraphs.append(current)
    if not paragraphs or len(paragraphs) > _MAX_VALUE_PARAGRAPHS:
        return None
    parts = [" ".join(p) for p in paragraphs]
    if any(len(p) > _MAX_VALUE_CHARS for p in parts):
        return None
    text = parts[0]
    for part in parts[1:]:
        # a paragraph ending in a colon titles the next ("Relapse:" / "PPI with Amoxicillin"); two paragraphs of one
        # cell otherwise stand apart as a cell's line break does
        text = f"{text} {part}" if text.endswith(":") else f"{text}; {part}"
    return used, text


def pair_label_lines(text: str) -> tuple[str, list[tuple[int, str]], set[int]]:
    """The page with each record of a label-per-line definition list put on its first line (see the module's
    docstring), line for line; a report line per record; and the 1-based lines folded into a record's line (read
    there, so accounted for). The text unchanged when it has none."""
    lines = text.split("\n")
    labels = [(k, label) for k, line in enumerate(lines) if (label := _label_line(line)) is not None]
    if sum(1 for _, label in labels if _RECORD_LABEL.match(label)) == 0:
        return text, [], set()
    out = list(lines)
    notes: list[tuple[int, str]] = []
    folded: set[int] = set()
    records: list[list[tuple[int, str, list[int], str]]] = []
    record: list[tuple[int, str, list[int], str]] = []
    for n, (k, label) in enumerate(labels):
        following = labels[n + 1][0] if n + 1 < len(labels) else len(lines)
        # the next label must stand apart from this value: a label line straight after another label is no list
        value = _value(lines, k + 1, following, last=n + 1 == len(labels)) if following > k + 1 else None
        opens = _RECORD_LABEL.match(label) is not None
        if value is None or (not opens and not record) or (record and not opens and label.casefold() in
                                                             {f[1].casefold() for f in record}):
            if record:
                records.append(record)
            record = []
            if value is None:
                continue
        if opens and record:
            records.append(record)
            record = []
        if opens or record:
            record.append((k, label, *value))
    if record:
        records.append(record)
    dosed = [r for r in records if len(r) >= 2 and any(_DOSE_LABEL.search(label) and _AMOUNT.search(value)
                                                        for _, label, _, value in r)]
    if not dosed:
        return text, [], set()
    for r in records:
        if len(r) < 2:
            continue
        first = r[0][0]
        last = max(r[-1][2])
        for k in range(first, last + 1):
            if out[k].strip():
                folded.add(k + 1)
            out[k] = ""
        # the record as one line, read as a table row of those columns is (its first line: the page's own numbering)
        out[first] = normalise_text(table_row_text([f[1] for f in r], [f[3] for f in r]))
        notes.append((first + 1, PAIRED_NOTE.format(first=first + 1, last=last + 1,
                                                    labels=", ".join(label for _, label, _, _ in r))))
    return "\n".join(out), notes, folded

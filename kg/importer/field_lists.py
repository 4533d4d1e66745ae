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
so, with its lines."""

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

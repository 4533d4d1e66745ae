"""Routes written as a form of the product or a method of giving it, read once from data/route_forms.txt, and the
route words themselves ("IV", "orally", "per rectum", "intravaginally"), read once from data/route_words.txt.

"by subcutaneous injection", "s/c", "a 10 mg suppository", "transdermal patch", "dispersible tablets": the form says
how the dose is given. The words are vocabulary a curator extends, so they live in a data file; this module is the one
reader of that file. A form is read only where no route word is printed (kg.importer.dose_grammar)."""

from __future__ import annotations

import importlib.resources
import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9²µ]+|[^\sa-z0-9²µ]")


def form_tokens(text: str) -> tuple[str, ...]:
    """The words and symbols of a form as the dose grammar's tokens hold them (lower case, spaces dropped)."""
    return tuple(_WORD.findall(text.casefold()))


@lru_cache(maxsize=1)
def route_forms() -> dict[tuple[str, ...], str]:
    """Each form's tokens -> its route; longer forms first when read in order."""
    text = importlib.resources.files(__package__).joinpath("data", "route_forms.txt").read_text(encoding="utf-8")
    out: dict[tuple[str, ...], str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        form, sep, route = raw.partition("\t")
        if not sep or not form.strip() or not route.strip():
            raise ValueError(f"data/route_forms.txt line {number}: {line!r} is not 'form<TAB>route'")
        out[form_tokens(form.strip())] = route.strip()
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1)
def route_forms_by_first_word() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """route_forms() grouped by their first token, each group in route_forms()'s order (longer forms first): a reader
    looks up only the forms that can start at a token instead of trying every form there."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for form, route in route_forms().items():
        out.setdefault(form[0], []).append((form, route))
    return {first: tuple(forms) for first, forms in out.items()}


@lru_cache(maxsize=1)
def route_words() -> tuple[dict[str, str], dict[tuple[str, str], str], frozenset[str]]:
    """The route words of data/route_words.txt: (one word -> route, two words -> route, the words read as a route
    only straight after a dose's amount)."""
    text = importlib.resources.files(__package__).joinpath("data", "route_words.txt").read_text(encoding="utf-8")
    words: dict[str, str] = {}
    phrases: dict[tuple[str, str], str] = {}
    after_amount: set[str] = set()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        cells = [c.strip() for c in raw.split("\t")]
        tokens = form_tokens(cells[0]) if cells[0] else ()
        if len(cells) not in (2, 3) or not cells[1] or len(tokens) not in (1, 2) or (
            len(cells) == 3 and cells[2] != "after-amount"
        ):
            raise ValueError(f"data/route_words.txt line {number}: {line!r} is not 'word<TAB>route[<TAB>after-amount]'"
                             " with one or two words")
        if len(tokens) == 1:
            words[tokens[0]] = cells[1]
            if len(cells) == 3:
                after_amount.add(tokens[0])
        else:
            phrases[(tokens[0], tokens[1])] = cells[1]
    return words, phrases, frozenset(after_amount)

"""Routes written as a form of the product or a method of giving it, read once from data/route_forms.txt.

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

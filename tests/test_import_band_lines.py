"""Band lines over dose lines: each dose is for the band printed on the line above it (every page here is written for
this test, in the way BNF for Children and trust formulary pages print a drug's doses by age or weight).

    Amoxicillin (oral)
    Child 1-11 months:
    125 mg three times a day for 5 days
    Child 1-4 years:
    250 mg three times a day for 5 days

A reader takes each dose line as the dose of the band line above it, of the drug the block is printed under, given by
the route the drug line or heading states. Before this rule the plain-text reader took a band line with its colon for
the lead-in of a list with no items ('Neonates 7-28 days:' read beside its doses, not over them), so the doses came
out with no band; a long dose line ran on into the band line under it (a wrap), so the next band's doses took the
band before; and a second drug's block under the first lost its drug and route. A band line naming patients only
('Adults') gives no band (the page prints no number) and ends the band above; a dose line printing a band of its
own keeps it; a note line between two bands changes neither.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ARTICLE = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Band Line Guidance

{mark}Treatment

{body}

{mark}References

1. An invented guidance title for a band line test. Example Publisher, 2020.
"""

LAYOUTS = ("txt", "md")

# how a page prints a band line and the dose lines under it: (layout, name)
STYLES = (
    ("txt", "colon"),  # 'Child 1-11 months:' over '125 mg ...'
    ("txt", "no colon"),  # 'Child 1-11 months' over '125 mg ...'
    ("txt", "indented"),  # 'Child 1-11 months:' over '    125 mg ...'
    ("txt", "bulleted"),  # 'Child 1-11 months:' over '- 125 mg ...'
    ("md", "bold"),  # '**Child 1-11 months**', a blank line, '125 mg ...'
    ("md", "bold colon"),  # '**Child 1-11 months:**', a blank line, '125 mg ...'
    ("md", "colon"),  # 'Child 1-11 months:', a blank line, '125 mg ...'
    ("md", "bulleted"),  # '**Child 1-11 months:**' over '- 125 mg ...'
)


def band_block(band: str, doses: list[str], layout: str, style: str) -> str:
    """One band line and its dose lines (and any note line, given as a dose line ending in a stop), as printed."""
    if layout == "txt":
        label = band if style == "no colon" else f"{band}:"
        mark = {"indented": "    ", "bulleted": "- "}.get(style, "")
        return "\n".join([label, *(mark + d if not d.endswith(".") else d for d in doses)])
    label = {"bold": f"**{band}**", "bold colon": f"**{band}:**", "colon": f"{band}:",
             "bulleted": f"**{band}:**"}[style]
    if style == "bulleted":
        lines = [label]
        for d in doses:
            lines.append(f"\n{d}" if d.endswith(".") else f"- {d}")
        return "\n".join(lines)
    return "\n\n".join([label, *doses])


def page(blocks: list[tuple[str, list[tuple[str, list[str]]]]], layout: str, style: str) -> str:
    """Drug blocks one after another: (the drug line, [(band, dose lines)]). In plain text the drug line stands over
    its first band line (no blank line); in Markdown it is a bold line of its own."""
    out = []
    for drug_line, bands in blocks:
        top = drug_line if layout == "txt" else f"**{drug_line}**"
        sep = "\n" if layout == "txt" else "\n\n"
        out.append(sep.join([top, *(band_block(b, ds, layout, style) for b, ds in bands)]))
    return ("\n" if layout == "txt" else "\n\n").join(out)


def drafted(lexicon, body: str, layout: str) -> dict[str, tuple]:
    """amount as printed ('125 mg', '30 mg/kg') -> (drug IRI, band, route, times a day, interval, duration) of every
    dose drafted from `body` under a Treatment heading of an invented page read in the layout."""
    name = f"band-lines.{layout}"
    text = ARTICLE.format(mark="## " if layout == "md" else "", body=body)
    article, _ = read_any(text.encode(), name)
    draft = build_draft(article, lexicon, name)
    out: dict[str, tuple] = {}
    for dd in draft.doses:
        d = dd.dose
        if d.amount_not_stated:
            continue
        amount = f"{d.amount_min.normalize():f} {d.unit}" + ("/kg" if d.basis == "body_weight" else "")
        duration = (f"{d.duration[0].normalize():f}", d.duration[2]) if d.duration else None
        interval = (f"{d.interval[0].normalize():f}", d.interval[1]) if d.interval else None
        out.setdefault(amount, []).append((dd.therapy, d.band, d.route, d.times_per_day, interval, duration))
    return {k: v[0] if len(v) == 1 else tuple(v) for k, v in out.items()}


def iri(lexicon, name: str) -> str:
    return lexicon.therapies(name)[0].iri


AMOXICILLIN = [("Amoxicillin (oral)", [
    ("Child 1-11 months", ["125 mg three times a day for 5 days"]),
    ("Child 1-4 years", ["250 mg three times a day for 5 days"]),
    ("Neonates 7-28 days", ["30 mg/kg twice daily"]),
])]


@pytest.mark.parametrize(("layout", "style"), STYLES)
def test_each_dose_line_has_the_band_of_the_band_line_above_it(lexicon, layout, style):
    got = drafted(lexicon, page(AMOXICILLIN, layout, style), layout)
    amox = iri(lexicon, "amoxicillin")
    assert got == {
        "125 mg": (amox, "1-11 months", "oral", 3, None, ("5", "day")),
        "250 mg": (amox, "1-4 years", "oral", 3, None, ("5", "day")),
        "30 mg/kg": (amox, "7-28 days", "oral", 2, None, None),
    }, got


@pytest.mark.parametrize(("layout", "style"), STYLES)
@pytest.mark.parametrize(
    ("printed", "band"),
    [
        ("Neonates 7-28 days", "7-28 days"),
        ("Neonate under 7 days", "under 7 days"),
        ("Child 12-17 years", "12-17 years"),
        ("Child 1 month-11 years", "1 month-11 years"),
        ("Body-weight 10-20 kg", "10-20 kg"),
        ("Under 40 kg", "under 40 kg"),
        ("Children 40 kg and over", "40 kg and over"),
        ("Adults", None),  # patients only: the page prints no number, so no band (never one invented)
    ],
)
def test_every_phrasing_of_a_band_line_is_the_band_of_its_doses(lexicon, layout, style, printed, band):
    blocks = [("Clarithromycin (oral)", [
        ("Child 1-11 months", ["7.5 mg/kg twice daily for 5 days"]),
        (printed, ["250 mg twice daily for 5 days"]),
    ])]
    got = drafted(lexicon, page(blocks, layout, style), layout)
    clar = iri(lexicon, "clarithromycin")
    assert got == {
        "7.5 mg/kg": (clar, "1-11 months", "oral", 2, None, ("5", "day")),
        "250 mg": (clar, band, "oral", 2, None, ("5", "day")),
    }, got


@pytest.mark.parametrize(("layout", "style"), STYLES)
def test_several_drugs_one_after_another_keep_their_own_drug_route_and_bands(lexicon, layout, style):
    blocks = [
        ("Amoxicillin (oral)", [("Child 1-11 months", ["125 mg three times a day for 5 days"]),
                                ("Child 1-4 years", ["250 mg three times a day for 5 days"])]),
        ("Gentamicin (intravenous)", [("Neonate 7-28 days", ["5 mg/kg every 36 hours"]),
                                      ("Child 1 month-11 years", ["7 mg/kg once daily"])]),
    ]
    got = drafted(lexicon, page(blocks, layout, style), layout)
    amox, gent = iri(lexicon, "amoxicillin"), iri(lexicon, "gentamicin")
    assert got == {
        "125 mg": (amox, "1-11 months", "oral", 3, None, ("5", "day")),
        "250 mg": (amox, "1-4 years", "oral", 3, None, ("5", "day")),
        "5 mg/kg": (gent, "7-28 days", "intravenous", None, ("36", "hour"), None),
        "7 mg/kg": (gent, "1 month-11 years", "intravenous", 1, None, None),
    }, got


@pytest.mark.parametrize(("layout", "style"), STYLES)
def test_the_route_of_a_heading_reaches_the_doses_of_its_band_lines(lexicon, layout, style):
    blocks = [("", [("Child 1-11 months", ["125 mg three times a day for 5 days"]),
                    ("Body-weight 10-20 kg", ["250 mg three times a day for 5 days"])])]
    body = page(blocks, layout, style).lstrip("*\n")
    # the drug and its route are the section's heading: a line of its own after a blank line in plain text
    body = ("Oral amoxicillin\n" if layout == "txt" else "### Oral amoxicillin\n\n") + body
    got = drafted(lexicon, body, layout)
    amox = iri(lexicon, "amoxicillin")
    assert got == {
        "125 mg": (amox, "1-11 months", "oral", 3, None, ("5", "day")),
        "250 mg": (amox, "10-20 kg", "oral", 3, None, ("5", "day")),
    }, got


@pytest.mark.parametrize(("layout", "style"), STYLES)
def test_a_dose_line_printing_a_second_band_keeps_it_and_a_note_line_changes_nothing(lexicon, layout, style):
    blocks = [("Amoxicillin (oral)", [
        ("Child 1-11 months", ["125 mg three times a day; under 3 months 62.5 mg three times a day"]),
        ("Child 1-4 years", ["250 mg three times a day for 5 days", "Take the doses at evenly spaced times."]),
        ("Adults", ["500 mg three times a day for 5 days"]),
    ])]
    got = drafted(lexicon, page(blocks, layout, style), layout)
    amox = iri(lexicon, "amoxicillin")
    assert got == {
        "125 mg": (amox, "1-11 months", "oral", 3, None, None),
        "62.5 mg": (amox, "under 3 months", "oral", 3, None, None),
        "250 mg": (amox, "1-4 years", "oral", 3, None, ("5", "day")),
        "500 mg": (amox, None, "oral", 3, None, ("5", "day")),
    }, got


@pytest.mark.parametrize(("layout", "style"), STYLES)
def test_a_long_dose_line_never_runs_on_into_the_band_line_under_it(lexicon, layout, style):
    # a dose line long enough that a wrap could have broken it ('...; increased if necessary to 30 mg/kg ...'): the
    # band line under it opens the next band, and the raised dose is the same band's
    blocks = [("Amoxicillin (oral)", [
        ("Child 1-11 months", ["125 mg three times a day; increased if necessary to 30 mg/kg three times a day"]),
        ("Child 1-4 years", ["250 mg three times a day; increased if necessary to 40 mg/kg three times a day"]),
        ("Adults", ["500 mg three times a day; increased if necessary to 1 g three times a day"]),
    ])]
    got = drafted(lexicon, page(blocks, layout, style), layout)
    amox = iri(lexicon, "amoxicillin")
    assert {k: v[1] for k, v in got.items()} == {
        "125 mg": "1-11 months", "30 mg/kg": "1-11 months",
        "250 mg": "1-4 years", "40 mg/kg": "1-4 years",
        "500 mg": None, "1 g": None,
    }, got
    assert {v[0] for v in got.values()} == {amox}, got


_DRUGS = (("Amoxicillin", "amoxicillin"), ("Clarithromycin", "clarithromycin"), ("Cefalexin", "cefalexin"),
          ("Phenoxymethylpenicillin", "phenoxymethylpenicillin"), ("Azithromycin", "azithromycin"))
_ROUTE_LINES = (("{drug} (oral)", "oral"), ("{drug} by mouth", "oral"), ("{drug} oral", "oral"))
_BANDS = (("Child 1-11 months", "1-11 months"), ("Child 1-4 years", "1-4 years"), ("Child 5-11 years", "5-11 years"),
          ("Child 12-17 years", "12-17 years"), ("Neonate 7-28 days", "7-28 days"),
          ("Neonates under 7 days", "under 7 days"), ("Child 1 month-17 years", "1 month-17 years"),
          ("Body-weight 10-20 kg", "10-20 kg"), ("Body weight 20-40 kg", "20-40 kg"), ("Under 40 kg", "under 40 kg"),
          ("Infants 1-11 months", "1-11 months"), ("Adults", None))
# (dose line with {amount}, times a day, duration)
_DOSES = (("{amount} three times a day for 5 days", 3, ("5", "day")), ("{amount} twice daily", 2, None),
          ("{amount} once daily for 3 days", 1, ("3", "day")), ("{amount} four times a day", 4, None))
_AMOUNTS = ("62.5 mg", "125 mg", "250 mg", "500 mg")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drug=st.sampled_from(_DRUGS), route=st.sampled_from(_ROUTE_LINES),
       bands=st.lists(st.sampled_from(_BANDS), min_size=2, max_size=4, unique_by=lambda b: b[1]),
       doses=st.lists(st.sampled_from(_DOSES), min_size=4, max_size=4), style=st.sampled_from(STYLES))
def test_every_band_line_over_every_dose_line_in_both_layouts(lexicon, drug, route, bands, doses, style):
    layout, name = style
    blocks = [(route[0].format(drug=drug[0]),
               [(band[0], [dose[0].format(amount=amount)])
                for band, dose, amount in zip(bands, doses, _AMOUNTS, strict=False)])]
    body = page(blocks, layout, name)
    got = drafted(lexicon, body, layout)
    want = {amount: (iri(lexicon, drug[1]), band[1], route[1], dose[1], None, dose[2])
            for band, dose, amount in zip(bands, doses, _AMOUNTS, strict=False)}
    assert got == want, (body, got)

"""A combination product named by a heading, lead-in or caption, its one amount on the line under it
('### Piperacillin-tazobactam (Tazocin)' / 'Offer piperacillin-tazobactam as monotherapy ...' over '- 4.5 g
intravenously every 6 hours'). The facts convention (tests/fixtures/import/articles/README.md, "Combination products"):
one amount printed for the whole product is a dose of the first-named component only, never split.

Before the fix the lead-in's first component was read as a modifier of the second (the hyphen check ran without the
list of drugs named), so the Markdown page drafted 4.5 g of TAZOBACTAM, and the plain page left the dose unattached."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.draft_reading import treatment_draft

PRODUCTS = [("piperacillin", "tazobactam", "-"), ("artemether", "lumefantrine", "-"),
            ("sacubitril", "valsartan", "/"), ("trimethoprim", "sulfamethoxazole", "-")]


def _owners(lexicon, body: str, name: str) -> list[str | None]:
    draft = treatment_draft(lexicon, body, test="carried products", name=name)
    return [(dd.therapy or "none").rsplit("/", 1)[-1] for dd in draft.doses if not dd.dose.amount_not_stated]


@settings(max_examples=16, deadline=None)
@given(product=st.sampled_from(PRODUCTS), carrier=st.sampled_from(["heading", "lead-in", "both"]),
       layout=st.sampled_from(["md", "txt"]))
def test_a_carried_products_one_amount_is_the_first_named_components(lexicon, product, carrier, layout):
    first, second, join = product
    printed = f"{first.capitalize()}{join}{second}"
    heading = (f"### {printed} (brand)\n\n" if layout == "md" else f"{printed} (brand)\n\n") \
        if carrier in ("heading", "both") else ""
    lead = f"Offer {printed.lower()} as monotherapy to adults.\n\n" if carrier in ("lead-in", "both") else ""
    if carrier == "lead-in":
        lead = f"Offer {printed.lower()} as monotherapy to adults:\n\n"
    body = f"{heading}{lead}- 4.5 g intravenously every 6 hours, each dose infused over 30 minutes.\n"
    owners = _owners(lexicon, body, f"p.{layout}")
    assert second not in owners, (body, owners)
    assert owners == [first], (body, owners)


@pytest.mark.parametrize("listed", ["Amoxicillin, clarithromycin", "Amoxicillin or clarithromycin"])
def test_two_drugs_listed_side_by_side_are_no_product_and_their_amount_stays_unattached(lexicon, listed):
    body = f"### {listed}\n\nOffer {listed.lower()}.\n\n- 500 mg three times a day.\n"
    assert _owners(lexicon, body, "l.md") == ["none"]

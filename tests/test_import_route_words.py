"""How a dose is given, read as a reader reads it: route words and phrases ("vaginally", "by mouth", "per rectum",
"SL", "NG"), dosage forms and places that settle the route ("pessary", "eye drops", "into the vagina", "to the affected
area", "via MDI"), and a route carried within a sentence or from the dose above, flagged; a carried route never
overrides what the dose's own phrase says, and a route the page says the dose is NOT given by ("nil by mouth",
"not controlled by oral morphine") is never read as its route.

Written from what each phrase says. Before this, "500 mg vaginally once weekly" was drafted ORAL (the drug's oral
doses elsewhere in the section lent it their route), "5 g of 2% cream intravaginally" and "into the eye" were read
with no route, and "Nil by mouth ... Glucose 10% IV at 100 mL/hour" was drafted oral."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.dose_grammar import ROUTE_WORDS, parse_statement
from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.importer.route_forms import route_forms, route_words

ARTICLE = """# Invented test guidance on an invented condition

Last updated: 2024-05-01

{body}

## References

1. An invented guidance title for a route reading test. Example Publisher, 2020.
"""


def _draft(lexicon, body: str):
    article, _ = read_any(ARTICLE.format(body=body).encode(), "routes.md")
    return build_draft(article, lexicon, "routes.md")


def _routes(lexicon, body: str, drug: str) -> list[str | None]:
    """The routes of the drafted doses (with an amount) of one drug, in order."""
    draft = _draft(lexicon, body)
    return [d.dose.route for d in draft.doses if (d.therapy or "").endswith("/" + drug) and not d.dose.amount_not_stated]


def _needs(lexicon, body: str) -> list[str]:
    return [n for s in _draft(lexicon, body).statements for n in s.needs]


@pytest.mark.parametrize(
    ("phrase", "route"),
    [
        ("Clotrimazole 500 mg vaginally once weekly for 6 months", "vaginal"),
        ("Metronidazole gel 0.75% one applicatorful (5 g) intravaginally at night for 5 days", "vaginal"),
        ("Clindamycin 5 g of 2% cream intravaginally at night for 7 nights", "vaginal"),
        ("Clotrimazole 500 mg applied to the vagina at night", "vaginal"),
        ("Clindamycin cream: one applicatorful (5 g) at night for 7 nights", "vaginal"),
        ("Clotrimazole 500 mg tablet inserted high into the vagina at night", "vaginal"),
        ("Estradiol 10 micrograms vaginal tablet twice weekly", "vaginal"),
        ("Metronidazole 0.75% vaginal gel 5 g once daily for 5 days", "vaginal"),
        ("Clotrimazole 500 mg PV at night", "vaginal"),
        ("Paracetamol 1 g by mouth every 6 hours", "oral"),
        ("Glyceryl trinitrate 400 micrograms sublingually", "sublingual"),
        ("Ondansetron 4 mg SL every 8 hours", "sublingual"),
        ("Midazolam 10 mg buccal once", "buccal"),
        ("Fentanyl 1.5 micrograms/kg intranasally once", "intranasal"),
        ("Sumatriptan 10 mg into one nostril", "intranasal"),
        ("Diclofenac 100 mg per rectum once daily", "rectal"),
        ("Paracetamol 1 g PR every 6 hours", "rectal"),
        ("Salbutamol 5 mg by nebuliser every 20 minutes", "inhaled"),
        ("Salbutamol 100 micrograms inh as needed", "inhaled"),
        ("Budesonide 400 micrograms via MDI twice daily", "inhaled"),
        ("Chloramphenicol 0.5% 1 drop into the eye every 2 hours", "ophthalmic"),
        ("Chloramphenicol 0.5% eye drops: 1 drop every 2 hours", "ophthalmic"),
        ("Ciprofloxacin 0.3% ear drops: 3 drops twice daily", "otic"),
        ("Omeprazole 20 mg NG once daily", "nasogastric"),
        ("Enoxaparin 40 mg SC once daily", "subcutaneous"),
        ("Permethrin 5% cream 30 g applied to the whole body once", "topical"),
        ("Macrogol 13.8 g sachet twice daily", "oral"),
    ],
)
def test_a_route_word_phrase_or_form_in_the_dose_is_read(phrase, route):
    doses = [d for d in parse_statement(phrase) if not d.amount_not_stated]
    assert doses, phrase
    assert doses[0].route == route


@pytest.mark.parametrize(
    "phrase",
    [
        "INH 300 mg daily for 6 months",  # isoniazid, not inhaled: 'inh' is a route only after an amount
        "Isoniazid (INH) 300 mg once daily",
        "Octreotide 100 ng/kg once",  # 'ng' after a number is the nanogram
        "Clotrimazole 2% cream applied three times daily",  # a cream may go on the skin or in the vagina
    ],
)
def test_an_abbreviation_or_base_that_does_not_say_the_route_gives_none(phrase):
    assert all(d.route is None for d in parse_statement(phrase))


@pytest.mark.parametrize(
    ("phrase", "route"),
    [
        ("Nil by mouth: glucose 10% IV at 100 mL/hour", "intravenous"),
        ("For pain not controlled by oral morphine, start morphine by continuous IV infusion at 10-40 "
         "micrograms/kg/hour", "intravenous"),
        ("If unable to take orally, give cefuroxime 1.5 g IV every 8 hours", "intravenous"),
        ("Where diamorphine is not stocked, intranasal fentanyl 1.5 micrograms/kg once", "intranasal"),
        ("Apomorphine is given by subcutaneous injection or infusion: 3-30 mg daily", "subcutaneous"),
        # the words of a step before the amount still say how the amount is given
        ("If the MAP stays below 65 mmHg after fluids, escalate to noradrenaline by IV infusion, 0.05-0.5 "
         "micrograms/kg/minute", "intravenous"),
        ("If pain persists, escalate to morphine by subcutaneous infusion, 10-20 mg over 24 hours", "subcutaneous"),
    ],
)
def test_a_route_the_dose_is_not_given_by_is_never_its_route(phrase, route):
    doses = [d for d in parse_statement(phrase) if not d.amount_not_stated]
    assert [d.route for d in doses] == [route]


def test_a_vaginal_dose_never_takes_the_drugs_oral_route_from_the_section(lexicon):
    body = """## Vulvovaginal candidiasis

- Clotrimazole 500 mg orally once daily for 3 days.
- If oral treatment is unsuitable: clotrimazole 500 mg vaginally once weekly for 6 months.
- Clotrimazole 100 mg pessary at night for 6 nights.
"""
    assert _routes(lexicon, body, "clotrimazole") == ["oral", "vaginal", "vaginal"]


@pytest.mark.parametrize(
    ("line", "drug", "routes"),
    [
        ("Ciprofloxacin 750 mg orally at once, then 250 mg every 8 hours.", "ciprofloxacin", ["oral", "oral"]),
        ("Doxycycline PO 200 mg on day 1, then 100 mg daily.", "doxycycline", ["oral", "oral"]),
        ("Ceftriaxone 1 g IV, then 500 mg 12-hourly.", "ceftriaxone", ["intravenous", "intravenous"]),
        # the later amount names its own route: it keeps it
        ("Ceftriaxone 1 g IV, then 500 mg IM daily.", "ceftriaxone", ["intravenous", "intramuscular"]),
    ],
)
def test_a_later_amount_in_the_sentence_takes_the_first_amounts_route(lexicon, line, drug, routes):
    body = f"## Treatment\n\n- {line}\n"
    assert _routes(lexicon, body, drug) == routes
    if routes[0] == routes[1]:
        assert any("carried from the dose before" in n and "across 'then'" in n for n in _needs(lexicon, body))


def test_a_switch_between_the_amounts_stops_the_carry(lexicon):
    body = "## Treatment\n\n- Methylprednisolone 500 mg IV daily for 3 days, then switch to 40 mg daily.\n"
    assert _routes(lexicon, body, "methylprednisolone") == ["intravenous", None]


def test_a_dose_taking_its_drug_from_the_doses_above_takes_their_route(lexicon):
    body = """## Ongoing losses

Give extra fluid as oral rehydration solution (ORS) to replace ongoing losses:

- ORS 10 mL/kg orally after each watery stool

## Mild to moderate dehydration

First line: ORS by mouth. Give 50 mL/kg over 4 hours. Offer it in small amounts: 5 mL every minute works for most
toddlers.
"""
    assert _routes(lexicon, body, "oral-rehydration-solution") == ["oral", "oral", "oral"]
    assert any("carried from the drug's dose above to '5 mL'" in n for n in _needs(lexicon, body))


def test_the_sentence_before_lends_the_route_it_gives_the_same_drug(lexicon):
    body = """## Parkinson's disease

Adults: levodopa 50 mg PO three times daily initially. Usual maintenance levodopa 400-800 mg per day in divided doses.

Refractory off periods: apomorphine by subcutaneous injection or infusion, started by a specialist team. Usual
range 3-30 mg daily in divided doses.
"""
    assert _routes(lexicon, body, "levodopa") == ["oral", "oral"]
    assert _routes(lexicon, body, "apomorphine") == ["subcutaneous"]


def test_a_form_in_a_heading_carries_its_route(lexicon):
    body = "## Eye drops\n\n- Chloramphenicol 0.5%: 1 drop every 2 hours for 48 hours.\n"
    draft = _draft(lexicon, body)
    assert [d.dose.route for d in draft.doses if not d.dose.amount_not_stated] == ["ophthalmic"]


def test_a_heading_naming_a_body_part_gives_no_route(lexicon):
    # 'Vaginal infections' names where the disease is, not how fluconazole is given
    body = "## Vaginal infections\n\n- Fluconazole 150 mg as a single dose.\n"
    assert _routes(lexicon, body, "fluconazole") == [None]


def test_nil_by_mouth_over_a_dose_carries_no_oral_route(lexicon):
    body = "## Nil by mouth\n\n- Ondansetron 4 mg every 8 hours.\n"
    assert _routes(lexicon, body, "ondansetron") == [None]


def test_every_route_word_and_form_of_the_data_names_a_route_word_the_draft_knows():
    words, phrases, after_amount = route_words()
    assert after_amount <= set(words)
    assert not (after_amount & set(ROUTE_WORDS))  # never read in a heading or before an amount
    assert set(phrases.values()) <= set(words.values()) | set(route_forms().values())


# ---------------------------------------------------------------- property

_SINGLE = sorted(w for w, r in ROUTE_WORDS.items() if w not in ("infusion", "infusions"))
_FORMS = sorted(" ".join(f) for f in route_forms() if all(t.isalpha() for t in f))
_CARRIER = {"oral": "Oral therapy", "intravenous": "Intravenous therapy", "inhaled": "Inhaled therapy",
            "intramuscular": "IM options", "rectal": "Rectal therapy", "subcutaneous": "Subcutaneous therapy"}


def _stated(phrase: str) -> str | None:
    return next((d.route for d in parse_statement(phrase) if not d.amount_not_stated), None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    own=st.sampled_from(_SINGLE + _FORMS),
    carrier=st.sampled_from(sorted(_CARRIER)),
    lead=st.booleans(),
)
def test_a_carried_route_never_overrides_a_route_the_dose_states(lexicon, own, carrier, lead):
    phrase = f"Amoxicillin 10 mg {own} once daily"
    stated = _stated(phrase)
    if stated is None:
        return  # the word is not read as this dose's route here (a form the grammar leaves unsettled)
    words = _CARRIER[carrier]
    if lead:
        # a sentence before with the carrier's route: 'Amoxicillin 20 mg <carrier> once daily, then 10 mg <own> ...'
        body = f"## Treatment\n\n- Amoxicillin 20 mg {words.split()[0]} once daily, then {phrase[len('Amoxicillin '):]}.\n"
        got = _routes(lexicon, body, "amoxicillin")
        assert got[-1] == stated, (body, got)
    else:
        body = f"## {words}\n\n- {phrase}.\n"
        assert _routes(lexicon, body, "amoxicillin") == [stated], body

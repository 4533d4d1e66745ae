"""Who owns a dose when a line names a second drug only as the COMPARATOR of its own, or sets one aside
(held-out-32). Under a heading naming one drug, "An alternative to belimumab for the same patients: 300 mg IV every 4
weeks" doses the heading's drug: belimumab is what it is compared with, never the owner of the 300 mg. Likewise "an
alternative to X" in the lead-in over a list of doses, "instead of X", "rather than X", "in place of X", "unlike X",
"as for X", "switch from X" (data/cue_words.txt [comparator_words]). With no heading drug to take, the dose is
attached to no drug and the draft says so (a dose given to the wrong drug is worse than one left for the curator).
A switch of one drug's route ("X 30 mg daily, with Y 600 mg IV; switch to Y 450 mg orally once improving") no longer
sets X aside, and an amount printed right after a drug the statement sets aside is never given to another drug.
A brand the drug lexicon files under the biologic's suffixed US name ("Anifrolumab (Saphnelo)", Saphnelo being
'anifrolumab-fnia') is one mention of the drug, not a second drug. The sentences are our own."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import HEADED_SENTENCE_ARTICLE, iri_local

# the same article as plain text: the heading a line of its own, the lead-in straight over its list
PLAIN_ARTICLE = """An invented test condition

{heading}
{sentence}
"""


def _draft(lexicon, heading: str, sentence: str, ext: str = "md"):
    template = HEADED_SENTENCE_ARTICLE if ext == "md" else PLAIN_ARTICLE
    name = f"comparator.{ext}"
    article, _ = read_any(template.format(heading=heading, sentence=sentence).encode(), name)
    return build_draft(article, lexicon, name)


def _amounts(draft) -> dict[str | None, set[float]]:
    """drug local name (None: attached to no drug) -> the lowest amounts of the doses drafted for it"""
    out: dict[str | None, set[float]] = {}
    for dd in draft.doses:
        if not dd.dose.amount_not_stated and dd.dose.amount_min is not None:
            out.setdefault(iri_local(dd.therapy), set()).add(float(dd.dose.amount_min))
    return out


def _needs(draft) -> str:
    return " | ".join(n for s in draft.statements for n in s.needs)


@pytest.mark.parametrize("ext", ["md", "txt"])
def test_an_alternative_to_another_drug_doses_the_heading_drug_not_the_other(lexicon, ext):
    # the line says: doxycycline (the heading) 100 mg twice daily, as the alternative to amoxicillin
    draft = _draft(lexicon, "Doxycycline",
                   "An alternative to amoxicillin for the same patients [1]: 100 mg orally twice daily for 5 days.", ext)
    amounts = _amounts(draft)
    assert 100.0 not in amounts.get("amoxicillin", set()), amounts
    assert 100.0 in amounts.get("doxycycline", set()), amounts


@pytest.mark.parametrize("ext", ["md", "txt"])
def test_a_lead_in_naming_only_the_comparator_gives_its_list_the_heading_drug(lexicon, ext):
    # "Azathioprine" / "An alternative to methotrexate, and preferred ..." / "- 1-2.5 mg/kg a day": azathioprine's dose
    draft = _draft(lexicon, "Azathioprine", "An alternative to methotrexate, and preferred for women planning a "
                   "pregnancy.\n- 2 mg/kg a day orally in 1 or 2 doses.", ext)
    amounts = _amounts(draft)
    assert 2.0 not in amounts.get("methotrexate", set()), amounts
    assert 2.0 in amounts.get("azathioprine", set()), amounts


def test_with_no_drug_of_its_own_the_dose_is_left_unattached_and_the_draft_says_so(lexicon):
    # "Second-line options" names no drug: the line names only the comparator, so nobody is the certain owner
    draft = _draft(lexicon, "Second-line options", "An alternative to amoxicillin for the same patients: 100 mg "
                   "orally twice daily.")
    amounts = _amounts(draft)
    assert 100.0 not in amounts.get("amoxicillin", set()), amounts
    assert "attach it by hand" in _needs(draft)


def test_a_route_switch_of_the_partner_keeps_the_first_drug_and_its_dose(lexicon):
    # primaquine 30 mg is primaquine's; clindamycin's route changes later, primaquine goes on
    draft = _draft(lexicon, "Alternative regimens", "- Primaquine 30 mg (as base) orally once daily for 21 days, with "
                   "clindamycin 600 mg intravenously four times daily; switch to clindamycin 450 mg orally every 6 hours "
                   "once the patient improves.")
    amounts = _amounts(draft)
    assert 30.0 not in amounts.get("clindamycin", set()), amounts
    assert 30.0 in amounts.get("primaquine", set()), amounts
    assert {600.0, 450.0} <= amounts.get("clindamycin", set()), amounts


@pytest.mark.parametrize("sentence", [
    "Switch from amoxicillin 500 mg three times daily to doxycycline 100 mg twice daily.",
    "If amoxicillin 500 mg three times daily fails, give doxycycline 100 mg twice daily.",
    "Doxycycline 100 mg twice daily is given instead of amoxicillin 500 mg three times daily.",
])
def test_an_amount_printed_for_a_drug_set_aside_never_goes_to_the_other_drug(lexicon, sentence):
    amounts = _amounts(_draft(lexicon, "Treatment", sentence))
    assert 500.0 not in amounts.get("doxycycline", set()), amounts
    assert 100.0 not in amounts.get("amoxicillin", set()), amounts


def test_a_brand_filed_under_the_biologic_suffix_is_one_mention_of_the_drug(lexicon):
    found = lexicon.therapies("Anifrolumab (Saphnelo)")
    assert [iri_local(m.iri) for m in found] == ["anifrolumab"], found


def test_a_brand_in_brackets_after_a_biologic_warns_one_drug(lexicon):
    draft = _draft(lexicon, "Anifrolumab (Saphnelo)", "Anifrolumab (Saphnelo) is not recommended in severe active "
                   "neuropsychiatric lupus.")
    agents = {iri_local(a) for _s, a, _k in draft.caution_facts}
    assert agents == {"anifrolumab"}, agents


# (heading drug, comparator drug): pairs the lexicon knows, neither a salt or a form of the other
PAIRS = [("Doxycycline", "amoxicillin"), ("Azathioprine", "methotrexate"), ("Clarithromycin", "penicillin"),
         ("Naproxen", "ibuprofen"), ("Apixaban", "warfarin"), ("Mycophenolate mofetil", "cyclophosphamide")]
COMPARATORS = ["An alternative to {c}", "Instead of {c}", "Rather than {c}", "In place of {c}", "Unlike {c}",
               "As for {c}", "If switching from {c}", "As an alternative to oral {c}"]
DOSES = ["{cmp} for the same patients: {n} mg orally twice daily.", "{cmp}, give {n} mg orally once daily.",
         "{cmp} [2]: {n} mg by intravenous infusion every 4 weeks.", "Give {n} mg orally daily, {cmp_lower}.",
         "{cmp}, and preferred in pregnancy.\n- {n} mg orally once daily."]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=hs.sampled_from(PAIRS), cmp=hs.sampled_from(COMPARATORS), shape=hs.sampled_from(DOSES),
       n=hs.integers(101, 999), ext=hs.sampled_from(["md", "txt"]))
def test_the_dose_never_goes_to_the_comparator(lexicon, pair, cmp, shape, n, ext):
    heading, comparator = pair
    phrase = cmp.format(c=comparator)
    sentence = shape.format(cmp=phrase, cmp_lower=phrase[0].lower() + phrase[1:], n=n)
    draft = _draft(lexicon, heading, sentence, ext)
    amounts = _amounts(draft)
    compared = {iri_local(m.iri) for m in lexicon.therapies(comparator)}
    for drug in compared:
        assert float(n) not in amounts.get(drug, set()), (sentence, amounts)

"""Cautions held-out-32 missed or over-drafted, each read by the caution conventions of
tests/fixtures/import/articles/README.md. A warning whose object is a word standing for the drugs named before it
("Check G6PD before dapsone or primaquine, and do not give either drug to ...", "both drugs", "these drugs"; data/
cue_words.txt [anaphor_words]) warns against those drugs. "Neither X nor Y is recommended for ..." says each is not
recommended: a Caution for both ("Neither X nor Y has been shown to ..." warns nothing). A risk given as the reason
for a check ("Serum potassium twice a week, because high-dose trimethoprim can cause hyperkalaemia";
[check_reason_words]) says why the patient is checked: no caution. A
combination warning in a later sentence of a paragraph that already warned the drug ("Avoid aspirin in children
... Naproxen and aspirin must not be given together.") is a warning of its own, not a restatement. The sentences are
our own."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from tests.draft_reading import HEADED_SENTENCE_ARTICLE, warned_kinds


def _draft(lexicon, sentence: str, heading: str = "Alternative regimens", ext: str = "md"):
    text = HEADED_SENTENCE_ARTICLE.format(heading=heading, sentence=sentence)
    if ext == "txt":
        text = text.replace("# ", "")
    article, _ = read_any(text.encode(), f"cautions.{ext}")
    return build_draft(article, lexicon, f"cautions.{ext}")


@pytest.mark.parametrize("ext", ["md", "txt"])
@pytest.mark.parametrize("anaphor", ["either drug", "both drugs", "these drugs", "either of them", "both of them"])
def test_a_warning_about_either_drug_warns_the_drugs_named_before_it(lexicon, anaphor, ext):
    kinds = warned_kinds(_draft(lexicon, f"Check G6PD activity before dapsone or primaquine, and do not give "
                                         f"{anaphor} to a person with G6PD deficiency.", ext=ext))
    assert "Contraindication" in kinds.get("dapsone", set()), kinds
    assert "Contraindication" in kinds.get("primaquine", set()), kinds


PAIRS = [("dapsone", "primaquine"), ("naproxen", "ibuprofen"), ("amoxicillin", "doxycycline"),
         ("carbamazepine", "phenytoin")]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=hs.sampled_from(PAIRS), anaphor=hs.sampled_from(["either drug", "both drugs", "these drugs",
                                                            "either of them", "each drug", "the two drugs"]),
       cue=hs.sampled_from([("do not give {a}", "Contraindication"), ("avoid {a}", "Caution"),
                            ("{A} must not be used", "Contraindication"), ("{A} should not be used", "Caution")]))
def test_an_anaphor_warns_each_drug_named_before_it_with_the_kind_its_cue_words_say(lexicon, pair, anaphor, cue):
    x, y = pair
    words, kind = cue
    clause = words.format(a=anaphor, A=anaphor)
    kinds = warned_kinds(_draft(lexicon, f"Measure the liver enzymes before {x} or {y} is started; {clause} in "
                                         "severe hepatic impairment."))
    for drug in pair:
        local = {"paracetamol": "acetaminophen"}.get(drug, drug)
        assert kind in kinds.get(local, set()), (clause, kinds)


@pytest.mark.parametrize("ext", ["md", "txt"])
def test_neither_x_nor_y_is_recommended_cautions_both(lexicon, ext):
    kinds = warned_kinds(_draft(lexicon, "Neither belimumab nor rituximab is recommended for severe active "
                                         "neuropsychiatric lupus.", heading="Biologics", ext=ext))
    assert kinds.get("belimumab") == {"Caution"}, kinds
    assert kinds.get("rituximab") == {"Caution"}, kinds


def test_neither_x_nor_y_has_been_shown_warns_nothing(lexicon):
    kinds = warned_kinds(_draft(lexicon, "Neither aspirin nor prednisolone has been shown to change the long-term "
                                         "outcome.", heading="Background"))
    assert "aspirin" not in kinds and "prednisolone" not in kinds, kinds


@pytest.mark.parametrize("sentence", [
    "Serum potassium twice a week, because high-dose trimethoprim can cause hyperkalaemia.",
    "Check serum potassium twice a week: high-dose trimethoprim can cause hyperkalaemia.",
    "Blood glucose daily, as pentamidine can cause hypoglycaemia.",
])
def test_a_risk_given_as_the_reason_for_a_check_is_not_a_caution(lexicon, sentence):
    kinds = warned_kinds(_draft(lexicon, sentence, heading="Monitoring"))
    assert not ({"trimethoprim", "pentamidine"} & set(kinds)), kinds


def test_a_risk_stated_on_its_own_is_still_a_caution(lexicon):
    kinds = warned_kinds(_draft(lexicon, "High-dose trimethoprim can cause hyperkalaemia.", heading="Cautions"))
    assert "Caution" in kinds.get("trimethoprim", set()), kinds


@pytest.mark.parametrize("ext", ["md", "txt"])
def test_a_combination_warning_after_a_caution_in_one_paragraph_is_drafted(lexicon, ext):
    kinds = warned_kinds(_draft(lexicon, "Aspirin is the alternative when naproxen is not tolerated. Avoid aspirin "
                                         "in children with chickenpox, because of the risk of Reye's syndrome. "
                                         "Naproxen and aspirin must not be given together.", heading="Arthritis",
                                ext=ext))
    assert kinds.get("aspirin") == {"Caution", "Contraindication"}, kinds
    assert "Contraindication" in kinds.get("naproxen", set()), kinds


@pytest.mark.parametrize("ext", ["md", "txt"])
def test_a_milder_warning_later_in_the_paragraph_stays_folded_into_the_ban(lexicon, ext):
    # the second sentence gives the ban's reason; it is no second, milder caution of the banned drug
    kinds = warned_kinds(_draft(lexicon, "Fluconazole: do not use. Even a single fluconazole capsule can raise the INR "
                                         "sharply in a patient on warfarin.", heading="Interactions", ext=ext))
    assert kinds.get("fluconazole") == {"Contraindication"}, kinds


@pytest.mark.parametrize("ext", ["md", "txt"])
def test_a_milder_warning_of_its_own_later_in_the_paragraph_is_drafted(lexicon, ext):
    # two warnings, each of the kind its own cue words say (the facts convention): a ban, then a caution
    kinds = warned_kinds(_draft(lexicon, "Do not use clobetasol on the face. Clobetasol should not be used "
                                         "continuously at any one site for more than 4 weeks.", heading="Topical "
                                "treatment", ext=ext))
    assert kinds.get("clobetasol") == {"Contraindication", "Caution"}, kinds

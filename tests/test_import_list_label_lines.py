"""A page copied as plain text without its heading styles prints a list's label as a bare line straight over the
bullets, with no colon ('Alternative Regimens (for nonpregnant patients with a documented penicillin allergy)' over
'• Oral doxycycline 100mg twice daily for 14 days', on a real CDC syphilis summary), and joins two items of one
regimen with a line of its own ('PLUS'). Before, the label was a paragraph beside the list, so its stage reached no
drug (doxycycline drafted first line), and 'PLUS' ended the list, so probenecid left the alternative regimen. Such a
line now labels the list below it as a line ending in ':' does; a joining line keeps the list going. A line that ends a
sentence, states a number or is indented is not a label. Every page here is written for this test, copied one block a
line as the real page is (two or more lines far longer than a wrap width). On a page the reader takes for hard-wrapped
text (every line within a wrap width) a label line back at the margin, under a bullet and straight over the next one,
is the next list's label too, never the bullet above wrapped (it was, until a later session: the label's stage then
went to the list above it and the list below it took the stage above).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any
from kg.vocab.namespaces import KGV

ARTICLE = """Invented syphilis treatment summary for a list label test
Publisher: Example Publisher
Date: 5 May 2021

{body}
"""


def stages(lexicon, body: str) -> dict[str, set[str]]:
    article, _ = read_any(ARTICLE.format(body=body + "Late latent syphilis:\n" + LONG + "\n").encode(), "labels.txt")
    draft = build_draft(article, lexicon, "labels.txt")
    g = Graph().parse(data=draft.ttl, format="turtle")
    out: dict[str, set[str]] = {}
    for r in g.subjects(None, KGV.Recommendation):
        for t in g.objects(r, KGV.therapy):
            out.setdefault(str(t).rsplit("/", 1)[-1], set()).update(
                str(s).rsplit("#", 1)[-1] for s in g.objects(r, KGV.stage))
    return out


def local(lexicon, name: str) -> str:
    return lexicon.therapies(name)[0].iri.rsplit("/", 1)[-1]


LONG = ("• Benzathine penicillin G 7.2 million units total, administered as 3 separate doses of 2.4 million units "
        "intramuscularly, each at 1-week intervals, for latent syphilis of unknown duration\n"
        "Tertiary syphilis should be managed together with an infectious disease specialist, and testing for HIV "
        "infection and examination of the cerebrospinal fluid should be done before any therapy is started.")

BODY = """Early syphilis:
• Benzathine penicillin G 2.4 million units as a single intramuscular injection
Alternative Regimens (for nonpregnant patients with a documented penicillin allergy)
• Oral doxycycline 100mg twice daily for 14 days
Neurosyphilis
• Aqueous crystalline penicillin G 3-4 million units intravenously every 4 hours for 10-14 days
Alternative Regimen
• Procaine penicillin G 2.4 million units intramuscularly once daily for 10-14 days
PLUS
• Probenecid 500mg orally 4 times daily for 10-14 days
"""


def test_a_bare_label_line_gives_its_stage_to_the_list_below_and_plus_keeps_the_list(lexicon):
    got = stages(lexicon, BODY)
    assert got[local(lexicon, "doxycycline")] == {"Alternative"}, got
    assert got[local(lexicon, "procaine penicillin")] == {"Alternative"}, got
    assert got[local(lexicon, "probenecid")] == {"Alternative"}, got
    assert "Alternative" not in got[local(lexicon, "benzathine penicillin")], got


@pytest.mark.parametrize("line", ["An alternative regimen may be used.", "Alternative regimen for 2 weeks",
                                  "  Alternative regimen"])
def test_a_sentence_a_numbered_line_or_an_indented_line_is_no_label(lexicon, line):
    body = f"Treatment:\n• Benzathine penicillin G 2.4 million units intramuscularly\n{line}\n• Oral doxycycline 100mg " \
           "twice daily for 14 days\nLate latent syphilis:\n" + LONG + "\n"
    article, _ = read_any(ARTICLE.format(body=body).encode(), "labels.txt")
    kinds = {it.text.strip(): it.kind for it in article.items}
    assert kinds.get(line.strip()) != "lead-in", kinds  # (an indented line goes on the bullet above)


_LABELS = (("Alternative Regimens", "Alternative"), ("Second-line treatment", "Escalation"),
           ("Alternative regimen (penicillin allergy)", "Alternative"))
_DRUGS = ("doxycycline", "clarithromycin", "azithromycin", "ceftriaxone")
_BULLETS = ("•", "-", "*")


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.sampled_from(_LABELS), drug=st.sampled_from(_DRUGS), mark=st.sampled_from(_BULLETS))
def test_any_bare_stage_label_over_a_list_stages_its_drugs(lexicon, label, drug, mark):
    body = f"First line:\n{mark} Amoxicillin 500 mg three times daily\n{label[0]}\n{mark} {drug.capitalize()} 100 mg " \
           "twice daily for 7 days\n"
    got = stages(lexicon, body)
    assert got.get(local(lexicon, drug)) == {label[1]}, (body, got)


HARD_WRAPPED = """What is the treatment of an invented test condition?

Last updated: May 5, 2021

Invented Label Guidance

Treatment

{first}
{mark} Benzathine penicillin G 2.4 million units intramuscularly in a single dose
{label}
{mark} Oral {drug} 100 mg twice daily for 14 days
{mark} Oral tetracycline 500 mg four times daily for 14 days

References

1. An invented guidance title for a list label test. Example Publisher, 2020.
"""


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label=st.sampled_from(_LABELS + (("Alternative Regimens (for nonpregnant patients with a penicillin allergy)",
                                         "Alternative"),)),
       drug=st.sampled_from(_DRUGS), mark=st.sampled_from(_BULLETS),
       first=st.sampled_from(["Recommended Regimen for adults with an invented infection", "First line"]))
def test_on_a_hard_wrapped_page_a_label_line_under_a_long_bullet_labels_the_list_below(lexicon, label, drug, mark,
                                                                                       first):
    text = HARD_WRAPPED.format(first=first, mark=mark, label=label[0], drug=drug)
    article, _ = read_any(text.encode(), "wrapped-labels.txt")
    draft = build_draft(article, lexicon, "wrapped-labels.txt")
    got: dict[str, set[str]] = {}
    for r in draft.recommendations:
        got.setdefault(r.therapy.rsplit("/", 1)[-1], set()).add(r.stage.rsplit("#", 1)[-1])
    assert got.get(local(lexicon, drug)) == {label[1]}, (text, got)
    assert got.get(local(lexicon, "tetracycline")) == {label[1]}, (text, got)
    assert label[1] not in got.get(local(lexicon, "benzathine penicillin"), set()), (text, got)

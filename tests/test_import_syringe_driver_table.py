"""An anticipatory-prescribing chart printed as a text table (every page here is written for this test, in the layout of
a regional last-days-of-life chart):

    Symptom        Choice          Drug              SC as-needed dose          Syringe driver (continuous
                                                                                subcutaneous infusion) per 24 h
    ---------------------------------------------------------------------------------------------------------------
    Nausea and     First choice    Haloperidol       0.5-1 mg up to 2-hourly    1.5-3 mg
    vomiting                                         (max 5 mg in 24 h)
                   Second line     Levomepromazine   2.5-5 mg up to 4-hourly    5-12.5 mg

- a line with no label of its own whose later column opens on a fresh amount where the row above has one is the next
  option beside the same label, not the row above going on (before, levomepromazine's cells were joined into the
  haloperidol row and both drugs' doses went to the last drug named);
- a column whose name says its amounts are given over each 24 hours ('per 24 h') gives its cells that period and the
  one route it names (before, '10 mg' under it had neither).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.importer.draft import build_draft
from kg.importer.markdown import read_any

ROW = "{label:<15}{choice:<16}{drug:<18}{prn:<32}{driver}"

PAGE = """Invented Syringe Driver Guidance for a Test Symptom Chart

Last updated: May 5, 2021

Anticipatory medicines

{header}
---------------------------------------------------------------------------------------------------------------
{rows}
---------------------------------------------------------------------------------------------------------------

References

1. An invented guidance title for a syringe driver test. Example Publisher, 2020.
"""

OPTIONS = [("Haloperidol", "0.5-1 mg up to 2-hourly", "1.5-3 mg", (0.5, 1.5)),
           ("Levomepromazine", "2.5-5 mg up to 4-hourly", "5-12.5 mg", (2.5, 5)),
           ("Midazolam", "2.5-5 mg up to hourly", "10-30 mg", (2.5, 10)),
           ("Glycopyrronium", "200 micrograms up to 4-hourly", "600-1,200 micrograms", (200, 600))]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pair=st.lists(st.sampled_from(OPTIONS), min_size=2, max_size=2, unique_by=lambda o: o[0]),
       aside=st.booleans())
def test_each_option_row_keeps_its_drug_and_the_driver_column_is_per_day(lexicon, pair, aside):
    first, second = pair
    lines = [ROW.format(label="Nausea and", choice="First choice", drug=first[0], prn=first[1], driver=first[2])]
    lines.append(ROW.format(label="vomiting", choice="", drug="", prn="(max 5 mg in 24 h)" if aside else "",
                            driver="").rstrip())
    lines.append(ROW.format(label="", choice="Second line", drug=second[0], prn=second[1], driver=second[2]))
    header = [ROW.format(label="Symptom", choice="Choice", drug="Drug", prn="SC as-needed dose",
                         driver="Syringe driver (continuous"),
              ROW.format(label="", choice="", drug="", prn="", driver="subcutaneous infusion) per 24 h")]
    text = PAGE.format(header="\n".join(header), rows="\n".join(lines))
    article, _ = read_any(text.encode(), "driver.txt")
    draft = build_draft(article, lexicon, "driver.txt")
    for drug, _, _, (prn, driver) in (first, second):
        iri = lexicon.therapies(drug)[0].iri
        got = {(float(dd.dose.amount_min), dd.dose.per, dd.dose.route) for dd in draft.doses
               if dd.therapy == iri and not dd.dose.amount_not_stated}
        assert (float(driver), "day", "subcutaneous") in got, (drug, got)
        assert any(a == float(prn) and r == "subcutaneous" for a, _, r in got), (drug, got)
        assert len(got) == 2, (drug, got)
